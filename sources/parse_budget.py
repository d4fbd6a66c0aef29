"""Limits on parsing one page: how deep its elements may nest, how many there may be, and how long the
parser may work on it.

A parser starts a `BudgetMeter` per page and checks it between steps; a page over a limit is refused
with `ParseBudgetExceeded` (a `SiteChanged`, so the run records it and goes on) instead of stalling a
back-fill or the UI. The element count is what bounds a parser that cannot be interrupted (feedparser
spends ~15 µs of Python per element). libxml2 stops building a tree at 256 levels and silently drops
the rest of the page, so the depth limit has to stay below that for a deeper page to be noticed at all.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Callable

from lxml import etree

from sources.errors import SiteChanged

LIBXML2_MAX_DEPTH = 256


class ParseBudgetExceeded(SiteChanged):
    """The page is over a parse budget (`budget` is "depth", "elements" or "time"); refused, not parsed."""

    def __init__(self, message: str, *, budget: str, url: str | None = None):
        self.budget, self.reason = budget, message
        super().__init__(message, url=url)

    def __reduce__(self):  # raised in a parse worker process, it is pickled back to the back-fill whole
        return partial(ParseBudgetExceeded, budget=self.budget, url=self.url), (self.reason,)


@dataclass(frozen=True)
class ParseBudget:
    """At most `max_depth` levels of nested elements, `max_elements` elements and `seconds` of parsing per
    page, as read on `clock`: by default the parsing thread's own CPU time, so that a busy machine or the
    other fetch threads do not count against a page (tests pass a clock of their own). Real pages nest
    under 20 levels and hold a few thousand elements; a feed of 1,000 releases some 20,000."""
    max_depth: int = 128
    max_elements: int = 200_000
    seconds: float = 5.0
    clock: Callable[[], float] = time.thread_time

    def __post_init__(self):
        if not 0 < self.max_depth < LIBXML2_MAX_DEPTH:
            raise ValueError(f"max_depth must be between 1 and {LIBXML2_MAX_DEPTH - 1}, not {self.max_depth}")

    def start(self, url: str | None = None) -> BudgetMeter:
        """A meter for one page, its time counted from now."""
        return BudgetMeter(self, url)


DEFAULT_BUDGET = ParseBudget()


class BudgetMeter:
    """One page's budget as it is spent: `check_tree(tree)` once it is built, `check_time()` between steps."""

    def __init__(self, budget: ParseBudget, url: str | None):
        self.budget, self.url = budget, url
        self._deadline = budget.clock() + budget.seconds

    def check_time(self) -> None:
        """Raise ParseBudgetExceeded once the page has had its `seconds`."""
        if self.budget.clock() > self._deadline:
            raise ParseBudgetExceeded(f"parsing the page took longer than {self.budget.seconds:g} s "
                                      f"(parse budget: seconds); refused", budget="time", url=self.url)

    def check_tree(self, tree: etree._Element) -> None:
        """Raise ParseBudgetExceeded when an element of `tree` (a document's root) is nested deeper than
        `max_depth`, or the document holds more than `max_elements` elements."""
        if _deeper_than(self.budget.max_depth)(tree):
            raise ParseBudgetExceeded(f"page nests elements deeper than {self.budget.max_depth} levels "
                                      f"(parse budget: max_depth); refused", budget="depth", url=self.url)
        if _ELEMENTS(tree) > self.budget.max_elements:
            raise ParseBudgetExceeded(f"page holds more than {self.budget.max_elements} elements "
                                      f"(parse budget: max_elements); refused", budget="elements", url=self.url)

    def check_xml(self, body: bytes) -> None:
        """`check_tree` on an XML document (a feed) before a slower parser reads it: libxml2 builds the
        tree leniently, without entities or network; bytes it cannot read at all are left to that parser."""
        parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(body, parser)
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            self.check_tree(root)


_ELEMENTS = etree.XPath("count(//*)")


@lru_cache(maxsize=8)
def _deeper_than(depth: int) -> etree.XPath:
    # One path step per level, from the document: each step only visits the children of the last, so the
    # test is linear in the page's size however it is shaped.
    return etree.XPath("boolean(/" + "/".join(["*"] * (depth + 1)) + ")")
