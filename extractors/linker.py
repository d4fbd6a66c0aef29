"""Link a document's mentions to the roadmap commitments they are evidence for.

Signals, per mention and commitment:
- subject: the mention's canonical entity is one the commitment names (gazetteer ``commitments``),
  or, for a name the gazetteer lacks, the sentence reads like the commitment (lexical similarity);
- happened: the sentence reports an action (signed, held, entered into force...) rather than background;
- parties: the commitment is bilateral, so Japan and Canada must both be party to what is reported;
  another partner alone (a Japan–Australia agreement) all but rules the link out.
score = subject × (0.4 + 0.6 × happened) × parties, in [0, 1]. A mention with no action counts as
reported when the release's title names it and it is an event, not a treaty (the release is about it:
an outline with no verb), and as
said when its sentence states a joint position ("concurred", 一致).
Passages give candidates of their own, without a named mechanism (extractors.passage_links). A
commitment's score is that of its best evidence, raised a little when mention and passage agree.
Every candidate is returned; those under the threshold have ``suggested=False`` (kept for audit).
"""
from __future__ import annotations

from dataclasses import replace

from config.roadmap_data import CommitmentInfo
from extractors.countries import country_finder
from extractors.cues import cue_finder, mask_places
from extractors.language import detect_language
from extractors.passage_links import TOPIC_COUNTRIES, PassageLinker, document_parties
from extractors.textnorm import normalize
from extractors.similarity import SimilarityIndex
from extractors.types import DocumentInput, Link, Mention

STRONG_ACTIONS = frozenset({"signed", "entered_into_force", "ratified", "held", "conducted", "convened", "hosted",
                            "met", "participated", "concluded", "launched", "established",
                            "agreed_to_establish", "revised", "renewed", "deployed", "visited", "dispatched"})
WEAK_ACTIONS_WEIGHT = 0.6   # announced, welcomed, agreed...: something was said rather than done
LEX_FULL = 0.5              # a lexical similarity at or above this counts as a full subject match
LEX_MIN = 0.12              # below this, a lexical candidate is not worth keeping even for audit
KNOWN_UNLINKED_DAMPING = 0.5  # a known entity the gazetteer ties to no commitment: lexical match is weak
OTHER_PARTNER_DAMPING = 0.5   # a release about other partners (Canada–Germany): its lines on Japan–Canada are background
HEAD_CHARS = 300              # the title and lede: where a release says whom it is about
LONE_PARTY = 0.3              # a release that never names both Japan and Canada reports nothing bilateral
NAME_WEIGHT = 0.9             # a name the gazetteer lacks that reads like a bullet: nearly a gazetteer hit
SIBLING_DAMPING = 0.5         # a passage's bullet when a named mechanism points to another bullet of its section
AGREEMENT_BONUS = 0.2         # share of the weaker of mention and passage evidence added when both agree
PARTIES = ("JP", "CA")
MULTILATERAL = "multilateral"
COUNTRY_NAMES = {MULTILATERAL: "a multilateral forum", "JP": "Japan", "CA": "Canada", "AU": "Australia", "US": "the United States", "GB": "the UK",
                 "FR": "France", "DE": "Germany", "IT": "Italy", "IN": "India", "KR": "South Korea",
                 "PH": "the Philippines", "NZ": "New Zealand", "EU": "the EU", "CN": "China"}


def guess_lang(text: str) -> str:
    """ja, en or fr (the extraction's detector; mixed pages are handled per paragraph by extraction)."""
    return detect_language(text[:4000])


def party_factor(countries: tuple[str, ...], doc_countries: set[str], *, release_pair: bool = False) -> tuple[float, str]:
    """How far Japan and Canada are both party to what the sentence reports, and why. ``release_pair``:
    the release is about Japan and Canada (its title and lede name both, or it names no other country)."""
    # North Korea is what cooperation is about (sanctions), never a partner: it does not count
    countries = tuple(c for c in countries if c not in TOPIC_COUNTRIES)
    doc_countries = set(doc_countries) - TOPIC_COUNTRIES
    named = set(countries) or set(doc_countries)
    if named and named < set(PARTIES):  # one party named here: the other may be named elsewhere in the release
        named |= doc_countries
    others = sorted(named - set(PARTIES))
    if set(PARTIES) <= named:
        in_sentence = set(PARTIES) <= set(countries)
        note = "in a sentence naming Japan and Canada" if in_sentence else "in a document naming Japan and Canada"
        return (0.7 if others else 1.0), note + (f" (with {', '.join(_name(c) for c in others)})" if others else "")
    if others:
        listed = sorted(named, key=lambda c: (c not in PARTIES, PARTIES.index(c) if c in PARTIES else 0, c))
        return 0.1, f"but the sentence names {' and '.join(_name(c) for c in listed)}, not Japan and Canada"
    if release_pair:
        return 0.9, "in a release about Japan and Canada"
    if named:
        return 0.6, f"in a sentence naming only {_name(next(iter(named)))}"
    return 0.75, "no country named"


