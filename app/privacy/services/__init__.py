"""What the privacy pages and the retention job call; never commits."""
