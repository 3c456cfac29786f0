"""decode_html: BOM, header, <meta>, detection on the whole page, and a check of the result."""

from __future__ import annotations

import codecs

import pytest

from crawler.encoding import candidate_encodings, decode_html, normalize_label

TEXT = "第一条　为了规范代表建议、批评和意见的办理工作，根据有关法律，结合本省实际，制定本条例。朱镕基同志曾在此考察。" * 6


def page(meta: str = "") -> str:
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={meta}">' if meta else ""
    return f"<html><head>{head}<title>代表建议办理条例</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize("label", ["gb2312", "GBK", "x-gbk", "GB_2312-80", "cp936"])
def test_gb_labels_decode_as_gb18030(label: str) -> None:
    assert normalize_label(label) == "gb18030"


def test_utf8_header_over_gbk_body() -> None:
    html = page("gbk")
    assert decode_html(html.encode("gbk"), "text/html; charset=utf-8") == html


def test_gb2312_label_over_gb18030_only_characters() -> None:
    html = page("gb2312").replace("朱镕基", "刘䶮")  # 䶮 is in neither GB2312 nor GBK
    assert decode_html(html.encode("gb18030"), "text/html") == html


def test_no_declaration_detected_on_the_whole_page() -> None:
    html = page()
    assert decode_html(html.encode("gb18030"), None) == html
    assert decode_html(html.encode("utf-8"), "text/html") == html


def test_bom_wins_over_everything() -> None:
    html = page("gbk")
    assert decode_html(codecs.BOM_UTF8 + html.encode("utf-8"), "text/html; charset=gbk") == html


def test_legacy_label_on_a_utf8_body() -> None:
    html = page("gb2312")  # a template copied from an older site
    assert decode_html(html.encode("utf-8"), "text/html; charset=gb2312") == html


def test_latin1_default_header_is_not_trusted() -> None:
    html = page("utf-8")
    assert decode_html(html.encode("utf-8"), "text/html; charset=ISO-8859-1") == html
    assert decode_html(page().encode("gb18030"), "text/html; charset=iso-8859-1") == page()


def test_meta_declaration_used_when_header_is_silent() -> None:
    html = ('<html><head><meta charset="big5"><title>議事規則</title></head><body>'
            + "<p>立法會議事規則第一條：本規則依據基本法制定，會議由主席主持。</p>" * 5 + "</body></html>")
    assert decode_html(html.encode("big5"), "text/html") == html


def test_unknown_label_falls_through() -> None:
    html = page("no-such-charset")
    assert decode_html(html.encode("utf-8"), "text/html; charset=bogus") == html
    assert "utf-8" in candidate_encodings(html.encode("utf-8"), "text/html; charset=bogus")


def test_a_few_bad_bytes_do_not_reject_the_right_codec() -> None:
    body = page("gbk").encode("gbk")
    broken = body[:200] + b"\xff" + body[200:]
    assert "第一条" in decode_html(broken, "text/html; charset=gbk")
