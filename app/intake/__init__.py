"""The public report forms and follow-up by reference and code."""
