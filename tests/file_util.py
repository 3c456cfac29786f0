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


TASKS = ("乡镇人大主席团每季度至少召开一次会议。", "配备专职副主席。", "建立代表联络站。")


def workbook(title: str = "北岭县乡镇人大工作任务清单", tasks: tuple[str, str, str] = TASKS) -> bytes:
    """A task table as offices publish it: a title row (none when `title` is empty), categories merged."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    if title:
        sheet.append([title])
        sheet.merge_cells("A1:E1")  # the title across the table
    top = sheet.max_row + 1 if title else 1
    sheet.append(["类别", "序号", "工作任务", "责任单位", "完成时限"])
    sheet.append(["规范化建设", 1.0, tasks[0], "各乡镇人大", dt.datetime(2024, 6, 30)])
    sheet.append([None, 2, tasks[1], "县委组织部", "长期坚持"])
    sheet.merge_cells(f"A{top + 1}:A{top + 2}")  # the category down its rows
    sheet.append(["代表工作", 3, tasks[2], "县人大常委会办公室", None])
    hidden = book.create_sheet("备用")
    hidden.append(["不应读到的内容", "责任单位"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_pdf(before: list[str], rows: list[list[str]], after: list[str], spans: list[tuple] = ()) -> bytes:
    """A PDF of paragraphs, a ruled table (GRID lines; `spans` as reportlab's SPAN commands), paragraphs."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=18)
    table = Table(rows)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               *(("SPAN", *span) for span in spans)]))
    out = io.BytesIO()
    SimpleDocTemplate(out).build([*(Paragraph(t, style) for t in before), table, *(Paragraph(t, style) for t in after)])
    return out.getvalue()
