"""The web pages for people: search, 谁负责, units and documents, server-rendered in Chinese.

Each handler calls one service method; errors on these pages become HTML pages here (PageRoute),
while /api/* keeps the JSON answers of api/errors.py.
"""

from __future__ import annotations

import html
import logging
import math
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from index.core.errors import DocumentNotFound, IndexNotReady, QueryError, RendakbError, UnitNotFound
from index.filters import LEVEL_LABELS
from index.query import MAX_QUERY_CHARS
from index.results import Answers, Hit, SearchFilters, SearchRequest, SearchResults, UnitTask
from index.search import SearchService

from .app import get_service
from .errors import describe_validation_error
from .render import document_view

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"

PAGE_SIZE = 10
WHO_LIMIT = 20
ANSWERS_SHOWN = 1  # responsibility answers above the search results; the rest are on /who
ANSWER_AMONG_TOP = 3  # ... and only one that is also among the first search hits
DOCUMENTS_PAGE_SIZE = 20
MAX_PAGE = 1000

# What a newcomer can try; tests/test_pages.py checks each finds something in the seed documents.
EXAMPLE_QUERIES = ("预算审查", "人大代表建议", "执法检查", "文明祭祀", "\"代表建议\" 地区:北京市")
EXAMPLE_QUESTIONS = ("预决算审查监督", "代表建议办理", "执法检查", "备案审查")

# Labels people read, for the facet fields and the document levels.
FACET_LABELS = {
    "region": "地区",
    "kind": "文件类型",
    "year": "年份",
    "level": "层级",
    "issuer": "发文机关",
    "unit": "责任单位",
}
EMPTY_SEARCH_HINT = "请输入要检索的词语。可以输入几个词（都须出现）、用引号括起一个短语，或在词前加 - 排除它。"
EMPTY_WHO_HINT = "请输入一项工作或条款内容，例如“预决算审查监督”，即可查到由哪些单位牵头、哪些单位配合。"
FACETS_SHOWN = 8  # the rest of a facet's values sit behind "更多"

# What each error means for a person on these pages; the service's own message is the detail.
ERROR_TITLES: tuple[tuple[type[RendakbError], str], ...] = (
    (DocumentNotFound, "找不到这份文件"),
    (UnitNotFound, "找不到这个单位"),
    (IndexNotReady, "检索服务暂时不可用：索引尚未建立"),
    (QueryError, "请求无法处理"),
)
STATUS_TITLES = {400: "请求无法处理", 404: "找不到这个页面", 422: "请求参数无效", 503: "服务暂时不可用"}
STATUS_HINTS = {
    404: "链接可能有误或已失效，内容也可能已从知识库中移除。可以重新检索。",
    503: "管理员需要运行 rendakb index 建立索引，之后刷新本页即可。",
    500: "这是程序的错误，已记录在服务日志中。请稍后再试。",
}

# Pages are server-rendered and need no inline script or style: a strict policy
# means that even a missed escape in crawled text cannot run anything.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


# -- links: one place decides how names and clause paths go into URLs -------------------


def unit_url(name: str) -> str:
    return "/units/" + quote(name, safe="")


def document_url(doc_id: str, path: str = "") -> str:
    url = "/documents/" + quote(doc_id, safe="")
    return f"{url}#{clause_anchor(path)}" if path else url


def clause_anchor(path: str) -> str:
    """The fragment that points at a clause: its path, percent-encoded (browsers decode it to find the id)."""
    return quote(path, safe="")


def page_url(path: str, **params: Any) -> str:
    # Empty parameters and page 1 are left out, so every page has one short canonical URL.
    kept = {k: v for k, v in params.items() if v not in ("", None) and not (k == "page" and v == 1)}
    return f"{path}?{urlencode(kept)}" if kept else path


def safe_url(url: str) -> str:
    """A crawled URL fit for an href: only http(s), so a document cannot smuggle in javascript:."""
    return url if url.lower().startswith(("http://", "https://")) else ""


def highlight_markup(highlight: str) -> Markup:
    """The service's highlight as HTML in which <mark> is the only element that can survive.

    The service promises escaped text; re-escaping everything but <mark> keeps the page
    safe even if that promise is ever broken.
    """
    escaped = html.escape(html.unescape(highlight), quote=False)
    return Markup(escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>"))


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


def facet_value_label(field_name: str, value: str) -> str:
    return level_label(value) if field_name == "level" else value


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every template, whatever its extension: crawled text is untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        unit_url=unit_url,
        page_url=page_url,
        document_url=document_url,
        clause_anchor=clause_anchor,
        safe_url=safe_url,
        level_label=level_label,
        facet_label=FACET_LABELS.get,
        facet_value_label=facet_value_label,
        facets_shown=FACETS_SHOWN,
        examples=EXAMPLE_QUERIES,
        questions=EXAMPLE_QUESTIONS,
    )
    env.filters["highlight"] = highlight_markup
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers.update(SECURITY_HEADERS)
    return response


