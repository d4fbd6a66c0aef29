"""Candidate links from passages, without a named mechanism: "the two ministers concurred to
strengthen cooperation on Women, Peace and Security", 「LNGの安定供給で連携していくことで一致」.

A passage (a sentence, or the title) is evidence for the commitment it reads most like (BM25, see
:mod:`extractors.passage_index`) when three signals agree:
- topic: its BM25 score for that commitment, against a full score per language, and how far it
  stands above the best commitment of another section (a list of areas reads like many sections);
- reported: a joint position (agreed, concurred, 一致, convenu) and joint-work words (cooperate,
  連携, coopérer) — background (history, congratulations, membership) weighs it down;
- parties: Japan and Canada named in the passage, or in a release about the two of them.
A chapter's lead statement (1-p1: "strengthen security and defence cooperation") is the nearest text
for generic wording ("deepen cooperation in security and the economy"): a passage closest to one
yields nothing (a lead is still linked through the mechanisms it names, as mentions).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from config.roadmap_data import CommitmentInfo
from extractors.actions import action_finder
from extractors.anniversary import anniversary_numbers, other_anniversary
from extractors.countries import country_finder
from extractors.cues import cue_finder, implied_countries, mask_places
from extractors.passage_index import PassageIndex
from extractors.similarity import commitment_text
from extractors.segment import sentence_spans
from sources.textnorm import normalize

PARTIES = frozenset({"JP", "CA"})
# "the economic dialogue between the two countries" names the bilateral economic dialogue
_BILATERAL = {"en": (re.compile(r"\bbetween (?:the|our) two countries\b", re.I), "bilateral"),
              "fr": (re.compile(r"\bentre (?:les|nos) deux pays\b", re.I), "bilatéral"),
              "ja": (re.compile(r"両国間の?"), "二国間の")}
TOPIC_COUNTRIES = frozenset({"KP"})  # what cooperation is about (sanctions on North Korea), never a partner
FULL_SCORE = {"en": 9.0, "fr": 7.0, "ja": 9.0}  # BM25 at which the topic counts in full
MIN_SCORE = {"en": 4.0, "fr": 3.5, "ja": 4.0}   # below this a passage is not worth a candidate
FULL_TERMS = 8     # a title with this many commitment terms can reach the full score
TITLE_SHARE = 0.5  # the full score of the shortest titles, as a share of it
MIN_SHARED_NAME = 3                             # ... and a mechanism's name, to read like one bullet
MIN_SHARED = 2                                  # distinct commitment terms a passage must share
NO_CUE = 0.45      # what a passage with neither a joint position nor joint work keeps of its topic
WEAK = 0.3         # topic x parties under this: a low-confidence candidate whatever its wording
RIVAL_FREE = 0.6   # a runner-up (other section) under this share of the best score costs nothing
HEAD_CHARS = 300


@dataclass(frozen=True)
class DocParties:
    """Whom a release is about: countries named in its title and lede, and in the whole text."""
    head: frozenset
    counts: Counter
    pair: bool          # Japan and Canada are both named somewhere in the release
    pair_head: bool     # ... in its title or lede

    @property
    def about_pair(self) -> bool:
        """The release is about Japan and Canada: its title and lede name the two and no other partner,
        or it names the two and no other partner anywhere."""
        if self.pair_head and not self.head - PARTIES - TOPIC_COUNTRIES:
            return True
        return self.pair and not set(self.counts) - PARTIES - TOPIC_COUNTRIES


@dataclass(frozen=True)
class PassageEvidence:
    cid: str
    score: float
    span: tuple[int, int]   # offsets into the document's text; (0, 0) for the title
    rationale: str


def document_parties(title: str, text: str, lang: str) -> DocParties:
    finder = country_finder(lang)
    norm = normalize(f"{title}\n{text}")
    implied = implied_countries(norm, lang)
    masked = mask_places(norm, lang) if implied else norm
    counts = Counter(code for _, code in finder.find(masked))
    for code in implied - set(counts):
        counts[code] = 1
    head = frozenset(finder.codes(masked[:len(title) + 1 + HEAD_CHARS]))
    return DocParties(head=head, counts=counts, pair=PARTIES <= set(counts), pair_head=PARTIES <= head)


def chapter_leads(commitments: list[CommitmentInfo]) -> frozenset:
    """Statements at a chapter's own level in a chapter that has numbered sub-sections (1-p1, 2-p1)."""
    sections = {c.section for c in commitments}
    return frozenset(c.cid for c in commitments
                     if c.kind == "statement" and c.section == c.chapter
                     and any(s.startswith(c.section + ".") for s in sections))


def party_factor(codes: set, parties: DocParties) -> tuple[float, str]:
    """How far the passage is about Japan and Canada together, and why."""
    others = codes - PARTIES - TOPIC_COUNTRIES
    if PARTIES <= codes:
        return (0.6, "names Japan and Canada (and others)") if others else (1.0, "names Japan and Canada")
    if parties.about_pair and not others:
        return 0.9, "in a release about Japan and Canada"
    if parties.pair and not others and not (parties.head - PARTIES - TOPIC_COUNTRIES):
        return 0.75, "in a release naming Japan and Canada"
    return 0.2, "not shown to be between Japan and Canada"


def report_factor(cues, acted: str | None) -> tuple[float, str]:
    """How far the passage reports something done or agreed together; ``acted`` is an action it reports."""
    said = f"reports {acted}" if acted else "joint position"
    if (cues.agreed or acted) and cues.together:
        factor, note = 1.0, f"{said} on joint work"
    elif cues.agreed or acted or cues.together:
        factor, note = 0.75, said if (cues.agreed or acted) else "joint work named"
    else:
        factor, note = NO_CUE, "no joint position or joint work"
    if cues.background:
        factor, note = factor * 0.5, note + ", background wording"
    return factor, note


