"""Organisations, participants, products and keurmerken: the register."""
