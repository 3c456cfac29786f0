"""One search's plan: the clauses holding each concept of a query, and their BM25F scores.

Concepts come from index.expansion; postings from index.postings; the order from index.ranking.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .analysis import JiebaTokenizer
from .expansion import Alternative, Concept, ExpandedQuery, expand_terms, load_tables
from .postings import Postings, PostingsCache
from .query import ParsedQuery, has_symbols, needs_ngrams, segment

# What a query word found in each field is worth. Whole jieba words in the clause's own
# text count most; a sub-word (民政 inside 人民政府) or a bare string match less, so
# whole-word matches rank first; the heading chain and the document's title or place
# help, but never outweigh the clause's own words.
FIELD_BOOSTS = {
    "text": 4.0, "text_sub": 1.6, "headings": 1.2, "lead": 1.2, "text_ngram": 1.2, "title": 0.5, "place": 0.5,
}
OWN_FIELDS = ("text", "text_sub", "headings", "lead")
DOCUMENT_FIELDS = ("title", "place")
CONTIGUOUS_BOOST = 1.5  # a typed run of words found standing together
PHRASE_BOOST = 4.0  # a "quoted phrase", worth a whole word
HINT_BOOST = 1.5  # words answers are written with (每, 日内, 罚款 for 多久, 怎么处罚); never required
SUBSTRINGS_BELOW = 500  # a dictionary word is also looked for inside other words when rarer than this
# A title or place word in more than this share of the index's entries tells clauses nothing apart.
COMMON_DOCUMENT_WORD = 0.2
DOCUMENT_CREDIT = 0.8  # coverage credit of a concept found only in the clause's document title
# Coverage credit of a broader form (主席团 for 乡镇人大主席团) in a clause whose document title
# says what the broader form leaves out (《…乡镇人民代表大会工作条例》): nearly the concept itself.
TITLE_QUALIFIED_CREDIT = 0.9
# Fuzzy terms look only at words sharing their first character, and at most this many of them.
MAX_FUZZY_EXAMINED = 5000


@dataclass
class Match:
    """The clauses holding something, and how to score it in each of them."""

    docs: set[int] = field(default_factory=set)
    terms: list[tuple[str, Postings, float]] = field(default_factory=list)  # (field, postings, boost)
    strings: list[tuple[frozenset[int], float]] = field(default_factory=list)  # (clauses, boost)


@dataclass
class ConceptMatch:
    concept: Concept
    alternatives: list[tuple[list[Match], float]]  # per alternative: its parts, and its boost
    own: set[int]  # clauses with the concept in their own words
    document: Match  # … or in their document's title or place
    credit: dict[int, float]  # per clause, how fully it has the concept: the best alternative's weight
    required: bool = False  # a place (南京, 北京): the clause's document must be there


@dataclass
class QueryPlan:
    """What one search looks for: per concept (and quoted phrase) the clauses that have it, and how to score."""

    expanded: ExpandedQuery
    concepts: list[ConceptMatch]
    phrases: list[Match]
    bonuses: list[Match]  # contiguous runs and hints: scored, never required
    words: list[str]  # every form looked for, to highlight
    cache: PostingsCache
    reader: Any
    preferred: set[int] = field(default_factory=set)  # clauses of the kind the question asks for

    @property
    def own(self) -> list[set[int]]:
        return [c.own for c in self.concepts] + [p.docs for p in self.phrases]

    @property
    def matched(self) -> list[set[int]]:
        return [c.own | c.document.docs for c in self.concepts] + [p.docs for p in self.phrases]

    @property
    def credits(self) -> list[dict[int, float]]:
        return [c.credit for c in self.concepts] + [dict.fromkeys(p.docs, 1.0) for p in self.phrases]

    @property
    def weights(self) -> list[float]:
        return [self.cache.idf(len(found)) for found in self.matched]

    def topical(self, docnums: set[int], floor: float) -> set[int]:
        """Those of `docnums` covering at least `floor` of what the query is about besides its place
        (南京, 北京), by weight: 文明 alone is a small part of 天津 文明养犬."""
        # A word no clause has (a typo) cannot be covered: it does not count.
        places = [c.required for c in self.concepts] + [False] * len(self.phrases)
        about = [
            (credit, weight)
            for credit, weight, found, place in zip(self.credits, self.weights, self.matched, places, strict=True)
            if found and not place
        ]
        total = sum(w for _, w in about)
        if not total:
            return set(docnums)
        return {d for d in docnums if sum(w * c.get(d, 0.0) for c, w in about) / total >= floor - 1e-9}

    def having_every_concept(self, docnums: Iterable[int]) -> list[int]:
        """Those of `docnums` with every concept in their own words, in any of its forms (a synonym,
        a split compound, another numeral), a place in their own words or their document's, and every
        quoted phrase.

        The strict reading of "what do the documents say on X": a clause that has only the
        document's title for a concept, or some of the query, is not on X.
        """
        have = [c.own | c.document.docs if c.required else c.own for c in self.concepts] + [p.docs for p in self.phrases]
        return [d for d in docnums if all(d in found for found in have)]

    @property
    def required(self) -> list[set[int]]:
        return [c.own | c.document.docs for c in self.concepts if c.required]

    def score(self, docnums: Iterable[int]) -> dict[int, float]:
        """The text score of each clause: its best alternative of every concept, phrases and bonuses."""
        chosen = list(docnums)
        scores = dict.fromkeys(chosen, 0.0)
        for concept in self.concepts:
            best: dict[int, float] = {}
            for parts, boost in concept.alternatives:
                inside = [d for d in chosen if all(d in part.docs for part in parts)]
                if not inside:
                    continue
                total = dict.fromkeys(inside, 0.0)
                for part in parts:
                    for d, value in self._score(part, inside).items():
                        total[d] += value
                for d, value in total.items():
                    if value * boost > best.get(d, 0.0):
                        best[d] = value * boost
            for d, value in self._score(concept.document, [d for d in chosen if d in concept.document.docs]).items():
                best[d] = best.get(d, 0.0) + value
            for d, value in best.items():
                scores[d] += value
        for match in self.phrases + self.bonuses:
            for d, value in self._score(match, [d for d in chosen if d in match.docs]).items():
                scores[d] += value
        return scores

    def _score(self, match: Match, docnums: list[int]) -> dict[int, float]:
        scores = dict.fromkeys(docnums, 0.0)
        for name, postings, boost in match.terms:
            for d, value in self.cache.bm25(self.reader, name, postings, docnums).items():
                scores[d] += boost * value
        for found, boost in match.strings:
            idf = self.cache.idf(len(found))
            for d in docnums:
                if d in found:
                    scores[d] += boost * idf
        return scores


class IndexVocabulary:
    """The indexed words and sub-words, for bounded wildcards, fuzzy terms and "did you mean"
    (index.expansion.Vocabulary). Each field is read from the prefix on, never from its start."""

    def __init__(self, reader: Any, fieldnames: tuple[str, ...] = ("text", "text_sub")) -> None:
        self.reader = reader
        self.fieldnames = fieldnames

    def _words_from(self, prefix: str, examined: int) -> Iterator[str]:
        """Distinct words starting with `prefix`, reading at most `examined` terms in all."""
        seen: set[str] = set()
        for name in self.fieldnames:
            for term in itertools.islice(self.reader.expand_prefix(name, prefix), examined - len(seen)):
                word = term.decode("utf-8") if isinstance(term, bytes) else term
                if word not in seen:
                    seen.add(word)
                    yield word
            if len(seen) >= examined:
                return

    def words_with_prefix(self, prefix: str, limit: int) -> list[str]:
        return list(itertools.islice(self._words_from(prefix, limit), limit))

    def words_near(self, word: str, distance: int, limit: int) -> list[str]:
        found = []
        for candidate in self._words_from(word[:1], MAX_FUZZY_EXAMINED):
            if abs(len(candidate) - len(word)) <= distance and edit_distance(word, candidate, distance) <= distance:
                found.append(candidate)
                if len(found) == limit:
                    break
        return found


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is certainly above `limit`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


# -- matching ----------------------------------------------------------------------------------


def word_match(cache: PostingsCache, searcher: Any, word: str, substrings: bool = False) -> Match:
    """One jieba word in a clause's own fields; also as a string of characters where jieba may cut it apart."""
    reader = searcher.reader()
    match = Match()
    for name in OWN_FIELDS:
        postings = cache.term(reader, name, word)
        if postings:
            match.terms.append((name, postings, FIELD_BOOSTS[name]))
            match.docs.update(postings)
    # The string search is the costly part; a word found as a word in many clauses loses little without it.
    if needs_ngrams(word) or (substrings and len(match.docs) < SUBSTRINGS_BELOW):
        found = cache.string(searcher, word)
        if found:
            match.strings.append((found, FIELD_BOOSTS["text_ngram"]))
            match.docs.update(found)
    return match


