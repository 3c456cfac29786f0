"""The search service: clause search with facets, responsibility lookup, units and documents.

Answers in index.results types only; Whoosh stays behind this module.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.idsets import BitSet
from whoosh.searching import Searcher

from . import ranking
from .analysis import INDEX_FORMAT_VERSION, is_word
from .build import FORMAT_FILE, current_generation
from .core.data import read_data
from .core.errors import DocumentNotFound, IndexNotReady, QueryError, UnitNotFound
from .core.model import Clause, Document, ParsedDocument, TaskAssignment, Unit
from .core.requirements import Requirement
from .core.topics import load_taxonomy
from .expansion import load_tables
from .filters import KnownValues, ResolvedFilters, did_you_mean, near_values, read_region, resolve_filters
from .matching import IndexVocabulary, excluded_docs, plan_query
from .postings import PostingsCache
from .query import (
    FILTER_FIELDS,
    ParsedQuery,
    check_searchable,
    filter_query,
    has_symbols,
    highlight_text,
    merge_filters,
    own_place_notices,
    parse_query,
    segment,
)
from .results import (
    SORTS,
    Answers,
    DocumentSummary,
    Hit,
    SearchFilters,
    SearchRequest,
    SearchResults,
    UnitSummary,
    UnitTask,
)
from .schema import (
    CLAUSE,
    DOCUMENT,
    FACET_COLUMNS,
    LIST_LEAD,
    SECTION,
    UNIT_SEPARATOR,
    clause_content,
    is_container,
    merge_assignments,
)

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
MAX_PAGE = 1000  # deeper pages are not browsed; a bound keeps paging cheap for any input
PER_DOCUMENT_ON_PAGE = 3
MAX_FACET_VALUES = 50
MAX_SUGGESTIONS = 3
MAX_UNIT_HINTS = 5
FILTER_CACHE_SIZE = 64
DEFAULT_REFRESH_SECONDS = 5.0
# Unit names written without their region, as plans write them (县财政局, 各乡镇党委).
ELLIPTICAL_STARTS = ("县", "市", "区", "州", "旗", "乡", "镇", "各")


def _check_paging(page: int, size: int) -> None:
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        raise QueryError(f"页码应在 1 到 {MAX_PAGE} 之间", f"page must be between 1 and {MAX_PAGE}, not {page!r}")
    if not isinstance(size, int) or not 1 <= size <= MAX_PAGE_SIZE:
        raise QueryError(f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间", f"size must be between 1 and {MAX_PAGE_SIZE}, not {size!r}")


class _Generation:
    """One opened index generation: the Whoosh index, per-thread searchers and column tables."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ix = _open_whoosh(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._documents: dict[str, dict[str, Any]] | None = None
        self._units: UnitTable | None = None
        self._requirement_keys: dict[str, int] | None = None
        self._core: frozenset[str] | None = None
        self._known: KnownValues | None = None
        self._searchers: list[Searcher] = []
        self._filters: OrderedDict[str, BitSet] = OrderedDict()
        self._keys: dict[int, tuple[str, str]] = {}
        with self.ix.reader() as reader:
            self.columns = {
                name: list(reader.column_reader(name))
                for name in (*FACET_COLUMNS, "doc_id", "entry_type", "shape", "published")
            }
            self.columns["unit"] = [
                [u for u in raw.decode("utf-8").split(UNIT_SEPARATOR) if u]
                for raw in reader.column_reader("unit_facet")
            ]
            self.columns["topic"] = [
                [t for t in raw.decode("utf-8").split(UNIT_SEPARATOR) if t]
                for raw in reader.column_reader("topic_facet")
            ]
            # Columns still hold the entries an incremental build deleted: the summary of
            # a removed or replaced document must not be listed.
            deleted = (
                {d for d in range(reader.doc_count_all()) if reader.is_deleted(d)} if reader.has_deletions() else set()
            )
            self.deleted = frozenset(deleted)
            self.summaries = [b"" if d in deleted else raw for d, raw in enumerate(reader.column_reader("summary"))]
            self.postings = PostingsCache(reader.doc_count_all())

    def searcher(self) -> Searcher:
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher()
            with self._lock:
                self._searchers.append(searcher)
        return searcher

    def filter_docs(self, searcher: Searcher, restrict: wq.Query) -> BitSet:
        """The docnums a filter query allows, cached: the same few filters come again and again."""
        key = repr(restrict)
        with self._lock:
            cached = self._filters.get(key)
            if cached is not None:
                self._filters.move_to_end(key)
                return cached
        docs = BitSet(searcher.docs_for_query(restrict), size=searcher.doc_count_all())
        with self._lock:
            self._filters[key] = docs
            while len(self._filters) > FILTER_CACHE_SIZE:
                self._filters.popitem(last=False)
        return docs

    def clause_key(self, searcher: Searcher, docnum: int) -> tuple[str, str]:
        """(document title, clause text): equal for the same provision in two copies of a document."""
        key = self._keys.get(docnum)
        if key is None:
            payload = json.loads(searcher.stored_fields(docnum)["payload"])
            clause = payload["clause"]
            text = "".join(clause_content(clause.get("heading", ""), clause["text"]).split())
            key = self._keys[docnum] = (payload["doc"].get("title", ""), text)
        return key

    def priors(
        self, searcher: Searcher, docnums: list[int], intents: set[str], preferred: set[int] | None = None
    ) -> dict[int, float]:
        """Per clause, what its shape and the query's intent make of its score (index.ranking)."""
        shape = self.columns["shape"]
        priors = {d: ranking.SECTION_PRIOR for d in docnums if shape[d] == SECTION}
        for d in docnums:
            if preferred and d in preferred:
                priors[d] = priors.get(d, 1.0) * ranking.PREFER_PRIOR
        core, doc_of = self.core_documents(), self.columns["doc_id"]
        for d in docnums:
            if doc_of[d] in core:
                priors[d] = priors.get(d, 1.0) * ranking.CORE_DOCUMENT_PRIOR
        if "list" in intents:
            for d in docnums:
                if shape[d] == LIST_LEAD:
                    priors[d] = priors.get(d, 1.0) * ranking.LIST_PRIOR
        if "responsibility" in intents:
            assigned = self.filter_docs(searcher, wq.Term("has_assignment", True))
            for d in docnums:
                if d in assigned:
                    priors[d] = priors.get(d, 1.0) * ranking.RESPONSIBILITY_PRIOR
        return priors

    def close(self) -> None:
        with self._lock:
            for searcher in self._searchers:
                searcher.close()
            self._searchers.clear()

    def documents(self) -> dict[str, dict[str, Any]]:
        """doc id → summary (metadata, counts, assignments), in index order."""
        with self._lock:
            if self._documents is None:
                self._documents = {}
                for docnum, kind in enumerate(self.columns["entry_type"]):
                    if kind == DOCUMENT and self.summaries[docnum]:
                        summary = json.loads(self.summaries[docnum].decode("utf-8"))
                        self._documents[summary["doc_id"]] = summary
            return self._documents

    def core_documents(self) -> frozenset[str]:
        """Ids of the documents on congress or party-committee work (index/data/core_documents.toml)."""
        documents = self.documents()
        with self._lock:
            if self._core is None:
                words = _core_title_words()
                self._core = frozenset(i for i, d in documents.items() if any(w in d.get("title", "") for w in words))
            return self._core

    def requirement_keys(self) -> dict[str, int]:
        """Every requirement key the clauses state → how many clauses state it, most first."""
        with self._lock:
            if self._requirement_keys is None:
                with self.ix.reader() as reader:
                    counts = {
                        term.decode("utf-8") if isinstance(term, bytes) else term: reader.doc_frequency("requirement_keys", term)
                        for term in reader.lexicon("requirement_keys")
                    }
                self._requirement_keys = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
            return self._requirement_keys

    def units(self) -> UnitTable:
        documents = self.documents()
        with self._lock:
            if self._units is None:
                self._units = UnitTable.from_summaries(documents.values())
            return self._units

    def known_values(self) -> KnownValues:
        """The filter values the live clauses hold, with their counts, for reading typed filters."""
        units = self.units()
        with self._lock:
            if self._known is None:
                live = [
                    d for d, kind in enumerate(self.columns["entry_type"]) if kind == CLAUSE and d not in self.deleted
                ]
                counts = {
                    name: dict(Counter(v for v in (self.columns[name][d] for d in live) if v))
                    for name in ("region", "province", "level", "kind", "year", "issuer")
                }
                self._known = KnownValues(
                    **counts,
                    unit={c: tuple(e["names"]) for c, e in units.entries.items()},
                    topic=tuple(t.name for t in load_taxonomy().topics),
                )
            return self._known


