"""Documents as HTML and trees. Corpus text is untrusted: it is escaped, then rendered by a Markdown
that can make no link, image or raw HTML, then held to an allowlist of tags (`render_markdown`).

The document page shows the body as written, cut into its clauses (`locate_clauses`), so every
character of the corpus text is on the page and every clause has its anchor.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from index.core.model import Clause, Document, ParsedDocument
from index.core.text import normalize_text

# Standalone HTML made from corpus text (a document, a handout): nothing in it may run or load.
STANDALONE_HTML_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
}

# What Markdown may make of a policy text: paragraphs, emphasis, code spans and tables.
# Links and images could carry javascript: or reach other hosts; the documents' own numbering
# ("1." "一、" "-") must not turn into lists or headings; indentation is layout, not code.
_DISABLED_INLINE = (
    "reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref",
    "autolink", "automail", "html",
)
_DISABLED_BLOCKS = ("indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist", "quote", "reference")
ALLOWED_TAGS = frozenset({"div", "p", "br", "em", "strong", "code", "table", "thead", "tbody", "tr", "th", "td"})


class _Allowlist(Treeprocessor):
    """The last word on what reaches the page: allowed tags without attributes, anything else as its text."""

    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):  # a snapshot: the loop removes elements
            element.attrib.clear()  # tables would bring style="text-align", which the CSP refuses anyway
            for child in list(element):
                if child.tag not in ALLOWED_TAGS:
                    _replace_with_text(element, child)


def _replace_with_text(parent: etree.Element, child: etree.Element) -> None:
    text = "".join(child.itertext()) + (child.tail or "")
    index = list(parent).index(child)
    parent.remove(child)
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        for name in _DISABLED_INLINE:
            md.inlinePatterns.deregister(name, strict=False)
        for name in _DISABLED_BLOCKS:
            md.parser.blockprocessors.deregister(name, strict=False)
        md.preprocessors.deregister("html_block", strict=False)
        md.treeprocessors.register(_Allowlist(md), "allowlist", 1)  # after inline and prettify


def safe_markdown() -> markdown.Markdown:
    """A converter for one thread (Markdown objects keep state); building one costs more than a page."""
    return markdown.Markdown(extensions=["tables", _SafeMarkdown()], output_format="html")


def render_markdown(text: str, md: markdown.Markdown | None = None) -> Markup:
    """Untrusted Markdown as HTML that can hold no script, link, image or attribute."""
    escaped = "\n".join(html.escape(line.strip(), quote=False) for line in text.splitlines())
    md = md or safe_markdown()
    md.reset()
    return Markup(md.convert(escaped))  # noqa: S704 - escaped above, allowlisted by _Allowlist


def render_body_html(body: str) -> str:
    """The document body as HTML: every paragraph escaped, numbering kept as written."""
    return str(render_markdown(body))


def render_markdown_page(doc: Document) -> str:
    title = html.escape(doc.title)
    meta_rows = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in doc.metadata().items()
        if v and k not in ("sha256", "sources", "attachments")
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1>"
        f"<table>{meta_rows}</table>{render_body_html(doc.body)}</body></html>"
    )


def clause_tree(parsed: ParsedDocument) -> list[dict[str, Any]]:
    """The flat clause list as nested nodes, each with the assignments that govern it."""
    nodes: dict[str, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for clause in parsed.clauses:
        node = {
            "clause_id": clause.clause_id,
            "path": clause.path,
            "label": clause.label,
            "heading": clause.heading,
            "text": clause.text,
            "headings": clause.headings,
            "assignments": [a.to_dict() for a in parsed.assignments_for(clause.clause_id)],
            "children": [],
        }
        nodes[clause.clause_id] = node
        parent = nodes.get(clause.parent_id or "")
        (parent["children"] if parent else roots).append(node)
    return roots


# -- the body cut into its clauses -----------------------------------------------------------

PROBE_CHARS = (40, 12)  # shorter openings to try when a clause's whole text is not found as parsed


@dataclass
class _Squeezed:
    """Normalised text without whitespace, and where each of its characters sits in the original."""

    text: str
    offsets: list[int]

    @classmethod
    def of(cls, raw: str) -> _Squeezed:
        pairs = [(c, i) for i, c in enumerate(normalize_text(raw)) if not c.isspace()]
        return cls("".join(c for c, _ in pairs), [i for _, i in pairs])


def _squeeze(text: str) -> str:
    return "".join(c for c in normalize_text(text) if not c.isspace())


@dataclass
class Located:
    """Where a clause starts in the body, and where its label-and-heading (shown bold) ends."""

    start: int
    head_end: int


def _probes(clause: Clause) -> list[tuple[str, int]]:
    """What the clause opens with, most specific first, each with how much of it is the bold head.

    The whole text comes first: a short opening such as 国家机关、企业事业单位 may occur earlier.
    """
    label, heading, text = _squeeze(clause.label), _squeeze(clause.heading), _squeeze(clause.text)
    contents = [heading] if heading else list(dict.fromkeys(c for c in (text, *(text[:n] for n in PROBE_CHARS)) if c))
    head = len(label) + len(heading)
    probes = [(label + c, head) for c in contents] or [(label, head)]
    if label:
        probes += [(c, len(heading)) for c in contents]  # the label as written differs from the parsed one
    return [(p, h) for p, h in probes if p]


def locate_clauses(body: str, clauses: list[Clause]) -> list[Located] | None:
    """Each clause's start offset in `body` (same order), or None if one cannot be found.

    The parser cuts a clause's heading and text out of the line, so they are found again in order,
    comparing normalised text without whitespace (clauses never overlap, so the search only moves on).
    """
    squeezed = _Squeezed.of(body)
    cursor, found = 0, []
    for clause in clauses:
        for probe, head in _probes(clause):  # noqa: B007 - head is read after the break
            at = squeezed.text.find(probe, cursor)
            if at >= 0:
                break
        else:
            return None
        start = squeezed.offsets[at]
        head_end = squeezed.offsets[at + head - 1] + 1 if head else start
        found.append(Located(start, head_end))
        cursor = at + len(probe)
    return found


@dataclass
class DocumentView:
    """What the document page shows: text before the first clause, and the clause tree with each node's HTML."""

    preamble: Markup
    tree: list[dict[str, Any]] = field(default_factory=list)
    as_written: bool = True  # False when the body could not be cut and clause texts are shown instead


