"""Analysts' review of evidence: the queue, decisions, the audit trail and undo.

The code lives in topic modules (models.review_queue, models.review_decisions, models.review_audit,
models.review_events); this module keeps the names others import in one place.
"""
from __future__ import annotations

from models.review_audit import history, undo
from models.review_decisions import (PENDING, REJECT_REASONS, UNDOABLE, ReviewError, accept, add_link, add_note,
                                     get_evidence, pending_copies, reject, relink, skip)
from models.review_events import (BEFORE_ROADMAP, CONFIRMED_BY_BOTH, EventSummary, before_roadmap,
                                  event_documents, events_by_id, released_dates, summarize)
from models.review_queue import QueueFilter, queue_size, review_queue

__all__ = ["BEFORE_ROADMAP", "CONFIRMED_BY_BOTH", "EventSummary", "PENDING", "QueueFilter", "REJECT_REASONS",
           "ReviewError", "UNDOABLE", "accept", "add_link", "add_note", "before_roadmap", "event_documents",
           "events_by_id", "get_evidence", "history", "pending_copies", "queue_size", "reject", "released_dates",
           "relink", "review_queue", "skip", "summarize", "undo"]
