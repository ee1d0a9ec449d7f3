"""`make bench`: the desk's speed against the floor of this stack (see run.py)."""
