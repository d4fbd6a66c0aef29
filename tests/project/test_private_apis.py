"""Each private API we use, through its one wrapper module: these fail when a dependency changes it."""
from __future__ import annotations

import httpcore
import httpx
import pytest
import typer

from cli.errors import run_cli
from cli.typer_usage import TyperClickException
from extractors.regex_syntax import first_chars, sre_constants, sre_parse
from sources.httpx_backend import PrivateAPIChanged, install_network_backend


class Reached(Exception):
    """Raised by the recording backend instead of connecting."""


class RecordingBackend(httpcore.SyncBackend):
    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        raise Reached(host, port)


def test_installed_backend_opens_the_transports_connections():
    transport = httpx.HTTPTransport(trust_env=False, retries=0)
    install_network_backend(transport, RecordingBackend())
    with httpx.Client(transport=transport) as client, pytest.raises(Reached) as reached:
        client.get("http://example.invalid:8123/")
    assert reached.value.args == ("example.invalid", 8123)


def test_a_transport_without_the_private_pool_is_refused_loudly():
    with pytest.raises(PrivateAPIChanged):
        install_network_backend(httpx.MockTransport(lambda request: httpx.Response(200)), RecordingBackend())


def test_regex_parse_tree_has_the_shape_actions_read():
    [(op, value)] = sre_parse.parse("a")
    assert op is sre_constants.LITERAL and value == ord("a")
    [(op, items)] = sre_parse.parse("[b-d]")
    assert op is sre_constants.IN and items == [(sre_constants.RANGE, (ord("b"), ord("d")))]
    assert sre_parse.parse(r"\bx")[0][0] is sre_constants.AT
    assert first_chars([r"\bsigned", "[a-c]x", "(?:held|met)", "締結"]) == {"s", "a", "b", "c", "h", "m", "締"}
    assert first_chars([r"\w+"]) is None
    assert first_chars(["(?i)signed"]) is None and first_chars(["(?i:held)"]) is None  # s or S


def test_typer_usage_errors_are_the_private_click_class(monkeypatch, capsys):
    app = typer.Typer()

    @app.command()
    def count(n: int = typer.Option(1)) -> None:
        print(n)

    with pytest.raises(TyperClickException) as error:
        app(["--n", "many"], standalone_mode=False)
    assert error.value.exit_code == 2 and callable(error.value.show)
    monkeypatch.setattr("sys.argv", ["roadmap", "--n", "many"])
    assert run_cli(app) == 2  # shown as a usage error, not re-raised as a bug
    assert "Invalid value for '--n'" in capsys.readouterr().err
