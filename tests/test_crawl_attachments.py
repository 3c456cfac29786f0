"""The crawler reads the Word, Excel and PDF files attached to notices (附件：任务分解表.docx) as documents.

A real HTTP server on 127.0.0.1 serves a notice page, its attachments (.docx direct, through a
download script, under a wrong content type, broken; a PDF with text and a scanned one; an HTML
error page for one), and other attachments that stay links.
"""

from __future__ import annotations

import io
from pathlib import Path

from crawler_site.server import FixtureSite, Route, _serve, stop_sites
from docx import Document as new_docx
from file_util import text_pdf, workbook

from crawler.crawl import crawl
from index.core.structure import parse_document_structure
from index.corpus import read_corpus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def word_file(title: str, rows: list[list[str]]) -> bytes:
    document = new_docx()
    document.add_paragraph(title)
    document.add_paragraph("为确保各项任务落到实处，现将重点任务分解如下。")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


PLAN = word_file("望川县加强人大工作重点任务分解表", [
    ["序号", "重点任务", "责任单位", "协作单位"],
    ["1", "加强预算审查监督，完善预算初步审查程序。", "县人大财经委", "县财政局"],
    ["2", "建立代表联络站，每个乡镇至少一个。", "县人大常委会办公室", "各乡镇人大"],
])
SECOND = word_file("望川县人大常委会执法检查工作任务表", [
    ["序号", "工作内容", "牵头单位", "配合单位"],
    ["1", "每年对两部法律法规实施情况开展执法检查。", "县人大常委会法工委", "县司法局"],
])
NOTICE = """<html><head><title>关于印发重点任务分解表的通知_望川县人大</title>
<meta name="PubDate" content="2024-03-01 10:00"></head><body>
<table class="gk"><tr><td>发文机关：</td><td>中共望川县委办公室</td><td>发布日期：</td><td>2024年03月01日</td></tr></table>
<div class="TRS_Editor"><p>各乡镇党委，县直各部门：现将重点任务分解表印发给你们，请认真贯彻落实。各单位要明确责任，按时完成。</p>
<p>附件：<a href="/uploads/plan.docx">重点任务分解表.docx</a>
<a href="/module/download/downfile.jsp?classid=0&amp;filename=second.docx">执法检查任务表.docx</a>
<a href="/uploads/mislabelled.docx">错标类型.docx</a>
<a href="/uploads/broken.docx">损坏的文件.docx</a>
<a href="/uploads/gone.docx">已删除.docx</a>
<a href="/uploads/rules.pdf">议事规则.pdf</a> <a href="/uploads/list.xlsx">任务清单.xlsx</a> <a href="/uploads/untitled.xlsx">临溪市代表工作任务表.xlsx</a> <a href="/uploads/scan.pdf">扫描件.pdf</a>
<a href="/uploads/old.doc">旧格式.doc</a> <a href="/uploads/list.xls">名单.xls</a></p></div></body></html>"""
UNTITLED_TASKS = ("代表小组每季度开展一次集中活动并记录在册。", "代表履职档案每年更新一次并向选民公开。",
                  "代表建议办理结果在三个月内答复代表并抄送常委会。")
RULES = ["望川县人民代表大会常务委员会议事规则", "第一条　为了规范常务委员会的议事程序，根据有关法律，结合本县",
         "实际，制定本规则。", "第二条　常务委员会会议每两个月至少举行一次。", "- 1 -"]


def test_word_attachments_become_documents_and_the_rest_stay_links(tmp_path: Path) -> None:
    site = FixtureSite("word")
    _serve(site, "127.0.0.1")
    site.routes = {
        "/": Route(body=b'<html><body><a href="/rdzl/202403/t20240301_1.html">x</a></body></html>'),
        "/rdzl/202403/t20240301_1.html": Route(body=NOTICE.encode()),
        "/uploads/plan.docx": Route(body=PLAN, content_type=DOCX_TYPE, etag=True),
        "/module/download/downfile.jsp?classid=0&filename=second.docx": Route(status=302, location="/files/second.docx"),
        "/files/second.docx": Route(body=SECOND, content_type="application/octet-stream"),
        "/uploads/mislabelled.docx": Route(body=PLAN, content_type="application/msword"),  # same file: one document
        "/uploads/broken.docx": Route(body=b"PK\x03\x04 truncated", content_type=DOCX_TYPE),
        "/uploads/gone.docx": Route(body="<html><title>页面不存在</title></html>".encode()),
        "/uploads/rules.pdf": Route(body=text_pdf(RULES), content_type="application/pdf"),
        "/uploads/scan.pdf": Route(body=text_pdf([]), content_type="application/pdf"),  # no text layer
        "/uploads/list.xlsx": Route(body=workbook(), content_type="application/octet-stream"),
        "/uploads/untitled.xlsx": Route(body=workbook(title="", tasks=UNTITLED_TASKS),
                                       content_type="application/vnd.ms-excel"),
    }
    try:
        report = crawl([f"http://{site.address}/"], tmp_path / "corpus", tmp_path / "state.db", delay=0.02)
        docs = {d.title: d for d in read_corpus(tmp_path / "corpus")}
        assert {"望川县加强人大工作重点任务分解表", "望川县人大常委会执法检查工作任务表", "北岭县乡镇人大工作任务清单"} <= set(docs)
        # A table with no title row is called what its link says.
        assert docs["临溪市代表工作任务表"].body.startswith("一、规范化建设")
        plan = docs["望川县加强人大工作重点任务分解表"]
        assert plan.source == f"http://{site.address}/uploads/plan.docx"
        assert f"http://{site.address}/uploads/mislabelled.docx" in plan.sources  # a repost of the same file
        # The notice lends its attachments what their text does not say: who issued them, and when.
        assert (plan.issuer, plan.published) == ("中共望川县委办公室", "2024-03-01")
        parsed = parse_document_structure(plan)
        leads = {u.name for a in parsed.assignments for u in a.lead_units}
        assert leads == {"县人大财经委", "县人大常委会办公室"}
        rules = docs["望川县人民代表大会常务委员会议事规则"]
        assert "第一条 为了规范常务委员会的议事程序，根据有关法律，结合本县实际，制定本规则。" in rules.body.split("\n")
        assert "- 1 -" not in rules.body  # the page number is not text
        assert report.failures_by_reason == {"unreadable_attachment": 2, "attachment_not_a_file": 1}
        requested = [r.path for r in site.requests]
        assert not [p for p in requested if p.endswith((".doc", ".xls"))]  # other formats stay links

        # A second crawl asks again conditionally and rewrites nothing.
        again = crawl([f"http://{site.address}/"], tmp_path / "corpus", tmp_path / "state.db", delay=0.02)
        assert again.progress.documents_new == 0 and again.progress.documents_changed == 0
        conditional = [r for r in site.requests[len(requested):] if r.path == "/uploads/plan.docx"]
        assert conditional and conditional[-1].headers.get("If-None-Match")
    finally:
        stop_sites(site)
