"""The RFC desk's views; they import nothing from each other."""
