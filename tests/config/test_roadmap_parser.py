"""The roadmap parser on the shipped text (its tricky places) and on malformed copies."""
from pathlib import Path

import pytest

from config.roadmap_parser import RoadmapFormatError, parse_roadmap

TEXT = (Path(__file__).resolve().parents[2] / "config/roadmaps/jp-ca-2026/roadmap-ja.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parsed():
    return parse_roadmap(TEXT)


def ids(parsed, section):
    return [c.cid for c in parsed.commitments if c.section == section]


def test_title_and_chapters(parsed):
    assert parsed.title == "日本・カナダ包括的戦略的ロードマップ"
    assert [s.number for s in parsed.sections if s.parent is None] == ["1", "2", "3", "4", "5", "6"]
    assert [s.number for s in parsed.sections if s.parent == "1"] == ["1.1", "1.2", "1.3", "1.4", "1.5"]


def test_about_seventy_commitments_with_unique_ids(parsed):
    cids = [c.cid for c in parsed.commitments]
    assert len(cids) == len(set(cids))
    assert 60 <= len(cids) <= 80


def test_sub_bullets_of_1_1(parsed):
    by_id = parsed.by_id()
    assert ids(parsed, "1.1") == ["1.1-1", "1.1-2", "1.1-2a", "1.1-2b", "1.1-2c", "1.1-2d", "1.1-3", "1.1-4"]
    assert all(by_id[f"1.1-2{x}"].parent_cid == "1.1-2" and by_id[f"1.1-2{x}"].kind == "sub-bullet" for x in "abcd")
    assert "KAEDEx" in by_id["1.1-2b"].text
    assert "ナヌーク作戦" in by_id["1.1-2c"].text
    # The line after bullet 2 continues it.
    assert by_id["1.1-2"].text.endswith("これには以下を含む：")


def test_split_list_of_1_5_is_one_list(parsed):
    assert ids(parsed, "1.5") == [f"1.5-{n}" for n in range(1, 6)]
    assert "自国民保護" in parsed.by_id()["1.5-4"].text


def test_chapter_2_statements(parsed):
    statements = [c for c in parsed.commitments if c.section == "2"]
    assert [c.cid for c in statements] == ["2-p1"]
    assert "経済安全保障対話を設置することで一致" in statements[0].text
    # Reaffirmations, concerns and the lead-in to the list below are not commitments.
    assert not any("懸念" in c.text or "以下の分野" in c.text for c in statements)


def test_chapter_3_closing_paragraph(parsed):
    by_id = parsed.by_id()
    assert ids(parsed, "3")[-2:] == ["3-p1", "3-p2"]
    assert "JCCC" in by_id["3-p1"].text
    assert "チームカナダ貿易ミッション" in by_id["3-p2"].text
    assert by_id["3-7"].kind == "bullet" and "CPTPP" in by_id["3-7"].text


def test_lead_ins_are_not_commitments(parsed):
    assert not any(c.text.endswith("、") for c in parsed.commitments)
    assert not any(c.section == "4" for c in parsed.commitments)  # chapter 4's prose only introduces 4.1/4.2


def test_blank_lines_do_not_matter(parsed):
    squeezed = "\n".join(line for line in TEXT.splitlines() if line.strip())
    spaced = TEXT.replace("\n", "\n\n")
    for variant in (squeezed, spaced):
        again = parse_roadmap(variant)
        assert [(c.cid, c.text) for c in again.commitments] == [(c.cid, c.text) for c in parsed.commitments]


@pytest.mark.parametrize("broken, line_no, words", [
    ("タイトル\n- 章より前の箇条\n", 2, "before the first chapter"),
    ("タイトル\n1. 章\n2.1 節\n- 箇条。\n", 3, "not inside chapter 2"),
    ("タイトル\n1. 章\n - 親のない副箇条。\n", 3, "no bullet above it"),
    ("タイトル\n1. 章\n3. 飛んだ章\n", 3, "chapter 2 was expected"),
    ("- 題のない文書\n", 1, "must start with its title"),
    ("タイトル\n1. 章\n前文だけ、\n", 3, "no commitments"),
    ("タイトル\n1. 章\n1.1節の題\n- 箇条。\n", 3, "looks like a heading"),
    ("タイトル\n1. 章\n１．１ 全角の節\n- 箇条。\n", 3, "looks like a heading"),
    ("タイトル\n1. 章\nX1.1 節のつもり\n- 箇条。\n", 3, "cannot place this line"),
])
def test_malformed_roadmap_names_the_line(broken, line_no, words):
    with pytest.raises(RoadmapFormatError) as info:
        parse_roadmap(broken)
    assert info.value.line_no == line_no
    assert words in str(info.value)
    assert f"line {line_no}:" in str(info.value)


def test_any_roadmap_in_the_same_structure():
    text = "別のロードマップ\n\n1. 協力\n\n両首脳は協力の強化にコミットする。\n\n1.1 分野\n\n日本と某国は、\n- 対話を開催する。\n - 年次で。\n"
    parsed = parse_roadmap(text)
    assert [(c.cid, c.kind) for c in parsed.commitments] == [("1-p1", "statement"), ("1.1-1", "bullet"), ("1.1-1a", "sub-bullet")]


def test_a_bullet_wrapped_onto_the_next_line_keeps_its_second_half():
    wrapped = TEXT.replace("情報保護協定を最大限活用し、", "情報保護協定を最大限活用し、\n")
    assert wrapped != TEXT
    again = parse_roadmap(wrapped).by_id()
    assert again["1.2-1"].text == parse_roadmap(TEXT).by_id()["1.2-1"].text
    assert len(again) == len(parse_roadmap(TEXT).commitments)
