"""`crawl` against the fixture website: every document once, politely, incrementally, crash-safe."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.robotparser
from itertools import pairwise
from pathlib import Path

import pytest
from crawler_site import site as content
from crawler_site.fixture import fixture_sites  # noqa: F401 - the session fixture
from crawler_site.server import FixtureSite, build_main
from typer.testing import CliRunner

from api.cli import app
from crawler.crawl import CrawlPolicy, CrawlProgress, CrawlReport, crawl, format_failure_report
from crawler.fetch import FetchPolicy
from crawler.state import CrawlState
from index.corpus import read_corpus

REPO = Path(__file__).resolve().parent.parent
cli = CliRunner()
DELAY = 0.3  # the done-when crawl
FAST = 0.05  # every other crawl
CHROME = ("今天是", "打印本页", "关闭窗口", "浏览次数", "网站标识码", "当前的位置", "设为首页", "ICP备", "【字体",
          "line-height", "_hmt", "阅读全文", "最新动态", "点击：", "版权所有", "网站首页")
ARTICLES = len(content.main_articles())  # every policy document of the main site


def fast_policies() -> dict:
    return {
        "fetch_policy": FetchPolicy(read_deadline=0.5, max_bytes=300_000, timeout=2.0),
        "policy": CrawlPolicy(max_retries=1, retry_base=0.05, block_backoff=0.1, robots_retry=0.3),
    }


def run(main: FixtureSite, tmp: Path, delay: float = FAST, **kwargs) -> CrawlReport:
    return crawl([f"http://{main.address}/"], tmp / "corpus", tmp / "state.db", delay=delay, **fast_policies(), **kwargs)


def snapshot(corpus: Path) -> dict[str, tuple]:
    """Everything about a corpus except fetch times."""
    return {
        d.id: (d.title, d.published, d.body, d.source, tuple(sorted(d.sources)), tuple(a["url"] for a in d.attachments))
        for d in read_corpus(corpus)
    }


def stored_report(state_path: Path) -> CrawlReport:
    """The last crawl's report as the crawl stored it in its state."""
    state = CrawlState(state_path)
    try:
        _, finished, summary = state.crawl_info(state.last_crawl_id() or 0)
    finally:
        state.close()
    assert finished and summary
    return CrawlReport(**{**summary, "progress": CrawlProgress(**summary["progress"])})


@pytest.fixture(scope="module")
def first(fixture_sites, tmp_path_factory):  # noqa: F811
    """The issue's "done when", as written: `rendakb crawl http://127.0.0.1:PORT/ --corpus DIR --delay 0.3`.

    Through the CLI with its default policies; the crawl state goes where the setting
    (RENDAKB_CRAWL_STATE) says. Every test below that reads `first` checks this one crawl.
    """
    main, other = fixture_sites
    build_main(main, other, version=1)
    tmp = tmp_path_factory.mktemp("first")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RENDAKB_CRAWL_STATE", str(tmp / "state.db"))
        start, start_other = len(main.requests), len(other.requests)
        result = cli.invoke(app, ["crawl", f"http://{main.address}/", "--corpus", str(tmp / "corpus"),
                                  "--delay", str(DELAY)], catch_exceptions=False)
        report_cli = cli.invoke(app, ["crawl", "--report"], catch_exceptions=False)
    return {"main": main, "other": other, "tmp": tmp, "cli": result, "report_cli": report_cli,
            "report": stored_report(tmp / "state.db"), "requests": main.requests[start:],
            "other_requests": other.requests[start_other:], "snapshot": snapshot(tmp / "corpus")}


def by_title(corpus: Path) -> dict:
    docs = list(read_corpus(corpus))
    return {d.title: d for d in docs}


def test_every_document_once_with_title_date_and_clean_text(first) -> None:
    docs = list(read_corpus(first["tmp"] / "corpus"))
    expected = {(a.title, a.pubdate) for a in content.main_articles()}
    assert sorted((d.title, d.published) for d in docs) == sorted(expected)
    assert len(list((first["tmp"] / "corpus").glob("*.md"))) == len(expected) == ARTICLES == 17
    for doc in docs:
        assert len(doc.body) > 200, doc.title
        assert not [c for c in CHROME if c in doc.body], (doc.title, [c for c in CHROME if c in doc.body])
        assert doc.source.startswith(f"http://{first['main'].address}/")
    texts = by_title(first["tmp"] / "corpus")
    assert "市人大常委会组成人员肩负着市人大代表和全市人民的重托" in texts["北京市人大常委会组成人员守则"].body
    assert "第五条 本规定自2013年7月1日起施行。" in texts["浙江省人民代表大会常务委员会关于政府规章设定罚款限额的规定"].body
    assert texts["北京市人大常委会组成人员守则"].doc_number == "京人常发〔2023〕12号"  # the disclosure table's 发文字号


