"""Place names → region, province and level, from a gazetteer of China's divisions.

Owns the gazetteer (crawler/data/divisions.tsv, derived from cpca's adcodes) and the rules for finding a place in a title or issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DIVISIONS_FILE = Path(__file__).with_name("data") / "divisions.tsv"

# Placeholder rows of the adcode table and names too generic to mean one place.
IGNORED_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "城区", "郊区", "矿区"})

# 沿河土家族自治县 is written 沿河自治县 as often as in full: strip the peoples' names.
ETHNIC_PART = re.compile(
    r"(?<=.)(?:(?:蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|纳西|景颇|"
    r"柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|"
    r"独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各)族?)+(?=自治[县州旗])"
)
# A township below a county: 某某镇, 某某乡, 某某街道 right after the county's name.
TOWNSHIP_AFTER = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:乡|镇|街道)(?=人大|人民代表大会|党委|人民政府|$)")


@dataclass(frozen=True)
class Division:
    code: str  # 6-digit adcode
    name: str  # official name

    @property
    def level(self) -> str:
        if self.code.endswith("0000"):
            return "province"
        if self.code.endswith("00"):
            return "city"
        return "district" if self.name.endswith("区") else "county"

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


@dataclass(frozen=True)
class Place:
    region: str  # as written, e.g. 北京市东城区, 沿河自治县
    province: str
    level: str


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]  # written form → divisions (several for 朝阳区)
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def load_gazetteer(path: Path = DIVISIONS_FILE) -> Gazetteer:
    by_code: dict[str, Division] = {}
    by_name: dict[str, list[Division]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name = line.split("\t")
        if name in IGNORED_NAMES:
            continue
        division = Division(code, name)
        by_code.setdefault(code, division)
        for written in {name, ETHNIC_PART.sub("", name)}:
            by_name.setdefault(written, []).append(division)
    names = sorted(by_name, key=len, reverse=True)  # longest first: 沿河土家族自治县 before 沿河
    pattern = re.compile("|".join(map(re.escape, names)))
    return Gazetteer(by_code, {k: tuple(v) for k, v in by_name.items()}, pattern)


def _parent_names(gazetteer: Gazetteer, division: Division) -> set[str]:
    parents = {division.province_code, division.city_code} - {division.code}
    return {gazetteer.by_code[c].name for c in parents if c in gazetteer.by_code}


def _pick(gazetteer: Gazetteer, candidates: tuple[Division, ...], before: str) -> Division | None:
    """One division for a name; an ambiguous one (朝阳区) only when its parent is written before it."""
    if len(candidates) == 1:
        return candidates[0]
    named = [d for d in candidates if any(before.endswith(p) for p in _parent_names(gazetteer, d))]
    return named[0] if len(named) == 1 else None


def _is_word_start(text: str, start: int, name: str) -> bool:
    # Two-character names (和县, 沛县) hide inside ordinary words (市和县人大): accept
    # them only at the start, after 中共, or after punctuation.
    if len(name) > 2 or start == 0:
        return True
    prev = text[start - 1]
    return not ("\u4e00" <= prev <= "\u9fff") or text[:start].endswith("中共")


def find_place(text: str) -> Place | None:
    """The first place named in `text` (an issuer, a title, an adoption line), most specific form."""
    if not text:
        return None
    gazetteer = load_gazetteer()
    for match in gazetteer.pattern.finditer(text):
        name = match.group()
        if not _is_word_start(text, match.start(), name):
            continue
        division = _pick(gazetteer, gazetteer.by_name[name], text[: match.start()])
        if division is None:
            continue
        region, end = name, match.end()
        # 北京市东城区, 温州市鹿城区: follow children written right after the parent.
        while True:
            child = gazetteer.pattern.match(text, end)
            if not child:
                break
            found = [d for d in gazetteer.by_name[child.group()] if d.code[: len(_prefix(division))] == _prefix(division)]
            if not found or found[0].code == division.code:
                break
            division, region, end = found[0], region + child.group(), child.end()
        level = division.level
        township = TOWNSHIP_AFTER.match(text[end:]) if level in ("county", "district") else None
        if township:
            region, level = region + township.group(), "township"
        province = gazetteer.by_code.get(division.province_code)
        return Place(region=region, province=province.name if province else "", level=level)
    return None


def _prefix(division: Division) -> str:
    return division.code[:2] if division.level == "province" else division.code[:4]


def find_province(text: str) -> str:
    """A province named (or abbreviated, as in file names 上海_…) in `text`, or ""."""
    gazetteer = load_gazetteer()
    for division in gazetteer.by_code.values():
        if division.level == "province" and text.startswith(_short_province(division.name)):
            return division.name
    return ""


def _short_province(name: str) -> str:
    return re.sub(r"(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$", "", name)
