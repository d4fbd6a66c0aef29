"""Shared helpers for the fetch tests: a sample site in a temp folder and a fast fetcher."""
from __future__ import annotations

from pathlib import Path

from config.settings import Settings
from sources.http import Fetcher

SAMPLE_NOTE = "<!-- Sample written for Roadmap Monitor tests; not a real release -->"


def write_site(root: Path, pages: dict[str, str | bytes]) -> Path:
    """Write ``pages`` (path -> content) under ``root`` and return it."""
    for path, content in pages.items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return root


def fast_settings(**overrides) -> Settings:
    values = dict(allow_private_urls=True, per_host_delay=0.0, fetch_retries=2, connect_timeout=2.0,
                  read_timeout=2.0, max_response_bytes=1024 * 1024)
    values.update(overrides)
    return Settings(**values)


class RecordingSleep:
    """Stands in for time.sleep: records the waits instead of waiting."""

    def __init__(self):
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def fast_fetcher(**overrides) -> tuple[Fetcher, RecordingSleep]:
    sleep = RecordingSleep()
    return Fetcher(fast_settings(**overrides), sleep=sleep, polite_delay=0.0), sleep
