"""extract_page: gov meta tags, disclosure table, CMS containers before the fallback; attachments and links absolute; widgets and sidebars never the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.extract import ExtractedPage, extract_page

TRS_PAGE = """<!DOCTYPE html><html><head>
<meta charset="utf-8">
<meta name="SiteName" content="渭源县人大">
<meta name="ColumnName" content="文件浏览">
<meta name="ArticleTitle" content="中共渭源县委关于加强和改进人大工作任务分解落实方案">
<meta name="PubDate" content="2016-05-11 09:30">
<meta name="ContentSource" content="县人大常委会办公室">
<meta name="Keywords" content="人大工作,任务分解">
<title>渭源县人大-文件浏览</title>
<base href="http://www.wyrd.gov.cn/wjll/201605/">
<style>.x{color:red}</style>
</head><body>
<div class="top">欢迎访问渭源县人大 今天是2019年3月13日 星期三</div>
<div class="crumb">您当前的位置:首页》文件浏览</div>
<table class="gk">
 <tr><td>索引号：</td><td>WY-2016-0012</td><td>发文机关：</td><td>中共渭源县委</td></tr>
 <tr><td>成文日期：</td><td>2016年05月10日</td><td>发文字号：</td><td>渭发〔2016〕8号</td></tr>
 <tr><td>发布日期：</td><td>2016年05月11日</td></tr>
</table>
<div class="sidebar"><ul>
 <li><a href="/a/1.html">关于召开常委会会议的通知</a> 2019-03-12</li>
 <li><a href="/a/2.html">县人大常委会开展执法检查</a> 2019-03-10</li>
