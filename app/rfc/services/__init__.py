"""The RFC desk's services: submission, handling, the CAB, releases and the register's queries."""
