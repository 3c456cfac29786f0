"""A study handout for training and meetings: a comparison (provisions by region and document,
requirements side by side) with a title and a table of contents. Rendering lives in api/handout.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .compare import Comparison, ComparisonRow, DocumentGroup, Provision, compare
from .core.requirements import Floor
from .search import SearchService

HANDOUT_PER_DOCUMENT = 8  # a handout is read on paper: fewer provisions per document than the API shows
HANDOUT_LIMIT = 150


@dataclass
class Section:
    """One entry of the table of contents: level 1 a region or a part, level 2 a document."""

    level: int
    title: str


@dataclass
class Handout:
    title: str
    subtitle: str
    generated: str  # YYYY-MM-DD
    comparison: Comparison

    @property
    def document_count(self) -> int:
        return sum(len(g.documents) for g in self.comparison.groups)

    def contents(self) -> list[Section]:
        sections = [Section(1, "说明")]
        for group in self.comparison.groups:
            sections.append(Section(1, group.region))
            sections += [Section(2, d.citation.title) for d in group.documents]
        if self.comparison.rows:
            sections.append(Section(1, "数字要求对照"))
        if self.floors():
            sections.append(Section(1, "法定标准"))
        return sections

    def floors(self) -> list[Floor]:
        """The statutory floors known for the requirements this handout compares."""
        return list({row.floor.key: row.floor for row in self.comparison.rows if row.floor}.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "subtitle": self.subtitle, "generated": self.generated,
            "contents": [vars(s) for s in self.contents()], "comparison": self.comparison.to_dict(),
        }


def build_handout(
    service: SearchService,
    topic: str = "",
    q: str = "",
    regions: str | list[str] | None = None,
    per_document: int = HANDOUT_PER_DOCUMENT,
    limit: int = HANDOUT_LIMIT,
    today: dt.date | None = None,
) -> Handout:
    comparison = compare(service, topic=topic, q=q, regions=regions, per_document=per_document, limit=limit)
    documents = sum(len(g.documents) for g in comparison.groups)
    today = today or dt.date.today()
    subtitle = (
        f"{len(comparison.groups)} 个地区 · {documents} 件文件 · {comparison.total} 条条款"
        f" · 生成于 {today.isoformat()}（rendakb）"
    )
    return Handout(f"{comparison.query}——各地规定汇编", subtitle, today.isoformat(), comparison)


def responsibility_rows(document: DocumentGroup) -> list[Provision]:
    """The provisions of a document that say who is responsible: its responsibility table."""
    return [p for p in document.provisions if p.has_assignment]


def omitted_note(document: DocumentGroup) -> str:
    return f"该文件另有 {document.omitted} 条相关条款未列出。" if document.omitted else ""


def row_regions(row: ComparisonRow, columns: list[str]) -> list[str]:
    """The regions of a comparison row, in the comparison's column order."""
    return [r for r in columns if r in row.cells]

