"""What a sentence reports happened: signed, entered into force, held, conducted, launched, …

Triggers are data (``config/patterns/actions.yaml``). The trigger nearest to a mention decides its
action; a prospective cue next to the trigger ("look forward to the entry into force", 「早期発効に
向け」) turns it into ``planned``. Actions in ``HAPPENED`` report something done.
"""
from __future__ import annotations

import re
from functools import lru_cache

from config.patterns_schema import read_patterns
from config.settings import CONFIG_DIR
from extractors.regex_syntax import first_chars

ACTIONS_FILE = CONFIG_DIR / "patterns" / "actions.yaml"
HAPPENED = frozenset({"signed", "entered_into_force", "held", "conducted", "launched", "agreed_to_establish",
                      "participated", "revised", "announced"})
_AFTER_BREAK = re.compile(r"\b(?:and|et|while|alors que)\b|;")
_BEFORE_BREAK = re.compile(r"[;]|, (?:and|et|while|but|mais)\b|\b(?:which|who|qui|that)\b|(?<!ainsi )\bque\b|\bqu'")
# ", which last met in 2025", « , qui s'est réuni en 2025 »: a non-restrictive relative clause after a
# name tells its history; its verb is not what the sentence reports of the name.
_RELATIVE_AFTER = re.compile(r"^\s*(?:\([^)]*\)\s*)?,\s*(?:which|who|qui|dont|lequel|laquelle|où)\b")
_OWN_COMPLEMENT = re.compile(r"^\s*(?:that|que|qu')")
_PASSIVE = re.compile(r"\b(?:was|were|been|be|is|are|a été|ont été|sont|est|été)\s*$")
_CUE_WINDOW = 40  # characters before / after a trigger searched for a prospective cue


class ActionFinder:
    """Finds action triggers in the sentences of one language."""

    def __init__(self, lang: str, data: dict):
        self.lang = lang
        self._fold = lang != "ja"
        self._each: list[tuple[re.Pattern, str]] = []
        for label, by_lang in data["actions"].items():
            for trigger in by_lang.get(lang) or ():
                self._each.append((re.compile(trigger), label))
        # One alternation finds where triggers are; which one matched is asked of each trigger in
        # turn only there (named groups in the alternation slow every position down). en/fr triggers
        # start words: one \b up front lets the engine skip mid-word positions at once.
        alternation = "|".join(f"(?:{p.pattern})" for p, _ in self._each)
        firsts = first_chars([p.pattern for p, _ in self._each])
        if firsts:  # positions whose next character starts no trigger fail at once
            alternation = f"(?=[{re.escape(''.join(sorted(firsts)))}])(?:{alternation})"
        self._triggers = re.compile(alternation if lang == "ja" else rf"\b{alternation}")
        # which triggers to ask, in order, where a trigger starts with a given character
        self._starting: dict[str, list[tuple[re.Pattern, str]]] = {}
        self._unread: list[tuple[re.Pattern, str]] = []  # triggers of unknown first characters
        by_pattern = [(p, label, first_chars([p.pattern])) for p, label in self._each]
        for char in set().union(*(f for _, _, f in by_pattern if f)):
            self._starting[char] = [(p, label) for p, label, f in by_pattern if f is None or char in f]
        self._unread = [(p, label) for p, label, f in by_pattern if f is None]
        cues = (data.get("prospective") or {}).get(lang) or {}
        self._before = re.compile("|".join(cues.get("before") or ["(?!)"]))
        self._after = re.compile("|".join(cues.get("after") or ["(?!)"]))
        self._plannable = frozenset(data.get("plannable") or ())
        self._membership = re.compile("|".join((data.get("membership") or {}).get(lang) or ["(?!)"]))

    def triggers(self, sentence: str) -> list[tuple[int, int, str]]:
        """Return ``[(start, end, action)]`` of the triggers in ``sentence`` (offsets into it)."""
        return list(self.read(sentence))

    @lru_cache(maxsize=4096)  # noqa: B019  (one instance a language, kept for the process: no leak)
    def read(self, sentence: str) -> tuple[tuple[int, int, str], ...]:
        """:meth:`triggers` as a tuple, cached: extraction and passage linking read the same sentences."""
        text = sentence.lower() if self._fold else sentence
        out = []
        for m in self._triggers.finditer(text):
            # The alternation takes the first alternative that matches here: so does this loop.
            start = m.start()
            label = next(label for pattern, label in self._starting.get(text[start:start + 1], self._unread)
                         if pattern.match(text, start))
            if label in self._plannable and self._is_prospective(text, m.start(), m.end()):
                label = "planned"
            out.append((m.start(), m.end(), label))
        return tuple(out)

    def _is_prospective(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - _CUE_WINDOW):start]
        if self.lang == "ja":
            before = before[-6:]  # 早期発効, 今後開催: the cue sits right before the trigger
            after = text[end:end + 12]
        else:
            before = re.split(r"[,;:]", before)[-1]
            after = text[end:end + _CUE_WINDOW]
        return bool(self._before.search(before) or self._after.search(after))

    def _is_membership(self, sentence: str, start: int, end: int) -> bool:
        """Whether the name at ``sentence[start:end]`` is what someone is a party or member to."""
        if self.lang == "ja":
            return bool(self._membership.match(sentence, end, end + 12))
        return bool(self._membership.search(sentence[max(0, start - 40):start].lower()))

    def _clause_break(self, between: str, after: bool) -> bool:
        # "sailed … during KAEDEX and took part in …": a verb after "and" belongs to another predicate;
        # ", and the Working Holiday Program continues": a new clause is not governed by an earlier verb.
        if self.lang == "ja":
            return False
        between = between.lower()
        if after:
            if _RELATIVE_AFTER.match(between):
                return True
            return bool(_AFTER_BREAK.search(between)) and not _PASSIVE.search(between)
        # "announced that a Team Canada trade mission…": the trigger's own complement is no break.
        return bool(_BEFORE_BREAK.search(_OWN_COMPLEMENT.sub("", between, count=1)))

    def action_for(self, sentence: str, start: int, end: int,
                   triggers: list[tuple[int, int, str]] | None = None) -> str | None:
        """The action of a mention at ``sentence[start:end]``: the nearest trigger outside it, or None."""
        if self._is_membership(sentence, start, end):
            return None
        best = None
        for t_start, t_end, label in (self.triggers(sentence) if triggers is None else triggers):
            if t_start < end and t_end > start:
                # 実施取決め, "Implementing Arrangement": a trigger word inside the name is part of it; a
                # lower-case participle inside a French or English one is what happened to it
                # (« protocoles de coopération récemment signés sur … »)
                if self.lang == "ja" or t_start <= start or not sentence[t_start:t_end].islower():
                    continue
                distance = 0
            else:
                between = sentence[t_end:start] if t_end <= start else sentence[end:t_start]
                if self._clause_break(between, after=t_start >= end):
                    continue
                distance = start - t_end if t_end <= start else t_start - end
                if distance and sentence.startswith("を", t_start):
                    continue  # 「Xを行った」 tells of X only: not of a name earlier in the sentence
            if best is None or distance < best[0]:
                best = (distance, label)
        return best[1] if best else None


@lru_cache(maxsize=None)
def action_finder(lang: str, path: str | None = None) -> ActionFinder:
    """The cached ActionFinder for ``lang``."""
    data = read_patterns(path or ACTIONS_FILE)
    return ActionFinder(lang, data)
