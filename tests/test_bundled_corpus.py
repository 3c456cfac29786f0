"""The bundled corpus is exactly what ingesting the vendored sources gives: it can always be rebuilt."""

from __future__ import annotations

from pathlib import Path

from crawler.ingest import ingest_paths

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "tests" / "sources"


def test_ingesting_the_sources_reproduces_corpus(tmp_path: Path) -> None:
    report = ingest_paths(
        [SOURCES / "seeds", SOURCES / "corpus-extra" / "local-rules", SOURCES / "corpus-extra" / "city-regulations"],
        tmp_path,
    )
    assert not report.failures, report.failures
    bundled = {p.name: p.read_text("utf-8") for p in (REPO / "corpus").glob("*.md")}
    rebuilt = {p.name: p.read_text("utf-8") for p in tmp_path.glob("*.md")}
    assert len(rebuilt) == 371
    assert sorted(rebuilt) == sorted(bundled), "re-ingest the sources into corpus/ (see tests/sources/README.md)"
    changed = [name for name in bundled if bundled[name] != rebuilt[name]]
    assert changed == [], "corpus/ is stale: re-ingest the sources (see tests/sources/README.md)"
