"""Filter values as people type them (region:渭源, kind:实施意见, level:县级), read against the values
the index holds (渭源县, 意见, county).

Pure: the known values come in, the index terms to match and what to tell the user go out. An exact
value (a facet link) always means itself; anything else is matched by the rules of its field, and a
value that names nothing in the corpus is said so, with the values there are, instead of an empty page
that does not say why.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .core.errors import QueryError
from .core.topics import topic_for_query
from .expansion import Tables
from .query import ALL_OF, ANY_OF, FILTER_FIELDS, FILTER_NAMES
from .results import SearchFilters

# How messages name each filter: the Chinese name a person may type for it (地区:渭源县).
FIELD_LABELS = {field: name for name, field in FILTER_NAMES.items() if not name.isascii()}
LEVEL_LABELS = {"province": "省级", "city": "市级", "county": "县级", "district": "区级", "township": "乡镇级"}
# The words people use for a level of government, by the code the index stores.
LEVEL_WORDS = {
    "province": ("省", "省级", "省级人大", "自治区", "直辖市"),
    "city": ("市", "市级", "市级人大", "地级市", "设区的市", "地市", "州", "自治州"),
    "county": ("县", "县级", "县级人大", "县级市", "自治县", "旗"),
    "district": ("区", "区级", "市辖区", "县区"),
    "township": ("乡", "镇", "乡镇", "乡镇级", "乡镇人大", "街道"),
}
# What follows a place's short name in its full name: 渭源 → 渭源县, 新疆 → 新疆维吾尔自治区.
PLACE_SUFFIX = re.compile(r"(省|市|县|区|州|盟|旗|自治区|自治州|自治县|特别行政区|(?:壮族|回族|维吾尔)自治区)")
YEAR = re.compile(r"(\d{4})年?")
MAX_LISTED = 8  # known values named in a "no such value" notice
MAX_NEAR = 3  # "did you mean" values in that notice
NEAR_CUTOFF = 0.5  # similarity (difflib's ratio) of a near value to what was typed: 渭原 ~ 渭源(县)


@dataclass(frozen=True)
class KnownValues:
    """What the index holds for each filter: value → number of clauses (units and topics: names)."""

    region: Mapping[str, int] = field(default_factory=dict)
    province: Mapping[str, int] = field(default_factory=dict)
    level: Mapping[str, int] = field(default_factory=dict)
    kind: Mapping[str, int] = field(default_factory=dict)
    year: Mapping[str, int] = field(default_factory=dict)
    issuer: Mapping[str, int] = field(default_factory=dict)
    unit: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # canonical → every spelling
    topic: tuple[str, ...] = ()


@dataclass
class ResolvedFilters:
    """Index terms the clauses must match: every group must hold, any (field, term) within a group."""

    groups: list[list[tuple[str, str]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # how a typed value was read, or why nothing can match
    impossible: bool = False  # a value names nothing in the corpus: no clause can match


def resolve_filters(filters: SearchFilters, known: KnownValues, tables: Tables | None = None) -> ResolvedFilters:
    """Read each filter value: conditions on one field separated by ALL_OF must all hold; values
    separated by ANY_OF within one are alternatives (region:北京市 region:上海市 typed in one query)."""
    resolved = ResolvedFilters()
    for name in FILTER_FIELDS:
        for condition in getattr(filters, name).split(ALL_OF):
            group: list[tuple[str, str]] = []
            for typed in (v.strip() for v in condition.split(ANY_OF)):
                if not typed:
                    continue
                terms = _RESOLVERS[name](typed, known, tables)
                if not terms:
                    resolved.notices.append(_nothing_notice(name, typed, known))
                    continue
                group += [t for t in terms if t not in group]
                shown = [_show(name, value) for _, value in terms]
                if shown != [typed] and [value for _, value in terms] != [typed]:
                    listed = "、".join(shown[:MAX_LISTED]) + ("等" if len(shown) > MAX_LISTED else "")
                    resolved.notices.append(f"{FIELD_LABELS[name]}“{typed}”按{listed}筛选")
            if group:
                resolved.groups.append(group)
            elif condition.strip(ANY_OF + " "):
                resolved.impossible = True
    return resolved


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def _show(name: str, value: str) -> str:
    return LEVEL_LABELS.get(value, value) if name == "level" else value


def _exact(typed: str, values: Mapping[str, object] | tuple[str, ...]) -> str | None:
    if typed in values:
        return typed
    folded = _fold(typed)
    return next((v for v in values if _fold(v) == folded), None)


def _by_count(values: Mapping[str, int], chosen: list[str]) -> list[str]:
    return sorted(chosen, key=lambda v: (-values.get(v, 0), v))


def _place(typed: str, values: Mapping[str, int]) -> list[str]:
    """渭源 → 渭源县: the known places that are the typed name plus an administrative suffix."""
    exact = _exact(typed, values)
    if exact is not None:
        return [exact]
    short = _fold(typed)
    return _by_count(
        values, [v for v in values if _fold(v).startswith(short) and PLACE_SUFFIX.fullmatch(v[len(short) :] or "-")]
    )


def read_region(typed: str, known: KnownValues, _: Tables | None = None) -> list[tuple[str, str]]:
    """("region", 渭源县) for 渭源; a place that issues documents first, else ("province", 甘肃省) for
    甘肃, standing for the documents of its cities and counties."""
    found = _place(typed, known.region)
    if found:
        return [("region", v) for v in found]
    return [("province", v) for v in _place(typed, known.province)]


def _level(typed: str, known: KnownValues, _: Tables | None) -> list[tuple[str, str]]:
    word = _fold(typed)
    codes = [code for code, words in LEVEL_WORDS.items() if word == code or word in words or typed == LEVEL_LABELS[code]]
    return [("level", code) for code in codes if known.level.get(code)]


def _kind(typed: str, known: KnownValues, _: Tables | None) -> list[tuple[str, str]]:
    # 分解方案 → 任务分解方案 (part of a kind); 实施意见 → 意见 (a kind of 意见).
    exact = _exact(typed, known.kind)
    if exact is not None:
        return [("kind", exact)]
    word = _fold(typed)
    wider = [v for v in known.kind if word in _fold(v)]
    narrower = [v for v in known.kind if len(v) >= 2 and _fold(v) in word]
    return [("kind", v) for v in _by_count(known.kind, wider or narrower)]


def _year(typed: str, known: KnownValues, _: Tables | None) -> list[tuple[str, str]]:
    match = YEAR.fullmatch(unicodedata.normalize("NFKC", typed).strip())
    if match is None:
        raise QueryError(
            f"年份应为四位数字，例如 2024（收到的是“{typed}”）",
            f"year must be a four-digit year such as 2024, not {typed!r}",
        )
    year = match.group(1)
    return [("year", year)] if known.year.get(year) else []


def _variants(typed: str, tables: Tables | None) -> list[str]:
    """The typed name and its spellings with one abbreviation written out (人大常委会 → 人民代表大会常务委员会)."""
    forms = [typed]
    if tables is not None:
        for key, rewrites in tables.rewrites.items():
            if len(key) >= 2 and key in typed:
                for rewrite in rewrites:
                    if rewrite.origin in ("synonym", "alias") and len(rewrite.replacement) == 1:
                        form = typed.replace(key, rewrite.replacement[0])
                        if form not in forms:
                            forms.append(form)
    return forms


def _issuer(typed: str, known: KnownValues, tables: Tables | None) -> list[tuple[str, str]]:
    exact = _exact(typed, known.issuer)
    if exact is not None:
        return [("issuer", exact)]
    forms = [_fold(f) for f in _variants(typed, tables)]
    found = [v for v in known.issuer if any(f in _fold(v) for f in forms)]
    return [("issuer", v) for v in _by_count(known.issuer, found)]


def _unit(typed: str, known: KnownValues, tables: Tables | None) -> list[tuple[str, str]]:
    # A name as written or canonical is an index term itself (县财政局: every unit so written); else
    # every unit with it in its name (财政局 → 望川县财政局, 北岭县财政局 …), by canonical name.
    folded = _fold(typed)
    for canonical, names in known.unit.items():
        spelling = next((n for n in (canonical, *names) if _fold(n) == folded), None)
        if spelling is not None:
            return [("unit", spelling)]
    forms = [_fold(f) for f in _variants(typed, tables)]
    found = [c for c, names in known.unit.items() if any(f in _fold(n) for f in forms for n in (c, *names))]
    return [("unit", c) for c in sorted(found)]


def _topic(typed: str, known: KnownValues, _: Tables | None) -> list[tuple[str, str]]:
    exact = _exact(typed, known.topic)
    if exact is not None:
        return [("topic", exact)]
    word = _fold(typed)
    found = [t for t in known.topic if word in _fold(t) or (len(t) >= 2 and _fold(t) in word)]
    if not found:  # 代表建议 → 建议办理, by the taxonomy's keywords
        topic = topic_for_query(typed)
        found = [topic] if topic in known.topic else []
    return [("topic", t) for t in found]


_RESOLVERS = {
    "region": read_region,
    "level": _level,
    "kind": _kind,
    "year": _year,
    "issuer": _issuer,
    "unit": _unit,
    "topic": _topic,
}


def _nothing_notice(name: str, typed: str, known: KnownValues) -> str:
    label = FIELD_LABELS[name]
    values: list[str]
    if name == "unit":
        return f"语料中没有名称含“{typed}”的责任单位或协作单位"
    if name == "topic":
        values = list(known.topic)
    elif name == "level":
        values = [LEVEL_LABELS.get(v, v) for v in _by_count(known.level, list(known.level))]
    else:
        table: Mapping[str, int] = getattr(known, name)
        values = _by_count(table, list(table))
        if name == "year":
            values = sorted(values, reverse=True)
    near = near_values(typed, values) if name in ("region", "issuer", "kind") else []
    meant = did_you_mean(near)
    listed = "、".join(values[:MAX_LISTED]) + ("等" if len(values) > MAX_LISTED else "")
    there = f"；语料中的{label}有：{listed}" if listed else ""
    return f"语料中没有{label}为“{typed}”的文件{meant}{there}"


def near_values(typed: str, values: list[str]) -> list[str]:
    """The known values a typo most likely meant (渭原 → 渭源县): the closest ones, at most MAX_NEAR.

    A place is compared without its administrative suffix too, as people type it short. Closeness
    is difflib's ratio, then the characters in the same place (忘川 is 望川 with one wrong, not 川西).
    """
    folded = _fold(typed)
    if not folded:
        return []
    scored = []
    for order, value in enumerate(values):
        forms = {_fold(value), _fold(PLACE_SUFFIX.sub("", value))} - {""}
        best = max(((_similarity(folded, form), _aligned(folded, form)) for form in forms), default=(0.0, 0))
        if best[0] >= NEAR_CUTOFF:
            scored.append((best, order, value))
    if not scored:
        return []
    top = max(closeness for closeness, _, _ in scored)
    return [value for closeness, _, value in scored if closeness == top][:MAX_NEAR]  # in the order given


def did_you_mean(values: list[str]) -> str:
    """"；是不是“渭源县”？" to end a "no such value" message, or "" when nothing is near."""
    return f"；是不是{'、'.join(f'“{v}”' for v in values)}？" if values else ""


def _similarity(a: str, b: str) -> float:
    return round(difflib.SequenceMatcher(None, a, b).ratio(), 6)


def _aligned(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(a, b, strict=False))  # the shorter one decides