def part_match(cache: PostingsCache, searcher: Any, part: str) -> Match:
    """One part of an alternative: all its words (a string as written when it has symbols)."""
    words = segment(part)
    if not words or has_symbols(part):
        found = cache.string(searcher, part)
        return Match(set(found), [], [(found, FIELD_BOOSTS["text"])])
    if len(words) == 1:
        return word_match(cache, searcher, words[0], substrings=len(words[0]) >= 3)
    # Several words (每三个月, 县人民代表大会): the expression as written, scored by its words.
    found = cache.string(searcher, part)
    matches = [word_match(cache, searcher, w) for w in words]
    return Match(set(found), [t for m in matches for t in m.terms], [(found, FIELD_BOOSTS["text_ngram"])])


def document_match(cache: PostingsCache, reader: Any, parts: Iterable[str]) -> tuple[Match, bool]:
    """Clauses whose document's title or place holds one of `parts`, and whether a place did."""
    match, place = Match(), False
    for part in parts:
        words = segment(part)
        if len(words) != 1 or has_symbols(part):
            continue
        for name in DOCUMENT_FIELDS:
            if reader.doc_frequency(name, words[0]) > COMMON_DOCUMENT_WORD * cache.doc_count:
                continue  # 条例, 人民代表大会: in half the titles
            postings = cache.term(reader, name, words[0])
            if postings:
                match.terms.append((name, postings, FIELD_BOOSTS[name]))
                match.docs.update(postings)
                place = place or name == "place"
    return match, place


