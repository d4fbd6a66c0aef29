"""The events Roadmap Monitor sends to Prefect: names, resources, and the pure rules that decide them.

Each ``*_events`` function returns plain ``EventSpec`` values (testable without Prefect); ``emit``
sends them. Resources are named ``roadmap.<kind>.<key>`` so automations can match them with
wildcards (``roadmap.source.*``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable

from sources.errors import split_failure

DOCUMENT_INGESTED = "roadmap.document.ingested"
EVIDENCE_SUGGESTED = "roadmap.evidence.suggested"
SOURCE_UNHEALTHY = "roadmap.source.unhealthy"
SOURCE_RECOVERED = "roadmap.source.recovered"
SOURCE_SILENT = "roadmap.source.silent"
DIGEST_READY = "roadmap.digest.ready"

# A source that has produced no new document for this long is "silent" unless its settings say otherwise.
DEFAULT_SILENT_AFTER = timedelta(days=21)


@dataclass(frozen=True)
class EventSpec:
    """One event to send: its name, primary resource, related resources and payload."""
    event: str
    resource: dict[str, str]
    related: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


def source_resource(name: str, role: str | None = None) -> dict[str, str]:
    res = {"prefect.resource.id": f"roadmap.source.{name}", "prefect.resource.name": name}
    if role:
        res["prefect.resource.role"] = role
    return res


def document_ingested_events(*, source: str, document_ids: Iterable[int]) -> list[EventSpec]:
    """One ``roadmap.document.ingested`` per new or revised document, with its source as related resource."""
    return [
        EventSpec(
            event=DOCUMENT_INGESTED,
            resource={"prefect.resource.id": f"roadmap.document.{doc_id}", "roadmap.source": source},
            related=[source_resource(source, role="source")],
            payload={"document_id": doc_id, "source": source},
        )
        for doc_id in dict.fromkeys(document_ids)  # a document named twice is announced once
    ]


@dataclass(frozen=True)
class SuggestedEvidence:
    """What an analyst needs from a new suggestion to decide whether to look now."""
    evidence_id: int
    commitment: str
    document_id: int
    score: float
    title: str = ""
    url: str = ""
    source: str = ""
    rationale: str = ""


def evidence_suggested_events(items: Iterable[SuggestedEvidence]) -> list[EventSpec]:
    """One ``roadmap.evidence.suggested`` per suggestion, related to its commitment and document."""
    out = []
    for ev in items:
        related = [
            {"prefect.resource.id": f"roadmap.commitment.{ev.commitment}", "prefect.resource.role": "commitment"},
            {"prefect.resource.id": f"roadmap.document.{ev.document_id}", "prefect.resource.role": "document"},
        ]
        if ev.source:
            related.append(source_resource(ev.source, role="source"))
        out.append(EventSpec(
            event=EVIDENCE_SUGGESTED,
            resource={"prefect.resource.id": f"roadmap.evidence.{ev.evidence_id}", "roadmap.commitment": ev.commitment},
            related=related,
            payload={"evidence_id": ev.evidence_id, "commitment": ev.commitment, "score": round(ev.score, 3),
                     "title": ev.title, "url": ev.url, "rationale": ev.rationale},
        ))
    return out


def health_events(*, source: str, healthy_before: bool | None, healthy_after: bool | None,
                  error: str | None = None, consecutive_failures: int = 0,
                  next_attempt_at: datetime | None = None) -> list[EventSpec]:
    """``roadmap.source.unhealthy`` when a source turns unhealthy, ``.recovered`` when it heals.

    Only transitions are announced, so a source that stays broken does not page anyone every hour.
    A source seen for the first time (``healthy_before is None``) counts as having been healthy.
    The unhealthy payload names the failure (``blocked``, ``moved``, ``layout changed: <selector>``,
    ``unavailable``) and when the source will be asked again.
    """
    before = True if healthy_before is None else healthy_before
    if healthy_after is None or before == healthy_after:
        return []
    name = SOURCE_RECOVERED if healthy_after else SOURCE_UNHEALTHY
    payload = {"source": source, "consecutive_failures": consecutive_failures}
    if not healthy_after:
        payload["error"] = error or ""
        payload["failure"] = split_failure(error)[0] or "failed"
        payload["next_attempt_at"] = next_attempt_at.isoformat(timespec="seconds") if next_attempt_at else None
    return [EventSpec(event=name, resource=source_resource(source), payload=payload)]


@dataclass(frozen=True)
class SourceActivity:
    """A source's last sign of life, as stored."""
    name: str
    created_at: datetime
    last_new_document_at: datetime | None = None
    silent_after_days: float | None = None


def silent_source_events(sources: Iterable[SourceActivity], *, now: datetime,
                         default_after: timedelta = DEFAULT_SILENT_AFTER) -> list[EventSpec]:
    """``roadmap.source.silent`` for each source with no new document for longer than its expected interval.

    A source that never produced anything is measured from when it was registered.
    """
    out = []
    now = _naive_utc(now)
    for src in sources:
        after = timedelta(days=src.silent_after_days) if src.silent_after_days else default_after
        last = _naive_utc(src.last_new_document_at or src.created_at)
        if now - last > after:
            out.append(EventSpec(
                event=SOURCE_SILENT, resource=source_resource(src.name),
                payload={"source": src.name, "last_new_document_at": _iso(src.last_new_document_at),
                         "silent_for_days": round((now - last).total_seconds() / 86400, 1),
                         "expected_within_days": after.total_seconds() / 86400},
            ))
    return out


def _naive_utc(value: datetime) -> datetime:
    """Stored datetimes are naive UTC; some drivers hand back aware ones."""
    return value.astimezone(timezone.utc).replace(tzinfo=None) if value.tzinfo else value


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def emit(specs: Iterable[EventSpec]) -> int:
    """Send events to the Prefect API in use; returns how many were accepted for sending."""
    from prefect.events import emit_event

    sent = 0
    for spec in specs:
        if emit_event(event=spec.event, resource=spec.resource, related=spec.related or None,
                      payload=spec.payload or None) is not None:
            sent += 1
    return sent
