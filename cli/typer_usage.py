"""The one place that names Typer's private copy of click (tests/project/test_private_apis.py checks it).

Since 0.29 Typer ships its own click as ``typer._click``: the usage errors of our commands (an unknown
option, a missing argument) are that copy's ClickException, which Typer does not export.
"""
from __future__ import annotations

from typer._click.exceptions import ClickException as TyperClickException

__all__ = ["TyperClickException"]
