"""Link a document's mentions and passages to the roadmap commitments they are evidence for.

Per mention and commitment (signals in extractors.link_signals):
- subject: the mention's canonical entity is one the commitment names (gazetteer ``commitments``);
  for a name the gazetteer lacks, the name itself or its sentence reads like the commitment;
- happened: the sentence reports an action rather than background; a mention with no action counts
  as reported when the release's title names it and it is an event, not a treaty (an outline with no
  verb), and as said when its sentence states a joint position ("concurred", 一致);
- parties: Japan and Canada must both be party to what is reported.
A field of cooperation the roadmap names (critical minerals, 北極研究) is a topic, not a mechanism:
it counts as reported only where its sentence reports the two working on it (link_signals.field_happened),
and its link names no entity (a topic makes no event).
score = subject × (0.4 + 0.6 × happened) × parties, in [0, 1].
Passages give candidates of their own, without a named mechanism (extractors.passage_links). A
commitment's score is that of its best evidence, raised a little when mention and passage agree.
Every candidate is returned; those under the threshold have ``suggested=False`` (kept for audit).
"""
from __future__ import annotations

from dataclasses import replace

from config.roadmap_data import CommitmentInfo
from extractors.anniversary import anniversary_numbers, other_anniversary
from extractors.countries import country_finder
from extractors.cues import cue_finder
from extractors.field_cues import field_cues, fields_in_name
from extractors.gazetteer import load_gazetteer
from sources.languages import guess_lang
from extractors.link_signals import (COUNTRY_NAMES, HEAD_CHARS, MULTILATERAL, PARTIES, STRONG_ACTIONS,  # noqa: F401
                                     WEAK_ACTIONS_WEIGHT, _name, field_happened, happened_factor, joint_position,
                                     other_partner_document, party_factor)
from extractors.passage_links import PassageLinker, document_parties
from extractors.similarity import SimilarityIndex, commitment_text
from sources.textnorm import normalize
from extractors.types import DocumentInput, Link, Mention

LEX_FULL = 0.5              # a lexical similarity at or above this counts as a full subject match
LEX_MIN = 0.12              # below this, a lexical candidate is not worth keeping even for audit
KNOWN_UNLINKED_DAMPING = 0.5  # a known entity the gazetteer ties to no commitment: lexical match is weak
OTHER_PARTNER_DAMPING = 0.5   # a release about other partners (Canada–Germany): its lines on Japan–Canada are background
LONE_PARTY = 0.3              # a release that never names both Japan and Canada reports nothing bilateral
NAME_WEIGHT = 0.9             # a name the gazetteer lacks that reads like a bullet: nearly a gazetteer hit
SIBLING_DAMPING = 0.5         # a passage's bullet when a named mechanism points to another bullet of its section
AGREEMENT_BONUS = 0.2         # share of the weaker of mention and passage evidence added when both agree


