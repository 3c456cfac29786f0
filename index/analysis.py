"""Text analysis for the index: jieba words, dictionary sub-words and 1–2-character n-grams.

The schema pickles these classes by import path, so this module must not move.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import jieba
from whoosh.analysis import Token, Tokenizer

EMIT_MODES = ("words", "subwords", "all")
DICTIONARY_PATH = Path(__file__).with_name("data") / "congress_dict.txt"

# Bump when tokenisation or the schema changes: an index of another version must be rebuilt.
# 2: clause topics, requirement keys, requirements in the payload; 3: title/heading sub-words,
# place, shape, lead; 4: list-lead shape.
SCHEMA_VERSION = "rendakb-index-4"
# The domain dictionary decides how text is cut into words, so an index cut with another
# dictionary is another format: queries would be cut differently from the text they search.
DICTIONARY_HASH = hashlib.sha256(DICTIONARY_PATH.read_bytes()).hexdigest()[:12]
_PACKAGE = Path(__file__).parent
# What else decides what the index holds for a document: the parsers (clause tree, task assignments,
# requirements, topics) and the data they read. An index made by others would keep stale topics
# or units after an upgrade, since the corpus's fingerprints have not changed: it is rebuilt.
INDEX_TIME_INPUTS = (
    *sorted((_PACKAGE / "core").glob("*.py")),
    _PACKAGE / "schema.py",
    Path(__file__),
    *(_PACKAGE / "data" / name for name in ("topics.toml", "unit_grammar.toml", "unit_aliases.toml")),
)


def _inputs_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


INDEX_FORMAT_VERSION = f"{SCHEMA_VERSION}+dict-{DICTIONARY_HASH}+parsers-{_inputs_hash(INDEX_TIME_INPUTS)}"
CACHE_ENV = "RENDAKB_CACHE_DIR"
CUT_CACHE_SIZE = 16_384  # segmented strings kept per process
SUB_WORD_CACHE_SIZE = 65_536

# Full-width ASCII (U+FF01–FF5E) and the ideographic space fold to half-width, ASCII
# letters to lower case. Every mapping is one character to one character, so
# offsets into the normalised text are offsets into the original text.
_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
for _upper in range(ord("A"), ord("Z") + 1):
    _WIDTH_TABLE[_upper] = _upper + 32
    _WIDTH_TABLE[_upper + 0xFEE0] = _upper + 32


def normalize_for_match(text: str) -> str:
    """Fold width and ASCII case, keeping the length (see _WIDTH_TABLE)."""
    return text.translate(_WIDTH_TABLE)


def is_word(token: str) -> bool:
    """A token worth indexing: it holds a letter, digit or Han character (not only punctuation)."""
    return any(ch.isalnum() for ch in token)


def default_cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("rendakb"))


class Segmenter:
    """A private jieba.Tokenizer loaded with the congress dictionary (never jieba's global `dt`)."""

    def __init__(self, dictionary: Path = DICTIONARY_PATH, cache_dir: Path | None = None) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its start-up chatter
        self._jieba = jieba.Tokenizer()
        cache = Path(cache_dir) if cache_dir else default_cache_dir()
        cache.mkdir(parents=True, exist_ok=True)
        self._jieba.tmp_dir = str(cache)
        self._jieba.initialize()
        if Path(dictionary).exists():
            self._jieba.load_userdict(str(dictionary))
        # The same strings come again and again: a clause's text goes through two fields,
        # its title and heading chain through every clause of the document, and common
        # words through sub-word lookup. jieba is the cost of a build, so remember.
        self._cut = functools.lru_cache(maxsize=CUT_CACHE_SIZE)(self._cut_uncached)
        self._sub_words = functools.lru_cache(maxsize=SUB_WORD_CACHE_SIZE)(self._sub_words_uncached)

    def cut(self, text: str) -> Iterator[tuple[str, int]]:
        """Precise-mode words of normalised `text` with their start offsets (punctuation dropped)."""
        return iter(self._cut(text))

    def _cut_uncached(self, text: str) -> tuple[tuple[str, int], ...]:
        words: list[tuple[str, int]] = []
        start = 0
        for word in self._jieba.cut(normalize_for_match(text), HMM=True):
            if is_word(word) and not word.isspace():
                words.append((word, start))
            start += len(word)
        return tuple(words)

    def words(self, text: str) -> list[str]:
        return [word for word, _ in self.cut(text)]

    def sub_words(self, word: str) -> Iterator[tuple[str, int]]:
        """Dictionary words strictly inside `word` (2+ characters), with offsets into it."""
        return iter(self._sub_words(word))

    def _sub_words_uncached(self, word: str) -> tuple[tuple[str, int], ...]:
        freq = self._jieba.FREQ
        size = len(word)
        return tuple(
            (word[i:j], i)
            for i in range(size)
            for j in range(i + 2, size + 1)
            if j - i != size and freq.get(word[i:j])
        )

    def knows(self, word: str) -> bool:
        return bool(self._jieba.FREQ.get(word))

    def split_word(self, word: str) -> list[str]:
        """`word` as the fewest shorter dictionary words (预算初步审查 → 预算, 初步审查), or [].

        Single characters may fill gaps but at most one in three pieces, so a compound is
        not split into letters. A query uses this for compound words that a clause may
        write apart (预算草案初步审查).
        """
        size = len(word)
        if size < 3:
            return []
        freq = self._jieba.FREQ
        # best[i]: (pieces, single characters) for word[:i]
        best: list[tuple[int, int, list[str]] | None] = [None] * (size + 1)
        best[0] = (0, 0, [])
        for i in range(size):
            if best[i] is None:
                continue
            count, singles, pieces = best[i]  # type: ignore[misc]
            for j in range(i + 1, min(size, i + 8) + 1):
                piece = word[i:j]
                if j - i == size or (j - i > 1 and not freq.get(piece)):
                    continue
                candidate = (count + 1, singles + (j - i == 1), [*pieces, piece])
                current = best[j]
                if current is None or candidate[:2] < current[:2]:
                    best[j] = candidate
        found = best[size]
        if found is None or found[0] < 2 or found[1] * 3 > found[0]:
            return []
        return found[2]


class JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer over jieba's precise mode.

    `emit="words"`: precise-mode words, one position each. `emit="subwords"`: at index
    time the dictionary sub-words of every precise word (常务委员会 → 常务, 委员会, 委员),
    each at its parent's position; at query time the precise words, so they meet.
    `emit="all"`: both, for short fields (titles, places) where 南京 must find 南京市.
    Holds no jieba object itself (the schema pickles it): the segmenter is made once
    per process, on first use, and cached on the class.
    """

    _segmenter: Segmenter | None = None
    _segmenter_lock = threading.Lock()

    @classmethod
    def segmenter(cls) -> Segmenter:
        """The process's segmenter, loaded on first use (jieba start-up costs ~0.7 s)."""
        if cls._segmenter is None:
            with cls._segmenter_lock:
                if cls._segmenter is None:
                    cls._segmenter = Segmenter()
        return cls._segmenter

    def __init__(self, emit: str = "words") -> None:
        if emit not in EMIT_MODES:
            raise ValueError(f"emit must be one of {', '.join(EMIT_MODES)}, not {emit!r}")
        self.emit = emit

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JiebaTokenizer) and other.emit == self.emit

    def __hash__(self) -> int:
        return hash(("JiebaTokenizer", self.emit))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        subwords = self.emit != "words" and mode != "query"
        whole = self.emit != "subwords" or mode == "query"
        segmenter = self.segmenter()
        for pos, (word, offset) in enumerate(segmenter.cut(value), start=start_pos):
            pieces: Iterable[tuple[str, int]] = ((word, 0),) if whole else ()
            if subwords:
                pieces = itertools.chain(pieces, segmenter.sub_words(word))
            for text, inner in pieces:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + offset + inner
                    token.endchar = token.startchar + len(text)
                yield token


