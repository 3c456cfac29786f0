"""Regional practice side by side: the provisions on one topic, region by region and document by
document, and their numeric requirements aligned by requirement key (kind:normalised subject).

`compare(service, topic=…)` or `compare(service, q=…)` → `Comparison`; the handout and the pages build on it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .core.errors import QueryError, RegionNotFound, TopicNotFound
from .core.model import LEVELS, Document, Unit
from .core.requirements import Floor, Requirement, check_floor, load_floors, normalize_subject, requirement_key
from .core.text import book_title
from .core.topics import (
    load_taxonomy,
    match_requirement_key,
    requirement_key_for_query,
    stated_requirement_key,
    taxonomy_topic,
)
from .filters import did_you_mean
from .results import Hit, SearchFilters
from .search import SearchService

KIND_LABELS = {
    "frequency": "频次", "ratio": "比例", "count": "名额", "duration": "时长",
    "deadline": "期限", "date": "日期", "amount": "金额",
}
MODES = ("requirement", "topic", "search")
PER_DOCUMENT = 10  # provisions shown per document; the rest are counted in `omitted`
MAX_PROVISIONS = 200
REGION_SEPARATORS = re.compile(r"[,，、;；\s]+")
# The phrase around a requirement, for a reader: from the boundary before it to the one after.
EXCERPT_BOUNDARY = re.compile(r"[，,。；;：:！？!?\n]")
SENTENCE_END = re.compile(r"[。；;！？!?\n]")


@dataclass(frozen=True)
class TopicQuery:
    """What a comparison is about: a requirement key, a taxonomy topic, or free-text search."""

    phrase: str
    mode: str  # one of MODES
    key: str = ""  # requirement mode: "ratio:专职组成人员"
    topic: str = ""  # topic mode: "建议办理"


def resolve_topic(phrase: str, known_keys: Iterable[str] = ()) -> TopicQuery:
    """Read a user's phrase: a requirement row, a taxonomy topic, or else a search.

    常委会会议频次 asks for a kind of requirement of a subject (frequency:常委会会议);
    乡镇人大专职副主席 names the subject of a requirement the corpus states
    (`known_keys`, most stated first: count:专职副主席), and 专职比例 part of one
    (ratio:专职组成人员); 代表建议办理 is a topic (建议办理).
    """
    phrase = (phrase or "").strip()
    if not phrase:
        raise QueryError("请输入要比较的主题", "topic is empty")
    known_keys = list(known_keys)
    topic = taxonomy_topic(phrase) or ""  # also where a requirement or a search finds nothing
    found = requirement_key_for_query(phrase)
    if found:
        if known_keys and found not in known_keys:  # 专职比例: the corpus writes 专职组成人员
            found = stated_requirement_key(found, known_keys) or found
        return TopicQuery(phrase, "requirement", key=found, topic=topic)
    named = match_requirement_key(phrase, known_keys)
    if named:
        return TopicQuery(phrase, "requirement", key=named, topic=topic)
    if topic:
        return TopicQuery(phrase, "topic", topic=topic)
    return TopicQuery(phrase, "search")


def parse_regions(regions: str | list[str] | tuple[str, ...] | None) -> list[str]:
    """"渭源县,温州市" (or 、 ， ; and spaces) → ["渭源县", "温州市"], without repeats."""
    if isinstance(regions, str):
        regions = REGION_SEPARATORS.split(regions)
    return list(dict.fromkeys(r.strip() for r in regions or [] if r and r.strip()))


@dataclass
class Citation:
    """Where a provision comes from: title, 文号, issuer, date and source of its document."""

    doc_id: str
    title: str
    doc_number: str = ""
    issuer: str = ""
    date: str = ""
    source: str = ""
    region: str = ""
    level: str = ""
    kind: str = ""

    @classmethod
    def of(cls, doc: Document) -> Citation:
        return cls(doc.id, doc.title, doc.doc_number, doc.issuer, doc.published or doc.adopted,
                   doc.source, doc.region, doc.level, doc.kind)

    def short(self, path: str = "") -> str:
        """《title》（文号）path，date: how a handout cites one provision."""
        number = f"（{self.doc_number}）" if self.doc_number else ""
        date = f"，{self.date}" if self.date else ""
        return f"{book_title(self.title)}{number}{path}{date}"


@dataclass
class Finding:
    """One numeric requirement as found in one provision, with its row key and floor check."""

    key: str
    label: str  # "≥60%", "1–2名（乡镇人大）"
    excerpt: str  # the phrase it sits in: 县人大常委会会议每两个月至少举行1次
    requirement: Requirement
    region: str
    doc_id: str
    doc_title: str
    path: str
    below_floor: Floor | None = None  # the statutory floor it falls short of (or cap it exceeds)


@dataclass
class Provision:
    clause_id: str
    path: str
    text: str
    headings: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    lead_units: list[Unit] = field(default_factory=list)
    coop_units: list[Unit] = field(default_factory=list)
    leader: str = ""
    deadline: str = ""

    @property
    def has_assignment(self) -> bool:
        return bool(self.lead_units or self.coop_units or self.leader or self.deadline)


@dataclass
class DocumentGroup:
    citation: Citation
    provisions: list[Provision]
    omitted: int = 0  # provisions on the topic left out by the per-document cap


@dataclass
class RegionGroup:
    region: str
    level: str
    documents: list[DocumentGroup]


@dataclass
class ComparisonRow:
    """One requirement key across regions: region → the findings of that region."""

    key: str
    kind: str
    subject: str
    label: str  # 专职组成人员（比例）
    cells: dict[str, list[Finding]]
    floor: Floor | None = None  # the statutory floor known for this key, breached or not


@dataclass
class Comparison:
    query: str
    mode: str
    key: str
    topic: str
    regions: list[str]  # the table's columns, in order
    groups: list[RegionGroup]
    rows: list[ComparisonRow]
    total: int  # provisions shown
    missing_regions: list[str] = field(default_factory=list)  # asked for, nothing on the topic

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def compare(
    service: SearchService,
    topic: str = "",
    q: str = "",
    regions: str | list[str] | None = None,
    per_document: int = PER_DOCUMENT,
    limit: int = MAX_PROVISIONS,
) -> Comparison:
    """The provisions on `topic` (read through the taxonomy) or matching search `q`, compared by region."""
    if bool(topic.strip()) == bool(q.strip()):
        raise QueryError("请给出主题（topic）或检索词（q）之一", "give exactly one of topic and q")
    if not 1 <= per_document <= 100 or not 1 <= limit <= 1000:
        raise QueryError("每篇条款数应在 1–100 之间，总数在 1–1000 之间", "per_document 1..100, limit 1..1000")
    wanted = TopicQuery(q.strip(), "search") if q.strip() else resolve_topic(topic, service.requirement_keys())
    chosen = read_regions(service, parse_regions(regions))
    hits, wanted = _select(service, wanted, chosen)
    # A chapter title or an article split into paragraphs says nothing itself: its clauses are the provisions.
    hits = [h for h in hits if not h.container]
    if not hits:
        where = f"（地区：{'、'.join(chosen)}）" if chosen else ""
        raise TopicNotFound(f"没有找到关于「{wanted.phrase}」的条款{where}", f"nothing on {wanted.phrase!r}")
    return build_comparison(service, wanted, hits, chosen, per_document, limit)


def read_regions(service: SearchService, typed: list[str]) -> list[str]:
    """The corpus's region names for the places asked for (渭源 → 渭源县, a province → its regions)."""
    names: list[str] = []
    unknown: list[str] = []
    for place in typed:
        found = service.region_names(place)
        if not found:
            unknown.append(place)
        names += [n for n in found if n not in names]
    if unknown:
        near = [n for place in unknown for n in service.near_regions(place)]
        raise RegionNotFound(
            f"没有地区「{'、'.join(unknown)}」的文件{did_you_mean(near)}",
            f"unknown region: {', '.join(unknown)}" + (f"; did you mean {', '.join(near)}?" if near else ""),
        )
    return names