def test_each_kind_of_list_link_is_followed(first) -> None:
    """Articles that only one mechanism reaches: TRS pages, Hanweb records, 下一页/pageNum=, pageNo=, ./ and ../, redirects."""
    main = first["main"]
    docs = {d.source.removeprefix(f"http://{main.address}") for d in read_corpus(first["tmp"] / "corpus")}
    docs |= {s.removeprefix(f"http://{main.address}") for d in read_corpus(first["tmp"] / "corpus") for s in d.sources}
    paths = [r.path for r in first["requests"]]
    for path, (mechanism, linkers) in content.REACHED_ONLY_BY.items():
        name = path.rsplit("/", 1)[-1]
        # The fixture is built so: no other page (no sidebar, no other list) leads there.
        linking = {route for route, r in main.routes.items()
                   if route != path and (name.encode() in r.body or name in r.location)}
        assert linking == linkers, (mechanism, linking)
        assert path in docs, mechanism
        assert all(linker in paths for linker in linkers if "pageNum=1" not in linker), mechanism


def test_page_without_meta_tags_reads_the_disclosure_table(first) -> None:
    doc = by_title(first["tmp"] / "corpus")["威海市节约用水条例"]  # <title> says 威海市节约用水条例_示范市人大常委会
    assert doc.published == "2020-01-21"  # the table's 发布日期, not the 2024年5月12日 of the date widget
    assert doc.issuer == "威海市人民代表大会常务委员会" and doc.doc_number == "威人常〔2020〕3号"
    assert doc.source.endswith("/zwgk/fgwj/202103/t20210318_2002.html")
    assert "第一条 为了节约利用水资源" in doc.body  # GBK, no charset in the header or the page: detected


def test_page_of_no_known_shape_goes_to_the_generic_extractor(first) -> None:
    """Table layout, no meta, no container, sidebars with dates: trafilatura's text, the page's date."""
    doc = by_title(first["tmp"] / "corpus")["烟台市全民阅读促进条例"]
    assert doc.published == "2019-02-20"  # not the widget's 2019-03-13, nor a sidebar's 2019-03-12
    lines = doc.body.strip().split("\n\n")
    assert lines[0].startswith("2018年12月20日 烟台市第十七届人民代表大会常务委员会第十六次会议通过")
    assert lines[-1] == "第五十条 本条例自2019年4月1日起施行。"
    sidebar = [a.title[:18] for a in content.main_articles()[:6]] + ["2019年第一号公报"]
    assert not [t for t in sidebar if t in doc.body]


def test_base_href_governs_relative_links(first) -> None:
    # Hanweb shells link "col/col12/index.html" under <base href="/">; resolved against the
    # article's own URL it would be /art/2021/10/8/col/col12/index.html.
    paths = [r.path for r in first["requests"]]
    assert "/col/col12/index.html" in paths
    assert not [p for p in paths if p.startswith("/art/") and "/col/" in p]


def test_mislabelled_gbk_and_gb18030_only_characters_decode(first) -> None:
    texts = by_title(first["tmp"] / "corpus")
    assert "王镕为示范市司法局局长" in texts["示范市人大常委会任免名单（2023年4月）"].body  # GBK under a utf-8 header
    june = texts["示范市人大常委会任免名单（2023年6月）"].body  # labelled gb2312, holds 䶮
    assert "刘䶮为示范市人民法院" in june and "朱镕为" in june and "\ufffd" not in june
    # Labelled gb2312 in the page, nothing in the header, the body is UTF-8 (a copied template).
    assert "第一条 为了规范户外广告和招牌设置" in texts["嘉兴市户外广告和招牌设置条例"].body
    assert not [d.title for d in texts.values() if "\ufffd" in d.body]


def test_repost_under_another_url_is_stored_once_with_both_sources(first) -> None:
    doc = by_title(first["tmp"] / "corpus")["白山市文明祭祀条例"]
    main = first["main"].address
    assert sorted(doc.sources) == sorted([f"http://{main}/rdzl/202012/t20201204_1004.html",
                                          f"http://{main}/art/2021/1/6/art_15_4001.html"])
    assert first["report"].progress.duplicates == 1


