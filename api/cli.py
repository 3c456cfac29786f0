"""The `rendakb` command: each command parses flags, calls one library function, maps errors to a message."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from index.core.errors import IndexNotReady, RendakbError

from .settings import Settings

app = typer.Typer(
    name="rendakb",
    help="人大政策文件知识库 rendakb: ingest, index, search and ask who is responsible.",
    no_args_is_help=True,
    add_completion=False,
)
# Corpus text, file names and queries may hold [brackets]: nothing is read as rich markup unless a
# print asks for it, and then every value in it is escaped.
out = Console(markup=False)
err = Console(stderr=True, markup=False)

CorpusOption = typer.Option(None, "--corpus", envvar="RENDAKB_CORPUS", help="corpus directory (default: the repo's corpus/)")
IndexOption = typer.Option(None, "--index", envvar="RENDAKB_INDEX", help="index directory (default: the user data directory)")
JsonOption = typer.Option(False, "--json", help="print the API's JSON instead of a table")


def _settings(corpus: Path | None, index: Path | None) -> Settings:
    settings = Settings()
    if corpus is not None:
        settings.corpus = corpus
    if index is not None:
        settings.index = index
    return settings


@contextmanager
def _domain_errors() -> Iterator[None]:
    """A domain error becomes one readable line and exit code 2, never a traceback."""
    try:
        yield
    except RendakbError as exc:
        err.print(f"[red]错误:[/red] {escape(exc.message)}" + (f" ({escape(exc.detail)})" if exc.detail else ""), markup=True)
        raise typer.Exit(2) from None


@contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=False, disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def _open_service(settings: Settings) -> Any:
    from index.search import SearchService

    return SearchService.open(settings.index)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _units_text(units: list[Any]) -> str:
    return "、".join(u.name for u in units)


def _print_hit(rank: int, hit: Any, text_limit: int) -> None:
    """One answer as a block: long Chinese names never get cut by a narrow table column."""
    text = hit.text if len(hit.text) <= text_limit else hit.text[:text_limit] + "…"
    lines = [
        f"[bold]{rank}.[/bold] {escape(hit.region)} · {escape(hit.doc_title)} · [cyan]{escape(hit.path)}[/cyan]"
        + ("（部分匹配）" if hit.partial else ""),
        f"   {escape(text)}",
    ]
    for label, value in (
        ("责任单位", _units_text(hit.lead_units)),
        ("协作单位", _units_text(hit.coop_units)),
        ("责任领导", hit.leader),
        ("完成时限", hit.deadline),
    ):
        if value:
            lines.append(f"   {label}：{escape(value)}")
    out.print("\n".join(lines) + "\n", soft_wrap=True, highlight=False, markup=True)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help=".txt, .md, .html, .docx, .xlsx or .pdf files, or folders of them"),
    corpus: Path | None = CorpusOption,
) -> None:
    """Turn local files into corpus documents (idempotent)."""
    from crawler.ingest import ingest_paths

    settings = _settings(corpus, None)
    with _domain_errors():
        report = ingest_paths(list(paths), settings.corpus)
    out.print(
        f"新增 {report.new}，更新 {report.changed}，未变 {report.unchanged}，跳过 {report.skipped} "
        f"→ {settings.corpus}"
    )
    for path, reason in report.failures:
        err.print(f"[yellow]跳过[/yellow] {escape(str(path))}: {escape(str(reason))}", markup=True)


@app.command("index")
def index_command(
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
    rebuild: bool = typer.Option(False, "--rebuild", help="re-parse every document instead of only the changed ones"),
) -> None:
    """Bring the search index up to date with the corpus (only what changed, by sha256).

    Only added, changed and removed documents are re-indexed; --rebuild re-parses them all.

    The new index is written into a new directory and swapped in atomically: queries keep being answered meanwhile."""
    from index.build import build_index

    settings = _settings(corpus, index)
    with _domain_errors(), _progress_bar("建立索引") as progress:
        report = build_index(settings.corpus, settings.index, progress=progress, rebuild=rebuild)
    counts = f"新增 {report.added}、更新 {report.updated}、删除 {report.removed}、未变 {report.unchanged}"
    if report.mode == "unchanged":
        out.print(f"索引已是最新：{report.unchanged} 篇文件未变，无需重新解析 → {settings.index}")
    elif report.mode == "update":
        out.print(f"已更新索引：{counts}；重新解析 {report.parsed} 篇文件、写入 {report.clauses} 个条款 → {settings.index}")
    else:
        why = f"（{report.reason}）" if report.reason else ""
        out.print(f"已重建索引{why}：重新解析 {report.parsed} 篇文件、写入 {report.clauses} 个条款 → {settings.index}")
    for line in report.skipped:
        err.print(f"[yellow]未能解析[/yellow] {escape(str(line))}", markup=True)


def _crawl_counts(p: Any) -> str:
    return (f"页面 已抓取 {p.pages_fetched} · 失败 {p.pages_failed} · 跳过 {p.pages_skipped} · "
            f"重试 {p.retries} · 排队 {p.pages_queued}；文件 新增 {p.documents_new} · "
            f"更新 {p.documents_changed} · 未变 {p.documents_unchanged} · 重复 {p.duplicates}")


@contextmanager
def _crawl_display() -> Iterator[tuple[Callable[[Any], None], list[Any]]]:
    """On a terminal, a live view of the counts (stderr); always, the last counts seen."""
    from rich.live import Live
    from rich.text import Text

    last: list[Any] = []

    def view(p: Any) -> Text:
        return Text(f"抓取中 · 最近一页 {p.current_url}\n{_crawl_counts(p)}", overflow="ellipsis", no_wrap=True)

    if not err.is_terminal:
        yield last.append, last
        return
    with Live(Text("抓取开始…"), console=err, refresh_per_second=4, transient=True) as live:

        def update(p: Any) -> None:
            last.append(p)
            del last[:-1]
            live.update(view(p))

        yield update, last


@app.command("crawl")
def crawl_command(
    urls: list[str] = typer.Argument(None, help="起始网址：站点首页或政策栏目（列表）页", show_default=False),
    sites: Path | None = typer.Option(None, "--sites", help="站点文件（见 crawler/sites.toml）"),
    corpus: Path | None = CorpusOption,
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="对同一站点两次请求的最短间隔（秒）；robots.txt 的 Crawl-delay 只会更长"),
    max_pages: int | None = typer.Option(None, "--max-pages", min=1, help="抓取这么多页后停下；再次运行即继续"),
    state: Path | None = typer.Option(None, "--state", envvar="RENDAKB_CRAWL_STATE", help="抓取状态文件（默认在用户数据目录，索引旁边）"),
    report: bool = typer.Option(False, "--report", help="打印上一次抓取的失败，按原因分组"),
) -> None:
    """Gather policy documents from congress websites into the corpus (politely, resumable)."""
    from crawler.crawl import crawl, format_failure_report

    settings = _settings(corpus, None)
    state_path = state or settings.crawl_state
    if report:
        with _domain_errors():
            out.print(format_failure_report(state_path), soft_wrap=True, highlight=False, markup=False)
        return
    with _domain_errors():
        try:
            with _crawl_display() as (progress, last):
                result = crawl(list(urls or []), settings.corpus, state_path, delay=delay, max_pages=max_pages,
                               sites=sites, progress=progress)
        except KeyboardInterrupt:
            # Every page's outcome is committed on its own and corpus writes are atomic:
            # the state is consistent here and the next run resumes the same crawl.
            counts = f"：{_crawl_counts(last[-1])}" if last else ""
            out.print(f"已中断{counts}。进度已保存在 {state_path}，再次运行同一命令即可继续。",
                      soft_wrap=True, highlight=False, markup=False)
            raise typer.Exit(130) from None
    head = "抓取完成" if result.finished else f"已抓取 {max_pages} 页后停下（尚未抓完，再次运行同一命令即可继续）"
    resumed = "（续上次未完成的抓取）" if result.resumed else ""
    out.print(f"{head}{resumed}：{_crawl_counts(result.progress)}（用时 {result.elapsed:.1f} 秒）→ {settings.corpus}",
              soft_wrap=True, highlight=False, markup=False)
    if result.failures_by_reason:
        reasons = "、".join(f"{reason} {n}" for reason, n in result.failures_by_reason.items())
        out.print(f"失败和跳过：{reasons}；详情：rendakb crawl --report", soft_wrap=True, highlight=False, markup=False)
    if result.abandoned_hosts:
        out.print("这些站点一再拦截，已留待下次：" + "、".join(result.abandoned_hosts), soft_wrap=True, markup=False)


@app.command()
def search(
    query: str = typer.Argument(..., help='检索词，例如 "预算审查" region:渭源县'),
    region: str = "",
    level: str = "",
    kind: str = "",
    year: str = "",
    issuer: str = "",
    unit: str = "",
    topic: str = typer.Option("", "--topic", help="主题，例如 建议办理"),
    page: int = 1,
    size: int = 10,
    sort: str = typer.Option("relevance", "--sort", help="relevance（相关度）或 date（日期，新的在前）"),
    as_json: bool = JsonOption,
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Search provisions."""
    from index.results import SearchFilters, SearchRequest

    from .payloads import search_payload

    settings = _settings(corpus, index)
    filters = SearchFilters(region=region, level=level, kind=kind, year=year, issuer=issuer, unit=unit, topic=topic)
    with _domain_errors():
        service = _open_service(settings)
        request = SearchRequest(q=query, filters=filters, page=page, size=size, sort=sort)
        results = service.search(request)
    if as_json:
        _print_json(search_payload(results))
        return
    out.print(f"[bold]{escape(query)}[/bold]：共 {results.total} 条（第 {results.page} 页）", soft_wrap=True, markup=True)
    _print_notices(results.notices)
    for rank, hit in enumerate(results.hits, start=(results.page - 1) * results.size + 1):
        _print_hit(rank, hit, text_limit=200)
    for label, name in (("地区", "region"), ("类型", "kind"), ("年份", "year")):
        counts = results.facets.get(name) or {}
        if counts:
            out.print(f"{label}：" + " · ".join(f"{value} {n}" for value, n in list(counts.items())[:8]), soft_wrap=True)
    if results.suggestions:
        out.print("您是不是要找：" + "、".join(results.suggestions))


