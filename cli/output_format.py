"""``--format table|json``: the choice every reporting command offers, and how JSON is written."""
from __future__ import annotations

import enum
import json
import sys


class Format(str, enum.Enum):
    table = "table"
    json = "json"


def write_json(data) -> None:
    """``data`` as one JSON document on stdout (UTF-8 text as is, not \\u escapes)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
