"""Bytes to text: UTF-8, Shift_JIS and EUC-JP, whatever the labels say."""
import pytest
from hypothesis import given, strategies as st

from sources.encoding import declared_charset, decode

JA = "日加情報保護協定の実施取決めに署名しました。令和8年7月15日、東京において。"
PAGE = "<html><head>{meta}<title>報道発表</title></head><body><p>{text}</p></body></html>"


def _page(text, codec, meta=""):
    return PAGE.format(meta=meta, text=text).encode(codec)


@pytest.mark.parametrize("codec", ["utf-8", "shift_jis", "cp932", "euc_jp"])
@pytest.mark.parametrize("header", [None, "text/html", "text/html; charset=utf-8", "text/html; charset=Shift_JIS",
                                    "text/html; charset=EUC-JP", "text/html; charset=iso-8859-1"])
def test_japanese_decodes_whatever_the_header_says(codec, header):
    assert JA in decode(_page(JA, codec), header)


@pytest.mark.parametrize("codec, meta", [("shift_jis", '<meta charset="EUC-JP">'), ("euc_jp", '<meta charset="Shift_JIS">'),
                                         ("utf-8", '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')])
def test_wrong_meta_tag(codec, meta):
    assert JA in decode(_page(JA, codec, meta))


def test_nec_extension_characters_in_shift_jis():
    text = "①日加共同訓練②ＫＡＥＤＥＸ"
    assert text in decode(_page(text + JA, "cp932"), "text/html; charset=Shift_JIS")


def test_declared_charset_from_header_then_meta():
    body = b"<html><head><meta charset=\"EUC-JP\"><title>x</title></head></html>"
    assert (declared_charset(body, "text/html; charset=Shift_JIS"), declared_charset(body)) == ("cp932", "euc_jp")


def test_unknown_label_is_ignored():
    assert declared_charset(b"<meta charset='klingon'>") is None


def test_latin1_french_page_with_its_label():
    body = "Le 1er février 2024 à Ottawa".encode("latin-1")
    assert decode(body, "text/html; charset=ISO-8859-1") == "Le 1er février 2024 à Ottawa"


def test_utf8_bom():
    assert decode("\ufeff令和".encode("utf-8")) == "令和"


def test_cut_off_page_keeps_the_japanese_readable():
    body = _page(JA * 3, "shift_jis")[:-40]
    assert "日加情報保護協定" in decode(body)


@given(st.binary(max_size=2000), st.one_of(st.none(), st.text(max_size=60)))
def test_any_bytes_decode_to_text(body, header):
    assert isinstance(decode(body, header), str)
