"""`roadmap match` reports hostile lines and goes on (issue 14): deeply nested JSON, lone surrogates,
texts over spaCy's limit, lines too long to hold."""
from __future__ import annotations

import io
import json
import types

from cli.match_cmd import MatchInputError, UnreadableLine, decoded_lines, run_match
from tests.support.match_lines import NAME, lines

GOOD = {"id": "good", "title": "t", "text": f"Japan and Canada held the {NAME} in Tokyo.", "lang": "en"}
NESTED = '{"id": "deep", "text": ' + "[" * 200_000 + "]" * 200_000 + "}"
SURROGATE = '{"id": "lone", "text": "a \\ud800 b"}'
NO_LINKS = types.SimpleNamespace(link=lambda doc, mentions: [])


def test_hostile_lines_are_reported_and_the_others_matched(match_cli):
    res = match_cli(["match", "-"], lines(NESTED, GOOD, SURROGATE, GOOD))
    assert isinstance(res.exception, MatchInputError)
    message = str(res.exception)
    assert "line 1: JSON nested too deeply" in message and "line 3: a string holds a lone surrogate" in message
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == ["good", "good"]


def test_a_text_over_spacys_limit_is_matched_not_fatal():
    from extractors.extract import extract_mentions

    text = f"Japan and Canada held the {NAME} and agreed to meet again.\n" * 20_000
    assert len(text) > 1_000_000
    out = io.StringIO()
    errors = run_match([json.dumps({"id": "long", "text": text, "lang": "en"}), json.dumps(GOOD)], out,
                       linker=NO_LINKS, extract=extract_mentions)
    assert errors == [] and [json.loads(line)["id"] for line in out.getvalue().splitlines()] == ["long", "good"]


def test_an_extraction_error_is_one_bad_line():
    def failing(text, lang=None):
        if "boom" in text:
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000")
        return []

    out = io.StringIO()
    errors = run_match([json.dumps({"id": 1, "text": "boom"}), json.dumps(GOOD)], out, linker=NO_LINKS, extract=failing)
    assert errors == ["<stdin>: line 1: [E088] Text of length 1000001 exceeds maximum of 1000000"]
    assert json.loads(out.getvalue())["id"] == "good"


def test_a_line_too_long_to_hold_is_skipped_whole():
    stream = io.BytesIO(b'{"id": 1}\n' + b"x" * 5000 + b"\n" + b'{"id": 2}\n')
    got = list(decoded_lines(stream, max_bytes=100))
    assert got[0] == '{"id": 1}\n' and got[2] == '{"id": 2}\n'
    assert isinstance(got[1], UnreadableLine) and "longer than 100 bytes" in got[1]