def _clauses(service: SearchService, regions: list[str], **kwargs: Any) -> list[Hit]:
    topic = kwargs.pop("topic", "")
    if not regions:
        return service.clauses(SearchFilters(topic=topic), **kwargs)
    return [hit for region in regions for hit in service.clauses(SearchFilters(region=region, topic=topic), **kwargs)]


def _select(service: SearchService, wanted: TopicQuery, regions: list[str]) -> tuple[list[Hit], TopicQuery]:
    """The clauses on the topic, best first. A requirement key nobody states falls back to search."""
    if wanted.mode == "requirement":
        hits = _clauses(service, regions, requirement_key=wanted.key)
        if hits:
            return hits, wanted
        # 代表建议办理时限: no clause states that key, nor has every word; the topic's clauses do
        # carry its time limits.
        hits = _clauses(service, regions, q=wanted.phrase)
        if hits or not wanted.topic:
            return hits, TopicQuery(wanted.phrase, "search")
        wanted = TopicQuery(wanted.phrase, "topic", topic=wanted.topic)
    if wanted.mode == "topic":
        # Clauses matching the phrase first, then the topic's others, those mainly about it first.
        matched = _clauses(service, regions, topic=wanted.topic, q=wanted.phrase)
        seen = {h.clause_id for h in matched}
        rest = [h for h in _clauses(service, regions, topic=wanted.topic) if h.clause_id not in seen]
        rest.sort(key=lambda h: h.topics[:1] != [wanted.topic])
        return matched + rest, wanted
    return _clauses(service, regions, q=wanted.phrase), wanted


