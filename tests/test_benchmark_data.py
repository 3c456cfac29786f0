"""The relevance benchmark's judged queries and metrics: the data is sound and the arithmetic right.

Judgments are checked against the raw source texts (tests/sources) and, when corpus/ holds documents, against it.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from bench_util import relevance_bench

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO / "tests" / "sources"
CORPUS = REPO / "corpus"
PROVINCES = ("上海", "北京", "山东", "广东", "河南", "浙江", "重庆")


bench = relevance_bench()
QUERY_SET = bench.load_queries()
QUERIES = QUERY_SET.queries
HELDOUT_SET = bench.load_queries(bench.HELDOUT_FILE)
# The checks on the judgments hold for both files; size and spread are the main set's.
SETS = {"queries": QUERY_SET, "heldout": HELDOUT_SET}
each_set = pytest.mark.parametrize("query_set", list(SETS.values()), ids=list(SETS))


def judgments(query_set) -> list:
    return [(q, j) for q in query_set.queries for j in q.relevant]


@cache
def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def sources_holding(judgment, query_set=QUERY_SET) -> list[Path]:
    return [p for p in bench.source_files(judgment, query_set.seed_documents, SHARED) if judgment.text in read(p)]


# ------------------------------------------------------------------- the data


def test_queries_are_many_and_varied() -> None:
    assert len(QUERIES) >= 70
    ids = Counter(q.id for q in QUERIES)
    assert not [i for i, n in ids.items() if n > 1], "query ids must be unique"
    users = Counter(q.user for q in QUERIES)
    assert set(users) == set(bench.USER_TYPES)
    assert min(users.values()) >= 10, users
    assert {q.family for q in QUERIES} == set(bench.FAMILIES)
    assert sum(len(q.q) <= 2 for q in QUERIES) >= 3, "short queries (1-2 characters) are part of the brief"
    assert sum(any(ch.isdigit() for ch in q.q) for q in QUERIES) >= 3, "number queries are part of the brief"


def test_the_heldout_queries_are_new_and_judged_exhaustively() -> None:
    held = HELDOUT_SET.queries
    assert len(held) >= 15
    assert {q.user for q in held} == set(bench.USER_TYPES)
    assert {q.family for q in held} == set(bench.FAMILIES)
    assert all(q.origin == "exhaustive" for q in held)
    assert not {q.id for q in held} & {q.id for q in QUERIES}
    assert not {q.q for q in held} & {q.q for q in QUERIES}, "a held-out query must not be one tuned on"
    assert len({q.id for q in held}) == len(held)


@each_set
def test_every_query_has_a_direct_answer(query_set) -> None:
    for query in query_set.queries:
        assert query.relevant, query.id
        assert all(j.grade in (1, 2) for j in query.relevant), query.id
        assert any(j.grade == 2 for j in query.relevant), query.id
        texts = [(j.doc, j.text) for j in query.relevant]
        assert len(texts) == len(set(texts)), f"{query.id}: a clause judged twice"


@each_set
def test_every_query_says_what_it_needs(query_set) -> None:
    """The judge's brief: what the user wants and what counts as relevant, written before judging."""
    for query in query_set.queries:
        assert len(query.need) >= 20, query.id
        assert query.origin in ("", "exhaustive"), query.id


@each_set
def test_judged_texts_are_short_distinctive_strings(query_set) -> None:
    for query, judgment in judgments(query_set):
        assert 8 <= len(judgment.text) <= 30, (query.id, judgment.text)
        assert judgment.text == judgment.text.strip() and "\n" not in judgment.text, (query.id, judgment.text)


@each_set
def test_seed_documents_table_points_at_files(query_set) -> None:
    assert len(query_set.seed_documents) == 9
    for title, path in query_set.seed_documents.items():
        assert (SHARED / path).is_file(), (title, path)


@each_set
def test_every_judged_text_occurs_in_its_intended_source(query_set) -> None:
    missing = []
    for query, judgment in judgments(query_set):
        if not bench.source_files(judgment, query_set.seed_documents, SHARED):
            missing.append((query.id, judgment.doc, "no source file matches doc"))
        elif not sources_holding(judgment, query_set):
            missing.append((query.id, judgment.doc, judgment.text))
    assert not missing, missing


