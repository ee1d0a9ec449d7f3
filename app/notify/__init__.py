"""The transactional outbox and its delivery over SMTP."""