def other_partner_document(doc: DocumentInput, lang: str) -> str | None:
    """The other partner a release is mainly about, when its title and lede name one and not both
    Japan and Canada ("Canada and Germany deepen energy cooperation"); else None."""
    lang = lang if lang in ("ja", "en", "fr") else "en"
    head = country_finder(lang).codes(mask_places(normalize(f"{doc.title}\n{doc.text[:HEAD_CHARS]}"), lang))
    others = [c for c in head if c not in PARTIES]
    if others and not set(PARTIES) <= set(head):
        return others[0]
    return None


def happened_factor(action: str | None, *, in_title: bool = False, agreed: bool = False,
                    history: bool = False) -> tuple[float, str]:
    """How far the sentence reports something done. ``history``: it tells the past ("eight years ago
    the agreement entered into force"), so even a strong verb is background."""
    if action in STRONG_ACTIONS and history:
        return 0.0, f"action: {action}, told as history (background)"
    if action is None and in_title:
        return 1.0, "the release's subject (named in its title)"
    if action is None and agreed:
        return WEAK_ACTIONS_WEIGHT, "no action, in a joint position (said, not done)"
    if action in STRONG_ACTIONS:
        return 1.0, f"action: {action}"
    if action == "reviewed":  # progress under an instrument checked: it operates, nothing new was done
        return WEAK_ACTIONS_WEIGHT, "action: reviewed (progress under it checked)"
    if action:
        return WEAK_ACTIONS_WEIGHT, f"action: {action} (said, not done)"
    return 0.0, "no action reported (background only)"


def joint_position(cues, *, bilateral: bool) -> bool:
    """A sentence that states what the two sides agreed, or (``bilateral``: between Japan and Canada)
    what they do together, and is not background."""
    return (cues.agreed or (cues.together and bilateral)) and not cues.background


def _name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)


class Linker:
    """Links documents against one set of commitments; build once, call ``link`` per document."""

    def __init__(self, commitments: list[CommitmentInfo], *, threshold: float, index: SimilarityIndex | None = None,
                 passages: PassageLinker | None = None):
        self.commitments = {c.cid: c for c in commitments}
        self.threshold = threshold
        self.index = index or SimilarityIndex(commitments)
        self.passages = passages or PassageLinker(commitments)
        self.by_entity: dict[str, list[str]] = {}
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
                                                if s >= LEX_MIN))
                if m.canonical_id is None:  # "Memorandum of Cooperation on Battery Supply Chains": the name itself
                    named = self.passages.name_topic(m.text, lang)
                    if named:
                        by_name[named[0]] = (NAME_WEIGHT * named[1], named[2])
                        candidates[named[0]] = None
            parties, party_note = party_factor(m.countries, doc_countries, release_pair=release_pair)
            if not doc_parties.pair and not set(PARTIES) <= set(m.countries):
                parties, party_note = min(parties, LONE_PARTY), party_note + " (the release never names both)"
            # an event (meeting, exercise, programme's event) a title names is the release's subject;
            # a treaty in a title may be an anniversary, so an agreement needs its own verb
            in_title = m.type != "agreement" and bool(title) and normalize(m.text) in title
            sentence_cues = cues.read(normalize(m.sentence))
            said = joint_position(sentence_cues, bilateral=release_pair or set(PARTIES) <= set(m.countries))
            for cid in candidates:  # a joint position makes a named mechanism said; a look-alike needs an act
                happened, action_note = happened_factor(m.action, in_title=in_title,
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
        self._add_passages(doc, doc_lang, doc_parties, other, best, spans)
        links = []
        for cid, (score, m, rationale) in best.items():
            c = self.commitments[cid]
            support = tuple(sorted({s for sc, s in spans[cid] if sc >= 0.8 * score and s != (0, 0)}))
            links.append(Link(commitment_id=cid, section=c.section, score=score, rationale=rationale,
                              mention_spans=support, action=m.action if m else None,
                              canonical_id=m.canonical_id if m else None, suggested=score >= self.threshold))
        return sorted(links, key=lambda link: (-link.score, link.commitment_id))


    def _add_passages(self, doc: DocumentInput, lang: str, parties, other: str | None, best: dict,
                      spans: dict) -> None:
        """Merge the passage candidates into ``best``: a commitment both kinds of evidence support
        gains a share of the weaker one's score."""
        named = {}  # section -> a commitment a named mechanism already links, for the bullet within it
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
            damped = "background line" in rationale or "background line" in ev.rationale
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
