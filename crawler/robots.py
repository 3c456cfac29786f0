"""robots.txt under RFC 9309 (protego: longest match wins), one verdict per host.

parse_robots is pure; RobotsCache asks the fetcher (crawler/fetch.py) for the file.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

from .links import host_of

ALLOW_ALL = "allow_all"  # 4xx: RFC 9309 says there are no restrictions
RULES = "rules"
UNAVAILABLE = "unavailable"  # 5xx or unreachable: RFC 9309 says assume complete disallow


@dataclass
class RobotsRules:
    status: str
    parser: Protego | None = None
    checked_at: float = 0.0
    attempts: int = 0

    def allows(self, url: str, agent: str) -> bool:
        if self.status == ALLOW_ALL:
            return True
        if self.status == UNAVAILABLE or self.parser is None:
            return False
        return self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float:
        if self.parser is None:
            return 0.0
        return float(self.parser.crawl_delay(agent) or 0.0)


def parse_robots(text: str) -> RobotsRules:
    return RobotsRules(RULES, Protego.parse(text))


def robots_from_response(status: int | None, text: str) -> RobotsRules:
    """The verdict for a robots.txt answer; status None means the host was unreachable."""
    if status is not None and 200 <= status < 300:
        return parse_robots(text)
    if status is not None and 400 <= status < 500:
        return RobotsRules(ALLOW_ALL)
    return RobotsRules(UNAVAILABLE)


# fetch_text(url) -> (status or None, text); redirects are followed by the fetcher.
FetchText = Callable[[str], Awaitable[tuple[int | None, str]]]


class RobotsCache:
    """Rules per host; an unavailable robots.txt is asked for again after a back-off."""

    def __init__(self, fetch_text: FetchText, agent: str, retry_after: float = 60.0) -> None:
        self._fetch_text = fetch_text
        self._agent = agent
        self._retry_after = retry_after
        self._rules: dict[str, RobotsRules] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        host = host_of(url)
        rules = self._rules.get(host)
        now = time.monotonic()
        due = rules is None or (
            rules.status == UNAVAILABLE and now - rules.checked_at >= self._retry_after * 2 ** (rules.attempts - 1)
        )
        if due:
            scheme = url.split("://", 1)[0]
            status, text = await self._fetch_text(f"{scheme}://{host}/robots.txt")
            attempts = (rules.attempts if rules else 0) + 1
            rules = robots_from_response(status, text)
            rules.checked_at, rules.attempts = time.monotonic(), attempts
            self._rules[host] = rules
        assert rules is not None
        return rules

    async def allowed(self, url: str) -> bool:
        return (await self.rules_for(url)).allows(url, self._agent)

    def retry_at(self, url: str) -> float | None:
        """When an unavailable robots.txt will be asked for again (monotonic), else None."""
        rules = self._rules.get(host_of(url))
        if rules is None or rules.status != UNAVAILABLE:
            return None
        return rules.checked_at + self._retry_after * 2 ** (rules.attempts - 1)

    def attempts(self, url: str) -> int:
        rules = self._rules.get(host_of(url))
        return rules.attempts if rules else 0

    def crawl_delay(self, url: str) -> float:
        rules = self._rules.get(host_of(url))
        return rules.crawl_delay(self._agent) if rules else 0.0
