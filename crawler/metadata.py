"""A document's metadata read from its text: title, issuer, 文号, dates, kind, region, level.

Owns the field rules as tables; unknown fields are "" (never a guess).
"""

from __future__ import annotations

import re

from index.core.assignments import parse_role_fields
from index.core.numerals import parse_number
from index.core.text import normalize_text

from .clean import ATTACHMENT_LABEL, clean_lines, is_chrome, is_metadata, is_numbered
from .regions import find_place

FIELDS = ("title", "issuer", "doc_number", "published", "adopted", "kind", "region", "province", "level")

# 文号: issuer code + year in any bracket pair + number + 号 (GB/T 9704), normalised to 〔〕.
DOC_NUMBER = re.compile(r"([\u4e00-\u9fffA-Za-z]{1,12})\s*[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*(\d{1,5})\s*号")
DOC_NUMBER_FIELD = re.compile(r"^(文号|发文字号|文件编号)\s*[:：]\s*(.+)$")
ISSUER_FIELD = re.compile(r"^(发文机关|发布机构|发文单位)\s*[:：]\s*(\S.{0,40})$")

CN_DIGIT = "〇○零一二三四五六七八九十"
DATE = re.compile(
    rf"(\d{{4}}|[{CN_DIGIT}]{{4}})\s*[年\-./]\s*(\d{{1,2}}|[{CN_DIGIT}]{{1,2}})\s*[月\-./]\s*(\d{{1,2}}|[{CN_DIGIT}]{{1,3}})"
)
# Where a publication date is written, most trusted first. Never the 今天是… widget.
PUBLISHED_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("field", re.compile(r"^(发布|发表|成文|印发)(日期|时间)\s*[:：]")),
    ("source_line", re.compile(r"^(编辑|来源|作者|信息来源)\s*[:：].*\d{4}-\d{1,2}-\d{1,2}")),
    ("date_line", re.compile(rf"^[(（]?\s*(\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|[{CN_DIGIT}]{{4}}年.{{1,5}}日)\s*[)）]?$")),
    ("printed", re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")),
)
ADOPTED = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。\n]{0,80}?(会议|大会)(审议)?通过"
    r"|会议于\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(审议)?通过"
)
WIDGET = re.compile(r"今天是")

# Kind from the title: the first rule that matches wins, so specific before general.
KINDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), kind)
    for p, kind in (
        (r"任务分解.*方案$", "任务分解方案"),
        (r"实施意见$", "实施意见"),
        (r"实施细则$", "细则"),
        (r"经验交流|交流材料", "经验交流"),
        (r"(讲话|发言|致辞)$", "讲话"),
        (r"条例(（[^）]*）|\([^)]*\))?$", "条例"),
        (r"办法(（[^）]*）|\([^)]*\))?$", "办法"),
        (r"规则(（[^）]*）|\([^)]*\))?$", "规则"),
        (r"细则$", "细则"),
        (r"守则$", "守则"),
        (r"决定$", "决定"),
        (r"决议$", "决议"),
        (r"规定(（[^）]*）|\([^)]*\))?$", "规定"),
        (r"意见$", "意见"),
        (r"通知$", "通知"),
        (r"报告$", "报告"),
        (r"方案$", "方案"),
        (r"制度$", "制度"),
        (r"公告$", "公告"),
        (r"通报$", "通报"),
        (r"规划$", "规划"),
    )
)
# Kind from the text when the title says nothing: a speech's subtitle, an exchange meeting.
KIND_HINTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[-—]{1,2}\s*在.{2,60}(讲话|发言|致辞)$"), "讲话"),
    (re.compile(r"交流材料|经验交流"), "经验交流"),
)

