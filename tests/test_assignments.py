"""Task assignments: golden files (seed 000's complete list), role-line scope, inline and sentence forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_util import (
    assignment_summary,
    cases,
    check_golden,
    load_document,
    swap_width,
)

from index.core.assignments import (
    ROLE_KEYWORDS,
    extract_inline_assignments,
    extract_sentence_assignments,
    parse_role_fields,
)
from index.core.model import Document
from index.core.structure import parse_document_structure
from index.core.text import normalize_text

pytest_plugins = ["golden_util"]

ASSIGNMENT_CASES = cases("assignments")
SEED000 = Path(__file__).parent / "golden" / "assignments" / "seed000_weiyuan_plan"

# Seed 000 read by a person: the clauses each role-line group governs, in document order.
SEED000_SCOPES = [
    ["二、（一）1.（1）"], ["二、（一）1.（2）"], ["二、（一）1.（3）"], ["二、（一）2.", "二、（一）2.¶1"],
    ["二、（二）1.（1）"], ["二、（二）1.（2）"], ["二、（二）1.（3）"], ["二、（二）1.（4）"], ["二、（二）1.（5）"],
    ["二、（二）2.", "二、（二）2.（1）", "二、（二）2.（2）"],
    ["二、（二）3."] + [f"二、（二）3.（{n}）" for n in range(1, 7)],
    ["二、（二）4."] + [f"二、（二）4.（{n}）" for n in range(1, 5)],
    ["二、（二）4.（5）"],
    ["二、（三）1."] + [f"二、（三）1.（{n}）" for n in range(1, 5)],
    ["二、（三）2.", "二、（三）2.（1）", "二、（三）2.（2）"], ["二、（三）2.（3）"], ["二、（三）2.（4）"],
    ["二、（三）3.", "二、（三）3.¶1"],
    ["二、（四）1."] + [f"二、（四）1.（{n}）" for n in range(1, 4)],
    ["二、（四）2.", "二、（四）2.（1）", "二、（四）2.（2）"],
    ["二、（四）3.（1）"], ["二、（四）3.（2）", "二、（四）3.（3）"], ["二、（四）3.（4）"],
    ["二、（四）4."] + [f"二、（四）4.（{n}）" for n in range(1, 4)],
    ["二、（四）5."] + [f"二、（四）5.（{n}）" for n in range(1, 5)],
]


def parsed(body: str, region: str = ""):
    return parse_document_structure(Document(id="d", title="t", body=body, region=region))


def scopes(body: str, region: str = "") -> list[list[str]]:
    result = parsed(body, region)
    paths = {c.clause_id: c.path for c in result.clauses}
    return [[paths[i] for i in a.clause_ids] for a in result.assignments]


@pytest.mark.parametrize("case", ASSIGNMENT_CASES, ids=lambda p: p.name)
def test_golden_assignments(request: pytest.FixtureRequest, case: Path) -> None:
    check_golden(request, case, assignment_summary(parse_document_structure(load_document(case))))


@pytest.mark.parametrize("case", ASSIGNMENT_CASES, ids=lambda p: p.name)
def test_other_width_gives_same_assignments(case: Path) -> None:
    def width_free(rows: list[dict]) -> list[dict]:
        return [{key: normalize_text(v) if isinstance(v, str) else [normalize_text(u) for u in v]
                 for key, v in r.items()} for r in rows]
    written = (case / "input.txt").read_text("utf-8")
    original = assignment_summary(parse_document_structure(load_document(case)))
    swapped = assignment_summary(parse_document_structure(load_document(case, swap_width(written))))
    assert width_free(swapped) == width_free(original)


def test_seed000_every_role_line_and_its_scope() -> None:
    result = parse_document_structure(load_document(SEED000))
    role_lines = [a for a in result.assignments if a.origin == "role_lines"]
    written = (SEED000 / "input.txt").read_text("utf-8")
    lead_lines = sum(1 for line in written.splitlines() if line.strip().startswith("责任单位"))
    assert len(role_lines) == lead_lines == len(SEED000_SCOPES)
    paths = {c.clause_id: c.path for c in result.clauses}
    assert [[paths[i] for i in a.clause_ids] for a in role_lines] == SEED000_SCOPES
    budget = role_lines[4]
    assert [u.name for u in budget.lead_units] == [
        "县人大财政经济委员会", "县人大常委会财政经济与环保工作委员会", "各乡镇人大主席团"]
    assert [u.name for u in budget.coop_units] == ["县财政局", "县审计局"]
    assert all(a.coop_units for a in role_lines[:2]) and not role_lines[6].coop_units


def test_seed000_survives_chrome_left_in() -> None:
    raw = (SEED000 / "input.txt").read_text("utf-8")
    result = parsed(raw, "渭源县")
    assert len([a for a in result.assignments if a.origin == "role_lines"]) == len(SEED000_SCOPES)


def test_role_lines_in_one_group_until_a_role_repeats() -> None:
    body = ("1.甲。\n牵头单位:县委办\n配合单位:县财政局\n责任领导:张三\n完成时限:2024年底\n"
            "2.乙。\n责任单位:县编办\n责任单位:县人社局")
    result = parsed(body)
    first = result.assignments[0]
    assert (first.leader, first.deadline) == ("张三", "2024年底")
    assert first.text.count("\n") == 3
    assert scopes(body) == [["1."], ["2."], []]


def test_role_line_governs_heading_and_paragraph() -> None:
    assert scopes("（一）总体。\n2.营造环境。\n\n每年学习2次。\n\n责任单位：县委办公室") == [["（一）2.", "（一）2.¶1"]]


def test_trailing_role_list_is_split_from_the_item() -> None:
    result = parsed("1.甲事项。2.乙事项，单独考核。责任单位:县委办公室")
    assert [c.text for c in result.clauses] == ["", ""]
    # Both items are siblings since the previous role line (there is none).
    assert scopes("1.甲事项。2.乙事项，单独考核。责任单位:县委办公室") == [["1.", "2."]]


def test_role_keywords_table_covers_the_issue() -> None:
    for word in ("责任单位", "牵头单位", "主办单位", "协作单位", "配合单位", "参与单位", "责任领导", "完成时限",
                 "牵头领导", "责任部门", "牵头部门", "配合部门", "时间要求", "完成时间"):
        assert word in ROLE_KEYWORDS


@pytest.mark.parametrize(("line", "roles"), [
    ("主要责任单位：县委办；协同单位：县财政局、县审计局", [("lead", "县委办"), ("coop", "县财政局、县审计局")]),
    ("责任主体:各乡镇党委  时间节点:2024年6月底前", [("lead", "各乡镇党委"), ("deadline", "2024年6月底前")]),
    ("【牵头处室】办公室【配合处室】研究室【责任人】王五", [("lead", "办公室"), ("coop", "研究室"), ("leader", "王五")]),
    ("完成期限：长期坚持", [("deadline", "长期坚持")]),
])
def test_role_words_plans_also_use(line: str, roles: list[tuple[str, str]]) -> None:
    assert [(f.role, f.value) for f in parse_role_fields(line)] == roles


@pytest.mark.parametrize("line", ["主办单位:渭源县人大常委会 联系电话:0932-4132335", "责任单位要加强统筹协调",
                                  "责任单位", "直接负责的主管人员和其他直接责任人员：依法给予处分"])
def test_not_role_lines(line: str) -> None:
    assert parse_role_fields(line) == []


def test_inline_assignment() -> None:
    [a] = extract_inline_assignments("加强督办。(牵头单位:县人大常委会办公室;配合单位:县政府督查室)", "")
    names = ([u.name for u in a.lead_units], [u.name for u in a.coop_units])
    assert names == (["县人大常委会办公室"], ["县政府督查室"])


@pytest.mark.parametrize("text,lead,coop", [
    ("由县委组织部牵头，县编办、县人社局配合，完成调整。", ["县委组织部"], ["县编办", "县人社局"]),
    ("县人大常委会办公室牵头，县财政局配合。", ["县人大常委会办公室"], ["县财政局"]),
    ("由县财政局负责，列入预算。", ["县财政局"], []),
    # Other verbs for the cooperating units, and 会同.
    ("由县委组织部牵头负责，县人社局协助。", ["县委组织部"], ["县人社局"]),
    ("由县财政局具体负责，县审计局参与。", ["县财政局"], ["县审计局"]),
    ("由县人大常委会牵头，会同县政府有关部门抓好落实。", ["县人大常委会"], ["县政府有关部门"]),
])
def test_sentence_assignments(text: str, lead: list[str], coop: list[str]) -> None:
    [a] = extract_sentence_assignments(text, "")
    assert ([u.name for u in a.lead_units], [u.name for u in a.coop_units]) == (lead, coop)


@pytest.mark.parametrize("text", ["由县委联系领导主持，县人大常委会参加。", "由所在单位负责。",
                                  "由建设单位或者施工单位负责。",
                                  "由“一府两院”重新办理。", "各单位要明确分工，由专人负责。",
                                  "由代表本人负责，工作人员协助。"])
def test_sentences_that_name_no_units(text: str) -> None:
    assert extract_sentence_assignments(text, "") == []


def test_bracketed_keyword_and_unit_list_broken_over_lines() -> None:
    result = parsed("1.甲。\n【牵头单位】县委办公室\n【配合单位】县人民法院、\n县委宣传部\n2.乙。")
    [a] = result.assignments
    assert [u.name for u in a.coop_units] == ["县人民法院", "县委宣传部"]
    assert [c.path for c in result.clauses] == ["1.", "2."]


def test_skipped_levels_nest_by_rank() -> None:
    result = parsed("一、甲\n1.子\n（1）孙\n二、乙\n（一）丙\n①丁")
    assert [c.path for c in result.clauses] == ["一、", "一、1.", "一、1.（1）", "二、", "二、（一）", "二、（一）①"]


def test_seed000_through_the_real_cleaner() -> None:
    clean = pytest.importorskip("crawler.clean")
    body = clean.clean_text((SEED000 / "input.txt").read_text("utf-8"))
    assert scopes(body, "渭源县") == SEED000_SCOPES


def test_role_value_on_the_next_line() -> None:
    [a] = parsed("1.甲。\n责任单位：\n县委办公室、县财政局\n2.乙。").assignments
    assert [u.name for u in a.lead_units] == ["县委办公室", "县财政局"]
