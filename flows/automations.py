"""Automations defined in code: evidence events to one webhook, source-health events to another.

Analysts get new suggestions; operators get unhealthy, recovered and silent sources — so
operational noise never drowns the analysts' channel. ``roadmap automations create`` makes them;
running it again replaces them (same names), never duplicates them. It also creates the automation
that marks runs whose heartbeats stopped as Crashed (``flows.crash_detection``), and those that
retry a crashed ingest run once (``flows.crash_retry``) for the deployments that exist.

Health events are sent on transitions only, so a source that turned unhealthy before the health
automation existed would never alert: creating it posts each currently unhealthy source to the
operators' webhook once, in the same shape (``"replayed": true`` in its payload).

Webhooks to private addresses (a receiver on the LAN) need ``ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS``;
``ROADMAP_ALLOW_PRIVATE_URLS`` governs only where sources are read from. A refused URL is reported
when the automation is created, not silently at the first alert.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flows import events

EVIDENCE_AUTOMATION = "roadmap: new evidence to analysts' webhook"
HEALTH_AUTOMATION = "roadmap: source health to operators' webhook"
EVIDENCE_BLOCK = "roadmap-evidence-webhook"
HEALTH_BLOCK = "roadmap-health-webhook"

# Jinja rendered by Prefect for each firing: the event's name, resource and payload as JSON.
WEBHOOK_PAYLOAD = ('{"event": "{{ event.event }}", "resource": "{{ event.resource.id }}", '
                   '"occurred": "{{ event.occurred }}", "payload": {{ event.payload | tojson }}}')


class AutomationsError(RuntimeError):
    """A webhook's URL is not allowed."""


@dataclass
class AutomationsResult:
    """The automations created, and the currently unhealthy sources posted to the operators' webhook."""
    created: list[str]
    replayed: list[str]
    replay_problem: str | None = None  # why current health could not be read or posted


@dataclass(frozen=True)
class AutomationPlan:
    """One automation to create: its name, the events it forwards, the block holding its webhook URL."""
    name: str
    block: str
    expect: frozenset[str]
    match: str
    url: str


def plan_automations(*, evidence_url: str | None, health_url: str | None) -> list[AutomationPlan]:
    """The automations to create for the configured webhooks (one per URL that is set)."""
    plans = []
    if evidence_url:
        plans.append(AutomationPlan(EVIDENCE_AUTOMATION, EVIDENCE_BLOCK, frozenset({events.EVIDENCE_SUGGESTED}),
                                    "roadmap.evidence.*", evidence_url))
    if health_url:
        plans.append(AutomationPlan(HEALTH_AUTOMATION, HEALTH_BLOCK,
                                    frozenset({events.SOURCE_UNHEALTHY, events.SOURCE_RECOVERED, events.SOURCE_SILENT}),
                                    "roadmap.source.*", health_url))
    return plans


def check_webhook_url(url: str, *, allow_private: bool) -> None:
    """Raise AutomationsError unless ``url`` is an http(s) URL the webhook setting allows."""
    from sources.errors import SourceError
    from sources.urlsafety import check_url

    try:
        check_url(url, allow_private=allow_private)
    except SourceError as exc:
        hint = "" if allow_private else " (a receiver on a private network needs ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS=1)"
        raise AutomationsError(f"webhook {url} refused: {exc}{hint}") from None


def create_automations(*, evidence_url: str | None = None, health_url: str | None = None,
                       allow_private_urls: bool | None = None) -> AutomationsResult:
    """Create (or replace) the automations for the webhooks given, or those in settings.

    ``allow_private_urls`` (default: ROADMAP_ALLOW_PRIVATE_WEBHOOK_URLS) lets webhooks target private
    addresses. Returns the names created and the unhealthy sources posted once to the health webhook.
    The crash automation (``flows.crash_detection``) is created in any case, first.
    Raises AutomationsError when a webhook's URL is refused (before anything is created).
    """
    from prefect.automations import Automation, CallWebhook, EventTrigger, Posture
    from prefect.blocks.webhook import Webhook
    from prefect.client.orchestration import get_client

    from config.settings import get_settings

    settings = get_settings()
    evidence_url = evidence_url or settings.evidence_webhook_url
    health_url = health_url or settings.health_webhook_url
    allow_private = settings.allow_private_webhook_urls if allow_private_urls is None else allow_private_urls
    plans = plan_automations(evidence_url=evidence_url, health_url=health_url)
    for plan in plans:
        check_webhook_url(plan.url, allow_private=allow_private)
    from flows.crash_detection import create_crash_automation

    from flows.crash_retry import create_retry_automations

    created = [create_crash_automation(), *create_retry_automations()]
    for plan in plans:
        block_id = Webhook(method="POST", url=plan.url, allow_private_urls=allow_private,
                           headers={"Content-Type": "application/json"}).save(plan.block, overwrite=True)
        with get_client(sync_client=True) as client:
            for old in client.read_automations_by_name(plan.name):
                client.delete_automation(old.id)
        Automation(
            name=plan.name,
            description="Created by `roadmap automations create`.",
            trigger=EventTrigger(expect=set(plan.expect), match={"prefect.resource.id": plan.match},
                                 posture=Posture.Reactive, threshold=1, within=timedelta(0)),
            actions=[CallWebhook(block_document_id=block_id, payload=WEBHOOK_PAYLOAD)],
        ).create()
        created.append(plan.name)
    if HEALTH_AUTOMATION not in created:
        return AutomationsResult(created=created, replayed=[])
    from flows.health_replay import replay_unhealthy

    replayed, problem = replay_unhealthy(HEALTH_BLOCK)
    return AutomationsResult(created=created, replayed=replayed, replay_problem=problem)
