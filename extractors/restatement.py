"""Releases and sentences that restate what the governments mean to do rather than report a happening.

- a release that issues or restates a plan document (the roadmap itself, a joint statement, an action
  plan): its sentences list commitments ("the two countries participate in…", "the ACSA entered into
  force"), and are no news of their own;
- an intention about a happening: "concurred to expand participation", 「参加を拡大することで一致」,
  « convenu de renforcer la participation »;
- a sentence that looks back: it welcomes or reviews what it names.
Cues are data (``config/patterns/event_cues.yaml``). Pure functions.
"""
from __future__ import annotations

import re

from extractors.actions import action_finder
from extractors.event_cues import event_cues
from extractors.segment import sentence_spans

# The lede says this release issues or adopts a plan document (not that one was issued earlier):
# en/fr an active verb followed by the document; ja the document followed by its verb.
_ISSUED = {
    "en": re.compile(r"\b(?:issu|releas|adopt|unveil|launch|announc|publish|endors|sign)(?:e|ed|es|ing)? (?!on\b|in\b)"),
    "fr": re.compile(r"\b(?:publi|adopt|dévoil|lanc|annonc|approuv|sign)\w* (?!le \d|en\b)"),
    "ja": re.compile(r"^[^、。]{0,12}?(?:を|に)?(?:発出|発表|採択|公表|策定|署名|承認)"),
}
_ISSUED_REACH = 60  # characters from an en/fr verb to the document it issues
_INTENT_WINDOW = 60  # characters before an en/fr trigger searched for an intention
_LOOKING_BACK = frozenset({"welcomed", "reviewed"})
_DONE_UNDER = frozenset({"held", "conducted", "participated"})
_AGREEMENT_ACTS = frozenset({"signed", "entered_into_force", "revised", "planned"})
_SAME_KIND = {"held": {"held", "conducted"}, "conducted": {"held", "conducted"}}


def restates_plan(title: str, text: str, lang: str) -> bool:
    """True when the release issues or restates a plan document: its title names one, or its lede's
    first sentence says one was issued or adopted."""
    cues = event_cues(lang)
    fold = (lambda s: s) if lang == "ja" else str.lower
    if cues.plan_documents.search(fold(title or "")):
        return True
    spans = sentence_spans(text[:400])
    first = fold(text[spans[0][0]:spans[0][1]] if spans else text[:200])
    issued = _ISSUED.get(lang, _ISSUED["en"])
    if lang == "ja":
        return any(issued.match(first[m.end():]) for m in cues.plan_documents.finditer(first))
    return any(cues.plan_documents.search(first, m.end(), m.end() + _ISSUED_REACH) for m in issued.finditer(first))


def action_trigger(sentence: str, start: int, end: int, action: str | None, lang: str,
                   also: frozenset[str] = frozenset()) -> tuple[int, int] | None:
    """Where in ``sentence`` the word that gave the mention at ``sentence[start:end]`` its ``action``
    is (the nearest trigger of that action, or of a label in ``also``), or None."""
    if not action:
        return None
    labels = _SAME_KIND.get(action, {action}) | also
    triggers = [(ts, te) for ts, te, label in action_finder(lang if lang in ("ja", "en", "fr") else "en")
                .triggers(sentence) if label in labels and not (ts < end and te > start)]
    if not triggers:
        return None
    return min(triggers, key=lambda t: min(abs(t[0] - end), abs(start - t[1])))


def states_intent(sentence: str, start: int, end: int, action: str | None, lang: str) -> bool:
    """True when the trigger that gave the mention at ``sentence[start:end]`` its ``action`` is the
    object of an intention ("agreed to expand participation"): something to do, not done."""
    # The action finder may itself read the word as planned ("expand participation"): the same word.
    trigger = action_trigger(sentence, start, end, action, lang, also=frozenset({"planned"}))
    if trigger is None:
        return False
    cues = event_cues(lang)
    folded = sentence if lang == "ja" else sentence.lower()
    ts, te = trigger
    if lang == "ja":
        return bool(cues.intent.match(folded[te:te + 30]))
    return bool(cues.intent.search(folded[max(0, ts - _INTENT_WINDOW):ts]))


def looks_back(sentence: str, lang: str) -> bool:
    """True when the sentence welcomes, commends or reviews ("the leaders welcomed the conduct of…",
    「…の実施を歓迎」): what it names was done before, and is not news of this release."""
    finder = action_finder(lang if lang in ("ja", "en", "fr") else "en")
    return any(label in _LOOKING_BACK for _, _, label in finder.triggers(sentence))


def agreement_act(sentence: str, start: int, end: int, action: str | None, lang: str) -> str | None:
    """The act an agreement named at ``sentence[start:end]`` underwent: ``action``, unless that is
    something done *under* an agreement (held, conducted: 「実施取決めの署名が行われ」 gives 実施 first)
    and the sentence also says it was signed, revised or entered into force: then that act."""
    if action not in _DONE_UNDER:
        return action
    finder = action_finder(lang if lang in ("ja", "en", "fr") else "en")
    acts = [(min(abs(ts - end), abs(start - te)), label) for ts, te, label in finder.triggers(sentence)
            if label in _AGREEMENT_ACTS and not (ts < end and te > start)]
    return min(acts)[1] if acts else action

