"""The corpus file format: YAML front matter between `---` lines, then the body.

Pure functions only; reading and writing files is in index.corpus.
"""

from __future__ import annotations

from typing import Any

import yaml

from .model import FRONT_MATTER_KEYS, LIST_KEYS, Document, normalize_body, sha256_text


class CorpusFormatError(ValueError):
    """A corpus file that does not follow the format."""


def format_document(doc: Document) -> str:
    """Serialise a document; the sha256 is always recomputed from the body."""
    body = normalize_body(doc.body)
    meta: dict[str, Any] = {key: str(getattr(doc, key) or "") for key in FRONT_MATTER_KEYS}
    meta["sha256"] = sha256_text(body)
    for key in LIST_KEYS:
        value = getattr(doc, key)
        if value:
            meta[key] = value
    header = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{header}---\n\n{body}"


def parse_document(text: str) -> Document:
    """Read one corpus file's text back into a Document."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        raise CorpusFormatError("missing front matter: the file must start with a '---' line")
    end = text.find("\n---", 3)
    if end < 0:
        raise CorpusFormatError("front matter is not closed by a '---' line")
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as exc:
        raise CorpusFormatError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise CorpusFormatError("front matter must be a mapping of keys to values")
    if not meta.get("id"):
        raise CorpusFormatError("front matter has no id")
    body = text[end + 4 :]
    values = {key: "" if meta.get(key) is None else str(meta.get(key)) for key in FRONT_MATTER_KEYS}
    values.pop("sha256")
    doc = Document(body=body, **values)  # sha256 recomputed from the body
    for key in LIST_KEYS:
        value = meta.get(key) or []
        if isinstance(value, list):
            setattr(doc, key, value)
    return doc
