"""Finding links on a page: article and list URL shapes, pagination, attachments, redirects.

Pure: HTML text and its URL in, absolute URLs out. The shapes are data tables below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit, urlunsplit

import lxml.html

# Article URL shapes of the CMSs that local congress sites run on.
ARTICLE_SHAPES = {
    "trs": re.compile(r"/\d{6}/t\d{8}_\d+\.s?html?$", re.IGNORECASE),
    "hanweb": re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html?$", re.IGNORECASE),
    "content": re.compile(r"/content(?:/|_)[^?#]*\.s?html?$|/content/\w+", re.IGNORECASE),
    "boda": re.compile(r"/info/\d+/\d+\.htm$", re.IGNORECASE),
    "dated": re.compile(r"/20\d{2}-?\d{2}/\d{2}/[\w-]*\d+\.s?html?$", re.IGNORECASE),
    "detail": re.compile(r"/(?:detail|article|show)[\w/-]*?\d+\.s?html?$|[?&](?:articleid|newsid|id)=\d+", re.IGNORECASE),
}
LIST_SHAPES = {
    "trs_index": re.compile(r"/index(?:_\d+)?\.s?html?$", re.IGNORECASE),
    "directory": re.compile(r"/$"),
    "hanweb_column": re.compile(r"/col/col\d+/", re.IGNORECASE),
    "list": re.compile(r"/list(?:[_-]\d+)?\.s?html?$|/more\.s?html?$", re.IGNORECASE),
    "hanweb_proxy": re.compile(r"/module/web/jpage/dataproxy\.jsp", re.IGNORECASE),
}
PAGE_PARAMS = ("page", "pagenum", "pageno", "pageindex", "currentpage")
ATTACHMENT_EXTENSIONS = (".doc", ".docx", ".pdf", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".zip", ".rar")
# Hanweb serves attachments through a download script that redirects to the file.
ATTACHMENT_SCRIPTS = re.compile(r"/(?:module/download/)?downfile\.jsp", re.IGNORECASE)
ASSET_EXTENSIONS = (
    ".css", ".js", ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".ico", ".svg", ".webp",
    ".mp3", ".mp4", ".avi", ".flv", ".swf", ".txt", ".xml", ".json", ".exe", ".apk",
)
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页", "next", ">")
SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#", "data:")

CREATE_PAGE_HTML = re.compile(
    r"createPageHTML\(\s*(?:['\"][\w-]+['\"]\s*,\s*)?(\w+)\s*,\s*(\w+)\s*,\s*['\"]([\w-]+)['\"]\s*,\s*['\"](\w+)['\"]"
)
JS_NUMBER = r"(?:var\s+)?{name}\s*=\s*(\d+)"
# Hanweb column pages carry their first records in a <script type="text/xml"> datastore.
HANWEB_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.DOTALL | re.IGNORECASE)
META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)


@dataclass
class PageLinks:
    """The links of one page, sorted by what they point to."""

    articles: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # same-site HTML of no known shape
    attachments: list[dict[str, str]] = field(default_factory=list)  # {url, name}
    pagination: list[str] = field(default_factory=list)


def normalize_url(url: str) -> str:
    """Absolute URL without fragment, scheme and host lower-cased, empty path as /."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def host_of(url: str) -> str:
    return urlsplit(url).netloc.lower()


def classify_url(url: str) -> str:
    """'attachment', 'asset', 'article', 'list' or 'page' (HTML of no known shape)."""
    parts = urlsplit(url)
    path = parts.path.lower()
    if path.endswith(ATTACHMENT_EXTENSIONS) or ATTACHMENT_SCRIPTS.search(path):
        return "attachment"
    if path.endswith(ASSET_EXTENSIONS):
        return "asset"
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if any(shape.search(target) for shape in ARTICLE_SHAPES.values()):
        return "article"
    if any(shape.search(target) for shape in LIST_SHAPES.values()) or is_page_param_url(url):
        return "list"
    return "page"


READABLE_ATTACHMENTS = (".docx", ".xlsx", ".pdf")  # what rendakb reads (crawler.files); .doc, .wps, .xls stay links


