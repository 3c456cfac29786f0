"""Text normalisation for matching: an explicit full-width → half-width table (not NFKC, which
turns ① into 1), one character to one, so offsets in normalised text slice the original."""

from __future__ import annotations

import re

# Full-width forms that documents use interchangeably with ASCII. Every entry maps one
# character to one character so a match position in normalised text slices the original.
WIDTH_TABLE: dict[str, str] = {
    "（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "．": ".", "！": "!", "？": "?",
    "［": "[", "］": "]", "｛": "{", "｝": "}", "＜": "<", "＞": ">", "－": "-", "—": "-",
    "／": "/", "％": "%", "＋": "+", "＝": "=", "＂": '"', "＇": "'", "＃": "#", "＊": "*",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u200b": " ", "\ufeff": " ",
    "\t": " ",
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # ０-９
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},  # Ａ-Ｚ
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},  # ａ-ｚ
}
_TRANSLATION = str.maketrans(WIDTH_TABLE)

_CJK = "\u4e00-\u9fff"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def normalize_text(text: str) -> str:
    """Map full-width brackets, colons, digits and punctuation to ASCII; same length."""
    return text.translate(_TRANSLATION)


def collapse_cjk_spaces(text: str) -> str:
    """`总    则` → `总则`: padding inside headings is layout, not content."""
    return _SPACE_BETWEEN_CJK.sub("", text.strip())


# Characters that are a number in a circle, in brackets or with a stop: ①-⑳, ⑴-⒇, ⒈-⒛, ㈠-㈩.
NUMBER_CHARACTERS = (("①", "⑳"), ("⑴", "⒇"), ("⒈", "⒛"), ("㈠", "㈩"))
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(token: str) -> int | None:
    """`十二` → 12, `一百零三` → 103, `12` → 12, `①` → 1, `⑵` → 2, `㈢` → 3; None if not a number."""
    if token.isascii() and token.isdigit():
        return int(token)
    if len(token) == 1:
        # Numbers as one character, as Word and older encodings write them: ① ⑴ ⒈ ㈠.
        for first, last in NUMBER_CHARACTERS:
            if first <= token <= last:
                return ord(token) - ord(first) + 1
    if len(token) == 1 and token.isascii() and token.isalpha():
        return ord(token.upper()) - ord("A") + 1
    total, digit = 0, None
    for char in token:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0)


def format_cn_number(number: int) -> str:
    """12 → 十二, 103 → 一百零三 (for 第十二条 paths); ASCII digits beyond 9999."""
    if number <= 0 or number > 9999:
        return str(number)
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, number = divmod(number, value)
        if d:
            if zero and parts:
                parts.append("零")
            parts.append(digits[d] + unit)
            zero = False
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


_INNER_TITLE_MARKS = str.maketrans({"《": "〈", "》": "〉"})


def book_title(title: str) -> str:
    """A title in book-title marks, the marks inside it made single (GB/T 15834):
    上海市实施《代表法》办法 → 《上海市实施〈代表法〉办法》."""
    return f"《{title.translate(_INNER_TITLE_MARKS)}》"
