"""Building the index from corpus/: a new generation (full, or a copy of the live one with only the
changed documents re-indexed), then an atomic swap of `index_dir/CURRENT`.

Whoosh is never written in place: a killed writer can leave an index that no longer opens
(KNOWLEDGE.md), so every build writes a fresh directory and a failed one never touches the live one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from .analysis import INDEX_FORMAT_VERSION, JiebaTokenizer
from .core.corpus_format import format_document
from .core.errors import RendakbError
from .core.model import Document, ParsedDocument
from .corpus import read_corpus
from .schema import build_schema, entries_for

log = logging.getLogger(__name__)

CURRENT_FILE = "CURRENT"
LOCK_FILE = ".build.lock"
MULTIPROCESS_FROM = 50  # documents
FORMAT_FILE = "FORMAT"
MANIFEST_FILE = "MANIFEST.json"  # doc id → fingerprint of every document the generation was built from
GENERATION_PREFIX = "gen-"
# An update touching more than this share of the documents is done as a full rebuild,
# which is faster (two writer processes) and leaves one compact generation.
UPDATE_AT_MOST = 0.5
# The generation a build replaces stays on disk until the next build, so a
# searcher that has not yet refreshed keeps answering from it.

Progress = Callable[[int, int], None]
Parser = Callable[[Document], ParsedDocument]


@dataclass
class BuildReport:
    documents: int = 0  # documents parsed and indexed by this build
    clauses: int = 0  # clauses written by this build
    assignments: int = 0
    seconds: float = 0.0
    generation: str = ""  # the live generation afterwards
    skipped: list[str] = field(default_factory=list)  # "doc_id: reason" for documents the parser failed on
    mode: str = "rebuild"  # "rebuild": every document; "update": only the changed ones; "unchanged": nothing to do
    parsed: int = 0  # documents (re-)parsed, the measure of an update's work
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    reason: str = ""  # why a full rebuild was chosen


def default_parser() -> Parser:
    from .core.structure import parse_document_structure

    return parse_document_structure


def current_generation(index_dir: Path) -> Path | None:
    """The live generation directory, or None when there is no index yet."""
    pointer = Path(index_dir) / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return Path(index_dir) / name if name else None


def document_fingerprint(doc: Document) -> str:
    """The sha256 of a document as the corpus writes it: its body and every metadata field."""
    return hashlib.sha256(format_document(doc).encode("utf-8")).hexdigest()


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    progress: Progress | None = None,
    *,
    procs: int | None = None,
    parser: Parser | None = None,
    rebuild: bool = False,
) -> BuildReport:
    """Bring `index_dir` up to date with `corpus_dir` and swap the result in.

    Only documents added, changed or removed since the live generation was built are
    parsed again (compared by fingerprint); `rebuild`, a missing or old-format index,
    or a change to most of the corpus rebuild everything.
    """
    docs = list(read_corpus(Path(corpus_dir)))
    if rebuild:
        return build_from_documents(docs, index_dir, progress, procs=procs, parser=parser, reason="asked for")
    return update_from_documents(docs, index_dir, progress, procs=procs, parser=parser)


def update_from_documents(
    documents: Iterable[Document],
    index_dir: Path,
    progress: Progress | None = None,
    *,
    procs: int | None = None,
    parser: Parser | None = None,
) -> BuildReport:
    """Re-index only what changed (see build_index); a full build when an update cannot be made."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    docs = list(documents)
    with _build_lock(index_dir):
        live = current_generation(index_dir)
        manifest, reason = read_manifest(live)
        if manifest is not None:
            fingerprints = {doc.id: document_fingerprint(doc) for doc in docs}
            plan = UpdatePlan.compare(manifest, fingerprints)
            if not plan.changes:
                return BuildReport(
                    mode="unchanged", generation=live.name if live else "", unchanged=len(plan.unchanged),
                    seconds=time.perf_counter() - started,
                )
            if plan.changes <= UPDATE_AT_MOST * max(1, len(docs)):
                assert live is not None
                return _update_generation(docs, fingerprints, plan, live, index_dir, progress, parser, started)
            reason = f"{plan.changes} of {len(docs)} documents changed"
        if procs is None:
            procs = default_procs(len(docs))
        return _build_generation(docs, index_dir, progress, procs, parser, started, reason)


def build_from_documents(
    documents: Iterable[Document],
    index_dir: Path,
    progress: Progress | None = None,
    *,
    procs: int | None = None,
    parser: Parser | None = None,
    reason: str = "",
) -> BuildReport:
    """Index every document into a new generation of `index_dir`, then swap it in."""
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    docs = list(documents)
    if procs is None:
        procs = default_procs(len(docs))
    with _build_lock(index_dir):
        return _build_generation(docs, index_dir, progress, procs, parser, started, reason)


def default_procs(documents: int) -> int:
    """Two writer processes on two or more cores: measured 1.9× faster on the bundled corpus.

    Small builds stay in one process, where starting workers costs more than it saves.
    """
    return 2 if (os.cpu_count() or 1) >= 2 and documents >= MULTIPROCESS_FROM else 1


@dataclass
class UpdatePlan:
    """What changed between a generation's manifest and the corpus."""

    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]

    @classmethod
    def compare(cls, manifest: dict[str, str], corpus: dict[str, str]) -> UpdatePlan:
        return cls(
            added=[d for d in corpus if d not in manifest],
            updated=[d for d in corpus if d in manifest and manifest[d] != corpus[d]],
            removed=[d for d in manifest if d not in corpus],
            unchanged=[d for d in corpus if manifest.get(d) == corpus[d]],
        )

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)


