"""Sources as data: one `SourceConfig` per entry of ``config/sources.yaml`` (the key is the source's name).

Entries are validated by type when read (pydantic, unknown fields refused); a bad entry raises one
SourceConfigError line naming the file, the entry and the field.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, ValidationError, model_validator
from pydantic_core import PydanticCustomError
from zoneinfo import ZoneInfo

from config.config_errors import field_and_reason
from sources.config_fields import NAME, ArticleSelectors, Cron, HttpUrl, ListingSelectors, Text, TimeZoneName
from sources.errors import SourceConfigError
from sources.request_settings import RequestSettings

Kind = Literal["rss", "atom", "rdf", "html-listing", "canada-news-api"]
Country = Literal["JP", "CA"]
SourceLanguage = Literal["ja", "en", "fr", "auto"]
KINDS: tuple[str, ...] = get_args(Kind)
COUNTRIES: tuple[str, ...] = get_args(Country)
LANGUAGES: tuple[str, ...] = get_args(SourceLanguage)
# Kinds our declarative readers (feeds, selectors) cannot serve alone: they need an adapter declaring them.
ADAPTER_KINDS = ("canada-news-api",)
FEED_KINDS = ("rss", "atom", "rdf", "canada-news-api")  # one conditional GET tells whether anything is new
# Default schedules, fresh by default: a feed or API every 10 minutes (a release queued within ~15), a listing hourly.
FEED_SCHEDULE, LISTING_SCHEDULE = "*/10 * * * *", "0 * * * *"
DEFAULT_POLITENESS = 1.0
# A source's calendar: feed timestamps become dates in this zone. Per entry `timezone:` overrides it.
DEFAULT_TIMEZONES = {"JP": "Asia/Tokyo", "CA": "America/Toronto"}
Seconds = Field(default=DEFAULT_POLITENESS, ge=0, allow_inf_nan=False)


class SourceConfig(BaseModel):
    """One source. `selectors` describe its listing page, `article` its release pages (CSS selectors).

    `silent_after_days` (optional): days without a new document after which the source is reported
    silent (`roadmap.source.silent`, the digest); unset, the default of 21 days applies.
    `unhealthy_after` (optional): failed runs in a row before the source is reported unhealthy;
    unset, the setting ``ROADMAP_UNHEALTHY_AFTER_FAILURES`` (3) applies.
    `timezone` (IANA name): the site's local calendar, in which its dates are read; unset, the
    country's default (DEFAULT_TIMEZONES).
    """
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    ministry: Text
    country: Country
    language: SourceLanguage
    kind: Kind
    url: HttpUrl
    schedule: Cron = LISTING_SCHEDULE  # an entry without one gets its kind's (_schedule_of_its_kind)
    politeness: StrictFloat = Seconds
    selectors: ListingSelectors = Field(default_factory=ListingSelectors)  # an empty plain dict
    article: ArticleSelectors = Field(default_factory=ArticleSelectors)
    adapter: str | None = None
    content_type: str = "news-release"
    max_pages: StrictInt = Field(default=20, ge=1)
    enabled: StrictBool = True
    silent_after_days: StrictFloat | None = Field(default=None, gt=0, allow_inf_nan=False)
    timezone: TimeZoneName = ""
    request: RequestSettings = Field(default_factory=RequestSettings)  # see sources.request_settings
    unhealthy_after: StrictInt | None = Field(default=None, ge=1)  # failed runs in a row before unhealthy

    @model_validator(mode="before")
    @classmethod
    def _schedule_of_its_kind(cls, data: Any) -> Any:
        """An entry without a schedule gets its kind's: fresh by default."""
        if isinstance(data, dict) and "schedule" not in data:
            return {**data, "schedule": FEED_SCHEDULE if data.get("kind") in FEED_KINDS else LISTING_SCHEDULE}
        return data

    @model_validator(mode="after")
    def _agree(self) -> SourceConfig:
        if not self.timezone:
            object.__setattr__(self, "timezone", DEFAULT_TIMEZONES.get(self.country, "UTC"))
        from sources.adapters import ADAPTERS  # adapters import nothing of config; imported late: a cycle

        if self.adapter is not None:
            if self.adapter not in ADAPTERS:
                raise _field_error("adapter", f"is {self.adapter!r}; known adapters: {', '.join(sorted(ADAPTERS))}")
            if self.kind not in ADAPTERS[self.adapter].kinds:
                raise _field_error("adapter", f"{self.adapter!r} reads kind {', '.join(ADAPTERS[self.adapter].kinds)}, "
                                              f"not {self.kind!r}")
        elif self.kind in ADAPTER_KINDS:
            needed = sorted(n for n, a in ADAPTERS.items() if self.kind in a.kinds)
            raise _field_error("adapter", f"is required for kind {self.kind!r}: {' or '.join(needed)}")
        return self

    @property
    def tz(self) -> ZoneInfo:
        """The source's time zone (validated when the config is loaded)."""
        return ZoneInfo(self.timezone)

    def entry(self) -> dict:
        """The source as the sources.yaml mapping ``source_from_dict`` reads back (without its name)."""
        return self.model_dump(exclude={"name"})


