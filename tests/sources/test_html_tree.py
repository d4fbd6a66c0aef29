"""lxml trees with CSS selection keep what the parsers relied on from bs4 and soupsieve."""
import pytest

from sources.config import source_from_dict
from sources.errors import SourceConfigError
from sources.html_tree import UnsupportedSelector, check_selector, html_tree, node_text, select, select_one

PAGE = """<html lang="ja"><head><title>T</title><script>var x = "not text";</script></head><body>
<div id="main" class="box"><h2 class="date">2026年3月6日</h2><ul><li><a href="/a.html">A<b>1</b></a></li></ul>
<h2 class="date">2026年3月5日</h2><ul><li><a href="/b.html">B</a><!-- a comment --></li></ul>
<div class="box"><style>p { color: red }</style><p>inner</p></div></div></body></html>"""


@pytest.fixture(scope="module")
def page():
    return html_tree(PAGE)


def test_a_union_comes_back_in_document_order(page):
    found = select(page, "#main li, #main h2.date")
    assert [node.tag for node in found] == ["h2", "li", "h2", "li"]


def test_selecting_below_an_element_never_matches_the_element_itself(page):
    main = select_one(page, "#main")
    assert [node.get("id") or node.tag for node in select(main, ".box")] == ["div"]
    assert select_one(main, "#main") is None


def test_selecting_from_the_document_can_match_html(page):
    assert select_one(page, "html[lang=ja]") is page


def test_text_joins_strings_and_leaves_out_scripts_styles_and_comments(page):
    assert node_text(select_one(page, "li a")) == "A 1"
    assert "not text" not in node_text(page) and "color" not in node_text(page) and "comment" not in node_text(page)
    assert node_text(None) == ""


@pytest.mark.parametrize("text", ["", "   ", "<!-- only a comment -->", "\x00", "<?xml version='1.0'?><rss/>"])
def test_empty_or_odd_pages_still_give_a_document_with_a_body(text):
    assert html_tree(text).tag == "html" and html_tree(text).find("body") is not None


@pytest.mark.parametrize("css", ['p:-soup-contains("x")', "div[", "a::text"])
def test_a_selector_the_engine_cannot_run_is_refused_by_the_config_check(css):
    with pytest.raises(UnsupportedSelector):
        check_selector(css)
    entry = {"ministry": "M", "country": "JP", "language": "ja", "kind": "html-listing",
             "url": "https://www.example.go.jp/press/", "selectors": {"item": css}}
    with pytest.raises(SourceConfigError, match="selectors.item"):
        source_from_dict("example_press_ja", entry)


def test_control_characters_in_text_do_not_break_line_breaking():
    # lxml keeps C0 controls from the HTML parser but refuses them when text_lines sets text again
    from sources.cleaning import text_lines
    root = html_tree("<html><body><p>one</p>x\x19y\x1az<p>two</p></body></html>")
    assert text_lines(root.body) == ["one", "xyz", "two"]
