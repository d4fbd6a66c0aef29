"""Sources in the database: upsert, health with growing backoff, Retry-After, validators per URL."""
from __future__ import annotations

from datetime import timedelta

from models import sources_repo
from models.tables import utcnow


def make(session, name="mofa_press_ja"):
    return sources_repo.upsert_source(session=session, name=name, kind="html-listing", country="JP",
                                      url="https://www.mofa.go.jp/mofaj/press/release/index.html")


def test_upsert_creates_then_updates_without_touching_health(session):
    src = make(session)
    sources_repo.record_failure(session=session, source_id=src.id, error="boom")
    again = sources_repo.upsert_source(session=session, name="mofa_press_ja", kind="rss", url="https://x/feed")
    assert again.id == src.id and again.kind == "rss" and again.consecutive_failures == 1
    assert [s.name for s in sources_repo.list_sources(session=session)] == ["mofa_press_ja"]


def test_failures_back_off_exponentially_and_success_resets(session):
    src = make(session)
    now = utcnow()
    gaps = []
    for _ in range(4):
        row = sources_repo.record_failure(session=session, source_id=src.id, error="503", now=now)
        gaps.append(row.next_attempt_at - now)
    assert gaps == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    assert not row.healthy and row.last_error == "503" and not sources_repo.is_due(row, now=now)
    ok = sources_repo.record_success(session=session, source_id=src.id, new_documents=2)
    assert ok.healthy and ok.consecutive_failures == 0 and ok.next_attempt_at is None and ok.last_new_document_at
    assert sources_repo.is_due(ok)


def test_backoff_is_capped_and_retry_after_wins_when_longer(session):
    src = make(session)
    now = utcnow()
    row = sources_repo.record_failure(session=session, source_id=src.id, error="429", retry_after=7200, now=now)
    assert row.next_attempt_at - now == timedelta(hours=2)
    for _ in range(20):
        row = sources_repo.record_failure(session=session, source_id=src.id, error="down", now=now)
    assert row.next_attempt_at - now == sources_repo.MAX_BACKOFF


def test_fetch_records_keep_validators_per_url(session):
    src = make(session)
    sources_repo.record_fetch(session=session, url="https://x/a", source_id=src.id, status_code=200,
                              etag='"v1"', last_modified="Mon, 02 Mar 2026 00:00:00 GMT", content_hash="h1")
    sources_repo.record_fetch(session=session, url="https://x/a", source_id=src.id, status_code=200, etag='"v2"')
    rec = sources_repo.get_fetch_record(session=session, url="https://x/a")
    assert (rec.etag, rec.last_modified, rec.content_hash) == ('"v2"', None, "h1")


def test_runs_are_recorded_with_counts(session):
    src = make(session)
    run = sources_repo.start_run(session=session, source_id=src.id)
    sources_repo.finish_run(session=session, run=run, fetched=3, new=2, revised=1, unchanged=0, failed=0, error=None)
    (latest,) = sources_repo.recent_runs(session=session, source_id=src.id)
    assert (latest.fetched, latest.new, latest.revised) == (3, 2, 1) and latest.finished_at


SILENT_YAML = """sources:
  quiet_weekly_en:
    ministry: Sample ministry
    country: CA
    language: en
    kind: rss
    url: https://example.gc.ca/news.rss
    silent_after_days: 3
  usual_en:
    ministry: Sample ministry
    country: CA
    language: en
    kind: rss
    url: https://example.gc.ca/other.rss
"""


def test_silent_after_days_from_the_config_reaches_the_silence_check(engine, tmp_path):
    from flows.events import silent_source_events
    from models import db
    from pipeline.adhoc import sync_config_source
    from pipeline.pipeline_state import enabled_source_activity
    from sources.config import load_sources

    path = tmp_path / "sources.yaml"
    path.write_text(SILENT_YAML, encoding="utf-8")
    configs = load_sources(path)
    assert [c.silent_after_days for c in configs] == [3.0, None]
    with db.session_scope(engine) as session:
        for cfg in configs:
            sync_config_source(session=session, cfg=cfg)
    activity = {a.name: a for a in enabled_source_activity(engine=engine)}
    assert (activity["quiet_weekly_en"].silent_after_days, activity["usual_en"].silent_after_days) == (3.0, None)
    silent = silent_source_events(activity.values(), now=utcnow() + timedelta(days=5))
    assert [e.payload["source"] for e in silent] == ["quiet_weekly_en"]  # the other waits the default 21 days


def test_silent_after_days_must_be_a_positive_number():
    import pytest

    from sources.config import source_from_dict
    from sources.errors import SourceConfigError

    entry = {"ministry": "M", "country": "CA", "language": "en", "kind": "rss", "url": "https://example.gc.ca/a"}
    for bad in (0, -1, "three", True):
        with pytest.raises(SourceConfigError, match="silent_after_days"):
            source_from_dict("sample_en", {**entry, "silent_after_days": bad})
