"""The organisation account pages; each module stands alone, its routes are declared in app/accounts/blueprint.py."""
