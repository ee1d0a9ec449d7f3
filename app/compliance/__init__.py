"""Measures against participants' keurmerken and the status they derive."""
