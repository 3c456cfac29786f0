"""The one model of rendakb's domain: documents, clauses, units, task assignments.

Everything else (crawler, parser, index, API) speaks these types. Glossary:
条 article, 款 paragraph, 项 item, 责任单位/牵头单位 lead unit, 协作/配合单位
cooperating unit, 责任领导 responsible leader, 完成时限 deadline, 文号 document
number, 发文机关 issuer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

# Front-matter keys in the order they are written; `body` is the text after it.
FRONT_MATTER_KEYS = (
    "id",
    "title",
    "region",
    "province",
    "level",
    "issuer",
    "doc_number",
    "published",
    "adopted",
    "kind",
    "source",
    "fetched",
    "sha256",
)
# Optional list-valued keys, written only when non-empty.
LIST_KEYS = ("sources", "attachments")

LEVELS = ("province", "city", "county", "district", "township")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalize_body(body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return body + "\n" if body.strip() else ""


def make_document_id(source: str, title: str) -> str:
    """A stable id: the same source and title always give the same id.

    `source` is a URL or a bare file name (never a local directory path, so
    ingesting the same file from another folder gives the same id).
    """
    digest = hashlib.sha1(f"{source}\n{title}".encode()).hexdigest()
    return digest[:12]


@dataclass
class Document:
    """One policy document as stored in corpus/: metadata plus its text.

    Unknown metadata is the empty string, never a guess.
    """

    id: str
    title: str
    body: str
    region: str = ""
    province: str = ""
    level: str = ""  # one of LEVELS, or ""
    issuer: str = ""
    doc_number: str = ""
    published: str = ""  # YYYY-MM-DD
    adopted: str = ""  # YYYY-MM-DD
    kind: str = ""
    source: str = ""
    fetched: str = ""  # ISO 8601 timestamp
    sha256: str = ""
    sources: list[str] = field(default_factory=list)  # every URL it was found at
    attachments: list[dict[str, str]] = field(default_factory=list)  # {url, name}

    def __post_init__(self) -> None:
        # One canonical body shape (no leading/trailing blank lines, one final
        # newline) so the sha256 is the same however the text arrived.
        self.body = normalize_body(self.body)
        self.sha256 = sha256_text(self.body)

    @property
    def year(self) -> str:
        date = self.published or self.adopted
        return date[:4] if len(date) >= 4 else ""

    def metadata(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "body"}


@dataclass(frozen=True)
class Unit:
    """An organisation named in a task assignment.

    `name` is as written (with an elliptical name completed from the one before
    it); `canonical` is qualified with the document's region so that 县财政局 in
    渭源县's plan and 渭源县财政局 elsewhere are one unit.
    """

    name: str
    canonical: str
    collective: bool = False  # 各乡镇党委, 县直各部门 …

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "canonical": self.canonical, "collective": self.collective}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Unit:
        return cls(data["name"], data["canonical"], bool(data.get("collective", False)))


@dataclass
class TaskAssignment:
    """Who is responsible for a provision: lead and cooperating units, leader, deadline.

    `clause_ids` are the clauses it governs: a role line governs every item
    since the previous role line under the same parent; an inline
    "（责任单位：…）" or a sentence "由A牵头，B配合" governs its own clause.
    """

    lead_units: list[Unit] = field(default_factory=list)
    coop_units: list[Unit] = field(default_factory=list)
    leader: str = ""
    deadline: str = ""
    clause_ids: list[str] = field(default_factory=list)
    origin: str = ""  # "role_lines" | "inline" | "sentence"
    text: str = ""  # the assignment as written, for citation

    def to_dict(self) -> dict[str, Any]:
        return {
            "lead_units": [u.to_dict() for u in self.lead_units],
            "coop_units": [u.to_dict() for u in self.coop_units],
            "leader": self.leader,
            "deadline": self.deadline,
            "clause_ids": list(self.clause_ids),
            "origin": self.origin,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskAssignment:
        return cls(
            lead_units=[Unit.from_dict(u) for u in data.get("lead_units", [])],
            coop_units=[Unit.from_dict(u) for u in data.get("coop_units", [])],
            leader=data.get("leader", ""),
            deadline=data.get("deadline", ""),
            clause_ids=list(data.get("clause_ids", [])),
            origin=data.get("origin", ""),
            text=data.get("text", ""),
        )


@dataclass
class Clause:
    """One node of a document's clause tree.

    `path` is how a person cites it: 二、（二）1.（3） in an opinion, 第十二条第二款
    in a regulation; unique within the document. `label` is the clause's own
    numbering as written (（3）, 第十二条), `style` the numbering style it uses
    (see index.core.numbering). `heading` is the clause's heading sentence when it
    has one (一、总体要求 → 总体要求); `text` is its own text without its children;
    `headings` is the chain of ancestors' headings, outermost first.
    """

    clause_id: str
    doc_id: str
    path: str
    label: str
    style: str
    heading: str
    text: str
    headings: list[str] = field(default_factory=list)
    parent_id: str | None = None
    children: list[str] = field(default_factory=list)
    ordinal: int = 0  # position in document order

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Clause:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


def make_clause_id(doc_id: str, path: str) -> str:
    return f"{doc_id}:{path}"


@dataclass
class ParsedDocument:
    """A document with everything the parser found in it."""

    document: Document
    clauses: list[Clause] = field(default_factory=list)  # document order
    assignments: list[TaskAssignment] = field(default_factory=list)

    def clause(self, clause_id: str) -> Clause | None:
        for clause in self.clauses:
            if clause.clause_id == clause_id:
                return clause
        return None

    def assignments_for(self, clause_id: str) -> list[TaskAssignment]:
        return [a for a in self.assignments if clause_id in a.clause_ids]
