"""The clause tree of a document (第X章/条/款/项, 一、（一）1.（1）…) and the task assignments in it.

Pure: `parse_document_structure(doc)` reads `doc.body` and returns clauses in document order plus assignments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .assignments import (
    RoleField,
    build_assignment,
    extract_inline_assignments,
    extract_sentence_assignments,
    find_trailing_roles,
    parse_role_fields,
    split_inline_suffix,
)
from .model import Clause, Document, ParsedDocument, TaskAssignment, make_clause_id
from .numbering import ITEM_GROUPS, REGULATION_STYLES, NumberingMatch, format_path_part, match_numbering
from .text import collapse_cjk_spaces, normalize_text

# Inline split points are searched only where a marker can start.
_MARKER_START = re.compile(r"[(\d①-⑳⑴-⒛㈠-㈩一二三四五六七八九十A-H]")
_BOUNDARY = set("。;!?:. ")  # after these an inline "1." or "一、" may begin an item
_NOT_BEFORE_MARKER = set("0123456789第-/.%、()") | set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_CITES = set("至项款条目")  # "（一）至（三）项所列人员": a marker followed by these cites items
_NOT_AFTER_MARKER = _CITES | set("、,;:.()")  # inline "(三)、(四)项" likewise
_SENTENCE_END = re.compile(r"[。！？!?]")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_TOC_LINE = re.compile(r"^目\s*录$")
HEADING_MAX = 60  # a first sentence longer than this is body text, not a heading
_REPEAT = re.compile(r"~\d+$")
SUBTITLE_MAX = 20  # an unpunctuated line this short inside a regulation is a subtitle
ROLE_CONTINUATION_MAX = 80  # a unit list carried over to the next line is short and has no sentence end


@dataclass(eq=False)
class Node:
    kind: str  # "root" | "numbered" | "paragraph"
    style: str = ""
    group: str = ""
    rank: int = -1
    number: int = 0
    label: str = ""
    heading: str = ""
    text: str = ""
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    order: int = 0
    path: str = ""
    kuan: bool = False  # a 款: paragraph of an article with several
    alternate: bool = False  # path form of a list nested in one of the same form (（1）1）)
    merged_into: Node | None = None  # a lone paragraph folded into its bare "第十条"

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


@dataclass
class RoleGroup:
    fields: list[RoleField]
    lines: list[str]

    def continued_by(self, norm: str) -> bool:
        """A unit list broken over two lines: the role line ends in a separator."""
        text = norm.strip()
        return (normalize_text(self.lines[-1])[-1:] in "、,;:" and len(text) <= ROLE_CONTINUATION_MAX
                and not re.search(r"[。:!?]", text) and not match_numbering(text))

    def extend(self, line: str) -> None:
        last = self.fields[-1]
        # parse_role_fields dropped the trailing separator; put one back between the parts.
        more = line.strip(" ;；,，。、")
        self.fields[-1] = RoleField(last.role, last.keyword, f"{last.value}、{more}" if last.value else more)
        self.lines[-1] += line


# What the walk found: (order, an assignment or a role-line group, the clauses it governs).
Found = tuple[int, TaskAssignment | RoleGroup, list[Node]]


@dataclass
class _Builder:
    """Walks the lines once, keeping the stack of open numbered clauses."""

    region: str
    root: Node = field(default_factory=lambda: Node("root"))
    stack: list[Node] = field(default_factory=list)
    last: Node | None = None
    count: int = 0
    watermark: int = 0  # order of the last clause before the previous role line
    last_article: int = 0  # articles number on across chapters
    open_roles: RoleGroup | None = None
    found: list[Found] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stack = [self.root]

    # ---- placing numbered items -------------------------------------------------
    def _continuation(self, m: NumberingMatch) -> int | None:
        """Index in the stack of the previous item of m's sequence, if one is open."""
        groups = (m.style.group, *m.style.continues)
        for test in (lambda n: n.style == m.style.name, lambda n: n.group in groups):
            for i in range(len(self.stack) - 1, 0, -1):
                node = self.stack[i]
                if node.number == m.number - 1 and test(node):
                    return i
        return None

    def _placement(self, m: NumberingMatch, inline: bool, norm: str) -> int | None:
        """Stack depth the new item attaches under (its parent's index), or None if m is no marker."""
        i = self._continuation(m)
        if i is not None:
            return i - 1
        if m.style.degraded or (inline and m.number != 1):
            return None
        if m.style.heading_only and (inline or not _heads_a_line(norm, m)):
            return None
        if (m.style.name == "article" and m.number not in (1, self.last_article + 1)
                and not _free_standing(norm, m)):
            return None  # "第十条规定的…" at a line start is a cross-reference
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].style == m.style.name:
                return None if inline else i - 1  # a restart: a sibling of the old list
        depth = len(self.stack) - 1
        while depth > 0 and self.stack[depth].rank >= m.style.rank:
            depth -= 1
        if inline and depth != len(self.stack) - 1:
            return None  # inline, only a list opening inside the current item
        return depth

    def _push(self, m: NumberingMatch, depth: int) -> Node:
        # An item continuing a sequence joins its group (a bare "3" after "(2)" is a (3)).
        previous = self.stack[depth + 1] if depth + 1 < len(self.stack) else None
        group = m.style.group
        if previous is not None and previous.number == m.number - 1 and group != previous.group:
            group = previous.group if previous.group in (m.style.group, *m.style.continues) else group
        del self.stack[depth + 1:]
        node = Node("numbered", m.style.name, group, m.style.rank, m.number, m.label)
        if m.style.name == "article":
            self.last_article = m.number
        self.stack[depth].add(node)
        self.stack.append(node)
        return self._created(node)

    def _created(self, node: Node) -> Node:
        self.count += 1
        node.order = self.count
        self.last = node
        self.open_roles = None
        return node

    def _paragraph(self, text: str) -> Node:
        # Inside an article an unnumbered paragraph is its next 款, never part of a 项.
        article = self._regulation_depth()
        if article < len(self.stack):
            del self.stack[article + 1:]
        return self._created(self.stack[-1].add(Node("paragraph", "paragraph", text=text)))

    # ---- role lines ----------------------------------------------------------------
    def add_roles(self, fields: list[RoleField], written: str) -> None:
        """Consecutive role lines are one assignment until a role repeats."""
        group = self.open_roles
        if group and not {f.role for f in fields} & {f.role for f in group.fields}:
            group.fields.extend(fields)
            group.lines.append(written)
            return
        group = RoleGroup(list(fields), [written])
        self.found.append((self.count, group, self._governed()))
        self.open_roles = group
        self.watermark = self.count

    def _governed(self) -> list[Node]:
        """Items since the previous role line under the same parent (see TaskAssignment)."""
        if self.last is None or self.last.parent is None:
            return []
        parent = self.last.parent
        siblings = [c for c in parent.children if c.order > self.watermark]
        numbered = [c for c in siblings if c.kind == "numbered"]
        nodes: list[Node] = []
        if parent.kind != "root" and parent.order > self.watermark and (not numbered or len(numbered) >= 2):
            nodes.append(parent)
        for child in siblings:
            nodes.extend(walk(child))
        return nodes

    # ---- lines -------------------------------------------------------------------------
    def add_line(self, line: str, toc: bool = False) -> None:
        norm = normalize_text(line)
        if self.open_roles and self.open_roles.continued_by(norm):
            self.open_roles.extend(line.strip())
            return
        fields = parse_role_fields(line)
        if fields:
            self.add_roles(fields, line.strip())
            return
        pos, node = 0, None
        if not toc:
            for m in match_numbering(line, 0, norm):
                if norm[m.end:m.end + 1] in _CITES:
                    continue
                depth = self._placement(m, False, norm)
                if depth is not None:
                    node, pos = self._push(m, depth), m.end
                    break
        if node is None and self._is_subtitle(norm):
            del self.stack[self._regulation_depth():]
        self._segments(line, norm, pos, node)

    def _segments(self, line: str, norm: str, pos: int, node: Node | None) -> None:
        roles_at = find_trailing_roles(norm, pos)
        end = roles_at if roles_at >= 0 else len(line)
        while True:
            split = self._next_split(norm, pos, end)
            stop = split.start if split else end
            written = line[pos:stop]
            if node is None:
                if written.strip():
                    node = self._paragraph(written.strip())
            else:
                _fill(node, written)
            if node is not None:
                self._find_assignments(node, written)
            if split is None:
                break
            node, pos = self._push(split, self._placement(split, True, norm) or 0), split.end
        if roles_at >= 0:
            fields = parse_role_fields(line[roles_at:])
            if fields:
                self.add_roles(fields, line[roles_at:].strip())

    def _next_split(self, norm: str, pos: int, end: int) -> NumberingMatch | None:
        """The next item run into this paragraph: only the next number of an open sequence,
        or a new sub-list's first item right after a sentence end."""
        for start in _MARKER_START.finditer(norm, pos, end):
            i = start.start()
            if i == pos or norm[i - 1] in _NOT_BEFORE_MARKER or norm.count("(", pos, i) > norm.count(")", pos, i):
                continue  # "附件1)", "第(三)、(四)项", "(2007年…": inside numbers, brackets, references
            for m in match_numbering(norm, i, norm):
                if m.style.name in REGULATION_STYLES or m.end >= end or norm[m.end] in _NOT_AFTER_MARKER:
                    continue
                if (m.style.needs_boundary or m.number == 1) and norm[i - 1] not in _BOUNDARY:
                    continue
                if self._placement(m, True, norm) is not None:
                    return m
        return None

    def _find_assignments(self, node: Node, written: str) -> None:
        for assignment in extract_inline_assignments(written, self.region):
            self.found.append((node.order, assignment, [node]))
        for assignment in extract_sentence_assignments(written, self.region):
            self.found.append((node.order, assignment, [node]))

    def _regulation_depth(self) -> int:
        for i, node in enumerate(self.stack):
            if node.style == "article":
                return i
        return len(self.stack)

    def _is_subtitle(self, norm: str) -> bool:
        text = norm.strip()
        return (self._regulation_depth() < len(self.stack) and 0 < len(text) <= SUBTITLE_MAX
                and not re.search(r"[。,;:!?、]", text))


