"""What accepted evidence says about a commitment's progress: status, compliance score, rule, date.

Statuses: ``no evidence``, ``under way``, ``achieved`` (a one-off act completed, e.g. a treaty entering
into force), ``on track`` / ``overdue`` (recurring commitments, by their cadence). The score follows the
G7 Research Group's compliance scale: +1 full compliance, 0 partial (work in progress), −1 no compliance
(nothing done yet). Only evidence dated after the roadmap's release counts towards progress; earlier
evidence is history (it shows that an exercise already recurs, and dates the next expected occurrence).
Pure functions: the caller passes the evidence facts, the release date and "today".
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

STATUSES = ("no evidence", "under way", "on track", "overdue", "achieved")
PROGRESSING = frozenset({"under way", "on track", "achieved"})

CADENCE_DAYS = {"annual": 365, "yearly": 365, "biennial": 730, "semiannual": 182, "quarterly": 91,
                "monthly": 30}

# Actions that complete a one-off act, by the type of the entity acted upon.
COMPLETING_ACTIONS = {
    "agreement": frozenset({"entered_into_force"}),
    "dialogue": frozenset({"launched", "established", "held"}),
    "mechanism": frozenset({"launched", "established"}),
    "programme": frozenset({"launched", "established"}),
}
DEFAULT_COMPLETING = frozenset({"entered_into_force", "launched", "established"})
# Acts that can only happen once whatever the entity: a treaty enters into force once, a dialogue or
# mechanism is launched once (the commitment "establish a cyber policy dialogue" is then achieved).
INHERENTLY_ONE_OFF = frozenset({"entered_into_force", "launched", "established"})


@dataclass(frozen=True)
class EvidenceFact:
    """One piece of accepted evidence as the rules see it."""
    date: dt.date | None
    action: str | None = None
    canonical_id: str | None = None
    entity_type: str | None = None
    one_off: bool = False  # the entity is a one-off act (a treaty, a dialogue to be created)
    # The evidence reports a happening (it belongs to an event, or an analyst added it). False: it says
    # something is planned, intended or restated, which shows work under way but is no occurrence.
    happened: bool = True


@dataclass(frozen=True)
class CommitmentStatus:
    status: str
    score: int
    rule: str
    latest_evidence: dt.date | None
    counted: int = 0   # evidence after the release
    history: int = 0   # evidence up to the release


def completes(fact: EvidenceFact) -> bool:
    """True when the fact reports the completion of a one-off act."""
    if not fact.happened:
        return False
    if fact.action in INHERENTLY_ONE_OFF:
        return True
    if not fact.one_off or not fact.action:
        return False
    return fact.action in COMPLETING_ACTIONS.get(fact.entity_type or "", DEFAULT_COMPLETING)


def cadence_days(cadence: str | None) -> int | None:
    """The expected interval of a recurring commitment in days, or None for a non-recurring one."""
    if not cadence:
        return None
    return CADENCE_DAYS.get(cadence.strip().lower())


def commitment_status(evidence: list[EvidenceFact], *, released: dt.date | None, as_of: dt.date,
                      cadence: str | None = None) -> CommitmentStatus:
    """Apply the status rules to a commitment's accepted evidence.

    ``released``: the roadmap's release date (evidence on or before it is history; None: all counts).
    ``as_of``: today, for the recurring rules. ``cadence``: ``annual`` etc., or None.
    """
    dated = [f for f in evidence if f.date is not None]
    counted = [f for f in dated if released is None or f.date > released]
    history = [f for f in dated if released is not None and f.date <= released]
    latest = max((f.date for f in dated), default=None)
    happened = [f for f in counted if f.happened]
    latest_counted = max((f.date for f in counted), default=None)
    latest_happened = max((f.date for f in happened), default=None)
    n, h = len(counted), len(history)
    since = f"since {released.isoformat()}" if released else ""
    said = n - len(happened)
    # why a status holds: how many items report a happening, how many only a plan or a statement
    said_note = f"; {said} item(s) {since} report a plan or a statement, not a happening" if said else ""

    def result(status: str, score: int, rule: str) -> CommitmentStatus:
        return CommitmentStatus(status, score, rule, latest, n, h)

    period = cadence_days(cadence)
    if period is not None:
        grace = period // 6  # an annual exercise may slip by two months before it is overdue
        # the next occurrence is due a period after the latest one that happened (a plan is none)
        anchor = max((f.date for f in dated if f.happened), default=None) or released or as_of
        due = anchor + dt.timedelta(days=period + grace)
        if happened and as_of <= due:
            return result("on track", 1, f"recurring ({cadence}): held {since}, latest on {latest_happened.isoformat()}; "
                                         f"next expected by {due.isoformat()}{said_note}")
        if happened:
            return result("overdue", 0, f"recurring ({cadence}): done {since} but the next occurrence was "
                                        f"expected by {due.isoformat()}{said_note}")
        if as_of > due:
            return result("overdue", -1, f"recurring ({cadence}): no occurrence {since}; "
                                         f"expected by {due.isoformat()}{said_note}")
        if counted:
            return result("under way", 0, f"recurring ({cadence}): no occurrence {since} yet, only a plan or a "
                                          f"statement ({said} item(s), latest {latest_counted.isoformat()}); "
                                          f"next expected by {due.isoformat()}")
        hist = f" ({h} earlier item(s) kept as history)" if h else ""
        return result("no evidence", -1, f"recurring ({cadence}): no accepted evidence {since} yet{hist}; "
                                         f"next expected by {due.isoformat()}")
    done = [f for f in counted if completes(f)]
    if done:
        first = min(done, key=lambda f: f.date)
        return result("achieved", 1, f"one-off act completed: {first.canonical_id or 'act'} "
                                     f"{first.action} on {first.date.isoformat()}")
    if counted:
        return result("under way", 0, f"{n} accepted evidence item(s) {since}, latest {latest_counted.isoformat()}; "
                                      f"no one-off act completed{said_note}")
    if history:
        return result("no evidence", -1, f"no accepted evidence {since}; {h} earlier item(s) kept as history "
                                         f"(latest {latest.isoformat()})")
    return result("no evidence", -1, "no accepted evidence")


@dataclass
class RollUp:
    """Status counts of the commitments under one section or chapter."""
    number: str
    counts: Counter = field(default_factory=Counter)
    total: int = 0
    score_sum: int = 0
    latest_evidence: dt.date | None = None

    @property
    def mean_score(self) -> float | None:
        return self.score_sum / self.total if self.total else None

    @property
    def progress(self) -> float:
        """Share of commitments that are under way, on track or achieved."""
        return sum(self.counts[s] for s in PROGRESSING) / self.total if self.total else 0.0


def roll_up(items) -> dict[str, RollUp]:
    """Roll commitments up to their sections and chapters.

    ``items``: iterable of ``(section, chapter, status, score, latest_evidence)``. Returns a RollUp per
    section number and per chapter number (a chapter without sections appears once).
    """
    out: dict[str, RollUp] = {}
    for section, chapter, status, score, latest in items:
        for number in dict.fromkeys((section, chapter)):
            r = out.setdefault(number, RollUp(number))
            r.counts[status] += 1
            r.total += 1
            r.score_sum += score if score is not None else -1
            if latest and (r.latest_evidence is None or latest > r.latest_evidence):
                r.latest_evidence = latest
    return out