def read_manifest(generation: Path | None) -> tuple[dict[str, str] | None, str]:
    """The generation's doc id → fingerprint table, or None and why it cannot be updated."""
    if generation is None or not generation.is_dir():
        return None, "no index yet"
    try:
        version = (generation / FORMAT_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None, "the live index is incomplete"
    if version != INDEX_FORMAT_VERSION:
        return None, f"the live index has format {version!r}, not {INDEX_FORMAT_VERSION!r}"
    try:
        manifest = json.loads((generation / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, "the live index has no manifest"
    if not isinstance(manifest, dict):
        return None, "the live index has no manifest"
    return {str(k): str(v) for k, v in manifest.items()}, ""


def _new_generation(index_dir: Path) -> tuple[str, Path]:
    name = f"{GENERATION_PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    return name, index_dir / name


def _write_documents(
    writer: Any, docs: list[Document], parse: Parser, report: BuildReport, progress: Progress | None
) -> None:
    for done, doc in enumerate(docs, start=1):
        try:
            parsed = parse(doc)
        except Exception as exc:  # noqa: BLE001 - one bad document must not stop the build
            log.warning("cannot parse %s: %s", doc.id, exc)
            report.skipped.append(f"{doc.id}: {exc}")
        else:
            for entry in entries_for(parsed):
                writer.add_document(**entry)
            report.documents += 1
            report.clauses += len(parsed.clauses)
            report.assignments += len(parsed.assignments)
        report.parsed += 1
        if progress:
            progress(done, len(docs))


def _commit(writer: Any, write: Callable[[], None]) -> None:
    try:
        write()
        writer.commit()
    except BaseException:
        writer.cancel()
        raise


def _publish(index_dir: Path, name: str, generation: Path, manifest: dict[str, str]) -> None:
    """Seal a written generation (manifest, then the FORMAT file that marks it complete) and swap it in."""
    (generation / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8")
    (generation / FORMAT_FILE).write_text(INDEX_FORMAT_VERSION + "\n", encoding="utf-8")
    _sync_directory(generation)
    previous = current_generation(index_dir)
    swap_generation(index_dir, name)
    remove_old_generations(index_dir, keep={name, previous.name if previous else ""})


def _build_generation(
    docs: list[Document],
    index_dir: Path,
    progress: Progress | None,
    procs: int,
    parser: Parser | None,
    started: float,
    reason: str = "",
) -> BuildReport:
    parse = parser or default_parser()
    JiebaTokenizer.segmenter()  # load jieba before forking writer processes
    name, generation = _new_generation(index_dir)
    generation.mkdir()
    report = BuildReport(generation=name, mode="rebuild", reason=reason)
    try:
        ix = whoosh_index.create_in(str(generation), build_schema())
        options = {"procs": procs, "multisegment": True, "limitmb": 128} if procs > 1 else {"limitmb": 128}
        writer = ix.writer(**options)
        _commit(writer, lambda: _write_documents(writer, docs, parse, report, progress))
        report.added = report.parsed
        _publish(index_dir, name, generation, {doc.id: document_fingerprint(doc) for doc in docs})
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


def _update_generation(
    docs: list[Document],
    fingerprints: dict[str, str],
    plan: UpdatePlan,
    live: Path,
    index_dir: Path,
    progress: Progress | None,
    parser: Parser | None,
    started: float,
) -> BuildReport:
    """Copy the live generation, re-index the changed documents in the copy, swap the copy in.

    The live generation is only read, so a crash at any point leaves it serving.
    """
    parse = parser or default_parser()
    name, generation = _new_generation(index_dir)
    report = BuildReport(
        generation=name, mode="update", added=len(plan.added), updated=len(plan.updated),
        removed=len(plan.removed), unchanged=len(plan.unchanged),
    )
    wanted = set(plan.added) | set(plan.updated)
    try:
        shutil.copytree(live, generation, ignore=shutil.ignore_patterns(FORMAT_FILE, MANIFEST_FILE, "*WRITELOCK"))
        writer = whoosh_index.open_dir(str(generation)).writer(limitmb=128)

        def write() -> None:
            for doc_id in plan.updated + plan.removed:
                writer.delete_by_term("doc_id", doc_id)
            _write_documents(writer, [d for d in docs if d.id in wanted], parse, report, progress)

        _commit(writer, write)
        _publish(index_dir, name, generation, fingerprints)
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    report.seconds = time.perf_counter() - started
    return report


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build per index directory: a second would delete the first one's generation."""
    with open(index_dir / LOCK_FILE, "a+") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RendakbError(f"另一个索引任务正在运行：{index_dir}", "another build is running: wait for it to finish") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def swap_generation(index_dir: Path, name: str) -> None:
    """Point CURRENT at generation `name` with one atomic rename."""
    tmp = index_dir / f".{CURRENT_FILE}.{uuid.uuid4().hex[:6]}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(name + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, index_dir / CURRENT_FILE)
    _sync_directory(index_dir)


def remove_old_generations(index_dir: Path, keep: set[str]) -> None:
    """Delete every generation but `keep` (the live one and the one it replaced), and failed leftovers."""
    for path in Path(index_dir).iterdir():
        if path.is_dir() and path.name.startswith(GENERATION_PREFIX) and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def _sync_directory(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
