"""dedupe.py: the threshold, tuned on corpus-extra — reposts merge, versions and other cities do not."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.dedupe import (
    DUPLICATE_THRESHOLD,
    DuplicateIndex,
    are_versions,
    latest_date,
    make_minhash,
    minhash_from_bytes,
    minhash_to_bytes,
    shingles,
)

EXTRA = Path(__file__).resolve().parent / "sources" / "corpus-extra"


def body(name: str) -> str:
    lines = (EXTRA / name).read_text(encoding="utf-8-sig").split("\n")[1:]
    if lines and lines[0].startswith("("):
        lines = lines[1:]
    return "\n".join(line for line in lines if "INFO END" not in line and not line.startswith("# "))


# The same regulation taken from two different sources (formatting and header lines differ).
SAME = [
    ("city-regulations/东莞市文明行为促进条例_东莞市人民代表大会常务委员会_2023-02-23.txt", "local-rules/广东_东莞市文明行为促进条例(2023-02-23).txt"),
    ("city-regulations/江门市文明行为促进条例_江门市人民代表大会常务委员会_2021-04-06.txt", "local-rules/广东_江门市文明行为促进条例(2021-04-06).txt"),
    ("city-regulations/济南市文明行为促进条例_济南市人民代表大会常务委员会_2019-02-12.txt", "local-rules/山东_济南市文明行为促进条例(2019-02-12).txt"),
]
# Two versions of one regulation: near-identical text, a later amendment date.
VERSIONS = [
    ("city-regulations/唐山市文明行为促进条例_唐山市人民代表大会常务委员会_2019-07-25.txt", "city-regulations/唐山市文明行为促进条例_唐山市人民代表大会常务委员会_2021-04-06.txt"),
    ("city-regulations/淮北市文明行为促进条例_淮北市人民代表大会常务委员会_2019-12-23.txt", "city-regulations/淮北市文明行为促进条例_淮北市人民代表大会常务委员会_2020-10-19.txt"),
    ("city-regulations/商丘市文明行为促进条例_商丘市人民代表大会常务委员会_2019-11-13.txt", "city-regulations/商丘市文明行为促进条例_商丘市人民代表大会常务委员会_2022-11-15.txt"),
]
# Different cities' regulations written from one model text.
DIFFERENT = [
    ("city-regulations/佛山市文明行为促进条例_佛山市人民代表大会常务委员会_2022-01-27.txt", "city-regulations/大庆市文明行为促进条例_大庆市人民代表大会常务委员会_2023-05-10.txt"),
    ("city-regulations/长沙市文明行为促进条例_长沙市人民代表大会_2019-04-03.txt", "city-regulations/长沙市文明行为促进条例_长沙市人民代表大会常务委员会_2021-10-20.txt"),
    ("local-rules/北京_北京市预算审查监督条例(2016-12-29).txt", "local-rules/北京_北京市预算监督条例.txt"),
]


def index_with(name: str) -> DuplicateIndex:
    index = DuplicateIndex()
    text = body(name)
    index.add("a", make_minhash(text), latest_date(text))
    return index


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_document_from_two_sources_is_a_duplicate(a: str, b: str) -> None:
    text = body(b)
    assert index_with(a).find_duplicate(make_minhash(text), latest_date(text)) == "a"


@pytest.mark.parametrize(("a", "b"), VERSIONS)
def test_amended_versions_are_kept_apart(a: str, b: str) -> None:
    text = body(b)
    assert make_minhash(body(a)).jaccard(make_minhash(text)) >= DUPLICATE_THRESHOLD - 0.05  # similar text…
    assert are_versions(body(a), text)  # …but a later date
    assert index_with(a).find_duplicate(make_minhash(text), latest_date(text)) is None


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_documents_are_not_duplicates(a: str, b: str) -> None:
    text = body(b)
    assert index_with(a).find_duplicate(make_minhash(text), latest_date(text)) is None


def test_repost_with_another_shell_line_is_a_duplicate() -> None:
    text = body("local-rules/北京_北京市人大常委会组成人员守则.txt")
    repost = "来源：北京市人大常委会办公厅\n编辑：张三\n" + text.replace("，", ",").replace("\n", "\n\n")
    index = DuplicateIndex()
    index.add("a", make_minhash(text), latest_date(text))
    assert index.find_duplicate(make_minhash(repost), latest_date(repost)) == "a"
    assert index.find_duplicate(make_minhash(repost), latest_date(repost), exclude="a") is None


def test_signature_round_trip_and_remove() -> None:
    minhash = make_minhash("关于加强和改进人大工作的实施意见" * 10)
    again = minhash_from_bytes(minhash_to_bytes(minhash))
    assert again.jaccard(minhash) == 1.0
    index = DuplicateIndex()
    index.add("a", again)
    assert "a" in index
    index.remove("a")
    assert "a" not in index and index.find_duplicate(minhash) is None


def test_shingles_ignore_spacing_and_punctuation() -> None:
    assert shingles("第一条　为了，规范") == shingles("第一条为了规范")
    assert shingles("") == set() and shingles("人大") == {"人大"}
    assert latest_date("2019年7月25日通过 2021年4月6日修正") == "2021-04-06"
