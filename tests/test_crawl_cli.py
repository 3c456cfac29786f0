"""`rendakb crawl` on a small site: Ctrl-C and resume, the live display, --max-pages, --sites; bad input.

The issue's "done when" crawl through the CLI, with index and API after it, is test_crawl.py's `first`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawler_site.server import FixtureSite, _serve, build_small, small_articles, stop_sites
from typer.testing import CliRunner

from api.cli import app
from crawler.crawl import CrawlProgress, crawl
from index.corpus import read_corpus

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


def invoke(*args: str):  # noqa: ANN201 - click's Result
    return runner.invoke(app, list(args), catch_exceptions=False)


def snapshot(corpus: Path) -> dict[str, tuple]:
    return {d.id: (d.title, d.published, d.body, tuple(sorted(d.sources))) for d in read_corpus(corpus)}


# --- a small well-behaved site: Ctrl-C and resume, --max-pages, --sites -------------------------------
@pytest.fixture(scope="module")
def small() -> Iterator[FixtureSite]:
    site = FixtureSite("small")
    _serve(site, "127.0.0.1")
    build_small(site)
    yield site
    stop_sites(site)


def test_ctrl_c_leaves_a_consistent_state_and_the_next_run_resumes(small, tmp_path) -> None:
    corpus, state = tmp_path / "corpus", tmp_path / "state.sqlite"
    start = len(small.requests)
    # FORCE_COLOR: rich takes stderr for a terminal, so the live display is drawn as on one.
    env = {**os.environ, "PYTHONPATH": str(REPO), "FORCE_COLOR": "1", "COLUMNS": "160"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "crawl", f"http://{small.address}/", "--corpus", str(corpus),
         "--state", str(state), "--delay", "0.25"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while len(small.requests) - start < 4 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        assert proc.poll() is None, "the crawl ended before it could be interrupted"
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, (stdout, stderr)
    assert "已中断" in stdout and "再次运行同一命令即可继续" in stdout and "页面 已抓取" in stdout
    assert "Traceback" not in stdout + stderr
    assert "抓取中" in stderr and "文件 新增" in stderr  # the live display
    written = len(list(corpus.glob("*.md")))
    assert written < len(small_articles())
    assert "not finished" in invoke("crawl", "--report", "--state", str(state)).output

    resumed = invoke("crawl", f"http://{small.address}/", "--corpus", str(corpus), "--state", str(state),
                     "--delay", "0.05")
    assert resumed.exit_code == 0, resumed.output
    assert "续上次未完成的抓取" in resumed.output
    whole = invoke("crawl", f"http://{small.address}/", "--corpus", str(tmp_path / "whole"),
                   "--state", str(tmp_path / "whole.sqlite"), "--delay", "0.05")
    assert whole.exit_code == 0, whole.output
    assert snapshot(corpus) == snapshot(tmp_path / "whole")
    assert len(snapshot(corpus)) == len(small_articles())
    assert not list(corpus.glob(".*.tmp"))


def test_progress_callback_counts_what_the_display_shows(small, tmp_path) -> None:
    seen: list[CrawlProgress] = []
    report = crawl([f"http://{small.address}/"], tmp_path / "corpus", tmp_path / "state.sqlite", delay=0.02,
                   progress=seen.append)
    assert len(seen) == report.progress.pages_fetched + 1  # after every page, and once at the end
    assert any(p.pages_queued > 0 for p in seen) and seen[-1].pages_queued == 0
    assert [p.pages_fetched for p in seen[:-1]] == list(range(1, len(seen)))
    assert seen[-1].documents_new == len(small_articles()) == report.progress.documents_new
    assert all(p.current_url.startswith(f"http://{small.address}/") for p in seen[:-1]) and seen[-1].current_url == ""


def test_max_pages_stops_and_says_so_then_sites_file_finishes(small, tmp_path) -> None:
    corpus, state = tmp_path / "corpus", tmp_path / "state.sqlite"
    stopped = invoke("crawl", f"http://{small.address}/", "--corpus", str(corpus), "--state", str(state),
                     "--delay", "0.05", "--max-pages", "2")
    assert stopped.exit_code == 0, stopped.output
    assert "已抓取 2 页后停下" in stopped.output and "页面 已抓取 2 " in stopped.output
    sites = tmp_path / "sites.toml"
    sites.write_text(f'[[site]]\nname = "示范市人大"\nhome = "http://{small.address}/"\nlevel = "city"\n', encoding="utf-8")
    finished = invoke("crawl", "--sites", str(sites), "--corpus", str(corpus), "--state", str(state), "--delay", "0.05")
    assert finished.exit_code == 0, finished.output
    assert "抓取完成（续上次未完成的抓取）" in finished.output
    assert sorted(d.title for d in read_corpus(corpus)) == sorted(a.title for a in small_articles())
    assert "/admin/" not in [r.path for r in small.requests]


# --- bad input: a readable message and exit code 2, never a traceback -------------------------------
def bad_toml(tmp: Path) -> Path:
    path = tmp / "bad.toml"
    path.write_text("[[site]\nname = 1", encoding="utf-8")
    return path


def homeless(tmp: Path) -> Path:
    path = tmp / "homeless.toml"
    path.write_text('[[site]]\nname = "某县人大"\ncolumns = []\n', encoding="utf-8")
    return path


def not_sqlite(tmp: Path) -> Path:
    path = tmp / "state.sqlite"
    path.write_text("this is not a database", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (lambda t: [], "没有起始网址"),
        (lambda t: ["www.rd.gz.cn"], "did you mean http://www.rd.gz.cn/"),
        (lambda t: ["http://"], "网址格式不对"),
        (lambda t: ["ftp://www.example.gov.cn/"], "网址格式不对"),
        (lambda t: ["http://127.0.0.1:port/"], "网址格式不对"),
        (lambda t: ["--sites", str(t / "missing.toml")], "找不到站点文件"),
        (lambda t: ["--sites", str(bad_toml(t))], "不是有效的 TOML"),
        (lambda t: ["--sites", str(homeless(t))], "缺少 home"),
        (lambda t: ["http://127.0.0.1:9/", "--state", str(not_sqlite(t))], "无法打开抓取状态文件"),
        (lambda t: ["http://127.0.0.1:9/", "--max-pages", "0"], "--max-pages"),
        (lambda t: ["http://127.0.0.1:9/", "--delay", "-1"], "--delay"),
    ],
)
def test_bad_input_is_a_clean_error(args, says: str, tmp_path) -> None:
    extra = args(tmp_path)
    if "--state" not in extra:
        extra += ["--state", str(tmp_path / "s.sqlite")]
    result = invoke("crawl", *extra, "--corpus", str(tmp_path / "corpus"))
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split()), result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "corpus").exists()


def test_a_state_serves_one_corpus(small, tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    first = invoke("crawl", f"http://{small.address}/", "--corpus", str(tmp_path / "a"), "--state", str(state),
                   "--delay", "0.05", "--max-pages", "1")
    assert first.exit_code == 0, first.output
    other = invoke("crawl", f"http://{small.address}/", "--corpus", str(tmp_path / "b"), "--state", str(state))
    assert other.exit_code == 2 and "属于另一个语料库" in other.output and "Traceback" not in other.output


def test_report_before_any_crawl(tmp_path) -> None:
    result = invoke("crawl", "--report", "--state", str(tmp_path / "none.sqlite"))
    assert result.exit_code == 0 and "No crawl has been run yet." in result.output
    assert not (tmp_path / "none.sqlite").exists()


def test_default_delay_is_at_least_a_second() -> None:
    import inspect

    assert inspect.signature(crawl).parameters["delay"].default >= 1.0
    assert "[default: 1.0]" in " ".join(invoke("crawl", "--help").output.split())
