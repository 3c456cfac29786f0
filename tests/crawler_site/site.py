"""The fixture website's content: real congress texts in TRS and Hanweb page shells, and its pathologies.

`build_main_site` and `build_other_site` return routes for tests/crawler_site/server.py.
"""

from __future__ import annotations

import hashlib
import html
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

SHARED = Path(__file__).resolve().parents[1] / "sources"  # the vendored raw texts
EXTRA = SHARED / "corpus-extra"
SEEDS = SHARED / "seeds"
TEMPLATES = Path(__file__).resolve().parent / "templates"
SITE_NAME = "示范市人大常委会"
OTHER_SITE_NAME = "邻省人大常委会"


def _template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def local_rule(name: str) -> tuple[str, str]:
    """(title, body) of a corpus-extra/local-rules file: '# title', history, <!-- INFO END -->, text."""
    text = (EXTRA / "local-rules" / name).read_text(encoding="utf-8-sig")
    lines = text.split("\n")[1:]  # SOURCE line
    title = lines[0].lstrip("# ").strip()
    body = "\n".join(line for line in lines[1:] if "INFO END" not in line)
    return title, body.strip()


def city_regulation(name: str) -> tuple[str, str]:
    text = (EXTRA / "city-regulations" / name).read_text(encoding="utf-8-sig")
    lines = text.split("\n")[2:]  # SOURCE and the record note
    title = name.split("_")[0]
    body = "\n".join(lines).strip()
    if body.startswith(title):
        body = body[len(title):].strip()
    return title, body


def seed_004() -> tuple[str, str]:
    """东城区's opinions, without the scraped chrome above the adoption line."""
    text = (SEEDS / "004_5a972a42f7f4496e.txt").read_text(encoding="utf-8")
    start = text.index("2017年8月31日北京市东城区")
    return "东城区第十六届人大常委会关于加强自身建设的意见", "（" + text[start:].strip()


APPOINTMENTS_1 = """（2023年4月20日示范市第十六届人民代表大会常务委员会第九次会议通过）
任命：
王镕为示范市司法局局长；
陈立新为示范市市场监督管理局局长；
李晓东为示范市人民法院民事审判第一庭庭长、审判员；
赵文华为示范市人民检察院检察员、检察委员会委员。
免去：
王镕的示范市司法局副局长职务；
孙建国的示范市市场监督管理局局长职务；
刘海涛的示范市人民法院审判委员会委员、审判员职务。
以上任免事项，由示范市人民代表大会常务委员会人事代表工作委员会负责办理相关手续，并按照有关规定颁发任命书。
"""

APPOINTMENTS_2 = """（2023年6月28日示范市第十六届人民代表大会常务委员会第十一次会议通过）
任命：
刘䶮为示范市人民法院行政审判庭副庭长、审判员；
朱镕为示范市人民检察院第二检察部主任、检察员；
周明远为示范市人民代表大会常务委员会法制工作委员会副主任。
免去：
郑国华的示范市人民法院行政审判庭副庭长、审判员职务；
吴德明的示范市人民代表大会常务委员会法制工作委员会副主任职务。
以上任免事项，由示范市人民代表大会常务委员会人事代表工作委员会负责办理相关手续，并按照有关规定颁发任命书。
"""


@dataclass
class Article:
    path: str
    title: str
    pubdate: str
    text: str
    shell: str = "trs"  # trs | hanweb | bare (no meta tags, no disclosure table, no CMS container)
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    meta_charset: str = "utf-8"  # "" for no <meta> charset at all
    gov_meta: bool = True  # the 政府网站发展指引 meta tags (TRS shell)
    validators: bool = True  # ETag and Last-Modified sent (Hanweb's dynamic pages often send neither)
    issuer: str = "示范市人民代表大会常务委员会"
    doc_number: str = ""
    source: str = "示范市人大常委会办公室"
    attachments: list[tuple[str, str]] = field(default_factory=list)
    extra_lines: list[str] = field(default_factory=list)  # a repost's 来源 line and the like
    behaviour: str = ""  # how the server misbehaves on odd requests (see server.py)


