"""Unit lists → Unit records: splitting, elliptical completion, region-qualified canonical names.
The vocabulary (levels, organs, suffixes, aliases) is data in index/data/unit_*.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from .data import read_data
from .model import Unit

# Canonical names use full-width brackets, the form GB/T 15834 prescribes for Chinese text.
_FULL_WIDTH_BRACKETS = str.maketrans("()", "（）")
_NOTE_BRACKET = re.compile(r"[(（]([^()（）]*)[)）]")
_WHITESPACE = re.compile(r"[\s\u3000]+")
_HAS_WORD = re.compile(r"[\w\u3400-\u9fff]")
_MAX_ALIAS_PASSES = 4  # aliases compose (人民政府办 → 政府办 → 政府办公室); a bound keeps it total


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@dataclass(frozen=True)
class Grammar:
    levels: MappingProxyType[str, tuple[int, str]]  # level word → (rank, class)
    level_start: re.Pattern[str]  # (lead)(level) at the start of a name
    kept_leads: frozenset[str]
    segment: re.Pattern[str]  # one segment of a region: 浙江省 | 温州市 | 永嘉县
    place: re.Pattern[str]  # a name starting with a place: 定西市…, 北京市东城区…
    place_item: str
    hosts: str  # alternation
    organ_start: re.Pattern[str]  # a name starting with a top-level organ
    never_complete: re.Pattern[str]
    complete_end: re.Pattern[str]  # a name ending with a unit suffix
    level_only_end: re.Pattern[str]  # a name completed with the level only
    suffix_start: re.Pattern[str]  # text starting with a unit suffix (continues a name)
    separators: frozenset[str]
    conjunction: re.Pattern[str]
    leading_noise: re.Pattern[str]
    trailing_noise: re.Pattern[str]
    level_bracket: re.Pattern[str]
    drop_leads: re.Pattern[str]  # 中共 before a name: dropped from canonical names
    party_leads: str  # alternation
    collective: re.Pattern[str]
    aliases: MappingProxyType[str, str]  # any form → canonical form
    alias_pattern: re.Pattern[str]


@cache
def _grammar() -> Grammar:
    # Package data, read once and never mutated: the core stays text in, data out.
    data, alias_data = read_data("unit_grammar.toml"), read_data("unit_aliases.toml")
    levels = {word: (int(rank), cls) for word, (rank, cls) in data["levels"]["words"].items()}
    leads = data["leads"]
    level_alt = _alternation(levels)
    lead_alt = _alternation(leads["kept_leads"] + leads["absorbed_leads"])
    false_alt = _alternation(leads["false_starts"])
    # 州 of 广州市 and 乡 of 宁乡市 are inside a place name, not the end of a region segment.
    inner = _alternation(data["levels"]["inside_names"])
    level_end = f"(?:(?!(?:{inner})(?:{level_alt}))(?:{level_alt}))"
    place_item = f"{data['places']['place_chars']}{{2,10}}?{level_end}"
    organs = data["organs"]
    top_organs = [o for o in organs["hosts"] + organs["leaves"] if len(o) > 1]
    suffixes = data["suffixes"]["complete"]
    pieces = data["pieces"]
    aliases: dict[str, str] = {}
    for canonical, variants in alias_data["aliases"].items():
        aliases.update(dict.fromkeys(variants, canonical))
    # A canonical form is matched as itself only where a variant hides inside it (人民法院
    # holds 法院) or it is listed alone to protect it (委办局): matching 县委 as itself would
    # hide 委办 in 县委办.
    for canonical, variants in alias_data["aliases"].items():
        if not variants or any(v in canonical for v in aliases):
            aliases[canonical] = canonical
    return Grammar(
        levels=MappingProxyType(levels),
        level_start=re.compile(f"(?P<lead>{lead_alt})?(?!{false_alt})(?P<level>{level_alt})"),
        kept_leads=frozenset(leads["kept_leads"]),
        segment=re.compile(f".+?{level_end}"),
        place=re.compile(f"(?:{_alternation(pieces['drop_leads'])})?{place_item}"),
        place_item=place_item,
        hosts=_alternation(organs["hosts"]),
        organ_start=re.compile(_alternation(top_organs)),
        never_complete=re.compile(_alternation(data["places"]["never_complete"])),
        complete_end=re.compile(f"(?:{_alternation(suffixes)})$"),
        level_only_end=re.compile(f"(?:{_alternation(organs['level_only_suffixes'])})$"),
        suffix_start=re.compile(_alternation(suffixes)),
        separators=frozenset(pieces["separators"]),
        conjunction=re.compile(_alternation(pieces["conjunctions"])),
        leading_noise=re.compile(f"^(?:{_alternation(pieces['leading_noise'])})+"),
        trailing_noise=re.compile(f"(?:{_alternation(pieces['trailing_noise'])})+$"),
        level_bracket=re.compile(pieces["level_bracket"]),
        drop_leads=re.compile(f"^(?:{_alternation(pieces['drop_leads'])})+(?=.)"),
        party_leads=_alternation(pieces["drop_leads"]),
        collective=re.compile("|".join(data["collective"]["patterns"])),
        aliases=MappingProxyType(aliases),
        alias_pattern=re.compile(_alternation(aliases)),
    )


@dataclass(frozen=True)
class Region:
    full: str
    segments: tuple[tuple[str, str, int], ...]  # (prefix up to this segment, class, rank)
    forms: tuple[tuple[str, str, str], ...]  # (how a name may start, its full prefix, short?)


def _normalize_region(region: str) -> str:
    # A region is a run of place words; anything else (spaces, brackets) is scraping debris.
    return re.sub(r"[\W_]+", "", region)


@lru_cache(maxsize=512)
def _parse_region(region: str) -> Region:
    g = _grammar()
    if not region:
        return Region("", (), ())
    parts = g.segment.findall(region)
    if "".join(parts) != region:  # an unparsed tail: treat the region as one segment
        parts = [region]
    # A form's third field is the level class a short form stands before ("" for full forms).
    segments, forms, prefix = [], [(region, region, "")], ""
    for part in parts:
        prefix += part
        level = next((w for w in sorted(g.levels, key=len, reverse=True) if part.endswith(w)), "")
        rank, cls = g.levels.get(level, (0, ""))
        segments.append((prefix, cls, rank))
        forms += [(prefix, prefix, ""), (part, prefix, "")]
        # 永嘉 for 永嘉县, 沿河 for 沿河土家族自治县; one character (和 of 和县) is too ambiguous.
        short = re.sub(
            r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}?族)*(?:自治)?$", r"\1", part[: len(part) - len(level)]
        )
        if len(short) >= 2 and short != part:
            forms.append((short, prefix, cls or "?"))
    forms = sorted(set(forms), key=lambda f: (-len(f[0]), f))
    return Region(region, tuple(segments), tuple(forms))


def _region_start(name: str, region: Region) -> tuple[str, str] | None:
    """(the region form the name starts with, its full prefix)."""
    g = _grammar()
    for form, full, short_cls in region.forms:
        if not name.startswith(form):
            continue
        if not short_cls:
            return form, full
        # A short form is the region before an organ (永嘉人大) or its own level (沿河县 for
        # 沿河土家族自治县), not before anything else (北京大学).
        m = g.level_start.match(name, len(form))
        if m and not m["lead"] and g.levels[m["level"]][1] == short_cls:
            return name[: m.end()], full
        if g.organ_start.match(name, len(form)):
            return form, full
    return None


def _qualify(name: str, region: Region) -> str:
    """Prefix a name with the document's region, as given (北京市东城区, not 东城区: 鼓楼区 and
    城关区 alone name several districts); a level word takes that level's part of it."""
    g = _grammar()
    if not region.full:
        return name
    start = _region_start(name, region)
    if start:
        return start[1] + name[len(start[0]) :]
    m = g.level_start.match(name)
    if m:
        rank, cls = g.levels[m["level"]]
        if m["lead"] in g.kept_leads:
            return region.full + name  # 各乡镇党委 → 永嘉县各乡镇党委
        for prefix, seg_cls, _ in reversed(region.segments):
            if seg_cls == cls:  # 县委 → 永嘉县委; 全县 is the county itself
                return prefix + name[m.end() :]
        if rank > max((r for _, _, r in region.segments), default=0):
            return region.full + name  # 乡镇人大主席团 in a county's plan
        return name  # a level above the region: 省人大常委会 in a county's plan
    if g.place.match(name) or g.never_complete.match(name):
        return name
    if any(name.startswith(form) for form, _, short_cls in region.forms if short_cls):
        return name  # named after the place but not one of its organs: 北京大学
    return region.full + name  # a bare organ or department of the region itself


