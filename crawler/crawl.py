"""`rendakb crawl`: from start URLs to corpus/ documents, politely, incrementally, crash-safe.

Orchestration only: fetch.py fetches, links.py finds links, extract/ingest make Documents.
"""

from __future__ import annotations

import asyncio
import hashlib
import signal
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from index.core.errors import FetchFailed, IngestError
from index.core.model import Document
from index.corpus import document_path, read_document, write_document

from .dedupe import (
    DuplicateIndex,
    latest_date,
    make_minhash,
    minhash_from_bytes,
    minhash_to_bytes,
)
from .encoding import decode_html
from .extract import extract_page
from .fetch import (
    BAD_URL,
    TLS,
    TOO_LARGE,
    Fetcher,
    FetchPolicy,
    Response,
    parse_retry_after,
)
from .files import file_text, is_document_file
from .ingest import documents_from_text
from .links import (
    PageLinks,
    classify_url,
    find_links,
    find_meta_refresh,
    host_of,
    normalize_url,
    readable_attachment,
)
from .metadata import normalize_doc_number
from .robots import UNAVAILABLE, RobotsCache
from .sites import CrawlInputError, check_site, check_url, load_sites, site_urls
from .state import CrawlState, StoredDocument, UrlRow, now_iso
from .verdict import (
    BLOCK_STATUSES,
    HTML_TYPES,
    REDIRECT_STATUSES,
    RETRY_STATUSES,
    guess_kind,
    page_problem,
)

MAX_REDIRECTS = 5
ATTACHED = "attached"  # the frontier kind of a .docx, .xlsx or .pdf attachment, read as a document
ATTACHMENT_HINTS = ("issuer", "published", "region", "province", "level")  # what a notice lends its attachments
MAX_PAGE_DEPTH = 3  # links of no known shape are followed only this close to a start page


@dataclass
class CrawlPolicy:
    """Patience and politeness beyond the fetcher's: retries, back-offs, size of the crawl."""

    max_retries: int = 3
    retry_base: float = 2.0  # seconds; doubled at each retry
    max_retry_after: float = 600.0  # a longer Retry-After leaves the page for the next crawl
    block_backoff: float = 30.0  # after a WAF/challenge page, the host rests this long
    block_limit: int = 3  # this many blocked answers in a row: leave the host for the next run
    robots_retry: float = 60.0  # an unavailable robots.txt is asked for again after this
    robots_attempts: int = 3

    @classmethod
    def for_delay(cls, delay: float) -> CrawlPolicy:
        """Back-offs in proportion to the politeness delay (the defaults above at delay=1 s)."""
        delay = max(delay, 0.05)
        return cls(retry_base=2 * delay, block_backoff=30 * delay, robots_retry=60 * delay)


@dataclass
class CrawlProgress:
    """Counts the CLI shows live; the callback gets a fresh copy after every page."""

    pages_fetched: int = 0
    pages_queued: int = 0
    pages_failed: int = 0
    pages_skipped: int = 0
    retries: int = 0
    documents_new: int = 0
    documents_changed: int = 0
    documents_unchanged: int = 0
    duplicates: int = 0
    current_url: str = ""


@dataclass
class CrawlReport:
    crawl_id: int
    resumed: bool
    finished: bool  # False when max_pages stopped it: the next run resumes
    elapsed: float
    progress: CrawlProgress
    failures_by_reason: dict[str, int] = field(default_factory=dict)
    abandoned_hosts: list[str] = field(default_factory=list)  # kept blocking us: left for the next run

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Failure(Exception):
    def __init__(self, reason: str, detail: str = "", retry_in: float | None = None, status: str = "failed"):
        super().__init__(reason)
        self.reason, self.detail, self.retry_in, self.status = reason, detail, retry_in, status


@dataclass
class _Fetched:
    url: str  # after redirects
    response: Response
    html: str | None  # None for 304


