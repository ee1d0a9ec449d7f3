"""Cases, their parties, timeline, messages and attachments."""
