"""One-shot commands (``roadmap process``, ``roadmap digest``) without Prefect when no API is configured.

Going through a flow with no ``PREFECT_API_URL`` makes Prefect start a temporary server for the run
(~20 s, its INFO logs over our output), and that server, its run history and the events sent to it are
gone when the command ends. So with no API the commands call the same tasks' plain functions in this
process: same work, same summary, no flow run, and no events or artifacts (nothing would receive them;
``roadmap serve``'s hourly sweep and the review UI read the database, which is written as usual). With
an API configured (a running ``roadmap serve``, a Prefect server, Prefect Cloud) they run the flow in
this process reporting to it, so the run, its logs, events and artifacts are recorded and triggers see them. Run here, a
transient failure (the database briefly away) is not retried as the flow's tasks would: run it again.
"""
from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path

# What --help says, once for both commands.
HOW_IT_RUNS = ("With PREFECT_API_URL set, runs as a Prefect flow reporting to that API (events and artifacts sent); "
               "unset, runs in this process without Prefect: no temporary server, no events.")


def prefect_api_url() -> str | None:
    """The Prefect API the commands would report to: PREFECT_API_URL from the environment, or from any
    other place Prefect reads settings from (a profile, ``.env``, ``prefect.toml``); None when none sets one.

    Importing Prefect to ask takes about as long as the rest of ``roadmap process``, so it is asked only
    when one of those places exists."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    if not _prefect_settings_elsewhere():
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


def _prefect_settings_elsewhere() -> bool:
    """False only when nothing but the environment could give Prefect settings: no profile chosen, no
    profiles file, no ``.env`` naming a PREFECT_ variable, no ``prefect.toml``, no ``[tool.prefect]``."""
    if os.environ.get("PREFECT_PROFILE"):
        return True
    home = Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()
    profiles = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    if profiles.exists() or Path("prefect.toml").exists():  # a profile may be `local`, which has an API URL
        return True
    for path, marker in ((Path(".env"), "PREFECT_"), (Path("pyproject.toml"), "tool.prefect")):
        try:
            if marker in path.read_text(encoding="utf-8", errors="replace"):
                return True
        except OSError:  # absent or unreadable: it sets nothing
            continue
    return False


def process_here(*, since: date | None, until: date | None) -> dict:
    """process-documents' work in this process (the function its ``process`` task calls); its summary as a
    dict, as the flow returns it. Imports no Prefect module that would set up Prefect's logging."""
    from dataclasses import asdict

    from pipeline.process import process_documents

    return asdict(process_documents(since=since, until=until))


def digest_here(period: str) -> int:
    """Build and store the ``period`` digest (daily or weekly) in this process: the digest flow's tasks,
    without its artifact and event. Returns the stored digest's id."""
    from flows import digest

    built = digest.collect.fn(period, datetime.now(timezone.utc))
    return digest.save.fn(built, digest.render_markdown(built))
