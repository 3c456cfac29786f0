"""The JSON API: search, who is responsible, units, documents."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from index.compare import compare as compare_topic
from index.core.corpus_format import format_document
from index.handout import build_handout
from index.registry import document_matrix, unit_duties
from index.results import SearchFilters, SearchRequest
from index.search import SearchService

from . import payloads
from .app import get_service
from .handout import MEDIA_TYPES, SUFFIXES, render_handout
from .render import STANDALONE_HTML_HEADERS, render_markdown_page

router = APIRouter()

Service = Depends(get_service)


@router.get("/healthz", tags=["meta"])
def healthz(service: SearchService = Service) -> dict[str, Any]:
    total, _ = service.documents(page=1, size=1)
    return {"status": "ok", "documents": total}


@router.get("/api/search", tags=["search"])
def search(
    q: str = Query("", description="检索词：词语、\"短语\"、-排除，及 region: kind: year: unit: 过滤"),
    region: str = Query("", description="地区，例如 渭源县；也可写 渭源，或省名（甘肃）指其中各地"),
    level: str = Query("", description="层级：province / city / county / district / township，或 省级、市级、县级…"),
    kind: str = Query("", description="文件类型，例如 意见、条例；实施意见 按 意见 查"),
    year: str = Query("", description="年份，四位数字，例如 2024"),
    issuer: str = Query("", description="发文机关，全称或其中一部分（北京市人大常委会 亦可）"),
    unit: str = Query("", description="责任或协作单位，原文写法、规范名称或其中一部分（财政局）"),
    topic: str = Query("", description="主题（见 /api/compare 的主题表），例如 建议办理"),
    page: int = 1,
    size: int = 10,
    sort: Literal["relevance", "date"] = "relevance",
    service: SearchService = Service,
) -> dict[str, Any]:
    filters = SearchFilters(region=region, level=level, kind=kind, year=year, issuer=issuer, unit=unit, topic=topic)
    results = service.search(SearchRequest(q=q, filters=filters, page=page, size=size, sort=sort))
    return payloads.search_payload(results)


@router.get("/api/responsibility", tags=["responsibility"])
def responsibility(
    q: str = Query("", description="条款问题，例如 预决算审查监督"),
    region: str = "",
    limit: int = 10,
    service: SearchService = Service,
) -> dict[str, Any]:
    return payloads.responsibility_payload(q, service.responsibility(q, region=region, limit=limit))


@router.get("/api/units", tags=["units"])
def units(q: str = "", region: str = "", service: SearchService = Service) -> dict[str, Any]:
    return payloads.units_payload(service.units(q=q, region=region), service.region_notices(region))


@router.get("/api/units/{name}/tasks", tags=["units"])
def unit_tasks(name: str, service: SearchService = Service) -> dict[str, Any]:
    return payloads.unit_tasks_payload(name, service.unit_tasks(name))


@router.get("/api/documents", tags=["documents"])
def documents(
    region: str = "",
    kind: str = "",
    page: int = 1,
    size: int = 20,
    service: SearchService = Service,
) -> dict[str, Any]:
    total, docs = service.documents(region=region, kind=kind, page=page, size=size)
    return payloads.documents_payload(total, page, size, docs, service.region_notices(region))


@router.get("/api/documents/{doc_id}", tags=["documents"], response_model=None)
def document(
    doc_id: str,
    format: Literal["json", "markdown", "html"] = "json",
    service: SearchService = Service,
) -> Any:
    parsed = service.document(doc_id)
    if format == "markdown":
        return PlainTextResponse(format_document(parsed.document), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return HTMLResponse(render_markdown_page(parsed.document), headers=STANDALONE_HTML_HEADERS)
    return payloads.document_payload(parsed)


# -- comparing regions, the unit registry, handouts (issue 5) --------------------------------

Regions = Query("", description="地区，逗号分隔，例如 渭源县,温州市；不填为全部")


@router.get("/api/compare", tags=["compare"])
def compare(
    topic: str = Query("", description="主题或数字要求，例如 常委会会议频次、乡镇人大专职副主席、代表建议办理"),
    regions: str = Regions,
    per_document: int = Query(10, description="每篇文件最多列出的条款数"),
    service: SearchService = Service,
) -> dict[str, Any]:
    return payloads.compare_payload(compare_topic(service, topic=topic, regions=regions, per_document=per_document))


@router.get("/api/units/{name}", tags=["units"])
def unit(name: str, region: str = "", service: SearchService = Service) -> dict[str, Any]:
    return payloads.unit_duties_payload(unit_duties(service, name, region=region))


@router.get("/api/documents/{doc_id}/matrix", tags=["documents"], response_model=None)
def matrix(doc_id: str, format: Literal["json", "csv"] = "json", service: SearchService = Service) -> Any:
    found = document_matrix(service, doc_id)
    if format == "csv":
        return PlainTextResponse(found.to_csv(), media_type="text/csv; charset=utf-8",
                                 headers=payloads.attachment(f"{doc_id}-matrix.csv"))
    return payloads.matrix_payload(found)


@router.get("/api/export", tags=["compare"], response_model=None)
def export(
    topic: str = Query("", description="主题，例如 代表建议办理"),
    q: str = Query("", description="或检索词（与 topic 二选一）"),
    format: Literal["markdown", "html", "docx"] = "html",
    regions: str = Regions,
    service: SearchService = Service,
) -> Response:
    handout = build_handout(service, topic=topic, q=q, regions=regions)
    headers = payloads.attachment(f"{handout.comparison.query}{SUFFIXES[format]}") if format != "html" else dict(STANDALONE_HTML_HEADERS)
    return Response(render_handout(handout, format), media_type=MEDIA_TYPES[format], headers=headers)
