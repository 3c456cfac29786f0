"""Comparing regions through the API and the CLI: the issue's three examples on the seeds, and the
same alignment on invented documents phrased otherwise (so it comes from rules, not from the seeds)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.cli import app
from index.compare import compare, excerpt, parse_regions, resolve_topic, row_label
from index.search import SearchService

runner = CliRunner()
ORGANIC_LAW = "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法"


def row_of(body: dict, key: str) -> dict:
    rows = {row["key"]: row for row in body["rows"]}
    assert key in rows, f"no row {key}; rows: {list(rows)}"
    return rows[key]


def values(row: dict, region: str) -> list[tuple]:
    """(comparator, value, value_max, unit, scope) of each finding of `region` in a row."""
    return [
        (f["requirement"]["comparator"], f["requirement"]["value"], f["requirement"]["value_max"],
         f["requirement"]["unit"], f["requirement"]["scope"])
        for f in row["cells"].get(region, [])
    ]


def compare_json(index: Path, *args: str) -> dict:
    result = runner.invoke(app, ["compare", *args, "--index", str(index), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- the three examples, on the seeds ------------------------------------------------


def test_full_time_member_share(client) -> None:
    body = client.get("/api/compare", params={"topic": "常委会专职组成人员比例"}).json()
    assert body["mode"] == "requirement" and body["key"] == "ratio:专职组成人员"
    row = body["rows"][0]
    assert row["key"] == "ratio:专职组成人员" and row["label"] == "专职组成人员（比例）"
    assert values(row, "渭源县") == [("≥", 60.0, None, "%", "")]
    assert values(row, "温州市") == [("≥", 50.0, None, "%", "")]
    weiyuan = row["cells"]["渭源县"][0]
    assert weiyuan["path"] == "二、（四）1.（1）" and "60%以上" in weiyuan["excerpt"]
    assert {g["region"] for g in body["groups"]} == {"渭源县", "温州市"}


def test_township_full_time_vice_chairs(client) -> None:
    body = client.get("/api/compare", params={"topic": "乡镇人大专职副主席"}).json()
    row = body["rows"][0]
    assert row["key"] == "count:专职副主席"
    assert values(row, "温州市") == [("=", 1.0, 2.0, "名", "乡镇人大")]
    assert values(row, "渭源县") == [("=", 1.0, None, "名", "一、二类乡镇")]
    assert row["cells"]["渭源县"][0]["excerpt"] == "一、二类乡镇配备专职副主席1名"
    assert row["cells"]["温州市"][0]["label"] == "1–2名（乡镇人大）"
    # The other quotas of the same provisions line up in rows of their own.
    assert values(row_of(body, "count:专职主席"), "渭源县") == [("=", 1.0, None, "名", "乡镇人大")]


def test_standing_committee_meeting_frequency(client) -> None:
    body = client.get("/api/compare", params={"topic": "常委会会议频次"}).json()
    row = body["rows"][0]
    assert row["key"] == "frequency:常委会会议"
    assert row["floor"]["source"] == ORGANIC_LAW and row["floor"]["value"] == 6
    weiyuan, beijing = row["cells"]["渭源县"], row["cells"]["北京市"]
    assert weiyuan[0]["excerpt"] == "县人大常委会会议每两个月至少举行1次"
    assert beijing[0]["excerpt"] == "常务委员会会议每两个月至少举行一次"
    for finding in weiyuan + beijing:
        assert finding["requirement"]["value"] == 6.0 and finding["requirement"]["comparator"] == "≥"
        assert finding["below_floor"] is None
    # The county congress's own rule (every year) is a row of its own, not mixed in.
    assert ("≥", 1.0, None, "次/年", "") in values(row_of(body, "frequency:人大会议"), "渭源县")


def test_regions_narrow_the_comparison(client) -> None:
    body = client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "渭源县"}).json()
    assert body["regions"] == ["渭源县"]
    assert all(set(r["cells"]) == {"渭源县"} for r in body["rows"])
    body = client.get("/api/compare", params={"topic": "常委会专职组成人员比例", "regions": "渭源县，北京市"}).json()
    assert body["missing_regions"] == ["北京市"] and body["regions"] == ["渭源县", "北京市"]


def test_a_taxonomy_topic_lists_provisions_region_by_region(client) -> None:
    body = client.get("/api/compare", params={"topic": "代表建议办理", "per_document": 3}).json()
    assert body["mode"] == "topic" and body["topic"] == "建议办理"
    assert len(body["groups"]) >= 5
    for group in body["groups"]:
        for document in group["documents"]:
            assert document["citation"]["title"] and len(document["provisions"]) <= 3
            assert all("建议办理" in p["topics"] for p in document["provisions"])
    beijing = next(g for g in body["groups"] if g["region"] == "北京市")
    assert any(d["omitted"] > 0 for d in beijing["documents"])  # the per-document cap, counted


def test_free_text_is_searched(client) -> None:
    body = client.get("/api/compare", params={"topic": "发言 时间"}).json()
    assert body["mode"] == "search"
    assert any(f["requirement"]["unit"] == "分钟" for r in body["rows"] for c in r["cells"].values() for f in c)


def test_search_api_filters_and_facets_by_topic(client) -> None:
    body = client.get("/api/search", params={"q": "代表", "topic": "建议办理", "size": 50}).json()
    assert body["total"] >= 1 and all("建议办理" in h["topics"] for h in body["hits"])
    assert set(body["facets"]["topic"]) >= {"建议办理"} and "requirements" in body["hits"][0]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"topic": ""}, 400),
        ({"topic": "   "}, 400),
        ({"topic": "没有这种东西XYZ"}, 404),
        ({"topic": "常委会会议频次", "regions": "火星市"}, 404),
        ({"topic": "常委会会议频次", "per_document": 0}, 400),
        ({"topic": "常委会会议频次", "per_document": "many"}, 422),
        ({"topic": "人" * 1000}, 400),
    ],
)
def test_bad_comparisons_get_a_readable_4xx(client, params: dict, status: int) -> None:
    response = client.get("/api/compare", params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]


# -- the CLI ---------------------------------------------------------------------------------


def test_cli_json_is_the_api_json(sample_index: Path, client) -> None:
    for topic in ("常委会专职组成人员比例", "乡镇人大专职副主席", "常委会会议频次"):
        cli = compare_json(sample_index, topic)
        api = client.get("/api/compare", params={"topic": topic}).json()
        assert cli == api


def test_cli_prints_the_table(sample_index: Path) -> None:
    expected = {
        "常委会专职组成人员比例": ["渭源县  ≥60%", "温州市  ≥50%"],
        "乡镇人大专职副主席": ["温州市  1–2名（乡镇人大）", "渭源县  1名（一、二类乡镇）"],
        "常委会会议频次": ["渭源县  ≥6次/年 (每2个月1次)  县人大常委会会议每两个月至少举行1次", "法定标准："],
    }
    for topic, lines in expected.items():
        result = runner.invoke(app, ["compare", topic, "--index", str(sample_index)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        for line in lines:
            assert line in result.output, (topic, line, result.output[:2000])


def test_cli_bad_topic_is_a_clean_error(sample_index: Path) -> None:
    result = runner.invoke(app, ["compare", "没有这种东西XYZ", "--index", str(sample_index)])
    assert result.exit_code == 2 and "错误" in result.output and "Traceback" not in result.output


# -- invented documents: other phrasings, other regions ------------------------------------------


def test_meeting_frequency_lines_up_across_phrasings_and_flags_the_floor(invented_client) -> None:
    body = invented_client.get("/api/compare", params={"topic": "常委会会议频次"}).json()
    row = body["rows"][0]
    assert row["key"] == "frequency:常委会会议"
    assert set(row["cells"]) == {"望川县", "临溪市", "北岭县"}
    wangchuan = row["cells"]["望川县"][0]  # 县人民代表大会常务委员会会议每三个月至少召开一次
    assert wangchuan["requirement"]["value"] == 4.0
    assert wangchuan["below_floor"]["source"] == ORGANIC_LAW
    assert "每两个月至少举行一次" in wangchuan["below_floor"]["statement"]
    assert values(row, "临溪市") == [("=", 12.0, None, "次/年", "")]  # 一般每月举行一次
    assert values(row, "北岭县") == [("=", 6.0, None, "次/年", "")]  # 原则上每两个月召开一次
    assert row["cells"]["临溪市"][0]["below_floor"] is None and row["cells"]["北岭县"][0]["below_floor"] is None


def test_full_time_share_lines_up_and_other_subjects_stay_apart(invented_client) -> None:
    body = invented_client.get("/api/compare", params={"topic": "专职组成人员比例"}).json()
    row = body["rows"][0]
    assert values(row, "望川县") == [("≥", 55.0, None, "%", "")]  # 不低于百分之五十五
    assert [round(v[1], 2) for v in values(row, "临溪市")] == [66.67]  # 占…的比例应当达到三分之二以上
    # 专职委员 are not 专职组成人员: their 45% is a row of its own.
    assert values(row_of(body, "ratio:专职委员"), "临溪市") == [("≥", 45.0, None, "%", "")]


def test_vice_chair_counts_line_up_and_the_statutory_cap_is_flagged(invented_client) -> None:
    body = invented_client.get("/api/compare", params={"topic": "乡镇人大专职副主席"}).json()
    row = body["rows"][0]
    assert values(row, "临溪市") == [("=", 1.0, 2.0, "名", "乡镇人民代表大会")]  # 一至二名
    assert values(row, "望川县")[0][:3] == ("=", 1.0, None)
    beiling = row["cells"]["北岭县"][0]  # 专职副主席3名: over the organic law's 一人至二人
    assert beiling["requirement"]["value"] == 3.0 and beiling["below_floor"]["comparator"] == "≤"
    assert row["cells"]["临溪市"][0]["below_floor"] is None


def test_invented_cli_prints_the_floor_warning(invented_index: Path) -> None:
    result = runner.invoke(app, ["compare", "常委会会议频次", "--index", str(invented_index)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "望川县  ≥4次/年" in result.output and "不符合法定标准" in result.output


def test_documents_are_cited(invented_client) -> None:
    body = invented_client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "北岭县"}).json()
    (group,) = body["groups"]
    (document,) = group["documents"]
    assert document["citation"] == {
        "doc_id": "beiling00001", "title": "中共北岭县委办公室关于印发加强乡镇人大工作任务清单的通知",
        "doc_number": "北办发〔2022〕14号", "issuer": "中共北岭县委办公室", "date": "2022-08-08",
        "source": "https://example.invalid/beiling/list.html", "region": "北岭县", "level": "county", "kind": "通知",
    }
    (provision,) = document["provisions"]
    assert provision["path"] == "1." and [u["name"] for u in provision["lead_units"]] == ["县人大常委会办公室"]


def test_a_requirement_nobody_states_falls_back_to_its_topic(invented_index: Path) -> None:
    service = SearchService.open(invented_index, refresh_interval=None)
    try:
        # deadline:代表建议办理 is stated nowhere, nor does a clause say 代表建议办理时限: the 建议办理
        # clauses are compared instead, the time limits among them (临溪's 三个月).
        found = compare(service, topic="代表建议办理时限")
        assert found.mode == "topic" and found.topic == "建议办理"
        assert {"望川县", "临溪市"} <= {g.region for g in found.groups}
        # A key that is stated still answers as its requirement row.
        assert compare(service, topic="专职组成人员比例").mode == "requirement"
    finally:
        service.close()


def test_a_comparison_by_words_takes_each_word_in_any_of_its_forms(invented_index: Path) -> None:
    service = SearchService.open(invented_index, refresh_interval=None)
    try:
        # 望川 writes 县人民代表大会常务委员会会议, 北岭 常务委员会会议, 临溪 市人大常委会会议: one subject.
        assert {g.region for g in compare(service, q="人大常委会会议").groups} == {"望川县", "临溪市", "北岭县"}
        # 望川's opinion has 代表建议 but says nothing of 答复: some of the words is not the subject.
        assert {g.region for g in compare(service, q="代表建议 答复").groups} == {"临溪市", "北岭县"}
    finally:
        service.close()


# -- the pure parts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "mode", "target"),
    [
        ("常委会会议频次", "requirement", "frequency:常委会会议"),
        ("专职组成人员比例", "requirement", "ratio:专职组成人员"),
        ("代表名额", "requirement", "count:代表"),
        ("代表建议办理", "topic", "建议办理"),
        ("备案审查", "topic", "备案审查"),
        ("文明祭祀", "search", ""),
    ],
)
def test_resolve_topic(phrase: str, mode: str, target: str) -> None:
    wanted = resolve_topic(phrase)
    assert wanted.mode == mode and (wanted.key or wanted.topic) == target


def test_parse_regions_and_labels() -> None:
    assert parse_regions("渭源县, 温州市、渭源县；北京市") == ["渭源县", "温州市", "北京市"]
    assert parse_regions(None) == [] and parse_regions("") == []
    assert row_label("frequency:常委会会议") == "常委会会议（频次）"


def test_a_citation_nests_book_title_marks() -> None:
    from index.compare import Citation
    from index.core.text import book_title

    assert book_title("上海市实施《中华人民共和国代表法》办法") == "《上海市实施〈中华人民共和国代表法〉办法》"
    assert book_title("关于修改《杭州市文明行为促进条例》的决定") == "《关于修改〈杭州市文明行为促进条例〉的决定》"
    assert book_title("北京市人民代表大会常务委员会议事规则") == "《北京市人民代表大会常务委员会议事规则》"
    citation = Citation("x", "某市实施《代表法》办法", doc_number="某发〔2024〕5号", date="2024-05-01")
    assert citation.short("第三条") == "《某市实施〈代表法〉办法》（某发〔2024〕5号）第三条，2024-05-01"


def test_excerpt_takes_the_phrase_where_its_subject_is() -> None:
    text = "各乡镇人大配备专职主席1名,一、二类乡镇配备专职副主席1名。"
    assert excerpt(text, "1名", ("专职副主席", "")) == "一、二类乡镇配备专职副主席1名"
    assert excerpt(text, "1名", ("专职主席", "")) == "各乡镇人大配备专职主席1名"
    reach_back = "常委会会议，每两个月至少举行一次。有特殊需要的时候，可以临时召集会议。"
    assert excerpt(reach_back, "每两个月至少举行一次", ("常委会会议", "")) == "常委会会议，每两个月至少举行一次"
    assert excerpt("无关", "不在其中", ()) == "不在其中"


# -- whatever is sent, never a 500 --------------------------------------------------------------

PIECES = ["常委会", "会议", "频次", "比例", "专职", "副主席", "名额", "代表建议", "建议办理", "渭源县", "主题:", "region:",
          '"', "(", "）", "【", "|", "<script>", "*", "-", "/", "%", "\\", " ", "\u3000", "\x00", "😀", "1/3", "60%"]
phrases = st.one_of(st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
                    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))


@settings(max_examples=40)
@given(topic=phrases, regions=phrases)
def test_compare_never_answers_500(client, topic: str, regions: str) -> None:
    response = client.get("/api/compare", params={"topic": topic, "regions": regions})
    assert response.status_code in (200, 400, 404, 422), response.text
    if response.status_code != 200:
        assert response.json()["error"]


@settings(max_examples=40)
@given(name=phrases, region=phrases)
def test_unit_lookup_never_answers_500(client, name: str, region: str) -> None:
    response = client.get(f"/api/units/{quote(name, safe='')}", params={"region": region})
    assert response.status_code in (200, 400, 404, 422), response.text


def test_a_comparison_lists_provisions_not_the_chapters_and_articles_holding_them(tmp_path) -> None:
    from index.build import build_index
    from index.compare import compare
    from index.core.model import Document
    from index.corpus import write_document
    from index.search import SearchService

    body = (
        "第一章　总则\n\n第一条　为了规范代表建议办理工作，制定本办法。\n\n第二章　建议的办理\n\n"
        "第二条　承办单位应当认真办理代表建议。\n\n办理结果应当在三个月内答复代表。\n\n"
        "第三条　代表建议办理情况应当向常委会报告。\n"
    )
    doc = Document(id="invented0001", title="某市代表建议办理办法", body=body, region="某市", level="city", kind="办法")
    write_document(tmp_path / "corpus", doc)
    build_index(tmp_path / "corpus", tmp_path / "index")
    service = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        comparison = compare(service, topic="代表建议办理")
    finally:
        service.close()
    provisions = [p for g in comparison.groups for d in g.documents for p in d.provisions]
    # 第二条 is only its two paragraphs and 第一章 / 第二章 only titles: listed, they would be empty entries.
    assert [p.path for p in provisions] == ["第一条", "第二条第一款", "第二条第二款", "第三条"]
    assert all(p.text.strip() for p in provisions)
