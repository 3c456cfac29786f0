"""Chinese and Arabic numerals, fractions and percentages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.core.numerals import (
    format_number,
    parse_fraction,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二〇一七", 2017),
        ("十二", 12),
        ("两", 2),
        ("十", 10),
        ("二十三", 23),
        ("一百零五", 105),
        ("三万五千", 35000),
        ("一万", 10000),
        ("九十", 90),
        ("1.5", 1.5),
        ("１２", 12),
        ("30", 30),
        ("一百六十", 160),
        ("两千", 2000),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "十八大", "1/3", "第一"])
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三分之一", 100 / 3),
        ("1/3", 100 / 3),
        ("百分之六十", 60),
        ("60%", 60),
        ("３０％", 30),
        ("五分之一", 20),
        ("三分之二", 200 / 3),
        ("半数", 50),
        ("过半数", 50),
        ("万分之五", 0.05),
    ],
)
def test_parse_percent(text, value):
    assert parse_percent(text) == pytest.approx(value)


def test_fraction_and_format():
    assert parse_fraction("二分之一") == 0.5
    assert parse_fraction("1/0") is None
    assert format_number(60.0) == "60" and format_number(100 / 3) == "33.33"


@given(st.text(max_size=30))
def test_never_raises(text):
    parse_number(text)
    parse_percent(text)
