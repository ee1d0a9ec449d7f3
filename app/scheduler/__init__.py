"""The one scheduler process: an APScheduler guarded by a lease row."""
