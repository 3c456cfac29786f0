"""Files the tests read: PDFs with a Chinese text layer (reportlab's built-in CID font, no font file
needed) and an Excel task table (openpyxl), in the shapes offices publish."""

from __future__ import annotations

import datetime as dt
import io


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF holding `lines`; with none, a page with no text at all, like a scan."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    for n, line in enumerate(lines):
        page.drawString(56, 790 - 22 * n, line)
    page.showPage()
    page.save()
    return out.getvalue()


def workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["北岭县乡镇人大工作任务清单"])
    sheet.merge_cells("A1:E1")  # the title across the table
    sheet.append(["类别", "序号", "工作任务", "责任单位", "完成时限"])
    sheet.append(["规范化建设", 1.0, "乡镇人大主席团每季度至少召开一次会议。", "各乡镇人大", dt.datetime(2024, 6, 30)])
    sheet.append([None, 2, "配备专职副主席。", "县委组织部", "长期坚持"])
    sheet.merge_cells("A3:A4")  # the category down its rows
    sheet.append(["代表工作", 3, "建立代表联络站。", "县人大常委会办公室", None])
    hidden = book.create_sheet("备用")
    hidden.append(["不应读到的内容", "责任单位"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
