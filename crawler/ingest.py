"""Local files (.txt, .md, .html, .docx, .xlsx, .pdf) and scraped text → Documents → corpus/.

Owns the pure text → Document step (clean, split, metadata) and the file formats of corpus-extra; writing goes through index.corpus.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from index.core.errors import IngestError
from index.core.model import Document, make_document_id
from index.core.text import normalize_text
from index.corpus import document_path, write_document

from .clean import clean_lines
from .extract import extract_page
from .files import FILE_SUFFIXES, file_text
from .metadata import (
    ISSUER_LINE,
    LETTERHEAD,
    extract_doc_number,
    extract_kind,
    extract_metadata,
    extract_place,
    normalize_date,
    normalize_doc_number,
)
from .regions import find_province
from .split import DATE_LINE, split_documents

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".md", ".html", ".htm", *FILE_SUFFIXES)
SOURCE_LINE = re.compile(r"^\ufeff?SOURCE:\s*(\S.*)$")
# corpus-extra/city-regulations line 2: the source record's fields, metadata not text.
RECORD_NOTE = re.compile(r"^\(.*?fields:\s*(.*)\)\s*$")
RECORD_FIELD = re.compile(r"(Title|Office|Publish|Url)=([^|]*?)(?=\s*\||;\s*text below|$)")
# File names that carry metadata: <province>_<title>[(<date>)] and <title>_<issuer>_<date>.
NAME_TITLE_ISSUER_DATE = re.compile(r"^(?P<title>.+?)_(?P<issuer>[^_]+)_(?P<date>\d{4}-\d{2}-\d{2})$")
NAME_PROVINCE_TITLE = re.compile(r"^(?P<province>[^_]{2,8})_(?P<title>.+?)(\((?P<date>\d{4}-\d{2}-\d{2})\))?$")
# Hints from a file name only fill gaps; these come from the record itself and win.
OVERRIDING = ("title", "issuer", "published", "doc_number")
HEADER_LINES = 8


@dataclass
class IngestReport:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # ids written or confirmed, in order


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def is_title_repeat(line: str, title: str) -> bool:
    """The title again, perhaps in another form (《…》 marks, split over lines, prefixed)."""
    a, b = re.sub(r"\W", "", normalize_text(line)), re.sub(r"\W", "", normalize_text(title))
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 0.6 * len(long) and _is_subsequence(short, long)


def strip_header(lines: list[str], title: str) -> list[str]:
    """Drop the title, its repeats, the letterhead, the 文号 line and a bare date under it."""
    start = 0
    for i, line in enumerate(lines[:HEADER_LINES]):
        norm = normalize_text(line)
        if (
            is_title_repeat(line, title)
            or LETTERHEAD.match(line)
            or (normalize_doc_number(line) and len(line.replace(" ", "")) <= len(normalize_doc_number(line)) + 2)
            or (DATE_LINE.match(norm) and i <= start + 1)
            or (ISSUER_LINE.match(line) and i + 1 < len(lines) and is_title_repeat(line + lines[i + 1], title))
        ):
            start = i + 1
        elif start or i >= 2:
            break
    return lines[start:]


def apply_hints(meta: dict[str, str], hints: dict[str, str], defaults: dict[str, str]) -> dict[str, str]:
    meta = dict(meta)
    for key, value in defaults.items():
        if value and not meta.get(key):
            meta[key] = value
    for key, value in hints.items():
        if value:
            meta[key] = value
    return meta


def documents_from_text(
    text: str, source: str, fetched: str = "", hints: dict | None = None, defaults: dict | None = None
) -> list[Document]:
    """Clean → split → metadata → Documents; `hints` override what the text says, `defaults` fill gaps."""
    hints, defaults = dict(hints or {}), dict(defaults or {})
    parts = split_documents(text)
    if len(parts) > 1:
        # Page-level hints (one title, one 文号) describe no single one of several documents.
        hints = {k: v for k, v in hints.items() if k not in OVERRIDING}
        defaults = {k: v for k, v in defaults.items() if k not in OVERRIDING}
    documents: list[Document] = []
    seen: set[str] = set()
    for part in parts:
        extracted = extract_metadata(part)
        meta = apply_hints(extracted, hints, defaults)
        title = meta.get("title", "")
        if title != extracted["title"]:
            # The kind and place follow the title a hint gave, when it names them.
            meta["kind"] = hints.get("kind") or extract_kind(title, []) or meta["kind"]
            lines = clean_lines(part, keep_metadata=True)
            if not hints.get("doc_number") and title in lines:
                # The 文号 is the one in the header of the document the hint names.
                meta["doc_number"] = extract_doc_number(lines, lines.index(title))
            if not hints.get("region"):
                # The place the hinted title or issuer names beats one found in a cover note.
                meta.update({k: v for k, v in extract_place([title, meta.get("issuer", "")]).items() if v})
        body_lines = strip_header(clean_lines(part), title)
        if not title and not body_lines:
            continue
        doc_id = make_document_id(source, title)
        n = 1
        while doc_id in seen:  # two documents with one title on one page
            n += 1
            doc_id = make_document_id(source, f"{title}#{n}")
        seen.add(doc_id)
        documents.append(
            Document(
                id=doc_id, title=title, body="\n\n".join(body_lines),
                region=meta.get("region", ""), province=meta.get("province", ""), level=meta.get("level", ""),
                issuer=meta.get("issuer", ""), doc_number=meta.get("doc_number", ""),
                published=meta.get("published", ""), adopted=meta.get("adopted", ""), kind=meta.get("kind", ""),
                source=meta.get("source", source), fetched=fetched,
                sources=[source] if source.startswith(("http://", "https://")) else [],
            )
        )
    return documents


def parse_record_note(line: str) -> dict[str, str]:
    """`(docx export … fields: Title=… | Office=… | Publish=… | Url=…)` → hints."""
    note = RECORD_NOTE.match(line.strip())
    if not note:
        return {}
    fields = {k: v.strip() for k, v in RECORD_FIELD.findall(note.group(1))}
    return {"title": fields.get("Title", ""), "issuer": fields.get("Office", ""), "published": normalize_date(fields.get("Publish", ""))}


def parse_file_name(stem: str) -> dict[str, str]:
    """Metadata a corpus-extra file name carries (gap fillers, never overrides)."""
    match = NAME_TITLE_ISSUER_DATE.match(stem)
    if match:
        return {"title": match["title"], "issuer": match["issuer"], "published": match["date"]}
    match = NAME_PROVINCE_TITLE.match(stem)
    if match and find_province(match["province"]):
        return {"title": match["title"], "province": find_province(match["province"]), "published": match["date"] or ""}
    return {}


def file_defaults(path: Path) -> dict[str, str]:
    """What a file's name says of its document; its name is the title when the text states none."""
    return {"title": path.stem.strip(), **parse_file_name(path.stem)}


