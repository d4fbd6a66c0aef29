"""No function in the pipeline, the flows or the sources takes more than MAX_PARAMETERS parameters.

Values that travel together through a run belong in one object (``pipeline.run_context.RunContext``).
``ALLOWED`` lists the functions over the limit today, each with why; a new one fails, and so does an entry
that is no longer over the limit (so the list only shrinks).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("pipeline", "flows", "sources")
MAX_PARAMETERS = 7  # self and cls not counted

ALLOWED = {
    ("flows/pipeline_flows.py", "onboard_source_flow"):
        "a Prefect flow: its parameters are the onboard-source/adhoc deployment's public interface",
    ("flows/onboard.py", "onboard_parameters"):
        "builds exactly the onboard-source flow's parameters, one keyword each",
    ("pipeline/adhoc.py", "register_adhoc_source"):
        "a new source's six describing fields (keyword-only, most defaulted) plus engine and fetcher; "
        "follow-up: one NewSource record shared with `roadmap sources add` and the UI",
    ("sources/article.py", "parse_html_article"):
        "a pure parse: the page, its selectors and keyword-only defaults (lang, type, item, date, budget)",
}


def parameter_counts() -> dict[tuple[str, str], int]:
    """(file, function name) -> its number of parameters, for every function in FOLDERS."""
    counts = {}
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    args = node.args
                    names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
                    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
                    if names[:1] in (["self"], ["cls"]):
                        names = names[1:]
                    key = (path.relative_to(ROOT).as_posix(), node.name)
                    counts[key] = max(counts.get(key, 0), len(names))
    return counts


def test_no_new_function_takes_more_than_max_parameters():
    over = {key: n for key, n in parameter_counts().items() if n > MAX_PARAMETERS}
    new = {f"{file}:{name} ({n})" for (file, name), n in over.items() if (file, name) not in ALLOWED}
    assert not new, f"more than {MAX_PARAMETERS} parameters: group the values that travel together: {sorted(new)}"


def test_every_allowed_entry_is_still_needed():
    counts = parameter_counts()
    stale = [key for key in ALLOWED if counts.get(key, 0) <= MAX_PARAMETERS]
    assert not stale, f"no longer over the limit (or gone): remove from ALLOWED: {stale}"
