"""A PDF's text layer → its paragraphs, lines wrapped at the margin joined back by their geometry.

An official document is set 28 characters to the line (GB/T 9704), so 第一条 and its first words fill
a line that a text-only rule would take for a heading. On the page it is plain: a line that runs to
the right margin goes on in the next one, unless that one is indented as a new paragraph. pdfminer.six
reads the layout and the CJK encodings. A scan has no text layer and OCR is not done: such a file is
refused with that reason, never stored empty.
"""

from __future__ import annotations

import io
import logging
import statistics
from collections.abc import Iterator

from index.core.errors import IngestError

PDF_MAGIC = b"%PDF-"
MIN_TEXT = 20  # characters: fewer is a scan or a cover page, not a document's text
FULL_LINE_SLACK = 1.5  # character widths short of the right margin that still count as reaching it
INDENT = 0.8  # character widths in from the left margin that start a new paragraph

# pdfminer logs every odd object of a damaged file at WARNING: one line of ours says it instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def pdf_text(data: bytes) -> str:
    """The PDF's paragraphs, one per line; IngestError when it has no text to give."""
    if not data.lstrip()[:8].startswith(PDF_MAGIC):
        raise IngestError("not a PDF file")
    try:
        paragraphs = [p for page in _pages(data) for p in page_paragraphs(page)]
    except Exception as exc:  # noqa: BLE001 - a damaged or encrypted file is one file skipped, said why
        raise IngestError(f"not a readable PDF file: {type(exc).__name__}: {exc}") from exc
    text = "\n".join(paragraphs)
    if len("".join(text.split())) < MIN_TEXT:
        raise IngestError("the PDF has no text layer (a scan?): rendakb does no OCR")
    return text


def _pages(data: bytes) -> Iterator[list[tuple[float, float, float, float, str]]]:
    """Per page, its text lines as (x0, y0, x1, y1, text)."""
    from pdfminer.high_level import extract_pages  # imported here: only PDFs need it
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        lines = []
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        lines.append((line.x0, line.y0, line.x1, line.y1, line.get_text().strip()))
        yield lines


def page_paragraphs(lines: list[tuple[float, float, float, float, str]]) -> list[str]:
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
