"""Would a learned re-ranking of rendakb's first hits help? An experiment, not part of rendakb.

Takes the first three pages of rendakb's hits for every main (tuned-on) query, describes each hit
by 19 features, and trains LightGBM's LambdaMART on them by 5-fold cross-validation over the
queries (three fold seeds): every query is scored by a model that never saw it. Prints Recall@5
of rendakb's order and of the re-ranked one, both as the first page the service would make of
them (at most three clauses a document), and the best re-ordering of the same candidates. The held-out queries are not asked.

    .venv/bin/pip install lightgbm      # not a dependency of rendakb
    .venv/bin/python benchmarks/learned_rerank.py --index /tmp/rk-idx
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance_bench as rb  # the benchmark's judgments and metrics

PAGES = 3  # pages of ten taken from rendakb
FOLDS = 5
SEEDS = 3
SETTINGS = [  # (leaves, rounds, least clauses a leaf): small, medium, larger trees
    (4, 100, 40),
    (7, 150, 20),
    (15, 300, 10),
]


def bigrams(text: str) -> set[str]:
    return set(rb.char_tokens(text))  # the baseline's tokens: character bigrams within each run


def features(q: str, hits: list) -> list[list[float]]:
    """What the re-ranker sees of each hit: rendakb's own signals and plain overlaps with the query."""
    query_bigrams, query_chars = bigrams(q), set(rb.compact(q))
    top = hits[0].score if hits and hits[0].score else 1.0
    seen: Counter[str] = Counter()
    rows = []
    for rank, h in enumerate(hits):
        marked = sum(len(part.split("</mark>")[0]) for part in h.highlight.split("<mark>")[1:])
        seen[h.doc_id] += 1
        share = len(query_bigrams) or 1
        rows.append([
            rank, math.log1p(rank), h.score / top, float(h.partial), math.log1p(len(h.text)),
            h.highlight.count("<mark>"), marked / max(1, len(h.text)),
            len(query_bigrams & bigrams(h.text)) / share,
            len(query_chars & set(rb.compact(h.text))) / max(1, len(query_chars)),
            len(query_bigrams & bigrams(" ".join(h.headings) + h.doc_title)) / share,
            len(query_bigrams & bigrams(h.parent)) / share,
            float(bool(h.requirements)), h.path.count("第") + h.path.count("（") + h.path.count("."),
            float(h.path.endswith(("项", "）"))), float(bool(h.lead_units)),
            float(any(word in h.doc_title for word in ("条例", "规则", "办法", "规定"))),
            float(h.level == "province"), seen[h.doc_id], len(q),
        ])
    return rows


def first_ten(hits: list, order: list[int]) -> list[int]:
    """The first page of `order`, capped per document as the service caps its pages."""
    from index.search import select_page

    return select_page(order, lambda i: hits[i].doc_id, 1, rb.CUTOFF)


def mean_recall(runs, resolved) -> float:
    values = []
    for query, hits, order in runs:
        top = first_ten(hits, order)
        grades, _ = rb.grade_ranking([(hits[i].doc_id, hits[i].text) for i in top], resolved[query.id])
        values.append(rb.recall_at(grades, len(resolved[query.id])))
    return float(np.mean(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, required=True, help="an index built from --corpus")
    parser.add_argument("--corpus", type=Path, default=rb.REPO / "corpus")
    args = parser.parse_args()

    import lightgbm as lgb

    from index.corpus import read_corpus
    from index.results import SearchRequest
    from index.search import SearchService

    queries = rb.load_queries().queries
    documents = list(read_corpus(args.corpus))
    bodies = {d.id: rb.compact(d.body) for d in documents}
    resolved = {q.id: rb.resolve_judgments(q, documents, bodies) for q in queries}
    service = SearchService.open(args.index, refresh_interval=None)
    data = []
    for query in queries:
        hits = [h for page in range(1, PAGES + 1) for h in service.search(SearchRequest(q=query.q, size=10, page=page)).hits]
        # A hit's label is the grade its text earns on its own, even where a copy ranks higher.
        labels = [rb.grade_ranking([(h.doc_id, h.text)], resolved[query.id])[0][0] for h in hits]
        data.append((query, hits, np.array(features(query.q, hits), dtype=float), np.array(labels)))
    print(f"{len(data)} main queries, {np.mean([len(d[1]) for d in data]):.1f} candidates each on average")
    print(f"rendakb's order: Recall@5 {mean_recall([(q, h, list(range(len(h)))) for q, h, _, _ in data], resolved):.3f}")
    best = [(q, h, sorted(range(len(h)), key=lambda i, y=y: -y[i])) for q, h, _, y in data]
    print(f"best re-ordering of the same candidates: {mean_recall(best, resolved):.3f}")
    for leaves, rounds, least in SETTINGS:
        by_seed = []
        for seed in range(SEEDS):
            order = list(range(len(data)))
            random.Random(seed).shuffle(order)
            runs = []
            for fold in (order[i::FOLDS] for i in range(FOLDS)):
                train = [data[i] for i in order if i not in set(fold)]
                params = {
                    "objective": "lambdarank", "label_gain": [0, 1, 3], "num_leaves": leaves,
                    "learning_rate": 0.05, "min_data_in_leaf": least, "seed": seed, "num_threads": 2, "verbose": -1,
                }
                dataset = lgb.Dataset(np.vstack([d[2] for d in train]), np.concatenate([d[3] for d in train]),
                                      group=[len(d[3]) for d in train])
                model = lgb.train(params, dataset, num_boost_round=rounds)
                for i in fold:
                    query, hits, rows, _ = data[i]
                    scores = model.predict(rows)
                    runs.append((query, hits, sorted(range(len(hits)), key=lambda j, s=scores: -s[j])))
            by_seed.append(mean_recall(runs, resolved))
        shown = ", ".join(f"{r:.3f}" for r in by_seed)
        print(f"re-ranked, {leaves} leaves, {rounds} rounds: Recall@5 {np.mean(by_seed):.3f} (by fold seed: {shown})")


if __name__ == "__main__":
    main()
