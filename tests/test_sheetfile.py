"""Task tables published as Excel workbooks (.xlsx), read as plans like tables on pages and in Word.

The workbooks are made here with openpyxl, merged cells and all, in the shapes offices use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from file_util import workbook

from crawler.files import file_text
from crawler.ingest import ingest_paths
from crawler.sheetfile import xlsx_paragraphs
from index.core.errors import IngestError
from index.core.structure import parse_document_structure
from index.corpus import read_corpus


def test_a_workbook_task_table_becomes_a_plan() -> None:
    paragraphs = xlsx_paragraphs(workbook())
    assert paragraphs == [
        "北岭县乡镇人大工作任务清单",
        "一、规范化建设",
        "1.乡镇人大主席团每季度至少召开一次会议。", "责任单位：各乡镇人大", "完成时限：2024-06-30",
        "2.配备专职副主席。", "责任单位：县委组织部", "完成时限：长期坚持",
        "二、代表工作",
        "3.建立代表联络站。", "责任单位：县人大常委会办公室",
    ]


def test_an_ingested_workbook_answers_who_is_responsible(tmp_path: Path) -> None:
    (tmp_path / "清单.xlsx").write_bytes(workbook())
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 damaged")
    report = ingest_paths([tmp_path], tmp_path / "corpus")
    assert report.new == 1 and [Path(p).name for p, _ in report.failures] == ["broken.xlsx"]
    (doc,) = read_corpus(tmp_path / "corpus")
    assert doc.title == "北岭县乡镇人大工作任务清单" and "不应读到" not in doc.body
    parsed = parse_document_structure(doc)
    paths = {c.clause_id: c.path for c in parsed.clauses}
    governed = {paths[c]: [u.name for u in a.lead_units] for a in parsed.assignments for c in a.clause_ids}
    assert governed == {"一、1.": ["各乡镇人大"], "一、2.": ["县委组织部"], "二、3.": ["县人大常委会办公室"]}


def test_files_are_told_by_their_bytes_not_their_names() -> None:
    assert file_text(workbook()).startswith("北岭县乡镇人大工作任务清单")  # whatever the name says
    for data, why in ((b"PK\x03\x04 damaged", "damaged"), (b"<html>error</html>", "neither"), (b"", "neither")):
        with pytest.raises(IngestError, match=why):
            file_text(data)