def build_comparison(
    service: SearchService,
    wanted: TopicQuery,
    hits: list[Hit],
    regions: list[str],
    per_document: int = PER_DOCUMENT,
    limit: int = MAX_PROVISIONS,
) -> Comparison:
    kept, omitted = _cap(hits, per_document, limit)
    documents = {doc_id: service.document(doc_id) for doc_id in dict.fromkeys(h.doc_id for h in kept)}
    by_doc: dict[str, list[Hit]] = {}
    for hit in kept:
        by_doc.setdefault(hit.doc_id, []).append(hit)
    groups: dict[str, RegionGroup] = {}
    for doc_id, doc_hits in by_doc.items():
        parsed = documents[doc_id]
        order = {c.clause_id: c.ordinal for c in parsed.clauses}
        doc_hits.sort(key=lambda h: order.get(h.clause_id, 0))
        citation = Citation.of(parsed.document)
        region = citation.region or "（未注明地区）"
        group = groups.setdefault(region, RegionGroup(region, citation.level, []))
        group.documents.append(DocumentGroup(citation, [_provision(h, citation) for h in doc_hits], omitted[doc_id]))
    ordered = sorted(groups.values(), key=lambda g: (_level_rank(g.level), g.region))
    for group in ordered:
        group.documents.sort(key=lambda d: (d.citation.date, d.citation.title), reverse=True)
    columns = [g.region for g in ordered] + [r for r in regions if r not in groups]
    return Comparison(
        query=wanted.phrase, mode=wanted.mode, key=wanted.key, topic=wanted.topic, regions=columns,
        groups=ordered, rows=align_findings(ordered, focus=wanted.key), total=len(kept),
        missing_regions=[r for r in regions if r not in groups],
    )


