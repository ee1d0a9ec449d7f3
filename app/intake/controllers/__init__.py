"""The intake pages; each module stands alone, its routes are declared in app/intake/blueprint.py."""
