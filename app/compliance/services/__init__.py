"""What the compliance controllers, the API and the jobs call: decisions, measures, objections, evidence, reads."""
