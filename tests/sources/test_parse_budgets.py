"""Parse budgets: nested, long and malformed pages are parsed or refused by the parser's own depth and time
limits, never stalled on. No wall clock: depth is counted in the generated markup, time on a clock the test drives."""
from __future__ import annotations

import itertools
import pickle
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from sources.article import parse_html_article
from sources.cleaning import text_lines
from sources.config import load_sources
from sources.errors import SiteChanged
from sources.feeds import parse_feed
from sources.html_tree import html_tree
from sources.listing import parse_html_listing
from sources.parse import parse_article
from sources.parse_budget import ParseBudget, ParseBudgetExceeded

SOURCES = load_sources()
URL = "https://www.example.go.jp/press/index.html"
MAX_DEPTH = 40
FROZEN = ParseBudget(max_depth=MAX_DEPTH, seconds=1.0, clock=lambda: 0.0)  # time never passes: depth alone decides
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _distinct(mappings) -> list[dict]:
    unique = {repr(sorted(m.items())): m for m in mappings}
    return [{}] + [m for key, m in sorted(unique.items()) if m]


LISTING_SELECTORS = _distinct(cfg.selectors for cfg in SOURCES if cfg.kind == "html-listing")
ARTICLE_SELECTORS = _distinct(cfg.article for cfg in SOURCES)

# Tags that nest inside each other as written (the parser neither closes nor moves them), with the
# attributes the configured selectors look for, so that the parsers walk deep into their own paths.
NESTING = st.sampled_from(["div", 'div id="maincontents"', 'div id="main"', 'div id="contents"', "section",
                           'div class="mwsgeneric-base-html"', "span", "em", "blockquote", "main"])
# (markup, how many levels of elements it adds below where it is put)
CONTENT = st.sampled_from([
    ("<h1>Japan and Canada hold a dialogue</h1>", 1),
    ("<p>Body text of a made-up release about a joint exercise.</p>", 1),
    ('<p class="rightalign">令和8年3月6日</p>', 1),
    ('<ul class="link-list"><li><a href="/press/r1.html">A made-up release title</a> 2026年3月6日</li></ul>', 3),
    ('<h2 class="date">令和8年3月6日</h2><ul class="news-list"><li><time>2026-03-06</time>'
     '<a href="/press/r2.html">Another made-up release</a></li></ul>', 3),
    ('<p class="past"><a href="/press/index_2.html">Past releases</a></p>', 2),
    ("plain text 2026-03-06", 0),
])
JUNK = st.sampled_from(["<p>", "</div>", "<div", "<table><tr><td>", "</td></tr>", "<li>", "</ul>", "<!--", "-->",
                        "<![CDATA[", "]]>", "&#0;", "&bogus;", "\x00", "<script>", "</script>", "<a href='//['>",
                        "<a href='/press/r3.html'>", "</a>", "<br>", "<h1>", "<meta content=", ">", "<", "令和",
                        '<html lang="fr-CA">', "</body>", "<body>", "</html>"])


@st.composite
def nested_pages(draw) -> tuple[str, int]:
    """A page whose elements nest to a known depth (counted here, not by the parser), and that depth."""
    count = draw(st.one_of(st.integers(0, 2 * MAX_DEPTH), st.integers(MAX_DEPTH - 6, MAX_DEPTH)))  # and near the limit
    tags = draw(st.lists(NESTING, min_size=count, max_size=count))
    markup, levels = draw(CONTENT)
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag.split()[0]}>" for tag in reversed(tags))
    return f"<html><body>{opening}{markup}{closing}</body></html>", 2 + len(tags) + levels  # <html>, <body>


@st.composite
def long_pages(draw) -> str:
    parts = draw(st.lists(CONTENT, min_size=1, max_size=300))
    return "<html><body>" + "".join(markup for markup, _ in parts) + "</body></html>"


