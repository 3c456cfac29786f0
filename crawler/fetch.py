"""The one module that talks to the network: polite single GET requests with httpx.

Per-host pacing and in-flight bounds, size cap, total read deadline; redirects are the caller's.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from dataclasses import dataclass, field

import httpx

from index.core.errors import FetchFailed

from .links import host_of

USER_AGENT = (
    "rendakb/0.1 (policy-document search for local people's congresses; "
    "+https://github.com/rendakb/rendakb; crawler contact: rendakb@users.noreply.github.com)"
)

# Failure reasons raised here (FetchFailed.message); crawl.py records them as they are.
TIMEOUT = "timeout"
DEADLINE = "read_deadline"
CONNECTION = "connection_error"
TOO_LARGE = "too_large"
TOO_SLOW = "too_slow"
TLS = "tls_error"  # certificate not verifiable: reported, never bypassed
BAD_URL = "bad_url"


@dataclass
class FetchPolicy:
    """How polite and how patient the fetcher is."""

    delay: float = 1.0  # seconds between requests to one host (Crawl-delay may raise it)
    timeout: float = 20.0  # connect and per-read timeout
    read_deadline: float = 60.0  # whole response, against bodies that trickle in
    max_bytes: int = 8 * 1024 * 1024
    # Slower than this (bytes/s, measured once `min_rate_after` seconds have passed since the
    # first byte) is a trickle: give up early instead of holding the host until the deadline.
    min_rate: float = 512.0
    min_rate_after: float = 3.0
    max_in_flight: int = 4  # over all hosts
    user_agent: str = USER_AGENT
    headers: dict[str, str] = field(
        default_factory=lambda: {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                                 "Accept-Language": "zh-CN,zh;q=0.9"}
    )


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class Fetcher:
    """GET one URL at a time per host, at most `max_in_flight` overall.

    One request in flight per host: with a delay of a second or more between requests,
    a second connection to the same small government server would only break the pacing.
    """

    def __init__(self, policy: FetchPolicy, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy
        self._client = httpx.AsyncClient(
            headers={"User-Agent": policy.user_agent, **policy.headers},
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            transport=transport,
            trust_env=False,  # no proxies from the environment: we go where we are told
        )
        self._overall = asyncio.Semaphore(policy.max_in_flight)
        self._host_locks: dict[str, asyncio.Lock] = {}
        self._host_delay: dict[str, float] = {}
        self._next_at: dict[str, float] = {}  # monotonic time of the host's next request

    async def close(self) -> None:
        await self._client.aclose()

    def set_crawl_delay(self, host: str, seconds: float) -> None:
        """robots.txt's Crawl-delay can only make us slower than `delay`."""
        self._host_delay[host] = max(self.policy.delay, seconds)

    def defer_host(self, host: str, seconds: float) -> None:
        """No request to this host for `seconds` (Retry-After, a WAF block)."""
        self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + seconds)

    def host_delay(self, host: str) -> float:
        return self._host_delay.get(host, self.policy.delay)

    async def get(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """One GET, no redirects followed; raises FetchFailed(reason) on transport trouble."""
        host = host_of(url)
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._next_at.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                async with self._overall:
                    return await self._get(url, headers or {})
            finally:
                # Pace from the end of the answer, so a slow server gets more rest, not less.
                self._next_at[host] = max(self._next_at.get(host, 0.0), time.monotonic() + self.host_delay(host))

    async def _get(self, url: str, headers: dict[str, str]) -> Response:
        cap = self.policy.max_bytes
        try:
            async with asyncio.timeout(self.policy.read_deadline):
                async with self._client.stream("GET", url, headers=headers) as answer:
                    length = answer.headers.get("content-length", "")
                    if length.isdigit() and int(length) > cap:
                        raise FetchFailed(TOO_LARGE, f"Content-Length {length} > {cap}")
                    chunks: list[bytes] = []
                    size = 0
                    first = time.monotonic()
                    async for chunk in answer.aiter_bytes():
                        size += len(chunk)
                        if size > cap:
                            raise FetchFailed(TOO_LARGE, f"body over {cap} bytes")
                        chunks.append(chunk)
                        spent = time.monotonic() - first
                        if spent > self.policy.min_rate_after and size / spent < self.policy.min_rate:
                            raise FetchFailed(TOO_SLOW, f"{size} bytes in {spent:.1f}s")
                    return Response(
                        url=url,
                        status=answer.status_code,
                        headers={k.lower(): v for k, v in answer.headers.items()},
                        body=b"".join(chunks),
                    )
        except TimeoutError as exc:
            raise FetchFailed(DEADLINE, f"no complete answer in {self.policy.read_deadline}s") from exc
        except httpx.TimeoutException as exc:
            raise FetchFailed(TIMEOUT, type(exc).__name__) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchFailed(BAD_URL, str(exc)) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            reason = TLS if "CERTIFICATE_VERIFY_FAILED" in str(exc) else CONNECTION
            raise FetchFailed(reason, f"{type(exc).__name__}: {exc}") from exc
