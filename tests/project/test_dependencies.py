"""pyproject.toml declares what the code imports, and requirements.lock pins a version of each within its range."""
from __future__ import annotations

import ast
import os
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SKIP_DIRS = {"build", "node_modules", "__pycache__", "roadmap-demo", "test-artifacts"}  # and hidden ones


def _requirements(*extras: str) -> list[Requirement]:
    lines = PROJECT["dependencies"] + [r for extra in extras for r in PROJECT["optional-dependencies"][extra]]
    return [Requirement(line) for line in lines]


def _our_python_files() -> list[Path]:
    """The repository's .py files, not descending into the venv, builds or recorded sample sites."""
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                   and not (Path(folder) == ROOT / "samples" and d == "sites")]
        found += [Path(folder) / f for f in files if f.endswith(".py")]
    return found


def _imported(path: Path) -> set[str]:
    """Top-level names of the absolute imports in ``path``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_imported_distribution_is_declared():
    local = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    local |= {p.stem for folder in ("tests", "bench") for p in (ROOT / folder).glob("*.py")}
    extras_for = {"tests": ("test",), "bench": ("test", "bench")}
    providers = packages_distributions()
    undeclared = []
    for path in _our_python_files():
        parts = path.relative_to(ROOT).parts
        declared = {canonicalize_name(r.name) for r in _requirements(*extras_for.get(parts[0], ()))}
        for name in _imported(path) - local - set(sys.stdlib_module_names):
            dists = {canonicalize_name(d) for d in providers.get(name, [name])}
            if not dists & declared:
                undeclared.append(f"{path.relative_to(ROOT)}: {name} ({', '.join(sorted(dists))})")
    assert not undeclared, "imported but not declared in pyproject.toml:\n" + "\n".join(undeclared)


def test_lock_pins_every_requirement_within_its_range():
    pins: dict[str, list[Version]] = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"([A-Za-z0-9_.-]+)==(\S+)", line):
            pins.setdefault(canonicalize_name(match[1]), []).append(Version(match[2]))
    wrong = [f"{r} (locked: {pins.get(canonicalize_name(r.name))})" for r in _requirements("test")
             if not any(v in r.specifier for v in pins.get(canonicalize_name(r.name), []))]
    assert not wrong, "requirements.lock is stale, run `make lock`:\n" + "\n".join(wrong)
