"""Analysts' review of evidence: the queue, decisions, the audit trail and undo.

The code lives in topic modules (models.review_queue, models.review_decisions, models.review_audit,
models.review_events); this module keeps the names others import in one place.
"""
from __future__ import annotations

from models.review_audit import history, latest_actions, undo, undoable
from models.review_decisions import (PENDING, REJECT_REASONS, UNDOABLE, ReviewError, accept, add_link, add_note,
                                     get_evidence, pending_copies, reject, reject_many, relink, skip)
from models.review_events import (BEFORE_ROADMAP, CONFIRMED_BY_BOTH, EventSummary, before_roadmap,
                                  event_documents, events_by_id, released_dates, summarize)
from models.review_queue import ORDERS, QueueFilter, items_by_id, queue_size, review_queue
from models.review_targets import resolve_commitment, search_commitments

__all__ = ["BEFORE_ROADMAP", "CONFIRMED_BY_BOTH", "EventSummary", "PENDING", "QueueFilter", "REJECT_REASONS",
           "ReviewError", "UNDOABLE", "accept", "add_link", "add_note", "before_roadmap", "event_documents",
           "events_by_id", "get_evidence", "history", "pending_copies", "queue_size", "reject", "released_dates",
           "relink", "review_queue", "skip", "summarize", "undo", "ORDERS", "items_by_id", "reject_many",
           "resolve_commitment", "search_commitments", "undoable", "latest_actions"]