def _cap(hits: list[Hit], per_document: int, limit: int) -> tuple[list[Hit], Counter[str]]:
    """The best `per_document` clauses of each document, `limit` in all; the others counted per document."""
    kept: list[Hit] = []
    shown: Counter[str] = Counter()
    omitted: Counter[str] = Counter()
    seen: set[str] = set()
    for hit in hits:
        if hit.clause_id in seen:
            continue
        seen.add(hit.clause_id)
        if shown[hit.doc_id] < per_document and len(kept) < limit:
            kept.append(hit)
            shown[hit.doc_id] += 1
        else:
            omitted[hit.doc_id] += 1
    return kept, omitted


def _level_rank(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def _provision(hit: Hit, citation: Citation) -> Provision:
    findings = [_finding(r, hit, citation) for r in hit.requirements]
    return Provision(
        clause_id=hit.clause_id, path=hit.path, text=hit.text, headings=list(hit.headings), topics=list(hit.topics),
        findings=findings, lead_units=list(hit.lead_units), coop_units=list(hit.coop_units),
        leader=hit.leader, deadline=hit.deadline,
    )


def _finding(requirement: Requirement, hit: Hit, citation: Citation) -> Finding:
    label = requirement.label().lstrip("=")
    if requirement.scope:
        label += f"（{requirement.scope}）"
    near = (requirement.subject, requirement.scope)
    return Finding(
        key=requirement_key(requirement), label=label, excerpt=excerpt(hit.text, requirement.text, near),
        requirement=requirement, region=citation.region, doc_id=hit.doc_id, doc_title=citation.title,
        path=hit.path, below_floor=check_floor(requirement),
    )


def excerpt(text: str, phrase: str, near: tuple[str, ...] = ()) -> str:
    """The part of `text` between the punctuation before `phrase` and the punctuation after it.

    A phrase written more than once (1名 … 1名) is taken where the words `near` (its subject,
    then its scope) sit in the same part.
    """
    if not phrase or phrase not in text:
        return phrase
    parts = []
    for match in re.finditer(re.escape(phrase), text):
        start = max((m.end() for m in EXCERPT_BOUNDARY.finditer(text, 0, match.start())), default=0)
        end = EXCERPT_BOUNDARY.search(text, match.end())
        parts.append((start, end.start() if end else len(text)))
    for word in (w for w in near if w):
        for start, end in parts:
            if word in text[start:end]:
                return text[start:end].strip()
    start, end = parts[0]
    subject = near[0] if near else ""
    # 常务委员会会议由主任召集并主持，每两个月至少举行一次: reach back to the subject's part of the sentence.
    sentence = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    found = text.rfind(subject, sentence, start) if subject else -1
    if found >= 0:
        start = max((m.end() for m in EXCERPT_BOUNDARY.finditer(text, 0, found)), default=0)
    return text[start:end].strip()


def align_findings(groups: list[RegionGroup], focus: str = "") -> list[ComparisonRow]:
    """Rows = requirement keys, columns = regions; the asked key first, then keys more regions share."""
    rows: dict[str, ComparisonRow] = {}
    floors = {f.key: f for f in reversed(load_floors())}
    for group in groups:
        for document in group.documents:
            for provision in document.provisions:
                for finding in provision.findings:
                    kind, _, subject = finding.key.partition(":")
                    if not subject:
                        continue  # no subject: nothing to line it up with
                    row = rows.setdefault(finding.key, ComparisonRow(
                        finding.key, kind, subject, row_label(finding.key), {}, floors.get(finding.key)))
                    row.cells.setdefault(group.region, []).append(finding)
    return sorted(rows.values(), key=lambda r: (
        r.key != focus, -len(r.cells), -sum(len(c) for c in r.cells.values()), r.key))


def row_label(key: str) -> str:
    """ratio:专职组成人员 → 专职组成人员（比例）."""
    kind, _, subject = key.partition(":")
    return f"{normalize_subject(subject) or subject}（{KIND_LABELS.get(kind, kind)}）"


def topic_names() -> list[str]:
    """The taxonomy's topic names, for forms and help texts."""
    return [t.name for t in load_taxonomy().topics]