</ul></div>
<div class="TRS_Editor"><style>p{margin:0}</style><script>var a = "不要这个";</script>
<p>为贯彻落实县委人大工作会议精神，确保各项任务落到实处，特制定本方案。</p>
<p>一、总体要求</p>
<p>全面贯彻落实党的十八大精神，坚持问题导向与抓主抓重相结合。</p>
<p>责任单位：县委办公室</p>
<p>附件：<a href="fj1.doc">任务分解表</a> <a href="../../files/plan.PDF">方案全文</a> <a href="http://other.example/x.xlsx">统计表</a></p>
</div>
<div class="footer">设为首页 | 加入收藏 主办单位：渭源县人大常委会 备案号：陇ICP备17001000号-1</div>
</body></html>"""


def test_meta_tags_come_first() -> None:
    page = extract_page(TRS_PAGE, "http://www.wyrd.gov.cn/wjll/201605/t20160511_1.html")
    assert isinstance(page, ExtractedPage)
    assert page.title == "中共渭源县委关于加强和改进人大工作任务分解落实方案"
    assert page.meta["SiteName"] == "渭源县人大"
    assert page.meta["ColumnName"] == "文件浏览"
    assert page.meta["ContentSource"] == "县人大常委会办公室"
    assert page.meta["Keywords"] == "人大工作,任务分解"
    assert page.published == "2016-05-11"


def test_disclosure_table_fields() -> None:
    meta = extract_page(TRS_PAGE).meta
    assert meta["索引号"] == "WY-2016-0012"
    assert meta["发文机关"] == "中共渭源县委"
    assert meta["成文日期"] == "2016年05月10日"
    assert meta["发文字号"] == "渭发〔2016〕8号"
    assert meta["发布日期"] == "2016年05月11日"


def test_cms_container_is_the_text_without_scripts_sidebars_or_widgets() -> None:
    text = extract_page(TRS_PAGE).text
    assert text.split("\n")[0] == "为贯彻落实县委人大工作会议精神，确保各项任务落到实处，特制定本方案。"
    assert "一、总体要求" in text.split("\n")
    assert "责任单位：县委办公室" in text.split("\n")
    for junk in ("不要这个", "margin", "关于召开常委会会议的通知", "今天是", "ICP备", "设为首页", "您当前的位置"):
        assert junk not in text


def test_attachments_resolved_against_base_href() -> None:
    page = extract_page(TRS_PAGE, "http://www.wyrd.gov.cn/wjll/201605/t20160511_1.html")
    assert page.attachments == [
        {"url": "http://www.wyrd.gov.cn/wjll/201605/fj1.doc", "name": "任务分解表"},
        {"url": "http://www.wyrd.gov.cn/files/plan.PDF", "name": "方案全文"},
        {"url": "http://other.example/x.xlsx", "name": "统计表"},
    ]


def test_links_are_absolute_with_their_text() -> None:
    page = extract_page(TRS_PAGE, "http://www.wyrd.gov.cn/wjll/201605/t20160511_1.html")
    assert {"url": "http://www.wyrd.gov.cn/a/1.html", "text": "关于召开常委会会议的通知"} in page.links


def test_relative_links_without_base_use_the_page_url() -> None:
    html = '<html><body><div id="zoom"><p>正文内容足够长，超过模板外壳的长度，这是一份通知的正文内容，请认真阅读并遵照执行。</p>' \
           '<a href="./P020190312.docx">附件1</a></div></body></html>'
    page = extract_page(html, "https://rd.example.gov.cn/art/2019/3/12/art_1_2.html")
    assert page.attachments == [{"url": "https://rd.example.gov.cn/art/2019/3/12/P020190312.docx", "name": "附件1"}]
    assert page.text.startswith("正文内容足够长")


def test_widget_date_never_the_published_date() -> None:
    html = '<html><head><title>某文</title></head><body><div class="top">今天是2019年3月13日 星期三</div>' \
           '<div class="article-content"><p>这是一篇没有发布日期的正文，内容足够长以便被识别为正文容器的文字。</p></div></body></html>'
    page = extract_page(html)
    assert page.published == ""
    assert page.title == "某文"


def test_fallback_when_no_container_matches() -> None:
    body = "".join(f"<p>第{i}条 这是一段足够长的正文文字，用来让通用抽取器识别正文，而不是导航或者页脚。</p>" for i in range(1, 9))
    html = f"<html><head><title>条例</title></head><body><nav><a href='/'>首页</a></nav><main>{body}</main></body></html>"
    text = extract_page(html).text
    assert "第1条 这是一段足够长的正文文字" in text


def test_empty_page() -> None:
    page = extract_page("")
    assert page.text == "" and page.links == [] and page.attachments == []


@given(st.text(max_size=300))
def test_extract_page_never_raises(html: str) -> None:
    extract_page(html, "http://example.gov.cn/a/b.html")


def test_title_without_meta_tags_comes_from_the_disclosure_table_then_the_head() -> None:
    table = ('<html><head><title>示范市人大常委会-政务公开-关于某事的决定</title></head><body><table>'
             '<tr><td>标　　题：</td><td colspan="3">关于加强预算审查监督的决定</td></tr></table>'
             '<div id="zoom"><p>正文内容足够长，超过模板外壳的长度，这是一份决定的正文内容，请认真阅读并遵照执行。</p></div></body></html>')
    assert extract_page(table).title == "关于加强预算审查监督的决定"
    head = table.replace("标　　题：", "说明：")
    assert extract_page(head).title == "关于某事的决定"


def test_title_from_head_drops_the_sites_and_columns_names() -> None:
    from crawler.extract import title_from_head

    assert title_from_head("北京市人民代表大会常务委员会议事规则_示范市人大常委会", {}) == "北京市人民代表大会常务委员会议事规则"
    assert title_from_head("示范市人大常委会-人大制度-关于加强预算审查的决定", {}) == "关于加强预算审查的决定"
    assert title_from_head("关于2021-2025年规划的决定 - 示范市人大", {}) == "关于2021-2025年规划的决定"
    assert title_from_head("代表工作 | 关于召开会议的通知", {"ColumnName": "代表工作"}) == "关于召开会议的通知"
    assert title_from_head("示范市人大常委会", {}) == "示范市人大常委会"


LAYOUT_PAGE = """<html><head><title>某条例_示范市人大</title></head><body>
<table width="1000"><tr><td><span>今天是2019年3月13日</span> <a href="/">网站首页</a></td></tr></table>
<table width="1000"><tr>
<td class="left"><div class="bt">某条例</div><div class="nr">{paras}
<table class="fj"><tr><td>任务</td><td>责任单位</td></tr><tr><td>完善预算审查</td><td>县财政局</td></tr></table></div></td>
<td class="right"><ul>{side}</ul></td></tr></table></body></html>"""


def test_layout_tables_are_unwrapped_data_tables_kept() -> None:
    from bs4 import BeautifulSoup

    from crawler.extract import unwrap_layout_tables

    soup = BeautifulSoup(LAYOUT_PAGE.format(paras="<p>正文</p>", side="<li><a href='/a.html'>其他文章</a></li>"), "lxml")
    unwrap_layout_tables(soup)
    assert [t.get("class") for t in soup.find_all("table")] == [["fj"]]
    assert soup.find("div", class_="right") is not None


def test_generic_extractor_leaves_sidebars_out_of_a_table_layout_page() -> None:
    paras = "".join(f"<p>第{n}条 这是一段足够长的条例正文，说明本条例的适用范围、主管部门和各方的义务，不是导航也不是页脚。</p>" for n in range(1, 9))
    side = "".join(f'<li><a href="/rdzl/2019/t201903{n:02d}_{n}.html">关于召开第{n}次常委会会议的通知</a><span>2019-03-{n:02d}</span></li>'
                   for n in range(1, 9))
    text = extract_page(LAYOUT_PAGE.format(paras=paras, side=side)).text
    assert "第1条 这是一段足够长的条例正文" in text and "第8条" in text
    assert "常委会会议的通知" not in text and "今天是" not in text and "网站首页" not in text
    assert "县财政局" in text  # the data table inside the text is kept


def test_guess_kind_an_article_with_a_sidebar_is_not_a_list() -> None:
    from crawler.links import find_links
    from crawler.verdict import guess_kind

    paras = "".join(f"<p>第{n}条 这是一段足够长的条例正文，说明本条例的适用范围、主管部门和各方的义务。</p>" for n in range(1, 9))
    side = "".join(f'<li><a href="/rdzl/201903/t201903{n:02d}_{n}.html">关于召开第{n}次常委会会议的通知</a></li>' for n in range(1, 9))
    article = LAYOUT_PAGE.format(paras=f"<p>发布日期：2019-02-20</p>{paras}", side=side)
    url = "http://a.gov.cn/xxgk/view/1.html"
    assert guess_kind(article, find_links(article, url)) == "article"
    listing = f"<html><body><ul>{side}</ul><p>发布日期：2019-02-20</p></body></html>"
    assert guess_kind(listing, find_links(listing, url)) == "list"
    assert guess_kind("<html><body><p>机构概况</p></body></html>", find_links("", url)) == "page"


def test_a_page_that_looks_like_a_file_name_is_read_without_a_warning() -> None:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        extract_page("http://example.gov.cn/a.html")
        extract_page("plan.html")
    assert [w for w in caught if "filename" in str(w.message).lower() or "URL" in str(w.message)] == []
