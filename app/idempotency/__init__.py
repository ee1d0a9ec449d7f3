"""Idempotency keys: the first answer to a request, kept 24 hours so a retry gets it again."""