class Crawler:
    def __init__(self, start_urls: list[str], corpus_dir: Path, state: CrawlState, fetcher: Fetcher,
                 sites: list[dict[str, Any]], policy: CrawlPolicy, max_pages: int | None,
                 progress: Callable[[CrawlProgress], None] | None) -> None:
        self.corpus_dir, self.state, self.fetcher, self.policy = Path(corpus_dir), state, fetcher, policy
        self.start_urls = [normalize_url(u) for u in start_urls]
        for site in sites:
            self.start_urls += [normalize_url(u) for u in site_urls(site) if normalize_url(u) not in self.start_urls]
        self.allowed_hosts = {host_of(u) for u in self.start_urls}
        self.site_hints = {host_of(u): site for site in sites for u in site_urls(site)}
        self.robots = RobotsCache(self._fetch_robots, fetcher.policy.user_agent, policy.robots_retry)
        self.max_pages, self.on_progress = max_pages, progress
        self.counts = CrawlProgress()
        self.dupes = DuplicateIndex()
        for stored in state.documents():
            self.dupes.add(stored.id, minhash_from_bytes(stored.minhash), stored.latest_date)
        self.crawl_id, self.resumed = state.begin_crawl(self.start_urls)
        self.allowed_hosts |= set(state.crawl_hosts(self.crawl_id))  # hosts a start URL redirected to
        self.busy = 0
        self.workers: dict[str, asyncio.Task[None]] = {}
        self.stopped = False
        self.interrupted = False  # Ctrl-C: stop, keep the state, let the caller say so
        self.block_streak: dict[str, int] = {}  # blocked answers in a row, per host

    # --- the loop ---------------------------------------------------------------------------
    async def run(self) -> bool:
        """Crawl until the frontier is empty (True) or max_pages is reached (False)."""
        with self.state.transaction():
            for url in self.start_urls:
                self.state.enqueue(url, host_of(url), classify_url(url), 0, self.crawl_id)
        for host in sorted(self.allowed_hosts):
            self._start_worker(host)
        # Our own Ctrl-C handler rather than asyncio.run's task cancellation: a
        # cancellation arriving inside the HTTP client can come out as a connection
        # error, be recorded as a failed page, and the crawl would go on.
        loop = asyncio.get_running_loop()
        try:
            loop.add_signal_handler(signal.SIGINT, self._interrupt)
            handling = True
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals here
            handling = False
        try:
            while not all(worker.done() for worker in self.workers.values()):
                try:
                    await asyncio.gather(*self.workers.values())  # again if a host joined meanwhile
                except asyncio.CancelledError:
                    if not self.interrupted:
                        raise
                    break
            # Interrupted: let every cancelled worker finish its cleanup before the state closes.
            await asyncio.gather(*self.workers.values(), return_exceptions=True)
        finally:
            if handling:
                loop.remove_signal_handler(signal.SIGINT)
        if self.interrupted:
            raise KeyboardInterrupt
        return not self.stopped

    def _interrupt(self) -> None:
        self.interrupted = self.stopped = True
        for worker in self.workers.values():
            worker.cancel()

    def _start_worker(self, host: str) -> None:
        self.workers[host] = asyncio.create_task(self._worker(host))

    def _allow_host(self, host: str, start_url: str) -> None:
        """A start URL redirected to another host (bare → www, an old domain → the new one): the
        site the user asked for lives there, so its host is crawled too, in this run and on resume."""
        self.allowed_hosts.add(host)
        if host_of(start_url) in self.site_hints:
            self.site_hints.setdefault(host, self.site_hints[host_of(start_url)])
        with self.state.transaction():
            self.state.add_crawl_host(self.crawl_id, host)
        self._start_worker(host)

    def _active_hosts(self) -> list[str]:
        return sorted(h for h in self.allowed_hosts if self.block_streak.get(h, 0) < self.policy.block_limit)

    async def _worker(self, host: str) -> None:
        while not self.stopped and host in self._active_hosts():
            row = self.state.next_url(host)
            if row is None:
                # Only this run's hosts count: a resumed crawl may hold URLs of hosts not listed now.
                # A host that keeps answering with a WAF block is left, its URLs queued for the next run.
                if self.busy == 0 and self.state.earliest_queued(self._active_hosts()) is None:
                    return
                due = self.state.earliest_queued([host])
                await asyncio.sleep(0.05 if due is None else min(max(due - time.time(), 0.01), 1.0))
                continue
            if self.max_pages is not None and self.counts.pages_fetched >= self.max_pages:
                self.stopped = True
                return
            self.busy += 1
            try:
                await self._visit(row)
            finally:
                self.busy -= 1
            self.counts.pages_queued = self.state.count("queued", self.crawl_id)
            if self.on_progress:
                self.on_progress(CrawlProgress(**asdict(self.counts)))

    async def _visit(self, row: UrlRow) -> None:
        self.counts.current_url = row.url
        self.counts.pages_fetched += 1
        try:
            fetched = await self._fetch_following(row)
            with self.state.transaction():
                self._process(row, fetched)
            self.block_streak[host_of(row.url)] = 0
        except _Failure as failure:
            self._record(row, failure)
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the crawl
            self._record(row, _Failure("error", f"{type(exc).__name__}: {exc}"))

    def _record(self, row: UrlRow, failure: _Failure) -> None:
        host = host_of(row.url)
        self.block_streak[host] = self.block_streak.get(host, 0) + 1 if failure.reason == "blocked" else 0
        if failure.reason == "blocked":  # a 521/412 or a challenge page that answered 200
            self.fetcher.defer_host(host, self.policy.block_backoff)
        with self.state.transaction():
            if failure.retry_in is not None and row.attempts < self.policy.max_retries:
                self.state.retry_later(row.url, time.time() + failure.retry_in)
                self.state.record_failure(row.url, self.crawl_id, failure.reason,
                                          f"retry {row.attempts + 1} in {failure.retry_in:.1f}s; {failure.detail}",
                                          final=False)
                self.counts.retries += 1
                return
            self.state.mark_failed(row.url, self.crawl_id, failure.reason, failure.detail, failure.status)
        if failure.status == "skipped":
            self.counts.pages_skipped += 1
        else:
            self.counts.pages_failed += 1

    # --- fetching -----------------------------------------------------------------------------
    async def _fetch_robots(self, url: str) -> tuple[int | None, str]:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = await self.fetcher.get(url)
            except FetchFailed:
                return None, ""
            if response.status in REDIRECT_STATUSES and response.headers.get("location"):
                url = normalize_url(urljoin(url, response.headers["location"]))
                if host_of(url) not in self.allowed_hosts:
                    return None, ""
                continue
            return response.status, decode_html(response.body, response.content_type)
        return None, ""

    async def _check_robots(self, url: str) -> None:
        rules = await self.robots.rules_for(url)
        self.fetcher.set_crawl_delay(host_of(url), rules.crawl_delay(self.fetcher.policy.user_agent))
        if rules.status == UNAVAILABLE:
            retry_at = self.robots.retry_at(url) or time.monotonic()
            if self.robots.attempts(url) >= self.policy.robots_attempts:
                raise _Failure("robots_unavailable", "robots.txt answered 5xx or not at all")
            raise _Failure("robots_unavailable", "robots.txt 5xx/unreachable: disallowed for now",
                           retry_in=max(retry_at - time.monotonic(), 0.0))
        if not rules.allows(url, self.fetcher.policy.user_agent):
            raise _Failure("robots_disallowed", "robots.txt forbids it", status="skipped")

    def _retry_in(self, attempts: int) -> float:
        return self.policy.retry_base * 2**attempts

    async def _fetch_following(self, row: UrlRow) -> _Fetched:
        current, chain = row.url, [row.url]
        for _ in range(MAX_REDIRECTS + 1):
            host = host_of(current)
            if host not in self.allowed_hosts and row.depth == 0 and row.url in self.start_urls:
                self._allow_host(host, row.url)
            if host not in self.allowed_hosts:
                raise _Failure("offsite_redirect", current, status="skipped")
            await self._check_robots(current)
            headers = {}
            if current == row.url and row.kind in ("article", ATTACHED) and self._files_exist(row.doc_ids):
                # Lists are always fetched whole: a 304 list would hide new articles' links.
                # An article whose corpus file was deleted is fetched whole too: a 304 would leave it missing.
                if row.etag:
                    headers["If-None-Match"] = row.etag
                if row.last_modified:
                    headers["If-Modified-Since"] = row.last_modified
            try:
                response = await self.fetcher.get(current, headers)
            except FetchFailed as exc:
                permanent = exc.message in (TOO_LARGE, BAD_URL, TLS)
                raise _Failure(exc.message, exc.detail, None if permanent else self._retry_in(row.attempts)) from exc
            target, html = self._answer(response, current, row.attempts, attached=row.kind == ATTACHED)
            if target is None:
                return _Fetched(current, response, html)
            if target in chain:
                raise _Failure("redirect_loop", " → ".join([*chain, target]))
            if classify_url(target) == "attachment" and row.kind != ATTACHED:
                raise _Failure("attachment", target, status="skipped")
            chain.append(target)
            current = target
        raise _Failure("too_many_redirects", f"more than {MAX_REDIRECTS} hops from {row.url}")

    def _answer(self, response: Response, url: str, attempts: int, attached: bool = False) -> tuple[str | None, str | None]:
        """(redirect target, None), (None, page HTML), (None, None) for a 304; else _Failure.
        For an attachment (`attached`), (None, "") when its bytes came: they are in the response."""
        status = response.status
        if status in REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise _Failure("bad_redirect", f"{status} without Location")
            return normalize_url(urljoin(url, location)), None
        if status == 304:
            return None, None
        if status in BLOCK_STATUSES:
            raise _Failure("blocked", f"HTTP {status} (WAF or JS challenge)")
        if status in (404, 410):
            raise _Failure("not_found", f"HTTP {status}")
        if status in RETRY_STATUSES:
            wait = parse_retry_after(response.headers.get("retry-after"))
            if wait is not None:
                if wait > self.policy.max_retry_after:
                    raise _Failure(f"http_{status}", f"Retry-After {wait:.0f}s: left for the next crawl")
                self.fetcher.defer_host(host_of(url), wait)
            raise _Failure(f"http_{status}", "server busy or failing", self._retry_in(attempts) if wait is None else wait)
        if status != 200:
            raise _Failure(f"http_{status}", f"HTTP {status}")
        ctype = response.content_type.split(";")[0].strip().lower()
        if attached:
            # Servers label files every way (octet-stream, msword, none): the bytes tell. HTML is an error page.
            if not is_document_file(response.body):
                raise _Failure("attachment_not_a_file", ctype or "no content type", status="skipped")
            return None, ""
        if ctype and not ctype.startswith(HTML_TYPES):
            raise _Failure("not_html", ctype, status="skipped")
        html = decode_html(response.body, response.content_type)
        refresh = find_meta_refresh(html, url)
        if refresh and refresh != url:
            return refresh, None
        return None, html

    # --- processing one page (inside the page's transaction) ----------------------------------
    def _process(self, row: UrlRow, fetched: _Fetched) -> None:
        url = fetched.url
        if url != row.url:
            if self.state.url_status(url, self.crawl_id) == "done":
                self.state.mark_done(row.url, keep_validators=True)  # reached before under its own URL
                return
            self.state.mark_alias(url, host_of(url), classify_url(url), self.crawl_id)
        if fetched.html is None:  # 304: the stored documents still stand
            self.state.mark_done(row.url, keep_validators=True)
            self.counts.documents_unchanged += len(row.doc_ids)
            return
        if row.kind == ATTACHED:
            self._process_attachment(row, fetched)
            return
        html = fetched.html
        problem = page_problem(html)
        if problem:
            raise _Failure(*problem)
        links = find_links(html, url)
        kind = row.kind if url == row.url else classify_url(url)  # a redirect's target has its own shape
        if kind not in ("article", "list"):
            kind = guess_kind(html, links)
        self._enqueue_links(links, row, kind)
        self._mark_stored(row, fetched, (lambda: self._store_documents(html, url, links)) if kind == "article" else None)

    def _process_attachment(self, row: UrlRow, fetched: _Fetched) -> None:
        def store() -> list[str]:
            try:
                text = file_text(fetched.response.body)
            except IngestError as exc:
                raise _Failure("unreadable_attachment", str(exc)) from exc
            defaults = self._site_defaults(fetched.url) | self.state.attachment_hints(row.url)  # the notice's say
            documents = documents_from_text(text, fetched.url, fetched=now_iso(), defaults=defaults)
            if not documents:
                raise _Failure("unreadable_attachment", "no document text in the file")
            return [self._store_document(doc, fetched.url) for doc in documents]

        self._mark_stored(row, fetched, store)

    def _mark_stored(self, row: UrlRow, fetched: _Fetched, store: Callable[[], list[str]] | None) -> None:
        """Store the answer's documents when its bytes changed (or its files went missing), then mark it
        done with its validators. `store` None: a page that holds no document (a list)."""
        content_hash = hashlib.sha256(fetched.response.body).hexdigest()
        doc_ids = row.doc_ids
        if store is not None:
            if content_hash != row.content_hash or not self._files_exist(row.doc_ids):
                doc_ids = store()
            else:
                self.counts.documents_unchanged += len(row.doc_ids)
        headers = fetched.response.headers
        self.state.mark_done(row.url, etag=headers.get("etag"), last_modified=headers.get("last-modified"),
                             content_hash=content_hash, doc_ids=doc_ids)

    def _site_defaults(self, url: str) -> dict[str, str]:
        """The region, province and level a sites file gives the host: gap fillers only."""
        site = self.site_hints.get(host_of(url), {})
        return {k: str(site.get(k, "")) for k in ("region", "province", "level")}

    def _files_exist(self, doc_ids: list[str]) -> bool:
        return bool(doc_ids) and all(document_path(self.corpus_dir, i).exists() for i in doc_ids)

    def _enqueue_links(self, links: PageLinks, row: UrlRow, kind: str) -> None:
        depth = row.depth + 1
        wanted = [(u, "article") for u in links.articles] + [(u, "list") for u in links.lists + links.pagination]
        if kind != "article" and depth <= MAX_PAGE_DEPTH:
            wanted += [(u, "page") for u in links.pages]
        if kind == "article":  # a plan is often the file attached to its notice: read it too
            wanted += [(a["url"], ATTACHED) for a in links.attachments if readable_attachment(a["url"], a.get("name", ""))]
        for url, url_kind in wanted:
            if host_of(url) in self.allowed_hosts:  # never another host unless it is listed
                self.state.enqueue(url, host_of(url), url_kind, depth, self.crawl_id)

    def _store_documents(self, html: str, url: str, links: PageLinks) -> list[str]:
        page = extract_page(html, url)
        # The page's own metadata (meta tags, disclosure table) wins over what the text says;
        # the site's region and level only fill gaps.
        hints = {"title": page.title, "published": page.published, "issuer": page.meta.get("发文机关", ""),
                 "doc_number": normalize_doc_number(page.meta.get("发文字号", ""))}
        # The info line's date (发布时间：…) only fills a gap: a signature's date is the document's own.
        defaults = {**self._site_defaults(url), "published": page.posted}
        attachments = _merge_attachments(page.attachments, links.attachments)
        documents = documents_from_text(page.text, url, fetched=now_iso(), hints=hints, defaults=defaults)
        ids: list[str] = []
        for doc in documents:
            doc.attachments = attachments
            ids.append(self._store_document(doc, url))
        if documents:
            # A plan attached to its notice was issued by whom and when the notice says, unless it says so itself.
            said = {k: getattr(documents[0], k) for k in ATTACHMENT_HINTS if getattr(documents[0], k)}
            for attachment in attachments:
                suffix = readable_attachment(attachment["url"], attachment.get("name", ""))
                if suffix:
                    # Its link text (重点任务分解表.docx) is its title where its own text states none.
                    name = attachment.get("name", "").strip()
                    title = name[: -len(suffix)] if name.lower().endswith(suffix) else name
                    self.state.save_attachment_hints(attachment["url"], {**said, "title": title.strip()} if title else said)
        return ids

    def _store_document(self, doc: Document, url: str) -> str:
        minhash, latest = make_minhash(doc.body), latest_date(doc.body)
        duplicate = self.dupes.find_duplicate(minhash, latest, exclude=doc.id)
        if duplicate is not None:
            stored = self.state.document(duplicate)
            if stored is not None and stored.source != url:
                self._add_source(stored, url)
                self.counts.duplicates += 1
                return duplicate
            if stored is not None:
                # Same page, same text, new title: the document was retitled, not added;
                # it keeps its id rather than leaving its old file behind as a duplicate.
                doc.id = duplicate
        stored = self.state.document(doc.id)
        doc.sources = list(stored.sources if stored else [])
        if url not in doc.sources:
            doc.sources.insert(0, url)
        existed = document_path(self.corpus_dir, doc.id).exists()
        _, changed = write_document(self.corpus_dir, doc)
        if not existed:
            self.counts.documents_new += 1
        elif changed:
            self.counts.documents_changed += 1
        else:
            self.counts.documents_unchanged += 1
        self.state.save_document(StoredDocument(doc.id, url, minhash_to_bytes(minhash), latest, doc.sources))
        self.dupes.add(doc.id, minhash, latest)
        return doc.id

    def _add_source(self, stored: StoredDocument, url: str) -> None:
        """A repost: one more source URL for the document we already have."""
        if url in stored.sources:
            self.counts.documents_unchanged += 1
            return
        stored.sources.append(url)
        path = document_path(self.corpus_dir, stored.id)
        if path.exists():
            doc = read_document(path)
            doc.sources = list(stored.sources)
            write_document(self.corpus_dir, doc)
        self.state.save_document(stored)


