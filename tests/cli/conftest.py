"""Fixtures of the CLI tests (the `cli` fixture, `roadmap` in this process on the test database, is in tests/conftest.py)."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tests.support.match_lines import stub_extract


@pytest.fixture
def match_cli(monkeypatch):
    """Invokes `roadmap <args>` (Typer's runner) with extraction stubbed to find `match_lines.NAME`."""
    monkeypatch.setattr("extractors.extract.extract_mentions", stub_extract)
    from cli.main import app

    def invoke(args, stdin=""):
        return CliRunner().invoke(app, args, input=stdin)
    return invoke
