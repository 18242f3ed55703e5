"""The wheel must carry every subpackage: a non-editable install (CI, users) sees only those listed."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parent.parent


def test_every_subpackage_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "podcast").rglob("__init__.py")
    }
    missing = on_disk - listed
    assert not missing, f"add {sorted(missing)} to [tool.setuptools] packages in pyproject.toml"



def _requirement_name(requirement: str) -> str:
    """`Pillow>=10; python_version…` → `pillow` (names compare normalised, as pip does)."""
    name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_imported_package_is_declared_once() -> None:
    """Each third-party module the package imports comes from a declared distribution,
    and no distribution is declared twice in one list."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lists = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    for label, requirements in lists.items():
        names = [_requirement_name(r) for r in requirements]
        assert len(names) == len(set(names)), f"{label} declares a package twice: {sorted(names)}"
    declared = {_requirement_name(r) for requirements in lists.values() for r in requirements}
    imported = set()
    for path in (ROOT / "podcast").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"podcast", "tomli"}
    providers = packages_distributions()
    undeclared = {
        module: providers.get(module, ["?"]) for module in third_party
        if not {re.sub(r"[-_.]+", "-", d).lower() for d in providers.get(module, [])} & declared
    }
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
