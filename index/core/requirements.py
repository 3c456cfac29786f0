"""Numeric requirements in policy text: how often, how many, what share, how long, by when.

`extract_requirements(text)` → `Requirement`s; `normalize_subject`/`requirement_key` line them up across regions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from index.core.data import read_data
from index.core.numerals import (
    FULLWIDTH_DIGITS,
    NUMBER_PATTERN,
    format_number,
    parse_number,
    parse_percent,
)

KINDS = ("frequency", "ratio", "count", "duration", "deadline", "date", "amount")
N = NUMBER_PATTERN


@dataclass
class Requirement:
    """A number with what it constrains, as written in one clause.

    Frequencies are normalised to times per year in `value` (unit "次/年") so that
    每两个月至少举行1次 (6.0) and 每年不少于6次 compare; `times` and `period` keep
    what was written. A range (专职副主席1-2名) is `value`..`value_max`. `scope` is
    who holds the quota (各乡镇人大 in 各乡镇人大配备专职主席1名); `anchor` is the
    event a deadline counts from or to (会议举行 in 会议举行七日前). Deadlines: "N日前"
    is ≥ N days before the anchor, "N日内" is ≤ N days after it. Dates: `value` is
    the month of the year (12 for 年底前).
    """

    kind: str
    value: float | None
    value_max: float | None = None
    unit: str = ""
    comparator: str = "="  # ≥ ≤ > < = ≈
    subject: str = ""
    text: str = ""
    clause_id: str = ""
    scope: str = ""
    period: str = ""  # as written: "2个月", "年", "届"
    times: float | None = None
    anchor: str = ""

    def label(self) -> str:
        """A short human reading: "≥6次/年 (每2个月1次)"."""
        value = "" if self.value is None else format_number(self.value)
        if self.value_max is not None:
            value += f"–{format_number(self.value_max)}"
        extra = f" (每{self.period}{format_number(self.times)}次)" if self.times is not None else ""
        return f"{self.comparator}{value}{self.unit}{extra}"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Requirement:
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


# ---- comparators -------------------------------------------------------------------
# Words before the number, then words after it; the first that matches decides.
COMPARATOR_BEFORE = (
    (re.compile(r"(至少|不少于|不得少于|不低于|不得低于|最少|达到|达|占到)$"), "≥"),
    (re.compile(r"(不超过|不得超过|不能超过|不应超过|不宜超过|不多于|最多|至多|不高于|最高不超过|控制在)$"), "≤"),
    (re.compile(r"(超过|多于|高于|过)$"), ">"),
    (re.compile(r"(少于|低于|不足|不到|未满)$"), "<"),
    (re.compile(r"(约|大约|大概)$"), "≈"),
)
COMPARATOR_AFTER = (
    (re.compile(r"^(以上|及以上|或以上)"), "≥"),
    (re.compile(r"^(以下|以内|及以下)"), "≤"),
    (re.compile(r"^(左右|上下)"), "≈"),
)
COMPARATOR_WORDS = re.compile(
    r"(至少|不少于|不得少于|不低于|不得低于|最少|不超过|不得超过|不能超过|不多于|最多|至多|一般)"
)


def _comparator(before: str, after: str, default: str = "=") -> str:
    for pattern, symbol in COMPARATOR_AFTER:
        if pattern.search(after):
            return symbol
    for pattern, symbol in COMPARATOR_BEFORE:
        if pattern.search(before):
            return symbol
    return default


# ---- noise: numbers that are not requirements ---------------------------------------
CN = "零〇○一二三四五六七八九十百千两"
NOISE_PATTERNS = (
    re.compile(r"《[^》]{0,80}》"),  # titles: 《……十二五规划》
    re.compile(rf"“[^”]{{0,16}}[0-9{CN}][^”]{{0,16}}”"),  # slogans: “一年三问”, “六个一”
    re.compile(r"[〔\[［【(（]\s*[0-9]{4}\s*[〕\]］】)）]\s*[0-9]+\s*号"),  # 文号 〔2024〕5号
    re.compile(r"[0-9]{2,4}\s*[-./]\s*[0-9]{1,2}\s*[-./]\s*[0-9]{1,2}"),  # 2024-02-14
    re.compile(r"[0-9]{4}\s*年(?:\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*[日号])?)?(?:底|末|初|以来|起)?"),
    re.compile(r"[〇○零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月(?:[一二三四五六七八九十]{1,3}日)?)?"),
    re.compile(r"[0-9]{1,2}月[0-9]{1,2}[日号](?!前|以前|之前)"),
    re.compile(rf"第[0-9{CN}]+[条章节款项次届个批号部期轮名]"),  # 第十二条, 第一次, 第十六届
    re.compile(rf"[{CN}]{{1,3}}届(?:[{CN}]{{1,2}}中全会|[{CN}]+次|党代会|人大)"),
    re.compile(rf"[{CN}]{{1,2}}中全会|[{CN}]中(?=、)"),  # 三中全会, 四中、五中全会
    re.compile(rf"(?<![{CN}])[{CN}]{{1,3}}大(?=精神|以来|以后|和|、|报告|关于|提出|召开|强调|明确|指出|要求|的|，|,)"),
    re.compile(rf"[0-9{CN}]+次党代会"),
    re.compile(rf"[（(][0-9{CN}]{{1,3}}[）)]"),  # inline item numbers (2)
    re.compile(r"(?<![0-9.\-])[0-9]{1,2}[)）](?![0-9])"),  # 1) 2）
    re.compile(rf"(?m)^\s*[0-9{CN}]{{1,3}}\s*[、.．](?![0-9])"),  # line-initial 一、 1.
    re.compile(r"[0-9]{5,}"),  # phone numbers, ids, postcodes
)
MASK = "\u3000"  # same length as what it hides, so spans still point into the text


def _mask_noise(text: str) -> str:
    for pattern in NOISE_PATTERNS:
        text = pattern.sub(lambda m: MASK * len(m.group()), text)
    return text


# ---- subjects -------------------------------------------------------------------------
SENTENCE_SPLIT = re.compile(r"[。；;！!？?\n]")
SEGMENT_BOUNDARY = re.compile(r"[，,：:（(）)]|\u3000")
# Modal words end a subject (专职组成人员|应占到…);
# lookarounds skip words that merely contain them (许可证, 主要, 理由).
MODALS = re.compile(
    r"((?<![自理缘])由(?!于)|应当|应该|(?<![反适相对响供效])应|(?<![主重需纪摘提必首简])要(?![求点素件])|须|必须|需要|需|"
    r"可以|(?<![不认许])可(?![能行靠观贵])|一般|原则上|不得|不能|按规定|按照规定|确保|保证|每年|每届|至少)"
)
HOLDER_VERBS = re.compile(
    r"(配备|配齐|配置|设立|增设|可设|设置|设|聘请|任命|选派|推选|选择|确定|安排|组织|邀请|保持|增加)"
)
LEADING_JUNK = re.compile(
    r"^(每年|每届|每个|每一|每人|每次|其中|同时|进一步|另外|此外|必须|请|经过|获得|分别|其(?![他它余中])|并|且|和|及|与|对|在|由|将|把|、|的|各|每|从|于|按|以|经|须)+"
)
TRAILING_JUNK = re.compile(
    r"(的比例|比例|的名额|名额|每次|每年|最高|最低|或者|或|的|之|各|要|应|一般|均|都|也|还|按|占到|占|达到|达|中|内|里|为|有|共|总数|数量)+$"
)
NARRATIVE = re.compile(r"(了|已经|已|先后|累计|截至|以来|目前|均按|曾|连续|总共|共(?![同享建治识产青])|如果|只有)")
# Modal cues, with the words that merely contain them (主要, 建设, 可能 …) left out.
NORMATIVE = re.compile(
    r"((?<![反适相对响供效])应|(?<![主重需纪摘提必首简])要(?![求点素件])|须|需|(?<![不认许])可(?![能行靠观贵])|"
    r"配备|配齐|(?<![建假预陈铺敷])设(?![施计想备])|不得|不能|至少|不少于|以上|以下|以内|不超过|左右|每|确保|保证|"
    r"一般|原则上|选择|达到|组成|名额|处[^，。；]{0,16}罚款|罚款|限期)"
)
RIGHT_NP = re.compile(
    r"^(?:的)?(?![、(（])([\u4e00-\u9fff“”、()（）]{1,20}?)"
    r"(?=[，,。；;：:]|、?[0-9零〇一二两三四五六七八九十]+[名人个件项]|和|及|与|或|并|开展|进行|参加|负责|担任|到|在|向|对|为|组成|实施|进站|$)"
)
VERB_PREFIX = re.compile(r"^(召开|举行|组织开展|组织|开展|进行|安排|参加|听取|审议|接待|公开)+")
# The event is what follows the last of these: 围绕常委会中心工作召开|专题座谈会.
LAST_EVENT_VERB = re.compile(r"^.*(召开|举行|开展|进行|安排|参加|听取)")
GENERIC_EVENTS = {"会议", "会", "活动", "工作", ""}


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", "", phrase.replace(MASK, "")).strip("、，,：:")
    for _ in range(3):
        phrase = LEADING_JUNK.sub("", phrase)
        phrase = TRAILING_JUNK.sub("", phrase)
    return phrase.strip(" 、")


def _left_context(sentence: str, start: int, floor: int) -> str:
    left = sentence[floor:start]
    cut = max((m.end() for m in SEGMENT_BOUNDARY.finditer(left)), default=0)
    return left[cut:]


def _before_modal(left: str) -> str:
    while (lead := MODALS.match(left)) and lead.end() < len(left):  # 应当由专有部分面积…: skip leading modals
        left = left[lead.end():]
    match = MODALS.search(left)
    return _clean(left[: match.start()] if match and match.start() > 0 else left)


def _left_phrase(sentence: str, start: int, floor: int) -> str:
    """The subject before a number; when the number opens its segment (每年不少于10课时), the one before."""
    parts = SEGMENT_BOUNDARY.split(sentence[floor:start])
    current = _before_modal(parts[-1])
    if len(current) < 2 and len(parts) > 1:
        return _before_modal(parts[-2])
    return current


def _right_np(rest: str) -> str:
    match = RIGHT_NP.match(rest)
    return _clean(match[1]) if match else ""


# ---- matchers -----------------------------------------------------------------------
PERIODS_PER_YEAR = {
    "年": 1, "年度": 1, "月": 12, "季度": 4, "季": 4, "半年": 2, "周": 52, "星期": 52,
    "旬": 36, "天": 365, "日": 365, "届": 0.2, "届任期": 0.2, "届任期内": 0.2,  # a term is five years
}
NUMBER_START = r"(?<![0-9.每零〇○一二三四五六七八九十百千万两])"  # never inside a number: 每五千人 is not 千人
COMPARE_PREFIX = NUMBER_START + (
    r"(?P<pre>至少|不少于|不得少于|不能少于|不应少于|不能超过|不应超过|不宜超过|不能低于|不超过|不得超过|不多于"
    r"|最多|至多|超过|达到|占到|约|不低于|不得低于|低于|少于|不足)?"
)
UNIT_COUNT = r"名|人|个|件|项|位|家|户|席|所"


@dataclass(frozen=True)
class Rule:
    """One phrasing: its pattern and how a match becomes a Requirement."""

    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], str, int], Requirement | None]


def _frequency(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    group = match.groupdict()  # the bare-period rule (每季度公示…) has no gap, count or post
    per, every = group["per"], parse_number(group["pn"]) if group["pn"] else 1.0
    times = parse_number(group["n"]) if group.get("n") else 1.0
    if not times or not every:
        return None
    gap = group.get("gap") or ""
    comparator = _comparator(group["pre"] or "", group.get("post") or "", "=")
    found = COMPARATOR_WORDS.search(gap)
    if found and comparator == "=":
        comparator = _comparator(found[1], "", "=")  # 每年集中学习不少于2次: the word sits in the gap
    # What is held so often: the event after 次 (召开一次人大工作联席会议), else the words in the gap
    # (集中学习不少于2次), else the actor before 每 (县人大常委会会议每两个月…); a bare 会议 keeps its actor.
    actor = _before_modal(_left_context(sentence, match.start(), floor))
    event = _right_np(sentence[match.end():]) or _clean(COMPARATOR_WORDS.sub("", gap))
    event = VERB_PREFIX.sub("", event)
    last_verb = LAST_EVENT_VERB.match(event)
    if last_verb and _clean(event[last_verb.end():]):
        event = _clean(event[last_verb.end():])
    if event in GENERIC_EVENTS or actor.endswith(event):
        subject = actor if actor.endswith(event) else actor + event
    else:
        subject = event
    if not subject:  # 常务委员会会议由主任召集并主持，每两个月至少举行一次
        subject = _left_phrase(sentence, match.start(), floor)
    period = f"{format_number(every)}{'个' if per == '月' else ''}{per}" if group["pn"] else per
    return Requirement(
        "frequency", times * PERIODS_PER_YEAR[per] / every, unit="次/年", comparator=comparator,
        subject=_clean(subject), period=period, times=times,
    )


def _fixed_day(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    per = match["per"]
    actor = _before_modal(_left_context(sentence, match.start(), floor))
    day = match["day"] if match["day"][-1] in "日号" else per + match["day"]  # 每周二 → 周二
    return Requirement("frequency", float(PERIODS_PER_YEAR[per]), unit="次/年", subject=actor,
                       period=per, times=1.0, anchor=day)


def _ratio(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    value = parse_percent(match["num"])
    if value is None or value > 1000:
        return None
    raw = match["num"]
    comparator = ">" if raw.startswith("过") else _comparator(match["pre"] or "", match["post"] or "", "=")
    left = _left_context(sentence, match.start(), floor)
    if NARRATIVE.search(left):
        return None
    relation = RATIO_RELATION.search(left)
    if relation and comparator == "=":
        comparator = _comparator(relation[1], "", "=")
    if relation:  # 业主人数不低于筹备组总人数的百分之五十: the subject precedes the relation word
        subject = _before_modal(left[: relation.start()])
    else:
        subject = _left_phrase(sentence, match.start(), floor)
    if not subject or HOLDER_VERBS.search(subject[-4:]):
        subject = _right_np(sentence[match.end():].lstrip("的")) or subject
    value_max = parse_percent(match["num2"]) if match["num2"] else None
    return Requirement("ratio", value, value_max, unit="%", comparator=comparator, subject=subject)


def _count(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    value = parse_number(match["num"])
    value_max = parse_number(match["num2"]) if match["num2"] else None
    if value is None or (value_max is not None and value_max < value):
        return None
    pre, post = match["pre"] or "", match["post"] or ""
    # 一个/一项 is mostly an article ("一个重要途径"), not a quota.
    if match["num"] == "一" and match["unit"] in "个项件位家所" and not (pre or post):
        return None
    segment = _left_context(sentence, match.start(), floor)
    if _is_narrative(segment, sentence[match.end():]) or not NORMATIVE.search(_cue_window(sentence, match)):
        return None
    if re.search(r"[这那该此]$", segment):  # 这两个栏目: a reference, not a quota
        return None
    rest = sentence[match.end():]
    right = "" if RIGHT_ACTIONS.match(rest) else _right_np(rest)  # 代表十人以上联名: the 代表 count
    holder = HOLDER_VERBS.search(segment)
    if right:
        subject, scope = right, segment
        scope = segment[: holder.start()] if holder else segment
    elif holder:
        subject, scope = segment[holder.end():], segment[: holder.start()]
    else:
        subject, scope = segment, ""
    if floor and not holder and not SEGMENT_BOUNDARY.search(sentence[floor: match.start()]):
        scope = ""  # the next item of a list (主任1名、副主任1名): _extract gives it the first one's scope
    if "由" in scope and "组成" in sentence[match.end(): match.end() + 6]:
        holder_name = scope.split("由")[0]  # 县人大常委会由11至23人组成: the body's membership
        subject, scope = holder_name if holder_name.endswith("组成人员") else holder_name + "组成人员", ""
    comparator = _comparator(pre, post, "=")
    return Requirement("count", value, value_max, unit=match["unit"], comparator=comparator,
                       subject=_before_modal(subject) or _clean(subject), scope=_before_modal(scope))


def _is_narrative(left: str, rest: str) -> bool:
    """A report of what was done (交流干部3名, 开展了询问), judged on the number's whole segment."""
    boundary = SEGMENT_BOUNDARY.search(rest)
    return bool(NARRATIVE.search(left + rest[: boundary.start() if boundary else len(rest)]))