@functools.cache
def _core_title_words() -> tuple[str, ...]:
    return tuple(read_data("core_documents.toml")["title_words"])


def _open_whoosh(path: Path) -> Any:
    try:
        version = (path / FORMAT_FILE).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise IndexNotReady(
            f"索引不完整：{path}", f"the index is incomplete (no {FORMAT_FILE} file): rebuild it with `rendakb index`"
        ) from exc
    if version != INDEX_FORMAT_VERSION:
        raise IndexNotReady(
            f"索引格式已过时：{path}",
            f"the index has format {version!r}, this rendakb reads {INDEX_FORMAT_VERSION!r}: rebuild it with `rendakb index`",
        )
    try:
        return whoosh_index.open_dir(str(path))
    except Exception as exc:
        raise IndexNotReady(f"索引无法打开：{path}", f"the index cannot be opened ({exc}): rebuild it with `rendakb index`") from exc


class SearchService:
    """Searches one index directory; safe to share between threads (each gets its own searcher)."""

    def __init__(self, index_dir: Path, generation: _Generation, refresh_interval: float | None = None) -> None:
        self.index_dir = Path(index_dir)
        self._refresh_interval = refresh_interval
        self._checked = time.monotonic()
        self._generation_now = generation
        self._swap_lock = threading.Lock()
        self._retired: _Generation | None = None

    @classmethod
    def open(cls, index_dir: Path, refresh_interval: float | None = DEFAULT_REFRESH_SECONDS) -> SearchService:
        """Open the live generation; with `refresh_interval` (seconds), pick up new builds by itself.

        None: only when refresh() is called.
        """
        return cls(Path(index_dir), cls._load(Path(index_dir)), refresh_interval)

    @property
    def _generation(self) -> _Generation:
        if self._refresh_interval is not None and time.monotonic() - self._checked > self._refresh_interval:
            self._checked = time.monotonic()
            # A broken new generation: keep answering from the one we have.
            with contextlib.suppress(IndexNotReady):
                self.refresh()
        return self._generation_now

    @staticmethod
    def _load(index_dir: Path) -> _Generation:
        path = current_generation(index_dir)
        if path is None or not path.is_dir():
            raise IndexNotReady(f"还没有索引：{index_dir}", "there is no index yet: build it with `rendakb index`")
        return _Generation(path)

    def refresh(self) -> bool:
        """Switch to the live generation if a build swapped in a new one; True when it did."""
        live = current_generation(self.index_dir)
        if live is None or live == self._generation_now.path:
            return False
        generation = self._load(self.index_dir)
        with self._swap_lock:
            # The generation replaced last time is closed now, not at once: a query
            # running in another thread may still be reading the one just replaced.
            if self._retired is not None:
                self._retired.close()
            self._retired, self._generation_now = self._generation_now, generation
        return True

    def close(self) -> None:
        with self._swap_lock:
            for generation in (self._retired, self._generation_now):
                if generation is not None:
                    generation.close()
            self._retired = None

    @property
    def generation(self) -> str:
        return self._generation.path.name

    # -- clause search -------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResults:
        parsed = parse_query(request.q)
        _check_paging(request.page, request.size)
        if request.sort not in SORTS:
            raise QueryError(f"排序方式应为 {'、'.join(SORTS)} 之一", f"sort must be one of {', '.join(SORTS)}, not {request.sort!r}")
        generation = self._generation
        searcher = generation.searcher()
        filters = merge_filters(request.filters, parsed.filters)
        check_searchable(parsed, filters)
        resolved = self._resolve(generation, filters)
        ranked, scores, words, partial = self._match_words(
            generation, parsed, resolved, sort=request.sort, fill=request.size
        )
        doc_of = generation.columns["doc_id"]
        page = select_page(
            ranked, doc_of.__getitem__, request.page, request.size, same=lambda d: generation.clause_key(searcher, d)
        )
        words = highlight_words(parsed, words)
        hits = [self._hit(searcher, docnum, scores.get(docnum, 0.0), words) for docnum in page]
        for docnum, hit in zip(page, hits, strict=True):
            hit.partial = docnum in partial
        return SearchResults(
            total=len(ranked),
            page=request.page,
            size=request.size,
            hits=hits,
            facets=count_facets(generation.columns, ranked),
            suggestions=suggest_queries(searcher, request.q, parsed, generation.postings),
            notices=resolved.notices + own_place_notices(request.q, filters),
        )

    def responsibility(self, q: str, region: str = "", limit: int = 10) -> Answers:
        """Clauses with a task assignment that answer `q`, best first (one hit per governed clause)."""
        parsed = parse_query(q)
        _check_paging(1, limit)
        filters = merge_filters(SearchFilters(region=region), parsed.filters)
        check_searchable(parsed, filters)
        generation = self._generation
        searcher = generation.searcher()
        resolved = self._resolve(generation, filters)
        ranked, scores, words, _ = self._match_words(
            generation, parsed, resolved, extra=wq.Term("has_assignment", True), fill=limit
        )
        words = highlight_words(parsed, words)
        hits = [self._hit(searcher, d, scores.get(d, 0.0), words) for d in ranked[:limit]]
        return Answers(hits, notices=resolved.notices + own_place_notices(q, filters))

    def clauses(
        self, filters: SearchFilters, q: str = "", requirement_key: str = "", limit: int = 2000
    ) -> list[Hit]:
        """Every clause the filters allow, with `requirement_key` (kind:subject) when given.

        With `q`, only clauses matching all of it, best first; without, in index order. At most `limit`.
        """
        parsed = parse_query(q) if q.strip() else ParsedQuery()
        filters = merge_filters(filters, parsed.filters)
        extra = wq.Term("requirement_keys", requirement_key) if requirement_key else None
        generation = self._generation
        searcher = generation.searcher()
        # fill=0: the strict pass only; "any word" matches are no answer to "what do the regions say on X".
        ranked, scores = self._match(generation, parsed, self._resolve(generation, filters), extra=extra, fill=0)
        words = highlight_words(parsed)
        return [self._hit(searcher, d, scores.get(d, 0.0), words) for d in ranked[:limit]]

    @staticmethod
    def _resolve(generation: _Generation, filters: SearchFilters) -> ResolvedFilters:
        if not any(getattr(filters, name) for name in FILTER_FIELDS):
            return ResolvedFilters()  # without reading the known values: most searches have no filter
        return resolve_filters(filters, generation.known_values(), load_tables())

    def _match(
        self,
        generation: _Generation,
        parsed: ParsedQuery,
        filters: ResolvedFilters,
        sort: str = "relevance",
        extra: wq.Query | None = None,
        fill: int = 1,
    ) -> tuple[list[int], dict[int, float]]:
        ranked, scores, _, _ = self._match_words(generation, parsed, filters, sort, extra, fill)
        return ranked, scores

    def _match_words(
        self,
        generation: _Generation,
        parsed: ParsedQuery,
        filters: ResolvedFilters,
        sort: str = "relevance",
        extra: wq.Query | None = None,
        fill: int = 1,
    ) -> tuple[list[int], dict[int, float], list[str], set[int]]:
        """Docnums of every matching clause in result order, their scores, the words to highlight, and
        the partial matches among them (those filling up a page, with only part of the query).

        A clause matches when it covers enough of the query (index.ranking); when
        fewer than `fill` do, the best-covered ones follow. `fill=0`: only clauses
        having every concept of the query, in any of its forms (QueryPlan.having_every_concept).
        """
        if filters.impossible:  # a filter value that names nothing in the corpus (its notice says so)
            return [], {}, [], set()
        searcher = generation.searcher()
        restrict = generation.filter_docs(searcher, filter_query(filters.groups, extra))
        if not restrict:  # Whoosh reads an empty filter as no filter at all
            return [], {}, [], set()
        masked = excluded_docs(generation.postings, searcher, parsed.excluded)
        plan = plan_query(searcher, parsed, generation.postings)
        if not plan.matched:  # no words: every clause the filters allow, in document order
            ranked = [d for d in restrict if d not in masked]
            return (sort_by_date(generation.columns, ranked, {}) if sort == "date" else ranked), {}, [], set()
        allowed = set(restrict) - masked
        for place in plan.required:  # 南京 高空抛物: Nanjing's clauses only
            allowed &= place
        candidates = set().union(*plan.own) & allowed
        coverage = ranking.measure_coverage(candidates, plan.credits, plan.weights)
        if fill == 0:
            chosen = plan.having_every_concept(candidates)
        else:
            chosen = ranking.select_matches(coverage, fill, plan.topical(candidates, ranking.FILL_FLOOR))
        if not chosen:
            return [], {}, plan.words, set()
        raw = plan.score(chosen)
        priors = generation.priors(searcher, chosen, plan.expanded.intents, plan.preferred)
        scores = ranking.final_scores(chosen, raw, coverage, priors)
        partial: set[int] = set()
        if fill > 0:
            scores = ranking.trim_fill(scores, coverage, fill)
            partial = ranking.partial_matches(scores, coverage)
        if sort == "date":
            return sort_by_date(generation.columns, list(scores), scores), scores, plan.words, partial
        return ranking.order_by_score(scores), scores, plan.words, partial

    def _hit(self, searcher: Searcher, docnum: int, score: float, words: list[str]) -> Hit:
        payload = json.loads(searcher.stored_fields(docnum)["payload"])
        hit = hit_from_payload(payload, score, words)
        parent_id = payload["clause"].get("parent_id")
        parent = searcher.document_number(key=parent_id) if parent_id else None
        if parent is not None:
            clause = json.loads(searcher.stored_fields(parent)["payload"])["clause"]
            hit.parent = clause_content(clause.get("heading", ""), clause["text"])
        return hit

    # -- units ----------------------------------------------------------------------

    def units(self, q: str = "", region: str = "") -> list[UnitSummary]:
        found = self._generation.units().summaries(q)
        if not region.strip():
            return found
        places = set(self.region_names(region))  # 望川 → 望川县, as the search filters read it
        return [u for u in found if places & set(u.regions)]

    def unit_tasks(self, name: str) -> list[UnitTask]:
        table = self._generation.units()
        canonicals = table.resolve(name, canonical_candidates(name, table.regions()))
        if not canonicals:
            # A part of a name (财政局, 组织部) finds the units it names: offer them by name.
            typed = name.strip()
            near = [u.name for u in table.summaries(q=typed)][:MAX_UNIT_HINTS] if typed else []
            hint = f"；名称含“{typed}”的单位有：{'、'.join(near)}" if near else ""
            english = f"; units with it in their name: {', '.join(near)}" if near else ""
            if typed and not near:  # 县财正局: a mistyped character
                near = near_values(typed, [u.name for u in table.summaries()])
                hint = did_you_mean(near)
                english = f"; did you mean {', '.join(near)}?" if near else ""
            raise UnitNotFound(f"没有找到单位「{name}」{hint}", f"no unit named {name!r}{english}")
        searcher = self._generation.searcher()
        tasks: list[UnitTask] = []
        for role, clause_id in table.tasks(canonicals):
            docnum = searcher.document_number(key=clause_id)
            if docnum is not None:
                tasks.append(UnitTask(role, self._hit(searcher, docnum, 0.0, [])))
        return tasks

    def requirement_keys(self) -> dict[str, int]:
        """The requirement keys (kind:subject) clauses state, with their clause counts, most first."""
        return self._generation.requirement_keys()

    # -- documents --------------------------------------------------------------------

    def region_names(self, typed: str) -> list[str]:
        """The regions of the corpus a typed place means: 渭源 → 渭源县; a province → the regions in it."""
        generation = self._generation
        terms = read_region(typed, generation.known_values())
        names = [value for name, value in terms if name == "region"]
        provinces = {value for name, value in terms if name == "province"}
        if provinces:
            inside = Counter(s["region"] for s in generation.documents().values() if s.get("province") in provinces)
            names += [r for r, _ in sorted(inside.items(), key=lambda kv: (-kv[1], kv[0])) if r]
        return names

    def region_notices(self, typed: str) -> list[str]:
        """How a typed region is read, or that the corpus has none such, in the words search uses."""
        if not typed.strip():
            return []
        return self._resolve(self._generation, SearchFilters(region=typed)).notices

    def near_regions(self, typed: str) -> list[str]:
        """The regions a mistyped place likely meant (渭原 → 渭源县), for "no such region" messages."""
        known = self._generation.known_values().region
        return near_values(typed, sorted(known, key=lambda r: (-known[r], r)))

    def documents(
        self, region: str = "", kind: str = "", page: int = 1, size: int = 20
    ) -> tuple[int, list[DocumentSummary]]:
        _check_paging(page, size)
        places = set(self.region_names(region)) if region.strip() else None  # 望川 → 望川县
        chosen = [
            s
            for s in self._generation.documents().values()
            if (places is None or s["region"] in places) and (not kind or s["kind"] == kind)
        ]
        chosen.sort(key=lambda s: (s["published"], s["title"]), reverse=True)
        start = (page - 1) * size
        return len(chosen), [summary_from_dict(s) for s in chosen[start : start + size]]

    def document(self, doc_id: str) -> ParsedDocument:
        searcher = self._generation.searcher()
        docnum = searcher.document_number(key=f"doc:{doc_id}")
        if docnum is None:
            raise DocumentNotFound(f"没有编号为「{doc_id}」的文件", f"no document with id {doc_id!r}")
        payload = json.loads(searcher.stored_fields(docnum)["payload"])
        meta = dict(payload["document"])
        body = meta.pop("body", "")
        meta.pop("sha256", None)
        return ParsedDocument(
            Document(body=body, **meta),
            [Clause.from_dict(c) for c in payload["clauses"]],
            [TaskAssignment.from_dict(a) for a in payload["assignments"]],
        )

    def document_ids_and_hashes(self) -> dict[str, str]:
        """doc id → sha256 of the body as indexed, for incremental indexing."""
        return {doc_id: s.get("sha256", "") for doc_id, s in self._generation.documents().items()}


