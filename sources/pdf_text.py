"""Releases published as PDFs (MOD puts some of its releases in its feed as PDFs): their text, by pypdf.

Pure: bytes in, `ParsedRelease` out. The title and date come from the feed item when it has them (a
PDF's own metadata is rarely filled in), else from the first lines of the text.
"""
from __future__ import annotations

import io
import logging
from datetime import date

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from sources.cleaning import MIN_BODY_CHARS, clean_lines
from sources.dates import parse_date
from sources.errors import SiteChanged
from sources.html_tree import CONTROL_CHARS
from sources.languages import guess_lang
from sources.release import ListingItem, ParsedRelease

MAX_PAGES = 50  # a release is a few pages; a 300-page annex is not worth reading whole
TITLE_LINES = 5
logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every odd-but-readable PDF


def is_pdf(body: bytes, content_type: str | None = None) -> bool:
    """Whether a response is a PDF: by its label or by its first bytes (labels lie both ways)."""
    return body[:1024].lstrip().startswith(b"%PDF-") or (content_type or "").split(";")[0].strip() == "application/pdf"


def pdf_lines(body: bytes, *, url: str) -> list[str]:
    """The text of a PDF, one stripped line per text line. Raises SiteChanged when it cannot be read."""
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted:
            reader.decrypt("")
        texts = [page.extract_text() or "" for page in reader.pages[:MAX_PAGES]]
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise SiteChanged(f"PDF could not be read ({type(exc).__name__}: {exc})", url=url) from exc
    # Control characters (NUL among them, which PostgreSQL text refuses) are no visible text.
    return [" ".join(CONTROL_CHARS.sub("", line).split()) for text in texts for line in text.splitlines()
            if CONTROL_CHARS.sub("", line).strip()]


def parse_pdf_release(body: bytes, *, url: str, lang: str = "", default_type: str = "news-release",
                      item: ListingItem | None = None, fetched_on: date | None = None) -> ParsedRelease:
    """One release published as a PDF. Raises SiteChanged when the PDF is unreadable or has no text
    (a scan: nothing to extract without OCR)."""
    lines = clean_lines(pdf_lines(body, url=url))
    if not lines:
        raise SiteChanged("PDF has no extractable text (a scanned image?)", url=url)
    title = (item.title if item and item.title else "") or lines[0]
    if lines[0] == title:
        lines = lines[1:]
    reference = item.published if item and item.published else fetched_on
    published = (item.published if item else None) or next(
        (found for found in (parse_date(line, reference=reference) for line in lines[:TITLE_LINES]) if found), None)
    text = "\n".join(lines).strip()
    if len(text) < MIN_BODY_CHARS:
        raise SiteChanged("PDF has no body text", url=url)
    return ParsedRelease(canonical_url=url, title=title, published=published, body=text,
                         lang=lang if lang not in ("", "auto") else guess_lang(title + "\n" + text),
                         content_type=default_type or "news-release")
