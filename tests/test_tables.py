"""Task tables (任务分解表) read as plans: numbered items with role lines, from a grid, a web page or a
Word file; any other table a line per row. The tables are invented, in the shapes plans use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extract import extract_page, table_grid
from index.core.model import Document
from index.core.structure import parse_document_structure
from index.core.tables import CELL_SEPARATOR, table_paragraphs

HEADER = ["序号", "重点任务", "责任单位", "协作单位", "完成时限"]
ROWS = [
    ["1", "加强预算审查监督，完善预算初步审查程序。", "县人大财经委", "县财政局、县审计局", "2024年底前"],
    ["2", "规范常委会会议制度，常委会会议每两个月至少召开一次。", "县人大常委会办公室", "", "长期坚持"],
]


def assignments_of(paragraphs: list[str]) -> dict[str, tuple[list[str], list[str], str]]:
    """Clause path → (lead units, cooperating units, deadline), as the plan parser reads the text."""
    parsed = parse_document_structure(Document(id="tbl", title="某县任务分解表", body="\n\n".join(paragraphs)))
    paths = {c.clause_id: c.path for c in parsed.clauses}
    return {
        paths[clause_id]: ([u.name for u in a.lead_units], [u.name for u in a.coop_units], a.deadline)
        for a in parsed.assignments
        for clause_id in a.clause_ids
    }


def test_a_task_table_becomes_items_with_role_lines() -> None:
    paragraphs = table_paragraphs([HEADER, *ROWS])
    assert paragraphs == [
        "1.加强预算审查监督，完善预算初步审查程序。",
        "责任单位：县人大财经委",
        "协作单位：县财政局、县审计局",
        "完成时限：2024年底前",
        "2.规范常委会会议制度，常委会会议每两个月至少召开一次。",
        "责任单位：县人大常委会办公室",
        "完成时限：长期坚持",
    ]
    assert assignments_of(paragraphs) == {
        "1.": (["县人大财经委"], ["县财政局", "县审计局"], "2024年底前"),
        "2.": (["县人大常委会办公室"], [], "长期坚持"),
    }


def test_headers_as_plans_write_them() -> None:
    # Spaced-out letters, a bracketed addition, other role words, columns in another order.
    header = ["序 号", "工作内容", "配合部门", "牵头单位（部门）", "责任领导", "时间要求"]
    row = ["1", "配强乡镇人大专职副主席。", "县委编办\n县财政局", "县委组织部", "张某某", "2024年6月"]
    paragraphs = table_paragraphs([header, row])
    assert paragraphs[0] == "1.配强乡镇人大专职副主席。"
    # Role lines come lead first whatever the column order, each under its table's own keyword.
    assert paragraphs[1:] == ["牵头单位：县委组织部", "配合部门：县委编办 县财政局", "责任领导：张某某", "时间要求：2024年6月"]
    leads, coops, deadline = assignments_of(paragraphs)["1."]
    assert leads == ["县委组织部"] and coops == ["县委编办", "县财政局"] and deadline == "2024年6月"


def test_categories_become_headings_and_a_repeated_header_is_skipped() -> None:
    grid = [
        ["附件：重点任务分解表"] * 4,
        ["类别", "具体任务", "牵头单位", "配合单位"],
        ["加强自身建设", "优化常委会组成人员结构", "县委组织部", "县人大常委会"],
        ["加强自身建设", "加强机关建设", "县人大常委会办公室", ""],  # a rowspan, repeated into its rows
        ["类别", "具体任务", "牵头单位", "配合单位"],  # the header again, where the table broke across pages
        ["依法履职", "加强预算审查", "县人大财经委", "县财政局"],
    ]
    paragraphs = table_paragraphs(grid)
    assert paragraphs[0] == "附件：重点任务分解表"  # a title row above the header, once
    assert [p for p in paragraphs if p.startswith(("一、", "二、"))] == ["一、加强自身建设", "二、依法履职"]
    assert assignments_of(paragraphs) == {
        "一、1.": (["县委组织部"], ["县人大常委会"], ""),
        "一、2.": (["县人大常委会办公室"], [], ""),
        "二、3.": (["县人大财经委"], ["县财政局"], ""),
    }


@pytest.mark.parametrize(
    ("sequence", "task", "first"),
    [
        ("3", "加强预算审查", "3.加强预算审查"),
        ("三", "加强预算审查", "三、加强预算审查"),
        ("（3）", "加强预算审查", "（3）加强预算审查"),
        ("", "加强预算审查", "1.加强预算审查"),  # no number: counted
        ("1", "（一）加强预算审查", "（一）加强预算审查"),  # the task's own numbering wins
        ("3", "3个月内答复代表建议", "3.3个月内答复代表建议"),  # 3个月 is a quantity, not a number
    ],
)
def test_sequence_cells_as_written(sequence: str, task: str, first: str) -> None:
    assert table_paragraphs([["序号", "任务", "责任单位"], [sequence, task, "县财政局"]])[0] == first


def test_a_task_header_spanning_columns_and_unnamed_columns_keep_their_text() -> None:
    grid = [
        ["序号", "工作任务", "工作任务", "责任单位", ""],  # 工作任务 spans 目标 | 措施; the last column has no header
        ["1", "提高审议质量", "建立审议意见跟踪机制", "县人大常委会办公室", "每半年报告一次"],
    ]
    assert table_paragraphs(grid) == [
        "1.提高审议质量；建立审议意见跟踪机制", "每半年报告一次", "责任单位：县人大常委会办公室",
    ]


def test_a_table_that_assigns_nothing_is_a_line_per_row() -> None:
    grid = [["地区", "名额", "名额"], ["望川县", "25名", "25名"], ["临溪市", "", "30名"]]  # a colspan header
    assert table_paragraphs(grid) == [f"地区{CELL_SEPARATOR}名额", f"望川县{CELL_SEPARATOR}25名", f"临溪市{CELL_SEPARATOR}30名"]
    assert table_paragraphs([]) == [] and table_paragraphs([["", " "], []]) == []


@given(st.lists(st.lists(st.sampled_from(["", "1", "序号", "任务", "责任单位", "协作单位", "县财政局", "加强预算审查。", "一、总则"]),
                         max_size=6), max_size=8))
def test_any_grid_gives_paragraphs(grid: list[list[str]]) -> None:
    paragraphs = table_paragraphs(grid)
    assert all(p.strip() for p in paragraphs)


# -- from a web page -------------------------------------------------------------------------------

PAGE = """<html><head><title>关于印发重点任务分解表的通知_某县人大</title></head><body>
<div class="nav">首页 | 机构概况 | 新闻中心</div>
<table class="gk"><tr><td>索引号：</td><td>MX-2024-01</td><td>发文机关：</td><td>中共某县委办公室</td></tr></table>
<div class="TRS_Editor">
<p>各乡镇党委，县直各部门：现将重点任务分解表印发给你们，请认真贯彻落实。</p>
<table border="1">
<tr><td colspan="5">重点任务分解表</td></tr>
<tr><th>类别</th><th>序号</th><th>重点任务</th><th>责任单位</th><th>协作单位</th></tr>
<tr><td rowspan="2">加强监督</td><td>1</td><td>加强预算审查监督，完善预算初步审查程序。</td><td>县人大财经委</td><td>县财政局<br>县审计局</td></tr>
<tr><td>2</td><td>开展专题询问，每年至少一次。</td><td>县人大常委会办公室</td><td></td></tr>
<tr><td>代表工作</td><td>3</td><td>办好代表建议，承办单位三个月内答复。</td><td>县政府办公室</td><td>各承办单位</td></tr>
</table>
<p>中共某县委办公室</p>
</div></body></html>"""


def test_table_grid_repeats_spanning_cells() -> None:
    from bs4 import BeautifulSoup

    html = ('<table><tr><td rowspan="2">甲</td><td>乙</td><td rowspan="2">丙</td></tr><tr><td>丁</td></tr>'
            '<tr><td colspan="2">戊</td><td>己</td></tr><tr><td rowspan="99999">庚</td></tr></table>')
    grid = table_grid(BeautifulSoup(html, "lxml").table)
    assert grid == [["甲", "乙", "丙"], ["甲", "丁", "丙"], ["戊", "戊", "己"], ["庚"]]


def test_a_pages_task_table_is_read_as_a_plan() -> None:
    text = extract_page(PAGE).text
    lines = text.split("\n")
    assert "一、加强监督" in lines and "二、代表工作" in lines
    assert "1.加强预算审查监督，完善预算初步审查程序。" in lines
    assert "协作单位：县财政局 县审计局" in lines
    assert "索引号" not in text and "MX-2024-01" not in text  # the disclosure table is metadata
    assert assignments_of(lines)["一、1."] == (["县人大财经委"], ["县财政局", "县审计局"], "")
    assert assignments_of(lines)["二、3."][0] == ["县政府办公室"]


def test_a_table_framing_running_text_is_read_line_by_line() -> None:
    # Old templates put the text in a cell beside its label: that is no grid of data.
    articles = "".join(f"<p>第{n}条　这是条例第{n}条的正文，规定了常务委员会的职责和工作程序。</p>" for n in range(1, 6))
    html = (f'<html><head><title>某条例</title></head><body><div id="zoom"><table><tr><td>正文：</td>'
            f"<td>{articles}</td></tr></table></div></body></html>")
    lines = extract_page(html).text.split("\n")
    assert "第1条 这是条例第1条的正文，规定了常务委员会的职责和工作程序。" in lines
    assert "第5条 这是条例第5条的正文，规定了常务委员会的职责和工作程序。" in lines


def test_an_ingested_table_page_answers_who_is_responsible(tmp_path: Path) -> None:
    from crawler.ingest import ingest_paths
    from index.build import build_index
    from index.search import SearchService

    source = tmp_path / "plan.html"
    source.write_text(PAGE, encoding="utf-8")
    report = ingest_paths([source], tmp_path / "corpus")
    assert report.new == 1 and not report.failures
    build_index(tmp_path / "corpus", tmp_path / "index")
    service = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        (best, *_) = service.responsibility("预算初步审查").hits
        assert [u.name for u in best.lead_units] == ["县人大财经委"]
        assert [u.name for u in best.coop_units] == ["县财政局", "县审计局"]
        assert best.headings[0] == "加强监督"
    finally:
        service.close()


# No 序号 header here: a sequence cell is a label, written only as its item's number.
CELLS = st.sampled_from(["", "1", "二", "任务", "工作内容", "责任单位", "牵头单位（部门）", "协作单位", "完成时限",
                         "类别", "备注", "县财政局", "县委组织部、县委编办", "加强预算审查。", "（一）规范会议", "2024年底前"])


@given(st.lists(st.lists(CELLS, min_size=1, max_size=6), max_size=8))
def test_no_cell_text_is_lost(grid: list[list[str]]) -> None:
    # Whatever the table's shape, every value in its body reaches the text (a header may become a keyword).
    text = "".join(table_paragraphs(grid))
    header_words = {cell for row in [r for r in grid if any(c.strip() for c in r)][:3] for cell in row}
    for row in grid:
        for cell in row:
            assert cell in text or cell in header_words, cell
