"""One line per configuration problem: the file, the entry and the field, from a pydantic ValidationError."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError


class ConfigFileError(ValueError):
    """A configuration file is missing, unreadable or has an entry that does not validate."""


def first_problem(path: Path | str, exc: ValidationError, *, entry: str = "") -> ConfigFileError:
    """The first error of ``exc`` as ``<file>: <entry>: field '<a.b>' <why>``."""
    err = exc.errors(include_url=False)[0]
    loc = [str(p) for p in err["loc"]]
    if loc and loc[-1] == "[key]":
        loc = loc[:-2]
    why = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        why = "is not a known field"
    elif err["type"] not in ("value_error", "missing"):
        shown = repr(err.get("input"))
        why = f"{why[:1].lower()}{why[1:]} (got {shown if len(shown) <= 60 else shown[:57] + '...'})"
    field = ".".join(loc) or "(entry)"
    return ConfigFileError(f"{path}: {entry + ': ' if entry else ''}field {field!r} {why}")
