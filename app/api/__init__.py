"""JSON API v1: a thin face over the services the HTML views call."""
