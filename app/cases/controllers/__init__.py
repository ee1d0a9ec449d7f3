"""The case desk's views, one module per page or group of actions; they import nothing from each other."""
