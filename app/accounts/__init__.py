"""Organisation accounts: the first user by staff, invitations by an organisation's administrators."""
