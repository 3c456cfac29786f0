"""A Word file (.docx) → its paragraphs in reading order, tables read as plans (index.core.tables).

Word keeps automatic numbering out of the text (一、 （一） 1. live in numbering.xml), and the clause
tree is built from numbering: each numbered paragraph gets its label back, formatted as Word shows
it. Pure over the file's bytes; python-docx reads the package.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from index.core.numbering import match_numbering
from index.core.numerals import chinese_number
from index.core.tables import table_paragraphs

# Word's number formats (ST_NumberFormat) that write Chinese numerals.
CHINESE_FORMATS = {
    "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
    "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand",
}
CIRCLED_FORMATS = {"decimalEnclosedCircle", "decimalEnclosedCircleChinese"}
_PLACEHOLDER = re.compile(r"%([1-9])")


def docx_paragraphs(data: bytes) -> list[str]:
    """The file's paragraphs and tables as text paragraphs (crawler.files says why one can't be read)."""
    document = open_docx(io.BytesIO(data))
    numbering = _Numbering(document)
    paragraphs: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            paragraphs += table_paragraphs([[cell.text for cell in row.cells] for row in block.rows])
        elif isinstance(block, Paragraph):
            text = block.text.strip()
            if text:
                label = numbering.label(block)
                paragraphs.append(text if not label or match_numbering(text, 0) else f"{label}{text}")
    return paragraphs


class _Numbering:
    """Counts Word's list levels as it goes and writes each numbered paragraph's label."""

    def __init__(self, document: Any) -> None:
        try:
            self.root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            self.root = None
        self.counters: dict[str, list[int]] = {}  # abstract numbering → count per level

    def label(self, paragraph: Paragraph) -> str:
        num_pr = _num_pr(paragraph)
        if self.root is None or num_pr is None or num_pr.numId is None:
            return ""
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        abstract = self.root.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract or not 0 <= level <= 8:
            return ""
        levels = self.root.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract[0]}"]/w:lvl')
        formats = {int(lvl.get(_w("ilvl"), "0")): lvl for lvl in levels}
        if level not in formats:
            return ""
        counts = self.counters.setdefault(abstract[0], [0] * 9)
        if counts[level] == 0:
            counts[level] = _start(formats[level]) - 1
        counts[level] += 1
        counts[level + 1 :] = [0] * (8 - level)
        fmt = _value(formats[level], "numFmt") or "decimal"
        if fmt in ("bullet", "none"):
            return ""
        text = _value(formats[level], "lvlText") or f"%{level + 1}."

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            shown = counts[at] or _start(formats[at]) if at in formats else counts[at]
            return _format(shown, (_value(formats[at], "numFmt") if at in formats else "") or "decimal")

        return _PLACEHOLDER.sub(number, text)


def _num_pr(paragraph: Paragraph) -> Any:
    """The paragraph's list numbering, its own or its style's (List Number)."""
    own = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if own is not None:
        return own
    style = paragraph.style
    while style is not None:
        p_pr = style.element.pPr
        if p_pr is not None and p_pr.numPr is not None:
            return p_pr.numPr
        style = style.base_style
    return None


def _w(name: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name


def _value(lvl: Any, child: str) -> str:
    node = lvl.find(_w(child))
    return node.get(_w("val"), "") if node is not None else ""


def _start(lvl: Any) -> int:
    try:
        return int(_value(lvl, "start") or 1)
    except ValueError:
        return 1


def _format(value: int, fmt: str) -> str:
    if fmt in CHINESE_FORMATS:
        return chinese_number(value)
    if fmt in CIRCLED_FORMATS and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt in ("lowerLetter", "upperLetter") and 1 <= value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(value)