MALFORMED = st.lists(st.one_of(JUNK, CONTENT.map(lambda c: c[0]), NESTING.map(lambda t: f"<{t}>")),
                     max_size=200).map("".join)


def _every_html_parser(page: str, budget: ParseBudget):
    """Each HTML parser on `page`: yields what it returned, or the SiteChanged it raised."""
    for selectors in LISTING_SELECTORS:
        yield _outcome(lambda: parse_html_listing(selectors, page, url=URL, fetched_on=date(2026, 4, 1), budget=budget))  # noqa: B023  (called at once)
    for article in ARTICLE_SELECTORS:
        yield _outcome(lambda: parse_html_article(article, page, url=URL, fetched_on=date(2026, 4, 1), budget=budget))  # noqa: B023  (called at once)


def _outcome(parse):
    try:
        return parse()
    except SiteChanged as exc:
        return exc


def _tree_depth(page: str) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(html_tree(page), events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


@FUZZ
@given(nested_pages())
def test_every_parser_refuses_a_page_exactly_when_it_nests_deeper_than_the_budget(case):
    page, depth = case
    for outcome in _every_html_parser(page, FROZEN):
        if depth > MAX_DEPTH:
            assert isinstance(outcome, ParseBudgetExceeded) and outcome.budget == "depth", outcome
            assert f"deeper than {MAX_DEPTH} levels" in str(outcome)
        else:
            assert not isinstance(outcome, ParseBudgetExceeded), outcome


@FUZZ
@given(st.one_of(long_pages(), MALFORMED))
def test_long_and_malformed_pages_are_parsed_or_refused_with_our_error(page):
    too_deep = _tree_depth(page) > MAX_DEPTH
    for outcome in _every_html_parser(page, FROZEN):
        if isinstance(outcome, ParseBudgetExceeded):
            assert outcome.budget == "depth" and too_deep, outcome
        elif isinstance(outcome, SiteChanged):
            assert outcome.url == URL
        else:
            assert all(item.url.startswith("https://") for item in getattr(outcome, "items", []))
            assert getattr(outcome, "body", "x").strip()


def _feed(content: str) -> bytes:
    """An RSS feed of one item whose description holds `content` as markup (under <rss><channel><item><description>)."""
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title>'
            f'<link>https://www.example.go.jp/press/r1.html</link><description>{content}</description>'
            '</item></channel></rss>').encode("utf-8", "replace")


@FUZZ
@given(nested_pages())
def test_the_feed_parser_refuses_a_feed_exactly_when_it_nests_deeper_than_the_budget(case):
    page, depth = case
    outcome = _outcome(lambda: parse_feed(_feed(page), url=URL, budget=FROZEN))
    if depth + 4 > MAX_DEPTH:
        assert isinstance(outcome, ParseBudgetExceeded) and outcome.budget == "depth", outcome
    else:
        assert not isinstance(outcome, SiteChanged), outcome
        assert [item.url for item in outcome.items] == ["https://www.example.go.jp/press/r1.html"]


@FUZZ
@given(st.one_of(long_pages(), MALFORMED))
def test_feeds_with_long_and_malformed_content_return_or_raise_site_changed(content):
    outcome = _outcome(lambda: parse_feed(_feed(content), url=URL, budget=FROZEN))
    if isinstance(outcome, ParseBudgetExceeded):
        assert outcome.budget == "depth"
    elif not isinstance(outcome, SiteChanged):
        assert all(item.url.startswith("https://") for item in outcome.items)


@pytest.mark.parametrize("over", [False, True])
def test_every_parser_refuses_a_page_with_more_elements_than_the_budget(over):
    budget = ParseBudget(max_elements=100, clock=lambda: 0.0)
    count = 100 - 2 + over  # with <html> and <body>: exactly the budget, or one more
    page = "<html><body>" + "<p>Made-up body text.</p>" * count + "</body></html>"
    outcomes = list(_every_html_parser(page, budget))
    outcomes.append(_outcome(lambda: parse_feed(_feed(page), url=URL, budget=budget)))  # 6 more elements
    for outcome in outcomes[:-1]:
        assert isinstance(outcome, ParseBudgetExceeded) == over, outcome
    assert isinstance(outcomes[-1], ParseBudgetExceeded) and outcomes[-1].budget == "elements"
    if over:
        assert all(outcome.budget == "elements" and "more than 100 elements" in str(outcome) for outcome in outcomes)