def _heads_a_line(norm: str, m: NumberingMatch) -> bool:
    """The rest of the line is a heading: short, no sentence punctuation (一 总体要求, not 一 是要…。)."""
    rest = norm[m.end:].strip()
    return 0 < len(rest) <= SUBTITLE_MAX and not re.search(r"[。,;:!?、]", rest)


def _free_standing(norm: str, m: NumberingMatch) -> bool:
    return m.end >= len(norm) or norm[m.end - 1] == " " or norm[m.end] in " 【["


def _fill(node: Node, written: str) -> None:
    """Split an item's own text into heading and text (see Clause)."""
    rest = written.strip()
    if node.style in ("part", "chapter", "section"):
        node.heading = collapse_cjk_spaces(rest)
        return
    if node.style == "article":
        node.text = rest
        return
    rest, roles = split_inline_suffix(rest)
    end = _SENTENCE_END.search(rest)
    first = rest[: end.start()] if end else rest
    if not first or len(first) > HEADING_MAX:
        node.text = rest.strip()
    else:
        node.heading = first.strip().rstrip(";；,，:：、 ")
        node.text = rest[end.end():].strip() if end else ""
    node.text = f"{node.text}{roles}"


def walk(node: Node) -> list[Node]:
    """The node and its descendants in document order."""
    out = [node]
    for child in node.children:
        out.extend(walk(child))
    return out