ORG_SUFFIX = r"(委员会|常委会|常务委员会|人民代表大会|人大|政府|委|部|厅|局|办公室|办|院|党组|主席团)"
ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff()（）]{{2,30}}{ORG_SUFFIX}$")
ISSUER_BEFORE_ABOUT = re.compile(rf"^([\u4e00-\u9fff]{{2,30}}?{ORG_SUFFIX})关于")
LETTERHEAD = re.compile(r"^([\u4e00-\u9fff]{2,30}?)文件$")
SPEAKER = re.compile(rf"^([\u4e00-\u9fff]{{2,30}}{ORG_SUFFIX})(书记|副书记|主任|副主任|部长|市长|县长|区长|省长|主席|秘书长)[\u4e00-\u9fff·]{{0,4}}$")
ADOPTING_BODY = re.compile(r"(?:^|[日由\s（(])([\u4e00-\u9fff]{2,20}?)第?[一二三四五六七八九十]+届人民代表大会(常务委员会)?")
SESSION = re.compile(r"人民代表大会(常务委员会)?第[一二三四五六七八九十]+次(全体)?会议")
SALUTATION = re.compile(r"[:：]$")
TITLE_MAX = 80


def normalize_date(text: str) -> str:
    """The first date in `text` as YYYY-MM-DD ("" if none or impossible)."""
    match = DATE.search(text)
    if not match:
        return ""
    parts = [parse_number(part) if not part.isdigit() else int(part) for part in match.groups()]
    if any(p is None for p in parts):
        return ""
    year, month, day = (int(p) for p in parts)  # type: ignore[arg-type]
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"


def normalize_doc_number(text: str) -> str:
    match = DOC_NUMBER.search(normalize_text(text).replace(" ", "")) or DOC_NUMBER.search(text.replace(" ", ""))
    return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号" if match else ""


def is_bare_doc_number(line: str) -> bool:
    number = normalize_doc_number(line)
    return bool(number) and len(line.replace(" ", "")) <= len(number) + 2


def normalize_title(title: str) -> str:
    title = title.strip(" 　#")
    # A one-sentence title (关于…的通知) has no spaces of its own: they are wrap artifacts.
    if "关于" in title:
        title = re.sub(r"(?<=[\u4e00-\u9fff《》〈〉])\s+(?=[\u4e00-\u9fff《》〈〉])", "", title)
    return title


def is_title_candidate(line: str) -> bool:
    norm = normalize_text(line)
    return (
        0 < len(line) <= TITLE_MAX
        and not is_metadata(norm)
        and not is_chrome(line)
        and not is_numbered(line)
        and not norm.rstrip().endswith(("。", ";", ":", ","))
        and not PUBLISHED_LINES[2][1].match(norm)
        and not DOC_NUMBER_FIELD.match(norm)
        and not LETTERHEAD.match(line)
        and not is_bare_doc_number(line)
        and not re.fullmatch(r"[\s\d\-—()]*", norm)
        and not ATTACHMENT_LABEL.match(norm)
        and not parse_role_fields(line)  # 责任单位：… says who, not what the document is
    )


def extract_title(lines: list[str]) -> tuple[str, int]:
    """The title and the index of its line: an issuer line + 关于… title becomes one title."""
    head = lines[:12]
    for i, line in enumerate(head):
        if not is_title_candidate(line):
            continue
        if ISSUER_LINE.match(line) and i + 1 < len(head) and normalize_text(head[i + 1]).startswith("关于") and is_title_candidate(head[i + 1]):
            return normalize_title(line + head[i + 1]), i + 1
        if ISSUER_LINE.match(line) or SPEAKER.match(line):
            continue
        return normalize_title(line), i
    return "", -1


