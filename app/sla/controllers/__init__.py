"""The coordinators' SLA pages' controllers, one module per page; they import nothing from each other."""
