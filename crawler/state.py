"""The crawl's memory in SQLite: frontier, validators, content hashes, documents, failures.

Every page's outcome is one committed transaction, so a killed crawl resumes where it stopped.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS crawls (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    start_urls TEXT NOT NULL,
    summary TEXT
);
-- One row per URL ever seen. status: queued | done | failed | skipped.
-- crawl_id is the crawl that last queued it: a URL is visited at most once per crawl.
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    kind TEXT NOT NULL,
    depth INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    crawl_id INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before REAL NOT NULL DEFAULT 0,  -- wall-clock seconds: survives a restart
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    doc_ids TEXT NOT NULL DEFAULT '[]',
    fetched TEXT
);
CREATE INDEX IF NOT EXISTS urls_frontier ON urls (status, host, not_before);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    minhash BLOB NOT NULL,
    latest_date TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '[]'
);
-- hosts a crawl's start URLs redirected to: crawled as if they had been given
CREATE TABLE IF NOT EXISTS crawl_hosts (
    crawl_id INTEGER NOT NULL,
    host TEXT NOT NULL,
    PRIMARY KEY (crawl_id, host)
);
-- settings of the state itself, e.g. the corpus directory it was made for
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- what the page an attachment hangs on says of it (issuer, date, place): gap fillers for its text
CREATE TABLE IF NOT EXISTS attachment_hints (
    url TEXT PRIMARY KEY,
    hints TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    crawl_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    time TEXT NOT NULL,
    final INTEGER NOT NULL DEFAULT 1  -- 0: a transient error that was retried
);
"""


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class UrlRow:
    url: str
    host: str
    kind: str
    depth: int
    attempts: int
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    doc_ids: list[str]


@dataclass
class StoredDocument:
    id: str
    source: str
    minhash: bytes
    latest_date: str
    sources: list[str]