def error_page(request: Request, status: int, title: str, detail: str = "") -> HTMLResponse:
    context = {"status": status, "title": title, "detail": detail, "hint": STATUS_HINTS.get(status, "")}
    return render(request, "error.html", context, status=status)


def title_for(exc: RendakbError) -> str:
    for kind, title in ERROR_TITLES:
        if isinstance(exc, kind):
            return title
    return STATUS_TITLES.get(exc.status, "请求无法处理")


class PageRoute(APIRoute):
    """A route whose every failure is an HTML page a person can read, never JSON or a stack trace."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def handle_page(request: Request) -> Response:
            try:
                return await handle(request)
            except RendakbError as exc:
                return error_page(request, exc.status, title_for(exc), exc.message)
            except RequestValidationError as exc:
                message, _ = describe_validation_error(exc)
                return error_page(request, 400, STATUS_TITLES[400], message)
            except StarletteHTTPException as exc:
                return error_page(request, exc.status_code, STATUS_TITLES.get(exc.status_code, "出错了"))
            except Exception:
                # A 500 is a bug: the log gets it whole, the person gets an apology.
                log.exception("unhandled error on page %s", request.url.path)
                return error_page(request, 500, "服务器内部错误")

        return handle_page


router = APIRouter(route_class=PageRoute, include_in_schema=False)
Service = Depends(get_service)
PageNumber = Query(1, ge=1, le=MAX_PAGE)


JSON_PATHS = ("/api/", "/healthz", "/openapi.json")  # the machine side keeps its JSON errors


def install_pages(app: FastAPI) -> None:
    """Mount the pages and their local assets on the app (called once from create_app, after the JSON handlers)."""
    from .compare_page import router as compare_router  # late: it builds on this module's PageRoute

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(router)
    app.include_router(compare_router)
    json_handler = app.exception_handlers.get(StarletteHTTPException)

    async def handle_http_error(request: Request, exc: Exception) -> Response:
        # A mistyped address outside the API is a person at a browser: a page, not {"error": …}.
        assert isinstance(exc, StarletteHTTPException)
        if json_handler is not None and request.url.path.startswith(JSON_PATHS):
            return await json_handler(request, exc)
        return error_page(request, exc.status_code, STATUS_TITLES.get(exc.status_code, "出错了"))

    app.add_exception_handler(StarletteHTTPException, handle_http_error)


# -- search -------------------------------------------------------------------------------


@dataclass
class SearchState:
    """The search page's query string, so that facet and page links change one thing and keep the rest."""

    q: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 1

    def url(self, page: int = 1, changes: dict[str, str] | None = None) -> str:
        params: dict[str, Any] = {"q": self.q}
        params.update({f.name: getattr(self.filters, f.name) for f in fields(self.filters)})
        params.update(changes or {})
        return page_url("/search", **params, page=page)

    def toggle(self, name: str, value: str) -> str:
        """The link that adds the filter, or removes it if it is already on."""
        current = getattr(self.filters, name)
        return self.url(changes={name: "" if current == value else value})

    def active(self) -> list[tuple[str, str]]:
        return [(f.name, getattr(self.filters, f.name)) for f in fields(self.filters) if getattr(self.filters, f.name)]


def query_problem(q: str, empty_hint: str) -> tuple[str, int]:
    """What is wrong with a typed query, said in Chinese before the service sees it, and the status to answer."""
    if not q:
        return empty_hint, 200
    if len(q) > MAX_QUERY_CHARS:
        return f"输入太长（{len(q)} 个字符），最多 {MAX_QUERY_CHARS} 个字符。", 400
    return "", 200


