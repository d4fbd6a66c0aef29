"""`pip install .` ships our own labelled sets: a built `roadmap evaluate extraction` runs from an empty
directory, finding its devset through importlib.resources in the built package, not in a checkout.

"Built" is setuptools' ``build_py`` output: the packages (``packages.find``) and their package data, the
files a wheel is made from. It runs offline with the venv's setuptools (a wheel build may need ``wheel``
or a download of a newer setuptools)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "build", "*.egg-info", ".roadmap", ".pytest_cache")

pytestmark = pytest.mark.slow


def _run(args: list[str], *, cwd: Path, site: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The project's packages, as built for a wheel, in a folder of their own (dependencies: the running venv's)."""
    pytest.importorskip("setuptools", reason="building the packages needs setuptools in this venv")
    tmp = tmp_path_factory.mktemp("installed")
    source, site = tmp / "source", tmp / "site"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)  # a copy: the build writes *.egg-info beside the source
    done = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()", "--quiet",
                           "build_py", "--build-lib", str(site)], cwd=source, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return site


def test_the_installed_package_holds_the_sets(installed, tmp_path):
    where = _run(["-c", "import evaluation.bundled_sets as b; print(b.__file__); print(b.DEVSET_DIR); "
                  "print(b.HELDOUT_DIR); print(b.LINKSET_PATH)"], cwd=tmp_path, site=installed)
    assert where.returncode == 0, where.stderr
    module, devset, heldout, linkset = (Path(line) for line in where.stdout.splitlines())
    assert module.is_relative_to(installed), f"imported {module}, not the installed copy"
    assert devset.is_relative_to(installed) and sorted(p.name for p in devset.glob("*.yaml")) == ["en.yaml", "fr.yaml", "ja.yaml"]
    assert {p.name for p in heldout.iterdir() if p.is_dir()} == {"dev", "final"}
    assert linkset.is_file() and linkset.stat().st_size > 0


def test_installed_evaluate_extraction_runs_from_an_empty_directory(installed, tmp_path):
    done = _run(["-m", "cli.main", "evaluate", "extraction", "--format", "json"], cwd=tmp_path, site=installed)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    docs = [d for p in sorted((ROOT / "evaluation" / "data" / "devset").glob("*.yaml"))
            for d in (yaml.safe_load(p.read_text(encoding="utf-8")) or {}).get("documents") or []]
    gold = sum(len(d.get("mentions") or []) for d in docs)
    assert sum(row["tp"] + row["fn"] for row in report["scores"]) == gold > 0  # every gold mention was scored
    assert report["negative_documents"] == sum(1 for d in docs if d.get("negative")) > 0
    assert {row["lang"] for row in report["scores"]} == {"en", "fr", "ja"}
