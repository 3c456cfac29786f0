"""The unit registry (every duty of a unit, merged over its spellings) and the responsibility matrix."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from index.core.structure import parse_document_structure
from index.registry import responsibility_matrix
from tests.invented_docs import BEILING_LIST

runner = CliRunner()
WEIYUAN_PLAN = "480246f4510f"  # 中共渭源县委关于加强和改进人大工作任务分解落实方案, id from its source and title


def clause_roles(body: dict) -> set[tuple[str, str]]:
    return {(d["role"], d["clause_id"]) for g in body["documents"] for d in g["duties"]}


def weiyuan_plan_id(client) -> str:
    listing = client.get("/api/documents", params={"region": "渭源县"}).json()
    (plan,) = [d for d in listing["documents"] if d["kind"] == "任务分解方案"]
    return plan["doc_id"]


# -- on the seeds ------------------------------------------------------------------------------


def test_a_unit_lists_its_duties_grouped_by_document(client) -> None:
    body = client.get("/api/units/县财政局").json()
    assert body["units"] == ["渭源县财政局"] and set(body["names"]) == {"县财政局", "渭源县财政局"}
    tasks = client.get("/api/units/县财政局/tasks").json()
    assert body["lead_count"] + body["coop_count"] == tasks["total"]
    assert clause_roles(body) == {(t["role"], t["clause_id"]) for t in tasks["tasks"]}
    (group,) = body["documents"]
    assert group["citation"]["title"] == "中共渭源县委关于加强和改进人大工作任务分解落实方案"
    budget = next(d for d in group["duties"] if d["path"] == "二、（二）1.（1）")  # 预决算审查监督
    assert budget["role"] == "coop" and "县人大财政经济委员会" in [u["name"] for u in budget["lead_units"]]


def test_abbreviation_and_full_name_are_one_unit(client) -> None:
    short, full = (client.get(f"/api/units/{name}").json() for name in ("县委办", "县委办公室"))
    assert short["units"] == full["units"] == ["渭源县委办公室"]
    assert clause_roles(short) == clause_roles(full) and clause_roles(short)


def test_unknown_unit_is_404(client) -> None:
    for path in ("/api/units/不存在的单位XYZ", "/api/units/县财政局?region=温州市"):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]


def test_cli_unit_prints_duties(sample_index: Path) -> None:
    result = runner.invoke(app, ["unit", "县财政局", "--index", str(sample_index)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "渭源县财政局（又作：县财政局）" in result.output
    assert "《中共渭源县委关于加强和改进人大工作任务分解落实方案》" in result.output
    assert "牵头  二、（四）5.（1）" in result.output and "协作  二、（二）1.（1）" in result.output
    as_json = runner.invoke(app, ["unit", "县财政局", "--index", str(sample_index), "--json"], catch_exceptions=False)
    assert json.loads(as_json.stdout)["units"] == ["渭源县财政局"]
    missing = runner.invoke(app, ["unit", "不存在的单位XYZ", "--index", str(sample_index)])
    assert missing.exit_code == 2 and "错误" in missing.output


def test_matrix_json_and_csv(client) -> None:
    doc_id = weiyuan_plan_id(client)
    body = client.get(f"/api/documents/{doc_id}/matrix").json()
    assert body["doc_id"] == doc_id
    assert len(body["cells"]) == len(body["units"]) and all(len(r) == len(body["provisions"]) for r in body["cells"])
    paths = [p["path"] for p in body["provisions"]]
    column = paths.index("二、（二）1.（1）")
    role = {unit: body["cells"][n][column] for n, unit in enumerate(body["units"])}
    assert role["渭源县人大财政经济委员会"] == "lead" and role["渭源县财政局"] == "coop" and role["渭源县委办公室"] == ""

    response = client.get(f"/api/documents/{doc_id}/matrix", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["单位", *paths]
    by_unit = {row[0]: row[1:] for row in rows[1:]}
    assert by_unit["渭源县财政局"][column] == "协作" and by_unit["渭源县人大财政经济委员会"][column] == "牵头"


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/documents/no-such-document/matrix", 404), (f"/api/documents/{WEIYUAN_PLAN}/matrix?format=xlsx", 422)],
)
def test_matrix_bad_input(client, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status and response.json()["error"]


def test_cli_matrix_writes_csv(sample_index: Path, client, tmp_path: Path) -> None:
    doc_id = weiyuan_plan_id(client)
    target = tmp_path / "matrix.csv"
    result = runner.invoke(app, ["matrix", doc_id, "-o", str(target), "--index", str(sample_index)],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = target.read_text(encoding="utf-8-sig")
    assert written == client.get(f"/api/documents/{doc_id}/matrix", params={"format": "csv"}).text
    bad = runner.invoke(app, ["matrix", doc_id, "--format", "xlsx", "--index", str(sample_index)])
    assert bad.exit_code == 2 and "csv" in bad.output


# -- invented documents: spellings across documents and regions -------------------------------


def test_elliptical_and_qualified_names_of_one_unit_merge_across_documents(invented_client) -> None:
    # 协作单位：县人大常委会 in one 望川县 document, "由望川县人大常委会牵头" in another.
    elliptical = invented_client.get("/api/units/县人大常委会", params={"region": "望川县"}).json()
    qualified = invented_client.get("/api/units/望川县人大常委会").json()
    assert elliptical["units"] == qualified["units"] == ["望川县人大常委会"]
    assert clause_roles(elliptical) == clause_roles(qualified) == {
        ("coop", "wangchuan0001:一、（一）"), ("lead", "wangchuan0002:一、（一）"),
    }
    # Newest document first.
    assert [g["citation"]["doc_id"] for g in qualified["documents"]] == ["wangchuan0002", "wangchuan0001"]


def test_office_abbreviation_merges_across_documents(invented_client) -> None:
    body = invented_client.get("/api/units/县委办公室", params={"region": "望川县"}).json()
    assert body["units"] == ["望川县委办公室"] and {"县委办", "县委办公室"} <= set(body["names"])
    assert clause_roles(body) == {("lead", "wangchuan0001:一、（三）"), ("coop", "wangchuan0002:一、（一）")}


def test_an_elliptical_name_spans_regions_until_one_is_chosen(invented_client) -> None:
    both = invented_client.get("/api/units/县财政局").json()
    assert set(both["units"]) == {"望川县财政局", "北岭县财政局"} and set(both["regions"]) == {"望川县", "北岭县"}
    one = invented_client.get("/api/units/县财政局", params={"region": "北岭县"}).json()
    assert one["units"] == ["北岭县财政局"]
    (group,) = one["documents"]
    (duty,) = group["duties"]
    assert duty["role"] == "coop" and duty["path"] == "2." and duty["deadline"] == "2024年底前"


def test_matrix_of_an_invented_document_is_pure() -> None:
    matrix = responsibility_matrix(parse_document_structure(BEILING_LIST))
    assert [p.path for p in matrix.provisions] == ["1.", "2.", "3."]
    assert matrix.units == [
        "北岭县人大常委会办公室", "北岭县委组织部", "北岭县机构编制委员会办公室", "北岭县财政局", "北岭县政府办公室",
    ]
    assert matrix.cells == [
        ["lead", "", ""], ["", "lead", ""], ["", "lead", ""], ["", "coop", ""], ["", "", "lead"],
    ]
    assert matrix.provisions[1].deadline == "2024年底前"
    assert matrix.to_csv().splitlines()[4] == "北岭县财政局,,协作,"


def test_a_document_without_assignments_has_an_empty_matrix(client) -> None:
    listing = client.get("/api/documents", params={"region": "北京市"}).json()
    rules = next(d for d in listing["documents"] if d["title"] == "北京市人民代表大会常务委员会议事规则")
    body = client.get(f"/api/documents/{rules['doc_id']}/matrix").json()
    assert body["units"] == [] and body["provisions"] == [] and body["cells"] == []
    csv_text = client.get(f"/api/documents/{rules['doc_id']}/matrix", params={"format": "csv"}).text
    assert csv_text == "单位\n"