# -- results ---------------------------------------------------------------------------


def select_page(
    ranked: list[int],
    doc_of: Callable[[int], str],
    page: int,
    size: int,
    same: Callable[[int], Hashable] | None = None,
) -> list[int]:
    """The docnums of one page, at most PER_DOCUMENT_ON_PAGE from one document.

    A clause pushed off a page by the cap moves to the next page; a page is topped up
    with pushed-off clauses only when no other document is left to fill it. With
    `same`, a clause equal to one already shown (the same provision in two copies of a
    regulation) is left out.
    """
    rank = {docnum: i for i, docnum in enumerate(ranked[: (page + 1) * size * 4])}
    remaining = ranked
    taken: list[int] = []
    shown: set[Hashable] = set()

    def fresh(docnum: int) -> bool:
        return same is None or same(docnum) not in shown

    def show(docnum: int) -> None:
        taken.append(docnum)
        if same is not None:
            shown.add(same(docnum))

    for _ in range(page):
        if not remaining:
            return []
        taken, skipped = [], []
        counts: Counter[str] = Counter()
        position = len(remaining)
        for i, docnum in enumerate(remaining):
            if len(taken) == size:
                position = i
                break
            if not fresh(docnum):
                continue
            doc = doc_of(docnum)
            if counts[doc] < PER_DOCUMENT_ON_PAGE:
                show(docnum)
                counts[doc] += 1
            else:
                skipped.append(docnum)
        rest = remaining[position:]
        if len(taken) < size and skipped:
            left = []
            for docnum in skipped:
                if len(taken) < size and fresh(docnum):
                    show(docnum)
                else:
                    left.append(docnum)
            skipped = left
            taken.sort(key=lambda d: rank.get(d, len(rank)))
        remaining = skipped + rest
    return taken