def readable_attachment(url: str, name: str = "") -> str:
    """".docx", ".xlsx" or ".pdf" for an attachment rendakb reads, linked directly, through a download
    script (downfile.jsp?filename=….pdf) or under its name only (附件：任务分解表.docx); else ""."""
    parts = urlsplit(url)
    path, query, name = parts.path.lower(), parts.query.lower(), name.strip().lower()
    for suffix in READABLE_ATTACHMENTS:
        if path.endswith(suffix) or (ATTACHMENT_SCRIPTS.search(path) and suffix in query) or name.endswith(suffix):
            return suffix
    return ""


def is_page_param_url(url: str) -> bool:
    return any(key.lower() in PAGE_PARAMS for key, _ in parse_qsl(urlsplit(url).query))


def _parse(html: str) -> lxml.html.HtmlElement | None:
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def base_url(tree: lxml.html.HtmlElement | None, url: str) -> str:
    """The page's <base href> resolved against its URL, else the URL itself."""
    if tree is not None:
        for href in tree.xpath("//base/@href"):
            if href.strip():
                try:
                    return urljoin(url, href.strip())
                except ValueError:
                    break
    return url


def _absolute(base: str, href: str) -> str | None:
    href = (href or "").strip()
    if not href or href.lower().startswith(SKIP_SCHEMES):
        return None
    try:
        absolute = urljoin(base, href)
        if urlsplit(absolute).scheme not in ("http", "https"):
            return None
        return normalize_url(absolute)
    except ValueError:  # "http://[::1" and the like: one broken link, not a broken page
        return None


def find_links(html: str, url: str) -> PageLinks:
    """Every link of a page, absolute and classified, in page order without repeats."""
    tree = _parse(html)
    found = PageLinks()
    if tree is None:
        return found
    base = base_url(tree, url)
    seen: set[str] = set()
    anchors = list(tree.iter("a", "area"))
    records = "".join(HANWEB_RECORD.findall(html))
    embedded = _parse(f"<div>{records}</div>") if records else None
    if embedded is not None:
        anchors += list(embedded.iter("a"))
    for anchor in anchors:
        target = _absolute(base, anchor.get("href", ""))
        if target is None or target in seen:
            continue
        seen.add(target)
        kind = classify_url(target)
        if kind == "attachment":
            name = " ".join(anchor.text_content().split()) or target.rsplit("/", 1)[-1]
            found.attachments.append({"url": target, "name": name})
        elif kind == "article":
            found.articles.append(target)
        elif kind == "list":
            found.lists.append(target)
        elif kind == "page":
            found.pages.append(target)
    found.pagination = find_pagination(html, url, tree)
    return found


def _js_int(text: str, token: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.search(JS_NUMBER.format(name=re.escape(token)), text)
    return int(match.group(1)) if match else None


def find_pagination(html: str, url: str, tree: lxml.html.HtmlElement | None = None) -> list[str]:
    """The other pages of a list: TRS createPageHTML, page parameters, 下一页 links."""
    tree = tree if tree is not None else _parse(html)
    base = base_url(tree, url)
    pages: list[str] = []
    for match in CREATE_PAGE_HTML.finditer(html):
        count = _js_int(html, match.group(1))
        name, ext = match.group(3), match.group(4)
        if count is None:
            continue
        # TRS numbers the first page index.html and the rest index_1.html … index_{N-1}.html.
        for i in range(min(count, 500)):
            page = f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}"
            pages.append(normalize_url(urljoin(base, page)))
    if tree is not None:
        for anchor in tree.iter("a"):
            target = _absolute(base, anchor.get("href", ""))
            if target is None or host_of(target) != host_of(url):
                continue
            text = " ".join(anchor.text_content().split()).lower()
            if text in NEXT_PAGE_TEXTS or is_page_param_url(target):
                pages.append(target)
    unique: list[str] = []
    for page in pages:
        if page not in unique and page != normalize_url(url):
            unique.append(page)
    return unique


def find_meta_refresh(html: str, url: str) -> str | None:
    """The target of a <meta http-equiv="refresh" content="0;url=…">, absolute."""
    tree = _parse(html)
    if tree is None:
        return None
    for meta in tree.xpath("//meta[@http-equiv]"):
        if meta.get("http-equiv", "").strip().lower() != "refresh":
            continue
        match = META_REFRESH_URL.search(meta.get("content", ""))
        if match:
            return _absolute(base_url(tree, url), match.group(1))
    return None
