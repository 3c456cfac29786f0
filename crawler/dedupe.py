"""Near-duplicate documents: MinHash over character shingles, an LSH index, a version check.

Pure (in-memory): the crawler persists signatures in its state and rebuilds the index.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_SIZE = 5
NUM_PERM = 128
# Pinned, so signatures stored in the crawl state stay comparable across datasketch versions.
SCHEME = "affine32"
# Tuned on corpus-extra (tests/test_dedupe.py): the same regulation from two sources
# (东莞, 江门, 济南 pairs) scores 0.93–0.97 on 5-character shingles; different cities'
# 文明行为促进条例, written from one model text, score at most 0.25.
DUPLICATE_THRESHOLD = 0.85
# LSH finds candidates a little below the threshold; the estimate then decides.
LSH_THRESHOLD = 0.7

NOT_TEXT = re.compile(r"[\s\W_]+", re.UNICODE)
FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def normalize_for_shingles(text: str) -> str:
    """Only letters and digits: page shells differ in spaces, punctuation width and breaks."""
    return NOT_TEXT.sub("", text)


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    text = normalize_for_shingles(text)
    if len(text) <= size:
        return {text} if text else set()
    return {text[i : i + size] for i in range(len(text) - size + 1)}


def make_minhash(text: str) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles(text)])
    return minhash


def minhash_to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint32).tobytes()


def minhash_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint32).copy(), scheme=SCHEME)


def latest_date(text: str) -> str:
    """The latest 年月日 date written in a text ('' if none), as YYYY-MM-DD."""
    dates = [f"{y}-{int(m):02d}-{int(d):02d}" for y, m, d in FULL_DATE.findall(text)]
    return max(dates) if dates else ""


def are_versions(text_a: str, text_b: str) -> bool:
    """Two near-identical texts that are different versions (an amendment), not reposts.

    An amended regulation shares almost all of its text with the original (唐山's 2019
    and 2021 texts score 0.96) but names a later adoption or amendment date.
    """
    a, b = latest_date(text_a), latest_date(text_b)
    return bool(a and b and a != b)


class DuplicateIndex:
    """Documents seen so far, keyed by id, queried for near-duplicates of a new text."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._minhashes: dict[str, MinHash] = {}
        self._dates: dict[str, str] = {}

    def __contains__(self, key: str) -> bool:
        return key in self._minhashes

    def add(self, key: str, minhash: MinHash, latest: str = "") -> None:
        self.remove(key)
        self._lsh.insert(key, minhash)
        self._minhashes[key] = minhash
        self._dates[key] = latest

    def remove(self, key: str) -> None:
        if key in self._minhashes:
            self._lsh.remove(key)
            del self._minhashes[key]
            del self._dates[key]

    def find_duplicate(self, minhash: MinHash, latest: str = "", exclude: str = "") -> str | None:
        """The most similar stored document above the threshold that is not another version."""
        best: tuple[float, str] | None = None
        for key in self._lsh.query(minhash):
            if key == exclude:
                continue
            other = self._dates.get(key, "")
            if latest and other and latest != other:
                continue
            score = minhash.jaccard(self._minhashes[key])
            if score >= DUPLICATE_THRESHOLD and (best is None or score > best[0]):
                best = (score, key)
        return best[1] if best else None