def count_facets(columns: dict[str, list[Any]], docnums: list[int]) -> dict[str, dict[str, int]]:
    counters: dict[str, Counter[str]] = {
        name: Counter() for name in ("region", "level", "kind", "year", "issuer", "unit", "topic")
    }
    for docnum in docnums:
        for name in ("region", "level", "kind", "year", "issuer"):
            value = columns[name][docnum]
            if value:
                counters[name][value] += 1
        counters["unit"].update(columns["unit"][docnum])
        counters["topic"].update(columns["topic"][docnum])
    return {name: dict(counter.most_common(MAX_FACET_VALUES)) for name, counter in counters.items()}


def sort_by_date(columns: dict[str, list[Any]], docnums: list[int], scores: dict[int, float]) -> list[int]:
    """Newest first; within a date, best first."""
    published = columns["published"]
    by_score = sorted(docnums, key=lambda d: (-scores.get(d, 0.0), d))
    return sorted(by_score, key=lambda d: published[d] or "", reverse=True)


def highlight_words(parsed: ParsedQuery, found: list[str] | None = None) -> list[str]:
    """The typed words and every form a search found (synonyms, expansions), to mark in hits."""
    words: list[str] = list(found or [])
    for text in parsed.positive:
        words.append(text)
        words += segment(text)
    return [w for w in words if w and is_word(w) or has_symbols(w)]


