"""The ``digest`` flow: what an analyst should know each day or week.

New evidence awaiting review, commitments whose status changed since the last digest of the same
period, and sources that are unhealthy or silent. Saved in the app database with the statuses it
saw (the next digest's baseline: workers keep no state, any worker may run the next one), published
as a Prefect Markdown artifact, and announced as a ``roadmap.digest.ready`` event.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows import events
from pipeline import pipeline_state

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}


@dataclass
class Digest:
    period: str
    since: datetime
    awaiting_total: int = 0
    new_suggestions: list[dict] = field(default_factory=list)   # {commitment, title, score, source, url}
    status_changes: list[dict] = field(default_factory=list)    # {commitment, from, to}
    unhealthy: list[dict] = field(default_factory=list)         # {source, error, consecutive_failures}
    silent: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)     # every commitment's status now: the next baseline


def status_changes(previous: dict[str, str], current: dict[str, str]) -> list[dict]:
    """Commitments whose status differs from the previous snapshot; none on the first digest (no baseline)."""
    if not previous:
        return []
    return [{"commitment": cid, "from": previous.get(cid), "to": status}
            for cid, status in sorted(current.items()) if previous.get(cid) != status]


def render_markdown(d: Digest) -> str:
    """The digest as Markdown, for the Prefect artifact and the stored digest."""
    lines = [f"# Roadmap Monitor — {d.period} digest since {d.since:%Y-%m-%d %H:%M} UTC", "",
             f"## New evidence awaiting review ({len(d.new_suggestions)} new, {d.awaiting_total} in the queue)"]
    lines += [f"- `{s['commitment']}` {s['score']:.2f} — {s['title']} ({s['source']}) {s['url']}"
              for s in d.new_suggestions] or ["- none"]
    lines += ["", f"## Status changes ({len(d.status_changes)})"]
    lines += [f"- `{c['commitment']}`: {c['from'] or '—'} → {c['to']}" for c in d.status_changes] or ["- none"]
    lines += ["", f"## Sources needing attention ({len(d.unhealthy) + len(d.silent)})"]
    lines += [f"- {u['source']}: unhealthy after {u['consecutive_failures']} failures — {u['error']}"
              for u in d.unhealthy]
    lines += [f"- {name}: silent for longer than expected" for name in d.silent]
    if not d.unhealthy and not d.silent:
        lines.append("- none")
    return "\n".join(lines) + "\n"


@task(name="collect-digest", cache_policy=NO_CACHE)
def collect(period: str, now: datetime) -> Digest:
    """Read the database for the digest, comparing statuses with the last digest of this period."""
    from sqlmodel import func, select

    from models import db, digests
    from models.tables import Commitment, Evidence, Source

    since = now - PERIODS[period]
    digest = Digest(period=period, since=since)
    with db.session_scope() as session:
        digest.awaiting_total = session.exec(select(func.count()).select_from(Evidence)
                                             .where(Evidence.status == "suggested")).one()
        new_ids = session.exec(select(Evidence.id).where(Evidence.status == "suggested", Evidence.created_at >= since)
                               .order_by(Evidence.score.desc())).all()
        current = dict(session.exec(select(Commitment.cid, Commitment.status)
                                    .where(Commitment.removed_in_version == None)).all())  # noqa: E711
        digest.unhealthy = [{"source": s.name, "error": s.last_error or "", "consecutive_failures": s.consecutive_failures}
                            for s in session.exec(select(Source).where(Source.healthy == False,  # noqa: E712
                                                                       Source.enabled == True)).all()]  # noqa: E712
        previous = digests.latest_statuses(session=session, period=period)
    digest.new_suggestions = [{"commitment": s.commitment, "title": s.title, "score": s.score, "source": s.source,
                               "url": s.url} for s in pipeline_state.suggested_evidence(list(new_ids))]
    digest.status_changes = status_changes(previous, current)
    digest.statuses = current
    digest.silent = [e.payload["source"] for e in
                     events.silent_source_events(pipeline_state.enabled_source_activity(), now=now.replace(tzinfo=None))]
    return digest


@task(name="save-digest", cache_policy=NO_CACHE)
def save(digest: Digest, markdown: str) -> int:
    """Store the digest and the statuses it saw; returns its id."""
    from models import db, digests

    with db.session_scope() as session:
        return digests.save_digest(session=session, period=digest.period, markdown=markdown,
                                   statuses=digest.statuses).id


@flow(name="digest", flow_run_name="digest-{period}")
def digest_flow(period: str = "daily") -> int:
    """Build the ``daily`` or ``weekly`` digest; returns the id of the stored digest (``roadmap digest --show``)."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    now = datetime.now(timezone.utc)
    digest = collect(period, now)
    markdown = render_markdown(digest)
    digest_id = save(digest, markdown)
    create_markdown_artifact(key=f"roadmap-digest-{period}", markdown=markdown,
                             description=f"Roadmap Monitor {period} digest (#{digest_id})")
    events.emit([events.EventSpec(
        event=events.DIGEST_READY, resource={"prefect.resource.id": f"roadmap.digest.{period}"},
        payload={"period": period, "new_suggestions": len(digest.new_suggestions),
                 "awaiting_total": digest.awaiting_total, "status_changes": len(digest.status_changes),
                 "unhealthy": [u["source"] for u in digest.unhealthy], "silent": digest.silent,
                 "digest_id": digest_id})])
    return digest_id
