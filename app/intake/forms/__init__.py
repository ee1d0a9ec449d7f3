"""The intake forms: one validation for each page and its JSON endpoint."""
