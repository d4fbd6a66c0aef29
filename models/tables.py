"""The database tables. Natural keys carry unique constraints so that any run can be re-run."""
from __future__ import annotations

import datetime as dt
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, func
from sqlalchemy.sql.elements import Grouping
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def json_field(default: Any = None) -> Any:
    factory = (lambda: dict(default)) if isinstance(default, dict) else (lambda: list(default or []))
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


# --- Roadmap -------------------------------------------------------------------------------

class Roadmap(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True)
    title_ja: str
    title_en: str = ""
    released: dt.date | None = None


class RoadmapVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("roadmap_id", "number"), UniqueConstraint("roadmap_id", "text_hash"))
    id: int | None = Field(default=None, primary_key=True)
    roadmap_id: int = Field(foreign_key="roadmap.id", index=True)
    number: int
    text_hash: str
    loaded_at: datetime = Field(default_factory=utcnow)
    is_current: bool = True
    summary: dict = json_field({})


class Section(SQLModel, table=True):
    """A chapter (``1``) or a section (``1.1``); kept per roadmap, updated to the current version."""
    __table_args__ = (UniqueConstraint("roadmap_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    roadmap_id: int = Field(foreign_key="roadmap.id", index=True)
    number: str
    chapter: str
    parent_number: str | None = None
    title_ja: str
    title_en: str = ""
    order: int = 0


class Commitment(SQLModel, table=True):
    """One commitment, identified by ``cid`` (``1.1-2a``) stably across roadmap versions."""
    __table_args__ = (UniqueConstraint("roadmap_id", "cid"),)
    id: int | None = Field(default=None, primary_key=True)
    roadmap_id: int = Field(foreign_key="roadmap.id", index=True)
    cid: str = Field(index=True)
    chapter: str
    section: str
    kind: str  # bullet | sub-bullet | statement
    parent_cid: str | None = None
    order: int = 0
    text_ja: str = Field(sa_column=Column(Text, nullable=False))
    text_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    text_hash: str = ""
    first_version: int = 1
    removed_in_version: int | None = None
    keywords: list = json_field([])
    cadence: str | None = None
    entities: list = json_field([])
    # Derived from accepted evidence (see domain.progress_rules); recomputed on review.
    status: str = "no evidence"
    score: int | None = None
    status_rule: str = ""
    latest_evidence: dt.date | None = None


class CommitmentRevision(SQLModel, table=True):
    """The text a commitment had in one roadmap version: history for changed commitments."""
    __table_args__ = (UniqueConstraint("commitment_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    version: int
    text_ja: str = Field(sa_column=Column(Text, nullable=False))
    text_hash: str


# --- Sources and documents -------------------------------------------------------------------

class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    ministry: str = ""
    country: str = ""  # JP | CA
    lang: str = ""  # ja | en | fr | auto
    kind: str = ""  # rss | atom | rdf | html-listing | canada-news-api
    url: str = ""
    enabled: bool = True
    origin: str = "config"  # config | adhoc
    schedule: str | None = None
    settings: dict = json_field({})
    created_at: datetime = Field(default_factory=utcnow)
    # Health
    healthy: bool = True
    last_success: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    next_attempt_at: datetime | None = None
    last_new_document_at: datetime | None = None


class SourceRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    fetched: int = 0
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    failed: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text))


class FetchRecord(SQLModel, table=True):
    """What we know of one URL: conditional-GET validators and the last outcome."""
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True, index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    status_code: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    fetched_at: datetime | None = None
    error: str | None = Field(default=None, sa_column=Column(Text))


class Document(SQLModel, table=True):
    """A release at its canonical URL; its text is that of the latest revision."""
    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(unique=True, index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    lang: str = ""
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    published: dt.date | None = Field(default=None, index=True)
    content_type: str = ""
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    content_hash: str = Field(index=True)
    revision: int = 1
    fetched_at: datetime = Field(default_factory=utcnow)
    copy_of_id: int | None = Field(default=None, foreign_key="document.id")
    processed_revision: int = 0  # the revision extraction and linking last ran on
    process_failures: int = 0  # runs in a row that failed on this revision (pipeline.process retries a few)
    process_error: str | None = Field(default=None, sa_column=Column(Text))  # why the last one failed


class DocumentRevision(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "content_hash"), UniqueConstraint("document_id", "revision"))
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    revision: int
    content_hash: str
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    fetched_at: datetime = Field(default_factory=utcnow)


# --- Mentions, events, evidence --------------------------------------------------------------

class Mention(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "revision", "start", "end", "type"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    revision: int = 1
    type: str
    text: str
    start: int
    end: int
    sentence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    canonical_id: str | None = Field(default=None, index=True)
    action: str | None = None
    date: dt.date | None = None
    countries: list = json_field([])
    lang: str = ""


class Event(SQLModel, table=True):
    """One happening (a signing, an exercise, a meeting) that several documents may report."""
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    canonical_id: str | None = None
    action: str | None = None
    date: dt.date | None = None
    countries: list = json_field([])  # which governments' sources reported it
    confirmed_by_both: bool = False
    # What the reports say of the happening (domain.event_rules.same_happening): 第13回 / 13th, a city
    # id, and whether ``date`` was read from a text (else it is a release's date).
    ordinal: int | None = None
    place: str | None = None
    date_stated: bool = False


class Evidence(SQLModel, table=True):
    # The review queue's indexes (models.review_queue): one item per event and commitment, the count,
    # and the scores nearest the link threshold.
    __table_args__ = (UniqueConstraint("document_id", "commitment_id"),
                      Index("ix_evidence_queue", "status", "event_id", "commitment_id", "score", "id"),
                      Index("ix_evidence_status_score", "status", "score"))
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    score: float = 0.0
    rationale: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    mention_spans: list = json_field([])  # [[start, end], ...] into the document body
    status: str = Field(default="suggested", index=True)  # below_threshold | suggested | accepted | rejected
    origin: str = "linker"  # linker | analyst
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))


class ReviewAction(SQLModel, table=True):
    """Append-only audit trail of analysts' decisions. Rows are never updated or deleted."""
    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True)
    user: str
    at: datetime = Field(default_factory=utcnow, index=True)
    action: str  # accept | reject | relink | add | undo | note
    from_status: str | None = None
    to_status: str | None = None
    from_commitment: str | None = None
    to_commitment: str | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))
    undoes_id: int | None = Field(default=None, foreign_key="reviewaction.id")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    password_hash: str
    role: str = "analyst"  # admin | analyst | reader
    created_at: datetime = Field(default_factory=utcnow)
    active: bool = True
    password_changed_at: datetime | None = None  # UI sessions signed in before it have ended


