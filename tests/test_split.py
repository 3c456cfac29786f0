"""split_documents: golden multi-document pages (as written and with punctuation width swapped), single-document pages stay whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden_util import CORPUS_EXTRA, GOLDEN, SEEDS, check_golden, swap_width
from hypothesis import given
from hypothesis import strategies as st

from crawler.ingest import documents_from_text
from crawler.split import split_documents
from index.core.text import normalize_text

pytest_plugins = ["golden_util"]

SPLIT_CASES = sorted(p for p in (GOLDEN / "split").iterdir() if (p / "input.txt").exists())


def summarize(text: str) -> list[dict[str, str]]:
    docs = documents_from_text(text, "golden")
    return [
        {
            "title": d.title, "issuer": d.issuer, "doc_number": d.doc_number, "published": d.published,
            "kind": d.kind, "region": d.region, "level": d.level,
            "first_body_line": d.body.split("\n")[0], "last_body_line": d.body.rstrip("\n").split("\n")[-1],
        }
        for d in docs
    ]


@pytest.mark.parametrize("case", SPLIT_CASES, ids=lambda p: p.name)
def test_split_golden(request: pytest.FixtureRequest, case: Path) -> None:
    text = (case / "input.txt").read_text("utf-8")
    check_golden(request, case, summarize(text))


@pytest.mark.parametrize("case", SPLIT_CASES, ids=lambda p: p.name)
def test_split_golden_width_swapped(case: Path) -> None:
    """The same page with （）：， and ():, swapped gives the same documents (up to width)."""
    import json

    expected = json.loads((case / "expected.json").read_text("utf-8"))
    actual = summarize(swap_width((case / "input.txt").read_text("utf-8")))

    def norm(rows: list[dict]) -> list[dict]:
        return [{k: normalize_text(v) for k, v in row.items()} for row in rows]

    assert norm(actual) == norm(expected)


def test_seed003_has_five_documents_in_order() -> None:
    parts = split_documents((SEEDS / "003_39d7ff3cb2a042fa.txt").read_text("utf-8"))
    assert len(parts) == 5
    assert "若干意见" in parts[0].split("\n")[2] or "若干意见" in parts[0].split("\n")[1]
    assert parts[1].startswith("中共温州市委关于加强市委自身建设的若干意见")
    assert "——在省委人大工作经验交流会上的发言" in parts[2]
    assert parts[3].startswith("中共温州市委组织部")
    assert parts[4].startswith("中共广州市委关于进一步加强人大工作的意见")
    # Nothing lost at the seams: each signature stays with its own document.
    assert parts[0].rstrip().endswith("2024年11月19日")
    assert parts[3].rstrip().endswith("2024年5月4日")


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_single_document_seeds_stay_whole(seed: str) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    assert len(split_documents(path.read_text("utf-8"))) == 1


def _extra_texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPUS_EXTRA.glob("*/*.txt")):
        lines = path.read_text("utf-8-sig").split("\n")
        skip = 2 if lines[1:2] and lines[1].startswith("(docx export") else 1
        out.append((path.name, "\n".join(lines[skip:])))
    return out


def test_every_corpus_extra_file_is_one_document() -> None:
    texts = _extra_texts()
    assert len(texts) == 362
    multi = [name for name, text in texts if len(split_documents(text)) != 1]
    assert multi == []


def test_cover_notes_before_a_regulation_do_not_split_it() -> None:
    # 备案报告 + 公告 + 批准通知, each signed, then the regulation: one document.
    path = next(CORPUS_EXTRA.glob("city-regulations/泰州市文明行为条例_*.txt"))
    assert len(split_documents(path.read_text("utf-8-sig").split("\n", 2)[2])) == 1


def _notice(title: str, n: int, signer: str, date: str) -> str:
    body = "\n".join(
        f"{i}、各单位要按照本通知的要求认真组织实施第{n}项工作，确保各项任务按期完成并及时报送落实情况。"
        for i in range(1, 6)
    )
    return f"{title}\n各乡镇人大主席团：\n{body}\n{signer}\n{date}\n"


@pytest.mark.parametrize("colon", [":", "："])
def test_two_short_signed_documents_split(colon: str) -> None:
    page = _notice("关于做好代表培训工作的通知", 1, "某某县人大常委会办公室", "2022年3月1日")
    page += _notice("关于开展执法检查的通知", 2, "某某县人大常委会", "2022年4月2日")
    page = page.replace("：", colon)
    parts = split_documents(page)
    assert [p.split("\n")[0] for p in parts] == ["关于做好代表培训工作的通知", "关于开展执法检查的通知"]


def test_a_signature_at_the_end_does_not_make_an_empty_document() -> None:
    page = _notice("关于做好代表培训工作的通知", 1, "某某县人大常委会办公室", "2022年3月1日") + "抄送：市人大常委会办公厅\n"
    assert len(split_documents(page)) == 1


def test_split_of_empty_text() -> None:
    assert split_documents("") == []
    assert split_documents("\n\n  \n") == []




@given(st.text(max_size=400))
def test_split_documents_never_raises(text: str) -> None:
    parts = split_documents(text)
    assert all(part.strip() for part in parts)


@given(st.lists(st.sampled_from([
    "中共某某县委", "2024年1月2日", "关于加强人大工作的意见", "某某市委文件", "某发〔2024〕1号", "——在会议上的讲话",
    "各单位：", "为做好工作，现提出如下意见，请各单位认真贯彻执行，确保落到实处。", "一、总体要求", "某某县人大常委会办公室",
    "文号:某委〔2023〕2号", "发布日期:2024-02-14", "第一条 为了规范工作，根据有关法律，结合本地实际，制定本条例。",
]), max_size=60))
def test_split_documents_never_raises_on_document_like_lines(lines: list[str]) -> None:
    text = "\n".join(lines)
    parts = split_documents(text)
    assert sum(len(p.split("\n")) for p in parts) <= len(lines) + 1
