"""Task assignments: role lines (责任单位：…), inline "（牵头单位：…）" and "由A牵头，B配合" sentences.

Pure functions over text; structure.py decides which clauses each assignment governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import TaskAssignment
from .text import normalize_text
from .units import split_units

# Role keyword → role: the one table to extend when a plan uses another word.
ROLE_KEYWORDS: dict[str, str] = {
    "责任单位": "lead", "牵头单位": "lead", "主办单位": "lead", "主责单位": "lead",
    "责任部门": "lead", "牵头部门": "lead", "承办单位": "lead", "主责部门": "lead",
    "主要责任单位": "lead", "牵头责任单位": "lead", "责任主体": "lead", "责任处室": "lead", "牵头处室": "lead",
    "协作单位": "coop", "配合单位": "coop", "参与单位": "coop", "协办单位": "coop",
    "配合部门": "coop", "协作部门": "coop", "参与部门": "coop", "会办单位": "coop",
    "协同单位": "coop", "协同部门": "coop", "配合处室": "coop", "参加单位": "coop",
    "责任领导": "leader", "牵头领导": "leader", "分管领导": "leader", "责任人": "leader",
    "完成时限": "deadline", "时间要求": "deadline", "完成时间": "deadline", "时限要求": "deadline",
    "时间节点": "deadline", "完成期限": "deadline", "办结时限": "deadline",
}

_KEYWORDS = "|".join(sorted(ROLE_KEYWORDS, key=len, reverse=True))  # longest first in the alternation
# 责任单位：A, or with the keyword in brackets: 【责任单位】A.
_ROLE_KEY = re.compile(rf"[\[【]?({_KEYWORDS})(?:[\]】]\s*:?|\s*:)\s*")
# A "key:" that is not a role (联系电话:, 地址:) marks an info or footer line, not an assignment.
_OTHER_KEY = re.compile(r"(?:^|[\s;,|])([\u4e00-\u9fffA-Za-z]{2,8})\s*:")
_WRAPPED = re.compile(r"^\s*[(\[【]\s*(.*?)\s*[)\]】]\s*[。.;]?\s*$")
_INLINE = re.compile(rf"[(\[【]\s*(?:{_KEYWORDS})\s*:[^()\[\]【】]*[)\]】]")
# A role list that trails an item after its last sentence (…考核。责任单位：A).
_TRAILING = re.compile(rf"(?<=[。;!?\s])\s*(?:{_KEYWORDS})\s*:")

# Names in a "由A牵头，B配合" sentence must look like organisations (conservative on purpose).
UNIT_SUFFIXES = (
    "委员会", "办公室", "办公厅", "主席团", "政府", "人大", "常委会", "党组", "法院", "检察院",
    "局", "部", "院", "委", "室", "厅", "所", "站", "团", "组", "办", "处", "科", "中心", "机关",
    "单位", "部门", "街道", "乡镇", "党委", "工委", "联合会", "协会", "公司", "校", "队",
)
_NAME = r"[^,;。:()!?\s]{2,60}?"
_ETC = r"(?:等单位|等部门|等)?"
_MANY = rf"{_ETC}(?:积极|共同|密切)?"
_ASSISTS = r"(?:配合|协助|协同|参与)"  # what the cooperating units do
_LEADS = r"(?:牵头负责|具体负责|负责|牵头)"
SENTENCE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"由(?P<lead>{_NAME}){_LEADS},?(?:会同)?(?P<coop>{_NAME}){_MANY}{_ASSISTS}"),
    re.compile(rf"(?:^|(?<=[,;。:]))(?P<lead>{_NAME})牵头,(?P<coop>{_NAME}){_MANY}{_ASSISTS}"),
    # 由A牵头，会同B抓好落实: 会同 names who works with the lead.
    re.compile(rf"由(?P<lead>{_NAME})牵头,会同(?P<coop>{_NAME}){_ETC}(?=[,;。]|抓好|做好|共同|落实|实施|$)"),
    re.compile(rf"由(?P<lead>{_NAME}){_LEADS}(?=[,;。]|$)"),
)


@dataclass(frozen=True)
class RoleField:
    role: str
    keyword: str
    value: str


def parse_role_fields(text: str) -> list[RoleField]:
    """`责任单位:A;协作单位:B` → fields; empty if the text is not (only) role lines."""
    norm = normalize_text(text)
    wrapped = _WRAPPED.match(norm)
    if wrapped:
        offset, body = wrapped.start(1), wrapped.group(1)
    else:
        offset = len(norm) - len(norm.lstrip())
        body = norm.strip()
    keys = list(_ROLE_KEY.finditer(body))
    if not keys or keys[0].start() != 0:
        return []
    role_spans = {m.start(1) for m in keys}
    if any(m.start(1) not in role_spans for m in _OTHER_KEY.finditer(body)):
        return []
    fields = []
    for key, following in zip(keys, [*keys[1:], None], strict=True):
        end = following.start() if following else len(body)
        value = text[offset + key.end():offset + end].strip().strip(";；,，。.、 ")
        fields.append(RoleField(ROLE_KEYWORDS[key.group(1)], key.group(1), value))
    return fields


def find_trailing_roles(norm: str, start: int = 0) -> int:
    """Where a role list trailing a paragraph begins (after a sentence end), or -1."""
    for m in _TRAILING.finditer(norm, start):
        at = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        # Inside brackets it is an inline assignment, which stays in the item's text.
        if norm.count("(", start, at) <= norm.count(")", start, at):
            return at
    return -1


def build_assignment(fields: list[RoleField], region: str, origin: str, text: str) -> TaskAssignment:
    """Fields of one assignment (several lines or one bracket) → a TaskAssignment without clauses."""
    assignment = TaskAssignment(origin=origin, text=text)
    for f in fields:
        if f.role == "lead":
            assignment.lead_units.extend(split_units(f.value, region=region))
        elif f.role == "coop":
            assignment.coop_units.extend(split_units(f.value, region=region))
        elif f.role == "leader":
            assignment.leader = "；".join(x for x in (assignment.leader, f.value) if x)
        else:
            assignment.deadline = "；".join(x for x in (assignment.deadline, f.value) if x)
    return assignment


def extract_inline_assignments(text: str, region: str) -> list[TaskAssignment]:
    """"（责任单位：A、B）" or "(牵头单位:A;配合单位:B)" inside an item's text."""
    found = []
    for m in _INLINE.finditer(normalize_text(text)):
        written = text[m.start():m.end()]
        fields = parse_role_fields(written)
        if fields:
            found.append(build_assignment(fields, region, "inline", written))
    return found


