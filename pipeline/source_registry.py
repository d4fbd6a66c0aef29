"""The one place a source is looked up: the sources file first, then sources added at run time (database rows).

A configured name always wins over a database row of the same name; an ad hoc source's config is the
mapping stored in its row's ``settings["config"]``, validated by the same model as the file's entries.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from models.tables import Source
from sources.config import SourceConfig, load_sources, source_from_dict


@dataclass(frozen=True)
class FoundSource:
    """A source by name: its config (None for a row registered without one) and its row (None if not synced yet)."""
    name: str
    cfg: SourceConfig | None
    row: Source | None

    @property
    def url(self) -> str | None:
        return self.cfg.url if self.cfg else (self.row.url if self.row else None)


def configured_sources() -> list[SourceConfig]:
    """The sources of the sources file, in file order (validated; SourceConfigError otherwise)."""
    return load_sources()


def configured_source(name: str) -> SourceConfig | None:
    """The sources file's entry called ``name``, or None."""
    return next((cfg for cfg in load_sources() if cfg.name == name), None)


def find_source(name: str, *, session: Session) -> FoundSource | None:
    """Source ``name`` from the sources file, else from the database; None if neither has it.

    Raises SourceConfigError if a stored ad hoc config no longer validates.
    """
    row = session.exec(select(Source).where(Source.name == name)).first()
    cfg = configured_source(name)
    if cfg is not None:
        return FoundSource(name, cfg, row)
    if row is None:
        return None
    stored = (row.settings or {}).get("config")
    return FoundSource(name, source_from_dict(name, stored) if stored is not None else None, row)


def enabled_source_names(*, session: Session) -> list[str]:
    """Enabled sources: those of the file in file order, then enabled ad hoc rows by name."""
    configured = load_sources()
    names = {cfg.name for cfg in configured}
    rows = session.exec(select(Source.name).where(Source.enabled == True, Source.origin == "adhoc")  # noqa: E712
                        .order_by(Source.name)).all()
    return [cfg.name for cfg in configured if cfg.enabled] + [n for n in rows if n not in names]


def known_source_names(*, session: Session) -> set[str]:
    """Every name in use: the file's and the database's."""
    return {cfg.name for cfg in load_sources()} | set(session.exec(select(Source.name)).all())
