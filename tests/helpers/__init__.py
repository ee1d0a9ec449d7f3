"""Helpers every test package shares: the fixed clock, logging in, reading pages."""