class CharNgramTokenizer(Tokenizer):
    """1- and 2-character n-grams of the normalised text, whitespace removed.

    Both grams starting at character i sit at position i, so the 2-grams of a query
    string form a phrase: 1/3 → "1/", "/3" at consecutive positions.
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CharNgramTokenizer)

    def __hash__(self) -> int:
        return hash("CharNgramTokenizer")

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        kept = [(i, ch) for i, ch in enumerate(normalize_for_match(value)) if not ch.isspace()]
        for n, (offset, ch) in enumerate(kept):
            grams = [(ch, offset, offset + 1)]
            if n + 1 < len(kept):
                grams.append((ch + kept[n + 1][1], offset, kept[n + 1][0] + 1))
            for text, begin, end in grams:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = text
                if positions:
                    token.pos = start_pos + n
                if chars:
                    token.startchar = start_char + begin
                    token.endchar = start_char + end
                yield token


def ngram_sequence(text: str) -> list[str]:
    """The 2-grams that spell `text` in the n-gram field (the 1-gram when it is one character)."""
    kept = [ch for ch in normalize_for_match(text) if not ch.isspace()]
    if len(kept) <= 1:
        return kept
    return [kept[i] + kept[i + 1] for i in range(len(kept) - 1)]


def word_analyzer() -> JiebaTokenizer:
    return JiebaTokenizer("words")


def subword_analyzer() -> JiebaTokenizer:
    return JiebaTokenizer("subwords")


def all_words_analyzer() -> JiebaTokenizer:
    return JiebaTokenizer("all")


def ngram_analyzer() -> CharNgramTokenizer:
    return CharNgramTokenizer()
