"""The JSON shapes of the API, built in one place so the CLI's --json prints exactly what the API answers."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from index.compare import Comparison
from index.core.model import ParsedDocument
from index.registry import ResponsibilityMatrix, UnitDuties
from index.results import Answers, DocumentSummary, SearchResults, UnitSummary, UnitTask

from .render import clause_tree

_ANSWER_KEYS = (
    "clause_id", "doc_id", "doc_title", "region", "path", "headings", "text", "highlight",
    "lead_units", "coop_units", "leader", "deadline", "score",
)


def search_payload(results: SearchResults) -> dict[str, Any]:
    return results.to_dict()


def responsibility_payload(query: str, answers: Answers) -> dict[str, Any]:
    rows = []
    for hit in answers.hits:
        data = hit.to_dict()
        rows.append({key: data[key] for key in _ANSWER_KEYS})
    return {"query": query, "answers": rows, "notices": answers.notices}


def units_payload(units: list[UnitSummary], notices: list[str] | None = None) -> dict[str, Any]:
    return {"total": len(units), "units": [u.to_dict() for u in units], "notices": notices or []}


def unit_tasks_payload(name: str, tasks: list[UnitTask]) -> dict[str, Any]:
    return {"unit": name, "total": len(tasks), "tasks": [t.to_dict() for t in tasks]}


def documents_payload(
    total: int, page: int, size: int, docs: list[DocumentSummary], notices: list[str] | None = None
) -> dict[str, Any]:
    return {"total": total, "page": page, "size": size, "documents": [d.to_dict() for d in docs], "notices": notices or []}


def document_payload(parsed: ParsedDocument) -> dict[str, Any]:
    return {
        **parsed.document.metadata(),
        "clauses": clause_tree(parsed),
        "assignments": [a.to_dict() for a in parsed.assignments],
    }


def compare_payload(comparison: Comparison) -> dict[str, Any]:
    return comparison.to_dict()


def unit_duties_payload(duties: UnitDuties) -> dict[str, Any]:
    return duties.to_dict()


def matrix_payload(matrix: ResponsibilityMatrix) -> dict[str, Any]:
    return matrix.to_dict()


def attachment(filename: str) -> dict[str, str]:
    """A Content-Disposition for a download; RFC 5987 carries a Chinese file name."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in filename)
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"}