class Linker:
    """Links documents against one set of commitments; build once, call ``link`` per document."""

    def __init__(self, commitments: list[CommitmentInfo], *, threshold: float, index: SimilarityIndex | None = None,
                 passages: PassageLinker | None = None, fields: frozenset[str] | None = None):
        self.commitments = {c.cid: c for c in commitments}
        self.threshold = threshold
        self.index = index or SimilarityIndex(commitments)
        self.passages = passages or PassageLinker(commitments)
        self.fields = load_gazetteer().fields() if fields is None else fields  # topics, not mechanisms
        for lang in ("ja", "en", "fr"):  # read now (raises CueConfigError), not by the first release naming a field
            field_cues(lang)
        self.by_entity: dict[str, list[str]] = {}
        self._anniversaries: dict[tuple[str, str], frozenset[int]] = {}
        for c in commitments:
            for ent in c.entities:
                self.by_entity.setdefault(ent, []).append(c.cid)

    def link(self, doc: DocumentInput, mentions: list[Mention]) -> list[Link]:
        """All candidate links of one document, best first (see the module docstring for the score)."""
        doc_lang = doc.lang or next((m.lang for m in mentions if m.lang), None) or guess_lang(doc.text)
        doc_countries = {c for m in mentions for c in m.countries}
        other = other_partner_document(doc, doc_lang)
        title = normalize(doc.title or "")
        cue_lang = doc_lang if doc_lang in ("ja", "en", "fr") else "en"
        cues = cue_finder(cue_lang)
        doc_parties = document_parties(doc.title or "", doc.text, doc_lang)
        release_pair = doc_parties.about_pair
        if cues.multilateral(title) and not set(PARTIES) <= set(country_finder(cue_lang).codes(title)):
            other, release_pair = other or MULTILATERAL, False  # a G7 ministerial held in Japan: about the forum
            doc_parties = replace(doc_parties, pair_head=False, pair=False)
        best: dict[str, tuple[float, Mention | None, str]] = {}
        spans: dict[str, list[tuple[float, tuple[int, int]]]] = {}
        sentence_cache: dict[tuple[str, str], tuple[dict, dict]] = {}
        for m in mentions:
            lang = m.lang or doc_lang
            key = (m.sentence, lang)
            if key not in sentence_cache:
                vec = self.index.vector(m.sentence, lang)
                sentence_cache[key] = (vec, self.index.scores_for_vector(vec, lang))
            vec, lex = sentence_cache[key]
            linked = self.by_entity.get(m.canonical_id or "", [])
            top_lex = max(lex.values(), default=1.0)
            candidates = dict.fromkeys(linked)
            by_name: dict[str, tuple[float, str]] = {}
            if not linked:  # a name the gazetteer lacks (or ties to nothing): fall back on the wording
                candidates.update(dict.fromkeys(c for c, s in sorted(lex.items(), key=lambda kv: -kv[1])[:3]
                                                if s >= LEX_MIN and not self._other_anniversary(m.text, c, lang)))
                if m.canonical_id is None:  # "Memorandum of Cooperation on Battery Supply Chains": the name itself
                    named = self.passages.name_topic(m.text, lang)
                    if named:
                        by_name[named[0]] = (NAME_WEIGHT * named[1], named[2])
                        candidates[named[0]] = None
                    for cid in self._field_bullets(m.text, lang):  # "… Promotion of Space Cooperation"
                        by_name[cid] = (NAME_WEIGHT, "it names a field of cooperation of this bullet")
                        candidates[cid] = None
            parties, party_note = party_factor(m.countries, doc_countries, release_pair=release_pair)
            if not doc_parties.pair and not set(PARTIES) <= set(m.countries):
                parties, party_note = min(parties, LONE_PARTY), party_note + " (the release never names both)"
            # an event (meeting, exercise, programme's event) a title names is the release's subject;
            # a treaty in a title may be an anniversary, so an agreement needs its own verb
            in_title = m.type != "agreement" and bool(title) and normalize(m.text) in title
            sentence_cues = cues.read(normalize(m.sentence))
            said = joint_position(sentence_cues, bilateral=release_pair or set(PARTIES) <= set(m.countries))
            field = field_happened(m, cues, in_title, cue_lang) if m.canonical_id in self.fields else None
            for cid in candidates:  # a joint position makes a named mechanism said; a look-alike needs an act
                happened, action_note = field or happened_factor(m.action, in_title=in_title,
                                                                 agreed=said and (cid in linked or cid in by_name),
                                                                 history=sentence_cues.history)
                lex_scaled = min(1.0, lex.get(cid, 0.0) / LEX_FULL)
                if cid in linked:
                    subject, subject_note = 0.8 + 0.2 * lex_scaled, f"mentions {m.text}"
                else:
                    damping = KNOWN_UNLINKED_DAMPING if m.canonical_id else 1.0
                    relative = lex.get(cid, 0.0) / top_lex  # runners-up to the closest commitment count less
                    subject = 0.85 * lex_scaled * damping * relative ** 2
                    shared = self.index.shared_terms(vec, cid, lang)
                    if len(shared) < 2:  # one shared word ("consultations") is not a topic
                        subject *= 0.5
                    terms = ", ".join(shared)
                    subject_note = f"mentions {m.text} (not in the gazetteer for this commitment; shared terms: {terms})"
                    if cid in by_name and by_name[cid][0] > subject:
                        subject = by_name[cid][0]
                        subject_note = f"mentions {m.text} (its name reads like {cid}: {by_name[cid][1]})"
                score = subject * (0.4 + 0.6 * happened) * parties
                rationale = f"{subject_note} — {action_note} — {party_note}"
                if other and m.sentence_start >= HEAD_CHARS:
                    score *= OTHER_PARTNER_DAMPING
                    rationale += f" — in a release about {_name(other)} (a background line)"
                score = round(score, 3)
                spans.setdefault(cid, []).append((score, (m.start, m.end)))
                if cid not in best or score > best[cid][0]:
                    best[cid] = (score, m, rationale)
        self._damp_field_siblings(best)
        self._add_passages(doc, doc_lang, doc_parties, other, best, spans)
        links = []
        for cid, (score, named_by, rationale) in best.items():  # named_by: None for passage-only evidence
            c = self.commitments[cid]
            support = tuple(sorted({s for sc, s in spans[cid] if sc >= 0.8 * score and s != (0, 0)}))
            links.append(Link(commitment_id=cid, section=c.section, score=score, rationale=rationale,
                              mention_spans=support, action=named_by.action if named_by else None,
                              canonical_id=self._named(named_by), suggested=score >= self.threshold))
        return sorted(links, key=lambda link: (-link.score, link.commitment_id))

    def _other_anniversary(self, name: str, cid: str, lang: str) -> bool:
        """A name holding another anniversary than the bullet's ("90周年" for the 100th's bullet)."""
        if lang not in ("ja", "en", "fr"):
            return False
        numbers = self._anniversaries.get((cid, lang))
        if numbers is None:  # a commitment's own numbers, read once
            numbers = self._anniversaries[cid, lang] = anniversary_numbers(commitment_text(self.commitments[cid], lang), lang)
        return other_anniversary(name, numbers, lang)

    def _named(self, m: Mention | None) -> str | None:
        """The named thing a link rests on; a field is a topic, not a happening: it makes no event."""
        return m.canonical_id if m is not None and m.canonical_id not in self.fields else None

    def _field_bullets(self, name: str, lang: str) -> list[str]:
        """The bullets of the fields a mechanism's name holds (its subject)."""
        return [cid for eid in fields_in_name(name, lang) for cid in self.by_entity.get(eid, ())]

    def _damp_field_siblings(self, best: dict) -> None:
        """A field's bullet yields to the bullet a named mechanism of the same section points to
        (quantum research at the S&T joint committee is the committee's bullet)."""
        named = {self.commitments[cid].section for cid, (score, m, _) in best.items()
                 if m is not None and m.canonical_id not in self.fields and score >= self.threshold}
        for cid, (score, m, rationale) in list(best.items()):
            if m is not None and m.canonical_id in self.fields and self.commitments[cid].section in named:
                best[cid] = (round(score * SIBLING_DAMPING, 3), m,
                             rationale + " — but a named mechanism points to another bullet of this section")


    def _add_passages(self, doc: DocumentInput, lang: str, parties, other: str | None, best: dict,
                      spans: dict) -> None:
        """Merge the passage candidates into ``best``: a commitment both kinds of evidence support
        gains a share of the weaker one's score."""
        named: dict[str, str] = {}  # section -> a commitment a named mechanism already links, for the bullet within it
        for cid, (score, m, _) in best.items():
            if m is not None and score >= self.threshold:
                named.setdefault(self.commitments[cid].section, cid)
        for ev in self.passages.candidates(doc.title or "", doc.text, lang, parties):
            section = self.commitments[ev.cid].section
            if ev.cid not in best and section in named:
                ev = replace(ev, score=round(ev.score * SIBLING_DAMPING, 3),
                             rationale=ev.rationale + f" — but {named[section]} is the bullet a named mechanism points to")
            if other and ev.span[0] >= HEAD_CHARS:
                ev = replace(ev, score=round(ev.score * OTHER_PARTNER_DAMPING, 3),
                             rationale=ev.rationale + f" — in a release about {_name(other)} (a background line)")
            spans.setdefault(ev.cid, []).append((ev.score, ev.span))
            if ev.cid not in best:
                best[ev.cid] = (ev.score, None, ev.rationale)
                continue
            score, m, rationale = best[ev.cid]
            low, high = sorted((score, ev.score))
            damped = any(note in r for note in ("background line", "named mechanism points") for r in (rationale, ev.rationale))
            combined = high if damped else round(min(1.0, high + AGREEMENT_BONUS * low), 3)
            if ev.score > score:
                best[ev.cid] = (combined, m, f"{ev.rationale} — and {rationale}")
            else:
                best[ev.cid] = (combined, m, f"{rationale} — and {ev.rationale}")


def link_document(doc: DocumentInput, mentions: list[Mention], commitments: list[CommitmentInfo], *,
                  threshold: float) -> list[Link]:
    """All candidate links of ``doc`` to ``commitments``; ``suggested`` is ``score >= threshold``.

    For many documents build one ``Linker`` instead (it tokenizes the commitments once).
    """
    return Linker(commitments, threshold=threshold).link(doc, mentions)
