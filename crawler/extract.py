"""One decoded HTML page → its title, cleaned text, metadata, date, attachments and links.

Owns the order of sources (gov meta tags, disclosure table, CMS containers, trafilatura) and the container table; pure: no network.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass, field
from urllib.parse import urljoin

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag

from index.core.tables import table_paragraphs

from .clean import clean_text
from .metadata import normalize_date

# Meta tags of the 政府网站发展指引 (国办发〔2017〕47号), plus the usual generic ones.
META_NAMES = (
    "ArticleTitle", "PubDate", "ContentSource", "SiteName", "SiteDomain", "SiteIDCode", "ColumnName",
    "ColumnDescription", "ColumnKeywords", "ColumnType", "Keywords", "Author", "Description", "Url",
)
# Labels of the disclosure table (信息公开 pages), as they are written.
DISCLOSURE_FIELDS = ("索引号", "发文机关", "成文日期", "发文字号", "发布日期", "主题分类", "发布机构", "生成日期", "标题")
# CMS content containers, most specific first (TRS WCM, Hanweb, common templates).
CONTENT_SELECTORS = (
    ".TRS_Editor", ".TRS_UEDITOR", "#zoom", ".pages_content", ".article-content", "td.detail",
    "#contentText", "#content", ".content", ".article", ".main-text", ".news_content", "#UCAP-CONTENT",
)
# Blocks that are never the text: scripts, navigation, sidebars of other articles.
DROP_SELECTORS = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form")
ATTACHMENT = re.compile(r"\.(docx?|pdf|wps|xlsx?|zip|rar|et)(\?|#|$)", re.IGNORECASE)
LAYOUT_BLOCKS = ("div", "ul", "ol", "table", "form", "h1", "h2", "h3", "h4", "h5", "h6")
MAX_CELL_TEXT = 600  # characters: a cell longer than this holds running text, not a datum
MAX_SPAN = 50  # a rowspan or colspan beyond this is a typo (rowspan="9999"), not a table
MIN_TEXT = 40  # a container with less text than this is a template shell, not the content
# Where the title is read, most trusted first; <title> last, as it carries the site's name too.
TITLE_SOURCES = ("ArticleTitle", "标题")
# <title> joins the article's title with the site's and column's names: "标题_示范市人大常委会".
TITLE_SEPARATORS = re.compile(r"\s*[_|｜]\s*|\s+[-–—]+\s+|(?<=[\u4e00-\u9fff）)》])-(?=[\u4e00-\u9fff（(《])")
SITE_NAME_PART = re.compile(r"(人大|人大常委会|人大网|人民代表大会常务委员会|人民政府|政府网|门户网站|网站|首页|信息公开)$")

log = logging.getLogger(__name__)


@dataclass
class ExtractedPage:
    title: str = ""
    text: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    published: str = ""
    posted: str = ""  # the date of the site's info line (发布时间：…), wherever the extractor left it
    attachments: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)


def _text_of(node: Tag) -> str:
    return node.get_text("\n", strip=True)


# 发布时间：2024-02-20 来源：县人大办 浏览次数：128 — the info line above an article.
POSTED = re.compile(r"(?:发布|发表|成文|印发)(?:日期|时间)\s*[:：]\s*(\S{6,20})")


def posted_date(soup: BeautifulSoup) -> str:
    """The first info-line date on the page. Content extraction (trafilatura) often drops that line
    with the rest of the chrome, so it is read from the whole page first."""
    for line in (soup.body or soup).get_text("\n", strip=True).split("\n")[:400]:
        found = POSTED.search(line)
        date = normalize_date(found.group(1)) if found else ""
        if date:
            return date
    return ""


def extract_meta_tags(soup: BeautifulSoup) -> dict[str, str]:
    wanted = {name.lower(): name for name in META_NAMES}
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").strip()
        if name.lower() in wanted and tag.get("content"):
            meta.setdefault(wanted[name.lower()], str(tag["content"]).strip())
    return meta


def extract_disclosure_table(soup: BeautifulSoup) -> dict[str, str]:
    """索引号 / 发文机关 / 成文日期 / 发文字号 / 发布日期: label cells and the value next to them."""
    found: dict[str, str] = {}
    for cell in soup.find_all(["td", "th", "span", "li", "div", "p", "b", "strong", "label"]):
        label = re.sub(r"[\s:：]+", "", cell.get_text(" ", strip=True))
        if label in DISCLOSURE_FIELDS and label not in found:
            value = cell.find_next_sibling()
            text = value.get_text(" ", strip=True) if value else ""
            if not text and cell.parent:
                # <td>发文机关：XX</td> style: the value follows the label in the same node.
                own = cell.parent.get_text(" ", strip=True)
                text = re.sub(rf"^.*?{label}\s*[:：]?\s*", "", own)
            if text:
                found[label] = text
        else:
            inline = re.match(rf"^({'|'.join(DISCLOSURE_FIELDS)})\s*[:：]\s*(\S.{{0,60}})$", cell.get_text(" ", strip=True))
            if inline and inline.group(1) not in found and not cell.find(["td", "div", "li"]):
                found[inline.group(1)] = inline.group(2).strip()
    return found


def find_content(soup: BeautifulSoup) -> Tag | None:
    for selector in CONTENT_SELECTORS:
        for node in soup.select(selector):
            if len(_text_of(node)) >= MIN_TEXT:
                return node
    return None


def _rows_of(table: Tag) -> list[Tag]:
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]


def _cells_of(row: Tag) -> list[Tag]:
    return row.find_all(["td", "th"], recursive=False)


def is_layout_table(table: Tag) -> bool:
    """A table that lays out the page (a column of cells, or cells holding blocks), not data."""
    rows = _rows_of(table)
    widest = max((len(_cells_of(row)) for row in rows), default=0)
    return widest <= 1 or any(cell.find(LAYOUT_BLOCKS) for row in rows for cell in _cells_of(row))


def unwrap_layout_tables(soup: BeautifulSoup) -> None:
    """Tables that lay out the page become divs.

    Old government templates put header, body and sidebar in the cells of one <table>; the
    generic extractor would keep that table whole, sidebar and all, as one row of text.
    Data tables (任务分解表: several columns of plain cells) are left as they are.
    """
    for table in soup.find_all("table"):
        if is_layout_table(table):
            rows = _rows_of(table)
            cells = [cell for row in rows for cell in _cells_of(row)]
            for node in [table, *table.find_all(["tbody", "thead", "tfoot"], recursive=False), *rows, *cells]:
                node.name = "div"


def table_grid(table: Tag) -> list[list[str]]:
    """The table's cell texts, a cell spanning rows or columns repeated into each (rowspan, colspan)."""
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows it still covers)
    for row in _rows_of(table):
        line: list[str] = []
        cells = iter(_cells_of(row))
        column = 0
        while True:
            if column in pending:
                text, left = pending[column]
                line.append(text)
                pending[column] = (text, left - 1)
                if left - 1 <= 0:
                    del pending[column]
                column += 1
                continue
            cell = next(cells, None)
            if cell is None:
                if any(c >= column for c in pending):
                    column += 1
                    line.append("")
                    continue
                break
            text = cell.get_text("\n", strip=True)
            for _ in range(min(_span(cell, "colspan"), MAX_SPAN)):
                rows_below = min(_span(cell, "rowspan"), MAX_SPAN) - 1
                if rows_below > 0:
                    pending[column] = (text, rows_below)
                line.append(text)
                column += 1
        grid.append(line)
    return grid


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, int(str(cell.get(name, "1")).strip() or 1))
    except ValueError:
        return 1