def _near_comparator(left: str) -> str:
    """A comparator a verb away from the number: 至少保存四年."""
    found = re.search(r"(至少|不少于|不得少于|不超过|不得超过|最多|最长|最短)[\u4e00-\u9fff]{1,3}$", left)
    return {"最长": "不超过", "最短": "至少"}.get(found[1], found[1]) if found else ""


def _cue_window(sentence: str, match: re.Match[str]) -> str:
    """The number's segment and the one before it: 配备主任1名、副主任1名，工作人员一名."""
    starts = [m.end() for m in SEGMENT_BOUNDARY.finditer(sentence, 0, match.start())]
    start = starts[-2] if len(starts) >= 2 else 0
    return sentence[start: match.end() + 12]


def _duration(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    value = parse_number(match["num"]) if match["num"] != "半" else 0.5
    value_max = parse_number(match["num2"]) if match["num2"] else None
    if value is None:
        return None
    left = _left_context(sentence, match.start(), floor)
    pre, post, tail = match["pre"] or "", match["post"] or "", match["tail"] or ""
    unit = match["unit"].lstrip("个")
    per = re.search(r"每(年|月|季度|周|届|次|人)", left)
    if tail:  # N日内 / N日前: a deadline relative to an event
        head = DEADLINE_LEAD.search(left)
        anchor = _clean(left[head.end():] if head else left)
        subject = _clean(left[: head.start()]) if head else ""
        if not subject:  # 应当在会议举行七日前: the actor is in the segment before
            subject = _left_phrase(sentence, match.start() - len(left), floor)
        return Requirement("deadline", value, value_max, unit=unit, comparator="≥" if "前" in tail else "≤",
                           subject=_before_modal(subject) or subject, anchor=anchor)
    if not (pre or post or re.search(r"(会期|期限|为期|时间|时长|每次|保存)$", left)):
        return None
    comparator = "=" if value_max is not None else _comparator(pre or _near_comparator(left), post, "=")
    return Requirement("duration", value, value_max, unit=unit, comparator=comparator,
                       subject=_left_phrase(sentence, match.start(), floor), period=per[1] if per else "")


def _date(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    when = match["when"]
    month = {"年底": 12, "年末": 12, "年度末": 12, "年初": 1, "年中": 6, "上半年": 6, "下半年": 12}.get(when)
    if month is None:
        month = parse_number(match["m"]) if match["m"] else None
    if month is None or not 1 <= month <= 12:
        return None
    if not (match["tail"] or match["every"]):
        return None
    left = _left_context(sentence, match.start(), floor)
    return Requirement("date", month, unit="月", comparator="≤" if match["tail"] else "=",
                       subject=_before_modal(left) or _right_np(sentence[match.end():]),
                       period="年" if match["every"] else "", anchor=match["day"] or "")


def _term_end(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    left = _left_context(sentence, match.start(), floor)
    head = DEADLINE_LEAD.search(left)
    subject = _before_modal(left[: head.start()] if head else left)
    return Requirement("deadline", 0.0, unit="日", comparator="≥", subject=subject, anchor=match["event"])


def _amount(match: re.Match[str], sentence: str, floor: int) -> Requirement | None:
    scale = {"万元": 10_000, "元": 1, "千元": 1000, "亿元": 100_000_000}
    value = parse_number(match["num"])
    value_max = parse_number(match["num2"]) if match["num2"] else None
    if value is None:
        return None
    left = _left_context(sentence, match.start(), floor)
    if _is_narrative(left, sentence[match.end():]) or not NORMATIVE.search(_cue_window(sentence, match)):
        return None
    factor = scale[match["unit"]]
    pre, post = match["pre"] or "", match["post"] or ""
    after = sentence[match.end(): match.end() + 6]
    subject = "罚款" if "罚款" in after else _left_phrase(sentence, match.start(), floor)
    # The offence a fine is for is the conditional clause before it: 随地吐痰的，…处五十元以上二百元以下罚款
    offence = [_clean(part) for part in SEGMENT_BOUNDARY.split(sentence[: match.start()]) if part.endswith("的")]
    return Requirement("amount", value * factor, value_max * factor if value_max is not None else None, unit="元",
                       comparator="=" if value_max is not None else _comparator(pre, post, "="),
                       subject=subject, scope=offence[-1] if offence else "",
                       period="年" if "每年" in left else "")


RATIO = rf"百分之{N}|{N}\s*[%％]|{N}分之{N}|[0-9]{{1,2}}\s*/\s*[0-9]{{1,3}}(?![0-9/])|过半数|半数|一半"
RATIO_RELATION = re.compile(
    r"(不得低于|不低于|不少于|不得少于|达到|占到|占|不得超过|不超过|超过|高于|低于|少于)[^，。；,]{0,20}的?$"
)
DEADLINE_LEAD = re.compile(r"(应当于|应当在|应当自|应当|应|须|于|在|自)")
RIGHT_ACTIONS = re.compile(r"^(?:书面)?(?:联名|提议|提出|同意|出席|签名|以上|的?单数)")
PERIOD = r"(?P<per>年度|年|月|季度|季|半年|周|星期|旬|届任期内|届任期|届)"
RULES = (
    Rule("frequency", re.compile(
        # 每两个月至少一次; 一年至少两次 says the same (not 一年来, 一年多: a span looked back on, and
        # not 一月, which is January).
        rf"{COMPARE_PREFIX}(?:每(?:一)?(?P<pn>{N})?个?|(?<![0-9{CN}第统唯单同逐划之万任专其])一(?=(?:年|季度|周)(?!来|以来|多|半)))"
        rf"{PERIOD}(?:内|中)?"
        rf"(?P<gap>[^，。；;：:\n每次]{{0,24}}?)(?P<n>{N})(?:个)?次(?P<post>左右|以上)?"), _frequency),
    Rule("fixed_day", re.compile(
        rf"每(?P<per>月|周|星期)(?P<day>(?:{N})[日号]|[一二三四五六日天](?![次个名人]))"), _fixed_day),
    # 每季度公示… / 每半年向…报告: once a period; 每年 alone is left out, as it mostly introduces a quota.
    Rule("bare_period", re.compile(
        rf"{COMPARE_PREFIX}每(?P<pn>{N})?个?(?P<per>月|季度|季|半年|周|星期|旬)(?![^，。；;\n]{{0,30}}次)"),
        _frequency),
    Rule("date", re.compile(
        rf"(?P<every>每年)?(?P<when>年底|年末|年初|年中|上半年|下半年|年度末|(?<![0-9{CN}个])(?P<m>{N})月(?:份|底|末)?)"
        rf"(?P<day>(?:{N})日)?(?P<tail>前|以前|之前)?"), _date),
    Rule("term_end", re.compile(r"(?P<event>任期届满|届满|换届)(?:前|之前|以前)"), _term_end),
    Rule("ratio", re.compile(
        rf"{COMPARE_PREFIX}(?P<num>{RATIO})(?:(?:至|到|-|～|~)(?P<num2>{RATIO}))?"
        r"(?P<post>以上|及以上|以下|以内|左右)?"), _ratio),
    Rule("duration", re.compile(
        rf"{COMPARE_PREFIX}(?P<num>{N}|半)(?:(?:至|到|-|－|~|～)(?P<num2>{N}))?"
        r"(?P<unit>个工作日|工作日|个月|个小时|小时|分钟|课时|学时|天|日|个星期|星期|周|年)"
        r"(?P<post>以上|以下|左右)?(?P<tail>以内|之内|内|之前|以前|前)?"), _duration),
    Rule("amount", re.compile(
        rf"{COMPARE_PREFIX}(?P<num>{N})(?:元?(?:以上|至|到|-|～|~)(?P<num2>{N}))?(?P<unit>万元|千元|亿元|元)"
        r"(?P<post>以上|以下|以内|左右)?"), _amount),
    Rule("count", re.compile(
        rf"{COMPARE_PREFIX}(?P<num>{N})(?:(?:{UNIT_COUNT})?(?:至|到|-|－|—|~|～|或)(?P<num2>{N}))?"
        rf"(?P<unit>{UNIT_COUNT})(?!月|工作日|小时|季度|星期|年|次|元)(?P<post>以上|以下|以内|左右|及以上)?"), _count),
)


def extract_requirements(text: str, clause_id: str = "") -> list[Requirement]:
    """Every numeric requirement in `text`, in order; never raises."""
    try:
        return _extract(text, clause_id)
    except Exception:  # noqa: BLE001 - a parsing rule must never stop indexing
        return []


def _extract(text: str, clause_id: str) -> list[Requirement]:
    if not isinstance(text, str) or not text:
        return []
    masked = _mask_noise(text.translate(FULLWIDTH_DIGITS))
    found: list[tuple[int, Requirement]] = []
    offset = 0
    for sentence in SENTENCE_SPLIT.split(masked):
        taken: list[tuple[int, int]] = []
        scopes: dict[int, str] = {}  # count start → scope, to hand a list's scope on
        for rule in RULES:
            for match in rule.pattern.finditer(sentence):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                floor = max((b for a, b in taken if b <= start), default=0)
                requirement = rule.build(match, sentence, floor)
                if requirement is None:
                    continue
                taken.append((start, end))
                if requirement.kind == "count":
                    earlier = [scopes[k] for k in sorted(scopes) if k < start]
                    if not requirement.scope and earlier and floor:
                        requirement.scope = earlier[-1]
                    scopes[start] = requirement.scope
                requirement.text = text[offset + start: offset + end].strip()
                requirement.clause_id = clause_id
                found.append((offset + start, requirement))
        offset += len(sentence) + 1
    return [requirement for _, requirement in sorted(found, key=lambda pair: pair[0])]


# ---- subject alignment ----------------------------------------------------------------
# Organ names in one spelling, so 人大常委会 ≈ 常委会 ≈ 常务委员会 (longest first).
ORGAN_ALIASES = (
    (re.compile(r"人民代表大会常务委员会|人大常务委员会|人大常委会|常务委员会"), "常委会"),
    (re.compile(r"人民代表大会|人代会"), "人大"),
    (re.compile(r"乡、民族乡、镇|乡、镇|乡镇\(街道\)"), "乡镇"),
)
ORGANS = r"(?:人大|常委会|主席团|人民政府|政府|代表|专门委员会|党委)"
LEVEL_PREFIX = re.compile(
    rf"^(?:县级以上的?地方各级|地方各级|县级以上|各级|本级|同级|全省|全市|全县|全区|各|本|"
    rf"省|自治区|直辖市|设区的市|自治州|市|州|县|区|旗|乡镇|乡|镇|街道|县乡两级|区县|县市区)+(?={ORGANS})"
)
ORGAN_PREFIX = re.compile(r"^(?:人大|常委会)+")
# Remainders too generic to stand alone: 常委会会议 must not become 会议.
GENERIC_REMAINDERS = {
    "会议", "会期", "会议会期", "主任", "副主任", "主任会议", "秘书长", "委员", "主席团", "代表", "组成人员",
}
SUBJECT_NOISE = re.compile(r"[（(][^）)]{0,10}[）)]|正式|的比例$|比例$|\s+")


def normalize_subject(subject: str) -> str:
    """A comparable key for a subject: 县人大常委会专职组成人员的比例 → 专职组成人员."""
    key = SUBJECT_NOISE.sub("", subject or "")
    for pattern, canonical in ORGAN_ALIASES:
        key = pattern.sub(canonical, key)
    key = LEVEL_PREFIX.sub("", key)
    rest = ORGAN_PREFIX.sub("", key)
    if rest and rest not in GENERIC_REMAINDERS:
        key = rest
    return key


def requirement_key(requirement: Requirement) -> str:
    """kind + normalised subject: the row of the cross-region comparison table."""
    return f"{requirement.kind}:{normalize_subject(requirement.subject)}"


# ---- statutory floors --------------------------------------------------------------------
@dataclass(frozen=True)
class Floor:
    """A bound set by national law that local documents may tighten but not loosen.

    `comparator` "≥" is a minimum (meetings at least every two months), "≤" a maximum
    (a reply within three months); `key` is a requirement_key.
    """

    key: str
    comparator: str
    value: float
    unit: str
    statement: str
    source: str
    levels: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Floor:
        return cls(data["key"], data["comparator"], float(data["value"]), data["unit"],
                   data["statement"], data["source"], tuple(data.get("levels", ())))


# Units that compare after scaling (a deadline of 3个月 against one of 90日).
UNIT_SCALE = {"日": 1, "天": 1, "工作日": 1, "周": 7, "星期": 7, "月": 30, "年": 365}


@cache
def load_floors() -> tuple[Floor, ...]:
    """The floors shipped in index/data/statutory_floors.toml (package data, read once)."""
    return tuple(Floor.from_dict(item) for item in read_data("statutory_floors.toml").get("floor", []))


def _scaled(value: float, unit: str) -> float | None:
    return value * UNIT_SCALE[unit] if unit in UNIT_SCALE else None


def check_floor(requirement: Requirement, floors: tuple[Floor, ...] | None = None) -> Floor | None:
    """The statutory floor `requirement` falls short of (or the cap it exceeds), else None."""
    key = requirement_key(requirement)
    for floor in load_floors() if floors is None else floors:
        if floor.key != key or requirement.value is None:
            continue
        if floor.unit == requirement.unit:
            low, high, bound = requirement.value, requirement.value_max or requirement.value, floor.value
        else:
            low, bound = _scaled(requirement.value, requirement.unit), _scaled(floor.value, floor.unit)
            high = _scaled(requirement.value_max or requirement.value, requirement.unit)
            if low is None or bound is None or high is None:
                continue
        # A minimum is broken by a lower promise (每三个月至少一次 against every two months);
        # a maximum by a range or promise reaching above it (副主席1-3名 against at most two).
        if floor.comparator in ("≥", ">") and low < bound:
            return floor
        if floor.comparator in ("≤", "<") and high > bound:
            return floor
    return None
