"""What the HTML and API views share about HTTP itself: redirects and untrusted input."""
