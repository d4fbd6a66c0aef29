"""What the CLI says when the database is missing its tables or unreachable: one line, exit code 2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test runs `roadmap` in a subprocess

ROOT = Path(__file__).resolve().parents[2]


def roadmap(*args, env_extra):
    import os

    env = dict(os.environ, **env_extra)
    return subprocess.run([sys.executable, "-m", "cli.main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_an_uninitialised_database_says_to_run_init(tmp_path):
    proc = roadmap("commitments", env_extra={"ROADMAP_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error:") and "run `roadmap init` first" in proc.stderr


def test_an_unreachable_database_is_one_line(tmp_path):
    proc = roadmap("commitments", env_extra={"ROADMAP_DATABASE_URL": "postgresql+psycopg://nobody:secret@127.0.0.1:1/x"})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Cannot reach the database" in proc.stderr and "secret" not in proc.stderr


def test_a_bad_setting_is_one_line_naming_the_variable(tmp_path):
    proc = roadmap("commitments", env_extra={"ROADMAP_LINK_THRESHOLD": "abc", "ROADMAP_HOME": str(tmp_path)})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "ROADMAP_LINK_THRESHOLD='abc'" in proc.stderr


def test_an_unusable_home_is_one_line(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    env = {"ROADMAP_HOME": str(not_a_folder), "ROADMAP_DATABASE_URL": ""}
    proc = roadmap("init", env_extra=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("error:") and len(proc.stderr.strip().splitlines()) == 1
    assert f"ROADMAP_HOME={not_a_folder}" in proc.stderr and "not a folder" in proc.stderr


def test_commitments_names_a_missing_section_and_documents_an_unknown_source(tmp_path):
    env = {"ROADMAP_HOME": str(tmp_path), "ROADMAP_DATABASE_URL": ""}
    init = roadmap("init", "--format", "json", env_extra=env)
    assert init.returncode == 0 and json.loads(init.stdout)["commitments"] == 68
    proc = roadmap("commitments", "--section", "99", env_extra=env)
    assert proc.returncode == 2 and "no section or chapter '99'" in proc.stderr and "init" not in proc.stderr
    assert roadmap("commitments", "--section", "1.1", env_extra=env).returncode == 0
    proc = roadmap("documents", "--source", "mofa_pres_ja", env_extra=env)
    assert proc.returncode == 2 and "no source named 'mofa_pres_ja'" in proc.stderr and "mofa_press_ja" in proc.stderr
    assert roadmap("documents", "--source", "mofa_press_ja", env_extra=env).returncode == 0


def test_a_database_behind_the_code_says_to_run_init(tmp_path):
    import sqlite3

    env = {"ROADMAP_HOME": str(tmp_path), "ROADMAP_DATABASE_URL": ""}
    assert roadmap("init", env_extra=env).returncode == 0
    with sqlite3.connect(tmp_path / "roadmap.db") as conn:  # as a database left at revision 0006 would be
        conn.execute('ALTER TABLE "user" DROP COLUMN password_changed_at')
        conn.execute("UPDATE alembic_version SET version_num = '0006'")
    proc = roadmap("users", "list", env_extra=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "older than this version" in proc.stderr and "run `roadmap init` to migrate it" in proc.stderr
    assert roadmap("init", env_extra=env).returncode == 0
    assert roadmap("users", "list", env_extra=env).returncode == 0
