"""Word files (.docx) ingested as plans: automatic numbering written back, tables read as task tables;
PDF files by their text layer, lines wrapped at the margin joined back.

The files are made here with python-docx, numbering definitions and all, in the shapes offices use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as new_docx
from docx.oxml import parse_xml
from hypothesis import given
from hypothesis import strategies as st

from crawler.files import file_text
from crawler.ingest import ingest_paths
from crawler.wordfile import docx_paragraphs
from index.core.errors import IngestError
from index.core.model import Document
from index.core.structure import parse_document_structure
from index.corpus import read_corpus

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# 一、 （一） 1. as a Word list: Chinese counting on the first two levels, decimal on the third.
LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."))


def numbered_docx(path: Path, blocks: list[tuple[int | None, str] | list[list[str]]]) -> Path:
    """A .docx of paragraphs (list level or None, text) and tables (rows of cells)."""
    document = new_docx()
    lvls = "".join(
        f'<w:lvl w:ilvl="{n}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for n, (fmt, text) in enumerate(LEVELS)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {W} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for block in blocks:
        if isinstance(block, list):
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            continue
        level, text = block
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    document.save(path)
    return path


PLAN = [
    (None, "中共望川县委办公室关于加强人大工作的任务分解方案"),
    (0, "加强人大自身建设"),
    (1, "优化常委会组成人员结构。专职组成人员比例不低于百分之五十五。"),
    (None, "责任单位：县委组织部"),
    (1, "规范会议制度。常委会会议每两个月至少召开一次。"),
    (None, "责任单位：县人大常委会办公室"),
    (0, "依法履职"),
    (1, "加强预算审查监督。"),
    (None, "责任单位：县人大财经委"),
    (None, "协作单位：县财政局"),
]


def test_automatic_numbering_is_written_back_as_word_shows_it(tmp_path: Path) -> None:
    paragraphs = docx_paragraphs(numbered_docx(tmp_path / "plan.docx", PLAN).read_bytes())
    assert paragraphs[1:3] == ["一、加强人大自身建设", "（一）优化常委会组成人员结构。专职组成人员比例不低于百分之五十五。"]
    assert "（二）规范会议制度。常委会会议每两个月至少召开一次。" in paragraphs
    # A new first-level item restarts the level below it.
    assert paragraphs[6:8] == ["二、依法履职", "（一）加强预算审查监督。"]


def test_a_numbered_word_plan_gets_its_clause_tree_and_assignments(tmp_path: Path) -> None:
    paragraphs = docx_paragraphs(numbered_docx(tmp_path / "plan.docx", PLAN).read_bytes())
    parsed = parse_document_structure(Document(id="wordplan", title=paragraphs[0], body="\n\n".join(paragraphs[1:])))
    paths = {c.clause_id: c.path for c in parsed.clauses}
    assert {"一、", "一、（一）", "一、（二）", "二、", "二、（一）"} <= set(paths.values())
    governed = {paths[c]: ([u.name for u in a.lead_units], [u.name for u in a.coop_units])
                for a in parsed.assignments for c in a.clause_ids}
    assert governed["一、（一）"] == (["县委组织部"], [])
    assert governed["二、（一）"] == (["县人大财经委"], ["县财政局"])


def test_typed_numbers_are_not_numbered_twice(tmp_path: Path) -> None:
    path = numbered_docx(tmp_path / "typed.docx", [(0, "一、总体要求"), (0, "主要任务")])
    assert docx_paragraphs(path.read_bytes()) == ["一、总体要求", "二、主要任务"]


def test_a_word_task_table_is_read_as_a_plan(tmp_path: Path) -> None:
    table = [["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
             ["1", "建立代表联络站。", "县人大常委会办公室", "各乡镇人大", "2024年底前"]]
    path = numbered_docx(tmp_path / "table.docx", [(None, "重点任务分解表"), table])
    assert docx_paragraphs(path.read_bytes()) == [
        "重点任务分解表", "1.建立代表联络站。", "牵头单位：县人大常委会办公室", "配合单位：各乡镇人大", "完成时限：2024年底前",
    ]


def test_ingest_takes_word_files_idempotently_and_skips_broken_ones(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    numbered_docx(sources / "plan.docx", PLAN)
    (sources / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (sources / "empty.docx").write_bytes(b"")
    (sources / "~$plan.docx").write_bytes(b"\x00" * 162)  # Word's lock file beside an open document
    corpus = tmp_path / "corpus"
    report = ingest_paths([sources], corpus)
    assert report.new == 1 and report.skipped == 2
    assert {Path(path).name for path, _ in report.failures} == {"broken.docx", "empty.docx"}
    assert all("Word" in why for _, why in report.failures)
    (doc,) = read_corpus(corpus)
    assert doc.title == "中共望川县委办公室关于加强人大工作的任务分解方案"
    assert "一、加强人大自身建设" in doc.body and doc.source == "plan.docx"
    again = ingest_paths([sources / "plan.docx"], corpus)
    assert again.unchanged == 1 and again.new == 0


def test_not_a_word_file_is_an_ingest_error() -> None:
    with pytest.raises(IngestError, match="Word"):
        file_text(b"<html>not a docx</html>")


def test_a_damaged_package_is_an_ingest_error(tmp_path: Path) -> None:
    import zipfile

    good = numbered_docx(tmp_path / "good.docx", PLAN)
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(IngestError, match="not a readable Word"):
        file_text(damaged.read_bytes())


# -- PDF files -------------------------------------------------------------------------------------


def test_pdf_lines_wrapped_at_the_margin_are_joined_by_their_geometry() -> None:
    from crawler.pdffile import page_paragraphs

    # 10-point characters, margins at 0 and 280: 28 to the line, as official documents are set.
    lines = [
        (80, 700, 200, 710, "望川县议事规则"),  # centred title
        (0, 680, 280, 690, "第一条　为了规范常务委员会的议事程序，根据有关法"),  # runs to the margin
        (0, 668, 90, 678, "律，制定本规则。"),
        (0, 656, 280, 666, "第二条　常务委员会会议每两个月至少举行一次，必要"),
        (0, 644, 150, 654, "时可以临时召集会议。"),
        (20, 632, 280, 642, "会议由主任召集并主持，主任可以委托副主任主持会"),  # indented: a new paragraph
        (0, 620, 30, 630, "议。"),
        (120, 20, 160, 30, "- 1 -"),
    ]
    assert page_paragraphs(lines) == [
        "望川县议事规则",
        "第一条　为了规范常务委员会的议事程序，根据有关法律，制定本规则。",
        "第二条　常务委员会会议每两个月至少举行一次，必要时可以临时召集会议。",
        "会议由主任召集并主持，主任可以委托副主任主持会议。",
        "- 1 -",
    ]
    assert page_paragraphs([]) == []


def test_ingest_takes_pdf_files_and_refuses_scans_and_damage(tmp_path: Path) -> None:
    from file_util import text_pdf

    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "rules.pdf").write_bytes(text_pdf([
        "望川县人民代表大会常务委员会议事规则", "第一条　为了规范常务委员会的议事程序，根据有关法律，结合本县",
        "实际，制定本规则。", "第二条　常务委员会会议每两个月至少举行一次。",
    ]))
    (sources / "scan.pdf").write_bytes(text_pdf([]))
    (sources / "damaged.pdf").write_bytes(text_pdf(["第一条　内容"])[:200])
    report = ingest_paths([sources], tmp_path / "corpus")
    assert report.new == 1
    reasons = dict((Path(path).name, why) for path, why in report.failures)
    assert set(reasons) == {"scan.pdf", "damaged.pdf"}
    assert "OCR" in reasons["scan.pdf"] and "not a readable PDF" in reasons["damaged.pdf"]
    (doc,) = read_corpus(tmp_path / "corpus")
    assert doc.title == "望川县人民代表大会常务委员会议事规则"
    parsed = parse_document_structure(doc)
    assert [c.path for c in parsed.clauses] == ["第一条", "第二条"]
    assert parsed.clauses[0].text.endswith("结合本县实际，制定本规则。")


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 800), st.integers(1, 300),
                          st.sampled_from(["第一条　总则", "规范会议。", "- 1 -", "县人大常委会", "（一）加强"])),
                max_size=20))
def test_pdf_paragraphs_keep_every_line_once(raw: list[tuple[int, int, int, str]]) -> None:
    from crawler.pdffile import page_paragraphs

    lines = [(float(x), float(y), float(x + w), float(y + 10), text) for x, y, w, text in raw]
    paragraphs = page_paragraphs(lines)
    assert sorted("".join(paragraphs)) == sorted("".join(text for *_, text in lines))


def test_a_ruled_table_in_a_pdf_is_read_as_a_plan_in_its_place(tmp_path: Path) -> None:
    from file_util import table_pdf

    from crawler.pdffile import pdf_text

    rows = [["类别", "序号", "重点任务", "责任单位", "协作单位"],
            ["依法监督", "1", "加强预算审查监督。", "县人大财经委", "县财政局"],
            ["", "2", "开展专题询问。", "县人大常委会办公室", ""],  # the category spans both rows
            ["代表工作", "3", "建立代表联络站。", "县人大常委会办公室", "各乡镇人大"]]
    data = table_pdf(["望川县重点任务分解表", "为确保各项任务落到实处，现将重点任务分解如下。"], rows,
                     ["各责任单位要按时报送进展情况。"], spans=[((0, 1), (0, 2))])
    lines = pdf_text(data).split("\n")
    assert lines[:2] == ["望川县重点任务分解表", "为确保各项任务落到实处，现将重点任务分解如下。"]
    assert lines[-1] == "各责任单位要按时报送进展情况。"  # the text after the table stays after it
    assert "一、依法监督" in lines and "二、代表工作" in lines
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    ingest_paths([path], tmp_path / "corpus")
    (doc,) = read_corpus(tmp_path / "corpus")
    parsed = parse_document_structure(doc)
    paths = {c.clause_id: c.path for c in parsed.clauses}
    governed = {paths[c]: ([u.name for u in a.lead_units], [u.name for u in a.coop_units])
                for a in parsed.assignments for c in a.clause_ids}
    assert governed["一、1."] == (["县人大财经委"], ["县财政局"])
    assert governed["一、2."] == (["县人大常委会办公室"], [])
    assert governed["二、3."] == (["县人大常委会办公室"], ["各乡镇人大"])


def test_merged_cells_of_a_pdf_table_are_repeated() -> None:
    from crawler.pdffile import fill_spans

    assert fill_spans([["附件", None, None], ["类别", "任务", "责任单位"], ["监督", "预算审查", "财经委"], [None, "询问", None]]) == [
        ["附件", "附件", "附件"], ["类别", "任务", "责任单位"], ["监督", "预算审查", "财经委"], ["监督", "询问", "财经委"]]