@app.command()
def who(
    query: str = typer.Argument(..., help="条款问题，例如 预决算审查监督"),
    region: str = "",
    limit: int = 10,
    as_json: bool = JsonOption,
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Who is responsible for a provision: lead and cooperating units, leader, deadline."""
    from .payloads import responsibility_payload

    settings = _settings(corpus, index)
    with _domain_errors():
        answers = _open_service(settings).responsibility(query, region=region, limit=limit)
    if as_json:
        _print_json(responsibility_payload(query, answers))
        return
    _print_notices(answers.notices)
    hits = answers.hits
    if not hits:
        out.print(f"没有找到关于「{query}」的带责任分工的条款。")
        return
    out.print(f"[bold]谁负责：{escape(query)}[/bold]（{len(hits)} 条）", soft_wrap=True, markup=True)
    for rank, hit in enumerate(hits, start=1):
        _print_hit(rank, hit, text_limit=160)


RegionsOption = typer.Option("", "--regions", help="地区，逗号分隔，例如 渭源县,温州市")


def _print_notices(notices: list[str]) -> None:
    """How typed filters were read, or why none can match: in yellow, before the hits."""
    for notice in notices:
        out.print(f"[yellow]{escape(notice)}[/yellow]", soft_wrap=True, markup=True)


def _print_text(text: str) -> None:
    # Corpus text may hold [brackets]: never read it as rich markup.
    out.print(text, soft_wrap=True, highlight=False, markup=False)


@app.command()
def compare(
    topic: str = typer.Argument(..., help="主题或数字要求，例如 常委会会议频次"),
    regions: str = RegionsOption,
    per_document: int = typer.Option(10, "--per-document", help="每篇文件最多列出的条款数"),
    as_json: bool = JsonOption,
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Compare regions on a topic: their provisions and numeric requirements side by side."""
    from index.compare import compare as compare_topic

    from .terminal import format_comparison

    with _domain_errors():
        found = compare_topic(_open_service(_settings(corpus, index)), topic=topic, regions=regions,
                              per_document=per_document)
    if as_json:
        _print_json(found.to_dict())
    else:
        _print_text(format_comparison(found))


@app.command()
def unit(
    name: str = typer.Argument(..., help="单位名称，全称或简称，例如 县财政局"),
    region: str = typer.Option("", "--region", help="只看这个地区"),
    as_json: bool = JsonOption,
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Every duty of a unit across documents, lead and cooperating, with deadlines."""
    from index.registry import unit_duties

    from .terminal import format_duties

    with _domain_errors():
        duties = unit_duties(_open_service(_settings(corpus, index)), name, region=region)
    if as_json:
        _print_json(duties.to_dict())
    else:
        _print_text(format_duties(duties))


@app.command()
def matrix(
    doc_id: str = typer.Argument(..., help="文件 id（见 rendakb search --json 或 /api/documents）"),
    format: str = typer.Option("csv", "--format", help="csv 或 json"),
    output: Path | None = typer.Option(None, "-o", "--output", help="写入文件（默认打印）"),
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """The responsibility matrix (units × provisions) of one document, as CSV or JSON."""
    from index.core.errors import QueryError
    from index.registry import document_matrix

    with _domain_errors():
        if format not in ("csv", "json"):
            raise QueryError(f"格式应为 csv 或 json，而不是 {format!r}")
        found = document_matrix(_open_service(_settings(corpus, index)), doc_id)
    text = found.to_csv() if format == "csv" else json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    output.write_text(text, encoding="utf-8-sig" if format == "csv" else "utf-8")  # the BOM lets Excel read UTF-8
    err.print(f"已写入 {output}")


@app.command()
def export(
    topic: str = typer.Option("", "--topic", help="主题，例如 代表建议办理"),
    q: str = typer.Option("", "--q", help="或检索词（与 --topic 二选一）"),
    format: str = typer.Option("", "--format", help="markdown、html 或 docx（默认按 -o 的扩展名）"),
    output: Path | None = typer.Option(None, "-o", "--output", help="写入文件；docx 必须给出"),
    regions: str = RegionsOption,
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Build a study handout: provisions by region and document, cited, with responsibility and comparison tables."""
    from index.core.errors import QueryError
    from index.handout import build_handout

    from .handout import FORMATS, SUFFIXES, render_handout

    by_suffix = {suffix: name for name, suffix in SUFFIXES.items()} | {".htm": "html", ".markdown": "markdown"}
    chosen = format or (by_suffix.get(output.suffix.lower(), "") if output else "") or "markdown"
    with _domain_errors():
        if chosen not in FORMATS:
            raise QueryError(f"格式应为 {'、'.join(FORMATS)} 之一，而不是 {chosen!r}")
        if chosen == "docx" and output is None:
            raise QueryError("docx 须用 -o 指定输出文件")
        handout = build_handout(_open_service(_settings(corpus, index)), topic=topic, q=q, regions=regions)
    rendered = render_handout(handout, chosen)
    if output is None:
        sys.stdout.write(rendered if isinstance(rendered, str) else rendered.decode("utf-8"))
        return
    output.write_bytes(rendered if isinstance(rendered, bytes) else rendered.encode("utf-8"))
    err.print(f"已写入 {output}：{handout.subtitle}")


@app.command()
def serve(
    host: str = typer.Option(None, "--host", envvar="RENDAKB_HOST", help="default 127.0.0.1"),
    port: int = typer.Option(None, "--port", envvar="RENDAKB_PORT", help="default 8000"),
    workers: int = typer.Option(1, "--workers", help="worker processes (jieba holds the GIL: use processes, not threads)"),
    corpus: Path | None = CorpusOption,
    index: Path | None = IndexOption,
) -> None:
    """Serve the API and web pages; builds the index on first run."""
    import uvicorn

    from index.build import build_index

    settings = _settings(corpus, index)
    with _domain_errors():
        try:
            _open_service(settings).close()
        except IndexNotReady as exc:
            # First run, or an index this version of rendakb does not read (made before an upgrade).
            err.print(f"{exc.message}，正在从 {settings.corpus} 建立索引…")
            with _progress_bar("建立索引") as progress:
                build_index(settings.corpus, settings.index, progress=progress)
    # Worker processes read their settings from the environment.
    os.environ["RENDAKB_CORPUS"] = str(settings.corpus)
    os.environ["RENDAKB_INDEX"] = str(settings.index)
    host = host or settings.host
    port = port or settings.port
    err.print(f"rendakb 正在 http://{host}:{port}/ 提供服务（API 文档：/docs）")
    uvicorn.run("api.app:create_app_from_env", factory=True, host=host, port=port, workers=workers, log_level="info")


def main() -> None:  # pragma: no cover - console entry point
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
