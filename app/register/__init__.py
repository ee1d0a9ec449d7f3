"""Organisations, participants, products and keurmerken: the base records the other domains build on."""