def _holds_running_text(table: Tag) -> bool:
    """A cell holding paragraphs of its own (正文： | <p>第一条…</p><p>第二条…</p>): the table frames a
    text, it is not a grid of data; read as it was, line by line."""
    for row in _rows_of(table):
        for cell in _cells_of(row):
            if len(cell.find_all("p")) >= 2 or len(cell.get_text(strip=True)) > MAX_CELL_TEXT:
                return True
    return False


def flatten_data_tables(soup: BeautifulSoup) -> None:
    """Each data table becomes the paragraphs it stands for (index.core.tables): a task table's
    rows numbered items with their role lines, any other table a line per row. Read cell by cell,
    a table's words would run together. The disclosure table is metadata, read before: dropped."""
    for table in reversed(soup.find_all("table")):  # innermost first
        if table.parent is None or is_layout_table(table) or _holds_running_text(table):
            continue
        grid = table_grid(table)
        labels = {re.sub(r"[\s:：]+", "", cell) for row in grid for cell in row}
        if len(labels & set(DISCLOSURE_FIELDS)) >= 2:
            table.decompose()
            continue
        block = soup.new_tag("div")
        for paragraph in table_paragraphs(grid):
            node = soup.new_tag("p")
            node.string = paragraph
            block.append(node)
        table.replace_with(block)


