"""Tables as document text: a task table (任务分解表) becomes numbered items with role lines.

Plans are as often tables as role-line lists: 序号 | 重点任务 | 责任单位 | 协作单位 | 完成时限. Pulled
out of a page or a Word file cell by cell, a table's words run together and nobody is responsible
for anything. Written as the lines a plan would have (1. task, 责任单位：…, 协作单位：…), the same
structure and assignment parsers read it as they read every other plan. Pure: a grid of cell texts
(spanning cells repeated into every row and column they cover) in, paragraphs out.
"""

from __future__ import annotations

import re

from .assignments import ROLE_KEYWORDS
from .numbering import match_numbering
from .numerals import chinese_number

# A column header naming the task itself; the widest column of other text when none does.
TASK_HEADERS = ("任务", "内容", "措施", "事项", "举措", "工作", "要求", "目标")
SEQUENCE_HEADERS = ("序号", "编号", "序", "no", "no.")
CELL_SEPARATOR = "｜"  # between the cells of a table that assigns nothing (full width: no Markdown table)
HEADER_ROWS_LOOKED_AT = 3  # a title row or two may stand above the header
_ROLE_ORDER = {"lead": 0, "coop": 1, "leader": 2, "deadline": 3}
_BARE_ARABIC = re.compile(r"^\d{1,3}$")
_BARE_CHINESE = re.compile(r"^[一二三四五六七八九十]{1,3}$")
_SPACE = re.compile(r"\s+")


def table_paragraphs(rows: list[list[str]]) -> list[str]:
    """The paragraphs a table stands for, in reading order."""
    grid = [[_SPACE.sub(" ", cell).strip() for cell in row] for row in rows]
    grid = [row for row in grid if any(row)]
    if not grid:
        return []
    for at, row in enumerate(grid[:HEADER_ROWS_LOOKED_AT]):
        roles = _role_columns(row)
        if any(role in ("lead", "coop") for role, _ in roles.values()):
            return [_plain_row(r) for r in grid[:at]] + _task_rows(row, roles, grid[at + 1 :])
    return [_plain_row(row) for row in grid]


def _plain_row(row: list[str]) -> str:
    return CELL_SEPARATOR.join(_distinct(row))


def _distinct(row: list[str]) -> list[str]:
    """Non-empty cells, a spanning cell (the same text in neighbouring columns) once."""
    out: list[str] = []
    for cell in row:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out


def _header_key(cell: str) -> str:
    return _SPACE.sub("", cell).lower()


def _role_columns(header: list[str]) -> dict[int, tuple[str, str]]:
    """Column → (role, the role keyword its header holds): 牵头单位（部门） → lead, 牵头单位."""
    found: dict[int, tuple[str, str]] = {}
    for column, cell in enumerate(header):
        key = _header_key(cell)
        keyword = max((k for k in ROLE_KEYWORDS if k in key), key=len, default="")
        if keyword and not any(keyword == k for _, k in found.values()):
            found[column] = (ROLE_KEYWORDS[keyword], keyword)
    return found


def _task_rows(header: list[str], roles: dict[int, tuple[str, str]], body: list[list[str]]) -> list[str]:
    width = max(len(header), *(len(r) for r in body)) if body else len(header)
    header = header + [""] * (width - len(header))
    rows = [row + [""] * (width - len(row)) for row in body]
    keys = [_header_key(cell) for cell in header]
    sequence = next((c for c, key in enumerate(keys) if key in SEQUENCE_HEADERS and c not in roles), None)
    others = [c for c in range(width) if c not in roles and c != sequence]
    named = [c for c in others if any(word in keys[c] for word in TASK_HEADERS)]
    task = named[0] if named else max(others, key=lambda c: sum(len(r[c]) for r in rows), default=None)
    # A task header spanning columns (工作任务 over 目标 | 措施) makes all of them the task's text.
    texts = [c for c in others if c == task or (task is not None and keys[c] and keys[c] == keys[task])]
    categories = [c for c in others if task is not None and c < task and c not in texts]
    extras = [c for c in others if c not in categories and c not in texts]
    role_columns = sorted(roles, key=lambda c: _ROLE_ORDER[roles[c][0]])

    paragraphs: list[str] = []
    last_category: dict[int, str] = {}
    counters = [0] * len(categories)
    running = 0
    for row in rows:
        if [_header_key(cell) for cell in row] == keys:
            continue  # the header repeated where a long table breaks across pages
        for level, column in enumerate(categories):
            value = row[column]
            if value and value != last_category.get(column):
                last_category[column] = value
                for deeper in categories[level + 1 :]:
                    last_category.pop(deeper, None)
                counters[level] += 1
                counters[level + 1 :] = [0] * (len(counters) - level - 1)
                paragraphs.append(_numbered(value, _category_label(level, counters[level])))
        text = "；".join(_distinct([row[c] for c in texts]))
        if text:
            running += 1
            paragraphs.append(_numbered(text, _item_label(row[sequence] if sequence is not None else "", running)))
        paragraphs += [f"{header[c]}：{row[c]}" if header[c] else row[c] for c in extras if row[c]]
        paragraphs += [f"{roles[c][1]}：{row[c]}" for c in role_columns if row[c]]
    return paragraphs


def _has_numbering(text: str) -> bool:
    return bool(match_numbering(text, 0))


def _numbered(text: str, label: str) -> str:
    return text if _has_numbering(text) else f"{label}{text}"


def _category_label(level: int, number: int) -> str:
    return f"{chinese_number(number)}、" if level == 0 else f"（{chinese_number(number)}）"


def _item_label(sequence: str, running: int) -> str:
    """1 → "1."; 一 → "一、"; a sequence cell with its own punctuation ((1), 1、) as written."""
    sequence = sequence.strip()
    if _BARE_ARABIC.match(sequence):
        return f"{int(sequence)}."
    if _BARE_CHINESE.match(sequence):
        return f"{sequence}、"
    if sequence and _has_numbering(sequence):
        return sequence
    return f"{running}."