class CrawlState:
    """A SQLite file; methods that change it commit before they return."""

    def __init__(self, path: Path | str) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> _Transaction:
        """`with state.transaction():` groups changes into one atomic commit."""
        return _Transaction(self.db)

    def bind_corpus(self, corpus_dir: Path | str) -> str | None:
        """Tie the state to one corpus directory; returns the other directory it is tied to, if any.

        The state remembers which documents are already written (and answers 304s with them),
        so one state file serving two corpora would leave the second one incomplete.
        """
        corpus = str(Path(corpus_dir).resolve())
        row = self.db.execute("SELECT value FROM meta WHERE key = 'corpus'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta (key, value) VALUES ('corpus', ?)", (corpus,))
            return None
        return None if row[0] == corpus else str(row[0])

    # crawls -----------------------------------------------------------------
    def begin_crawl(self, start_urls: list[str]) -> tuple[int, bool]:
        """Resume the last crawl if it never finished, else start a new one: (id, resumed)."""
        row = self.db.execute("SELECT id, finished FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
        if row and row[1] is None:
            return row[0], True
        cur = self.db.execute(
            "INSERT INTO crawls (started, start_urls) VALUES (?, ?)", (now_iso(), json.dumps(start_urls))
        )
        return int(cur.lastrowid or 0), False

    def finish_crawl(self, crawl_id: int, summary: dict) -> None:
        self.db.execute(
            "UPDATE crawls SET finished = ?, summary = ? WHERE id = ?",
            (now_iso(), json.dumps(summary, ensure_ascii=False), crawl_id),
        )

    def last_crawl_id(self) -> int | None:
        row = self.db.execute("SELECT MAX(id) FROM crawls").fetchone()
        return row[0] if row else None

    def crawl_info(self, crawl_id: int) -> tuple[str, str | None, dict | None]:
        """(started, finished or None, summary or None) of one crawl."""
        started, finished, summary = self.db.execute(
            "SELECT started, finished, summary FROM crawls WHERE id = ?", (crawl_id,)
        ).fetchone()
        return started, finished, json.loads(summary) if summary else None

    def add_crawl_host(self, crawl_id: int, host: str) -> None:
        self.db.execute("INSERT OR IGNORE INTO crawl_hosts (crawl_id, host) VALUES (?, ?)", (crawl_id, host))

    def crawl_hosts(self, crawl_id: int) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT host FROM crawl_hosts WHERE crawl_id = ?", (crawl_id,))]

    # frontier ---------------------------------------------------------------
    def enqueue(self, url: str, host: str, kind: str, depth: int, crawl_id: int) -> bool:
        """Queue a URL unless this crawl already has it; True when it was queued."""
        row = self.db.execute("SELECT crawl_id FROM urls WHERE url = ?", (url,)).fetchone()
        if row is None:
            self.db.execute(
                "INSERT INTO urls (url, host, kind, depth, status, crawl_id) VALUES (?, ?, ?, ?, 'queued', ?)",
                (url, host, kind, depth, crawl_id),
            )
            return True
        if row[0] == crawl_id:
            return False
        # Seen in an earlier crawl: visit again (conditionally), keeping validators and hashes.
        self.db.execute(
            "UPDATE urls SET status = 'queued', crawl_id = ?, attempts = 0, not_before = 0, depth = ?, kind = ?"
            " WHERE url = ?",
            (crawl_id, depth, kind, url),
        )
        return True

    def next_url(self, host: str) -> UrlRow | None:
        row = self.db.execute(
            "SELECT url, host, kind, depth, attempts, etag, last_modified, content_hash, doc_ids FROM urls"
            " WHERE status = 'queued' AND host = ? AND not_before <= ? ORDER BY depth, rowid LIMIT 1",
            (host, time.time()),
        ).fetchone()
        return _url_row(row) if row else None

    def get_url(self, url: str) -> UrlRow | None:
        row = self.db.execute(
            "SELECT url, host, kind, depth, attempts, etag, last_modified, content_hash, doc_ids FROM urls"
            " WHERE url = ?",
            (url,),
        ).fetchone()
        return _url_row(row) if row else None

    def url_status(self, url: str, crawl_id: int) -> str | None:
        row = self.db.execute("SELECT status, crawl_id FROM urls WHERE url = ?", (url,)).fetchone()
        return row[0] if row and row[1] == crawl_id else None

    def earliest_queued(self, hosts: list[str]) -> float | None:
        """Wall-clock time the next queued URL of these hosts becomes due (None: nothing queued)."""
        marks = ",".join("?" * len(hosts))
        row = self.db.execute(
            f"SELECT MIN(not_before) FROM urls WHERE status = 'queued' AND host IN ({marks})", hosts
        ).fetchone()
        return row[0] if row else None

    def count(self, status: str, crawl_id: int) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM urls WHERE status = ? AND crawl_id = ?", (status, crawl_id)
        ).fetchone()[0]

    def retry_later(self, url: str, not_before: float) -> None:
        self.db.execute(
            "UPDATE urls SET attempts = attempts + 1, not_before = ? WHERE url = ?", (not_before, url)
        )

    def mark_done(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        doc_ids: list[str] | None = None,
        keep_validators: bool = False,
    ) -> None:
        if keep_validators:
            self.db.execute("UPDATE urls SET status = 'done', fetched = ? WHERE url = ?", (now_iso(), url))
            return
        self.db.execute(
            "UPDATE urls SET status = 'done', fetched = ?, etag = ?, last_modified = ?, content_hash = ?,"
            " doc_ids = ? WHERE url = ?",
            (now_iso(), etag, last_modified, content_hash, json.dumps(doc_ids or []), url),
        )

    def mark_alias(self, url: str, host: str, kind: str, crawl_id: int) -> None:
        """A redirect target: done in this crawl under its own URL too."""
        self.enqueue(url, host, kind, 0, crawl_id)
        self.db.execute("UPDATE urls SET status = 'done' WHERE url = ?", (url,))

    def mark_failed(self, url: str, crawl_id: int, reason: str, detail: str = "", status: str = "failed") -> None:
        self.db.execute("UPDATE urls SET status = ? WHERE url = ?", (status, url))
        self.record_failure(url, crawl_id, reason, detail)

    def record_failure(self, url: str, crawl_id: int, reason: str, detail: str = "", final: bool = True) -> None:
        self.db.execute(
            "INSERT INTO failures (crawl_id, url, reason, detail, time, final) VALUES (?, ?, ?, ?, ?, ?)",
            (crawl_id, url, reason, detail[:500], now_iso(), int(final)),
        )

    def failures(self, crawl_id: int, final: bool = True) -> list[tuple[str, str, str, str]]:
        """(url, reason, detail, time) of one crawl, in the order they happened."""
        return self.db.execute(
            "SELECT url, reason, detail, time FROM failures WHERE crawl_id = ? AND final = ? ORDER BY rowid",
            (crawl_id, int(final)),
        ).fetchall()

    # documents --------------------------------------------------------------
    def documents(self) -> list[StoredDocument]:
        rows = self.db.execute("SELECT id, source, minhash, latest_date, sources FROM documents").fetchall()
        return [StoredDocument(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]

    def document(self, doc_id: str) -> StoredDocument | None:
        r = self.db.execute(
            "SELECT id, source, minhash, latest_date, sources FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return StoredDocument(r[0], r[1], r[2], r[3], json.loads(r[4])) if r else None

    def save_document(self, doc: StoredDocument) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO documents (id, source, minhash, latest_date, sources) VALUES (?, ?, ?, ?, ?)",
            (doc.id, doc.source, doc.minhash, doc.latest_date, json.dumps(doc.sources, ensure_ascii=False)),
        )


    def save_attachment_hints(self, url: str, hints: dict[str, str]) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO attachment_hints (url, hints) VALUES (?, ?)",
            (url, json.dumps(hints, ensure_ascii=False)),
        )

    def attachment_hints(self, url: str) -> dict[str, str]:
        row = self.db.execute("SELECT hints FROM attachment_hints WHERE url = ?", (url,)).fetchone()
        return json.loads(row[0]) if row else {}


def _url_row(row: tuple) -> UrlRow:
    url, host, kind, depth, attempts, etag, last_modified, content_hash, doc_ids = row
    return UrlRow(url, host, kind, depth, attempts, etag, last_modified, content_hash, json.loads(doc_ids))


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
