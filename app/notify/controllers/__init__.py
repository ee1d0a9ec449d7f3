"""The outbox pages' controllers; they import nothing from each other."""