GOV_META = """<meta name="SiteName" content="${site_name}">
<meta name="SiteDomain" content="${domain}">
<meta name="SiteIDCode" content="ZR0000000001">
<meta name="ColumnName" content="${column}">
<meta name="ColumnType" content="地方性法规">
<meta name="ArticleTitle" content="${title}">
<meta name="PubDate" content="${pubdate} 09:30">
<meta name="ContentSource" content="${source}">
<meta name="Keywords" content="人大,常委会,${column}">
<meta name="Description" content="${title}">
"""
TEMPLATE_OF = {"trs": "trs_article.html", "hanweb": "hanweb_article.html", "bare": "bare_article.html"}


def _paragraphs(text: str) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return "\n".join(f'<p style="text-indent:2em;">{html.escape(line)}</p>' for line in lines)


def render_article(article: Article, others: list[Article], site_name: str, domain: str) -> bytes:
    sidebar = "\n".join(
        f'<li><a href="{o.path}" title="{html.escape(o.title)}">{html.escape(o.title[:18])}</a><span>{o.pubdate}</span></li>'
        for o in others[:6]
    )
    attachments = " ".join(f'<a href="{href}">{html.escape(name)}</a>' for href, name in article.attachments)
    if attachments:
        attachments = "附件：" + attachments
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in article.extra_lines) + _paragraphs(article.text)
    values = {
        "charset_meta": (f'<meta http-equiv="Content-Type" content="text/html; charset={article.meta_charset}" />'
                         if article.meta_charset else ""),
        "title": html.escape(article.title),
        "site_name": site_name,
        "domain": domain,
        "column": "人大制度",
        "pubdate": article.pubdate,
        "source": article.source,
        "index_no": f"000014348/{article.pubdate[:4]}-00{len(article.path)}",
        "issuer": article.issuer,
        "doc_number": article.doc_number,
        "body": body,
        "attachments": attachments,
        "sidebar": sidebar,
        "friends": '<li><a href="http://www.npc.gov.cn/">中国人大网</a></li>',
        "base": f"http://{domain}/",
    }
    values["meta_tags"] = Template(GOV_META).substitute(values) if article.gov_meta else ""
    page = _template(TEMPLATE_OF[article.shell]).substitute(values)
    return page.encode(article.encoding)


def render_list(column: str, items: list[tuple[str, str, str]], pager: str, site_name: str,
                datastore: bool = False) -> bytes:
    lis = [f'<li><a href="{href}" target="_blank">{html.escape(title)}</a><span class="date">{date}</span></li>'
           for href, title, date in items]
    if datastore:
        # Hanweb: the column's records sit in a <script type="text/xml"> datastore, as CDATA,
        # for its JavaScript to render; no <a> of them is in the page's HTML.
        records = "\n".join(f"<record><![CDATA[{li}]]></record>" for li in lis)
        body = ('</ul><div id="4521"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/'
                'jpage/dataproxy.jsp?page=1&webid=1&columnid=12&unitid=4521"></a>]]></nextgroup><recordset>\n'
                f"{records}\n</recordset></datastore></script></div><ul>")
    else:
        body = "\n".join(lis)
    return _template("list.html").substitute(column=column, items=body, pager=pager, site_name=site_name).encode("utf-8")


def trs_pager(count: int, current: int) -> str:
    return (
        '<div class="page"><script type="text/javascript">\n'
        f"var countPage = {count}; var currentPage = {current};\n"
        'createPageHTML(countPage, currentPage, "index", "html");\n</script></div>'
    )


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


