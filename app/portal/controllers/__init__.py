"""The participants' pages' controllers, one module per page or group of actions; they import nothing
from each other."""
