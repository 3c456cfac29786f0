"""Incremental indexing: only changed documents are re-parsed, into a copy that is swapped in;
the live generation keeps answering during a build and after a build is killed."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from index.build import CURRENT_FILE, LOCK_FILE, MANIFEST_FILE, build_index, current_generation
from index.core.model import Document
from index.core.structure import parse_document_structure
from index.corpus import document_path, write_document
from index.results import SearchRequest
from index.search import SearchService

REPO = Path(__file__).resolve().parent.parent
WORDS = ["备案审查", "专题询问", "执法检查", "代表联络站"]
NEW_WORD = "票决制"


def make_doc(n: int, word: str, title: str = "") -> Document:
    body = f"一、总体要求\n\n{word}是第{n}篇文件的内容。\n\n二、主要任务\n\n第{n}项任务：建立健全工作机制。\n"
    return Document(f"doc{n:09d}", title or f"第{n}篇文件", body, region="渭源县", published=f"20{10 + n}-01-01")


def total(service: SearchService, q: str) -> int:
    return service.search(SearchRequest(q)).total


class CountingParser:
    """The real parser, remembering which documents it was asked to parse."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc: Document):
        self.seen.append(doc.id)
        return parse_document_structure(doc)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    """Four documents with a word each, and four others (an update may touch at most half of a corpus)."""
    folder = tmp_path / "corpus"
    for n, word in enumerate(WORDS):
        write_document(folder, make_doc(n, word))
    for n in range(10, 14):
        write_document(folder, make_doc(n, "工作机制"))
    return folder


