"""A PDF's text layer → its paragraphs and tables, lines wrapped at the margin joined back by their geometry.

An official document is set 28 characters to the line (GB/T 9704), so 第一条 and its first words fill
a line that a text-only rule would take for a heading. On the page it is plain: a line that runs to
the right margin goes on in the next one, unless that one is indented as a new paragraph. A ruled
table (任务分解表) is read as a grid and becomes a plan (index.core.tables). pdfplumber (on
pdfminer.six) reads the layout, the CJK encodings and the ruling lines. A scan has no text layer and
OCR is not done: such a file is refused with that reason, never stored empty.
"""

from __future__ import annotations

import io
import logging
import statistics

from index.core.errors import IngestError
from index.core.tables import table_paragraphs

PDF_MAGIC = b"%PDF-"
MIN_TEXT = 20  # characters: fewer is a scan or a cover page, not a document's text
FULL_LINE_SLACK = 1.5  # character widths short of the right margin that still count as reaching it
INDENT = 0.8  # character widths in from the left margin that start a new paragraph

# pdfminer logs every odd object of a damaged file at WARNING: one line of ours says it instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def pdf_text(data: bytes) -> str:
    """The PDF's paragraphs, one per line; IngestError when it has no text layer (a damaged file
    raises what pdfplumber raises: crawler.files says why it can't be read)."""
    if not data.lstrip()[:8].startswith(PDF_MAGIC):
        raise IngestError("not a PDF file")
    import pdfplumber  # imported here: only PDFs need it

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        paragraphs = [p for page in pdf.pages for p in _page_blocks(page)]
    text = "\n".join(paragraphs)
    if len("".join(text.split())) < MIN_TEXT:
        raise IngestError("the PDF has no text layer (a scan?): rendakb does no OCR")
    return text


Line = tuple[float, float, float, float, str]  # x0, y0, x1, y1 (y up, as on a page), text


def _page_blocks(page: object) -> list[str]:
    """One page top to bottom: its running text in paragraphs, each ruled table as a plan's lines."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])  # type: ignore[attr-defined]
    lines: list[Line] = []
    for line in page.extract_text_lines():  # type: ignore[attr-defined]
        middle = (line["top"] + line["bottom"]) / 2
        inside = any(t.bbox[1] <= middle <= t.bbox[3] and line["x0"] < t.bbox[2] and line["x1"] > t.bbox[0] for t in tables)
        if not inside and line["text"].strip():
            lines.append((line["x0"], -line["bottom"], line["x1"], -line["top"], line["text"].strip()))
    blocks: list[str] = []
    above = float("-inf")
    for table in tables:
        top, bottom = table.bbox[1], table.bbox[3]
        blocks += page_paragraphs([ln for ln in lines if above <= -ln[3] < top])
        blocks += table_paragraphs(fill_spans(table.extract()))
        above = bottom
    return blocks + page_paragraphs([ln for ln in lines if -ln[3] >= above])


def fill_spans(grid: list[list[str | None]]) -> list[list[str]]:
    """A merged cell comes out as None beyond its first: repeated from above (a category down its
    rows), or from the left in the first row (a title across the table). Pure."""
    out: list[list[str]] = []
    for r, row in enumerate(grid):
        line: list[str] = []
        for c, cell in enumerate(row):
            if cell is None:
                above = out[r - 1][c] if r and c < len(out[r - 1]) else None
                cell = above if above is not None and r else (line[c - 1] if c else "")
            line.append(" ".join(str(cell).split()))
        out.append(line)
    return out


def page_paragraphs(lines: list[Line]) -> list[str]:
    """One page's lines (x0, y0, x1, y1, text) → paragraphs, top to bottom. Pure."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (-round(ln[3]), ln[0]))
    widths = [(ln[2] - ln[0]) / len(ln[4]) for ln in lines if len(ln[4]) >= 4]
    char = statistics.median(widths) if widths else 10.0
    left = min(ln[0] for ln in lines)
    right = max(ln[2] for ln in lines)
    paragraphs: list[str] = []
    current = ""
    for n, (_, _, x1, _, text) in enumerate(lines):
        current += text
        following = lines[n + 1] if n + 1 < len(lines) else None
        runs_on = x1 >= right - FULL_LINE_SLACK * char and following is not None and following[0] <= left + INDENT * char
        if not runs_on:
            paragraphs.append(current)
            current = ""
    return paragraphs
