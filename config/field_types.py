"""Field types shared by the typed readers of our configuration files (sources, patterns)."""
from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StrictStr


def _regex(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"is not a regular expression ({exc}): {pattern!r}") from exc
    return pattern


Regex = Annotated[StrictStr, AfterValidator(_regex)]  # a string that compiles as a Python regular expression
