"""What the CLI says when the database is missing its tables or unreachable: one line, exit code 2."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