def test_judgments_cover_every_region_family() -> None:
    seeds, provinces, cities = set(), set(), set()
    for _, judgment in judgments(QUERY_SET):
        for path in sources_holding(judgment):
            if path.parent.name == "seeds":
                seeds.add(judgment.doc)
            elif path.parent.name == "local-rules":
                provinces.add(path.name.split("_")[0])
            else:
                cities.add(path.name.split("_")[0])
    assert seeds == set(QUERY_SET.seed_documents), "every seed document has judged clauses"
    assert provinces == set(PROVINCES)
    assert len(cities) >= 20


def _corpus_documents():
    from index.corpus import read_corpus

    return list(read_corpus(CORPUS)) if CORPUS.is_dir() else []


@each_set
def test_every_judgment_finds_its_clause_in_the_corpus(query_set) -> None:
    documents = _corpus_documents()
    bodies = {d.id: bench.compact(d.body) for d in documents}
    problems = []
    for query in query_set.queries:
        for resolved in bench.resolve_judgments(query, documents, bodies):
            if not resolved.doc_ids:
                problems.append((query.id, resolved.judgment.text, "text not in corpus"))
            elif resolved.fallback:
                problems.append((query.id, resolved.judgment.doc, "no corpus title contains doc"))
    assert not problems, problems


@each_set
def test_every_judged_text_lies_inside_one_parsed_clause(query_set) -> None:
    """A hit counts when its clause holds the judged text, so a text across two clauses could never count."""
    from index.core.structure import parse_clauses
    from index.schema import clause_content

    documents = _corpus_documents()
    if not documents:
        pytest.skip("no bundled corpus")
    bodies = {d.id: bench.compact(d.body) for d in documents}
    by_id = {d.id: d for d in documents}
    contents: dict[str, list[str]] = {}
    problems = []
    for query in query_set.queries:
        for resolved in bench.resolve_judgments(query, documents, bodies):
            for doc_id in resolved.doc_ids:
                if doc_id not in contents:
                    contents[doc_id] = [bench.compact(clause_content(c.heading, c.text)) for c in parse_clauses(by_id[doc_id])]
            if resolved.doc_ids and not any(resolved.needle in t for i in resolved.doc_ids for t in contents[i]):
                problems.append((query.id, resolved.judgment.doc, resolved.judgment.text))
    assert not problems, problems


# ---------------------------------------------------------------- the metrics


def test_recall_is_capped_at_the_cutoff() -> None:
    assert bench.recall_at([2, 0, 1, 0, 0, 2], total_relevant=3, k=5) == pytest.approx(2 / 3)
    assert bench.recall_at([2, 2, 2, 2, 2], total_relevant=12, k=5) == 1.0
    assert bench.recall_at([0, 0, 0, 0, 0, 2], total_relevant=1, k=5) == 0.0
    assert bench.recall_at([], total_relevant=0) == 0.0


def test_answer_recall_counts_grade_two_only_and_precision_counts_empty_places() -> None:
    assert bench.answer_recall_at([2, 1, 0, 2, 0], judged=[2, 2, 1]) == 1.0
    assert bench.answer_recall_at([1, 1, 2, 0, 0, 2], judged=[2, 2, 1]) == pytest.approx(1 / 2)
    assert bench.answer_recall_at([1], judged=[1, 1]) is None  # no direct answer judged
    assert bench.precision_at([2, 1, 0]) == pytest.approx(2 / 5)


def test_answered_needs_a_direct_answer_in_the_first_five() -> None:
    assert bench.answered_at([0, 0, 0, 0, 2], judged=[2, 1]) == 1.0
    assert bench.answered_at([1, 1, 1, 1, 1, 2], judged=[2, 1]) == 0.0  # context only, answer sixth
    assert bench.answered_at([0, 1], judged=[1, 1]) == 1.0  # no direct answer judged: context counts
    assert bench.answered_at([], judged=[2]) == 0.0


def test_reciprocal_rank_counts_the_first_relevant_hit() -> None:
    assert bench.reciprocal_rank([0, 0, 1, 2]) == pytest.approx(1 / 3)
    assert bench.reciprocal_rank([2]) == 1.0
    assert bench.reciprocal_rank([0] * 10 + [2]) == 0.0  # beyond the cutoff


