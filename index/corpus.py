"""Reading and writing corpus/ on disk: one `<id>.md` file per document.

Writes are atomic (temporary file, then rename), so a killed process never
leaves half a document behind.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .core.corpus_format import CorpusFormatError, format_document, parse_document
from .core.model import Document

log = logging.getLogger(__name__)


def document_path(corpus_dir: Path, doc_id: str) -> Path:
    return Path(corpus_dir) / f"{doc_id}.md"


def read_document(path: Path) -> Document:
    return parse_document(Path(path).read_text(encoding="utf-8"))


def read_corpus(corpus_dir: Path) -> Iterator[Document]:
    """Every readable document in the corpus, in file-name order; bad files are logged and skipped."""
    for path in sorted(Path(corpus_dir).glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            yield read_document(path)
        except (CorpusFormatError, UnicodeDecodeError) as exc:
            log.warning("skipping %s: %s", path, exc)


def write_document(corpus_dir: Path, doc: Document) -> tuple[Path, bool]:
    """Write a document atomically; returns (path, changed). Unchanged files are not touched."""
    corpus_dir = Path(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    path = document_path(corpus_dir, doc.id)
    if path.exists():
        try:
            old = read_document(path)
        except (CorpusFormatError, UnicodeDecodeError):
            old = None
        # Same body and metadata: keep the file (and its `fetched` time) as it is,
        # so re-ingesting or re-crawling an unchanged source changes nothing.
        if old is not None and _same_apart_from_fetch_time(old, doc):
            return path, False
    text = format_document(doc)
    fd, tmp = tempfile.mkstemp(dir=corpus_dir, prefix=f".{doc.id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path, True


def _same_apart_from_fetch_time(old: Document, new: Document) -> bool:
    a, b = old.metadata(), new.metadata()
    a.pop("fetched"), b.pop("fetched")
    return a == b
