"""The bundled sample sites as the configured sources, served on this machine, for trying the production path offline.

Each enabled source with a sample site under ``samples/sites/<name>`` gets a local server; the
absolute links its pages carry to the real sites are rewritten to that server, so nothing leaves
this machine. ``sources_entries`` are the configured entries with their URLs moved there, ready
for ``write_sources_file``: point ``ROADMAP_SOURCES_FILE`` at that file (and allow private source
addresses, ``ROADMAP_ALLOW_PRIVATE_URLS=1``) and ``roadmap deploy`` / the workers use the samples.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml

from samples.server import SITES_DIR, SampleSite

# The real sites' hosts as they appear in the sample pages' absolute links.
SOURCE_HOSTS = re.compile(rb"https?://(?:[a-z0-9-]+\.)*(?:go\.jp|gc\.ca|canada\.ca|newswire\.ca)(?=[/\"'<\s?#])")


def packaged_sources_file() -> Path:
    """The sources file shipped with the package: the real sites the samples stand in for."""
    from config.settings import CONFIG_DIR

    return CONFIG_DIR / "sources.yaml"


def serve_as_sources(*, names: list[str] | None = None, schedule: str | None = None,
                     politeness: float | None = 0.0) -> tuple[dict[str, SampleSite], dict[str, dict]]:
    """Start one local server per sample site; returns (name → running site, name → sources-file entry).

    ``names`` defaults to every enabled configured source that has a sample site. ``schedule`` and
    ``politeness`` replace each entry's when given (None keeps the configured value). Raises
    FileNotFoundError for a name without a sample site, KeyError for one that is not configured.
    """
    from sources.config import load_sources

    raw = yaml.safe_load(packaged_sources_file().read_text(encoding="utf-8"))["sources"]
    configs = {cfg.name: cfg for cfg in load_sources(packaged_sources_file())}
    wanted = names if names is not None else [n for n, c in configs.items()
                                              if c.enabled and (SITES_DIR / n).is_dir()]
    sites, entries = {}, {}
    for name in wanted:
        root = SITES_DIR / name
        if not root.is_dir():
            raise FileNotFoundError(f"no sample site {name!r} under {SITES_DIR}")
        site = SampleSite(root).start()
        rewrite_links(site)
        entry = dict(raw[name], url=rebase_url(configs[name].url, site.url))
        if schedule is not None:
            entry["schedule"] = schedule
        if politeness is not None:
            entry["politeness"] = politeness
        sites[name], entries[name] = site, entry
    return sites, entries


def rebase_url(url: str, base_url: str) -> str:
    """``url`` with scheme and host (and port) taken from ``base_url``; path and query kept."""
    parts, base = urlsplit(url), urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, parts.path, parts.query, parts.fragment))


def rewrite_links(site: SampleSite) -> int:
    """Serve ``site``'s pages with links to the real sites pointing at ``site`` instead; returns pages changed."""
    changed = 0
    for path in site.root.rglob("*"):
        data = path.read_bytes() if path.is_file() else b""
        if SOURCE_HOSTS.search(data):
            site.set_page("/" + path.relative_to(site.root).as_posix(), SOURCE_HOSTS.sub(site.url.encode(), data))
            changed += 1
    return changed


def write_sources_file(path: Path, entries: dict[str, dict]) -> Path:
    """Write ``entries`` as a sources file at ``path`` (folders created); returns the absolute path."""
    path = Path(path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
