"""What a sentence says of a mention, for linking: did it happen, and between whom.

- parties: the roadmap is bilateral, so Japan and Canada must both be party to what is reported;
  another partner alone (a Japan–Australia agreement) all but rules a link out;
- happened: the sentence reports an action (signed, held, entered into force...) rather than
  background; a joint position ("concurred", 一致) makes it said; history makes even a verb background.
"""
from __future__ import annotations

from extractors.countries import country_finder
from extractors.cues import mask_places
from extractors.field_cues import field_cues
from extractors.passage_links import TOPIC_COUNTRIES
from sources.textnorm import normalize
from extractors.types import DocumentInput, Mention

STRONG_ACTIONS = frozenset({"signed", "entered_into_force", "ratified", "held", "conducted", "convened", "hosted",
                            "met", "participated", "concluded", "launched", "established",
                            "agreed_to_establish", "revised", "renewed", "deployed", "visited", "dispatched"})
WEAK_ACTIONS_WEIGHT = 0.6   # announced, welcomed, agreed...: something was said rather than done
HEAD_CHARS = 300              # the title and lede: where a release says whom it is about
PARTIES = ("JP", "CA")
MULTILATERAL = "multilateral"
COUNTRY_NAMES = {MULTILATERAL: "a multilateral forum", "JP": "Japan", "CA": "Canada", "AU": "Australia",
                 "US": "the United States", "GB": "the UK", "FR": "France", "DE": "Germany", "IT": "Italy", "IN": "India", "KR": "South Korea",
                 "PH": "the Philippines", "NZ": "New Zealand", "EU": "the EU", "CN": "China"}


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


def field_factor(cues, *, work: bool, bilateral: bool, in_title: bool, in_list: bool = False) -> tuple[float, str]:
    """How far a field of cooperation the roadmap names (critical minerals, 北極研究) is reported as
    worked on. ``cues`` and ``work`` (it reports working together): of its sentence without the
    field's own words (「青少年交流」 is no report of exchanges); ``bilateral``: that sentence names Japan and Canada, or one of them and a pair word
    ("bilateral", 両国); ``in_list``: the field is one item of a list of areas. A field is a topic, so
    a verb or a joint position alone does not make it reported, nor does an agenda of areas."""
    if in_list and not in_title:
        return 0.0, "a field of cooperation in a list of areas (an agenda, not work reported)"
    if not bilateral:
        return 0.0, "a field of cooperation, not shown to be worked on by Japan and Canada"
    if in_title:
        return 1.0, "the release's subject (a field of cooperation named in its title)"
    if work and not cues.background and not cues.history:
        return WEAK_ACTIONS_WEIGHT, "work together reported in a field the roadmap names"
    return 0.0, "a field of cooperation named, no work together reported"


def field_happened(m: Mention, cues, in_title: bool, lang: str) -> tuple[float, str]:
    """``field_factor`` of a field mention, its sentence read (with ``cues``, a CueFinder) without the
    field's own words."""
    at = max(0, m.start - m.sentence_start)
    rest = normalize(m.sentence[:at] + " " + m.sentence[at + len(m.text):])
    words = field_cues(lang)
    named = set(m.countries) & set(PARTIES)
    bilateral = named == set(PARTIES) or bool(named) and words.names_pair(rest)
    return field_factor(cues.read(rest), work=words.reports_work(rest), bilateral=bilateral, in_title=in_title,
                        in_list=words.in_list(m.sentence, at, at + len(m.text)))


def joint_position(cues, *, bilateral: bool) -> bool:
    """A sentence that states what the two sides agreed, or (``bilateral``: between Japan and Canada)
    what they do together, and is not background."""
    return (cues.agreed or (cues.together and bilateral)) and not cues.background


def _name(code: str) -> str:
    return COUNTRY_NAMES.get(code, code)
