"""The import rules of the layout, read from the source (ast) so that a function-level import counts too.

Each rule names the folders it binds and the modules they must not import. ``ALLOWED`` lists the imports that
break a rule today, each with the follow-up that removes it; a new break fails, and so does an entry that no
longer breaks anything (so the list only shrinks).
"""
from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATABASE = ("sqlmodel", "sqlalchemy", "alembic", "psycopg", "models")
WEB = ("fastapi", "starlette", "uvicorn", "jinja2", "review")


@dataclass(frozen=True)
class Rule:
    name: str
    folders: tuple[str, ...]
    forbidden: tuple[str, ...]


RULES = [
    Rule("Prefect lives in flows/ (and the demo and CLI on top)",
         ("pipeline", "extractors", "domain", "models", "sources", "config", "reports", "evaluation", "review",
          "samples"), ("prefect",)),
    Rule("extraction, sources and domain rules know no database", ("extractors", "sources", "domain"), DATABASE),
    Rule("models/ knows no flows, no pipeline and no screens", ("models",),
         ("prefect", "flows", "pipeline", "reports", "demo", "cli") + WEB),
    Rule("the pipeline does not reach up into the flows that wrap it", ("pipeline",), ("flows",)),
    Rule("reports sit below the UI that shows them", ("reports",), WEB),
    Rule("domain rules are pure", ("domain",),
         DATABASE + WEB + ("prefect", "config", "sources", "extractors", "pipeline", "flows", "reports")),
    Rule("sample sites are for tests, the demo and benches",
         ("cli", "config", "domain", "evaluation", "extractors", "flows", "models", "pipeline", "reports", "review",
          "sources"), ("samples",)),
    Rule("nothing imports the CLI", ("config", "demo", "domain", "evaluation", "extractors", "flows", "models",
                                     "pipeline", "reports", "review", "samples", "sources", "bench"), ("cli",)),
]

# (file, imported module) -> why it is still there and what removes it.
ALLOWED = {
    ("pipeline/pipeline_state.py", "flows.events"):
        "SourceActivity and SuggestedEvidence (records these reads return) are defined beside the events that "
        "carry them; follow-up: move the two records into pipeline/ and let flows/events.py import them",
    ("reports/export.py", "review.web"):
        "the HTML report renders the UI's Jinja templates (review/templates/report.html); follow-up: a template "
        "folder of reports/ that the UI also loads",
}


def imported_modules(path: Path) -> list[tuple[str, int]]:
    """Every module ``path`` imports, anywhere in it: ``from a import b`` gives ``a`` and ``a.b``."""
    package = path.relative_to(ROOT).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, node.lineno))
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


@cache
def breaks() -> dict[tuple[str, str], str]:
    """(file, imported module) -> the rule it breaks, over the whole repository."""
    found: dict[tuple[str, str], str] = {}
    for rule in RULES:
        for folder in rule.folders:
            for path in sorted((ROOT / folder).rglob("*.py")):
                for module, line in imported_modules(path):
                    if any(_matches(module, bad) for bad in rule.forbidden):
                        key = (path.relative_to(ROOT).as_posix(), _owner(module, path))
                        found.setdefault(key, f"line {line}: {rule.name}")
    return found


def _owner(module: str, path: Path) -> str:
    """``review.web.safe_url`` -> ``review.web`` when that is the module (the name after it is an attribute)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        candidate = ROOT.joinpath(*parts[:n])
        if candidate.with_suffix(".py").is_file() or (candidate / "__init__.py").is_file():
            return ".".join(parts[:n])
    return parts[0]


def test_no_import_breaks_a_rule_beyond_the_allowed_list():
    new = {key: why for key, why in breaks().items() if key not in ALLOWED}
    assert not new, "imports that break the layout's rules:\n" + "\n".join(
        f"  {file} imports {module} ({why})" for (file, module), why in sorted(new.items()))


def test_every_allowed_exception_still_exists():
    stale = sorted(set(ALLOWED) - set(breaks()))
    assert not stale, f"fixed, so remove from ALLOWED: {stale}"


def test_the_reader_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    pkg = tmp_path / "pipeline"
    pkg.mkdir()
    (pkg / "stage.py").write_text("def run():\n    from prefect import flow\n\nfrom . import other\n"
                                  "import sqlmodel.main as m\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert {m for m, _ in imported_modules(pkg / "stage.py")} == {
        "prefect", "prefect.flow", "pipeline", "pipeline.other", "sqlmodel.main"}


BLOCK_AND_IMPORT = """
import importlib, pkgutil, sys
for name in {blocked!r}:
    sys.modules[name] = None  # importing it now raises ImportError
for package in {packages!r}:
    for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
        importlib.import_module(info.name)
"""


@pytest.mark.parametrize("blocked, packages", [
    (("prefect",), ("pipeline", "domain", "extractors")),
    (DATABASE[:-1], ("extractors", "sources", "domain")),
], ids=["without-prefect", "without-a-database"])
@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_packages_import_with_the_forbidden_libraries_absent(blocked, packages):
    """Loading every module (and what it pulls in at import time) works with the libraries made unimportable."""
    code = BLOCK_AND_IMPORT.format(blocked=blocked, packages=packages)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]


# Import cycles between our modules (function-level imports included), each with what removes it.
ALLOWED_CYCLES = {
    frozenset({"cli.sources_cmd", "cli.sources_check_cmd"}):
        "`sources check` registers under `sources` (sources_cmd imports it when registering) and borrows "
        "sources_cmd's option helpers; follow-up: the option helpers and the sources app in a module of their own",
}
PACKAGES = ("cli", "config", "demo", "domain", "evaluation", "extractors", "flows", "models", "pipeline", "reports",
            "review", "samples", "sources")


def import_graph() -> dict[str, set[str]]:
    """Our module -> our modules it imports (migrations left out: Alembic loads them one by one)."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")] = path
    return {name: {owner for module, _ in imported_modules(path)
                   if (owner := _owner(module, path)) in modules and owner != name}
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def test_no_import_cycle_beyond_the_allowed_list():
    assert set(cycles(import_graph())) == set(ALLOWED_CYCLES)


def test_the_cycle_finder_sees_a_cycle_through_a_function_level_import():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    assert cycles({"a": {"b"}, "b": set()}) == []