def _apply_aliases(name: str) -> str:
    g = _grammar()
    for _ in range(_MAX_ALIAS_PASSES):
        changed = g.alias_pattern.sub(lambda m: g.aliases[m[0]], name)
        if changed == name:
            break
        name = changed
    return name


def _drop_notes(text: str) -> str:
    """Drop bracketed notes such as （牵头）; keep level brackets as in 各县（市、区）委."""
    g = _grammar()
    text = _NOTE_BRACKET.sub(lambda m: m[0] if g.level_bracket.match(m[1]) else "", text)
    if sum(text.count(c) for c in "(（") != sum(text.count(c) for c in ")）"):
        text = re.sub(r"[()（）]", "", text)  # unbalanced: brackets would swallow separators
    return text


def _clean_piece(piece: str) -> str:
    g = _grammar()
    piece = _WHITESPACE.sub("", piece)
    previous = None
    while piece != previous:
        previous = piece
        piece = g.trailing_noise.sub("", g.leading_noise.sub("", piece))
    return piece if _HAS_WORD.search(piece) else ""


def _starts_name(text: str, region: Region) -> bool:
    g = _grammar()
    return bool(g.level_start.match(text) or _region_start(text, region))


def _split_run_together(piece: str, region: Region) -> list[str]:
    """县人大常委会人事与代表工作委员会县政府办公室 → two names: a level after a complete name,
    directly or after a conjunction (县财政局和县审计局; 人事与代表 stays: no level after 与)."""
    g = _grammar()
    names, start, i = [], 0, 2
    while i < len(piece) - 1:
        conjunction = g.conjunction.match(piece, i)
        at = conjunction.end() if conjunction else i
        m = g.level_start.match(piece, at)
        # Right after a name, 各 goes on (县委各部门); after a conjunction it starts one.
        level = m and m.end() < len(piece) and (conjunction or m["lead"] not in g.kept_leads)
        if (
            (level or _region_start(piece[at:], region))
            and i - start >= 2
            and g.complete_end.search(piece, start, i)
        ):
            names.append(piece[start:i])
            start = i = at
        i += 1
    return [*names, piece[start:]]