class PassageLinker:
    """Passage candidates of one document against one set of commitments."""

    def __init__(self, commitments: list[CommitmentInfo], index: PassageIndex | None = None):
        self.commitments = commitments
        self.index = index or PassageIndex(commitments)
        self.sections = [c.section for c in commitments]
        self.leads = chapter_leads(commitments)
        sections = np.array(self.sections)
        self.other_section = sections[:, None] != sections[None, :]  # [i, j]: j is in another section than i
        # commitments that name a country of concern (North Korea): a passage about it links to these only
        self.concerns = {lang: [set(country_finder(lang).codes(commitment_text(c, lang))) & TOPIC_COUNTRIES
                                for c in commitments] for lang in FULL_SCORE}
        self.anniversaries = {lang: [anniversary_numbers(commitment_text(c, lang), lang) for c in commitments]
                              for lang in FULL_SCORE}

    def candidates(self, title: str, text: str, lang: str, parties: DocParties) -> list[PassageEvidence]:
        """The best evidence per commitment from the title and each sentence of ``text``."""
        if lang not in FULL_SCORE:
            return []
        norm = normalize(text)
        spans = sentence_spans(norm)
        passages = [((0, 0), normalize(title))] + [((s, e), norm[s:e]) for s, e in spans]
        queries = [self.index.query_terms(passages[0][1], lang), *self.index.sentence_queries(norm, spans, lang)]
        finder, cues_of, actions = country_finder(lang), cue_finder(lang), action_finder(lang)
        best: dict[str, PassageEvidence] = {}
        seen = set()
        for (span, passage), query in zip(passages, queries):
            if not passage.strip() or passage in seen:
                continue
            seen.add(passage)
            found = self._topic(passage, lang, title=span == (0, 0), query=query)
            if found is None:
                continue
            i, topic, topic_note = found
            codes = set(finder.codes(passage))
            if codes & TOPIC_COUNTRIES and not codes & self.concerns[lang][i]:
                continue  # North Korea's weapons are not the Global Partnership's programmes
            cid = self.commitments[i].cid
            party, party_note = party_factor(codes, parties)
            if topic * party < WEAK:  # kept for analysts, but not worth reading its wording
                score = round(topic * party * NO_CUE, 3)
                if cid not in best or score > best[cid].score:
                    best[cid] = PassageEvidence(cid, score, span, f"a passage reads a little like {cid} "
                                                f"({topic_note}) — {party_note}")
                continue
            cues = cues_of.read(passage)
            acted = next((label for _, _, label in actions.triggers(passage) if label != "planned"), None)
            if span == (0, 0) and cues.event and not acted:
                acted = "the event its title names"  # an outline release: the event is its subject
            report, report_note = report_factor(cues, acted)
            score = round(topic * party * report, 3)
            if cid not in best or score > best[cid].score:
                where = "the title" if span == (0, 0) else "a sentence"
                best[cid] = PassageEvidence(cid, score, span,
                                            f"{where} reads like {cid} ({topic_note}) — {report_note} — {party_note}")
        return sorted(best.values(), key=lambda ev: -ev.score)

    def name_topic(self, name: str, lang: str) -> tuple[str, float, str] | None:
        """(commitment id, strength in [0, 1], note) when a mechanism's name reads like one bullet
        (scored like a title: a name is short), else None."""
        if lang not in FULL_SCORE:
            return None
        name = _BILATERAL[lang][0].sub(_BILATERAL[lang][1], normalize(name))
        found = self._topic(name, lang, name=True)
        if found is None:
            return None
        i, topic, note = found
        if len(self.index.shared(self.index.query_terms(name, lang), i, lang)) < MIN_SHARED_NAME:
            return None  # "policy consultations", "rescue training": two words fit many bullets
        return self.commitments[i].cid, topic, note

    def _topic(self, passage: str, lang: str, *, title: bool = False, name: bool = False,
               query: list[str] | None = None):
        query = self.index.query_terms(passage, lang) if query is None else query
        if len(set(query)) < MIN_SHARED:
            return None
        scores = self.index.scores(query, lang)
        i = int(scores.argmax())
        top = float(scores[i])
        # BM25 adds up over the query's terms: a title or a name, a few words naming the subject,
        # cannot reach a sentence's score (a name may be shorter still: its floor scales too)
        scale = min(1.0, max(TITLE_SHARE, len(set(query)) / FULL_TERMS)) if title or name else 1.0
        if top < MIN_SCORE[lang] * (scale if name else 1.0) or self.commitments[i].cid in self.leads:
            return None
        if other_anniversary(passage, self.anniversaries[lang][i], lang):
            return None  # the 90th anniversary is not the 100th a bullet plans for
        shared = self.index.shared(query, i, lang)
        if len(shared) < MIN_SHARED:
            return None
        others = np.where(self.other_section[i], scores, -1.0)  # the best commitment of another section
        j = int(others.argmax())
        share = max(float(others[j]), 0.0) / top
        dominance = 1.0 if share <= RIVAL_FREE else 1.0 - 0.6 * (share - RIVAL_FREE) / (1 - RIVAL_FREE)
        topic = min(1.0, top / (FULL_SCORE[lang] * scale)) * dominance
        return i, topic, f"BM25 {top:.1f}, shared terms: {', '.join(shared[:5])}" + (
            f", close to section {self.sections[j]}" if share > RIVAL_FREE else "")
