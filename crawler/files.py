"""Files that are documents — Word, Excel, PDF — told apart by their bytes and read into text.

Servers and folders name files every way (plan.docx served as application/msword, a .xlsx saved
as .docx): the package itself says what it is.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from index.core.errors import IngestError

from .links import READABLE_ATTACHMENTS
from .pdffile import PDF_MAGIC, pdf_text
from .sheetfile import xlsx_paragraphs
from .wordfile import docx_paragraphs

FILE_SUFFIXES = READABLE_ATTACHMENTS  # .doc, .xls, .wps are old binary formats: not read
ZIP_MAGIC = b"PK\x03\x04"  # .docx and .xlsx are zip packages


def is_document_file(data: bytes) -> bool:
    """Whether the bytes may be a file rendakb reads (an HTML error page is not)."""
    return data.startswith(ZIP_MAGIC) or data.lstrip()[:8].startswith(PDF_MAGIC)


def file_text(data: bytes) -> str:
    """The file's text, a paragraph per line; IngestError saying why when it cannot be read."""
    kind, read = _reader(data)
    try:
        return read(data)
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or encrypted file is one file skipped, said why
        raise IngestError(f"not a readable {kind} file: {type(exc).__name__}: {exc}") from exc


def _reader(data: bytes) -> tuple[str, Callable[[bytes], str]]:
    if data.lstrip()[:8].startswith(PDF_MAGIC):
        return "PDF", pdf_text
    if not data.startswith(ZIP_MAGIC):
        raise IngestError("neither a Word (.docx), Excel (.xlsx) nor PDF file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise IngestError(f"not a readable Word or Excel file (a damaged package: {exc})") from exc
    if "word/document.xml" in names:
        return "Word (.docx)", lambda d: "\n".join(docx_paragraphs(d))
    if "xl/workbook.xml" in names:
        return "Excel (.xlsx)", lambda d: "\n".join(xlsx_paragraphs(d))
    raise IngestError("a zip package that is neither a Word (.docx) nor an Excel (.xlsx) file")