def test_attachments_recorded_and_only_readable_ones_fetched(first) -> None:
    doc = by_title(first["tmp"] / "corpus")["北京市人大常委会组成人员守则"]
    main = first["main"].address
    assert {a["url"] for a in doc.attachments} == {
        f"http://{main}/rdzl/202305/P020230512_1.pdf", f"http://{main}/rdzl/202305/P020230512_2.doc",
        f"http://{main}/uploads/P020230512_3.wps", f"http://{main}/uploads/P020230512_4.xls"}
    assert {a["name"] for a in doc.attachments} >= {"守则全文.pdf", "学习材料.doc"}
    paths = [r.path for r in first["requests"]]
    # .pdf and .docx are read as documents (tests/test_crawl_attachments.py); the others stay links.
    assert not [p for p in paths if p.split("?")[0].endswith((".doc", ".wps", ".xls"))]
    assert "/rdzl/202305/P020230512_1.pdf" in paths


def test_redirects_and_meta_refresh_reach_their_articles(first) -> None:
    texts = by_title(first["tmp"] / "corpus")
    main = first["main"].address
    pudong = next(d for t, d in texts.items() if "浦东新区" in t)
    yangtze = next(d for t, d in texts.items() if "长三角" in t)
    assert pudong.source == f"http://{main}/rdzl/201907/t20190725_1010.html"
    assert yangtze.source == f"http://{main}/rdzl/202009/t20200925_1011.html"
    paths = [r.path for r in first["requests"]]
    assert paths.count("/loop/a.html") == 1 and paths.count("/loop/b.html") == 1  # the loop is seen, not walked
    assert "/hops/5.html" in paths and "/hops/6.html" not in paths  # five hops, no more


def test_never_robots_disallowed_never_another_host(first) -> None:
    # The fixture's robots.txt starts with "Allow: /": a first-match parser would have allowed everything.
    first_match = urllib.robotparser.RobotFileParser()
    first_match.parse(content.MAIN_ROBOTS.splitlines())
    assert first_match.can_fetch("rendakb", "/private/report.html")
    requests = first["requests"]
    assert requests[0].path == "/robots.txt"
    assert not [r.path for r in requests if r.path.startswith(content.ROBOTS_DISALLOWED)]
    assert {r.host for r in requests} == {first["main"].address}  # not localhost:PORT either
    assert first["other_requests"] == []  # not even through /go/npc.html's redirect to it


def test_per_host_delay_and_honest_user_agent(first) -> None:
    times = [r.time for r in first["requests"]]
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= DELAY - 0.03, min(gaps)
    assert all("rendakb" in r.headers.get("User-Agent", "") for r in first["requests"])


def test_transient_errors_are_retried_and_retry_after_honoured(first) -> None:
    requests = first["requests"]
    for article in content.main_articles():
        if article.behaviour:
            assert [r.path for r in requests].count(article.path) == 2, article.behaviour
    for behaviour in ("503", "429"):
        path = next(a.path for a in content.main_articles() if a.behaviour == behaviour)
        t = [r.time for r in requests if r.path == path]
        assert t[1] - t[0] >= 1.0 - 0.03  # Retry-After: 1
    assert first["report"].progress.retries >= 5  # 500, 503, 429, reset, and the trickle


def test_failures_recorded_by_reason(first) -> None:
    report = first["report"]
    main = first["main"].address
    text = format_failure_report(first["tmp"] / "state.db")
    for path, reason in content.EXPECTED_FAILURES.items():
        assert reason in report.failures_by_reason, reason
        section = text.split(f"\n{reason} (", 1)[1].split("\n\n", 1)[0]
        assert f"http://{main}{path}" in section, (reason, path)
        line = next(line for line in section.split("\n") if line.strip().endswith(f"{main}{path}") or f"{main}{path}  —" in line)
        assert re.match(r"^  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", line), line  # when it failed
    assert report.failures_by_reason["blocked"] == 3  # 521, 412 and a 200 challenge page
    assert report.finished and report.progress.pages_queued == 0


