"""``roadmap --help`` and ``--version`` answer without importing the pipeline; the help's command table
(cli.lazy_commands) says what each command's module really registers."""
import subprocess
import sys
from pathlib import Path

import pytest

from cli.lazy_commands import COMMANDS, load_module_commands

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("spacy", "prefect", "sqlmodel", "fastapi", "sqlalchemy", "httpx")

PROBE = """
import runpy, sys
sys.argv = ["roadmap", *sys.argv[1:]]
try:
    runpy.run_module("cli.main", run_name="__main__")
except SystemExit:
    pass
print("LOADED", sorted(m for m in {heavy!r} if m in sys.modules))
"""


def probe(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_help_lists_every_command_without_importing_the_pipeline():
    proc = probe("--help")
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout
    for name in COMMANDS:
        assert f" {name} " in proc.stdout


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_version():
    proc = probe("--version")
    assert proc.stdout.startswith("roadmap 0.") and "LOADED []" in proc.stdout


@pytest.mark.slow  # a `roadmap`/python subprocess: seconds of imports
def test_a_command_still_loads_its_module():
    proc = probe("commitments", "--help")
    assert proc.returncode == 0 and "--section" in proc.stdout


@pytest.mark.parametrize("module", sorted({module for module, _help in COMMANDS.values()}))
def test_the_help_table_matches_what_each_module_registers(module):
    registered = load_module_commands(module)
    listed = {name: help_line for name, (m, help_line) in COMMANDS.items() if m == module}
    assert set(registered) == set(listed)
    for name, command in registered.items():
        assert " ".join((command.help or "").split()).startswith(listed[name]), name
