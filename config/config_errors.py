"""One line per configuration problem: the file, the entry and the field, from a pydantic ValidationError."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from pydantic import ValidationError

# Error types whose message is ours, written to follow the field's name ("is required for ...").
OWN_MESSAGES = ("value_error", "config_rule")


class ConfigFileError(ValueError):
    """A configuration file is missing, unreadable or has an entry that does not validate."""


def field_and_reason(err: Mapping[str, Any]) -> tuple[str, str]:
    """(dotted field path, why) of one pydantic error, worded to follow ``field 'x'``.

    A validator may name a key below its field with ``ctx={"at": key}`` (PydanticCustomError).
    """
    loc = [str(p) for p in err["loc"]]
    if loc and loc[-1] == "[key]":  # a bad key in a mapping: the mapping is the field
        loc = loc[:-2]
    at = (err.get("ctx") or {}).get("at")
    field = ".".join(loc + ([str(at)] if at else [])) or "(entry)"
    msg = str(err.get("msg", "")).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return field, "is not a known field"
    if err["type"] == "missing":
        return field, "is required"
    if err["type"] in OWN_MESSAGES:
        return field, msg
    shown = repr(err.get("input"))
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return field, f"{msg[:1].lower()}{msg[1:]} (got {shown})"


def first_problem(path: Path | str, exc: ValidationError, *, entry: str = "") -> ConfigFileError:
    """The first error of ``exc`` as ``<file>: <entry>: field '<a.b>' <why>``."""
    field, why = field_and_reason(exc.errors(include_url=False)[0])
    return ConfigFileError(f"{path}: {entry + ': ' if entry else ''}field {field!r} {why}")