def suggest_queries(searcher: Searcher, q: str, parsed: ParsedQuery, postings: PostingsCache) -> list[str]:
    """"Did you mean": typed words the index does not know, each replaced by close words it does.

    Close means one edit away, looked for among words with the same first character
    (bounded like fuzzy terms), the most frequent first.
    """
    reader = searcher.reader()
    tables = load_tables()
    # Question words, and words the synonym tables read (县里 → 县), are understood, not mistyped.
    asking = tables.asking_words | tables.rewrites.keys()
    unknown: list[str] = []
    for term in parsed.terms:
        words = segment(term)
        if (2 <= len(term) <= 8 and not has_symbols(term) and not postings.string(searcher, term)
                and not any(w in asking for w in words)):
            unknown.append(term)
        unknown += [
            w for w in words
            if len(w) >= 2 and w not in asking
            and not reader.doc_frequency("text", w) and not reader.doc_frequency("text_sub", w)
        ]
    vocabulary = IndexVocabulary(reader)

    def frequency(word: str) -> int:
        return reader.doc_frequency("text", word) + reader.doc_frequency("text_sub", word)

    suggestions: list[str] = []
    for word in dict.fromkeys(unknown):
        near = vocabulary.words_near(word, 1, MAX_SUGGESTIONS * 4)
        # A mistyped character first (联络战 → 联络站), then a missing or extra one; common words first.
        near.sort(key=lambda w: (len(w) != len(word), -frequency(w)))
        for candidate in near[:MAX_SUGGESTIONS]:
            fixed = q.replace(word, candidate)
            if fixed != q and fixed not in suggestions:
                suggestions.append(fixed)
    return suggestions[:MAX_SUGGESTIONS]


