"""What the search layer hands its callers: plain model objects, never Whoosh hits."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .core.model import Unit
from .core.requirements import Requirement

SORTS = ("relevance", "date")
FACET_FIELDS = ("region", "level", "kind", "year", "issuer", "unit", "topic")


@dataclass
class SearchFilters:
    region: str = ""
    level: str = ""
    kind: str = ""
    year: str = ""
    issuer: str = ""
    unit: str = ""  # a unit name as written or canonical; matches lead or cooperating
    topic: str = ""  # a topic of the taxonomy (index/data/topics.toml)


@dataclass
class SearchRequest:
    q: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1
    size: int = 10
    sort: str = "relevance"


@dataclass
class Hit:
    clause_id: str
    doc_id: str
    doc_title: str
    region: str
    path: str
    text: str
    highlight: str  # HTML: the clause text escaped, matched words wrapped in <mark>
    headings: list[str] = field(default_factory=list)
    level: str = ""
    kind: str = ""
    published: str = ""
    doc_number: str = ""
    lead_units: list[Unit] = field(default_factory=list)
    coop_units: list[Unit] = field(default_factory=list)
    leader: str = ""
    deadline: str = ""
    score: float = 0.0
    topics: list[str] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)
    parent: str = ""  # the clause this one is part of, its own words (a list item's 下列…： sentence)
    partial: bool = False  # has only part of the query: it fills up a page after the clauses that have it all
    container: bool = False  # holds other clauses and says nothing itself (index.schema.is_container)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResults:
    total: int
    page: int
    size: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # "did you mean"
    notices: list[str] = field(default_factory=list)  # how typed filters were read, or why none can match

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answers:
    """The answers to "who is responsible for …": clauses with a task assignment, best first."""

    hits: list[Hit]
    notices: list[str] = field(default_factory=list)  # as in SearchResults


@dataclass
class UnitSummary:
    name: str  # canonical name
    names: list[str]  # every spelling seen
    collective: bool
    lead_count: int
    coop_count: int
    regions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class UnitTask:
    role: str  # "lead" | "coop"
    hit: Hit

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, **self.hit.to_dict()}


@dataclass
class DocumentSummary:
    doc_id: str
    title: str
    region: str
    province: str
    level: str
    kind: str
    issuer: str
    doc_number: str
    published: str
    clause_count: int
    assignment_count: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
