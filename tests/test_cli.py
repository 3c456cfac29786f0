"""The rendakb command through its runner, on the real sample corpus and index."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def run(*args: str) -> object:
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_who_prints_a_table_and_json(sample_index: Path) -> None:
    result = run("who", "预决算审查监督", "--index", str(sample_index))
    assert result.exit_code == 0, result.output
    assert "县人大财政经济委员会" in result.output and "县审计局" in result.output

    result = run("who", "预决算审查监督", "--index", str(sample_index), "--json")
    assert result.exit_code == 0
    body = json.loads(result.stdout)
    assert body["query"] == "预决算审查监督"
    assert {u["name"] for u in body["answers"][0]["coop_units"]} >= {"县财政局", "县审计局"}


def test_search_json_matches_the_api(sample_index: Path, client) -> None:
    result = run("search", "专题询问", "--index", str(sample_index), "--json", "--size", "5")
    assert result.exit_code == 0, result.output
    cli_body = json.loads(result.stdout)
    api_body = client.get("/api/search", params={"q": "专题询问", "size": 5}).json()
    assert cli_body["total"] == api_body["total"]
    assert [h["clause_id"] for h in cli_body["hits"]] == [h["clause_id"] for h in api_body["hits"]]


def test_bad_query_is_a_clean_error(sample_index: Path) -> None:
    result = run("search", "", "--index", str(sample_index))
    assert result.exit_code == 2
    assert "错误" in result.output and "Traceback" not in result.output


def test_missing_index_is_a_clean_error(tmp_path: Path) -> None:
    result = run("who", "预算", "--index", str(tmp_path / "nothing-here"))
    assert result.exit_code == 2
    assert "rendakb index" in result.output


def test_ingest_then_index_then_who(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "中共某某县委关于加强人大工作的任务分解方案\n"
        "一、任务分解\n"
        "（一）加强预算审查监督。完善预算初步审查程序，推进部门预决算公开。\n"
        "责任单位：县人大常委会预算工作委员会\n"
        "协作单位：县财政局、审计局\n",
        encoding="utf-8",
    )
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    first = run("ingest", str(plan), "--corpus", str(corpus))
    assert first.exit_code == 0, first.output
    assert len(list(corpus.glob("*.md"))) == 1
    again = run("ingest", str(plan), "--corpus", str(corpus))
    assert again.exit_code == 0 and len(list(corpus.glob("*.md"))) == 1
    built = run("index", "--corpus", str(corpus), "--index", str(index_dir))
    assert built.exit_code == 0, built.output
    result = run("who", "预算审查监督", "--index", str(index_dir), "--json")
    answer = json.loads(result.stdout)["answers"][0]
    assert [u["name"] for u in answer["lead_units"]] == ["县人大常委会预算工作委员会"]
    assert [u["name"] for u in answer["coop_units"]] == ["县财政局", "县审计局"]
