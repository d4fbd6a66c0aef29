"""Real `roadmap run` subprocesses on the test database, for the tests that kill or starve them."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, func, select

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "gen_mofa_ja"  # the generated corpus's source the faults conftest registers


def child_env(engine) -> dict:
    env = dict(os.environ)
    env.update(ROADMAP_DATABASE_URL=engine.url.render_as_string(hide_password=False),
               ROADMAP_ALLOW_PRIVATE_URLS="1", PYTHONUNBUFFERED="1")
    return env


def roadmap_run(engine) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli.main", "run", "--source", SOURCE, "--since", "2000-01-01"],
                            cwd=ROOT, env=child_env(engine), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def count(engine, model, *where) -> int:
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()