def _units(data: list[dict[str, Any]]) -> list[Unit]:
    return [Unit.from_dict(u) for u in data]


def hit_from_payload(payload: dict[str, Any], score: float, words: list[str]) -> Hit:
    clause = payload["clause"]
    doc = payload["doc"]
    merged = merge_assignments([TaskAssignment.from_dict(a) for a in payload.get("assignments", [])])
    text = clause_content(clause.get("heading", ""), clause["text"])
    return Hit(
        clause_id=clause["clause_id"],
        doc_id=clause["doc_id"],
        doc_title=doc.get("title", ""),
        region=doc.get("region", ""),
        path=clause["path"],
        text=text,
        highlight=highlight_text(text, words),
        headings=list(clause.get("headings", [])) + ([clause["heading"]] if clause.get("heading") else []),
        level=doc.get("level", ""),
        kind=doc.get("kind", ""),
        published=doc.get("published", ""),
        doc_number=doc.get("doc_number", ""),
        lead_units=merged["lead_units"],
        coop_units=merged["coop_units"],
        leader=merged["leader"],
        deadline=merged["deadline"],
        score=round(score, 4),
        topics=list(payload.get("topics", [])),
        requirements=[Requirement.from_dict(r) for r in payload.get("requirements", [])],
        container=is_container(Clause.from_dict(clause)),
    )


