"""Numbering styles as data: 第X章/条, 一、 （一） 1. 1、 （1） 1） ① A. and their nesting ranks.

`match_numbering` reads one marker at a position of normalised text (see index.core.text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import format_cn_number, normalize_text, parse_number

CN_NUM = "[一二三四五六七八九十百千零〇两]+"
# After a bare digit, these make "12个", "3天", "2016年" quantities, not list markers.
QUANTITY_CHARS = set("年月日号个名次人项条件天周岁届批家位元万亿千百十倍分秒时期类级份"
                     "所块座套本篇册部层户台辆米度股组轮")


@dataclass(frozen=True)
class NumberingStyle:
    """One way of numbering: `group` joins styles that may continue one sequence
    (1. with 1、; (1) with 1)), `rank` is the usual nesting depth (smaller = outer),
    `degraded` marks a broken form ("(2" or "3" before text) accepted only as the next
    number of an open sequence."""

    name: str
    pattern: re.Pattern[str]
    rank: int
    group: str
    degraded: bool = False
    needs_boundary: bool = False  # inline, only right after 。；: (a "1." inside a sentence is not a marker)
    continues: tuple[str, ...] = ()  # other groups it may continue: a bare "3" stands for 3. or 3)
    heading_only: bool = False  # opens a list only before a heading line ("一 总体要求"), else continues one


def _style(name: str, regex: str, rank: int, group: str, *, degraded: bool = False, needs_boundary: bool = False,
           continues: tuple[str, ...] = (), heading_only: bool = False) -> NumberingStyle:
    return NumberingStyle(name, re.compile(regex), rank, group, degraded, needs_boundary, continues, heading_only)


# Order matters only among styles that can match at the same place: longer forms first.
NUMBERING_STYLES: tuple[NumberingStyle, ...] = (
    _style("part", rf"第\s*({CN_NUM}|\d+)\s*编", 0, "part"),
    _style("chapter", rf"第\s*({CN_NUM}|\d+)\s*章", 1, "chapter"),
    _style("section", rf"第\s*({CN_NUM}|\d+)\s*节", 2, "section"),
    _style("article", rf"第\s*({CN_NUM}|\d+)\s*条", 3, "article"),
    _style("cn_dun", rf"({CN_NUM})\s*[、.]", 10, "cn_dun", needs_boundary=True),
    _style("cn_paren", rf"\(\s*({CN_NUM})\s*\)[、.]?", 11, "cn_paren"),
    _style("cn_paren_char", r"([㈠-㈩])", 11, "cn_paren"),  # ㈠ is (一) in one character
    # 一）: a list of its own (inside a （一） item), or a （二） with its "（" left out.
    _style("cn_half_paren", rf"({CN_NUM})\)(?!\))", 12, "cn_half_paren", needs_boundary=True,
           continues=("cn_paren",)),
    _style("arabic_dot", r"(\d{1,2})\s*\.(?![\d.])", 12, "arabic", needs_boundary=True),
    _style("arabic_dun", r"(\d{1,2})\s*、", 12, "arabic", needs_boundary=True),
    _style("arabic_paren", r"\(\s*(\d{1,2})\s*\)[、.]?", 13, "arabic_paren"),
    _style("arabic_half_paren", r"(\d{1,2})\)(?![\d)])", 14, "arabic_paren"),
    _style("arabic_paren_char", r"([⑴-⒇])", 13, "arabic_paren"),  # ⑴ is (1)
    _style("arabic_dot_char", r"([⒈-⒛])", 12, "arabic"),  # ⒈ is 1.
    _style("circled", r"([①-⑳])", 15, "circled"),
    _style("letter", r"([A-H])\s*[.、](?![\dA-Za-z])", 16, "letter", needs_boundary=True),
    _style("arabic_paren_open", r"\((\d{1,2})(?=[\u4e00-\u9fff])", 13, "arabic_paren",
           degraded=True, needs_boundary=True),
    _style("arabic_bare", r"(\d{1,2})(?=[\u4e00-\u9fff])", 12, "arabic",
           degraded=True, needs_boundary=True, continues=("arabic_paren",)),
    # A space for the separator (一　总体要求, 1 加强学习): a heading's number, or the next item of a list.
    _style("cn_space", rf"({CN_NUM}) (?=[\u4e00-\u9fff])", 10, "cn_dun", needs_boundary=True, heading_only=True),
    _style("arabic_space", r"(\d{1,2}) (?=[\u4e00-\u9fff])", 12, "arabic", needs_boundary=True, heading_only=True),
    # 二，for 二、: a comma typed for the 顿号, taken only as the next item of a 一、 list.
    _style("cn_comma", rf"({CN_NUM})\s*,(?=[\u4e00-\u9fff])", 10, "cn_dun", degraded=True, needs_boundary=True),
)
STYLES_BY_NAME = {style.name: style for style in NUMBERING_STYLES}
REGULATION_STYLES = ("part", "chapter", "section", "article")

# How each group is written in a path, one form whatever the source wrote. Inside an
# article, unnumbered paragraphs are 款 ("paragraph") and （一） items are 项 ("item");
# elsewhere an unnumbered paragraph is ¶n of its item.
ITEM_GROUPS = ("cn_paren",)
PATH_FORMS: dict[str, str] = {
    "part": "第{cn}编", "chapter": "第{cn}章", "section": "第{cn}节", "article": "第{cn}条",
    "paragraph": "第{cn}款", "item": "第{cn}项", "unnumbered": "¶{n}",
    "cn_dun": "{cn}、", "cn_paren": "（{cn}）", "cn_half_paren": "{cn}）", "arabic": "{n}.", "arabic_paren": "（{n}）",
    "circled": "{label}", "letter": "{letter}.",
}
# When an outer list already uses the group's form, a nested list keeps its own shape.
ALT_PATH_FORMS = {"arabic_paren": "{n}）"}


@dataclass(frozen=True)
class NumberingMatch:
    style: NumberingStyle
    number: int
    label: str  # as written, e.g. "（3）" or "第十二条"
    start: int
    end: int  # end of the marker (and the spaces after it)


def match_numbering(line: str, pos: int = 0, normalized: str | None = None) -> list[NumberingMatch]:
    """Every style whose marker starts at `pos` (best first); empty if none.

    A bare digit followed by a quantity character (12个, 3天, 12 月) is not a marker.
    """
    norm = normalized if normalized is not None else normalize_text(line)
    found: list[NumberingMatch] = []
    for style in NUMBERING_STYLES:
        m = style.pattern.match(norm, pos)
        if not m:
            continue
        if (style.degraded or style.heading_only) and norm[m.end():m.end() + 1] in QUANTITY_CHARS:
            continue
        number = parse_number(m.group(1))
        if number is None:
            continue
        end = m.end()
        while end < len(norm) and norm[end] == " ":
            end += 1
        found.append(NumberingMatch(style, number, line[pos:m.end()].strip(), pos, end))
    return found


def format_path_part(group: str, number: int, label: str, alternate: bool = False) -> str:
    form = ALT_PATH_FORMS.get(group, PATH_FORMS[group]) if alternate else PATH_FORMS[group]
    letter = chr(ord("A") + number - 1) if 1 <= number <= 26 else str(number)
    return form.format(cn=format_cn_number(number), n=number, label=label, letter=letter)