def _split_pieces(text: str, region: Region) -> list[str]:
    g = _grammar()
    chunks: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in _drop_notes(text):
        depth += (ch in "(（") - (ch in ")）")
        if depth <= 0 and ch in g.separators:
            chunks.append("".join(buf))
            buf, depth = [], 0
        else:
            buf.append(ch)
    chunks.append("".join(buf))
    pieces = []
    for chunk in chunks:
        for word in _join_weak(chunk, region):
            pieces += _split_run_together(_clean_piece(word), region)
    return [p for p in map(_clean_piece, pieces) if p]


def _join_weak(chunk: str, region: Region) -> list[str]:
    """Whitespace is a weak separator: 县人大 常委会 is one name, 县委办公室 县政府办公室 two."""
    g = _grammar()
    words = [w for w in _WHITESPACE.split(chunk) if w]
    joined = words[:1]
    for word in words[1:]:
        left = _clean_piece(joined[-1])
        # 县委 宣传部 is one name: a bare host organ (县委, 县人大) goes on.
        ends = g.complete_end.search(left) and not g.suffix_start.match(word)
        if _starts_name(word, region) or (ends and _organ_prefix(left, region)[1] != left):
            joined.append(word)
        else:
            joined[-1] += word
    return joined


@lru_cache(maxsize=512)
def _organ_prefix_pattern(region: Region) -> re.Pattern[str]:
    g = _grammar()
    forms = _alternation(f for f, _, short_cls in region.forms if not short_cls)
    places = f"(?:{forms}|{g.place_item})*" if forms else f"(?:{g.place_item})*"
    return re.compile(
        f"(?P<pre>(?:{g.party_leads})?{places}(?:{g.level_start.pattern})?)(?P<host>{g.hosts})?"
    )


def _organ_prefix(name: str, region: Region) -> tuple[str, str]:
    """(level part, level + host organ) of a complete name: 县人大常委会办公室 → (县, 县人大常委会)."""
    m = _organ_prefix_pattern(region).match(name)
    if not m:
        return "", ""
    return m["pre"], m["pre"] + (m["host"] or "")


def _is_elliptical(name: str, region: Region) -> bool:
    g = _grammar()
    return not (
        _starts_name(name, region)
        or name.startswith(tuple(g.kept_leads))
        or g.place.match(name)
        or g.never_complete.match(name)
    )


def _complete(names: list[str], region: Region) -> list[str]:
    """区市场监督管理局、经济发展局 → 区经济发展局: complete from the name before."""
    g = _grammar()
    done: list[str] = []
    for name in names:
        if done and _is_elliptical(name, region):
            level_part, organ_part = _organ_prefix(done[-1], region)
            # A top-level organ (县委办公室、政府办公室) and a government department, always
            # written without its host (县人大常委会办公室、财政局), take only the level.
            level_only = g.organ_start.match(name) or g.level_only_end.search(name)
            name = (level_part if level_only else organ_part) + name
        done.append(name)
    return done


def canonicalize_unit(name: str, region: str = "") -> str:
    """The canonical name of one unit: aliases expanded, qualified with the region."""
    g = _grammar()
    text = _clean_piece(_drop_notes(name))
    text = _clean_piece(g.drop_leads.sub("", text)) or text  # 中共 alone stays a name
    if not text:
        return ""
    text = _apply_aliases(text).translate(_FULL_WIDTH_BRACKETS)
    # Aliases again: qualifying can form one (委员会 in 永嘉县 → 永嘉县委员会 → 永嘉县委).
    return _apply_aliases(_qualify(text, _parse_region(_normalize_region(region))))


def split_units(text: str, region: str = "") -> list[Unit]:
    """A unit list as written → Units in order, completed, deduplicated by canonical name."""
    g = _grammar()
    parsed = _parse_region(_normalize_region(region))
    units, seen = [], set()
    for name in _complete(_split_pieces(text, parsed), parsed):
        canonical = canonicalize_unit(name, region)
        if canonical not in seen:
            seen.add(canonical)
            units.append(Unit(name, canonical, bool(g.collective.search(name))))
    return units