def title_supplies(cache: PostingsCache, reader: Any, typed: str, broader: str) -> set[int]:
    """Clauses whose document title holds what `broader` leaves out of `typed`, in any of its forms.

    乡镇人大主席团 → 主席团 leaves out 乡镇人大, which a title may write 乡镇人民代表大会.
    """
    if broader == typed or broader not in typed:
        return set()
    rest = typed.replace(broader, "", 1)
    forms = [rest] + [r.replacement[0] for r in load_tables().rewrites.get(rest, ()) if len(r.replacement) == 1]
    found: set[int] = set()
    for form in forms:
        words = segment(form)
        if not words or has_symbols(form):
            continue
        docs = set(cache.term(reader, "title", words[0]))
        for word in words[1:]:
            docs.intersection_update(cache.term(reader, "title", word))
        found |= docs
    return found


def _word_count(alternative: Alternative) -> int:
    return sum(max(1, len(segment(part))) for part in alternative.parts)


def concept_match(cache: PostingsCache, searcher: Any, concept: Concept) -> ConceptMatch:
    """Each alternative's clauses; boosts that keep an expansion below the typed form.

    An expansion is worth its weight, and no more than the typed form's idf and word count
    allow, so a clause with what was typed never scores below an equal clause with a synonym.
    """
    alternatives = []
    for alternative in concept.alternatives:
        parts = [part_match(cache, searcher, part) for part in alternative.parts]
        alternatives.append((parts, set.intersection(*(p.docs for p in parts)) if parts else set()))
    typed_docs = alternatives[0][1]
    typed_idf, typed_words = cache.idf(len(typed_docs)), _word_count(concept.alternatives[0])
    weighted = []
    for i, (alternative, (parts, docs)) in enumerate(zip(concept.alternatives, alternatives, strict=True)):
        boost = 1.0
        if i:
            rarer = typed_idf / max(cache.idf(len(docs)), 1e-9)
            boost = alternative.weight * min(1.0, rarer, typed_words / _word_count(alternative))
        weighted.append((parts, boost))
    own = set().union(*(docs for _, docs in alternatives))
    single = [a.parts[0] for a in concept.alternatives if len(a.parts) == 1]
    document, place = document_match(cache, searcher.reader(), single)
    # A clause with only the document's title or place has the concept less fully than its own words.
    credit = dict.fromkeys(document.docs, 1.0 if place else DOCUMENT_CREDIT)
    ordered = sorted(zip(concept.alternatives, alternatives, strict=True), key=lambda a: a[0].weight)
    for alternative, (_, docs) in ordered:  # the best alternative a clause has, last
        credit.update(dict.fromkeys(docs, alternative.weight))
    for alternative, (_, docs) in zip(concept.alternatives, alternatives, strict=True):
        if alternative.origin == "broader" and len(alternative.parts) == 1 and docs:
            for d in docs & title_supplies(cache, searcher.reader(), concept.typed, alternative.parts[0]):
                credit[d] = max(credit[d], TITLE_QUALIFIED_CREDIT)
    return ConceptMatch(concept, weighted, own, document, credit, required=place)


def plan_query(searcher: Any, parsed: ParsedQuery, cache: PostingsCache) -> QueryPlan:
    """Expand the query's terms and find each concept's clauses (scoring waits for the candidates)."""
    reader = searcher.reader()
    expanded = expand_terms(parsed.terms, JiebaTokenizer.segmenter(), IndexVocabulary(reader))
    concepts = [concept_match(cache, searcher, c) for c in expanded.concepts]
    words = [
        part
        for match in concepts
        for alternative, (parts, _) in zip(match.concept.alternatives, match.alternatives, strict=True)
        if set.intersection(*(p.docs for p in parts))
        for part in alternative.parts
    ]
    phrases = []
    for phrase in parsed.phrases:
        found = set(cache.string(searcher, phrase, segment(phrase))) | set(cache.string(searcher, phrase))
        phrases.append(Match(found, [], [(frozenset(found), PHRASE_BOOST)]))
        words.append(phrase)
    bonuses = []
    for text in expanded.contiguous:
        found = cache.string(searcher, text)  # as a string: jieba may cut it differently in a clause
        bonuses.append(Match(set(found), [], [(found, CONTIGUOUS_BOOST)]))
    for hint in expanded.hints:
        found = cache.string(searcher, hint.typed)
        bonuses.append(Match(set(found), [], [(found, HINT_BOOST)]))
    preferred = set().union(*(cache.string(searcher, w) for w in expanded.prefer)) if expanded.prefer else set()
    return QueryPlan(expanded, concepts, phrases, bonuses, words, cache, reader, preferred)


def excluded_docs(cache: PostingsCache, searcher: Any, excluded: list[str]) -> set[int]:
    """Clauses holding any -excluded text as written."""
    return set().union(*(cache.string(searcher, text) for text in excluded)) if excluded else set()