def extract_issuer(lines: list[str], title: str) -> str:
    for line in lines[:15]:
        field = ISSUER_FIELD.match(normalize_text(line))
        if field:
            return field.group(2).strip()
    head = lines[:8]
    for line in head:
        letterhead = LETTERHEAD.match(line)
        if letterhead:
            return letterhead.group(1)
    before = ISSUER_BEFORE_ABOUT.match(title)
    if before:
        return before.group(1)
    signed = re.search(r"[(（]([^()（）]{2,30})[)）]$", title)  # 经验交流 titles: 题目(上饶市人大常委会)
    if signed and ISSUER_LINE.match(signed.group(1)):
        return signed.group(1)
    for line in head:
        speaker = SPEAKER.match(line)
        if speaker:
            return speaker.group(1)
    # A signature block: an issuer line right above the closing date. At the end; else the first
    # one, as where a 印发 notice signs off above the document it prints (…办公室 / 2024年2月18日).
    signed_at = [i for i in range(1, len(lines))
                 if PUBLISHED_LINES[2][1].match(normalize_text(lines[i])) and ISSUER_LINE.match(lines[i - 1])]
    closing = [i for i in signed_at if i > len(lines) - 6]
    if closing:
        return lines[closing[-1] - 1]
    if signed_at:
        return lines[signed_at[0] - 1]
    for line in lines[:6]:
        if SESSION.search(line):
            body = ADOPTING_BODY.search(line)
            if body:
                return body.group(1) + "人民代表大会" + (body.group(2) or "")
    return ""


def extract_doc_number(lines: list[str], title_at: int = 0) -> str:
    # Only the header around the title: a 文号 further down belongs to another document.
    for line in lines[max(title_at - 3, 0) : max(title_at, 0) + 5]:
        norm = normalize_text(line)
        field = DOC_NUMBER_FIELD.match(norm)
        if field:
            return normalize_doc_number(field.group(2))
        # A bare 文号 line in the header; numbers cited inside sentences are other documents'.
        if is_bare_doc_number(line):
            return normalize_doc_number(line)
    return ""


def extract_published(lines: list[str]) -> str:
    for _name, pattern in PUBLISHED_LINES:
        for line in lines:
            norm = normalize_text(line).strip()
            if pattern.search(norm) and not WIDGET.search(norm):
                date = normalize_date(norm)
                if date:
                    return date
    return ""


def extract_adopted(lines: list[str]) -> str:
    for line in lines[:15]:
        match = ADOPTED.search(normalize_text(line))
        if match:
            return normalize_date(match.group(0))
    return ""


def extract_kind(title: str, lines: list[str]) -> str:
    bare = re.sub(r"[（(][^）)]*[）)]$", "", title).strip()
    for pattern, kind in KINDS:
        if pattern.search(bare) or pattern.search(title):
            return kind
    for pattern, kind in KIND_HINTS:
        if any(pattern.search(normalize_text(line)) or pattern.search(line) for line in lines[:12]):
            return kind
    return ""


def extract_place(sources: list[str]) -> dict[str, str]:
    """Region from the title or issuer first, then the opening lines; the fullest spelling wins."""
    places = [p for p in (find_place(s) for s in sources if s) if p]
    if not places:
        return {"region": "", "province": "", "level": ""}
    first = places[0]
    for other in places[1:]:
        if other.level == first.level and other.province == first.province and other.region.endswith(first.region):
            first = other if len(other.region) > len(first.region) else first
    return {"region": first.region, "province": first.province, "level": first.level}


def extract_metadata(text: str) -> dict[str, str]:
    """Title, issuer, 文号, published/adopted dates, kind, region, province, level ("" when unknown)."""
    lines = clean_lines(text, keep_metadata=True)
    title, title_at = extract_title(lines)
    issuer = extract_issuer(lines, title)
    opening = [line for line in lines[max(title_at, 0) : title_at + 6] if ADOPTED.search(normalize_text(line))]
    body_start = lines[title_at + 1 : title_at + 4] if title_at >= 0 else lines[:3]
    meta = {
        "title": title,
        "issuer": issuer,
        "doc_number": extract_doc_number(lines, title_at),
        "published": extract_published(lines),
        "adopted": extract_adopted(lines),
        "kind": extract_kind(title, lines),
        **extract_place([title, issuer, *opening, *body_start]),
    }
    return meta
