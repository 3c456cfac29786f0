"""Search box strings: parsed into words, "phrases", -exclusions and filters, then into Whoosh queries.

Never fails on odd input: anything it cannot read becomes a plain term.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from .analysis import JiebaTokenizer, ngram_sequence, normalize_for_match
from .core.errors import QueryError
from .results import SearchFilters
from .schema import CLAUSE

MAX_QUERY_CHARS = 200
FILTER_FIELDS = ("region", "level", "kind", "year", "issuer", "unit", "topic")
# Filters a person may type in the query string, with the Chinese names they may use.
FILTER_NAMES = {
    "region": "region",
    "地区": "region",
    "kind": "kind",
    "类型": "kind",
    "year": "year",
    "年份": "year",
    "unit": "unit",
    "单位": "unit",
    "level": "level",
    "层级": "level",
    "issuer": "issuer",
    "发文机关": "issuer",
    "topic": "topic",
    "主题": "topic",
}
# Several values in one SearchFilters field: conditions that must all hold (one from the request,
# one typed), and alternatives typed for the same field (region:北京市 region:上海市).
ALL_OF = "\x00"
ANY_OF = "\x01"
_QUOTES = {'"': '"', "“": "”", "「": "」"}
_PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】"}
_FILTER = re.compile(r"^([A-Za-z\u4e00-\u9fff]+)[:：](.+)$")
# 我县, 本市, 我们县: the asker's own place, which the search cannot know (query_words.toml drops the words).
_OWN_PLACE = re.compile(r"(?:我们|咱们|我|本|咱)(?:县|市|区|省|镇|乡|州|旗)")


@dataclass
class ParsedQuery:
    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def positive(self) -> list[str]:
        return self.terms + self.phrases


def own_place_notices(q: str, filters: SearchFilters) -> list[str]:
    """What to tell someone who wrote 我县 (本市 …) and named no region: it means nothing to the search."""
    if filters.region:
        return []
    found = list(dict.fromkeys(m.group() for m in _OWN_PLACE.finditer(q or "")))
    if not found:
        return []
    said = "、".join(f"“{w}”" for w in found)
    return [f"检索不知道{said}是哪里，没有按地区筛选：请写明地名，例如 region:某某县"]


def check_query(q: str) -> str:
    text = (q or "").strip()
    if not text:
        raise QueryError("请输入检索词", "the query is empty: type one or more words to search for")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"检索词太长（{len(text)} 个字符，最多 {MAX_QUERY_CHARS} 个）",
            f"the query is too long: at most {MAX_QUERY_CHARS} characters",
        )
    return text


def parse_query(q: str) -> ParsedQuery:
    """Split `q` into its parts; raises QueryError only when it is empty or too long."""
    text = check_query(q)
    parsed = ParsedQuery()
    for negated, chunk, quoted in _split_chunks(text):
        if quoted:
            target = parsed.excluded if negated else parsed.phrases
            target.append(chunk)
            continue
        match = _FILTER.match(chunk)
        if match and match.group(1).lower() in FILTER_NAMES and not negated:
            name, value = FILTER_NAMES[match.group(1).lower()], _strip_unbalanced(match.group(2))
            if value:
                parsed.filters[name] = f"{parsed.filters[name]}{ANY_OF}{value}" if name in parsed.filters else value
            continue
        term = _strip_unbalanced(chunk)
        if term:
            (parsed.excluded if negated else parsed.terms).append(term)
    return parsed


def _split_chunks(text: str) -> list[tuple[bool, str, bool]]:
    """(negated, text, quoted) for each whitespace-separated chunk or balanced quotation."""
    chunks: list[tuple[bool, str, bool]] = []
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < size and not text[i + 1].isspace()
        start = i + 1 if negated else i
        opener = text[start] if start < size else ""
        if opener in _QUOTES:
            end = text.find(_QUOTES[opener], start + 1)
            if end > start + 1:
                chunks.append((negated, text[start + 1 : end].strip(), True))
                i = end + 1
                continue
            # An unbalanced or empty quotation: read the rest as plain words.
            start += 1
        end = start
        while end < size and not text[end].isspace() and text[end] not in _QUOTES:
            end += 1
        if end > start:
            chunks.append((negated, text[start:end], False))
        i = max(end, start + 1) if end == start else end
    return [c for c in chunks if c[1]]


def _strip_unbalanced(term: str) -> str:
    """Drop brackets that open or close nothing inside the term: （预算 → 预算, but keep （一）."""
    for opener, closer in _PAIRS.items():
        if term.count(opener) != term.count(closer):
            term = term.replace(opener, "").replace(closer, "")
    return term.strip()


def highlight_text(text: str, words: list[str]) -> str:
    """`text` HTML-escaped with every occurrence of `words` wrapped in <mark>.

    Longest words first and never overlapping, so 人大常委会 is marked whole rather
    than as 人大 + 常委会; matching ignores width and ASCII case.
    """
    folded = normalize_for_match(text)
    marked = [False] * len(text)
    for word in sorted({normalize_for_match(w) for w in words if w and w.strip()}, key=len, reverse=True):
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            if not any(marked[start:end]):
                marked[start:end] = [True] * len(word)
                start = folded.find(word, end)
            else:
                start = folded.find(word, start + 1)
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        chunk = html.escape(text[i:j], quote=False)
        parts.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return "".join(parts)


# -- Whoosh queries ---------------------------------------------------------------------


def segment(text: str) -> list[str]:
    return JiebaTokenizer.segmenter().words(text)


def ngram_query(text: str, boost: float = 1.0) -> wq.Query | None:
    grams = ngram_sequence(text)
    if not grams:
        return None
    if len(grams) == 1:
        return wq.Term("text_ngram", grams[0], boost=boost)
    return wq.Phrase("text_ngram", grams, slop=1, boost=boost)


def needs_ngrams(word: str) -> bool:
    """A word jieba may not cut the same way in every clause: also matched as a string of characters."""
    return len(word) == 1 or not word.isalpha() or word.isascii() or not JiebaTokenizer.segmenter().knows(word)


def has_symbols(text: str) -> bool:
    """True when `text` holds punctuation jieba would drop (1/3, 〔2024〕5号): match it as a string."""
    return any(not ch.isalnum() and not ch.isspace() for ch in text)


def exclusion_query(excluded: list[str]) -> wq.Query | None:
    parts = [q for q in (ngram_query(text) for text in excluded) if q is not None]
    return wq.Or(parts) if parts else None


def check_searchable(parsed: ParsedQuery, filters: SearchFilters) -> None:
    """A query of nothing but punctuation (a lone ", 。。) with no filter asks for nothing: say so,
    rather than answer with every clause. With a filter (region:渭源县) it browses what the filter allows."""
    has_words = bool(parsed.phrases) or any(ch.isalnum() for term in parsed.terms for ch in term)
    if has_words or any(getattr(filters, name) for name in FILTER_FIELDS):
        return
    if parsed.excluded:  # -0 alone: "everything but 0" is no search
        raise QueryError(
            "检索词里只有要排除的词（前面带 - 的词），请再写上要查找的词",
            "the query only excludes words (those after a -): add a word to search for",
        )
    raise QueryError("检索词里没有可以查找的字词或数字", "the query has no words or numbers to search for, and no filter")


def merge_filters(given: SearchFilters, typed: dict[str, str]) -> SearchFilters:
    """Filters from the request and from the query string; where both name a field, both must hold."""
    merged = SearchFilters(**{name: getattr(given, name) for name in FILTER_FIELDS})
    for name, value in typed.items():
        current = getattr(merged, name)
        setattr(merged, name, value if not current else current if current == value else f"{current}{ALL_OF}{value}")
    return merged


def filter_query(groups: list[list[tuple[str, str]]], extra: wq.Query | None = None) -> wq.Query:
    """Clauses matching every group of resolved filter terms (index.filters), any term within a group."""
    parts: list[wq.Query] = [wq.Term("entry_type", CLAUSE)]
    if extra is not None:
        parts.append(extra)
    for group in groups:
        alternatives: list[wq.Query] = []
        for name, value in group:
            if name == "unit":
                alternatives += [wq.Term("lead_units", value), wq.Term("coop_units", value)]
            elif name == "topic":
                alternatives.append(wq.Term("topics", value))
            else:
                alternatives.append(wq.Term(name, value))
        parts.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
    return wq.And(parts)
