"""The one place that imports the standard library's private regular-expression parser
(``re._parser``; ``sre_parse`` before Python 3.11), used to read which characters a pattern starts with.
tests/test_private_apis.py checks the parse tree keeps the shape extractors/actions.py reads.
"""
from __future__ import annotations

try:
    from re import _constants as sre_constants, _parser as sre_parse
except ImportError:  # Python < 3.11
    import sre_constants
    import sre_parse

__all__ = ["sre_constants", "sre_parse"]