def _stepping_clock():
    """A clock that moves on one second each time it is read."""
    return itertools.count().__next__


@pytest.mark.parametrize("selectors", LISTING_SELECTORS, ids=lambda s: s.get("item", "generic"))
def test_a_listing_parse_out_of_time_is_refused_naming_the_time_budget(selectors):
    page = "<html><body><main><div id='maincontents'>" + '<ul class="link-list">' + "".join(
        f'<li><a href="/press/r{i}.html">Made-up release number {i}</a></li>' for i in range(50)) + "</ul></div></main></body></html>"
    assert not isinstance(_outcome(lambda: parse_html_listing(selectors, page, url=URL, budget=FROZEN)),
                          ParseBudgetExceeded)  # in time, no refusal
    with pytest.raises(ParseBudgetExceeded, match=r"longer than 0\.5 s \(parse budget: seconds\)") as refused:
        parse_html_listing(selectors, page, url=URL, budget=ParseBudget(seconds=0.5, clock=_stepping_clock()))
    assert refused.value.budget == "time" and refused.value.url == URL


def test_a_feed_parse_out_of_time_is_refused_naming_the_time_budget():
    feed = _feed("<p>Made-up text.</p>")
    assert parse_feed(feed, url=URL, budget=FROZEN).items
    with pytest.raises(ParseBudgetExceeded, match=r"parse budget: seconds") as refused:
        parse_feed(feed, url=URL, budget=ParseBudget(seconds=0.5, clock=_stepping_clock()))
    assert refused.value.budget == "time"


@pytest.mark.parametrize("article", ARTICLE_SELECTORS, ids=lambda a: a.get("body", "generic"))
def test_a_release_parse_out_of_time_is_refused_naming_the_time_budget(article):
    with pytest.raises(ParseBudgetExceeded, match=r"parse budget: seconds") as refused:
        parse_html_article(article, "<html><body><main><h1>T</h1><p>Body text.</p></main></body></html>", url=URL,
                           budget=ParseBudget(seconds=0.5, clock=_stepping_clock()))
    assert refused.value.budget == "time"


def test_the_issues_twenty_thousand_nested_divs_are_refused_by_the_default_budget():
    cfg = next(cfg for cfg in SOURCES if cfg.name == "mofa_press_ja")
    page = ("<html><body><div id='maincontents'><h1>T</h1>" + "<div>text " * 20_000 + "</div>" * 20_000
            + "</div></body></html>").encode()
    with pytest.raises(ParseBudgetExceeded, match=r"deeper than 128 levels \(parse budget: max_depth\)"):
        parse_article(cfg, page, url=URL)


def test_a_refusal_crosses_from_a_parse_worker_process_whole():
    refused = ParseBudgetExceeded("page nests elements deeper than 3 levels", budget="depth", url=URL)
    copy = pickle.loads(pickle.dumps(refused))
    assert (type(copy), copy.budget, copy.url, str(copy)) == (ParseBudgetExceeded, "depth", URL, str(refused))


def test_a_budget_deeper_than_the_html_parser_can_build_is_refused():
    with pytest.raises(ValueError, match="max_depth"):
        ParseBudget(max_depth=256)


def test_line_breaking_keeps_nested_blocks_in_reading_order():
    root = html_tree("<html><body><div>a<div>b<p>c<br>d</p>e</div>f<span>g</span></div>h</body></html>").find("body")
    assert text_lines(root) == ["a", "b", "c", "d", "e", "fg", "h"]