def facet_lists(facets: dict[str, dict[str, int]]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Facets in the order people scan them, most frequent value first, unknown ("") values left out."""
    lists = []
    for name in FACET_LABELS:
        values = sorted(((v, n) for v, n in facets.get(name, {}).items() if v), key=lambda item: (-item[1], item[0]))
        if values:
            lists.append((name, values))
    return lists


def pages_around(page: int, last: int, width: int = 2) -> list[int]:
    return list(range(max(1, page - width), min(last, page + width) + 1))


def results_view(results: SearchResults | None) -> dict[str, Any]:
    if results is None:
        return {}
    last_page = max(1, math.ceil(results.total / results.size))
    return {
        "facets": facet_lists(results.facets),
        "last_page": last_page,
        "page_numbers": pages_around(results.page, last_page),
    }


def responsibility_answers(service: SearchService, state: SearchState, results: SearchResults) -> list[Hit]:
    """The home page's box answers "who is responsible" too: type, Enter, and the units are there.

    Only when the search agrees: the best answer must be among the top hits, so a broad query
    such as 人大常委会 does not put some arbitrary assignment above its results.
    """
    top = {hit.clause_id for hit in results.hits[:ANSWER_AMONG_TOP]}
    answers = service.responsibility(state.q, region=state.filters.region, limit=ANSWER_AMONG_TOP)
    return [hit for hit in answers.hits if hit.clause_id in top][:ANSWERS_SHOWN]


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: str = "",
    region: str = "",
    level: str = "",
    kind: str = "",
    year: str = "",
    issuer: str = "",
    unit: str = "",
    page: int = PageNumber,
    service: SearchService = Service,
) -> HTMLResponse:
    state = SearchState(q.strip(), SearchFilters(region, level, kind, year, issuer, unit), page)
    is_home = request.url.path == "/" and not request.query_params
    problem, status = query_problem(state.q, "" if is_home else EMPTY_SEARCH_HINT)
    results, answers = None, []
    if state.q and not problem:
        try:
            results = service.search(SearchRequest(q=state.q, filters=state.filters, page=page, size=PAGE_SIZE))
            if page == 1 and results.total:
                answers = responsibility_answers(service, state, results)
        except QueryError as exc:
            # The person can fix the query right here, so answer with the search page, not an error page.
            problem, status = f"无法按这个检索词检索：{exc.message}", 400
    context = {
        "state": state, "is_home": is_home, "problem": problem, "results": results, "answers": answers,
        **results_view(results),
    }
    return render(request, "search.html", context, status)


# -- who is responsible ---------------------------------------------------------------------


@router.get("/who", response_class=HTMLResponse)
def who_page(request: Request, q: str = "", region: str = "", service: SearchService = Service) -> HTMLResponse:
    q = q.strip()
    problem, status = query_problem(q, EMPTY_WHO_HINT)
    answers = Answers([])
    if q and not problem:
        try:
            answers = service.responsibility(q, region=region, limit=WHO_LIMIT)
        except QueryError as exc:
            problem, status = f"无法按这个问题检索：{exc.message}", 400
    hits = answers.hits
    regions = sorted({hit.region for hit in hits if hit.region})
    context = {"q": q, "region": region, "hits": hits, "notices": answers.notices, "problem": problem, "regions": regions}
    return render(request, "who.html", context, status)


# -- units ----------------------------------------------------------------------------------


@router.get("/units", response_class=HTMLResponse)
def units_page(request: Request, q: str = "", region: str = "", service: SearchService = Service) -> HTMLResponse:
    units = service.units(q=q.strip(), region=region)
    context = {"q": q.strip(), "region": region, "units": units, "notices": service.region_notices(region)}
    return render(request, "units.html", context)


@dataclass
class DocumentTasks:
    """A unit's tasks within one document, in clause order."""

    doc_id: str
    title: str
    region: str
    published: str
    tasks: list[UnitTask] = field(default_factory=list)


def group_by_document(tasks: list[UnitTask]) -> list[DocumentTasks]:
    groups: dict[str, DocumentTasks] = {}
    for task in tasks:
        hit = task.hit
        group = groups.setdefault(hit.doc_id, DocumentTasks(hit.doc_id, hit.doc_title, hit.region, hit.published))
        group.tasks.append(task)
    return list(groups.values())


def spellings_of(name: str, tasks: list[UnitTask]) -> list[str]:
    """Every way the documents write this unit, so a person sees why a 县财政局 is 渭源县财政局."""
    seen: dict[str, None] = {}
    for task in tasks:
        for unit in task.hit.lead_units + task.hit.coop_units:
            if name in (unit.name, unit.canonical):
                seen.setdefault(unit.name, None)
                seen.setdefault(unit.canonical, None)
    return list(seen)


@router.get("/units/{name:path}", response_class=HTMLResponse)
def unit_page(request: Request, name: str, service: SearchService = Service) -> HTMLResponse:
    tasks = service.unit_tasks(name)
    context = {
        "name": name,
        "groups": group_by_document(tasks),
        "lead_count": sum(task.role == "lead" for task in tasks),
        "coop_count": sum(task.role == "coop" for task in tasks),
        "spellings": spellings_of(name, tasks),
    }
    return render(request, "unit.html", context)


# -- documents ------------------------------------------------------------------------------


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request, region: str = "", kind: str = "", page: int = PageNumber, service: SearchService = Service
) -> HTMLResponse:
    total, documents = service.documents(region=region, kind=kind, page=page, size=DOCUMENTS_PAGE_SIZE)
    last_page = max(1, math.ceil(total / DOCUMENTS_PAGE_SIZE))
    context = {
        "region": region,
        "notices": service.region_notices(region),
        "kind": kind,
        "page": page,
        "total": total,
        "documents": documents,
        "last_page": last_page,
        "page_numbers": pages_around(page, last_page),
        "page_link": lambda n: page_url("/documents", region=region, kind=kind, page=n),
    }
    return render(request, "documents.html", context)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str, service: SearchService = Service) -> HTMLResponse:
    parsed = service.document(doc_id)
    doc = parsed.document
    view = document_view(parsed)
    context = {
        "doc": doc,
        "view": view,
        "tree": view.tree,
        "attachments": [a for a in doc.attachments if safe_url(a.get("url", ""))],
        "clause_count": len(parsed.clauses),
        "assignment_count": len(parsed.assignments),
    }
    return render(request, "document.html", context)
