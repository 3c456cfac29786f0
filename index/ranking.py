"""How matching clauses are ordered: the share of the query each covers, and priors on the clause.

Pure arithmetic over docnum sets and scores; search.py feeds it from Whoosh.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# A clause must cover at least this share of the query's weight (each concept weighted
# by its idf) to count as a match, so a long question still finds the clause that has
# its rare words but not 开 or 一次; a one-concept query needs that concept.
COVERAGE_FLOOR = 0.6
# When fewer than a page of clauses reach the floor, the page is filled with clauses nearest
# to it, but only those covering at least this share of the query's subject (its place aside).
FILL_FLOOR = 0.3
FILL_POOL = 20  # partial matches scored per clause wanted, to pick those filling the page
# Final score = text score × coverage ** COVERAGE_POWER × prior.
COVERAGE_POWER = 3.0
# A section heading (第四章 选区划分) is a signpost to provisions, not a provision.
SECTION_PRIOR = 0.35
# A question asking who is responsible prefers clauses with a task assignment.
RESPONSIBILITY_PRIOR = 1.6
# A question asking for a list (哪些事项…) prefers the sentence that introduces the items
# (下列事项应当…：) over any one item.
LIST_PRIOR = 1.6
# A clause of a document on congress or party-committee work itself (index/data/core_documents.toml)
# is a little more likely what a user of this knowledge base means than a civic regulation's.
CORE_DOCUMENT_PRIOR = 1.2
# A question asking for a kind of clause (怎么处罚: a penalty) prefers clauses of that kind.
PREFER_PRIOR = 1.5


def concept_weight(document_frequency: int, total: int) -> float:
    """The idf of a concept: rare concepts decide coverage, common ones barely count."""
    return math.log(1.0 + total / (1.0 + document_frequency))


@dataclass
class Coverage:
    shares: dict[int, float]  # docnum → covered share of the query weight, for every candidate

    def at_least(self, floor: float) -> list[int]:
        return [d for d, share in self.shares.items() if share >= floor - 1e-9]


def measure_coverage(
    candidates: Iterable[int], credits: Sequence[Mapping[int, float]], weights: Sequence[float]
) -> Coverage:
    """The weighted share of the concepts each candidate has; a concept had only through a weaker
    alternative (a split compound, a broader word) counts for that alternative's weight."""
    total = sum(weights) or 1.0
    shares = {}
    for docnum in candidates:
        shares[docnum] = sum(w * credit.get(docnum, 0.0) for credit, w in zip(credits, weights, strict=True)) / total
    return Coverage(shares)


def select_matches(coverage: Coverage, fill: int = 1, topical: set[int] | None = None) -> list[int]:
    """Clauses above the coverage floor; when fewer than `fill`, those nearest to the best-covered one.

    A query with a word no clause has (a typo, an unknown name) still answers with what
    the rest of it finds, next to its "did you mean". Below the floor only `topical`
    clauses (covering FILL_FLOOR of the query besides its place) are taken: 天津 alone,
    or 天津 with 文明, is no answer to 天津 文明养犬.
    """
    chosen = coverage.at_least(COVERAGE_FLOOR)
    if len(chosen) >= fill or not coverage.shares:
        return chosen
    near = Coverage({d: s for d, s in coverage.shares.items() if topical is None or d in topical or s >= COVERAGE_FLOOR})
    if not near.shares:
        return chosen
    best = max(near.shares.values())
    relative = near.at_least(COVERAGE_FLOOR * best)
    if len(relative) >= fill:
        return relative
    # A pool of the best-covered, for the text score to choose from (trim_fill): many clauses
    # cover a query equally (代表 and 选民 without 述职), and the tie is no ranking.
    return sorted(near.shares, key=lambda d: -near.shares[d])[: fill * FILL_POOL]


def _match_floor(docnums: Iterable[int], coverage: Coverage) -> float:
    """The share a clause needs to count as a match (select_matches): the floor, or near the
    best-covered clause when none reaches the floor."""
    best = max((coverage.shares.get(d, 0.0) for d in docnums), default=0.0)
    return min(COVERAGE_FLOOR, COVERAGE_FLOOR * best) - 1e-9


def partial_matches(scores: Mapping[int, float], coverage: Coverage) -> set[int]:
    """The clauses that only fill up a page: below the share a match needs."""
    floor = _match_floor(scores, coverage)
    return {d for d in scores if coverage.shares.get(d, 0.0) < floor}


def trim_fill(scores: Mapping[int, float], coverage: Coverage, fill: int) -> dict[int, float]:
    """The clauses that count as matches (select_matches: above the floor, or near the best-covered
    when none is) and, to make up `fill`, the best-scoring of the rest."""
    floor = _match_floor(scores, coverage)
    full = {d: s for d, s in scores.items() if coverage.shares.get(d, 0.0) >= floor}
    rest = sorted((d for d in scores if d not in full), key=lambda d: (-scores[d], d))
    full.update((d, scores[d]) for d in rest[: max(0, fill - len(full))])
    return full


def final_scores(
    docnums: Iterable[int],
    scores: Mapping[int, float],
    coverage: Coverage,
    priors: Mapping[int, float],
) -> dict[int, float]:
    return {
        d: scores.get(d, 0.0) * coverage.shares.get(d, 0.0) ** COVERAGE_POWER * priors.get(d, 1.0) for d in docnums
    }


def order_by_score(scores: Mapping[int, float]) -> list[int]:
    # Ties go to index order, which is document order: stable and reproducible.
    return sorted(scores, key=lambda d: (-scores[d], d))
