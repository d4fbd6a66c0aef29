"""Pure rules of the orchestration layer: which events, which automations, which schedules (no Prefect server)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flows import events
from flows.automations import EVIDENCE_BLOCK, HEALTH_BLOCK, plan_automations
from flows.digest import Digest, render_markdown, status_changes
from flows.tasks import is_transient
from pipeline.pipeline_state import host_limit_name

NOW = datetime(2026, 4, 1, 12, 0)


def test_one_ingested_event_per_document_with_its_source_related():
    specs = events.document_ingested_events(source="mofa_press_en", document_ids=[3, 4, 3])
    assert [s.resource["prefect.resource.id"] for s in specs] == ["roadmap.document.3", "roadmap.document.4"]
    assert all(s.event == "roadmap.document.ingested" for s in specs)
    assert specs[0].related == [{"prefect.resource.id": "roadmap.source.mofa_press_en",
                                 "prefect.resource.name": "mofa_press_en", "prefect.resource.role": "source"}]


def test_no_documents_no_events():
    assert events.document_ingested_events(source="x", document_ids=[]) == []


def test_health_events_only_on_transitions():
    assert events.health_events(source="s", healthy_before=True, healthy_after=True) == []
    assert events.health_events(source="s", healthy_before=False, healthy_after=False) == []
    down = events.health_events(source="s", healthy_before=True, healthy_after=False, error="HTTP 500",
                                consecutive_failures=3)
    assert [(e.event, e.payload["error"], e.payload["consecutive_failures"]) for e in down] == \
        [("roadmap.source.unhealthy", "HTTP 500", 3)]
    up = events.health_events(source="s", healthy_before=False, healthy_after=True)
    assert [e.event for e in up] == ["roadmap.source.recovered"]


def test_a_new_source_that_fails_its_first_run_is_announced():
    down = events.health_events(source="s", healthy_before=None, healthy_after=False, error="timeout")
    assert [e.event for e in down] == ["roadmap.source.unhealthy"]


def test_silent_sources_measured_from_last_document_or_registration():
    sources = [
        events.SourceActivity("quiet", created_at=NOW - timedelta(days=90), last_new_document_at=NOW - timedelta(days=30)),
        events.SourceActivity("busy", created_at=NOW - timedelta(days=90), last_new_document_at=NOW - timedelta(days=2)),
        events.SourceActivity("never", created_at=NOW - timedelta(days=40)),
        events.SourceActivity("new", created_at=NOW - timedelta(days=1)),
        events.SourceActivity("weekly", created_at=NOW - timedelta(days=90),
                              last_new_document_at=NOW - timedelta(days=8), silent_after_days=7),
    ]
    specs = events.silent_source_events(sources, now=NOW)
    assert [s.payload["source"] for s in specs] == ["quiet", "never", "weekly"]
    assert specs[0].event == "roadmap.source.silent"
    assert specs[0].payload["silent_for_days"] == 30.0
    aware = events.SourceActivity("aware", created_at=(NOW - timedelta(days=40)).replace(tzinfo=timezone.utc))
    assert len(events.silent_source_events([aware], now=NOW.replace(tzinfo=timezone.utc))) == 1


def test_evidence_events_name_commitment_and_document():
    item = events.SuggestedEvidence(evidence_id=7, commitment="1.1-2a", document_id=3, score=0.8123,
                                    title="t", url="u", source="mofa_press_en", rationale="r")
    (spec,) = events.evidence_suggested_events([item])
    assert spec.resource["prefect.resource.id"] == "roadmap.evidence.7"
    roles = {r["prefect.resource.role"]: r["prefect.resource.id"] for r in spec.related}
    assert roles == {"commitment": "roadmap.commitment.1.1-2a", "document": "roadmap.document.3",
                     "source": "roadmap.source.mofa_press_en"}
    assert spec.payload["score"] == 0.812


def test_automations_split_evidence_from_health():
    plans = plan_automations(evidence_url="https://a.example/e", health_url="https://b.example/h")
    by_block = {p.block: p for p in plans}
    assert by_block[EVIDENCE_BLOCK].expect == {"roadmap.evidence.suggested"}
    assert by_block[HEALTH_BLOCK].expect == {"roadmap.source.unhealthy", "roadmap.source.recovered",
                                             "roadmap.source.silent"}
    assert [p.block for p in plan_automations(evidence_url=None, health_url="h")] == [HEALTH_BLOCK]
    assert plan_automations(evidence_url=None, health_url=None) == []


def test_host_limit_names_one_per_host():
    assert host_limit_name("https://www.mofa.go.jp/press/release/index.html") == "host:www.mofa.go.jp"
    assert host_limit_name("http://127.0.0.1:8123/x") == "host:127.0.0.1:8123"
    assert host_limit_name(None) == "host:unknown"


def test_transient_errors_are_retried_permanent_ones_are_not():
    import httpx

    from sources.errors import PageGone, SiteChanged, SourceUnavailable

    assert is_transient(SourceUnavailable("503", url="u"))
    assert is_transient(httpx.ConnectError("refused"))
    assert not is_transient(SiteChanged("layout", url="u"))
    assert not is_transient(PageGone("404", url="u"))
    assert not is_transient(ValueError("bug"))


def test_status_changes_against_previous_snapshot():
    assert status_changes({}, {"1.1-1": "under way"}) == []  # first digest: no baseline
    prev = {"1.1-1": "no evidence", "1.1-2": "under way"}
    cur = {"1.1-1": "achieved", "1.1-2": "under way", "2.1-1": "no evidence"}
    assert status_changes(prev, cur) == [{"commitment": "1.1-1", "from": "no evidence", "to": "achieved"},
                                         {"commitment": "2.1-1", "from": None, "to": "no evidence"}]


def test_digest_markdown_lists_each_part():
    d = Digest(period="daily", since=NOW, awaiting_total=5,
               new_suggestions=[{"commitment": "1.1-2a", "title": "Exercise", "score": 0.9, "source": "s", "url": "u"}],
               status_changes=[{"commitment": "1.1-1", "from": None, "to": "under way"}],
               unhealthy=[{"source": "mod_en", "error": "HTTP 500", "consecutive_failures": 4}], silent=["nrcan_en"])
    md = render_markdown(d)
    assert "1 new, 5 in the queue" in md and "`1.1-2a` 0.90 — Exercise" in md
    assert "`1.1-1`: — → under way" in md
    assert "mod_en: unhealthy after 4 failures — HTTP 500" in md and "nrcan_en: silent" in md
