"""Plain-text views for the terminal: a comparison and a unit's duties, as the CLI prints them."""

from __future__ import annotations

from index.compare import Comparison
from index.core.text import book_title
from index.registry import ROLES, UnitDuties

TEXT_LIMIT = 120


def _cut(text: str, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


MODE_LABELS = {"requirement": "数字要求", "topic": "主题", "search": "检索"}


def format_comparison(comparison: Comparison) -> str:
    about = comparison.key or comparison.topic or comparison.query
    lines = [
        f"比较：{comparison.query}（{MODE_LABELS.get(comparison.mode, comparison.mode)} {about}）"
        f" · {len(comparison.groups)} 个地区 · {comparison.total} 条条款",
    ]
    if comparison.missing_regions:
        lines.append(f"没有相关条款的地区：{'、'.join(comparison.missing_regions)}")
    if comparison.rows:
        lines += ["", "== 数字要求对照 =="]
    for row in comparison.rows:
        lines += ["", row.label]
        for region in (r for r in comparison.regions if r in row.cells):
            for finding in row.cells[region]:
                lines.append(f"  {region}  {finding.label}  {finding.excerpt}  {book_title(finding.doc_title)}{finding.path}")
                if finding.below_floor:
                    floor = finding.below_floor
                    lines.append(f"    ！不符合法定标准：{floor.statement}（{floor.source}）")
        if row.floor:
            lines.append(f"  法定标准：{row.floor.statement}（{row.floor.source}）")
    lines += ["", "== 各地条款 =="]
    for group in comparison.groups:
        lines += ["", group.region]
        for document in group.documents:
            citation = document.citation
            number = f"（{citation.doc_number}）" if citation.doc_number else ""
            lines.append(f"  {book_title(citation.title)}{number} {citation.date}".rstrip())
            for provision in document.provisions:
                lines.append(f"    {provision.path}  {_cut(provision.text)}")
            if document.omitted:
                lines.append(f"    （另有 {document.omitted} 条未列出）")
    return "\n".join(lines)


def format_duties(duties: UnitDuties) -> str:
    others = [n for n in duties.names if n not in duties.units]
    alias = f"（又作：{'、'.join(others)}）" if others else ""
    lines = [
        f"{'、'.join(duties.units)}{alias} · 牵头 {duties.lead_count} 项 · 协作 {duties.coop_count} 项"
        f" · {'、'.join(duties.regions)}",
    ]
    for group in duties.documents:
        citation = group.citation
        number = f"（{citation.doc_number}）" if citation.doc_number else ""
        lines += ["", f"{book_title(citation.title)}{number} {citation.date}".rstrip()]
        for duty in group.duties:
            lines.append(f"  {ROLES[duty.role]}  {duty.path}  {_cut(duty.text, 80)}")
            partners = [u.name for u in duty.lead_units + duty.coop_units]
            extra = [f"完成时限：{duty.deadline}" if duty.deadline else "",
                     f"责任领导：{duty.leader}" if duty.leader else "",
                     f"分工：{'、'.join(partners)}" if partners else ""]
            if any(extra):
                lines.append("        " + "；".join(e for e in extra if e))
    return "\n".join(lines)
