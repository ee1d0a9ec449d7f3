"""The login, profile and account administration pages; each module stands alone, its routes are declared in
app/auth/blueprint.py."""
