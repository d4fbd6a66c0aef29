"""`roadmap match` and `roadmap evaluate-links`: JSON lines in, JSON lines out, bad lines named."""
from __future__ import annotations

import json
import types


from tests.support.match_lines import NAME, lines

def test_match_writes_one_line_per_document(match_cli):
    text = "Japan and Canada held the first Japan-Canada Cyber Policy Dialogue in Tokyo."
    res = match_cli(["match", "-"], lines({"id": "a", "title": "t", "text": text, "lang": "en"},
                                           {"id": 2, "title": "t", "text": "Nothing happened."}))
    assert res.exit_code == 0, res.output
    a, b = [json.loads(x) for x in res.stdout.splitlines()]
    assert a["id"] == "a" and a["lang"] == "en"
    [m] = a["mentions"]
    assert text[m["start"]:m["end"]] == NAME and set(m) == {"type", "text", "start", "end", "canonical_id", "action"}
    assert [link["commitment_id"] for link in a["links"]] == ["1.3-1"]
    assert set(a["links"][0]) == {"commitment_id", "section", "score", "rationale"}
    assert b == {"id": "2", "lang": "en", "mentions": [], "links": []}


def test_bad_lines_are_named_and_good_lines_kept(match_cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(lines({"id": "ok1", "text": "x"}, "{not json", {"id": "no-text"}, "[1, 2]",
                          {"id": "d", "text": "x", "published": "yesterday"}, {"id": "ok2", "text": "y"}),
                    encoding="utf-8")
    res = match_cli(["match", str(path)])
    assert res.exit_code != 0
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["ok1", "ok2"]
    err = str(res.exception) if res.exception else res.stderr
    for no in (2, 3, 4, 5):
        assert f"line {no}:" in err


def test_run_match_reports_errors_with_the_file_name():
    import io

    from cli.match_cmd import run_match

    out = io.StringIO()
    errors = run_match(['{"id": 1, "text": "a"}', "oops"], out, linker=types.SimpleNamespace(link=lambda d, m: []),
                       extract=lambda t, lang=None: [], name="in.jsonl")
    assert errors == ["in.jsonl: line 2: not valid JSON (Expecting value at column 1)"]
    assert json.loads(out.getvalue())["id"] == "1"


def test_missing_file_is_a_clear_error(match_cli, tmp_path):
    res = match_cli(["match", str(tmp_path / "nope.jsonl")])
    assert res.exit_code != 0 and "no such file" in str(res.exception)


def test_evaluate_links_prints_figures(match_cli, tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(lines(
        {"id": "p", "lang": "en", "text": "Japan and Canada held the Japan-Canada Cyber Policy Dialogue.",
         "commitments": ["1.3-1"]},
        {"id": "n", "lang": "en", "text": "Canada and Korea met.", "commitments": [], "hard_negative": True}),
        encoding="utf-8")
    res = match_cli(["evaluate-links", str(path)])
    assert res.exit_code == 0, res.output
    assert "section level:    precision 1.000  recall 1.000" in res.stdout
    assert "links on hard negatives: 0" in res.stdout
    figures = json.loads(match_cli(["evaluate-links", str(path), "--format", "json"]).stdout)
    assert (figures["documents"], figures["hard_negatives"], figures["hard_negative_links"]) == (2, 1, [])
    assert figures["section"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0}
    assert figures["section_by_lang"]["en"]["recall"] == 1.0


def test_a_line_that_is_not_utf8_is_named_and_the_rest_matched(match_cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xff\xfe{"id": "bad"}\n' + lines({"id": "ok", "text": "x"}).encode())
    res = match_cli(["match", str(path)])
    assert res.exit_code != 0
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["ok"]
    err = str(res.exception) if res.exception else res.stderr
    assert "line 1: not UTF-8" in err
