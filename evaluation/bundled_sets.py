"""Where our own labelled sets are: package data of ``evaluation`` (``evaluation/data``), found through
importlib.resources so that an installed ``roadmap evaluate`` works from any directory.

Only sets we wrote ship here; real releases (``../shared/realdev``) are never package data and are read
with ``roadmap evaluate --set PATH``.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def _data_dir() -> Path:
    # Installed packages are plain folders (pip never zips them), so the resource is a real path.
    return Path(str(resources.files("evaluation").joinpath("data")))


DATA_DIR = _data_dir()
DEVSET_DIR = DATA_DIR / "devset"  # mention extraction: ``roadmap evaluate extraction``
HELDOUT_DIR = DATA_DIR / "heldout"  # extraction and linking, measured not tuned: ``python -m evaluation.heldout``
LINKSET_PATH = DATA_DIR / "linkset.jsonl"  # linking: ``roadmap evaluate-links``
