"""What a fetched answer means: retry, back off, a challenge or error page, an article or a list.

Pure rules as data tables; crawl.py acts on the verdicts.
"""

from __future__ import annotations

import re

from .extract import extract_page
from .links import PageLinks

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {429, 500, 502, 503, 504, 520, 522, 524}
# WAFs and JS challenges (Jiasule answers 521, several WAFs 412): back off, never get past.
BLOCK_STATUSES = {412, 521, 567}
CHALLENGE_MARKERS = (
    "jsl_clearance",  # Jiasule (加速乐), often assembled from pieces: ('_')+('_')+('jsl_clearance')
    "acw_sc__v2",  # Aliyun WAF
    "yunsuo_session_verify",  # 云锁
    "wzws_cid",  # 网站卫士
    "WZWS_CONFIRM_PREFIX_LABEL",
    "_waf_bd8ce2ce37",
    "safedog",
    "fortiwaf",
    "请开启JavaScript并刷新该页",
    "您的访问请求可能对网站造成安全威胁",
)
SOFT_404_PHRASES = (
    "页面不存在", "您访问的页面不存在", "已被删除", "页面已删除", "信息已删除", "文章不存在",
    "该信息不存在", "找不到该页面", "无法找到该页", "页面未找到", "404 Not Found", "Page Not Found",
)
# An error page is short; a real article that happens to quote 已被删除 has far more text.
SOFT_404_MAX_TEXT = 800
HTML_TYPES = ("text/html", "application/xhtml", "text/plain")
MIN_ARTICLE_CHARS = 200
LIST_MIN_ARTICLE_LINKS = 5
MIN_OWN_TEXT_SHARE = 0.5  # of an article's extracted text, at least this much is not link text

_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL | re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.DOTALL | re.IGNORECASE)


def visible_text(html: str) -> str:
    return " ".join(_TAGS.sub(" ", html).split())


def page_problem(html: str) -> tuple[str, str] | None:
    """(reason, detail) when a 200 answer is really a challenge or an error page, else None."""
    if any(marker in html for marker in CHALLENGE_MARKERS):
        return "blocked", "JS challenge page (answered 200)"
    title = _TITLE.search(html)
    title_text = title.group(1).strip() if title else ""
    text = visible_text(html)
    if any(p in title_text for p in SOFT_404_PHRASES) or (
        len(text) < SOFT_404_MAX_TEXT and any(p in text for p in SOFT_404_PHRASES)
    ):
        return "soft_404", title_text or text[:80]
    return None


def guess_kind(html: str, links: PageLinks) -> str:
    """A page of no known URL shape: an article when it carries a publish date and a body of
    some length that is not link text, a list when it links articles, else a page for its links.

    The article test comes first: article pages carry sidebars of other articles ("最新动态",
    "相关信息"), so counting article links alone would take each of them for a list.
    """
    page = extract_page(html)
    own = page.text
    for link in sorted(page.links, key=lambda link: -len(link["text"])):
        if len(link["text"]) >= 4:
            own = own.replace(link["text"], "")
    own_chars = len(visible_text(own).replace(" ", ""))
    if page.published and own_chars >= MIN_ARTICLE_CHARS and own_chars >= MIN_OWN_TEXT_SHARE * len(page.text):
        return "article"
    if len(links.articles) >= LIST_MIN_ARTICLE_LINKS:
        return "list"
    return "page"
