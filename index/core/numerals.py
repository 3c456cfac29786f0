"""Chinese and Arabic numerals, fractions and percentages to numbers.

Pure helpers for index.core.requirements: 二〇一七, 十二, 两, 三分之一, 1/3, 百分之六十, 60%.
"""

from __future__ import annotations

import re

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．／％", "0123456789./%")

# One number as written: Arabic (half/full width, with decimals) or Chinese.
NUMBER_PATTERN = r"(?:[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇○一二两三四五六七八九十百千万]+)"
_ARABIC = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_CHINESE = re.compile(r"^[零〇○一二两三四五六七八九十百千万亿]+$")
_FRACTION_CN = re.compile(rf"^({NUMBER_PATTERN})分之({NUMBER_PATTERN})$")
_FRACTION_SLASH = re.compile(r"^([0-9]+)\s*/\s*([0-9]+)$")
_PERCENT = re.compile(rf"^(?:百分之({NUMBER_PATTERN})|({NUMBER_PATTERN})\s*%)$")


def _parse_chinese(text: str) -> float | None:
    # Digit strings without units are read positionally (二〇一七 → 2017);
    # otherwise the usual unit grammar (十二 → 12, 二十 → 20, 一百零五 → 105).
    if not any(ch in SMALL_UNITS or ch in LARGE_UNITS for ch in text):
        if len(text) == 1:
            return float(DIGITS[text])
        return float("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:  # a large unit closes a section: 三万五千 = (3)*10000 + 5000
            section += digit or 0
            total += (section or 1) * LARGE_UNITS[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


def parse_number(text: str) -> float | None:
    """A cardinal number written in Arabic or Chinese digits; None when it is not one."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if not text:
        return None
    if _ARABIC.match(text):
        return float(text)
    if _CHINESE.match(text):
        try:
            return _parse_chinese(text)
        except (KeyError, ValueError):
            return None
    return None


def parse_fraction(text: str) -> float | None:
    """三分之一 / 1/3 → 0.333…; None when it is not a fraction."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    match = _FRACTION_CN.match(text)
    if match:
        denominator, numerator = parse_number(match[1]), parse_number(match[2])
    else:
        match = _FRACTION_SLASH.match(text)
        if not match:
            return None
        numerator, denominator = float(match[1]), float(match[2])
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def parse_percent(text: str) -> float | None:
    """百分之六十 / 60% / 三分之一 / 1/3 / 半数 → a percentage (60.0, 33.33…)."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if text in ("半数", "一半", "过半数", "半"):
        return 50.0
    match = _PERCENT.match(text)
    if match:
        return parse_number(match[1] or match[2])
    fraction = parse_fraction(text)
    return None if fraction is None else fraction * 100


def format_number(value: float) -> str:
    """60.0 → "60", 33.333… → "33.33": for keys and labels."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(value: int) -> str:
    """30 → 三十, 12 → 十二, 105 → 一百零五 (below 10,000)."""
    if value < 10:
        return _CN_DIGITS[value]
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10)):
        digit, value = divmod(value, size)
        if digit:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and digit == 1 and not out) else _CN_DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    if value:
        out += ("零" if zero else "") + _CN_DIGITS[value]
    return out
