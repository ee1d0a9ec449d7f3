"""Business calendar, clock policies, deadline rows and the sweep that watches them."""
