"""The local demo for `make run`: the demo register, accounts and decided history (the top layer)."""