def decode_bytes(data: bytes) -> str:
    if not data.strip():
        raise IngestError("empty file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise IngestError("binary file (NUL bytes)")
        return text
    raise IngestError("not decodable as UTF-8 or GB18030")


def read_source_file(path: Path) -> list[Document]:
    """One local file → its documents; the file name (not the folder) is the id's source."""
    if path.suffix.lower() in FILE_SUFFIXES:
        documents = documents_from_text(file_text(path.read_bytes()), path.name, defaults=file_defaults(path))
        if not documents:
            raise IngestError("no document text found")
        return documents
    text = decode_bytes(path.read_bytes())
    if path.suffix.lower() in (".html", ".htm"):
        page = extract_page(text, url="")
        page_hints = {"title": page.title, "published": page.published,
                 "issuer": page.meta.get("发文机关", ""), "doc_number": normalize_doc_number(page.meta.get("发文字号", ""))}
        # The info line's date only fills a gap: a signature's date is the document's own.
        return documents_from_text(page.text, path.name, hints=page_hints, defaults={"published": page.posted})
    lines = text.lstrip("\ufeff").split("\n")
    hints: dict[str, str] = {}
    source_note = SOURCE_LINE.match(lines[0]) if lines else None
    if source_note:
        lines = lines[1:]
        hints = parse_record_note(lines[0]) if lines else {}
        if hints:
            lines = lines[1:]
    defaults = file_defaults(path)
    if source_note:
        hints["source"] = source_note.group(1).strip()
    documents = documents_from_text("\n".join(lines), path.name, hints=hints, defaults=defaults)
    if not documents:
        raise IngestError("no document text found")
    return documents


def iter_source_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    # Folder READMEs describe the files; they are not documents. Nor are the lock files Word leaves
    # beside an open document (~$plan.docx).
    return [p for p in files if p.stem.lower() != "readme" and not p.name.startswith("~$")]


def ingest_paths(paths: list[Path], corpus_dir: Path) -> IngestReport:
    """Ingest files and folders (recursively) into corpus_dir; idempotent, failures reported not raised."""
    report = IngestReport()
    for path in iter_source_files(paths):
        try:
            if not path.exists():
                raise IngestError("no such file")
            if path.suffix.lower() not in SUFFIXES:
                raise IngestError(f"unsupported file type {path.suffix or '(none)'}")
            documents = read_source_file(path)
        except (IngestError, OSError, ValueError) as exc:
            log.warning("skipping %s: %s", path, exc)
            report.skipped += 1
            report.failures.append((str(path), str(exc)))
            continue
        for doc in documents:
            existed = document_path(corpus_dir, doc.id).exists()
            _, changed = write_document(corpus_dir, doc)
            if not existed:
                report.new += 1
            elif changed:
                report.changed += 1
            else:
                report.unchanged += 1
            report.documents.append(doc.id)
    return report
