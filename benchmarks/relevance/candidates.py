"""Candidate clauses for judging a query: every parsed clause of the corpus whose heading or text
holds any of the given terms, by plain substring (no ranking, no search engine involved).

    .venv/bin/python benchmarks/relevance/candidates.py 犬 狗 --doc 文明行为

The judge reads each candidate against the query's `need` and copies a span of the relevant ones
from the raw source under tests/sources (see benchmarks/README.md). Grep with every way the answer
may be written: synonyms, 简称, numbers in digits and in Chinese.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from index.core.structure import parse_clauses
from index.core.text import normalize_text
from index.corpus import read_corpus
from index.schema import clause_content

_SPACE = re.compile(r"\s+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("terms", nargs="+")
    parser.add_argument("--doc", default="", help="only documents whose title holds this")
    parser.add_argument("--corpus", type=Path, default=REPO / "corpus")
    args = parser.parse_args()
    terms = [_SPACE.sub("", normalize_text(t)) for t in args.terms]
    count = 0
    for doc in read_corpus(args.corpus):
        if args.doc not in doc.title:
            continue
        for clause in parse_clauses(doc):
            content = clause_content(clause.heading, clause.text)
            if any(t in _SPACE.sub("", normalize_text(content)) for t in terms):
                count += 1
                print(f"{doc.title} | {doc.region} | {clause.path} | {_SPACE.sub(' ', content)}")
    print(f"# {count} clauses", file=sys.stderr)


if __name__ == "__main__":
    main()