# --- the main site ---------------------------------------------------------------------------
def main_articles(version: int = 1) -> list[Article]:
    t1, b1 = local_rule("北京_北京市人大常委会组成人员守则.txt")
    if version == 2:
        b1 += "\n本守则自公布之日起施行，由市人大常委会办公厅负责解释。"
    t4, b4 = city_regulation("白山市文明祭祀条例_白山市人民代表大会常务委员会_2020-12-04.txt")
    t5, b5 = local_rule("浙江_浙江省人民代表大会常务委员会关于政府规章设定罚款限额的规定(2021-09-30).txt")
    t6, b6 = local_rule("北京_关于市人民政府向市人民代表大会常务委员会报告重大事项的若干规定.txt")
    t7, b7 = local_rule("浙江_嘉兴市户外广告和招牌设置条例(2020-04-10).txt")
    t8, b8 = city_regulation("鸡西市文明祭祀条例_鸡西市人民代表大会常务委员会_2022-08-31.txt")
    if version == 2:
        t8 = "鸡西市文明祭祀条例（全文）"  # retitled on the site
    t9, b9 = seed_004()
    t10, b10 = local_rule("上海_上海市人民代表大会常务委员会关于促进和保障浦东新区改革开放再出发实现新时代高质量发展的决定(2019-07-25).txt")
    t11, b11 = local_rule("上海_上海市人民代表大会常务委员会关于促进和保障长三角生态绿色一体化发展示范区建设若干问题的决定(2020-09-25).txt")
    t12, b12 = local_rule("河南_河南省第六届人民代表大会关于进一步开展全民义务植树运动的决议(2010-07-30).txt")
    t13, b13 = local_rule("北京_北京市人民代表大会常务委员会关于市人民政府机构改革涉及地方性法规规定的行政机关职责调整问题的决定(2018-11-23).txt")
    t14, b14 = local_rule("河南_河南省人民代表大会常务委员会关于进一步加快我省旅游业发展的决议.txt")
    t15, b15 = local_rule("河南_河南省人民代表大会常务委员会关于进一步加强水污染防治工作的决议.txt")
    t16, b16 = local_rule("山东_威海市节约用水条例(2020-01-17).txt")
    t17, b17 = local_rule("山东_烟台市全民阅读促进条例(2019-02-13).txt")
    return [
        Article("/rdzl/202305/t20230512_1001.html", t1, "2023-05-12", b1, doc_number="京人常发〔2023〕12号",
                attachments=[("./P020230512_1.pdf", "守则全文.pdf"), ("./P020230512_2.doc", "学习材料.doc"),
                             ("/uploads/P020230512_3.wps", "附表.wps"), ("/uploads/P020230512_4.xls", "名单.xls")]),
        Article("/rdzl/202304/t20230420_1002.html", "示范市人大常委会任免名单（2023年4月）", "2023-04-20", APPOINTMENTS_1,
                encoding="gbk", content_type="text/html; charset=utf-8", meta_charset="gbk"),
        Article("/rdzl/202306/t20230628_1003.html", "示范市人大常委会任免名单（2023年6月）", "2023-06-28", APPOINTMENTS_2,
                encoding="gb18030", content_type="text/html", meta_charset="gb2312"),
        Article("/rdzl/202012/t20201204_1004.html", t4, "2020-12-04", b4, issuer="白山市人民代表大会常务委员会"),
        Article("/art/2021/10/8/art_12_3456.html", t5, "2021-10-08", b5, shell="hanweb", validators=False),
        # A template copied from an older site: labelled gb2312, no charset in the header, a UTF-8 body.
        Article("/content/post_77.html", t7, "2020-04-10", b7, content_type="text/html", meta_charset="gb2312"),
        Article("/zwgk/fgwj/202206/t20220831_2001.html", t8, "2022-08-31", b8),
        Article("/rdzl/201904/t20190425_1009.html", t9, "2019-04-25", b9, issuer="北京市东城区人大常委会"),
        Article("/rdzl/201907/t20190725_1010.html", t10, "2019-07-25", b10),
        Article("/rdzl/202009/t20200925_1011.html", t11, "2020-09-25", b11),
        Article("/rdzl/201007/t20100730_1012.html", t12, "2010-07-30", b12, behaviour="500"),
        Article("/rdzl/201811/t20181123_1013.html", t13, "2018-11-23", b13, behaviour="503"),
        Article("/rdzl/201501/t20150121_1014.html", t14, "2015-01-21", b14, behaviour="429"),
        Article("/rdzl/201502/t20150212_1015.html", t15, "2015-02-12", b15, behaviour="reset"),
        # Articles from here on are in no sidebar (render_article shows six others): only their list reaches them.
        Article("/art/2022/3/1/art_12_3460.html", t6, "2022-03-01", b6, shell="hanweb", validators=False),
        # No meta tags (title and date only in the disclosure table), GBK with no charset label anywhere.
        Article("/zwgk/fgwj/202103/t20210318_2002.html", t16, "2020-01-21", b16, gov_meta=False, encoding="gbk",
                content_type="text/html", meta_charset="", issuer="威海市人民代表大会常务委员会",
                doc_number="威人常〔2020〕3号"),
        # No meta tags, no disclosure table, no CMS container (the generic extractor's case), a URL of
        # no known shape, a 今天是 widget and sidebars of other articles with their dates.
        Article("/xxgk/view/2088.html", t17, "2019-02-20", b17, shell="bare", validators=False),
    ]


