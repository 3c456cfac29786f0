"""Handouts rendered: Markdown (every corpus string escaped), HTML from it with the markdown package
(tables, toc), and .docx with python-docx (Title/Heading 1/Heading 2 styles, real tables).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator

import markdown
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Pt
from markdown.extensions.toc import slugify_unicode

from index.compare import Citation, DocumentGroup, Finding, Provision
from index.core.text import book_title
from index.handout import Handout, omitted_note, responsibility_rows, row_regions

FORMATS = ("markdown", "html", "docx")
MEDIA_TYPES = {
    "markdown": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUFFIXES = {"markdown": ".md", "html": ".html", "docx": ".docx"}
RESPONSIBILITY_HEADER = ("条款", "责任单位", "协作单位", "责任领导", "完成时限")
COMPARISON_HEADER = ("要求", "地区", "规定", "原文", "出处")
ABOUT = (
    "本资料由 rendakb 从政策文件库自动汇编：按地区、按文件列出相关条款并注明出处，"
    "附责任分工表和数字要求对照表。引用前请核对原文。"
)
CJK_FONT = "宋体"  # Word and LibreOffice substitute an installed CJK font when it is missing

# Markdown would read these as markup; corpus text is untrusted, so each is taken literally.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#])")  # all that inline text needs: it never opens a line
# Characters XML 1.0 forbids: python-docx (lxml) refuses them.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def md(text: str) -> str:
    """Untrusted text as literal inline Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    text = " ".join(_XML_ILLEGAL.sub("", str(text or "")).split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def plain(text: str) -> str:
    return _XML_ILLEGAL.sub("", str(text or ""))


def _units(units: list) -> str:
    return "、".join(u.name for u in units)


def _finding_rule(finding: Finding) -> str:
    rule = finding.label
    if finding.below_floor:
        rule += f"（不符合法定标准：{finding.below_floor.statement}——{finding.below_floor.source}）"
    return rule


def _citation_lines(citation: Citation) -> list[tuple[str, str]]:
    return [(k, v) for k, v in (
        ("发文机关", citation.issuer), ("文号", citation.doc_number or "（无）"),
        ("日期", citation.date or "（未注明）"), ("来源", citation.source),
    ) if v]


def _responsibility_cells(provision: Provision) -> tuple[str, ...]:
    return (provision.path, _units(provision.lead_units), _units(provision.coop_units),
            provision.leader, provision.deadline)


def _comparison_cells(handout: Handout) -> Iterator[tuple[str, ...]]:
    comparison = handout.comparison
    for row in comparison.rows:
        for region in row_regions(row, comparison.regions):
            for finding in row.cells[region]:
                yield (row.label, region, _finding_rule(finding), finding.excerpt,
                       f"{book_title(finding.doc_title)}{finding.path}")


# -- Markdown and HTML ---------------------------------------------------------------------


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _md_document(document: DocumentGroup) -> list[str]:
    citation = document.citation
    lines = [f"### {md(citation.title)}", ""]
    lines += [f"- {label}：{md(value)}" for label, value in _citation_lines(citation)] + [""]
    for provision in document.provisions:
        lines += [f"**{md(provision.path)}**　{md(provision.text)}", "", f"出处：{md(citation.short(provision.path))}", ""]
    if note := omitted_note(document):
        lines += [f"*{md(note)}*", ""]
    if rows := responsibility_rows(document):
        lines += ["**责任分工**", ""] + _md_table(RESPONSIBILITY_HEADER, [_responsibility_cells(p) for p in rows])
    return lines


def render_markdown(handout: Handout) -> str:
    lines = [f"# {md(handout.title)}", "", md(handout.subtitle), "", "[TOC]", "", "## 说明", "", md(ABOUT), ""]
    for group in handout.comparison.groups:
        lines += [f"## {md(group.region)}", ""]
        for document in group.documents:
            lines += _md_document(document)
    if handout.comparison.rows:
        lines += ["## 数字要求对照", ""] + _md_table(COMPARISON_HEADER, list(_comparison_cells(handout)))
    if floors := handout.floors():
        lines += ["## 法定标准", ""]
        lines += [f"- {md(f.statement)}（{md(f.source)}）" for f in floors] + [""]
    return "\n".join(lines)


HTML_STYLE = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", SimSun, serif; max-width: 52em; margin: 2em auto;
       line-height: 1.7; padding: 0 1em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: .3em .5em; vertical-align: top; }
.toc { border: 1px solid #ccc; padding: .5em 1em; }
"""


def render_html(handout: Handout) -> str:
    body = markdown.markdown(
        render_markdown(handout),
        extensions=["tables", "toc"],
        extension_configs={"toc": {"slugify": slugify_unicode, "title": "目录", "toc_depth": "2-3"}},
        output_format="html",
    )
    return (
        '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(handout.title)}</title><style>{HTML_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


# -- .docx -----------------------------------------------------------------------------------


def _docx_table(doc: DocxDocument, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = plain(text)
    doc.add_paragraph()


def _docx_fonts(doc: DocxDocument) -> None:
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CJK_FONT)
    doc.styles["Normal"].font.size = Pt(11)


def _docx_document(doc: DocxDocument, document: DocumentGroup) -> None:
    citation = document.citation
    doc.add_heading(plain(citation.title), level=2)
    for label, value in _citation_lines(citation):
        doc.add_paragraph(f"{label}：{plain(value)}")
    for provision in document.provisions:
        paragraph = doc.add_paragraph()
        paragraph.add_run(plain(provision.path)).bold = True
        paragraph.add_run("　" + plain(provision.text))
        cite = doc.add_paragraph()
        cite.add_run("出处：" + plain(citation.short(provision.path))).italic = True
    if note := omitted_note(document):
        doc.add_paragraph(note).runs[0].italic = True
    if rows := responsibility_rows(document):
        doc.add_paragraph().add_run("责任分工").bold = True
        _docx_table(doc, RESPONSIBILITY_HEADER, [_responsibility_cells(p) for p in rows])


def render_docx(handout: Handout) -> bytes:
    doc = DocxDocument()
    _docx_fonts(doc)
    doc.core_properties.title = plain(handout.title)
    doc.add_heading(plain(handout.title), level=0)
    doc.add_paragraph(plain(handout.subtitle))
    doc.add_paragraph().add_run("目录").bold = True
    for section in handout.contents():
        doc.add_paragraph(plain(section.title), style="List Bullet" if section.level == 1 else "List Bullet 2")
    doc.add_heading("说明", level=1)
    doc.add_paragraph(ABOUT)
    for group in handout.comparison.groups:
        doc.add_heading(plain(group.region), level=1)
        for document in group.documents:
            _docx_document(doc, document)
    if handout.comparison.rows:
        doc.add_heading("数字要求对照", level=1)
        _docx_table(doc, COMPARISON_HEADER, list(_comparison_cells(handout)))
    if floors := handout.floors():
        doc.add_heading("法定标准", level=1)
        for floor in floors:
            doc.add_paragraph(f"{plain(floor.statement)}（{plain(floor.source)}）", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_handout(handout: Handout, format: str) -> str | bytes:
    """The handout in `format` (one of FORMATS): text for markdown and html, bytes for docx."""
    renderers = {"markdown": render_markdown, "html": render_html, "docx": render_docx}
    return renderers[format](handout)
