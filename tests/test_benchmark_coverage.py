"""The judged queries reach every province and every kind of document in the bundled corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench_util import relevance_bench

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def test_every_province_and_kind_of_the_corpus_has_judged_clauses() -> None:
    from index.corpus import read_corpus

    documents = list(read_corpus(CORPUS)) if CORPUS.is_dir() else []
    if not documents:
        pytest.skip("no bundled corpus")
    bench = relevance_bench()
    bodies = {d.id: bench.compact(d.body) for d in documents}
    by_id = {d.id: d for d in documents}
    judged = {
        doc_id
        for query in bench.load_queries().queries
        for resolved in bench.resolve_judgments(query, documents, bodies)
        for doc_id in resolved.doc_ids
    }
    assert {d.province for d in documents} == {by_id[i].province for i in judged}
    assert {d.kind for d in documents} == {by_id[i].kind for i in judged}
    assert len(bench.load_queries().queries) >= 60
