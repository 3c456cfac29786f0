"""PDFs with a Chinese text layer, made with reportlab's built-in CID font (no font file needed)."""

from __future__ import annotations

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
