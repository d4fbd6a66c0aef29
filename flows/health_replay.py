"""The sources unhealthy right now, posted once to the operators' webhook when its automation is created.

Health events are sent on transitions only; a source that failed before the automation existed
would otherwise stay silent until it recovers and fails again.
"""
from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import httpx
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from flows import events
from models import db
from models.tables import Source


def unhealthy_now(*, engine=None) -> list[events.EventSpec]:
    """A ``roadmap.source.unhealthy`` event for each enabled source that is unhealthy now, marked replayed."""
    with db.session_scope(engine) as session:
        rows = session.exec(select(Source).where(Source.enabled == True, Source.healthy == False)  # noqa: E712
                            .order_by(Source.name)).all()
        specs = [spec for row in rows for spec in events.health_events(
            source=row.name, healthy_before=True, healthy_after=False, error=row.last_error,
            consecutive_failures=row.consecutive_failures, next_attempt_at=row.next_attempt_at)]
    for spec in specs:
        spec.payload["replayed"] = True
    return specs


def webhook_body(spec: events.EventSpec, *, occurred: datetime) -> dict:
    """The body the health automation posts for an event (flows.automations.WEBHOOK_PAYLOAD), for ``spec``."""
    return {"event": spec.event, "resource": spec.resource["prefect.resource.id"],
            "occurred": occurred.isoformat(), "payload": spec.payload}


def replay_unhealthy(block_name: str, *, engine=None) -> tuple[list[str], str | None]:
    """Post each currently unhealthy source through the webhook block ``block_name``.

    Returns (the sources posted, a problem or None): an unreadable database or a receiver that
    refuses is reported, not raised, since the automations themselves were created.
    """
    try:
        specs = unhealthy_now(engine=engine)
    except SQLAlchemyError as exc:
        return [], f"could not read source health from the app database: {type(exc).__name__}"
    if not specs:
        return [], None
    occurred = datetime.now(timezone.utc)
    try:
        statuses = asyncio.run(_post_all(block_name, [webhook_body(s, occurred=occurred) for s in specs]))
    except httpx.HTTPError as exc:
        return [], f"the health webhook could not be reached: {exc}"
    posted = [s.payload["source"] for s, code in zip(specs, statuses) if code < 400]
    refused = [code for code in statuses if code >= 400]
    return posted, (f"the health webhook answered {refused[0]} to {len(refused)} posts" if refused else None)


async def _post_all(block_name: str, bodies: list[dict]) -> list[int]:
    from prefect.blocks.webhook import Webhook

    statuses = []
    for body in bodies:
        block = await Webhook.aload(block_name)  # a block's client closes after one call
        statuses.append((await block.call(body)).status_code)
    return statuses
