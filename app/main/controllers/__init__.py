"""The site pages of every visitor; routes declared in app/main/blueprint.py."""
