"""The 地区比较 page through its front door: the table says what /api/compare says, its links land on
clauses, and its handout form downloads what /api/export makes."""

from __future__ import annotations

from urllib.parse import unquote

from bs4 import BeautifulSoup

TOPIC = "常委会会议频次"


def get_page(client, url: str, status: int = 200, **params: str) -> BeautifulSoup:
    response = client.get(url, params=params or None)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def test_compare_is_in_the_navigation(client) -> None:
    nav = get_page(client, "/").select("header.site nav a")
    assert "/compare" in [a["href"] for a in nav]


def test_compare_without_a_topic_offers_examples(client) -> None:
    soup = get_page(client, "/compare")
    links = [a["href"] for a in soup.select(".examples a")]
    assert links and all(h.startswith("/compare?topic=") for h in links)
    assert not soup.select(".notice") and not soup.select("table")


def test_the_table_is_regions_by_requirements_as_the_api_says(client) -> None:
    api = client.get("/api/compare", params={"topic": TOPIC}).json()
    soup = get_page(client, "/compare", topic=TOPIC)
    assert api["rows"], "the sample corpus states how often the standing committee meets"
    headers = [th.get_text() for th in soup.select(".compare-table thead th")][1:]
    shown = api["rows"][: len(headers)]
    assert [h.startswith(row["label"]) for h, row in zip(headers, shown, strict=True)] == [True] * len(headers)
    rows = soup.select(".compare-table tbody tr")
    assert [tr.th.get_text() for tr in rows] == api["regions"]
    for tr in rows:
        region = tr.th.get_text()
        for td, row in zip(tr.select("td"), shown, strict=True):
            expected = [f["label"] for f in row["cells"].get(region, [])]
            assert [a.get_text() for a in td.select(".finding > a")] == expected, (region, row["key"])


def test_every_finding_links_to_its_clause(client) -> None:
    soup = get_page(client, "/compare", topic=TOPIC)
    links = soup.select(".compare-table .finding > a") + soup.select(".compare-doc a.path")
    assert links
    pages: dict[str, BeautifulSoup] = {}
    for link in links:
        document, _, fragment = link["href"].partition("#")
        page = pages.setdefault(document, get_page(client, document))
        assert page.find("section", id=unquote(fragment)), link["href"]


def test_the_handout_form_downloads_the_export(client) -> None:
    soup = get_page(client, "/compare", topic=TOPIC, regions="渭源县")
    form = soup.select_one("form#handout")
    assert form["action"] == "/api/export" and form["method"] == "get"
    params = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert params == {"topic": TOPIC, "regions": "渭源县"}
    formats = [o["value"] for o in form.select("select[name=format] option")]
    assert formats[0] == "docx" and set(formats) == {"docx", "markdown", "html"}
    docx = client.get(form["action"], params={**params, "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"  # a zip: a real .docx
    assert docx.headers["content-disposition"].startswith("attachment")
    markdown = client.get(form["action"], params={**params, "format": "markdown"})
    assert markdown.status_code == 200 and "渭源县" in markdown.text


def test_an_unknown_topic_or_region_is_explained_on_the_page(client) -> None:
    soup = get_page(client, "/compare", status=404, topic="量子纠缠火星殖民")
    notice = soup.select_one(".notice")
    assert "量子纠缠火星殖民" in notice.get_text() and notice.select("a[href^='/compare?topic=']")
    assert soup.select_one("input#topic")["value"] == "量子纠缠火星殖民"
    soup = get_page(client, "/compare", status=404, topic="执法检查", regions="火星县")
    assert "火星县" in soup.select_one(".notice").get_text()


def test_a_hostile_topic_is_text(client) -> None:
    response = client.get("/compare", params={"topic": "<script>alert(1)</script>", "regions": "<b>x</b>"})
    assert response.status_code in (200, 400, 404)
    soup = BeautifulSoup(response.text, "html.parser")
    assert not soup.find_all(["script", "b"])
    assert soup.select_one("input#topic")["value"] == "<script>alert(1)</script>"