def test_cli_prints_a_summary_and_the_report(first) -> None:
    result, report = first["cli"], first["report"]
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    p = report.progress
    assert f"抓取完成：页面 已抓取 {p.pages_fetched} · 失败 {p.pages_failed} · 跳过 {p.pages_skipped}" in result.output
    assert f"文件 新增 {ARTICLES} · 更新 0 · 未变 0 · 重复 1" in result.output
    assert "blocked 3" in result.output and "详情：rendakb crawl --report" in result.output
    text = first["report_cli"].output
    assert first["report_cli"].exit_code == 0 and text.startswith("Crawl 1: started") and "finished" in text.split("\n")[0]
    assert text.strip() == format_failure_report(first["tmp"] / "state.db").strip()


def test_index_and_api_answer_from_the_crawled_documents(first) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    corpus, index_dir = first["tmp"] / "corpus", first["tmp"] / "index"
    built = cli.invoke(app, ["index", "--corpus", str(corpus), "--index", str(index_dir)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    with TestClient(create_app(Settings(corpus=corpus, index=index_dir)), raise_server_exceptions=False) as client:
        # Only crawled pages hold these: the generic extractor's page, and a GBK page without any label.
        for phrase, title in (("全民阅读", "烟台市全民阅读促进条例"), ("节约用水", "威海市节约用水条例")):
            body = client.get("/api/search", params={"q": phrase}).json()
            assert body["total"] > 0, phrase
            assert body["hits"][0]["doc_title"] == title
            doc = client.get(f"/api/documents/{body['hits'][0]['doc_id']}").json()
            assert doc["source"].startswith(f"http://{first['main'].address}/")
        listed = client.get("/api/documents", params={"size": 100}).json()
        assert listed["total"] == ARTICLES


def test_second_run_is_conditional_and_rewrites_only_changed(first) -> None:
    main, other, tmp = first["main"], first["other"], first["tmp"]
    before = {p.name: p.read_text(encoding="utf-8") for p in (tmp / "corpus").glob("*.md")}
    old = by_title(tmp / "corpus")["北京市人大常委会组成人员守则"]
    deleted = by_title(tmp / "corpus")["示范市人大常委会任免名单（2023年4月）"]  # the user deleted its file
    (tmp / "corpus" / f"{deleted.id}.md").unlink()
    build_main(main, other, version=2)
    try:
        start = len(main.requests)
        report = run(main, tmp)
        requests = main.requests[start:]
    finally:
        build_main(main, other, version=1)
    assert not report.resumed and report.finished
    articles = [r for r in requests if r.path.startswith("/rdzl/20") and r.path.endswith("_1001.html")]
    assert articles and all("If-None-Match" in r.headers for r in articles)
    assert all("If-Modified-Since" in r.headers for r in articles)
    # The deleted document's page is asked for whole: a 304 would have left it missing.
    assert [r for r in requests if r.path.endswith("_1002.html") and "If-None-Match" not in r.headers]
    # Pages that send no validators are fetched whole and compared by content hash.
    assert [r for r in requests if r.path.startswith("/art/2021/10/8/") and "If-None-Match" not in r.headers]
    assert report.progress.documents_new == 1 and report.progress.documents_changed == 2
    new = by_title(tmp / "corpus")["北京市人大常委会组成人员守则"]
    assert new.id == old.id and new.sha256 != old.sha256 and "由市人大常委会办公厅负责解释" in new.body
    after = {p.name: p.read_text(encoding="utf-8") for p in (tmp / "corpus").glob("*.md")}
    assert set(after) == set(before)
    retitled = by_title(tmp / "corpus")["鸡西市文明祭祀条例（全文）"]
    rewritten = sorted(name for name in after if after[name] != before[name])
    assert rewritten == sorted([f"{old.id}.md", f"{retitled.id}.md", f"{deleted.id}.md"])
    assert by_title(tmp / "corpus")["示范市人大常委会任免名单（2023年4月）"].body == deleted.body


def test_stopped_by_max_pages_then_resumed_gives_the_same_corpus(first, tmp_path) -> None:
    partial = run(first["main"], tmp_path, max_pages=12)
    assert not partial.finished
    rest = run(first["main"], tmp_path)
    assert rest.resumed and rest.finished
    assert snapshot(tmp_path / "corpus") == first["snapshot"]


def test_killed_crawl_restarts_without_loss_or_duplicates(first, tmp_path) -> None:
    main = first["main"]
    script = (
        "import sys; from crawler.crawl import crawl, CrawlPolicy; from crawler.fetch import FetchPolicy\n"
        f"crawl(['http://{main.address}/'], sys.argv[1], sys.argv[2], delay={FAST},"
        " fetch_policy=FetchPolicy(read_deadline=0.5, max_bytes=300_000, timeout=2.0),"
        " policy=CrawlPolicy(max_retries=1, retry_base=0.05, block_backoff=0.1, robots_retry=0.3))\n"
    )
    start = len(main.requests)
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path / "corpus"), str(tmp_path / "state.db")],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 30
        while len(main.requests) - start < 20 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    written = len(list((tmp_path / "corpus").glob("*.md")))
    assert written < ARTICLES  # killed midway
    report = run(main, tmp_path)
    assert report.resumed and report.finished
    assert snapshot(tmp_path / "corpus") == first["snapshot"]
    assert not list((tmp_path / "corpus").glob(".*.tmp"))


