"""`roadmap match`: extraction and linking on JSON lines, no database; `roadmap evaluate-links`."""
from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import typer

from cli.errors import user_error
from cli.output_format import Format, write_json
from evaluation.bundled_sets import LINKSET_PATH

DEFAULT_LINKSET = LINKSET_PATH
MAX_LINE_BYTES = 16 * 1024 * 1024  # one release is rarely 100 KB; a longer line is reported, not read


@user_error
class MatchInputError(ValueError):
    """Some input lines could not be read; the others were matched and written."""


def parse_line(line: str, no: int):
    """A DocumentInput from one JSON line; raises ValueError naming what is wrong."""
    from extractors.types import DocumentInput

    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    try:
        json.dumps(rec, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(f"a string holds a lone surrogate ({exc.object[exc.start]!r}), not text") from None
    if not isinstance(rec, dict):
        raise ValueError("expected a JSON object")
    if rec.get("id") is None or not isinstance(rec.get("text"), str):
        raise ValueError('needs "id" and "text" (a string)')
    published = rec.get("published")
    if published is not None:
        try:
            published = dt.date.fromisoformat(str(published)[:10])
        except ValueError:
            raise ValueError(f'"published" is not a date: {published!r}') from None
    lang = rec.get("lang")
    if lang is not None and lang not in ("ja", "en", "fr"):
        raise ValueError(f'"lang" must be ja, en or fr, not {lang!r}')
    return DocumentInput(id=str(rec["id"]), text=rec["text"], title=str(rec.get("title") or ""), lang=lang,
                         url=rec.get("url"), published=published)


def match_document(doc, *, linker, extract) -> dict:
    """The output record of one document: its language, mentions and suggested links."""
    mentions = extract(doc.text, lang=doc.lang)
    lang = doc.lang or (Counter(m.lang for m in mentions if m.lang).most_common(1) or [(None, 0)])[0][0]
    if not lang:
        from sources.languages import guess_lang
        lang = guess_lang(doc.text)
    links = linker.link(doc, mentions)
    return {
        "id": doc.id, "lang": lang,
        "mentions": [{"type": m.type, "text": m.text, "start": m.start, "end": m.end,
                      "canonical_id": m.canonical_id, "action": m.action} for m in mentions],
        "links": [{"commitment_id": link.commitment_id, "section": link.section, "score": link.score,
                   "rationale": link.rationale} for link in links if link.suggested],
    }


def decoded_lines(stream, max_bytes: int = MAX_LINE_BYTES):
    """Lines of a binary stream as text; a line that is not UTF-8, or longer than ``max_bytes``,
    becomes an UnreadableLine carrying the reason (a longer line is skipped without being held)."""
    while raw := stream.readline(max_bytes + 1):
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while (rest := stream.readline(1024 * 1024)) and not rest.endswith(b"\n"):
                pass
            yield UnreadableLine(f"longer than {max_bytes:,} bytes")
            continue
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield UnreadableLine(f"not UTF-8 text (byte {exc.start})")


class UnreadableLine(str):
    """A placeholder for an input line that could not be read, carrying the reason."""


NotUTF8 = UnreadableLine


def run_match(lines, out, *, linker, extract, name: str = "<stdin>") -> list[str]:
    """Match every good line, writing one output line each; return the errors of the bad lines."""
    errors = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            if isinstance(line, UnreadableLine):
                raise ValueError(str(line))
            doc = parse_line(line, no)
            record = match_document(doc, linker=linker, extract=extract)
        except ValueError as exc:  # the line's fault (extraction raises ValueError on text it cannot take)
            errors.append(f"{name}: line {no}: {_short(str(exc))}")
            continue
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return errors


def _short(reason: str, limit: int = 300) -> str:
    return reason if len(reason) <= limit else reason[:limit] + "…"


def link_report_json(report) -> dict:
    """An evaluation.linking.LinkReport as JSON-ready values, precision and recall included."""
    def counts(c) -> dict:
        return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": round(c.precision, 4), "recall": round(c.recall, 4)}

    return {"documents": report.documents, "hard_negatives": report.hard_negatives,
            "section": counts(report.section), "commitment": counts(report.commitment),
            "section_by_lang": {lang: counts(c) for lang, c in sorted(report.by_lang.items())},
            "hard_negative_links": [{"document": d, "commitment": c} for d, c in report.hard_negative_links],
            "errors": list(report.errors)}


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match(file: str = typer.Argument("-", help="JSON lines {id, title, text, lang?, url?, published?}; - for stdin."),
              format: str = typer.Option("jsonl", "--format", help="Output format (jsonl).")) -> None:
        """Extract mentions and suggest commitment links for each document (no database, no network)."""
        from config.roadmap_data import load_bundle
        from config.settings import get_settings
        from extractors.extract import extract_mentions
        from extractors.linker import Linker

        if format != "jsonl":
            raise MatchInputError(f"unknown format {format!r}: only jsonl is supported")
        if file != "-" and not Path(file).is_file():
            raise MatchInputError(f"{file}: no such file")
        linker = Linker(load_bundle().commitment_infos(), threshold=get_settings().link_threshold)
        stream = sys.stdin.buffer if file == "-" else open(file, "rb")
        try:
            errors = run_match(decoded_lines(stream), sys.stdout, linker=linker, extract=extract_mentions,
                               name="<stdin>" if file == "-" else file)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        sys.stdout.flush()
        if errors:
            shown = "; ".join(errors[:10]) + (f"; ... {len(errors) - 10} more" if len(errors) > 10 else "")
            raise MatchInputError(f"{len(errors)} bad input line(s) skipped: {shown}")

    @app.command("evaluate-links")
    def evaluate_links(file: Path = typer.Argument(DEFAULT_LINKSET, help="Labelled JSON lines (with gold commitments)."),
                       threshold: Optional[float] = typer.Option(None, help="Override the settings' link threshold."),
                       format: Format = typer.Option(Format.table, "--format", help="table (lines) or json.")) -> None:
        """Precision and recall of suggested links, at section and commitment level."""
        from evaluation.linking import evaluate_linking

        if not file.is_file():
            raise MatchInputError(f"{file}: no such file")
        try:
            report = evaluate_linking(file, threshold=threshold)
        except ValueError as exc:
            raise MatchInputError(str(exc)) from None
        if format is Format.json:
            write_json(link_report_json(report))
            return
        for line in report.lines():
            typer.echo(line)
