"""The 地区比较 page: one topic across regions, its numeric requirements side by side, and the handout download.

One handler, one service call (index.compare.compare); the handout form points at /api/export.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from index.compare import Comparison, ComparisonRow, compare, topic_names
from index.core.errors import QueryError, RegionNotFound, TopicNotFound
from index.search import SearchService

from .pages import PageRoute, Service, query_problem, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)

COLUMNS_SHOWN = 4  # requirement columns in the table; the rest are listed under each provision
EXAMPLE_TOPICS = ("常委会会议频次", "代表建议办理", "专职组成人员比例", "执法检查")
# What /api/export can make of the comparison, as the form offers it.
HANDOUT_FORMATS = (("docx", "Word 文档（.docx）"), ("markdown", "Markdown 文本（.md）"), ("html", "网页（可打印）"))
MODE_LABELS = {"requirement": "数字要求", "topic": "主题", "search": "检索词"}


def region_rows(comparison: Comparison, columns: list[ComparisonRow]) -> list[dict[str, Any]]:
    """The table turned for reading: one row per region, one column per requirement."""
    return [{"region": region, "cells": [row.cells.get(region, []) for row in columns]} for region in comparison.regions]


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, topic: str = "", regions: str = "", service: SearchService = Service) -> HTMLResponse:
    topic, regions = topic.strip(), regions.strip()
    problem, status = query_problem(topic, "")  # no topic yet: the page offers examples
    comparison = None
    if topic and not problem:
        try:
            comparison = compare(service, topic=topic, regions=regions)
        except (QueryError, TopicNotFound, RegionNotFound) as exc:
            # The person can change the topic or the regions right here.
            problem, status = exc.message, exc.status
    columns = comparison.rows[:COLUMNS_SHOWN] if comparison else []
    context = {
        "topic": topic,
        "regions": regions,
        "problem": problem,
        "comparison": comparison,
        "columns": columns,
        "more_columns": len(comparison.rows) - len(columns) if comparison else 0,
        "region_rows": region_rows(comparison, columns) if comparison else [],
        "mode_label": MODE_LABELS.get(comparison.mode, "") if comparison else "",
        "topics": topic_names(),
        "example_topics": EXAMPLE_TOPICS,
        "handout_formats": HANDOUT_FORMATS,
    }
    return render(request, "compare.html", context, status)