# ---- after the walk: 款, paths, clauses -------------------------------------------------

def restructure_articles(root: Node) -> None:
    """An article with several paragraphs gets 款 children (第一款 holds its own text);
    项 go under the 款 they follow. A lone paragraph after a bare "第十条" is its text."""
    for node in walk(root):
        if node.style != "article":
            continue
        paragraphs = [c for c in node.children if c.kind == "paragraph"]
        if not paragraphs:
            continue
        if not node.text and len(paragraphs) == 1 and node.children[0] is paragraphs[0]:
            node.text, node.children = paragraphs[0].text, node.children[1:]
            paragraphs[0].merged_into = node
            continue
        if len(paragraphs) + bool(node.text) < 2:
            continue
        children, node.children = node.children, []
        current = None
        if node.text:
            current = node.add(Node("paragraph", "paragraph", text=node.text, order=node.order, kuan=True))
            node.text = ""
        for child in children:
            if child.kind == "paragraph":
                child.kuan = True
                current = node.add(child)
            else:
                (current or node).add(child)


def demote_toc_entries(root: Node) -> None:
    """An empty 第X章 repeated later was a table of contents without a 目录 line: a paragraph."""
    headings = [n for n in walk(root) if n.style in ("part", "chapter", "section")]
    for i, node in enumerate(headings):
        later = any(h.style == node.style and h.number == node.number for h in headings[i + 1:])
        if later and not node.children:
            node.kind, node.style, node.group, node.number = "paragraph", "paragraph", "", 0
            node.text, node.heading, node.label = f"{node.label} {node.heading}".strip(), "", ""


def _own_part(node: Node, index: int) -> str:
    parent = node.parent
    assert parent is not None
    if node.kuan:
        return format_path_part("paragraph", index, "")
    if node.kind == "paragraph":
        return format_path_part("unnumbered", index, "")
    if node.group in ITEM_GROUPS and (parent.style == "article" or parent.kuan):
        return format_path_part("item", node.number, "")
    node.alternate = any(a.group == node.group and not a.alternate for a in ancestors(node))
    return format_path_part(node.group, node.number, node.label, node.alternate)