def summary_from_dict(data: dict[str, Any]) -> DocumentSummary:
    return DocumentSummary(
        doc_id=data["doc_id"],
        title=data["title"],
        region=data["region"],
        province=data["province"],
        level=data["level"],
        kind=data["kind"],
        issuer=data["issuer"],
        doc_number=data["doc_number"],
        published=data["published"],
        clause_count=data["clause_count"],
        assignment_count=data["assignment_count"],
    )


# -- the unit table ----------------------------------------------------------------------


def _canonicalizer() -> Callable[[str, str], str]:
    try:
        from .core.units import canonicalize_unit  # type: ignore[attr-defined]
    except ImportError:  # the units module without canonicalize_unit: names stay as written
        return lambda name, region: name
    return canonicalize_unit  # type: ignore[no-any-return]


def canonical_candidates(name: str, regions: list[str]) -> list[str]:
    """Canonical names `name` may stand for: itself, and its canonical form in each region it implies.

    A name that starts with a known region implies that region (渭源县财政局); an
    elliptical one (县人社局) may belong to any region, so every region is tried.
    """
    canonicalize = _canonicalizer()
    named = [r for r in regions if r and name.startswith(r)]
    elliptical = name.startswith(ELLIPTICAL_STARTS) and not named
    candidates = [name]
    for region in named or (regions if elliptical else [""]):
        try:
            candidate = canonicalize(name, region)
        except Exception as exc:  # noqa: BLE001 - a units parser bug must not break a lookup
            log.warning("canonicalize_unit(%r, %r) failed: %s", name, region, exc)
            continue
        if candidate and candidate not in candidates:
            candidates.append(candidate)
    return candidates


