"""The clause tree: golden files, width-swapped inputs, numbering/text rules, properties, smoke runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden_util import (
    CORPUS_EXTRA,
    SEEDS,
    cases,
    check_golden,
    load_document,
    structure_summary,
    swap_width,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from index.core.model import Document
from index.core.numbering import match_numbering
from index.core.structure import parse_clauses, parse_document_structure
from index.core.text import format_cn_number, normalize_text, parse_number

pytest_plugins = ["golden_util"]

STRUCTURE_CASES = cases("structure")


def parse(body: str, region: str = "") -> list:
    return parse_clauses(Document(id="d", title="t", body=body, region=region))


def paths(body: str) -> list[str]:
    return [c.path for c in parse(body)]


@pytest.mark.parametrize("case", STRUCTURE_CASES, ids=lambda p: p.name)
def test_golden_structure(request: pytest.FixtureRequest, case: Path) -> None:
    check_golden(request, case, structure_summary(parse_document_structure(load_document(case))))


def _width_free(summary: list[dict]) -> list[dict]:
    return [{k: normalize_text(v) if isinstance(v, str) else v for k, v in row.items()} for row in summary]


@pytest.mark.parametrize("case", STRUCTURE_CASES, ids=lambda p: p.name)
def test_other_width_gives_same_tree(case: Path) -> None:
    written = (case / "input.txt").read_text("utf-8")
    original = structure_summary(parse_document_structure(load_document(case)))
    swapped = structure_summary(parse_document_structure(load_document(case, swap_width(written))))
    for row in original + swapped:
        row["headings"] = [normalize_text(h) for h in row["headings"]]
        row.pop("label")  # the label keeps the brackets as written
    assert _width_free(swapped) == _width_free(original)


# ---- text and numbering ------------------------------------------------------------------

def test_normalize_text_keeps_circled_numbers_and_length() -> None:
    assert normalize_text("（一）１２：①，") == "(一)12:①,"
    text = "（３）ａ，Ｂ；　x"
    assert len(normalize_text(text)) == len(text)


@pytest.mark.parametrize("token,number", [("十二", 12), ("一百零三", 103), ("二十", 20), ("12", 12), ("③", 3),
                                          ("⑵", 2), ("⒇", 20), ("⒊", 3), ("㈣", 4), ("㈩", 10)])
def test_parse_number(token: str, number: int) -> None:
    assert parse_number(token) == number
    assert token.isdigit() or len(token) == 1 and not "一" <= token <= "十" or format_cn_number(number) == token


@pytest.mark.parametrize("line,style,number", [
    ("第十二条 常务委员会", "article", 12), ("第12条 会议", "article", 12), ("第三章 附则", "chapter", 3),
    ("一、总体要求", "cn_dun", 1), ("（二）坚持", "cn_paren", 2), ("(二)坚持", "cn_paren", 2),
    ("3.支持", "arabic_dot", 3), ("3．支持", "arabic_dot", 3), ("3、支持", "arabic_dun", 3),
    ("（4）设立", "arabic_paren", 4), ("4)设立", "arabic_half_paren", 4), ("4）设立", "arabic_half_paren", 4),
    ("②开展", "circled", 2), ("(2党政", "arabic_paren_open", 2), ("3通过", "arabic_bare", 3),
    ("⑵设立", "arabic_paren_char", 2), ("⒊支持", "arabic_dot_char", 3), ("㈡坚持", "cn_paren_char", 2),
    ("二）坚持", "cn_half_paren", 2), ("二，坚持", "cn_comma", 2), ("二　坚持", "cn_space", 2),
    ("3 支持", "arabic_space", 3),
])
def test_match_numbering(line: str, style: str, number: int) -> None:
    best = match_numbering(line)[0]
    assert (best.style.name, best.number) == (style, number)


@pytest.mark.parametrize("line", ["12个部门", "2016年底", "60%以上", "1.5倍", "1/3以上"])
def test_quantities_are_not_markers(line: str) -> None:
    assert all(m.style.name not in ("arabic_bare", "arabic_dot") for m in match_numbering(line))


# ---- tree rules ------------------------------------------------------------------------------

def test_run_together_items_and_missing_brackets() -> None:
    body = ("一、任务\n\n1.会议。1)每年1次。(2)不少于3天。(3)第2次会议在2016年召开。4)其他\n\n5)规范。\n\n"
            "2.代表。1)比例不超过1/3。(2党政领导带头。3通过调剂解决12个编制。")
    assert paths(body) == ["一、", "一、1.", "一、1.（1）", "一、1.（2）", "一、1.（3）", "一、1.（4）",
                           "一、1.（5）", "一、2.", "一、2.（1）", "一、2.（2）", "一、2.（3）"]


@pytest.mark.parametrize("text", ["不超过1/3。2名代表", "每年12个。3天内", "（2007年9月17日）通过", "1-2名。60%以上",
                                  "第2次会议。2016年底"])
def test_no_split_inside_numbers(text: str) -> None:
    clauses = parse(f"1.事项。1)甲{text}")
    assert [c.path for c in clauses] == ["1.", "1.（1）"]


def test_numbers_written_as_one_character_are_the_bracketed_and_dotted_forms() -> None:
    # Word and GB2312-era documents write (一) as ㈠, (1) as ⑴ and 1. as ⒈: the same tree, the same paths.
    one_character = "㈠加强学习\n\n⒈认真学习理论。⑴学原文；⑵悟原理。\n\n⒉认真学习法律。\n\n㈡加强监督"
    spelled_out = "（一）加强学习\n\n1.认真学习理论。（1）学原文；（2）悟原理。\n\n2.认真学习法律。\n\n（二）加强监督"
    assert paths(one_character) == paths(spelled_out) == ["（一）", "（一）1.", "（一）1.（1）", "（一）1.（2）", "（一）2.", "（二）"]
    assert [c.label for c in parse(one_character)][:3] == ["㈠", "⒈", "⑴"]  # labels as written


def test_a_chinese_number_with_only_its_closing_bracket() -> None:
    # 一） as a list of its own, top level or inside a （一） item, inline too.
    assert paths("一）加强学习。\n\n二）加强监督。") == ["一）", "二）"]
    assert paths("（一）加强学习。一）学理论；二）学法律。\n\n（二）加强监督。") == [
        "（一）", "（一）一）", "（一）二）", "（二）"]
    # … or a （二） whose "（" was left out: the next item of the open （一） list.
    assert paths("一、总体要求\n\n（一）加强学习。\n\n二）加强监督。\n\n（三）加强保障。\n\n二、主要任务") == [
        "一、", "一、（一）", "一、（二）", "一、（三）", "二、"]


def test_a_comma_for_the_enumeration_mark_only_continues_a_list() -> None:
    assert paths("一、加强学习。\n\n二，加强监督。\n\n三、加强保障。") == ["一、", "二、", "三、"]
    # With no 一、 list open, 一，… is a sentence: 一，二 is a count, not a list.
    assert paths("一，加强学习。\n\n二，加强监督。") == ["¶1", "¶2"]
    assert paths("一、会议\n\n每年开会一,二次。") == ["一、", "一、¶1"]


def test_a_space_for_the_separator_numbers_headings_and_continues_lists() -> None:
    body = "一　总体要求\n\n坚持党的领导。\n\n二　主要任务\n\n1 加强学习\n\n2 加强监督。依法监督。\n\n三　保障措施"
    assert paths(body) == ["一、", "一、¶1", "二、", "二、1.", "二、2.", "三、"]
    # Not before a sentence (一 是要…), nor a quantity (12 月, 3 名): there the number is text.
    assert paths("一 是要加强学习，认真学习。\n\n二 是要加强监督。") == ["¶1", "¶2"]
    assert paths("会议安排\n\n12 月召开会议\n\n3 名代表联名") == ["¶1", "¶2", "¶3"]


def test_nested_paren_styles_keep_distinct_paths() -> None:
    assert paths("（1）甲\n1）子一\n2）子二\n（2）乙") == ["（1）", "（1）1）", "（1）2）", "（2）"]


def test_heading_is_first_sentence() -> None:
    clause = parse("（一）坚持党的领导，确保正确方向。加强统筹。")[0]
    assert (clause.heading, clause.text) == ("坚持党的领导，确保正确方向", "加强统筹。")


def test_regulation_articles_paragraphs_and_items() -> None:
    body = ("第一章 总  则\n\n第一条 为了规范工作，制定本规则。\n\n"
            "第二条 常务委员会会议：\n\n（一）听取报告；\n\n（二）审议议案。\n\n"
            "第三条 第一款内容。\n\n第二款内容，有下列情形之一的：\n\n（一）甲；\n\n（二）乙。\n\n第三款内容。\n\n"
            "第二章 附则\n\n第四条 自公布之日起施行。")
    clauses = {c.path: c for c in parse(body)}
    assert list(clauses) == ["第一章", "第一条", "第二条", "第二条第一项", "第二条第二项", "第三条",
                             "第三条第一款", "第三条第二款", "第三条第二款第一项", "第三条第二款第二项",
                             "第三条第三款", "第二章", "第四条"]
    assert clauses["第一章"].heading == "总则"
    assert clauses["第三条第二款第二项"].headings == ["总则"]
    assert clauses["第三条"].text == "" and clauses["第三条第一款"].text == "第一款内容。"


def test_repeated_numbering_gets_unique_paths() -> None:
    assert paths("一、甲\n1.子\n一、乙\n1.子") == ["一、", "一、1.", "一、~2", "一、~2/1."]


def test_role_lines_are_not_clauses() -> None:
    clauses = parse("1.任务。\n责任单位：县委办\n协作单位：县财政局\n2.任务二。")
    assert [c.path for c in clauses] == ["1.", "2."]
    assert all("责任单位" not in c.text for c in clauses)


# ---- properties and smoke runs --------------------------------------------------------------

_ALPHABET = st.sampled_from(list("一二三十（）()、.．:：;；，。\n 123０①②⑴⒈㈠第条章款项节"
                                 "责任单位协作配合牵头由负责局委办县人大年个%/-【】#目录"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=40), max_size=12).map("\n".join)
       | st.text(alphabet=_ALPHABET, max_size=200) | st.text(max_size=200))
def test_parser_never_raises_and_paths_are_unique(body: str) -> None:
    parsed = parse_document_structure(Document(id="d", title="t", body=body))
    all_paths = [c.path for c in parsed.clauses]
    assert len(all_paths) == len(set(all_paths))
    ids = {c.clause_id for c in parsed.clauses}
    assert all(i in ids for a in parsed.assignments for i in a.clause_ids)
    assert all(c.parent_id is None or c.parent_id in ids for c in parsed.clauses)
    assert all(child in ids for c in parsed.clauses for child in c.children)


_ARTICLE_LINE = re.compile(r"^\s*(?:#+\s*)?第[一二三四五六七八九十百千零〇两\d]+条")


def _corpus_files() -> list[Path]:
    return sorted(CORPUS_EXTRA.glob("*/*.txt")) + sorted(SEEDS.glob("0*.txt"))


def test_smoke_every_shared_document() -> None:
    clauses = 0
    for path in _corpus_files():
        body = path.read_text("utf-8-sig")
        parsed = parse_document_structure(Document(id="d", title=path.stem, body=body))
        clauses += len(parsed.clauses)
        all_paths = [c.path for c in parsed.clauses]
        assert len(all_paths) == len(set(all_paths)), path.name
        articles = sum(1 for line in body.splitlines() if _ARTICLE_LINE.match(normalize_text(line)))
        assert sum(c.style == "article" for c in parsed.clauses) == articles, path.name
    assert clauses > 10_000  # parse speed is measured in benchmarks, not asserted here


def test_arabic_article_numbers_cite_in_chinese() -> None:
    expected = ["第一条", "第二条", "第二条第一款", "第二条第二款", "第十二条"]
    assert paths("第1条 甲。\n第2条 乙。\n\n丙。\n第12条 丁。") == expected


def test_a_paragraph_citing_items_is_not_an_item() -> None:
    body = "第五条 下列人员：\n（一）甲；\n（二）乙。\n（一）至（二）项所列人员，可以投票。\n第六条 丙。"
    assert paths(body) == ["第五条", "第五条第一款", "第五条第一款第一项", "第五条第一款第二项", "第五条第二款",
                           "第六条"]
