"""The Whoosh schema and the mapping from parsed documents to index entries.

One entry per clause (searched) and one per document (metadata and the stored tree).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from whoosh import columns
from whoosh.fields import BOOLEAN, COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import all_words_analyzer, ngram_analyzer, subword_analyzer, word_analyzer
from .core.model import Clause, ParsedDocument, TaskAssignment, Unit
from .core.requirements import Requirement, extract_requirements, requirement_key
from .core.topics import assign_topics

CLAUSE, DOCUMENT = "clause", "doc"
# Metadata fields that filter and facet; all sortable, so their values are columns.
FACET_COLUMNS = ("region", "level", "kind", "year", "issuer", "province")
UNIT_SEPARATOR = "\x1f"
DOC_METADATA = ("title", "region", "province", "level", "kind", "issuer", "doc_number", "published")


def build_schema() -> Schema:
    return Schema(
        key=ID(unique=True, stored=True),  # clause id, or "doc:" + doc id
        entry_type=ID(stored=True, sortable=True),
        clause_id=ID(stored=True),
        doc_id=ID(stored=True, sortable=True),
        path=ID(stored=True),
        text=TEXT(analyzer=word_analyzer(), phrase=True),
        # Sub-word postings need no positions: phrases run on `text` only.
        text_sub=TEXT(analyzer=subword_analyzer(), phrase=False),
        text_ngram=TEXT(analyzer=ngram_analyzer(), phrase=True),
        # Short fields get words and their sub-words: 南京 finds 南京市, 选区 finds 选区划分.
        headings=TEXT(analyzer=all_words_analyzer(), phrase=False),
        title=TEXT(analyzer=all_words_analyzer(), phrase=False),
        place=TEXT(analyzer=all_words_analyzer(), phrase=False),  # region and province, searchable
        lead=TEXT(analyzer=all_words_analyzer(), phrase=False),  # lead_in(): what an item of a list continues
        shape=ID(sortable=True),  # clause_shape(): a provision, or a section heading over others
        region=ID(sortable=True),
        level=ID(sortable=True),
        kind=ID(sortable=True),
        year=ID(sortable=True),
        issuer=ID(sortable=True),
        province=ID(sortable=True),
        lead_units=KEYWORD(commas=True, scorable=False),
        coop_units=KEYWORD(commas=True, scorable=False),
        # Topics of congress work (index.core.topics) and requirement keys (kind:subject) of a clause.
        topics=KEYWORD(commas=True, scorable=False),
        requirement_keys=KEYWORD(commas=True, scorable=False),
        has_assignment=BOOLEAN(),
        published=ID(sortable=True),
        ordinal=NUMERIC(sortable=True),
        # Canonical unit names of a clause, for the unit facet without touching stored fields.
        unit_facet=COLUMN(columns.VarBytesColumn()),
        topic_facet=COLUMN(columns.VarBytesColumn()),
        # Document entries only: summary JSON for listings and the unit table.
        summary=COLUMN(columns.VarBytesColumn()),
        payload=STORED(),
        sha256=STORED(),
    )


def _keyword(names: list[str]) -> str:
    # Commas separate keywords, so a comma inside a name must not split it.
    return ",".join(name.replace(",", "，") for name in names if name)


def _unit_names(units: list[Unit]) -> list[str]:
    names: list[str] = []
    for unit in units:
        for name in (unit.name, unit.canonical):
            if name and name not in names:
                names.append(name)
    return names


def clause_content(heading: str, text: str) -> str:
    """A clause's own words as a reader sees them: its heading sentence, then its text."""
    if heading and text:
        return heading + ("" if heading[-1] in "。：:；;！？!?" else "。") + text
    return heading or text


def merge_assignments(assignments: list[TaskAssignment]) -> dict[str, Any]:
    """The lead/coop units, leader and deadline of every assignment governing one clause."""
    lead: list[Unit] = []
    coop: list[Unit] = []
    leader = deadline = ""
    for assignment in assignments:
        lead += [u for u in assignment.lead_units if u not in lead]
        coop += [u for u in assignment.coop_units if u not in coop]
        leader = leader or assignment.leader
        deadline = deadline or assignment.deadline
    return {"lead_units": lead, "coop_units": coop, "leader": leader, "deadline": deadline}


def document_metadata(parsed: ParsedDocument) -> dict[str, str]:
    doc = parsed.document
    return {name: str(getattr(doc, name) or "") for name in DOC_METADATA}


def _common_fields(parsed: ParsedDocument) -> dict[str, Any]:
    doc = parsed.document
    return {
        "doc_id": doc.id,
        "title": doc.title,
        "region": doc.region,
        "level": doc.level,
        "kind": doc.kind,
        "year": doc.year,
        "issuer": doc.issuer,
        "province": doc.province,
        "place": " ".join(dict.fromkeys(p for p in (doc.region, doc.province) if p)),
        "published": doc.published or doc.adopted,
    }


