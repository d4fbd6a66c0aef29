"""The link development set, end to end (real extraction + linking): the quality the issue asks for."""
from __future__ import annotations

from evaluation.bundled_sets import LINKSET_PATH
from evaluation.linking import evaluate_linking

LINKSET = LINKSET_PATH


def test_link_quality_on_the_development_set():
    report = evaluate_linking(LINKSET, threshold=0.5)
    assert report.documents >= 40 and report.hard_negatives >= 10
    assert report.hard_negative_links == []
    assert report.section.precision >= 0.9, report.lines()
    assert report.section.recall >= 0.85, report.lines()