def assign_paths(root: Node) -> None:
    """Paths as people cite them, one form whatever the source wrote, unique in the document.

    Opinions: the chain of items, 二、（二）1.（3）① (full-width brackets, "、" after Chinese
    numerals, "." after Arabic ones); unnumbered paragraphs are ¶n of their item (¶n alone
    in the preamble). Regulations: 第十二条 alone (articles number on through chapters, and
    people cite them without the chapter), 第十二条第二款第三项; 第一章 and 第一章第二节 are
    heading ancestors. A path seen before (a restarted list, a second document on one page)
    gets ~2, ~3, and its descendants a "/" after that marker.
    """
    used: set[str] = set()
    counters: dict[tuple[int, str, bool], int] = {}  # paragraphs and 款 are counted per parent
    for node in walk(root)[1:]:
        parent = node.parent
        assert parent is not None
        key = (id(parent), node.kind, node.kuan)
        counters[key] = counters.get(key, 0) + 1
        part = _own_part(node, counters[key])
        if node.style in ("part", "chapter", "article") or parent.kind == "root":
            path = part
        elif node.style == "section":
            chapter = next((a for a in ancestors(node) if a.style == "chapter"), None)
            path = _join(chapter.path if chapter else "", part)
        else:
            path = _join(parent.path, part)
        unique, k = path, 2
        while unique in used:
            unique, k = f"{path}~{k}", k + 1
        used.add(unique)
        node.path = unique


def _join(prefix: str, part: str) -> str:
    # After a repeat marker (一、~2) a slash keeps "~2" from reading as "~21."
    return f"{prefix}/{part}" if _REPEAT.search(prefix) else prefix + part


def ancestors(node: Node) -> list[Node]:
    """Ancestors outermost first, without the root."""
    chain = []
    parent = node.parent
    while parent is not None and parent.kind != "root":
        chain.append(parent)
        parent = parent.parent
    return chain[::-1]


def _is_toc_entry(norm: str) -> bool:
    return any(m.style.name in ("part", "chapter", "section") for m in match_numbering(norm, 0, norm))


def parse_tree(body: str, region: str = "") -> tuple[Node, list[Found]]:
    """Walk the lines: the clause tree (before paths) and what the assignments govern."""
    builder = _Builder(region)
    toc: list[str] | None = None  # the entries of a 目录 block, while inside one
    for raw in body.splitlines():
        line = _MARKDOWN_HEADING.sub("", raw.strip())
        if not line:
            continue
        key = collapse_cjk_spaces(normalize_text(line))
        if _TOC_LINE.match(key):
            toc = []
        elif toc is not None and _is_toc_entry(key) and key not in toc:
            toc.append(key)
        else:
            toc = None
        builder.add_line(line, toc=toc is not None)
    demote_toc_entries(builder.root)
    restructure_articles(builder.root)
    assign_paths(builder.root)
    return builder.root, builder.found


def _to_clauses(doc: Document, root: Node) -> list[Clause]:
    clauses = []
    for ordinal, node in enumerate(walk(root)[1:]):
        parent = node.parent
        assert parent is not None
        clauses.append(Clause(
            clause_id=make_clause_id(doc.id, node.path),
            doc_id=doc.id,
            path=node.path,
            label=node.label,
            style=node.style,
            heading=node.heading,
            text=node.text,
            headings=[a.heading for a in ancestors(node) if a.heading],
            parent_id=None if parent.kind == "root" else make_clause_id(doc.id, parent.path),
            children=[make_clause_id(doc.id, c.path) for c in node.children],
            ordinal=ordinal,
        ))
    return clauses


def _to_assignments(doc: Document, found: list[Found]) -> list[TaskAssignment]:
    assignments = []
    for _, item, nodes in found:
        if isinstance(item, RoleGroup):
            item = build_assignment(item.fields, doc.region, "role_lines", "\n".join(item.lines))
        ids: list[str] = []
        for node in nodes:
            node = node.merged_into or node
            clause_id = make_clause_id(doc.id, node.path)
            if clause_id not in ids:
                ids.append(clause_id)
        item.clause_ids = ids
        assignments.append(item)
    return assignments


def parse_clauses(doc: Document) -> list[Clause]:
    """The clause tree of `doc` in document order (role lines are not clauses)."""
    root, _ = parse_tree(doc.body, doc.region)
    return _to_clauses(doc, root)


def parse_document_structure(doc: Document) -> ParsedDocument:
    """Clauses in document order and the task assignments that govern them."""
    root, found = parse_tree(doc.body, doc.region)
    return ParsedDocument(doc, _to_clauses(doc, root), _to_assignments(doc, found))