def test_listed_second_host_robots_503_crawl_delay_and_cross_site_repost(fixture_sites, tmp_path) -> None:  # noqa: F811
    main, other = fixture_sites
    start_main, start_other = len(main.requests), len(other.requests)
    sites = [{"name": "示范市", "home": f"http://{main.address}/"},
             {"name": "邻省", "home": f"http://{other.address}/", "province": "浙江省", "level": "province"}]
    report = crawl([], tmp_path / "corpus", tmp_path / "state.db", delay=0.1, sites=sites, **fast_policies())
    assert report.finished
    seen = other.requests[start_other:]
    assert seen[0].path == "/robots.txt" and [r.path for r in seen].count("/robots.txt") >= 2  # 503 first, asked again
    assert "/admin/index.html" not in [r.path for r in seen]
    after_robots = [r.time for r in seen if r.path != "/robots.txt"]
    gaps = [b - a for a, b in pairwise(after_robots)]
    assert gaps and min(gaps) >= 0.4 - 0.03  # Crawl-delay 0.4 beats delay 0.1
    docs = by_title(tmp_path / "corpus")
    rules = docs["北京市人大常委会组成人员守则"]
    assert f"http://{other.address}/xwzx/202305/t20230515_5001.html" in rules.sources
    assert len([d for d in docs.values() if d.title == "北京市人大常委会组成人员守则"]) == 1
    assert "北京市人民代表大会代表视察办法" in docs
    assert len(docs) == ARTICLES + 1
    assert all(r.host == main.address for r in main.requests[start_main:])


def test_sites_files_list_congress_sites_confirmed_ones_with_evidence() -> None:
    from urllib.parse import urlsplit

    from crawler.crawl import load_sites

    confirmed = load_sites(REPO / "crawler" / "sites.toml")  # load_sites checks every URL and level
    unverified = load_sites(REPO / "crawler" / "sites-unverified.toml")
    assert len(confirmed) >= 5 and len(confirmed) + len(unverified) >= 20
    for site in confirmed:
        # Each confirmed host was seen in a stored page of its own: that page is its evidence.
        assert urlsplit(site["evidence"]).netloc == urlsplit(site["home"]).netloc, site["name"]
    for site in confirmed + unverified:
        assert site["name"] and all(c.startswith(site["home"]) for c in site["columns"])
    assert not {urlsplit(s["home"]).netloc for s in confirmed} & {urlsplit(s["home"]).netloc for s in unverified}
    assert not [s for s in unverified if "evidence" in s]


def test_page_verdicts_are_pure_rules() -> None:
    from crawler.verdict import page_problem

    assert page_problem("<script>document.cookie=('_')+('_')+('jsl_clearance')+'=1'</script>")[0] == "blocked"
    assert page_problem("<title>提示</title><p>您访问的页面不存在！</p>")[0] == "soft_404"
    assert page_problem("<title>信息已删除</title>" + "<p>正文</p>" * 500)[0] == "soft_404"
    article = "<title>关于清理规范性文件的决定</title><p>" + "第一条　下列规范性文件已被删除或者废止。" * 60 + "</p>"
    assert page_problem(article) is None


