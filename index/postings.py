"""Term postings and field lengths read from one index generation, cached, and scored with BM25F.

Whoosh's matchers are pure Python and walk every posting of every query term even when only a
few hundred clauses are candidates; here each term is read once into a docnum → frequency
table, sets are combined in C, and only the chosen clauses are scored.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from whoosh import query as wq
from whoosh.reading import TermNotFound

from .analysis import ngram_sequence

# BM25 (Robertson; the Lucene idf, never negative).
K1 = 1.5
# Low length normalisation: a provision of three lines is not less about its words than a one-line item.
B = {"text": 0.3, "text_sub": 0.3, "text_ngram": 0.3, "headings": 0.5, "lead": 0.5, "title": 0.3, "place": 0.0}
# Cached postings, counted in entries: enough for the few thousand terms of a busy day.
CACHE_ENTRIES = 2_000_000

Postings = dict[int, float]  # docnum → term frequency


class PostingsCache:
    """The postings of one generation, shared by its searcher threads."""

    def __init__(self, doc_count: int) -> None:
        self.doc_count = doc_count
        self._lock = threading.Lock()
        self._terms: OrderedDict[tuple[str, str], Postings] = OrderedDict()
        self._strings: OrderedDict[tuple[str, str], frozenset[int]] = OrderedDict()
        self._entries = 0
        self._averages: dict[str, float] = {}
        self._lengths: dict[tuple[str, int], int] = {}

    # -- reading -----------------------------------------------------------------------------

    def term(self, reader: Any, field: str, text: str) -> Postings:
        """docnum → frequency of `text` in `field` (deleted entries left out)."""
        key = (field, text)
        with self._lock:
            found = self._terms.get(key)
            if found is not None:
                self._terms.move_to_end(key)
                return found
        postings: Postings = {}
        try:
            matcher = reader.postings(field, text)
        except TermNotFound:
            matcher = None
        while matcher is not None and matcher.is_active():
            postings[matcher.id()] = matcher.weight()
            matcher.next()
        with self._lock:
            if key not in self._terms:
                self._terms[key] = postings
                self._entries += len(postings) + 1
                while self._entries > CACHE_ENTRIES and self._terms:
                    _, dropped = self._terms.popitem(last=False)
                    self._entries -= len(dropped) + 1
        return postings

    def string(self, searcher: Any, text: str, words: list[str] | None = None) -> frozenset[int]:
        """Clauses holding `text` as written: consecutive jieba `words`, else its character n-grams."""
        key = ("\x00".join(words) if words else "", text)
        with self._lock:
            found = self._strings.get(key)
            if found is not None:
                self._strings.move_to_end(key)
                return found
        if words and len(words) > 1:
            docs = frozenset(searcher.docs_for_query(wq.Phrase("text", words)))
        else:
            grams = ngram_sequence(text)
            if not grams:
                docs = frozenset()
            elif len(grams) == 1:
                docs = frozenset(self.term(searcher.reader(), "text_ngram", grams[0]))
            else:
                docs = frozenset(searcher.docs_for_query(wq.Phrase("text_ngram", grams, slop=1)))
        with self._lock:
            self._strings[key] = docs
            self._entries += len(docs) + 1
            while len(self._strings) > 4096:
                _, dropped = self._strings.popitem(last=False)
                self._entries -= len(dropped) + 1
        return docs

    def length(self, reader: Any, field: str, docnum: int) -> int:
        key = (field, docnum)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = reader.doc_field_length(docnum, field, 0)
        return found

    def average(self, reader: Any, field: str) -> float:
        found = self._averages.get(field)
        if found is None:
            found = self._averages[field] = max(1.0, reader.field_length(field) / max(1, self.doc_count))
        return found

    # -- scoring -----------------------------------------------------------------------------

    def idf(self, document_frequency: int) -> float:
        n = self.doc_count
        return math.log(1.0 + (n - document_frequency + 0.5) / (document_frequency + 0.5))

    def bm25(self, reader: Any, field: str, postings: Postings, docnums: Iterable[int]) -> dict[int, float]:
        """BM25 of one term in one field for the given clauses (those without it are left out)."""
        idf = self.idf(len(postings))
        average, b = self.average(reader, field), B.get(field, 0.75)
        scores = {}
        for docnum in docnums:
            tf = postings.get(docnum)
            if tf:
                norm = K1 * (1.0 - b + b * self.length(reader, field, docnum) / average)
                scores[docnum] = idf * tf * (K1 + 1.0) / (tf + norm)
        return scores
