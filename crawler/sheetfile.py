"""An Excel workbook (.xlsx) → its sheets' rows as paragraphs: a task table read as a plan
(index.core.tables), as a task table on a page or in a Word file is.

Task-decomposition tables are often published as workbooks. openpyxl reads them; a merged cell
(a category spanning rows, a title spanning columns) is repeated into every cell it covers, as a
rowspan is on a page.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from index.core.tables import table_paragraphs

MAX_ROWS = 5000  # per sheet: a plan's table is far smaller; beyond this it is a data dump


def xlsx_paragraphs(data: bytes) -> list[str]:
    """Every visible sheet's rows as paragraphs (crawler.files says why one can't be read)."""
    from openpyxl import load_workbook  # imported here: only workbooks need it

    # Not read_only: merged ranges are only known to a fully loaded sheet.
    book = load_workbook(io.BytesIO(data), data_only=True)
    paragraphs: list[str] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        grid = [[_text(v) for v in row] for row in sheet.iter_rows(max_row=MAX_ROWS, values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = _text(sheet.cell(merged.min_row, merged.min_col).value)
            for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if c <= len(grid[r - 1]):
                        grid[r - 1][c - 1] = value
        paragraphs += table_paragraphs(grid)
    return paragraphs


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
