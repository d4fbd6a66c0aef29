"""Which sources exist: those in config (synced into the database) and those added ad hoc.

An ad-hoc source is checked (URL safety), sampled (one fetch, its kind detected when asked),
shown (items, titles, dates) and registered with its config entry, so it is read later exactly
like a configured one. A listing with no selectors gets the generic listing and article extractors.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlmodel import Session

from config.settings import get_settings
from models import db, sources_repo
from pipeline.source_registry import configured_source, find_source
from sources.config import SourceConfig, source_from_dict
from sources.dates import today_in
from sources.detect import detect_kind, feed_links
from sources.errors import SiteChanged, SourceConfigError, SourceDisabled
from sources.http import Fetcher
from sources.parse import parse_listing
from sources.release import ListingItem
from sources.urlsafety import check_url

SHOWN_ITEMS = 10


@dataclass
class SampleReport:
    """What a new source's first page held, as shown to the user before it is registered."""
    name: str
    url: str
    kind: str
    kind_detected: bool
    lang: str
    item_count: int
    items: list[ListingItem] = field(default_factory=list)
    feeds_announced: list[str] = field(default_factory=list)


def config_entry(cfg: SourceConfig) -> dict:
    """The source as the mapping ``source_from_dict`` reads back (stored in ``Source.settings``)."""
    return cfg.entry()


def sync_config_source(*, session: Session, cfg: SourceConfig) -> int:
    """Create or update the database row of configured source ``cfg``; returns its id.

    ``silent_after_days`` from the config lands in ``Source.settings``, where the silence check reads it.
    """
    settings: dict[str, object] = {"config": config_entry(cfg)}
    if cfg.silent_after_days is not None:
        settings["silent_after_days"] = cfg.silent_after_days
    row = sources_repo.upsert_source(
        session=session, name=cfg.name, ministry=cfg.ministry, country=cfg.country, lang=cfg.language,
        kind=cfg.kind, url=cfg.url, schedule=cfg.schedule, enabled=cfg.enabled, origin="config",
        settings=settings)
    assert row.id is not None  # upserted: the row is stored and has its key
    return row.id


def source_config(*, session: Session, name: str) -> tuple[SourceConfig, int]:
    """The config of source ``name`` and its row id. Configured sources win over ad-hoc rows.

    Raises SourceConfigError if no source has that name, SourceDisabled if it is disabled.
    """
    cfg = configured_source(name)
    if cfg is not None:
        source_id = sync_config_source(session=session, cfg=cfg)
        if not cfg.enabled:
            raise SourceDisabled(f"source {name!r} is disabled in the sources file; set `enabled: true` "
                                 "there (and re-run `roadmap deploy`) to read it again")
        return cfg, source_id
    found = find_source(name, session=session)
    if found is None or found.cfg is None or found.row is None:  # a row's config is in the row: both or neither
        raise SourceConfigError(f"No source called {name!r}; `roadmap sources list` shows them")
    if not found.row.enabled:
        raise SourceDisabled(f"ad hoc source {name!r} is disabled; it is not read until it is enabled again")
    assert found.row.id is not None  # read from the database
    return found.cfg, found.row.id


def register_adhoc_source(*, name: str, url: str, kind: str = "auto", lang: str = "auto", ministry: str = "",
                          country: str = "", engine=None, fetcher: Fetcher | None = None) -> SampleReport:
    """Check, sample and register a new source; returns what its first page held.

    The name is checked before anything is fetched (``check_new_name``). Raises UnsafeURL (internal
    address), SourceUnavailable/PageGone (cannot be read), SiteChanged (nothing recognisable found) or
    SourceConfigError (bad name, kind or country; a configured name; a name registered for another URL).
    """
    settings = get_settings()
    check_url(url, allow_private=settings.allow_private_urls)
    engine = engine or db.get_engine()
    check_new_name(name=name, url=url, engine=engine)
    country = (country or _guess_country(url, lang)).upper()
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        result = fetcher.fetch(url)
    finally:
        if own_fetcher:
            fetcher.close()
    detected = detect_kind(result.body, result.content_type) if kind == "auto" else kind
    entry = {"ministry": ministry or urlsplit(url).hostname or name, "country": country, "language": lang,
             "kind": detected, "url": url, "politeness": settings.per_host_delay}
    cfg = source_from_dict(name, entry)
    listing = parse_listing(cfg, result.body, url=result.final_url, content_type=result.content_type,
                            fetched_on=today_in(cfg.tz))
    if not listing.items:
        raise SiteChanged(f"No releases found on the page as {detected}; try another --kind or URL", url=url)
    with Session(engine, expire_on_commit=False) as session:
        sources_repo.upsert_source(session=session, name=name, ministry=cfg.ministry, country=cfg.country,
                                   lang=cfg.language, kind=cfg.kind, url=cfg.url, schedule=cfg.schedule,
                                   enabled=True, origin="adhoc", settings={"config": config_entry(cfg)})
    return SampleReport(name=name, url=url, kind=detected, kind_detected=kind == "auto", lang=lang,
                        item_count=len(listing.items), items=listing.items[:SHOWN_ITEMS],
                        feeds_announced=feed_links(result.body, result.final_url) if detected == "html-listing" else [])


def check_new_name(*, name: str, url: str, engine=None) -> None:
    """Refuse ``name`` for a new source at ``url``: malformed, configured, or registered for another URL.

    Registering the same name with the same URL again is allowed (re-running an onboarding).
    Raises SourceConfigError.
    """
    source_from_dict(name, {"ministry": "-", "country": "JP", "language": "auto", "kind": "rss", "url": url})
    if configured_source(name) is not None:
        raise SourceConfigError(f"{name!r} is already a configured source; choose another name")
    with Session(engine or db.get_engine()) as session:
        row = sources_repo.get_source(session=session, name=name)
    if row is not None and row.url != url:
        raise SourceConfigError(f"{name!r} is already registered for {row.url}; choose another name "
                                "(`roadmap sources list` shows the names in use)")


def _guess_country(url: str, lang: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(".jp") or lang == "ja":
        return "JP"
    if host.endswith(".ca") or lang == "fr":
        return "CA"
    raise SourceConfigError("Cannot tell the source's country from its URL; give --country JP or CA")
