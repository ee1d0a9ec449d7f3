"""What the case controllers, the API and other domains call to change or read cases; never commits."""
