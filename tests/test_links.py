"""links.py: URL shapes, pagination, relative links and <base href>, attachments, meta refresh."""

from __future__ import annotations

import pytest

from crawler.links import (
    classify_url,
    find_links,
    find_meta_refresh,
    find_pagination,
    normalize_url,
)

BASE = "http://www.example.gov.cn/rdzl/fgk/index.html"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://a.gov.cn/rdzl/202305/t20230512_1001.html", "article"),
        ("http://a.gov.cn/art/2021/3/5/art_12_3456.html", "article"),
        ("http://a.gov.cn/content/post_77.html", "article"),
        ("http://a.gov.cn/content/2023-05/12/content_123.htm", "article"),
        ("http://a.gov.cn/info/1021/4567.htm", "article"),
        ("http://a.gov.cn/rdzl/index_3.html", "list"),
        ("http://a.gov.cn/col/col12/index.html", "list"),
        ("http://a.gov.cn/news/list.jsp?pageNum=2", "list"),
        ("http://a.gov.cn/news/more.html?pageNo=3", "list"),
        ("http://a.gov.cn/news/list.aspx?page=2", "list"),
        ("http://a.gov.cn/rdzl/", "list"),
        ("http://a.gov.cn/rdzl/202305/P020230512.pdf", "attachment"),
        ("http://a.gov.cn/uploads/a.docx", "attachment"),
        ("http://a.gov.cn/uploads/a.wps", "attachment"),
        ("http://a.gov.cn/uploads/a.XLS", "attachment"),
        ("http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=1.pdf", "attachment"),
        ("http://a.gov.cn/images/banner.jpg", "asset"),
        ("http://a.gov.cn/about.html", "page"),
    ],
)
def test_classify_url(url: str, kind: str) -> None:
    assert classify_url(url) == kind


def test_trs_create_page_html_expands_to_every_list_page() -> None:
    html = '<script>createPageHTML(4, 0, "index", "html");</script>'
    assert find_pagination(html, BASE) == [f"http://www.example.gov.cn/rdzl/fgk/index_{i}.html" for i in (1, 2, 3)]


def test_trs_create_page_html_with_variables() -> None:
    html = '<script>var countPage = 3;var currentPage = 1;createPageHTML(countPage, currentPage, "index", "shtml");</script>'
    url = "http://www.example.gov.cn/rdzl/fgk/index_1.shtml"
    assert find_pagination(html, url) == ["http://www.example.gov.cn/rdzl/fgk/index.shtml",
                                          "http://www.example.gov.cn/rdzl/fgk/index_2.shtml"]


def test_next_page_and_page_parameters() -> None:
    html = ('<a href="list.jsp?pageNo=2">2</a><a href="?uid=1&amp;pageNum=3">下一页</a>'
            '<a href="/news/x.html">下一页</a><a href="http://other.gov.cn/?page=2">2</a>')
    pages = find_pagination(html, "http://a.gov.cn/news/list.jsp?pageNo=1")
    assert pages == ["http://a.gov.cn/news/list.jsp?pageNo=2", "http://a.gov.cn/news/list.jsp?uid=1&pageNum=3",
                     "http://a.gov.cn/news/x.html"]


def test_relative_links_and_sorting() -> None:
    html = """<html><body>
    <a href="./202305/t20230512_1001.html">守则</a>
    <a href="../../content/post_77.html#top">条例</a>
    <a href="index_1.html">下一页</a>
    <a href="./P020230512.pdf"> 附件 一 </a>
    <a href="javascript:void(0)">设为首页</a><a href="mailto:rd@example.gov.cn">信箱</a>
    <a href="/about.html">概况</a><a href="/images/a.png">图</a>
    <a href="./202305/t20230512_1001.html">守则（重复）</a>
    </body></html>"""
    links = find_links(html, BASE)
    assert links.articles == ["http://www.example.gov.cn/rdzl/fgk/202305/t20230512_1001.html",
                              "http://www.example.gov.cn/content/post_77.html"]
    assert links.lists == ["http://www.example.gov.cn/rdzl/fgk/index_1.html"]
    assert links.pages == ["http://www.example.gov.cn/about.html"]
    assert links.attachments == [{"url": "http://www.example.gov.cn/rdzl/fgk/P020230512.pdf", "name": "附件 一"}]


