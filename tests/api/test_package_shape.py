"""The API package keeps its shape: controllers import nothing from each other, no module a private name."""

import ast
from pathlib import Path

API = Path(__file__).resolve().parents[2] / "app" / "api"


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_controllers_import_nothing_from_each_other():
    for path in (API / "controllers").glob("*.py"):
        for module, names in _imports(path):
            assert not module.startswith("app.api.controllers"), (path.name, module)
            assert not (module == "app.api" and "controllers" in names), path.name


def test_no_module_imports_a_private_name_of_another():
    for path in API.rglob("*.py"):
        for module, names in _imports(path):
            private = [name for name in names if name.startswith("_") and not name.startswith("__")]
            assert not private or not module.startswith("app"), (path.relative_to(API), module, private)


def test_every_url_rule_is_declared_in_blueprint_py():
    for path in API.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name != "blueprint.py":
            assert "add_url_rule" not in text and "@bp." not in text, path.relative_to(API)