SECTION, LIST_LEAD, PROVISION = "section", "list-lead", "provision"


def clause_shape(clause: Clause) -> str:
    """SECTION for a heading with no words of its own over other clauses (第四章 选区划分);
    LIST_LEAD for a sentence that its items complete (下列事项应当报告：); else PROVISION."""
    if not clause.children:
        return PROVISION
    text = clause.text.strip()
    if not text:
        return SECTION
    return LIST_LEAD if text.endswith(("：", ":")) else PROVISION


def is_container(clause: Clause) -> bool:
    """A clause that says nothing itself, only holds others: an article split into paragraphs with no
    words before them (第二十四条 → 第一款, 第二款), or a part, chapter or section title (第三章 议案的提出和审议).
    An opinion's heading sentence over its items (（一）健全预算审查监督制度) says something: not one."""
    if not clause.children or clause.text.strip():
        return False
    return not clause.heading.strip() or clause.style in ("part", "chapter", "section")


def lead_in(parent: Clause | None) -> str:
    """The sentence a list item continues (下列事项应当报告：→ （一）…), searchable with the item."""
    if parent is None:
        return ""
    content = clause_content(parent.heading, parent.text).rstrip()
    return content if content.endswith(("：", ":")) else ""


def clause_entry(
    parsed: ParsedDocument, clause: Clause, governing: list[TaskAssignment], lead: str = ""
) -> dict[str, Any]:
    merged = merge_assignments(governing)
    own = [clause.heading] if clause.heading else []
    content = clause_content(clause.heading, clause.text)
    topics = assign_topics(list(clause.headings) + own, clause.text)
    requirements = extract_requirements(content, clause.clause_id)
    payload = {
        "clause": clause.to_dict(),
        "assignments": [a.to_dict() for a in governing],
        "doc": document_metadata(parsed),
        "topics": topics,
        "requirements": [r.to_dict() for r in requirements],
    }
    canonical = sorted({u.canonical or u.name for u in merged["lead_units"] + merged["coop_units"]})
    return {
        **_common_fields(parsed),
        "key": clause.clause_id,
        "entry_type": CLAUSE,
        "clause_id": clause.clause_id,
        "path": clause.path,
        "text": content,
        "text_sub": content,
        "text_ngram": content,
        "headings": "\n".join(list(clause.headings) + own),
        "lead": lead,
        "lead_units": _keyword(_unit_names(merged["lead_units"])),
        "coop_units": _keyword(_unit_names(merged["coop_units"])),
        "has_assignment": bool(governing),
        "shape": clause_shape(clause),
        "ordinal": clause.ordinal,
        "unit_facet": UNIT_SEPARATOR.join(canonical).encode("utf-8"),
        "topics": _keyword(topics),
        "requirement_keys": _keyword(_requirement_keys(requirements)),
        "topic_facet": UNIT_SEPARATOR.join(topics).encode("utf-8"),
        "payload": json.dumps(payload, ensure_ascii=False),
    }


def _requirement_keys(requirements: list[Requirement]) -> list[str]:
    # A requirement without a subject ("deadline:") lines up with nothing: not a key.
    keys = [requirement_key(r) for r in requirements]
    return list(dict.fromkeys(k for k in keys if not k.endswith(":")))


def document_entry(parsed: ParsedDocument) -> dict[str, Any]:
    doc = parsed.document
    summary = {
        **document_metadata(parsed),
        "doc_id": doc.id,
        "sha256": doc.sha256,
        "clause_count": len(parsed.clauses),
        "assignment_count": len(parsed.assignments),
        "assignments": [a.to_dict() for a in parsed.assignments],
    }
    payload = {
        "document": {**doc.metadata(), "body": doc.body},
        "clauses": [c.to_dict() for c in parsed.clauses],
        "assignments": [a.to_dict() for a in parsed.assignments],
    }
    return {
        **_common_fields(parsed),
        "key": f"doc:{doc.id}",
        "entry_type": DOCUMENT,
        "summary": json.dumps(summary, ensure_ascii=False).encode("utf-8"),
        "payload": json.dumps(payload, ensure_ascii=False),
        "sha256": doc.sha256,
    }


def entries_for(parsed: ParsedDocument) -> Iterator[dict[str, Any]]:
    """Every index entry of one parsed document: its clauses, then the document itself."""
    by_id = {clause.clause_id: clause for clause in parsed.clauses}
    for clause in parsed.clauses:
        lead = lead_in(by_id.get(clause.parent_id)) if clause.parent_id else ""
        yield clause_entry(parsed, clause, parsed.assignments_for(clause.clause_id), lead)
    yield document_entry(parsed)
