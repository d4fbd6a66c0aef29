"""A commitment's score and rule as shown: never blank for one the rules have not scored yet.

A commitment loaded but never recomputed has ``score`` None; the status rules give a commitment with
no accepted evidence a score (−1) and a rule, so pages and reports show those instead of a blank.
"""
from __future__ import annotations

import datetime as dt

from domain.progress_rules import commitment_status
from models.tables import Commitment

_NO_EVIDENCE = commitment_status([], released=None, as_of=dt.date(2026, 1, 1))


def shown_score(commitment: Commitment) -> int | None:
    """The commitment's score; for an unscored commitment with no evidence, the rules' score for that."""
    if commitment.score is None and commitment.status == _NO_EVIDENCE.status:
        return _NO_EVIDENCE.score
    return commitment.score


def shown_rule(commitment: Commitment) -> str:
    """The rule that gave the status; for an unscored commitment with no evidence, the rules' text for that."""
    if not commitment.status_rule and commitment.status == _NO_EVIDENCE.status:
        return _NO_EVIDENCE.rule
    return commitment.status_rule