def _merge_attachments(*groups: Iterable[dict[str, str]] | None) -> list[dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for group in groups:
        for item in group or []:
            if item.get("url") and item["url"] not in merged:
                merged[item["url"]] = {"url": item["url"], "name": item.get("name", "")}
    return list(merged.values())


# --- public entry points ---------------------------------------------------------------------
def crawl(
    start_urls: Iterable[str],
    corpus_dir: Path | str,
    state_path: Path | str,
    delay: float = 1.0,
    max_pages: int | None = None,
    sites: Path | str | list[dict[str, Any]] | None = None,
    progress: Callable[[CrawlProgress], None] | None = None,
    *,
    fetch_policy: FetchPolicy | None = None,
    policy: CrawlPolicy | None = None,
) -> CrawlReport:
    """Crawl the start URLs (and the sites' homes and columns) into corpus_dir.

    Stays on their hosts; `delay` is the least pause between two requests to one host.
    An unfinished earlier crawl in state_path is resumed, a finished one is revisited
    with conditional requests. `max_pages` stops after that many page fetches.
    """
    urls = [check_url(u) for u in start_urls]
    if isinstance(sites, (str, Path)):
        site_list = load_sites(sites)
    else:
        site_list = [check_site(site, f"site #{n}") for n, site in enumerate(sites or [], start=1)]
    if not urls and not any(site_urls(site) for site in site_list):
        raise CrawlInputError("没有起始网址", "give start URLs or a sites file (--sites sites.toml)")
    if delay < 0:
        raise CrawlInputError(f"--delay 不能为负：{delay}", "seconds between two requests to one host")
    fetch_policy = replace(fetch_policy or FetchPolicy(), delay=delay)
    return asyncio.run(_crawl(urls, Path(corpus_dir), Path(state_path), site_list,
                              fetch_policy, policy or CrawlPolicy.for_delay(delay), max_pages, progress))


async def _crawl(start_urls: list[str], corpus_dir: Path, state_path: Path, sites: list[dict[str, Any]],
                 fetch_policy: FetchPolicy, policy: CrawlPolicy, max_pages: int | None,
                 progress: Callable[[CrawlProgress], None] | None) -> CrawlReport:
    started = time.monotonic()
    state = open_state(state_path)
    other_corpus = state.bind_corpus(corpus_dir)
    if other_corpus is not None:
        state.close()
        raise CrawlInputError(f"抓取状态 {state_path} 属于另一个语料库：{other_corpus}",
                              f"a crawl state serves one corpus; give --state another file for {corpus_dir}")
    fetcher = Fetcher(fetch_policy)
    try:
        crawler = Crawler(start_urls, corpus_dir, state, fetcher, sites, policy, max_pages, progress)
        finished = await crawler.run()
        counts = crawler.counts
        counts.current_url = ""
        counts.pages_queued = state.count("queued", crawler.crawl_id)
        reasons = Counter(reason for _, reason, _, _ in state.failures(crawler.crawl_id))
        report = CrawlReport(crawler.crawl_id, crawler.resumed, finished, time.monotonic() - started,
                             counts, dict(reasons.most_common()),
                             sorted(crawler.allowed_hosts - set(crawler._active_hosts())))
        if finished:
            state.finish_crawl(crawler.crawl_id, report.to_dict())
        if progress:
            progress(CrawlProgress(**asdict(counts)))
        return report
    finally:
        await fetcher.close()
        state.close()


def open_state(state_path: Path | str) -> CrawlState:
    """The crawl state at state_path; a file that is not one is a CrawlInputError, not a traceback."""
    try:
        return CrawlState(state_path)
    except (sqlite3.DatabaseError, OSError) as exc:
        raise CrawlInputError(f"无法打开抓取状态文件：{state_path}", f"{type(exc).__name__}: {exc}") from None


def format_failure_report(state_path: Path | str) -> str:
    """The last crawl's failures grouped by reason, for `rendakb crawl --report`."""
    if not Path(state_path).exists():
        return "No crawl has been run yet."
    state = open_state(state_path)
    try:
        crawl_id = state.last_crawl_id()
        if crawl_id is None:
            return "No crawl has been run yet."
        failures = state.failures(crawl_id)
        retried = state.failures(crawl_id, final=False)
        started, finished, summary = state.crawl_info(crawl_id)
        if finished:
            lines = [f"Crawl {crawl_id}: started {started}, finished {finished}."]
        else:
            lines = [f"Crawl {crawl_id}: started {started}, not finished (stopped or interrupted): "
                     "run the same crawl again to resume it."]
        if summary:
            p = summary["progress"]
            lines.append(f"Pages: {p['pages_fetched']} fetched, {p['pages_failed']} failed, {p['pages_skipped']} skipped; "
                         f"documents: {p['documents_new']} new, {p['documents_changed']} changed, "
                         f"{p['documents_unchanged']} unchanged, {p['duplicates']} duplicates.")
            if summary.get("abandoned_hosts"):
                lines.append("Hosts left for the next crawl (they kept blocking us): " + ", ".join(summary["abandoned_hosts"]))
        lines.append(f"{len(failures)} failed or skipped pages, {len(retried)} transient errors retried.")
        groups: dict[str, list[tuple[str, str, str]]] = {}
        for url, reason, detail, when in failures:
            groups.setdefault(reason, []).append((url, detail, when))
        for reason, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"\n{reason} ({len(items)})")
            lines += [f"  {when}  {url}" + (f"  — {detail}" if detail else "") for url, detail, when in items]
        return "\n".join(lines)
    finally:
        state.close()