def repost_of(article: Article, path: str, site_note: str) -> Article:
    """The same document on another page: another shell and an extra 来源 line."""
    return Article(path, article.title, article.pubdate, article.text, shell="hanweb",
                   extra_lines=[f"来源：{site_note}"], source=site_note)


# Articles that one kind of link alone reaches (no sidebar or other list links them): the crawl
# finds them only if it follows that link. test_crawl checks the fixture really is built so.
REACHED_ONLY_BY = {
    "/rdzl/201904/t20190425_1009.html": ("TRS createPageHTML page 2", {"/rdzl/index_1.html"}),
    "/rdzl/201502/t20150212_1015.html": ("TRS createPageHTML page 3", {"/rdzl/index_2.html"}),
    "/art/2021/1/6/art_15_4001.html": ("Hanweb datastore record", {"/col/col12/index.html", "/col/col12/index.html?uid=1&pageNum=1"}),
    "/art/2022/3/1/art_12_3460.html": ("下一页 link with pageNum=", {"/col/col12/index.html?uid=1&pageNum=2"}),
    "/zwgk/fgwj/202103/t20210318_2002.html": ("./ link on a pageNo= list", {"/zwgk/fgwj/list.jsp?pageNo=2"}),
    "/xxgk/view/2088.html": ("../../ link, URL of no known shape", {"/zwgk/fgwj/list.jsp?pageNo=2"}),
    "/rdzl/201907/t20190725_1010.html": ("301 redirect", {"/old/pudong.html"}),
    "/rdzl/202009/t20200925_1011.html": ("meta refresh then two 302s", {"/r/2.html"}),
}

# Paths that fail on purpose, by what they do; server.py implements each behaviour.
FAILING = {
    "/rdzl/202101/t20210101_1099.html": "404",
    "/rdzl/202102/t20210202_1098.html": "soft404",
    "/rdzl/202103/t20210303_1097.html": "521",
    "/rdzl/202104/t20210404_1096.html": "412",
    "/rdzl/202105/t20210505_1095.html": "challenge",
    "/rdzl/202106/t20210606_1094.html": "trickle",
    "/rdzl/202107/t20210707_1093.html": "huge",
}
EXPECTED_FAILURES = {
    "/rdzl/202101/t20210101_1099.html": "not_found",
    "/rdzl/202102/t20210202_1098.html": "soft_404",
    "/rdzl/202103/t20210303_1097.html": "blocked",
    "/rdzl/202104/t20210404_1096.html": "blocked",
    "/rdzl/202105/t20210505_1095.html": "blocked",
    "/rdzl/202106/t20210606_1094.html": "too_slow",  # default policy; a short read_deadline says read_deadline
    "/rdzl/202107/t20210707_1093.html": "too_large",
    "/loop/a.html": "redirect_loop",
    "/hops/0.html": "too_many_redirects",
    "/private/report.html": "robots_disallowed",
    "/rdzl/internal_notes.html": "robots_disallowed",
    "/data/export.html": "not_html",
    "/go/npc.html": "offsite_redirect",
}
ROBOTS_DISALLOWED = ("/private/", "/rdzl/internal_")
# Allow: / first: a first-match parser (urllib.robotparser) would allow everything; RFC 9309's
# longest match disallows the two paths.
MAIN_ROBOTS = """# 示范市人大常委会
User-agent: *
Allow: /
Disallow: /private/
Disallow: /rdzl/internal_

User-agent: BadBot
Disallow: /
"""
