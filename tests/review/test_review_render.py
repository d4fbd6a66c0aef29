"""Pure pieces of the UI: highlighting by spans, chart geometry, the secret-key guard."""
from __future__ import annotations

import datetime as dt

import pytest

from config.settings import Settings
from reports.charts import evidence_over_time, progress_bar
from review.auth import InsecureSecretError, is_loopback, resolve_secret_key
from review.highlight import evidence_sentences, pieces
from reports.links import safe_url


def test_pieces_cover_the_text_once_even_with_overlaps():
    text = "Japan and Canada held KAEDEx in the Pacific."
    out = pieces(text, [(22, 28, "ex"), (24, 30, "overlap"), (0, 5, "JP"), (40, 99, "clipped")])
    assert "".join(p.text for p in out) == text
    assert [p.text for p in out if p.marked] == ["Japan", "KAEDEx", " i", "fic."]


def test_evidence_sentences_pick_the_sentence_of_each_span():
    text = "First sentence. Canada and Japan signed the ACSA. Last one."
    start = text.index("ACSA")
    [sentence] = evidence_sentences(text, [[start, start + 4], [999, 1000]])
    assert "".join(p.text for p in sentence).strip() == "Canada and Japan signed the ACSA."


def test_progress_bar_widths_follow_counts():
    bar = progress_bar({"achieved": 1, "no evidence": 3}, ("achieved", "on track", "no evidence"), width=200)
    assert [(r.css, r.width) for r in bar.rects] == [("st-achieved", 50.0), ("st-no-evidence", 150.0)]
    assert progress_bar({}, ("achieved",)).empty


def test_evidence_over_time_stacks_months_and_fills_gaps():
    chart = evidence_over_time({(dt.date(2026, 1, 5), "accepted"): 2, (dt.date(2026, 3, 9), "suggested"): 4,
                                (dt.date(2026, 3, 1), "accepted"): 2})
    titles = [r.title for r in chart.rects]
    assert titles == ["2026-01: 2 accepted", "2026-03: 2 accepted", "2026-03: 4 suggested"]
    assert {label for *_, label in chart.labels} >= {"2026-01", "2026-02", "2026-03"}
    assert {label for *_, label in chart.labels} >= {"2", "6"}  # each month's bar carries its count
    assert chart.rects[1].height * 3 == pytest.approx(chart.rects[2].height * 1.5)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.1.2.3"])
def test_loopback_gets_a_random_key_kept_under_home_without_a_secret(host, tmp_path):
    assert is_loopback(host)
    a, b = (resolve_secret_key(Settings(secret_key=None, home=tmp_path / "home"), host) for _ in range(2))
    assert a == b and len(a) >= 32  # a restart keeps the key: nobody is signed out
    assert (tmp_path / "home" / "ui-secret").stat().st_mode & 0o077 == 0
    assert resolve_secret_key(Settings(secret_key=None, home=tmp_path / "other"), host) != a


@pytest.mark.parametrize("key", [None, "", "changeme", "secret", "short-key"])
def test_other_hosts_refuse_a_missing_or_default_key(key):
    with pytest.raises(InsecureSecretError):
        resolve_secret_key(Settings(secret_key=key), "0.0.0.0")
    good = "x7Q2-long-random-value-for-tests"
    assert resolve_secret_key(Settings(secret_key=good), "0.0.0.0") == good


def test_only_http_links_are_rendered():
    assert safe_url("https://www.mod.go.jp/x") == "https://www.mod.go.jp/x"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil", ""):
        assert safe_url(bad) == ""
