"""The code keeps its shape where import-linter and ruff cannot see: no module imports another's private
name, and every URL rule of a package is declared in its blueprint.py."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = ("app", "tests", "bench")
URL_RULE = re.compile(r"add_url_rule\(|@\w+\.(route|get|post|put|patch|delete)\(")


def _imports_from(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            yield "." * node.level + (node.module or ""), [alias.name for alias in node.names]


def test_no_module_imports_a_private_name_of_another():
    found = []
    for path in sorted(p for folder in OWN for p in (ROOT / folder).rglob("*.py")):
        for module, names in _imports_from(path):
            private = [name for name in names if name.startswith("_") and not name.startswith("__")]
            if private and (module.startswith(".") or module.split(".")[0] in OWN):
                found.append(f"{path.relative_to(ROOT)}: {module} {private}")
    assert found == []


def test_url_rules_are_declared_in_blueprint_py_only():
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path.name != "blueprint.py" and URL_RULE.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
