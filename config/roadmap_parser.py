"""Turns a roadmap written in plain structure into chapters, sections and commitments.

The structure it reads (blank lines carry no meaning):

    <title>
    1. <chapter title>              a chapter
    <prose>                         the leaders' prose: sentences that commit become statements
    1.1 <section title>             a section of chapter 1
    <lead-in ending in 、>          introduces the bullets; not a commitment
    - <bullet>                      a commitment
    <line between a bullet and its sub-bullets>  continues the bullet (``これには以下を含む：``)
     - <sub-bullet>                 a commitment under the bullet above it

IDs: ``<section>-<n>`` for bullets, ``<section>-<n><letter>`` for sub-bullets, ``<section>-p<k>`` for
the k-th committing sentence of prose; a chapter without sections is its own section (``3-1``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from string import ascii_lowercase

CHAPTER_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
SECTION_RE = re.compile(r"^(\d+)\.(\d+)\s+(\S.*)$")
BULLET_RE = re.compile(r"^-\s+(\S.*)$")
SUB_BULLET_RE = re.compile(r"^\s+-\s+(\S.*)$")
SENTENCE_RE = re.compile(r"[^。]+。?")
HEADING_LIKE_RE = re.compile(r"^[0-9０-９]+[.．]")  # a heading with a typo must not pass for prose
FINISHED = ("。", "：", ":", "」", "』", "）", ")")  # how a complete bullet or sentence ends

# A prose sentence commits when it says so; it only introduces what follows when it points at a list.
DEFAULT_COMMIT_MARKERS = ("コミット", "一致", "促す", "計画", "意向", "約束", "決意", "commit")
DEFAULT_LEAD_IN_MARKERS = ("以下",)


class RoadmapFormatError(ValueError):
    """The roadmap text has a line the parser cannot place."""

    def __init__(self, line_no: int, line: str, why: str):
        self.line_no, self.line = line_no, line
        super().__init__(f"line {line_no}: {why}: {line.strip()[:80]!r}")


@dataclass
class ParsedSection:
    number: str  # "1" for a chapter, "1.1" for a section
    chapter: str
    title: str
    parent: str | None
    order: int


@dataclass
class ParsedCommitment:
    cid: str
    chapter: str
    section: str
    kind: str  # bullet | sub-bullet | statement
    parent_cid: str | None
    order: int
    text: str
    line_no: int

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:16]


@dataclass
class ParsedRoadmap:
    title: str
    sections: list[ParsedSection] = field(default_factory=list)
    commitments: list[ParsedCommitment] = field(default_factory=list)

    def by_id(self) -> dict[str, ParsedCommitment]:
        return {c.cid: c for c in self.commitments}


def _is_commitment_sentence(sentence: str, commit_markers, lead_in_markers) -> bool:
    s = sentence.strip()
    if not s.endswith("。"):
        return False
    if any(m in s for m in lead_in_markers):
        return False
    return any(m in s for m in commit_markers)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parse_roadmap(text: str, *, commit_markers=DEFAULT_COMMIT_MARKERS,
                  lead_in_markers=DEFAULT_LEAD_IN_MARKERS) -> ParsedRoadmap:
    """Parse roadmap ``text``. Raises RoadmapFormatError naming the first line it cannot place."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = None
    result: ParsedRoadmap | None = None
    chapter: str | None = None
    section: str | None = None  # the commitments' section key (a chapter number when it has no sections)
    bullet_count: dict[str, int] = {}
    statement_count: dict[str, int] = {}
    last_bullet: ParsedCommitment | None = None
    unfinished: ParsedCommitment | None = None  # a bullet whose text goes on to the next line
    sub_count = 0
    order = 0

    def add(cid, kind, parent, body, line_no):
        nonlocal order
        order += 1
        nonlocal unfinished
        item = ParsedCommitment(cid, chapter, section, kind, parent, order, body, line_no)
        result.commitments.append(item)
        unfinished = item if kind != "statement" and not body.endswith(FINISHED) else None
        return item

    numbered = [(n, raw) for n, raw in enumerate(lines, start=1) if raw.replace("\u3000", " ").strip()]
    for index, (line_no, raw) in enumerate(numbered):
        line = raw.replace("\u3000", " ").rstrip()
        if title is None:
            if BULLET_RE.match(line.strip()) or CHAPTER_RE.match(line.strip()):
                raise RoadmapFormatError(line_no, raw, "the roadmap must start with its title")
            title = line.strip()
            result = ParsedRoadmap(title=title)
            continue
        stripped = line.strip()
        if m := SECTION_RE.match(stripped):
            ch, sec, sec_title = m.groups()
            if chapter is None or ch != chapter:
                raise RoadmapFormatError(line_no, raw, f"section {ch}.{sec} is not inside chapter {ch}")
            number = f"{ch}.{sec}"
            if any(s.number == number for s in result.sections):
                raise RoadmapFormatError(line_no, raw, f"section {number} appears twice")
            section = number
            result.sections.append(ParsedSection(number, ch, sec_title.strip(), ch, len(result.sections) + 1))
            last_bullet = unfinished = None
            continue
        if m := CHAPTER_RE.match(stripped):
            ch, ch_title = m.groups()
            expected = str(int(chapter) + 1) if chapter else "1"
            if ch != expected:
                raise RoadmapFormatError(line_no, raw, f"chapter {ch} found where chapter {expected} was expected")
            chapter = section = ch
            result.sections.append(ParsedSection(ch, ch, ch_title.strip(), None, len(result.sections) + 1))
            last_bullet = unfinished = None
            continue
        if HEADING_LIKE_RE.match(stripped):
            raise RoadmapFormatError(line_no, raw, "looks like a heading but is not `N. title` or `N.M title`")
        if chapter is None:
            raise RoadmapFormatError(line_no, raw, "text before the first chapter heading")
        if m := SUB_BULLET_RE.match(line):
            if last_bullet is None:
                raise RoadmapFormatError(line_no, raw, "a sub-bullet with no bullet above it")
            sub_count += 1
            if sub_count > len(ascii_lowercase):
                raise RoadmapFormatError(line_no, raw, "more than 26 sub-bullets under one bullet")
            add(f"{last_bullet.cid}{ascii_lowercase[sub_count - 1]}", "sub-bullet", last_bullet.cid, m.group(1).strip(), line_no)
            continue
        if m := BULLET_RE.match(stripped):
            if line != stripped and line.startswith(" "):
                raise RoadmapFormatError(line_no, raw, "an indented bullet that is not under a bullet")
            bullet_count[section] = bullet_count.get(section, 0) + 1
            last_bullet = add(f"{section}-{bullet_count[section]}", "bullet", None, m.group(1).strip(), line_no)
            sub_count = 0
            continue
        if unfinished is not None:  # a bullet wrapped onto this line
            unfinished.text = f"{unfinished.text}{stripped}"
            unfinished = None if stripped.endswith(FINISHED) else unfinished
            continue
        following = numbered[index + 1][1] if index + 1 < len(numbered) else ""
        if last_bullet is not None and SUB_BULLET_RE.match(following.replace("\u3000", " ")):
            last_bullet.text = f"{last_bullet.text}\n{stripped}"  # introduces the sub-bullets below
            continue
        # Prose: the leaders' paragraphs. Its committing sentences belong to the current section, or
        # to the chapter when it has no sections (the closing paragraph of chapter 3 is ``3-p1``).
        if not stripped.endswith(FINISHED + ("、", ",")):
            raise RoadmapFormatError(line_no, raw, "cannot place this line: not a heading, a bullet, a sentence or a lead-in")
        last_bullet = None
        for sentence in SENTENCE_RE.findall(stripped):
            if _is_commitment_sentence(sentence, commit_markers, lead_in_markers):
                statement_count[section] = statement_count.get(section, 0) + 1
                add(f"{section}-p{statement_count[section]}", "statement", None, sentence.strip(), line_no)
    if result is None:
        raise RoadmapFormatError(1, "", "the roadmap is empty")
    if not result.commitments:
        raise RoadmapFormatError(numbered[-1][0], numbered[-1][1], "the roadmap has no commitments")
    return result