def load_sources(path: str | Path | None = None) -> list[SourceConfig]:
    """Read and validate the sources file (default: settings' `sources_file`); read once per file version.

    Raises SourceConfigError naming the file, the entry and the field at fault.
    """
    if path is None:
        from config.settings import get_settings

        path = get_settings().sources_file
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc.strerror or exc}") from exc
    return list(_load(str(path), raw))


@lru_cache(maxsize=4)
def _load(path_str: str, raw: bytes) -> tuple[SourceConfig, ...]:
    """Parsed once per file content (a timestamp can miss a quick rewrite)."""
    path = Path(path_str)
    return tuple(source_from_dict(name, entry, origin=str(path)) for name, entry in _entries(path, raw).items())


def source_problems(path: str | Path | None = None) -> list[str]:
    """Every bad entry of the sources file (default: settings' `sources_file`), one line each; [] if none."""
    if path is None:
        from config.settings import get_settings

        path = get_settings().sources_file
    try:
        entries = _entries(Path(path), Path(path).read_bytes())
    except OSError as exc:
        return [f"cannot read sources file {path}: {exc.strerror or exc}"]
    except SourceConfigError as exc:
        return [str(exc)]
    problems = []
    for name, entry in entries.items():
        try:
            source_from_dict(name, entry, origin=str(path))
        except SourceConfigError as exc:
            problems.append(str(exc))
    return problems


def _entries(path: Path, raw: bytes) -> dict:
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SourceConfigError(f"cannot read sources file {path}: {exc}") from exc
    entries = (data or {}).get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise SourceConfigError(f"{path}: expected a mapping `sources:` of name -> entry")
    return entries


def source_from_dict(name: Any, entry: Any, *, origin: str = "") -> SourceConfig:
    """Build and validate one source from its config mapping (also used for ad hoc sources).

    ``origin`` (the file) prefixes error messages. Raises SourceConfigError.
    """
    where = f"{origin}: " if origin else ""

    def fail(fld: str, why: str) -> SourceConfigError:
        return SourceConfigError(f"{where}source {name!r}: field {fld!r} {why}")

    if not isinstance(name, str) or not NAME.match(name):
        raise fail("name", "must be lower_snake_case letters, digits and underscores")
    if not isinstance(entry, dict):
        raise fail("(entry)", "must be a mapping")
    if entry.get("name", name) != name:
        raise fail("name", f"is {entry['name']!r} but the entry's key is {name!r}")
    try:
        return SourceConfig.model_validate({**entry, "name": name})
    except ValidationError as exc:
        raise fail(*field_and_reason(exc.errors(include_url=False)[0])) from None


def _field_error(fld: str, why: str) -> PydanticCustomError:
    return PydanticCustomError("config_rule", why.replace("{", "{{").replace("}", "}}"), {"at": fld})
