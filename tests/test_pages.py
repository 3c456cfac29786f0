"""The web pages through their front door: every page renders, links lead somewhere, crawled text stays text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from api.app import create_app, get_service
from api.settings import Settings
from index.core.model import Document, make_document_id

HOSTILE_TITLE = '<script>alert("title")</script>关于<b>加强</b>预算审查的办法'
HOSTILE_BODY = """\
一、总体要求

<script>alert("body")</script>加强预算审查监督，<img src=x onerror=alert(2)>推进公开。

二、工作任务

（一）完善预算审查程序</p><a href="javascript:alert(3)">点我</a>，每年向常委会报告一次。[点我](javascript:alert(7))![图](http://evil.example/x.png)
责任单位：县人大财经委
配合单位：县财政局
"""


def soup_of(response) -> BeautifulSoup:
    assert response.headers["content-type"].startswith("text/html"), response.text[:200]
    return BeautifulSoup(response.text, "html.parser")


def get_page(client: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    return soup_of(response)


def hrefs(soup: BeautifulSoup, selector: str) -> list[str]:
    return [a["href"] for a in soup.select(selector)]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    """A corpus of one document whose title, text and source try to inject markup."""
    from index.build import build_index
    from index.corpus import write_document

    root = tmp_path_factory.mktemp("hostile")
    source = "javascript:alert(4)"
    doc = Document(
        id=make_document_id(source, HOSTILE_TITLE),
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
        region="测试县",
        level="county",
        issuer='<i onmouseover="alert(5)">测试县人大常委会</i>',
        published="2021-05-01",
        kind="实施方案",
        source=source,
        attachments=[{"url": "javascript:alert(6)", "name": "附件<script>"}],
    )
    write_document(root / "corpus", doc)
    build_index(root / "corpus", root / "index")
    app = create_app(Settings(corpus=root / "corpus", index=root / "index"))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, doc.id


# -- every page renders ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search?q=预算审查",
        "/search?q=",
        "/who",
        "/who?q=预决算审查监督",
        "/units",
        "/units?q=财政局",
        "/units/县财政局",
        "/documents",
        "/documents?region=渭源县",
    ],
)
def test_every_page_renders_in_chinese(client, url: str) -> None:
    soup = get_page(client, url)
    assert soup.html["lang"] == "zh-CN"
    assert "人大政策文件知识库" in soup.title.get_text()
    assert soup.select_one("link[rel=stylesheet]")["href"] == "/static/style.css"
    assert not soup.find_all("script"), "the pages need no script"


def test_pages_send_a_strict_content_security_policy(client) -> None:
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy


def test_every_asset_is_local(client) -> None:
    for url in ("/", "/search?q=预算审查", "/who?q=预决算审查监督", "/documents"):
        soup = get_page(client, url)
        assets = [t.get("src") or t.get("href") for t in soup.select("link, script, img, iframe")]
        assert all(a and a.startswith("/") for a in assets), assets
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "@media" in css.text and "http" not in css.text


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_the_api_docs_load_nothing_from_a_cdn(client, url: str) -> None:
    soup = soup_of(client.get(url))
    assets = [t.get("src") or t.get("href") for t in soup.select("link[href], script[src]")]
    assert assets and all(a.startswith("/") for a in assets), assets
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "\"validatorUrl\": null" in client.get(url).text or url == "/redoc"


# -- search -------------------------------------------------------------------------------


def test_home_has_both_boxes_and_examples(client) -> None:
    soup = get_page(client, "/")
    assert soup.select_one("form[action='/search'] input[name=q]")
    who = soup.select_one("form[action='/who'] input[name=q]")
    assert who and who.get("placeholder", "").endswith("预决算审查监督")
    assert any("/who?q=" in h for h in hrefs(soup, ".examples a"))
    assert not soup.select(".notice"), "the home page is not an error"


def test_every_example_finds_something(client) -> None:
    from api.pages import EXAMPLE_QUERIES, EXAMPLE_QUESTIONS

    for q in EXAMPLE_QUERIES:
        assert get_page(client, "/search?q=" + quote(q)).select("article.hit"), q
    for q in EXAMPLE_QUESTIONS:
        assert get_page(client, "/who?q=" + quote(q)).select("table.who-table tbody tr"), q


def test_empty_query_is_explained(client) -> None:
    soup = get_page(client, "/search?q=%20")
    assert "请输入要检索的词语" in soup.select_one(".notice").get_text()
    assert soup.select(".examples a[href^='/search?q=']")


def test_a_query_that_matches_nothing_is_explained(client) -> None:
    soup = get_page(client, "/search?q=" + quote("量子纠缠火星殖民"))
    notice = soup.select_one(".results .notice").get_text()
    assert "没有找到" in notice and "量子纠缠火星殖民" in notice
    assert soup.select(".suggestions a")


def test_results_show_highlight_path_document_and_units(client) -> None:
    soup = get_page(client, "/search?q=" + quote("预决算审查监督"))
    hits = soup.select("article.hit")
    assert hits and "个条款" in soup.select_one(".summary").get_text()
    assert soup.select("article.hit .text mark")
    first = hits[0]
    title_link = first.select_one("h3 a")["href"]
    path_link = first.select_one(".path a")
    assert title_link.startswith("/documents/") and path_link["href"].startswith(title_link + "#")
    assert unquote(urlsplit(path_link["href"]).fragment) == path_link.get_text()
    units = [a.get_text() for a in soup.select("article.hit .units a.unit")]
    assert "县财政局" in units


def test_a_facet_link_adds_the_filter_and_the_chip_removes_it(client) -> None:
    soup = get_page(client, "/search?q=" + quote("人大常委会"))
    region_links = soup.select("[data-facet=region] li a")
    assert len(region_links) >= 2
    link = region_links[0]
    region = link.get_text()
    assert parse_qs(urlsplit(link["href"]).query)["region"] == [region]
    filtered = get_page(client, link["href"])
    regions = {p.select_one(".meta span:first-child").get_text() for p in filtered.select("article.hit")}
    assert regions == {region}
    chip = filtered.select_one(".active-filters a.chip")
    assert region in chip.get_text()
    assert "region" not in parse_qs(urlsplit(chip["href"]).query)
    # The query box keeps the filter when the person types a new query.
    assert filtered.select_one("form[action='/search'] input[type=hidden][name=region]")["value"] == region


def test_pagination_links_keep_the_query(client) -> None:
    soup = get_page(client, "/search?q=" + quote("人大"))
    following = soup.select_one(".pages a[rel=next]")
    assert following is not None
    params = parse_qs(urlsplit(following["href"]).query)
    assert params["q"] == ["人大"] and params["page"] == ["2"]
    second = get_page(client, following["href"])
    assert second.select_one(".pages span[aria-current=page]").get_text() == "2"


def test_a_hostile_query_is_shown_as_text(client) -> None:
    for q in ('<script>alert(1)</script>', '"预算 <b>审查', '“人大 \'"'):
        response = client.get("/search", params={"q": q})
        assert response.status_code in (200, 400)
        soup = soup_of(response)
        assert not soup.find_all("script") and not soup.find_all("b")
        assert soup.select_one("input#q")["value"] == q.strip()
        assert "<script>alert(1)</script>" not in response.text


def test_a_too_long_query_is_a_page_not_a_trace(client) -> None:
    soup = get_page(client, "/search?q=" + "预算" * 150, status=400)
    assert "太长" in soup.select_one(".notice").get_text()


# -- who is responsible ---------------------------------------------------------------------


def test_who_answers_with_units_in_a_table(client) -> None:
    soup = get_page(client, "/who?q=" + quote("预决算审查监督"))
    row = soup.select_one("table.who-table tbody tr")
    cells = {td["data-label"]: td for td in row.select("td")}
    assert set(cells) == {"条款", "内容", "牵头单位", "配合单位", "责任领导", "完成时限"}
    assert "县人大财政经济委员会" in cells["牵头单位"].get_text()
    coop = {a.get_text(): a["href"] for a in cells["配合单位"].select("a")}
    assert {"县财政局", "县审计局"} <= set(coop)
    assert coop["县财政局"].startswith("/units/")
    assert cells["内容"].select("mark")


def test_who_without_a_question_explains_itself(client) -> None:
    soup = get_page(client, "/who")
    assert "预决算审查监督" in soup.select_one(".notice").get_text()
    assert not soup.select("table")


# -- units ------------------------------------------------------------------------------------


def test_unit_page_groups_tasks_by_document(client) -> None:
    soup = get_page(client, "/units/" + quote("县财政局"))
    assert soup.h1.get_text() == "县财政局"
    groups = soup.select("section.unit-doc")
    assert groups
    for group in groups:
        doc_link = group.select_one("h2 a")["href"]
        assert doc_link.startswith("/documents/")
        for path_link in group.select(".task a.path"):
            assert path_link["href"].startswith(doc_link + "#")
    roles = {b.get_text() for b in soup.select(".badge")}
    assert roles <= {"牵头", "配合"} and "配合" in roles


def test_unit_links_lead_to_unit_pages(client) -> None:
    soup = get_page(client, "/who?q=" + quote("预决算审查监督"))
    link = soup.select_one("a.unit")["href"]
    unit = get_page(client, link)
    assert unit.select("section.unit-doc")


def test_unit_directory_links_to_each_unit(client) -> None:
    soup = get_page(client, "/units?q=" + quote("财政局"))
    names = [a.get_text() for a in soup.select("table.list td[data-label=单位] > a")]
    assert any("财政局" in n for n in names)


# -- documents ------------------------------------------------------------------------------


def first_document_with_assignments(client) -> str:
    documents = client.get("/api/documents", params={"size": 100}).json()["documents"]
    return next(d["doc_id"] for d in documents if d["assignment_count"])


def test_document_list_links_to_documents(client) -> None:
    soup = get_page(client, "/documents")
    links = hrefs(soup, "table.list td[data-label=标题] a")
    assert links and all(h.startswith("/documents/") for h in links)


def test_document_page_has_every_clause_as_an_anchor(client) -> None:
    doc_id = first_document_with_assignments(client)
    api = client.get(f"/api/documents/{doc_id}").json()
    soup = get_page(client, f"/documents/{doc_id}")
    assert soup.h1.get_text() == api["title"]

    def paths(nodes: list[dict]) -> list[str]:
        return [p for n in nodes for p in [n["path"], *paths(n["children"])]]

    expected = paths(api["clauses"])
    ids = [s["id"] for s in soup.select("section.clause")]
    assert ids == expected
    # The outline and the permalinks point at those ids, percent-encoded the one same way.
    for link in soup.select(".outline a") + soup.select("a.permalink"):
        fragment = link["href"].removeprefix("#")
        assert fragment == quote(unquote(fragment), safe="") and unquote(fragment) in ids


def test_assignments_sit_beside_the_clauses_they_govern(client) -> None:
    doc_id = first_document_with_assignments(client)
    api = client.get(f"/api/documents/{doc_id}").json()
    soup = get_page(client, f"/documents/{doc_id}")
    governed = {cid.split(":", 1)[1] for a in api["assignments"] for cid in a["clause_ids"]}
    beside = {s["id"] for s in soup.select("section.clause") if s.select_one(":scope > .clause-row > aside.assignment")}
    assert beside == governed


def test_document_links_to_its_source_and_plain_text(client) -> None:
    doc_id = first_document_with_assignments(client)
    soup = get_page(client, f"/documents/{doc_id}")
    assert f"/api/documents/{doc_id}?format=markdown" in hrefs(soup, ".formats a")
    assert soup.select_one(".doc-meta")


# -- errors are pages on the human side, JSON on the API side ---------------------------------


@pytest.mark.parametrize(
    ("url", "title"),
    [("/documents/no-such-document", "找不到这份文件"), ("/units/" + quote("不存在的单位XYZ"), "找不到这个单位")],
)
def test_unknown_document_or_unit_is_a_404_page(client, url: str, title: str) -> None:
    soup = get_page(client, url, status=404)
    assert soup.h1.get_text() == title
    assert soup.select_one("form[action='/search']")


def test_a_bad_parameter_is_a_400_page(client) -> None:
    soup = get_page(client, "/search?q=x&page=0", status=400)
    assert "page" in soup.select_one(".detail").get_text()


def test_the_api_keeps_its_json_errors(client) -> None:
    response = client.get("/api/documents/no-such-document")
    assert response.status_code == 404 and "error" in response.json()
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404 and response.json()["error"]


def test_a_mistyped_address_is_a_404_page(client) -> None:
    soup = get_page(client, "/no-such-page", status=404)
    assert soup.h1.get_text() == "找不到这个页面"
    assert soup.select_one("form[action='/search']")
    assert get_page(client, "/static/no-such.css", status=404).h1


def test_a_missing_index_is_a_503_page(tmp_path: Path) -> None:
    app = create_app(Settings(corpus=tmp_path / "corpus", index=tmp_path / "no-index"))
    with TestClient(app, raise_server_exceptions=False) as client:
        soup = get_page(client, "/", status=503)
        assert "索引尚未建立" in soup.h1.get_text()
        assert client.get("/api/search?q=x").json()["error"]


def test_a_bug_is_a_500_page_without_a_trace(sample_index: Path, sample_corpus: Path) -> None:
    class Broken:
        def __getattr__(self, name: str):
            raise RuntimeError("secret internal detail /etc/passwd")

    app = create_app(Settings(corpus=sample_corpus, index=sample_index))
    app.dependency_overrides[get_service] = Broken
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/search?q=预算")
        assert response.status_code == 500
        assert "服务器内部错误" in response.text
        assert "secret" not in response.text and "Traceback" not in response.text


# -- crawled text is escaped everywhere -------------------------------------------------------


def test_only_mark_survives_in_a_highlight() -> None:
    from api.pages import highlight_markup

    # Even if the service ever forgot to escape, nothing but <mark> reaches the page.
    broken = '<mark>预算</mark><script>alert(1)</script>&lt;b&gt;'
    assert str(highlight_markup(broken)) == "<mark>预算</mark>&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;"


def test_clause_links_are_encoded_one_way() -> None:
    from api.pages import document_url, unit_url

    assert document_url("abc", "二、（一）1.") == "/documents/abc#" + quote("二、（一）1.", safe="")
    assert unit_url("县/财政局") == "/units/" + quote("县/财政局", safe="")


def assert_inert(response) -> BeautifulSoup:
    soup = soup_of(response)
    assert not soup.find_all(["script", "img", "b", "i"])
    assert not [a for a in soup.find_all("a") if a.get("href", "").lower().startswith("javascript")]
    assert not [t for t in soup.find_all(True) if any(k.startswith("on") for k in t.attrs)]
    return soup


def test_a_hostile_document_is_shown_as_text(hostile) -> None:
    client, doc_id = hostile
    soup = assert_inert(client.get(f"/documents/{doc_id}"))
    assert soup.h1.get_text() == HOSTILE_TITLE
    text = soup.select_one(".doc-text").get_text()
    assert '<script>alert("body")</script>' in text and "<img src=x onerror=alert(2)>" in text
    assert "javascript:alert(4)" in soup.select_one(".doc-meta").get_text()  # shown, not linked


def test_the_simple_html_version_is_inert_too(hostile) -> None:
    client, doc_id = hostile
    soup = assert_inert(client.get(f"/api/documents/{doc_id}", params={"format": "html"}))
    assert "[点我](javascript:alert(7))" in soup.get_text()


@pytest.mark.parametrize(
    "url", ["/search?q=预算审查", "/who?q=预算审查程序", "/documents", "/units", "/units/测试县财政局"]
)
def test_hostile_text_is_escaped_on_every_page(hostile, url: str) -> None:
    client, _ = hostile
    response = client.get(url)
    assert response.status_code == 200
    soup = assert_inert(response)
    assert "<script>" in soup.get_text() or url.startswith("/units")


# -- the document page is the document as written, cut into its clauses -----------------------


def squeezed(text: str) -> str:
    return "".join(text.split())


def test_document_page_shows_every_character_of_the_body_and_nothing_else(client, sample_corpus: Path) -> None:
    from index.corpus import read_corpus

    documents = list(read_corpus(sample_corpus))
    assert len(documents) >= 10
    for doc in documents:
        soup = get_page(client, f"/documents/{doc.id}")
        text = soup.select_one(".doc-text")
        for extra in text.select("a.permalink, aside.assignment"):
            extra.decompose()
        assert not text.select(".notice"), f"{doc.id} could not be cut into its clauses"
        assert squeezed(text.get_text()) == squeezed(doc.body), doc.id


def parsed_view(body: str):
    from api.render import document_view
    from index.core.structure import parse_document_structure

    doc = Document(id="view0001", title="测试", body=body, region="测试县")
    return document_view(parse_document_structure(doc))


def test_a_heading_keeps_its_punctuation_and_role_lines_are_set_apart() -> None:
    view = parsed_view("一、总体要求\n\n（七）文明旅游。遵守文明旅游规范，尊重当地风俗习惯。\n责任单位：县文化旅游局\n")
    item = view.tree[0]["children"][0]
    html = str(item["html"])
    # The parser's heading is 文明旅游 and its text starts at 遵守: both are shown, with the 。 between.
    assert '<strong class="head">（七）文明旅游</strong>。遵守文明旅游规范' in html
    assert '<p class="role-line">责任单位：县文化旅游局</p>' in html
    assert item["assignments"][0]["lead_units"][0]["name"] == "县文化旅游局"


def test_a_document_that_cannot_be_cut_shows_its_parsed_clauses() -> None:
    from api.render import document_view
    from index.core.model import Clause, ParsedDocument

    doc = Document(id="view0002", title="测试", body="第一条 正文如此。\n")
    clause = Clause("view0002:第一条", doc.id, "第一条", "第一条", "article", "", "解析出的文字与正文不同。")
    view = document_view(ParsedDocument(doc, [clause], []))
    assert not view.as_written
    assert "解析出的文字与正文不同。" in str(view.tree[0]["html"])


@pytest.mark.parametrize(
    "text",
    [
        "[点我](javascript:alert(1))",
        "![图](http://evil.example/x.png)",
        "<http://evil.example/>",
        "[a]: javascript:alert(3)\n\n[b][a]",
        '<script>alert(1)</script><a href="javascript:alert(2)">x</a>',
        "1. 第一项\n2. 第二项",
        "# 不是标题\n\n- 不是列表\n\n> 不是引文",
        "    缩进不是代码",
    ],
)
def test_markdown_makes_no_link_image_list_or_markup(text: str) -> None:
    from api.render import render_markdown

    soup = BeautifulSoup(str(render_markdown(text)), "html.parser")
    assert {t.name for t in soup.find_all(True)} == {"p"}
    assert not [t.attrs for t in soup.find_all(True) if t.attrs]
    assert squeezed(soup.get_text()) == squeezed(text), "the text is all there, as text"


def test_markdown_tables_render_without_attributes() -> None:
    from api.render import render_markdown

    soup = BeautifulSoup(str(render_markdown("| 单位 | 任务 |\n|:--|--:|\n| 县财政局 | 预算 |")), "html.parser")
    assert [td.get_text() for td in soup.select("tbody td")] == ["县财政局", "预算"]
    assert not [t.attrs for t in soup.find_all(True) if t.attrs], "style= would be refused by the CSP anyway"


# -- the search box answers who is responsible -------------------------------------------------


def roles_of(section) -> dict[str, list[str]]:
    return {div.dt.get_text(): [a.get_text() for a in div.select("dd a.unit")] for div in section.select("dl.roles > div")}


def test_the_search_box_answers_who_is_responsible(client) -> None:
    soup = get_page(client, "/search?q=" + quote("预决算审查监督"))
    answer = soup.select_one(".results section.answer")
    assert answer is not None
    roles = roles_of(answer)
    assert "县人大财政经济委员会" in roles["牵头"]
    assert {"县财政局", "县审计局"} <= set(roles["配合"])
    more = answer.select_one(".more a")["href"]
    assert parse_qs(urlsplit(more).query)["q"] == ["预决算审查监督"]
    # It comes before the hits, so it is the first thing read, and it is one of the top hits.
    assert soup.select_one(".results > section.answer, .results > article.hit").name == "section"
    top = [a["href"] for a in soup.select("article.hit .path a")[:3]]
    assert answer.select_one("h2 > a")["href"] in top


def test_the_answer_is_only_on_the_first_page_and_only_when_someone_is_named(client) -> None:
    assert not get_page(client, "/search?q=" + quote("人大") + "&page=2").select("section.answer")
    soup = get_page(client, "/search?q=" + quote("文明祭祀"))
    assert soup.select("article.hit") and not soup.select("section.answer")


def test_the_allowlist_flattens_any_other_element_into_its_text() -> None:
    import xml.etree.ElementTree as etree

    from api.render import _Allowlist, safe_markdown

    root = etree.fromstring('<div><p class="x">甲<a href="javascript:1">乙<img src="y"/></a>丙<script>丁</script></p></div>')
    _Allowlist(safe_markdown()).run(root)
    assert etree.tostring(root, encoding="unicode") == "<div><p>甲乙丙丁</p></div>"