class UnitTable:
    """Units merged by canonical name, with the provisions (clause ids) each leads or cooperates on."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_summaries(cls, summaries: Any) -> UnitTable:
        table = cls()
        for summary in summaries:
            for n, assignment in enumerate(summary.get("assignments", [])):
                clause_ids = assignment.get("clause_ids") or [f"{summary['doc_id']}:assignment-{n}"]
                for role, key in (("lead", "lead_units"), ("coop", "coop_units")):
                    for unit in assignment.get(key, []):
                        table._add(Unit.from_dict(unit), role, clause_ids, summary.get("region", ""))
        return table

    def _add(self, unit: Unit, role: str, clause_ids: list[str], region: str) -> None:
        canonical = unit.canonical or unit.name
        entry = self.entries.setdefault(
            canonical, {"names": [], "collective": unit.collective, "lead": [], "coop": [], "regions": []}
        )
        for name in (unit.name, canonical):
            if name not in entry["names"]:
                entry["names"].append(name)
        if region and region not in entry["regions"]:
            entry["regions"].append(region)
        entry[role] += [c for c in clause_ids if c not in entry[role]]

    def regions(self) -> list[str]:
        return sorted({r for e in self.entries.values() for r in e["regions"]}, key=len, reverse=True)

    def summaries(self, q: str = "", region: str = "") -> list[UnitSummary]:
        found = [
            UnitSummary(
                name=canonical,
                names=list(e["names"]),
                collective=e["collective"],
                lead_count=len(e["lead"]),
                coop_count=len(e["coop"]),
                regions=list(e["regions"]),
            )
            for canonical, e in self.entries.items()
            if (not q or any(q in name for name in e["names"])) and (not region or region in e["regions"])
        ]
        found.sort(key=lambda u: (-(u.lead_count + u.coop_count), u.name))
        return found

    def resolve(self, name: str, candidates: list[str]) -> list[str]:
        """Canonical names matching `name` as written or any of its canonical candidates."""
        name = name.strip()
        wanted = set(candidates) | {name}
        return [c for c, e in self.entries.items() if c in wanted or name in e["names"]]

    def tasks(self, canonicals: list[str]) -> list[tuple[str, str]]:
        return [
            (role, clause_id)
            for canonical in canonicals
            for role in ("lead", "coop")
            for clause_id in self.entries[canonical][role]
        ]