# "由所在单位负责", "由建设单位或者施工单位负责": roles described, not units named.
_DESCRIBED = re.compile(r"^(?:所在|本|该|其|有关|相关|各该|上述|前款)|或|单位$")


def split_inline_suffix(text: str) -> tuple[str, str]:
    """`建立制度（责任单位：A）` → (`建立制度`, `（责任单位：A）`): the bracket is no part of a heading."""
    norm = normalize_text(text).rstrip()
    for m in _INLINE.finditer(norm):
        if not norm[m.end():].strip(" 。.;"):
            return text[:m.start()], text[m.start():].strip()
    return text, ""


def _looks_like_units(value: str, region: str) -> bool:
    units = split_units(value, region=region)
    return bool(units) and all(
        u.name.endswith(UNIT_SUFFIXES) and not _DESCRIBED.search(u.name) for u in units)


def extract_sentence_assignments(text: str, region: str) -> list[TaskAssignment]:
    """"由A牵头，B、C配合" / "A牵头，B配合" / "由A负责" where A, B, C look like units."""
    norm = normalize_text(text)
    found: list[TaskAssignment] = []
    taken: list[tuple[int, int]] = []
    for pattern in SENTENCE_PATTERNS:
        for m in pattern.finditer(norm):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            lead = text[m.start("lead"):m.end("lead")]
            coop = text[m.start("coop"):m.end("coop")] if "coop" in m.groupdict() else ""
            if not _looks_like_units(lead, region) or (coop and not _looks_like_units(coop, region)):
                continue
            taken.append((m.start(), m.end()))
            fields = [RoleField("lead", "牵头", lead)] + ([RoleField("coop", "配合", coop)] if coop else [])
            found.append(build_assignment(fields, region, "sentence", text[m.start():m.end()]))
    return found
