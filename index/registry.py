"""The unit registry: every duty of a unit across documents (merged over its spellings), and the
responsibility matrix (units × provisions) of one document.

`unit_duties(service, name)` → `UnitDuties`; `responsibility_matrix(parsed)` → `ResponsibilityMatrix` (pure).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field
from typing import Any

from .compare import Citation
from .core.errors import QueryError, UnitNotFound
from .core.model import ParsedDocument, Unit
from .results import UnitSummary
from .search import SearchService, canonical_candidates

ROLES = {"lead": "牵头", "coop": "协作"}


@dataclass
class Duty:
    role: str  # "lead" | "coop"
    clause_id: str
    path: str
    text: str
    headings: list[str] = field(default_factory=list)
    lead_units: list[Unit] = field(default_factory=list)
    coop_units: list[Unit] = field(default_factory=list)
    leader: str = ""
    deadline: str = ""


@dataclass
class DutyGroup:
    citation: Citation
    duties: list[Duty]


@dataclass
class UnitDuties:
    """What one unit leads and cooperates on, document by document."""

    query: str  # the name as asked
    units: list[str]  # canonical names it resolved to (one per region for an elliptical name)
    names: list[str]  # every spelling seen for them
    regions: list[str]
    lead_count: int
    coop_count: int
    documents: list[DutyGroup]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def unit_duties(service: SearchService, name: str, region: str = "") -> UnitDuties:
    """Every provision `name` (as written, abbreviated or canonical) leads or cooperates on.

    An elliptical name (县财政局) stands for that unit in every region that has one; `region` picks one.
    """
    name = (name or "").strip()
    if not name:
        raise QueryError("请输入单位名称", "unit name is empty")
    known = service.units()
    candidates = set(canonical_candidates(name, _regions(known)))
    matched = [u for u in known if u.name in candidates or name in u.names]
    if region:
        matched = [u for u in matched if region in u.regions]
    tasks = [t for t in service.unit_tasks(name) if not region or t.hit.region == region]
    if not matched or not tasks:
        where = f"（{region}）" if region else ""
        raise UnitNotFound(f"没有找到单位「{name}」{where}的任务", f"no duties for {name!r} {region}".strip())
    groups: dict[str, DutyGroup] = {}
    order: dict[str, int] = {}
    for task in tasks:
        hit = task.hit
        if hit.doc_id not in groups:
            parsed = service.document(hit.doc_id)
            order.update((c.clause_id, c.ordinal) for c in parsed.clauses)
            groups[hit.doc_id] = DutyGroup(Citation.of(parsed.document), [])
        groups[hit.doc_id].duties.append(Duty(
            task.role, hit.clause_id, hit.path, hit.text, list(hit.headings), list(hit.lead_units),
            list(hit.coop_units), hit.leader, hit.deadline,
        ))
    for group in groups.values():  # what it leads first, each in document order
        group.duties.sort(key=lambda d: (d.role != "lead", order.get(d.clause_id, 0)))
    documents = sorted(groups.values(), key=lambda g: (g.citation.date, g.citation.title), reverse=True)
    return UnitDuties(
        query=name,
        units=[u.name for u in matched],
        names=list(dict.fromkeys(n for u in matched for n in u.names)),
        regions=list(dict.fromkeys(r for u in matched for r in u.regions if not region or r == region)),
        lead_count=sum(1 for t in tasks if t.role == "lead"),
        coop_count=sum(1 for t in tasks if t.role == "coop"),
        documents=documents,
    )


def _regions(units: list[UnitSummary]) -> list[str]:
    return sorted({r for u in units for r in u.regions}, key=len, reverse=True)


@dataclass
class MatrixProvision:
    clause_id: str
    path: str
    text: str
    leader: str = ""
    deadline: str = ""


@dataclass
class ResponsibilityMatrix:
    """Units × provisions of one document; a cell is "lead", "coop" or ""."""

    doc_id: str
    title: str
    provisions: list[MatrixProvision]
    units: list[str]  # canonical names, in order of first appearance
    cells: list[list[str]]  # one row per unit, one column per provision

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_csv(self) -> str:
        """Rows = units, columns = provisions (by path); cells 牵头 / 协作."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["单位", *(p.path for p in self.provisions)])
        for unit, row in zip(self.units, self.cells, strict=True):
            writer.writerow([unit, *(ROLES.get(cell, "") for cell in row)])
        return out.getvalue()


def responsibility_matrix(parsed: ParsedDocument) -> ResponsibilityMatrix:
    """Who leads and who cooperates on each provision that has a task assignment, in document order."""
    order = {c.clause_id: n for n, c in enumerate(parsed.clauses)}
    roles: dict[str, dict[str, str]] = {}  # clause id → unit → role
    details: dict[str, tuple[str, str]] = {}
    units: list[str] = []
    for assignment in parsed.assignments:
        for clause_id in assignment.clause_ids:
            if clause_id not in order:
                continue
            cell = roles.setdefault(clause_id, {})
            leader, deadline = details.get(clause_id, ("", ""))
            details[clause_id] = (leader or assignment.leader, deadline or assignment.deadline)
            for role, group in (("lead", assignment.lead_units), ("coop", assignment.coop_units)):
                for unit in group:
                    name = unit.canonical or unit.name
                    if name not in units:
                        units.append(name)
                    cell.setdefault(name, role)  # a unit that leads is not also listed as cooperating
    clause_ids = sorted(roles, key=order.__getitem__)
    provisions = []
    for clause_id in clause_ids:
        clause = parsed.clauses[order[clause_id]]
        text = clause.heading or clause.text
        provisions.append(MatrixProvision(clause_id, clause.path, text, *details[clause_id]))
    cells = [[roles[c].get(unit, "") for c in clause_ids] for unit in units]
    return ResponsibilityMatrix(parsed.document.id, parsed.document.title, provisions, units, cells)


def document_matrix(service: SearchService, doc_id: str) -> ResponsibilityMatrix:
    return responsibility_matrix(service.document(doc_id))