def test_host_that_keeps_blocking_is_left_for_the_next_run(tmp_path) -> None:
    from crawler_site.server import JIASULE, Route, _serve, stop_sites

    site = FixtureSite("waf")
    _serve(site, "127.0.0.1")
    links = "".join(f'<a href="/rdzl/2021{m:02d}/t2021{m:02d}01_{m}.html">x</a>' for m in range(1, 9))
    site.routes = {"/": Route(body=f"<html><body>{links}</body></html>".encode())}
    for m in range(1, 9):
        site.routes[f"/rdzl/2021{m:02d}/t2021{m:02d}01_{m}.html"] = Route(status=521, body=JIASULE.encode())
    try:
        policies = {**fast_policies(), "policy": CrawlPolicy(max_retries=1, retry_base=0.05, block_backoff=0.4, robots_retry=0.3)}
        report = crawl([f"http://{site.address}/"], tmp_path / "corpus", tmp_path / "state.db", delay=0.05,
                       **policies)
    finally:
        stop_sites(site)
    assert report.abandoned_hosts == [site.address]
    assert report.failures_by_reason == {"blocked": 3}
    assert len([r for r in site.requests if r.path.startswith("/rdzl/")]) == 3  # then it stopped asking
    gaps = [b.time - a.time for a, b in pairwise(site.requests[2:])]
    # Each block made the host rest block_backoff (0.4 s), far beyond the 0.05 s delay; the slack
    # absorbs the server threads' scheduling on a loaded machine.
    assert min(gaps) >= 0.4 - 0.15


def test_patience_is_bounded_and_long_retry_after_waits_for_the_next_crawl(tmp_path) -> None:
    """A page that always fails is retried max_retries times; a silent server times out; a day's Retry-After is not waited."""
    from crawler_site.server import Route, _serve, stop_sites

    site = FixtureSite("patience")
    _serve(site, "127.0.0.1")
    paths = {"/rdzl/202101/t20210101_1.html": Route(status=500, body=b"error"),
             "/rdzl/202101/t20210101_2.html": Route(behaviour="stall"),
             "/rdzl/202101/t20210101_3.html": Route(status=503, body=b"busy", headers=(("Retry-After", "86400"),))}
    links = "".join(f'<a href="{path}">x</a>' for path in paths)
    site.routes = {"/": Route(body=f"<html><body>{links}</body></html>".encode()), **paths}
    policy = CrawlPolicy(max_retries=2, retry_base=0.2, block_backoff=0.1, robots_retry=0.3)
    try:
        # Were the day's Retry-After waited, this call would not return: the test would hang, not pass.
        report = crawl([f"http://{site.address}/"], tmp_path / "corpus", tmp_path / "state.db", delay=0.02,
                       fetch_policy=FetchPolicy(timeout=0.3, read_deadline=2.0), policy=policy)
    finally:
        stop_sites(site)
    assert report.finished
    assert report.failures_by_reason == {"http_500": 1, "timeout": 1, "http_503": 1}
    seen = [r.path for r in site.requests]
    assert seen.count("/rdzl/202101/t20210101_1.html") == seen.count("/rdzl/202101/t20210101_2.html") == 3
    assert seen.count("/rdzl/202101/t20210101_3.html") == 1
    t = [r.time for r in site.requests if r.path.endswith("_1.html")]
    assert t[1] - t[0] >= 0.2 - 0.03 and t[2] - t[1] >= 0.4 - 0.03  # backoff doubles
    text = format_failure_report(tmp_path / "state.db")
    assert "Retry-After 86400s: left for the next crawl" in text and "4 transient errors retried" in text


def test_a_start_url_that_redirects_to_another_host_takes_that_host_along(tmp_path) -> None:
    """http://x.gov.cn/ → http://www.x.gov.cn/: the site asked for is there; other redirects stay refused."""
    from crawler_site.server import Route, _serve, build_small, small_articles, stop_sites

    bare, www = FixtureSite("bare"), FixtureSite("www")
    _serve(bare, "127.0.0.1")
    _serve(www, "127.0.0.2")
    build_small(www)
    bare.routes = {"/": Route(status=301, location=f"http://{www.address}/")}
    start = [f"http://{bare.address}/"]
    try:
        partial = crawl(start, tmp_path / "corpus", tmp_path / "state.db", delay=0.02, max_pages=3)
        assert not partial.finished
        report = crawl(start, tmp_path / "corpus", tmp_path / "state.db", delay=0.02)  # resumes: www still allowed
    finally:
        stop_sites(bare, www)
    assert report.resumed and report.finished and "offsite_redirect" not in report.failures_by_reason
    assert sorted(d.title for d in read_corpus(tmp_path / "corpus")) == sorted(a.title for a in small_articles())
    assert [r.path for r in bare.requests] == ["/robots.txt", "/"]
    assert www.requests[0].path == "/robots.txt" and "/admin/" not in [r.path for r in www.requests]