def _fallback_text(soup: BeautifulSoup) -> str:
    """trafilatura when no CMS container matched; the page's own text if it finds nothing."""
    # Imported here: heavy, and only needed when no CMS container matched. An ImportError is
    # not caught: a broken install (trafilatura needs lxml_html_clean) must not quietly turn
    # every such page's sidebars and footers into document text.
    import trafilatura

    unwrap_layout_tables(soup)
    try:
        text = trafilatura.extract(str(soup), include_comments=False, include_tables=True) or ""
    except Exception as exc:  # noqa: BLE001 - the extractor failing on one page must not lose it
        log.warning("trafilatura failed: %s: %s", type(exc).__name__, exc)
        text = ""
    if text.strip():
        return text
    body = soup.body or soup
    return _text_of(body) if isinstance(body, Tag) else ""


def title_from_head(head: str, meta: dict[str, str]) -> str:
    """The article's part of a <title> such as "标题_栏目_示范市人大常委会"."""
    parts = [p for p in TITLE_SEPARATORS.split(head) if p and p.strip()]
    names = {meta.get("SiteName", ""), meta.get("ColumnName", "")} - {""}
    kept = [p for p in parts if p not in names and not SITE_NAME_PART.search(p)]
    return max(kept or parts or [head], key=len).strip()


def extract_links(soup: BeautifulSoup, base: str) -> list[dict[str, str]]:
    links = []
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        try:
            url = urljoin(base, href)
        except ValueError:  # a malformed href ("http://[::1") is one bad link, not a bad page
            continue
        links.append({"url": url, "text": a.get_text(" ", strip=True)})
    return links


def extract_page(html: str, url: str = "") -> ExtractedPage:
    """Everything rendakb reads from one article page; the crawler decodes and fetches."""
    with warnings.catch_warnings():
        # A page whose whole text looks like a file name or URL (a bare redirect stub) is still the
        # markup we were given: BeautifulSoup's guess that we meant to open a file is wrong here.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html or "", "lxml")
    base_tag = soup.find("base", href=True)
    try:
        base = urljoin(url, str(base_tag["href"])) if base_tag else url
    except ValueError:
        base = url
    links = extract_links(soup, base)
    attachments = [
        {"url": link["url"], "name": link["text"] or link["url"].rsplit("/", 1)[-1]}
        for link in links
        if ATTACHMENT.search(link["url"])
    ]
    meta = extract_meta_tags(soup)
    meta.update({k: v for k, v in extract_disclosure_table(soup).items() if k not in meta})
    for node in soup.select(",".join(DROP_SELECTORS)):
        node.decompose()
    posted = posted_date(soup)
    flatten_data_tables(soup)
    content = find_content(soup)
    raw = _text_of(content) if content is not None else _fallback_text(soup)
    title = next((meta[key] for key in TITLE_SOURCES if meta.get(key)), "")
    if not title and soup.title:
        title = title_from_head(soup.title.get_text(" ", strip=True), meta)
    published = ""
    for key in ("PubDate", "发布日期", "成文日期"):
        published = normalize_date(meta.get(key, ""))
        if published:
            break
    return ExtractedPage(
        title=title, text=clean_text(raw), meta=meta, published=published, posted=posted,
        attachments=attachments, links=links,
    )
