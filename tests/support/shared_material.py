"""Where the real material lives: `../shared` beside the repository (as in CI), or ROADMAP_SHARED_DIR
(a git worktree has no `../shared` beside it). Tests that read it skip with a reason when it is absent."""
from __future__ import annotations

import os
from pathlib import Path

SHARED_DIR = Path(os.environ.get("ROADMAP_SHARED_DIR") or Path(__file__).resolve().parents[2] / ".." / "shared")
