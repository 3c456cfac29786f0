"""What a crawl is asked to do, checked before it starts: start URLs and the sites file (sites.toml).

Pure apart from reading the sites file; every mistake a person can fix is a CrawlInputError.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from index.core.errors import RendakbError
from index.core.model import LEVELS

SCHEMES = ("http", "https")


class CrawlInputError(RendakbError):
    """A start URL, sites file or crawl state a person can fix (the CLI exits with code 2)."""


def check_url(url: str, where: str = "") -> str:
    """The URL stripped, if it is an absolute http(s) URL with a host; else CrawlInputError."""
    text = (url or "").strip()
    place = f"{where}: " if where else ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise CrawlInputError(f"{place}网址格式不对：{text}", str(exc)) from None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname or any(c.isspace() for c in text):
        hint = f"; did you mean http://{text}/ ?" if text and "://" not in text and " " not in text else ""
        raise CrawlInputError(f"{place}网址格式不对：{text or '（空）'}",
                              f"a start URL must be an absolute http:// or https:// URL with a host{hint}")
    return text


def load_sites(path: Path | str) -> list[dict[str, Any]]:
    """The [[site]] tables of a sites file, each checked: a name, a home URL, column URLs, a level."""
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise CrawlInputError(f"找不到站点文件：{path}", "no such file") from None
    except IsADirectoryError:
        raise CrawlInputError(f"站点文件是一个目录：{path}", "expected a TOML file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CrawlInputError(f"站点文件不是有效的 TOML：{path}", str(exc)) from None
    sites = data.get("site", [])
    if not isinstance(sites, list) or not sites:
        raise CrawlInputError(f"站点文件里没有 [[site]] 条目：{path}", "expected one [[site]] table per website")
    return [check_site(site, f"{path.name} [[site]] #{n}") for n, site in enumerate(sites, start=1)]


def check_site(site: Any, where: str) -> dict[str, Any]:
    if not isinstance(site, dict):
        raise CrawlInputError(f"{where}: 不是一个表", "each [[site]] must be a TOML table")
    where = f"{where} ({site.get('name', '')})" if site.get("name") else where
    if not site.get("home"):
        raise CrawlInputError(f"{where}: 缺少 home", "every site needs its home page URL")
    site = dict(site)
    site["home"] = check_url(str(site["home"]), where)
    columns = site.get("columns", [])
    if not isinstance(columns, list):
        raise CrawlInputError(f"{where}: columns 应是网址列表", 'columns = ["http://…", …]')
    site["columns"] = [check_url(str(c), where) for c in columns]
    if site.get("level") and site["level"] not in LEVELS:
        raise CrawlInputError(f"{where}: level 不对：{site['level']}", f"one of {', '.join(LEVELS)}")
    return site


def site_urls(site: dict[str, Any]) -> list[str]:
    return [u for u in [site.get("home", "")] + list(site.get("columns", [])) if u]
