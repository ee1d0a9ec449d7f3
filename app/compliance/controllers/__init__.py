"""The compliance pages' controllers: each module serves one kind of page and imports no other controller."""
