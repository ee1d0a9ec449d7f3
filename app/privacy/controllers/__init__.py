"""The privacy pages, one module per page or group; they import nothing from each other."""
