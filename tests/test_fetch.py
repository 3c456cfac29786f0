"""fetch.py and robots.py: pacing per host, caps and deadlines, transport errors, RFC 9309 verdicts."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise

import pytest
from crawler_site.server import FixtureSite, Route, _serve, stop_sites

from crawler.fetch import (
    CONNECTION,
    DEADLINE,
    TIMEOUT,
    TOO_LARGE,
    TOO_SLOW,
    Fetcher,
    FetchPolicy,
    parse_retry_after,
)
from crawler.robots import (
    ALLOW_ALL,
    UNAVAILABLE,
    RobotsCache,
    parse_robots,
    robots_from_response,
)
from index.core.errors import FetchFailed


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[FixtureSite, FixtureSite]]:
    a, b = FixtureSite("a"), FixtureSite("b")
    _serve(a, "127.0.0.1")
    _serve(b, "127.0.0.2")
    for site in (a, b):
        site.routes = {
            "/ok.html": Route(body="<html><body>你好</body></html>".encode()),
            "/huge.html": Route(behaviour="huge"),
            "/nolength.html": Route(behaviour="nolength"),
            "/trickle.html": Route(behaviour="trickle"),
            "/reset.html": Route(behaviour="reset"),
            "/stall.html": Route(behaviour="stall"),
            "/slow.html": Route(behaviour="slow"),
        }
    yield a, b
    stop_sites(a, b)


def fetch_all(policy: FetchPolicy, urls: list[str]) -> list:
    async def go() -> list:
        fetcher = Fetcher(policy)
        try:
            return await asyncio.gather(*(fetcher.get(u) for u in urls), return_exceptions=True)
        finally:
            await fetcher.close()

    return asyncio.run(go())


def test_one_host_is_paced_two_hosts_run_side_by_side(servers) -> None:
    a, b = servers
    start_a, start_b = len(a.requests), len(b.requests)
    results = fetch_all(FetchPolicy(delay=0.3), [f"http://{a.address}/ok.html"] * 3 + [f"http://{b.address}/ok.html"] * 3)
    assert all(r.status == 200 and "你好".encode() in r.body for r in results)
    seen_a, seen_b = a.requests[start_a:], b.requests[start_b:]
    for seen in (seen_a, seen_b):
        times = [r.time for r in seen]
        # Unpaced, the three would arrive within milliseconds; the slack absorbs the server
        # threads' scheduling on a loaded machine.
        assert len(times) == 3 and min(y - x for x, y in pairwise(times)) >= 0.3 - 0.1
        assert all("rendakb" in r.headers["User-Agent"] for r in seen)
    # The hosts did not wait for each other: each one's requests began before the other's ended.
    assert seen_b[0].time < seen_a[-1].time and seen_a[0].time < seen_b[-1].time


def most_at_once(requests: list) -> int:
    """The largest number of these requests the servers were busy with at one moment.

    A request counts from its arrival until the server starts writing its answer: the client
    cannot have that answer, and so cannot have sent its next request, any earlier.
    """
    events = sorted([(r.time, 1) for r in requests] + [(r.answering, -1) for r in requests])
    running = best = 0
    for _, step in events:
        running += step
        best = max(best, running)
    return best


@pytest.mark.parametrize(("overall", "expected"), [(1, 1), (4, 2)])
def test_requests_in_flight_are_bounded_per_host_and_overall(servers, overall: int, expected: int) -> None:
    a, b = servers
    start_a, start_b = len(a.requests), len(b.requests)
    urls = [f"http://{a.address}/slow.html"] * 3 + [f"http://{b.address}/slow.html"] * 3
    results = fetch_all(FetchPolicy(delay=0.0, max_in_flight=overall), urls)
    assert all(r.status == 200 for r in results)
    seen_a, seen_b = a.requests[start_a:], b.requests[start_b:]
    assert all(r.answering for r in seen_a + seen_b)  # every answer was written, so every interval is closed
    assert most_at_once(seen_a) == most_at_once(seen_b) == 1  # one request in flight per host
    assert most_at_once(seen_a + seen_b) == expected  # hosts side by side, up to max_in_flight


def test_size_cap_by_header_and_by_counting(servers) -> None:
    a, _ = servers
    results = fetch_all(FetchPolicy(delay=0.01, max_bytes=100_000),
                        [f"http://{a.address}/huge.html", f"http://{a.address}/nolength.html"])
    assert [r.message for r in results] == [TOO_LARGE, TOO_LARGE]
    assert "Content-Length" in results[0].detail and "over" in results[1].detail


def test_trickling_body_hits_the_total_deadline(servers) -> None:
    a, _ = servers
    [result] = fetch_all(FetchPolicy(delay=0.01, read_deadline=0.6, timeout=5), [f"http://{a.address}/trickle.html"])
    # Each piece arrives well within the 5 s per-read timeout, so only the total deadline can
    # give DEADLINE; left alone the read would run the whole 8 s and end short of its length.
    assert isinstance(result, FetchFailed) and result.message == DEADLINE


def test_reset_and_refused_connections(servers) -> None:
    a, _ = servers
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    results = fetch_all(FetchPolicy(delay=0.01, timeout=2),
                        [f"http://{a.address}/reset.html", f"http://127.0.0.1:{closed_port}/"])
    assert [r.message for r in results] == [CONNECTION, CONNECTION]


def test_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    when = datetime.now(UTC) + timedelta(seconds=30)
    assert 25 <= (parse_retry_after(format_datetime(when, usegmt=True)) or 0) <= 31
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_robots_longest_match_wins() -> None:
    rules = parse_robots("User-agent: *\nDisallow: /\nAllow: /art/\nCrawl-delay: 3\n")
    assert rules.allows("http://a.gov.cn/art/2021/1/1/art_1_2.html", "rendakb")
    assert not rules.allows("http://a.gov.cn/col/col1/index.html", "rendakb")
    assert rules.crawl_delay("rendakb") == 3.0


def test_robots_status_verdicts() -> None:
    assert robots_from_response(404, "").status == ALLOW_ALL
    assert robots_from_response(403, "").allows("http://a.gov.cn/x", "rendakb")  # RFC 9309: any 4xx
    assert robots_from_response(503, "").status == UNAVAILABLE
    assert not robots_from_response(None, "").allows("http://a.gov.cn/x", "rendakb")


def test_unavailable_robots_is_asked_again_after_a_back_off() -> None:
    answers = [(503, ""), (200, "User-agent: *\nDisallow: /private/\n")]
    asked: list[str] = []

    async def fetch_text(url: str) -> tuple[int | None, str]:
        asked.append(url)
        return answers[min(len(asked) - 1, 1)]

    async def go() -> list[bool]:
        cache = RobotsCache(fetch_text, "rendakb", retry_after=0.1)
        first = await cache.allowed("http://a.gov.cn/x.html")
        again = await cache.allowed("http://a.gov.cn/x.html")  # too soon: not asked
        await asyncio.sleep(0.12)
        return [first, again, await cache.allowed("http://a.gov.cn/x.html"),
                await cache.allowed("http://a.gov.cn/private/y.html")]

    assert asyncio.run(go()) == [False, False, True, False]
    assert asked == ["http://a.gov.cn/robots.txt"] * 2


def test_silent_server_times_out(servers) -> None:
    a, _ = servers
    [result] = fetch_all(FetchPolicy(delay=0.01, timeout=0.3, read_deadline=5), [f"http://{a.address}/stall.html"])
    assert isinstance(result, FetchFailed) and result.message == TIMEOUT


def test_trickle_below_the_minimum_rate_is_dropped_early(servers) -> None:
    a, _ = servers
    policy = FetchPolicy(delay=0.01, read_deadline=10, min_rate=512, min_rate_after=0.5)
    [result] = fetch_all(policy, [f"http://{a.address}/trickle.html"])
    # The 8 s of trickle fit in the 10 s deadline, so only the rate check can give TOO_SLOW.
    assert isinstance(result, FetchFailed) and result.message == TOO_SLOW