# One account per name whatever its case: `Analyst` and `analyst` would read as one person in the audit.
# Written `lower((username))`, as PostgreSQL reads it back, so that autogenerate finds nothing to change.
Index("ux_user_username_lower", func.lower(Grouping(User.__table__.c.username)), unique=True)


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins of one account (``user:<name>``) or one client (``client:<address>``) since the
    last success, and until when the next attempt is refused (``review.throttle``)."""
    key: str = Field(primary_key=True)
    failures: int = 0
    locked_until: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class RevokedSession(SQLModel, table=True):
    """A signed-out session id, refused until the cookie would have expired anyway."""
    sid: str = Field(primary_key=True)
    expires_at: datetime = Field(index=True)


class PublishedDigest(SQLModel, table=True):
    """A digest as published, and the commitment statuses it saw: the next digest of its period compares with them.

    Kept in the app database so that no worker holds state: any worker may run the next digest.
    """
    __tablename__ = "digest"

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(index=True)  # daily | weekly
    created_at: datetime = Field(default_factory=utcnow, index=True)
    markdown: str = Field(sa_column=Column(Text, nullable=False))
    statuses: dict = json_field({})  # commitment cid -> status


class StatusOverride(SQLModel, table=True):
    """An analyst's status for a commitment, with the reason, shown beside the rule's status (never
    replacing it). Rows are never edited: the latest per commitment holds; ``status`` None hands the
    commitment back to the rule."""
    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitment.id", index=True)
    status: str | None = None
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    user: str
    at: datetime = Field(default_factory=utcnow)
