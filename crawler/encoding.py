"""Turning a fetched page's bytes into text: BOM, HTTP header, <meta>, detection, check.

Pure: bytes in, str out. Government sites often declare one encoding and send another.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels decoded with a wider codec: Python's strict gb2312/gbk fail on characters such as
# 镕 that real pages labelled gb2312 contain; gb18030 is a superset of both.
WIDER_CODEC = {
    "gb2312": "gb18030",
    "gb_2312": "gb18030",
    "gb_2312-80": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "ms936": "gb18030",
    "windows-936": "gb18030",
    "csgb2312": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "big5": "big5hkscs",
}
# Servers that say nothing send these by default; a Chinese page is never really in them,
# so they are tried only after detection.
WEAK_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "ascii", "us-ascii", "windows-1252", "cp1252"}

LEGACY_CJK = {"gb18030", "big5hkscs"}

# A decoding is accepted when at most this share of its characters are U+FFFD.
MAX_REPLACEMENT_SHARE = 0.001
MAX_REPLACEMENTS_ALWAYS_OK = 2

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)


def normalize_label(label: str | None) -> str | None:
    """A codec name Python knows, widened (gb2312 → gb18030); None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = WIDER_CODEC.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return WIDER_CODEC.get(name, name)


def header_charset(content_type: str | None) -> str | None:
    match = HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(body: bytes) -> str | None:
    # Only the head matters and the label itself is ASCII, so a byte search is safe.
    match = META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def detect_charset(body: bytes) -> str | None:
    """charset-normalizer on the whole page (it guesses wrong on short snippets)."""
    best = from_bytes(body).best()
    return best.encoding if best is not None else None


def _is_valid_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _acceptable(text: str) -> bool:
    bad = text.count("\ufffd")
    return bad <= MAX_REPLACEMENTS_ALWAYS_OK or bad <= MAX_REPLACEMENT_SHARE * len(text)


def candidate_encodings(body: bytes, content_type: str | None) -> list[str]:
    """Encodings to try, most trusted first, without repeats."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return [name]
    declared = [normalize_label(header_charset(content_type)), normalize_label(meta_charset(body))]
    strong = [c for c in declared if c and c not in WEAK_LABELS and codecs.lookup(c).name not in WEAK_LABELS]
    weak = [c for c in declared if c and c not in strong]
    ordered: list[str] = []
    # Valid UTF-8 with non-ASCII bytes is practically never GBK text: a legacy label on
    # such a body is the lie (a template copied from an older site).
    if _is_valid_utf8_with_non_ascii(body) and any(c in LEGACY_CJK for c in strong):
        ordered.append("utf-8")
    ordered += strong
    ordered.append(normalize_label(detect_charset(body)) or "utf-8")
    ordered += weak
    ordered += ["utf-8", "gb18030"]
    seen: list[str] = []
    for name in ordered:
        if name and name not in seen:
            seen.append(name)
    return seen


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page; every candidate is checked, the first clean decoding wins."""
    candidates = candidate_encodings(body, content_type)
    best: tuple[int, str] | None = None
    for name in candidates:
        try:
            text = body.decode(name, errors="replace")
        except LookupError:
            continue
        if name in BOM_NAMES:
            text = text.lstrip("\ufeff")
        if _acceptable(text):
            return text
        bad = text.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, text)
    return best[1] if best else body.decode("utf-8", errors="replace")


BOM_NAMES = {"utf-8", "utf-16-le", "utf-16-be"}