def test_add_change_and_delete_reparse_only_those(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    first = build_index(corpus, index_dir)
    assert (first.mode, first.parsed, first.added) == ("rebuild", 8, 8)
    service = SearchService.open(index_dir, refresh_interval=None)
    assert total(service, "专题询问") == 1 and total(service, "执法检查") == 1

    write_document(corpus, make_doc(4, NEW_WORD))  # added
    write_document(corpus, make_doc(1, "联组会议"))  # changed: 专题询问 → 联组会议
    document_path(corpus, "doc000000002").unlink()  # removed: 执法检查
    parser = CountingParser()
    report = build_index(corpus, index_dir, parser=parser)

    assert report.mode == "update"
    assert sorted(parser.seen) == ["doc000000001", "doc000000004"]
    assert (report.parsed, report.added, report.updated, report.removed, report.unchanged) == (2, 1, 1, 1, 6)
    assert report.clauses > 0 and not report.skipped
    assert total(service, "专题询问") == 1  # not refreshed: still the old generation
    assert service.refresh()
    assert total(service, NEW_WORD) == 1
    assert total(service, "联组会议") == 1 and total(service, "专题询问") == 0
    assert total(service, "执法检查") == 0
    assert total(service, "备案审查") == 1  # untouched documents are still there, once
    ids = set(service.document_ids_and_hashes())
    assert {"doc000000000", "doc000000001", "doc000000003", "doc000000004"} <= ids and "doc000000002" not in ids
    assert service.documents()[0] == len(ids) == 8


def test_a_metadata_change_is_a_change(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    write_document(corpus, make_doc(3, WORDS[3], title="改了标题的文件"))
    parser = CountingParser()
    report = build_index(corpus, index_dir, parser=parser)
    assert report.mode == "update" and parser.seen == ["doc000000003"]
    service = SearchService.open(index_dir)
    assert service.document("doc000000003").document.title == "改了标题的文件"


def test_nothing_changed_writes_nothing(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    before = (index_dir / CURRENT_FILE).read_text()
    parser = CountingParser()
    report = build_index(corpus, index_dir, parser=parser)
    assert (report.mode, report.parsed, report.unchanged) == ("unchanged", 0, 8)
    assert parser.seen == [] and (index_dir / CURRENT_FILE).read_text() == before


def test_rebuild_reparses_everything_into_a_new_generation(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    before = current_generation(index_dir)
    parser = CountingParser()
    report = build_index(corpus, index_dir, parser=parser, rebuild=True)
    assert report.mode == "rebuild" and report.parsed == 8 and len(parser.seen) == 8
    assert current_generation(index_dir) != before
    assert total(SearchService.open(index_dir), "备案审查") == 1


def test_an_old_or_manifestless_index_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    live = current_generation(index_dir)
    assert live is not None
    (live / MANIFEST_FILE).unlink()
    write_document(corpus, make_doc(4, NEW_WORD))
    report = build_index(corpus, index_dir)
    assert report.mode == "rebuild" and report.parsed == 9 and "manifest" in report.reason


def test_queries_are_answered_from_the_old_generation_while_an_update_is_written(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    service = SearchService.open(index_dir, refresh_interval=None)
    during: list[tuple[int, int]] = []

    def progress(done: int, all_: int) -> None:
        during.append((total(service, "专题询问"), total(service, NEW_WORD)))

    write_document(corpus, make_doc(1, NEW_WORD))
    write_document(corpus, make_doc(5, NEW_WORD))
    report = build_index(corpus, index_dir, progress=progress)
    assert report.mode == "update" and during == [(1, 0), (1, 0)]
    assert service.refresh() and (total(service, "专题询问"), total(service, NEW_WORD)) == (0, 2)


SLOW_BUILD = """
import sys, time
from index.build import build_index
from index.core.structure import parse_document_structure

def slow(doc):
    print("parsing", doc.id, flush=True)
    time.sleep(30)
    return parse_document_structure(doc)

build_index(sys.argv[1], sys.argv[2], parser=slow, rebuild=sys.argv[3] == "rebuild", procs=int(sys.argv[4]))
"""


def wait_for_lock_release(index_dir: Path, patience: float = 30.0) -> None:
    """Return once no process holds the build lock: SIGKILL is delivered asynchronously."""
    deadline = time.monotonic() + patience
    with open(index_dir / LOCK_FILE, "a+") as fh:
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                assert time.monotonic() < deadline, "the killed build's lock was never released"
                time.sleep(0.05)
            else:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
                return


@pytest.mark.parametrize(("mode", "procs"), [("update", 1), ("rebuild", 2)])
def test_a_build_killed_midway_leaves_the_previous_generation_answering(
    corpus: Path, tmp_path: Path, mode: str, procs: int
) -> None:
    index_dir = tmp_path / "index"
    build_index(corpus, index_dir)
    before = (index_dir / CURRENT_FILE).read_text()
    write_document(corpus, make_doc(1, NEW_WORD))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SLOW_BUILD), str(corpus), str(index_dir), mode, str(procs)],
        stdout=subprocess.PIPE, text=True, env=env, start_new_session=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # the build has started writing its generation
        assert line.startswith("parsing"), line
        assert len([p for p in index_dir.iterdir() if p.is_dir()]) == 2  # the live one and the one being written
    finally:
        os.killpg(child.pid, signal.SIGKILL)  # the writer processes too
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert (index_dir / CURRENT_FILE).read_text() == before
    service = SearchService.open(index_dir)
    assert total(service, "专题询问") == 1 and total(service, NEW_WORD) == 0

    wait_for_lock_release(index_dir)  # the killed writers' lock goes once the kernel has reaped them
    report = build_index(corpus, index_dir)  # the next build clears the half-written one away
    assert report.mode == "update" and report.parsed == 1
    assert len([p for p in index_dir.iterdir() if p.is_dir()]) == 2
    assert service.refresh() and total(service, NEW_WORD) == 1


def test_the_index_command_reports_what_it_did(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["index", "--corpus", str(corpus), "--index", str(tmp_path / "index")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "已重建索引" in first.output and "重新解析 8 篇文件" in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "索引已是最新" in again.output and "8 篇文件未变" in again.output
    write_document(corpus, make_doc(4, NEW_WORD))
    update = runner.invoke(app, args)
    assert update.exit_code == 0, update.output
    assert "已更新索引" in update.output and "新增 1、更新 0、删除 0、未变 8" in update.output
    assert "重新解析 1 篇文件" in update.output
    rebuilt = runner.invoke(app, [*args, "--rebuild"])
    assert rebuilt.exit_code == 0 and "已重建索引" in rebuilt.output and "重新解析 9 篇文件" in rebuilt.output