def test_ndcg_on_hand_made_rankings() -> None:
    judged = [2, 1]
    assert bench.ndcg_at([2, 1, 0], judged) == pytest.approx(1.0)
    swapped = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert bench.ndcg_at([1, 2], judged) == pytest.approx(swapped)
    assert bench.ndcg_at([0, 2], [2]) == pytest.approx(1 / math.log2(3))
    assert bench.ndcg_at([0, 0], judged) == 0.0
    assert bench.ndcg_at([2, 2], []) == 0.0


def test_each_judged_clause_counts_once() -> None:
    resolved = [
        bench.ResolvedJudgment(bench.Judgment("甲", "常委会会议每两个月", 2), {"d1", "d2"}, bench.compact("常委会会议每两个月")),
        bench.ResolvedJudgment(bench.Judgment("甲", "会期不少于一天", 1), {"d1"}, bench.compact("会期不少于一天")),
    ]
    hits = [
        ("d2", "第三条 常委会会议每两个月至少举行一次。"),  # a duplicate document of d1 counts
        ("d1", "常委会会议每两个月至少举行一次"),  # the same clause again: no second gain
        ("d9", "会期不少于一天"),  # right text, wrong document
        ("d1", "会期不少于一天；有选举事项时适当延长"),
    ]
    grades, found = bench.grade_ranking(hits, resolved)
    assert grades == [2, 0, 0, 1]
    assert found == [0, 1]


def test_matching_ignores_width_and_line_breaks() -> None:
    assert bench.compact("（一）会期不少于\n一天，") == bench.compact("(一)会期不少于一天,")


def test_bigram_baseline_ranks_the_matching_clause_first() -> None:
    engine = bench.BigramBM25(["常务委员会会议每两个月至少举行一次", "代表建议三个月内答复", "人大工作经费"])
    assert engine.search("每两个月")[0] == 0
    assert engine.search("经费")[0] == 2
    assert engine.search("询")  == []


def test_the_report_gives_heldout_means_but_no_heldout_query() -> None:
    """Per-query detail of the held-out set would let ranking work look at it."""
    judged = [bench.ResolvedJudgment(bench.Judgment("甲", "常委会会议每两个月", 2), {"d1"}, bench.compact("常委会会议每两个月"))]

    def result(query_id: str, grades: list[int], system: str) -> object:
        query = bench.Query(query_id, f"查询{query_id}", "staff", "seed", [judged[0].judgment])
        return bench.QueryResult(query, system, grades, [0] if 2 in grades else [], judged)

    ours, base = [result("dev-q", [2], "rendakb")], [result("dev-q", [0], "baseline")]
    held = ([result("held-q", [0, 2], "rendakb")], [result("held-q", [0], "baseline")])
    report = bench.format_report(ours, base, {}, [], {}, None, held)
    section = report.split("### Held-out queries", 1)[1].split("\n\n### ", 1)[0]
    assert "| rendakb | 1 | 1.000 | 1.000 | 0.200 | 0.500 | 0.631 | 1.000 |" in section
    assert "| bigram BM25 baseline | 1 | 0.000 |" in section
    assert "held-q" not in report and "查询held-q" not in report
    assert "dev-q" in report  # the main set's worst queries are listed
    intervals = report.split("### How sure", 1)[1].split("\n\n### ", 1)[0]
    assert "| main (1) | 1.000 [1.000, 1.000] | 0.000 [0.000, 0.000] | +1.000 [+1.000, +1.000] |" in intervals
    assert "| held-out (1) | 1.000 [1.000, 1.000] |" in intervals


def test_bootstrap_interval_brackets_the_mean_and_narrows_with_more_queries() -> None:
    half = [0.0] * 50 + [1.0] * 50
    low, high = bench.bootstrap_interval(half)
    # the mean of 100 draws of a fair 0/1 has a standard error of 0.05: about ±0.1 at 95 %
    assert 0.38 < low < 0.45 and 0.55 < high < 0.62, (low, high)
    wider = bench.bootstrap_interval(half[::5])  # the same spread over 20 queries
    assert wider[0] < low and wider[1] > high
    assert bench.bootstrap_interval(half) == (low, high)  # seeded: the same report twice
    assert bench.bootstrap_interval([0.8] * 7) == pytest.approx((0.8, 0.8))
    assert bench.bootstrap_interval([]) == (0.0, 0.0)