def test_base_href_governs_relative_links() -> None:
    html = '<html><head><base href="http://www.example.gov.cn/"></head><body><a href="art/2021/3/5/art_12_3456.html">x</a></body></html>'
    links = find_links(html, "http://www.example.gov.cn/col/col12/index.html")
    assert links.articles == ["http://www.example.gov.cn/art/2021/3/5/art_12_3456.html"]


def test_meta_refresh() -> None:
    html = '<html><head><meta http-equiv="Refresh" content="0; URL=\'../new/index.html\'"></head></html>'
    assert find_meta_refresh(html, "http://a.gov.cn/old/x.html") == "http://a.gov.cn/new/index.html"
    assert find_meta_refresh("<html><head><meta charset='utf-8'></head></html>", "http://a.gov.cn/") is None


def test_normalize_url() -> None:
    assert normalize_url("HTTP://A.gov.CN#frag") == "http://a.gov.cn/"
    assert normalize_url(" http://a.gov.cn/x.html?a=1#b ") == "http://a.gov.cn/x.html?a=1"


def test_a_malformed_href_is_skipped_not_fatal() -> None:
    from crawler.extract import extract_page

    html = ('<html><head><base href="http://[::1"></head><body><a href="http://[::1">坏</a>'
            '<a href="/rdzl/202101/t20210101_1.html">好</a></body></html>')
    assert find_links(html, BASE).articles == ["http://www.example.gov.cn/rdzl/202101/t20210101_1.html"]
    assert [link["text"] for link in extract_page(html, BASE).links] == ["好"]


def test_empty_and_broken_html() -> None:
    assert find_links("", BASE).articles == []
    assert find_pagination("", BASE) == []
    assert find_meta_refresh("", BASE) is None


def test_hanweb_datastore_records_are_links() -> None:
    html = """<html><body><div id="4521"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=12&unitid=4521&webname=x&permissiontype=0"></a>]]></nextgroup>
    <recordset><record><![CDATA[<li><a href="/art/2021/3/5/art_12_3456.html" target="_blank">关于代表建议办理的规定</a><span>2021-03-05</span></li>]]></record>
    <record><![CDATA[<li><a href="/art/2021/2/1/art_12_3401.html">议事规则</a></li>]]></record></recordset></datastore></script></div></body></html>"""
    links = find_links(html, "http://a.gov.cn/col/col12/index.html")
    assert links.articles == ["http://a.gov.cn/art/2021/3/5/art_12_3456.html", "http://a.gov.cn/art/2021/2/1/art_12_3401.html"]


@pytest.mark.parametrize(
    ("url", "name", "readable"),
    [
        ("http://a.gov.cn/uploads/P0202403.docx", "", ".docx"),
        ("http://a.gov.cn/uploads/P0202403.DOCX", "", ".docx"),
        ("http://a.gov.cn/uploads/P0202403.pdf", "", ".pdf"),
        ("http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=plan.docx", "", ".docx"),
        ("http://a.gov.cn/module/download/downfile.jsp?classid=0&filename=plan.pdf", "", ".pdf"),
        ("http://a.gov.cn/attach/0/8f3a.jsp", "任务分解表.docx", ".docx"),
        ("http://a.gov.cn/uploads/plan.doc", "任务分解表.doc", ""),
        ("http://a.gov.cn/uploads/plan.wps", "", ""),
        ("http://a.gov.cn/uploads/list.xls", "名单.xls", ""),
        ("http://a.gov.cn/uploads/list.xlsx", "", ".xlsx"),
    ],
)
def test_readable_attachments_are_told_by_path_script_or_name(url: str, name: str, readable: str) -> None:
    from crawler.links import readable_attachment

    assert readable_attachment(url, name) == readable
