"""``roadmap serve`` reports a clean stop however the runner ends on SIGTERM: Prefect's runner calls
``sys.exit(0)`` when the signal comes before its loop has started. Other exit codes still leave."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

import flows.deployments
from cli.main import app


@pytest.fixture
def api_url():
    """An API URL already set, so serve starts no local Prefect server (settings are read at import: set it there)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        yield


@pytest.mark.parametrize("code", [0, None])
def test_a_runner_exiting_cleanly_is_a_clean_stop(monkeypatch, api_url, code):
    def serve_all(**kwargs):
        raise SystemExit(code)

    monkeypatch.setattr(flows.deployments, "serve_all", serve_all)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 0 and "roadmap serve stopped" in result.output


def test_a_runner_failing_with_an_exit_code_still_fails(monkeypatch, api_url):
    def serve_all(**kwargs):
        raise SystemExit(3)

    monkeypatch.setattr(flows.deployments, "serve_all", serve_all)
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 3 and "roadmap serve stopped" not in result.output
