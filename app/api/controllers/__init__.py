"""The API's views, one module per resource; they import nothing from each other (URL rules: app/api/blueprint.py)."""
