"""What a typed term stands for: concepts with their alternative forms, read when a query is.

Question words become hints, synonyms and abbreviations (index/data/synonyms.toml and the
unit aliases), numerals in both scripts, compound words split, bounded wildcards and fuzzy terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Protocol

from .core.data import read_data
from .core.numerals import chinese_number, parse_number

# Weight of each kind of alternative, the typed form being 1. Every expansion scores
# below the typed form (see query.concept_query, which also evens out idf).
WEIGHTS = {
    "typed": 1.0,
    "numeral": 0.95,
    "synonym": 0.9,
    "alias": 0.9,
    "parts": 0.8,
    "wildcard": 0.8,
    "split": 0.7,
    "fuzzy": 0.7,
    "broader": 0.6,
}
MAX_ALTERNATIVES = 16  # per concept
# Wildcards and fuzzy terms: never a walk over the whole vocabulary.
MIN_WILDCARD_PREFIX = 2  # characters before the *
MAX_EXPANSIONS = 32  # words a wildcard or fuzzy term may stand for
MAX_EDIT_DISTANCE = 2
_WILDCARD = re.compile(r"^(?P<stem>[^*＊?？]+)[*＊]$")
_FUZZY = re.compile(r"^(?P<stem>[^~～]+)[~～](?P<distance>[0-9])?$")
# A number counts when a measure word follows it: 一次, 两个月, 30日, not 一律 or 统一.
_MEASURES = "次个日天年月周名人位件条款项倍届岁米元万千百%"
_CHINESE_NUMBER = re.compile(rf"[零〇一二两三四五六七八九十百千]+(?=[{_MEASURES}])")
_ARABIC_NUMBER = re.compile(rf"(?<![0-9.])[0-9]+(?![0-9.])(?=[{_MEASURES}])")
# Punctuation between the words of one term separates concepts (人大、政府); other symbols stay (1/3).
_SENTENCE_PUNCTUATION = re.compile(r"[，。、；：！？,;!?]+")


class Vocabulary(Protocol):
    """The indexed words, for wildcards and fuzzy terms (search.py implements it over Whoosh)."""

    def words_with_prefix(self, prefix: str, limit: int) -> list[str]: ...

    def words_near(self, word: str, distance: int, limit: int) -> list[str]: ...


class WordSplitter(Protocol):
    def words(self, text: str) -> list[str]: ...

    def split_word(self, word: str) -> list[str]: ...


@dataclass(frozen=True)
class Alternative:
    """One way a concept may be written: every part must be in the clause."""

    parts: tuple[str, ...]
    weight: float
    origin: str


@dataclass
class Concept:
    typed: str
    alternatives: list[Alternative]  # the typed form first

    def forms(self) -> list[str]:
        return [part for alt in self.alternatives for part in alt.parts]


@dataclass
class ExpandedQuery:
    concepts: list[Concept] = field(default_factory=list)  # what the clause must be about
    hints: list[Concept] = field(default_factory=list)  # how answers are worded: scored, never required
    contiguous: list[str] = field(default_factory=list)  # typed runs of 2+ words: a bonus where they stand together
    intents: set[str] = field(default_factory=set)
    prefer: list[str] = field(default_factory=list)  # the kind of clause asked for (怎么处罚 → 罚款, 责令 …)


# -- the tables ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    replacement: tuple[str, ...]  # one form, or the parts of an abbreviation
    origin: str


@dataclass(frozen=True)
class Question:
    hints: tuple[str, ...] = ()
    intent: str = ""
    prefer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tables:
    rewrites: dict[str, tuple[Rewrite, ...]]  # a form → what it may be rewritten to
    whole_word_only: frozenset[str]  # keys matched only as a whole query word
    questions: dict[tuple[str, ...], Question]  # word sequence → what it asks for
    longest_question: int
    function_words: frozenset[str] = frozenset()

    @cached_property
    def asking_words(self) -> frozenset[str]:
        """Words that ask rather than say what is sought (怎么, 多久, 哪些, 的): a clause is not
        worded with them, so the index not knowing them is no typo."""
        return self.function_words | frozenset(word for words in self.questions for word in words)


def _add(rewrites: dict[str, list[Rewrite]], key: str, rewrite: Rewrite) -> None:
    if key and rewrite.replacement != (key,):
        bucket = rewrites.setdefault(key, [])
        if all(r.replacement != rewrite.replacement for r in bucket):
            bucket.append(rewrite)


def build_tables(synonyms: dict, unit_aliases: dict, query_words: dict) -> Tables:
    rewrites: dict[str, list[Rewrite]] = {}
    whole: set[str] = set()
    groups = [(list(g), "synonym") for g in synonyms.get("equivalent", [])]
    # The unit aliases: canonical name and its variants mean the same unit.
    groups += [([c, *v], "alias") for c, v in unit_aliases.get("aliases", {}).items() if v]
    for forms, origin in groups:
        for form in forms:
            for other in forms:
                if other != form:
                    _add(rewrites, form, Rewrite((other,), origin))
    for key, forms in synonyms.get("broader", {}).items():
        for form in forms:
            _add(rewrites, key, Rewrite((form,), "broader"))
    for key, parts in synonyms.get("parts", {}).items():
        _add(rewrites, key, Rewrite(tuple(parts), "parts"))
        whole.add(key)
    whole |= {key for key in rewrites if len(key) == 1}
    questions: dict[tuple[str, ...], Question] = {}
    for entry in query_words.get("question", []):
        question = Question(tuple(entry.get("hints", [])), entry.get("intent", ""), tuple(entry.get("prefer", [])))
        for words in entry["words"]:
            questions[tuple(words.split())] = question
    return Tables(
        rewrites={k: tuple(v) for k, v in rewrites.items()},
        whole_word_only=frozenset(whole),
        questions=questions,
        longest_question=max((len(k) for k in questions), default=1),
        function_words=frozenset(query_words.get("function_words", {}).get("words", [])),
    )


@cache
def load_tables() -> Tables:
    return build_tables(read_data("synonyms.toml"), read_data("unit_aliases.toml"), read_data("query_words.toml"))


# -- numerals --------------------------------------------------------------------------------


def numeral_variants(text: str) -> list[str]:
    """`text` with its counted numbers in the other script: 一次 → 1次, 两个月 → 2个月, 30日 → 三十日."""
    variants = []
    converted = _CHINESE_NUMBER.sub(lambda m: _to_arabic(m[0]), text)
    if converted != text:
        variants.append(converted)
    converted = _ARABIC_NUMBER.sub(lambda m: chinese_number(int(m[0])) if int(m[0]) < 10000 else m[0], text)
    if converted != text:
        variants.append(converted)
        if "二" in converted:  # 2个月 is written 两个月 as often as 二个月
            variants.append(converted.replace("二", "两"))
    return variants


_SLASH_FRACTION = re.compile(r"^([0-9]+)/([0-9]+)$")
_PERCENT = re.compile(r"^([0-9]+)%$")
_CN_FRACTION = re.compile(r"^([零〇一二两三四五六七八九十百千]+)分之([零〇一二两三四五六七八九十百千]+)$")
_CN_PERCENT = re.compile(r"^百分之([零〇一二两三四五六七八九十百千]+)$")


def ratio_variants(text: str) -> list[str]:
    """A share in the other script: 1/3 ↔ 三分之一, 60% ↔ 百分之六十 (documents write both)."""
    if m := _SLASH_FRACTION.match(text):
        numerator, denominator = int(m[1]), int(m[2])
        return [f"{chinese_number(denominator)}分之{chinese_number(numerator)}"] if 0 < denominator < 10000 else []
    if m := _PERCENT.match(text):
        return [f"百分之{chinese_number(int(m[1]))}"] if int(m[1]) < 10000 else []
    if m := _CN_PERCENT.match(text):  # before 分之: 百分之六十 is not a fraction with denominator 百
        value = parse_number(m[1])
        return [f"{int(value)}%"] if value is not None and float(value).is_integer() else []
    if m := _CN_FRACTION.match(text):
        denominator, numerator = parse_number(m[1]), parse_number(m[2])
        if numerator is None or not denominator or not all(float(v).is_integer() for v in (numerator, denominator)):
            return []
        return [f"{int(numerator)}/{int(denominator)}"]
    return []


def _to_arabic(text: str) -> str:
    value = parse_number(text)
    return str(int(value)) if value is not None and float(value).is_integer() else text


# -- expansion -------------------------------------------------------------------------------


def expand_terms(
    terms: Sequence[str], splitter: WordSplitter, vocabulary: Vocabulary | None = None, tables: Tables | None = None
) -> ExpandedQuery:
    """The concepts, hints and intents of the plain terms of a query."""
    tables = tables or load_tables()
    expanded = ExpandedQuery()
    asking_only: list[list[str]] = []  # terms of nothing but question words (预算审查 谁负责: the 谁负责)
    for term in (t for typed in terms for t in _SENTENCE_PUNCTUATION.split(typed) if t):
        special = _special_term(term, vocabulary)
        if special is not None:
            expanded.concepts.append(special)
            continue
        if any(not ch.isalnum() and not ch.isspace() for ch in term):  # 1/3, 60%, 〔2024〕5号: as written
            shares = [Alternative((v,), WEIGHTS["numeral"], "numeral") for v in ratio_variants(term)]
            expanded.concepts.append(Concept(term, [Alternative((term,), 1.0, "typed"), *shares]))
            continue
        words = splitter.words(term)
        pieces, hints = _drop_question_words(words, tables, expanded)
        if not any(pieces):
            asking_only.append(words)
        expanded.hints += [Concept(h, [Alternative((h,), 1.0, "hint")]) for h in dict.fromkeys(hints)]
        for piece in pieces:
            _add_piece(expanded, piece, splitter, tables)
    if not expanded.concepts:  # the whole query is question words (谁负责, 怎么办): search them as typed
        expanded.hints = []
        for words in asking_only:
            _add_piece(expanded, words, splitter, tables)
    return expanded


def _add_piece(expanded: ExpandedQuery, piece: list[str], splitter: WordSplitter, tables: Tables) -> None:
    if not piece:
        return
    concepts = _piece_concepts(piece, splitter, tables)
    # Function words (的, 和, 向) say nothing a clause could be found by; they still
    # count where the typed words stand together.
    kept = [c for c in concepts if c.typed not in tables.function_words]
    expanded.concepts += kept or concepts
    if len(piece) > 1:
        expanded.contiguous.append("".join(piece))


def _special_term(term: str, vocabulary: Vocabulary | None) -> Concept | None:
    """A wildcard (预算*) or fuzzy term (预箅~, 预箅~2), bounded; None for a plain term."""
    wildcard, fuzzy = _WILDCARD.match(term), _FUZZY.match(term)
    if wildcard:
        stem = wildcard["stem"]
        typed = Concept(stem, [Alternative((stem,), 1.0, "typed")])
        if len(stem) < MIN_WILDCARD_PREFIX or vocabulary is None:
            return typed
        words = vocabulary.words_with_prefix(stem, MAX_EXPANSIONS)
        typed.alternatives += [Alternative((w,), WEIGHTS["wildcard"], "wildcard") for w in words if w != stem]
        return typed
    if fuzzy:
        stem = fuzzy["stem"]
        distance = min(int(fuzzy["distance"] or 1), MAX_EDIT_DISTANCE)
        typed = Concept(stem, [Alternative((stem,), 1.0, "typed")])
        if len(stem) < 2 or vocabulary is None:
            return typed
        words = vocabulary.words_near(stem, distance, MAX_EXPANSIONS)
        typed.alternatives += [Alternative((w,), WEIGHTS["fuzzy"], "fuzzy") for w in words if w != stem]
        return typed
    return None


def _drop_question_words(
    words: list[str], tables: Tables, expanded: ExpandedQuery
) -> tuple[list[list[str]], list[str]]:
    """The runs of words between question words, and the hints those question words give."""
    pieces: list[list[str]] = [[]]
    hints: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(tables.longest_question, len(words) - i), 0, -1):
            found = tables.questions.get(tuple(words[i : i + size]))
            if found is not None:
                hints += found.hints
                if found.intent:
                    expanded.intents.add(found.intent)
                expanded.prefer += [w for w in found.prefer if w not in expanded.prefer]
                pieces.append([])
                i += size
                break
        else:
            pieces[-1].append(words[i])
            i += 1
    return [p for p in pieces if p], hints


def _occurrences(text: str, words: list[str], tables: Tables) -> list[tuple[int, int, str]]:
    """(start, end, key) of every table key in `text`; one-character and parts keys only as whole words."""
    starts, position = set(), 0
    for word in words:
        starts.add((position, position + len(word)))
        position += len(word)
    found = []
    for key in tables.rewrites:
        start = text.find(key)
        while start >= 0:
            end = start + len(key)
            if key not in tables.whole_word_only or (start, end) in starts:
                found.append((start, end, key))
            start = text.find(key, start + 1)
    return found


def _piece_concepts(words: list[str], splitter: WordSplitter, tables: Tables) -> list[Concept]:
    """One concept per word, words joined where a table key runs across them (县委 + 办 = 县委办)."""
    text = "".join(words)
    bounds, position = [], 0
    for word in words:
        bounds.append((position, position + len(word)))
        position += len(word)
    occurrences = _occurrences(text, words, tables)
    # Union the words each occurrence overlaps.
    owner = list(range(len(words)))

    def root(i: int) -> int:
        while owner[i] != i:
            i = owner[i]
        return i

    for start, end, _ in occurrences:
        touched = [i for i, (a, b) in enumerate(bounds) if a < end and start < b]
        for i in touched[1:]:
            owner[root(i)] = root(touched[0])
    spans: dict[int, list[int]] = {}
    for i in range(len(words)):
        spans.setdefault(root(i), []).append(i)
    concepts = []
    for members in sorted(spans.values()):
        begin, end = bounds[members[0]][0], bounds[members[-1]][1]
        inside = [o for o in occurrences if begin <= o[0] and o[1] <= end]
        concepts.append(_concept(text[begin:end], begin, inside, splitter, tables))
    return concepts


def _concept(
    typed: str, offset: int, occurrences: Iterable[tuple[int, int, str]], splitter: WordSplitter, tables: Tables
) -> Concept:
    alternatives: dict[tuple[str, ...], Alternative] = {}

    def add(parts: tuple[str, ...], origin: str, weight: float | None = None) -> None:
        parts = tuple(p for p in parts if p)
        if not parts:
            return
        alternative = Alternative(parts, WEIGHTS[origin] if weight is None else weight, origin)
        current = alternatives.get(parts)
        if current is None or current.weight < alternative.weight:
            alternatives[parts] = alternative

    add((typed,), "typed")
    for start, end, key in sorted(occurrences, key=lambda o: (o[0], -(o[1] - o[0]))):
        before, after = typed[: start - offset], typed[end - offset :]
        for rewrite in tables.rewrites[key]:
            if len(rewrite.replacement) == 1:
                add((before + rewrite.replacement[0] + after,), rewrite.origin)
            else:  # the parts of an abbreviation, each on its own; what surrounds it stays
                rest = before + after
                add((rest, *rewrite.replacement) if rest else rewrite.replacement, rewrite.origin)
    for alternative in list(alternatives.values()):
        if len(alternative.parts) == 1:
            shares = ratio_variants(alternative.parts[0])
            for variant in shares or numeral_variants(alternative.parts[0]):
                add((variant,), "numeral", alternative.weight * WEIGHTS["numeral"])
    pieces = splitter.split_word(typed) if len(splitter.words(typed)) == 1 else []
    if pieces:
        add(tuple(pieces), "split")
    ranked = sorted(alternatives.values(), key=lambda a: (a.origin != "typed", -a.weight))
    return Concept(typed, ranked[:MAX_ALTERNATIVES])
