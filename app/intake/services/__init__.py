"""What the intake pages and the API call: filing, following up, a data leak's later answers."""