def _role_lines(parsed: ParsedDocument) -> set[str]:
    return {line.strip() for a in parsed.assignments if a.origin == "role_lines" for line in a.text.splitlines()}


def _render_segment(raw: str, head: str, role_lines: set[str], md: markdown.Markdown) -> Markup:
    """A clause's own stretch of the body: its label and heading in bold, its text, its role lines set apart."""
    parts: list[str] = []
    strong = f'<strong class="head">{html.escape(head.strip(), quote=False)}</strong>' if head.strip() else ""
    chunk: list[str] = []

    def flush() -> None:
        nonlocal strong
        if not chunk:
            return
        rendered = str(render_markdown("\n".join(chunk), md))
        if strong and chunk[0].strip() and rendered.startswith("<p>"):
            space = " " if chunk[0][:1].isspace() else ""  # 第一条 为了… keeps its space, 1)加强…。建立… has none
            rendered = f"<p>{strong}{space}{rendered[3:]}"  # the heading runs on into its sentence
            strong = ""
        parts.append(rendered)
        chunk.clear()

    for line in raw.splitlines() or [""]:
        if line.strip() and line.strip() in role_lines:
            flush()
            parts.append(f'<p class="role-line">{html.escape(line.strip(), quote=False)}</p>')
        else:
            chunk.append(line)
    flush()
    if strong:  # a heading with no text of its own (第一章 总则)
        parts.insert(0, f"<p>{strong}</p>")
    return Markup("".join(parts))  # noqa: S704 - every part escaped above or by render_markdown


def _clause_as_parsed(node: dict[str, Any], md: markdown.Markdown) -> Markup:
    """Fallback: the clause's parsed label, heading and text (punctuation after the heading is lost)."""
    head = " ".join(part for part in (node["label"], node["heading"]) if part)
    return _render_segment(node["text"], head, set(), md)


def document_view(parsed: ParsedDocument) -> DocumentView:
    tree = clause_tree(parsed)
    body = parsed.document.body
    located = locate_clauses(body, parsed.clauses) if parsed.clauses else None
    htmls: dict[str, Markup] = {}
    md = safe_markdown()
    styles = {clause.clause_id: clause.style for clause in parsed.clauses}
    if located is not None:
        roles = _role_lines(parsed)
        ends = [place.start for place in located[1:]] + [len(body)]
        for clause, place, end in zip(parsed.clauses, located, ends, strict=True):
            htmls[clause.clause_id] = _render_segment(
                body[place.head_end:end], body[place.start:place.head_end], roles, md
            )

    def attach(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            found = node["clause_id"] in htmls
            node["html"] = htmls[node["clause_id"]] if found else _clause_as_parsed(node, md)
            node["style"] = styles[node["clause_id"]]
            attach(node["children"])

    attach(tree)
    if located is None:
        # No clauses: the whole body as one text. Clauses not found: their parsed texts.
        return DocumentView(Markup("") if tree else render_markdown(body, md), tree, as_written=not tree)
    return DocumentView(render_markdown(body[: located[0].start], md), tree)
