"""The API through its front door: a real index built from the seeds and a few extra documents."""

from __future__ import annotations

import pytest

from tests.seed000_answers import WEIYUAN_ANSWERS


def names(units: list[dict]) -> list[str]:
    return [u["name"] for u in units]


def test_healthz(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["documents"] >= 9


def test_responsibility_for_budget_review(client) -> None:
    response = client.get("/api/responsibility", params={"q": "预决算审查监督"})
    assert response.status_code == 200
    best = response.json()["answers"][0]
    assert best["region"] == "渭源县"
    assert set(names(best["lead_units"])) >= {
        "县人大财政经济委员会",
        "县人大常委会财政经济与环保工作委员会",
        "各乡镇人大主席团",
    }
    assert set(names(best["coop_units"])) >= {"县财政局", "县审计局"}
    assert "预决算审查监督" in best["text"] or "预决算审查监督" in " ".join(best["headings"])
    collective = {u["name"]: u["collective"] for u in best["lead_units"]}
    assert collective["各乡镇人大主席团"] is True
    assert collective["县人大财政经济委员会"] is False
    assert all(u["canonical"].startswith("渭源县") for u in best["lead_units"])


@pytest.mark.parametrize(("question", "lead", "coop"), WEIYUAN_ANSWERS, ids=[row[0] for row in WEIYUAN_ANSWERS])
def test_every_seed000_assignment_is_answered(client, question: str, lead: list[str], coop: list[str]) -> None:
    response = client.get("/api/responsibility", params={"q": question, "region": "渭源县"})
    assert response.status_code == 200
    answers = response.json()["answers"]
    assert answers, f"no answer for {question}"
    best = answers[0]
    assert names(best["lead_units"]) == lead, best["path"]
    assert names(best["coop_units"]) == coop, best["path"]


def test_only_clauses_with_assignments_answer(client) -> None:
    answers = client.get("/api/responsibility", params={"q": "人大代表"}).json()["answers"]
    assert answers
    assert all(a["lead_units"] or a["coop_units"] or a["leader"] or a["deadline"] for a in answers)


def test_search_shape_and_facets(client) -> None:
    response = client.get("/api/search", params={"q": "预算审查", "size": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] >= 1 and body["page"] == 1 and body["size"] == 5
    hit = body["hits"][0]
    for key in ("clause_id", "doc_id", "doc_title", "region", "path", "text", "highlight", "lead_units", "coop_units", "score"):
        assert key in hit
    assert "<mark>" in "".join(h["highlight"] for h in body["hits"])
    assert sum(body["facets"]["region"].values()) >= body["total"] or body["facets"]["region"]
    assert set(body["facets"]) >= {"region", "kind", "year"}


def test_search_filters_by_region(client) -> None:
    body = client.get("/api/search", params={"q": "人大常委会", "region": "温州市"}).json()
    assert body["total"] >= 1
    assert {h["region"] for h in body["hits"]} == {"温州市"}


def test_units_and_unit_tasks(client) -> None:
    body = client.get("/api/units", params={"q": "财政局"}).json()
    assert body["total"] >= 1
    unit = next(u for u in body["units"] if "财政局" in u["name"])
    assert unit["lead_count"] >= 1 and unit["coop_count"] >= 1
    for name in ("县财政局", unit["name"]):
        tasks = client.get(f"/api/units/{name}/tasks").json()
        assert tasks["total"] == unit["lead_count"] + unit["coop_count"]
        assert {t["role"] for t in tasks["tasks"]} == {"lead", "coop"}


def test_documents_list_and_detail(client) -> None:
    listing = client.get("/api/documents", params={"region": "温州市"}).json()
    assert listing["total"] >= 2
    doc_id = listing["documents"][0]["doc_id"]
    detail = client.get(f"/api/documents/{doc_id}").json()
    assert detail["id"] == doc_id and detail["clauses"]
    markdown = client.get(f"/api/documents/{doc_id}", params={"format": "markdown"})
    assert markdown.status_code == 200 and markdown.text.startswith("---\n")
    html = client.get(f"/api/documents/{doc_id}", params={"format": "html"})
    assert html.status_code == 200 and "<p>" in html.text
    # Corpus text made into a standalone page: nothing in it may run or load.
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "script-src" not in html.headers["content-security-policy"]


BAD_REQUESTS = [
    ("/api/search", {"q": ""}, 400),
    ("/api/search", {"q": "人" * 1000}, 400),
    ("/api/search", {"q": "预算", "page": 0}, 400),
    ("/api/search", {"q": "预算", "size": 10000}, 400),
    ("/api/search", {"q": "预算", "page": "abc"}, 422),
    ("/api/search", {"q": "预算", "sort": "random"}, 422),
    ("/api/responsibility", {"q": ""}, 400),
    ("/api/responsibility", {"q": "人" * 1000}, 400),
    ("/api/documents/no-such-document", {}, 404),
    ("/api/units/不存在的单位XYZ/tasks", {}, 404),
    ("/api/documents", {"page": 0}, 400),
    ("/api/documents", {"size": 10000}, 400),
]


@pytest.mark.parametrize(("path", "params", "status"), BAD_REQUESTS)
def test_bad_input_gets_a_readable_4xx(client, path: str, params: dict, status: int) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    body = response.json()
    assert body["error"] and isinstance(body["error"], str)
    assert "Traceback" not in response.text


@pytest.mark.parametrize("q", ['"预算审查', "预算)(审查", "((人大", "region:", "-", "*", "预算 AND OR", "\\", "unit:县财政局 \""])
def test_unparseable_queries_fall_back_to_plain_terms(client, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.json()["error"]


HOSTILE_BODY = """一、总体要求

（一）加强预算审查。<script>alert("x")</script><img src=x onerror=alert(1)>

责任单位：县财政局
"""


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings
    from index.build import build_index
    from index.core.model import Document
    from index.corpus import write_document

    corpus = tmp_path_factory.mktemp("hostile")
    write_document(corpus, Document(id="hostile00001", title="<b>标题</b>", body=HOSTILE_BODY, region="某县"))
    index_dir = tmp_path_factory.mktemp("hostile-index") / "live"
    build_index(corpus, index_dir)
    with TestClient(create_app(Settings(corpus=corpus, index=index_dir)), raise_server_exceptions=False) as c:
        yield c


def test_html_escapes_markup_in_document_text(hostile_client) -> None:
    html = hostile_client.get("/api/documents/hostile00001", params={"format": "html"}).text
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html


def test_search_highlight_escapes_markup(hostile_client) -> None:
    hits = hostile_client.get("/api/search", params={"q": "预算审查"}).json()["hits"]
    assert hits
    assert "<script" not in hits[0]["highlight"] and "&lt;script&gt;" in hits[0]["highlight"]
