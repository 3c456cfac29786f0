"""Building the index: entries, progress, atomic generation swap, version check."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from index.analysis import DICTIONARY_PATH, INDEX_FORMAT_VERSION, INDEX_TIME_INPUTS, _inputs_hash
from index.build import CURRENT_FILE, FORMAT_FILE, build_index, current_generation
from index.core.errors import IndexNotReady, RendakbError
from index.core.model import Document
from index.core.structure import parse_document_structure
from index.corpus import write_document
from index.results import SearchRequest
from index.search import SearchService


def make_doc(n: int, word: str) -> Document:
    body = f"一、总体要求\n\n{word}是第{n}篇文件的内容。\n\n二、主要任务\n\n建设代表联络站，开展专题询问。\n"
    return Document(f"doc{n:09d}", f"第{n}篇{word}文件", body, region="渭源县", published=f"20{10 + n}-01-01")


def write_corpus(folder: Path, word: str, count: int = 3) -> Path:
    for n in range(count):
        write_document(folder, make_doc(n, word))
    return folder


def total(service: SearchService, q: str) -> int:
    return service.search(SearchRequest(q)).total


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", "备案审查")


def test_build_reports_progress_and_writes_a_versioned_generation(corpus: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = build_index(corpus, tmp_path / "index", progress=lambda done, all_: calls.append((done, all_)))
    assert report.documents == 3 and report.clauses > 3 and not report.skipped
    assert calls[-1] == (3, 3)
    live = current_generation(tmp_path / "index")
    assert live is not None and (live / FORMAT_FILE).exists()
    service = SearchService.open(tmp_path / "index")
    assert total(service, "备案审查") == 3
    assert service.documents()[0] == 3


@pytest.mark.parametrize("procs", [1, 2])
def test_failed_build_keeps_the_previous_index(corpus: Path, tmp_path: Path, procs: int) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    before = (index_dir / CURRENT_FILE).read_text()
    service = SearchService.open(index_dir)
    seen = []

    def failing_parser(doc: Document):
        seen.append(doc.id)
        if len(seen) == 2:
            raise KeyboardInterrupt("killed mid-build")
        return parse_document_structure(doc)

    write_corpus(corpus, "专题询问")
    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, parser=failing_parser, procs=procs)
    assert (index_dir / CURRENT_FILE).read_text() == before
    assert [p.name for p in index_dir.iterdir() if p.is_dir()] == [before.strip()]  # the half-built one is gone
    assert total(service, "备案审查") == 3
    assert total(SearchService.open(index_dir), "备案审查") == 3


def test_reader_keeps_answering_during_and_after_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    service = SearchService.open(index_dir, refresh_interval=None)
    answers = []

    def progress(done: int, all_: int) -> None:
        answers.append(total(service, "备案审查"))  # the old generation, mid-build

    new_corpus = write_corpus(tmp_path / "corpus2", "预算审查监督", count=4)
    build_index(new_corpus, index_dir, progress=progress, procs=2)
    assert answers == [3, 3, 3, 3]
    assert total(service, "备案审查") == 3  # not refreshed yet: still the old generation
    assert service.refresh() is True and service.refresh() is False
    assert total(service, "备案审查") == 0 and total(service, "预算审查监督") == 4
    build_index(corpus, index_dir)  # a third build removes the first generation
    assert len([p for p in index_dir.iterdir() if p.is_dir()]) == 2
    auto = SearchService.open(index_dir, refresh_interval=0.0)
    build_index(new_corpus, index_dir)
    assert total(auto, "预算审查监督") == 4  # picked up the new generation by itself


def test_version_mismatch_needs_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    live = current_generation(index_dir)
    assert live is not None
    (live / FORMAT_FILE).write_text("rendakb-index-0\n")
    with pytest.raises(IndexNotReady, match="格式已过时"):
        SearchService.open(index_dir)


def test_an_index_cut_with_another_dictionary_needs_a_rebuild(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    live = current_generation(index_dir)
    assert live is not None
    version = (live / FORMAT_FILE).read_text(encoding="utf-8").strip()
    digest = hashlib.sha256(DICTIONARY_PATH.read_bytes()).hexdigest()[:12]
    assert f"+dict-{digest}+" in version
    (live / FORMAT_FILE).write_text(version.replace(digest, "000000000000") + "\n")  # as if the dictionary had changed
    with pytest.raises(IndexNotReady, match="格式已过时"):
        SearchService.open(index_dir)
    build_index(corpus, index_dir)  # rebuilt in full, not updated: every clause must be cut again
    assert current_generation(index_dir) != live
    SearchService.open(index_dir).close()


def test_an_index_made_by_other_parsers_is_rebuilt_not_updated(corpus: Path, tmp_path: Path) -> None:
    # After an upgrade the corpus's fingerprints are unchanged, but topics, units or the clause tree
    # may not be: an update would keep the old ones, so the whole index is parsed again.
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    live = current_generation(index_dir)
    version = (live / FORMAT_FILE).read_text(encoding="utf-8").strip()
    schema_and_dict, parsers = version.split("+parsers-")
    (live / FORMAT_FILE).write_text(f"{schema_and_dict}+parsers-000000000000\n")
    report = build_index(corpus, index_dir)
    assert report.mode == "rebuild" and report.parsed == 3
    assert "format" in report.reason and current_generation(index_dir) != live


def test_the_parsers_fingerprint_covers_the_code_and_data_read_at_index_time(tmp_path: Path) -> None:
    names = {path.name for path in INDEX_TIME_INPUTS}
    assert {"structure.py", "assignments.py", "topics.py", "units.py", "requirements.py", "schema.py"} <= names
    assert {"topics.toml", "unit_aliases.toml", "unit_grammar.toml"} <= names
    one, two = tmp_path / "topics.toml", tmp_path / "units.py"
    one.write_text("a", encoding="utf-8")
    two.write_text("b", encoding="utf-8")
    before = _inputs_hash([one, two])
    one.write_text("a ", encoding="utf-8")
    assert _inputs_hash([one, two]) != before
    one.write_text("a", encoding="utf-8")
    assert _inputs_hash([one, two]) == before


def test_missing_or_damaged_index_is_not_ready(tmp_path: Path) -> None:
    with pytest.raises(IndexNotReady, match="还没有索引"):
        SearchService.open(tmp_path / "nothing")
    broken = tmp_path / "broken"
    (broken / "gen-x").mkdir(parents=True)
    (broken / CURRENT_FILE).write_text("gen-x\n")
    with pytest.raises(IndexNotReady):
        SearchService.open(broken)
    (broken / "gen-x" / FORMAT_FILE).write_text(INDEX_FORMAT_VERSION + "\n")
    with pytest.raises(IndexNotReady, match="无法打开"):
        SearchService.open(broken)


def test_one_build_at_a_time_and_bad_documents_are_skipped(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"

    def parser(doc: Document):
        if doc.id.endswith("1"):
            raise ValueError("unparseable")
        with pytest.raises(RendakbError, match="另一个索引任务"):
            build_index(corpus, index_dir)
        return parse_document_structure(doc)

    report = build_index(corpus, index_dir, parser=parser)
    assert report.documents == 2 and len(report.skipped) == 1 and "unparseable" in report.skipped[0]
