"""One page, several documents: find where one document ends and the next begins.

Owns the boundary signals (signature blocks, 印发 lines, letterheads, 文号 lines, 关于…的通知 titles, ——在…的讲话 subtitles) as data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from index.core.text import normalize_text

from .clean import DOC_NUMBER_LINE, clean_lines, is_metadata, is_numbered

CN_DATE = r"[〇○零一二三四五六七八九十]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
DATE_LINE = re.compile(rf"^\(?(\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{CN_DATE}|\d{{4}}-\d{{1,2}}-\d{{1,2}})\)?$")
ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff()]{2,30}(委|委员会|常委会|部|厅|局|办|办公室|政府|人大|大会|院|会|组|党组)$")
PRINTED_LINE = re.compile(r"^\S{2,30}\d{4}年\d{1,2}月\d{1,2}日印发$")
KIND_TITLE = re.compile(r"^(\S{0,30})?关于.{2,80}的(意见|通知|决定|方案|办法|规定|报告|通报|决议|批复|函)$")
SPEECH_SUBTITLE = re.compile(r"^[-—]{1,2}\s*在.{2,60}(讲话|发言|报告|致辞)$")
LETTERHEAD = re.compile(r"^[\u4e00-\u9fff]{2,30}文件$")
FILE_NUMBER_FIELD = re.compile(r"^(文号|发文字号)\s*:")
TRAILER_LINE = re.compile(r"^(主题词|抄送|抄报|发\s*:|印发|联系人)")
TERMINAL = tuple("。!?;:")

# Characters of body text (lines of sentence length) a document needs before another may
# start after it: a cover note (备案报告, 公告, 批准通知) before a regulation is not a document of its own.
MIN_BODY = 200
BODY_LINE = 30


def body_size(lines: list[str]) -> int:
    return sum(len(line) for line in lines if len(line) >= BODY_LINE)


def _norm(line: str) -> str:
    return normalize_text(line).strip()


def is_title_like(line: str) -> bool:
    norm = _norm(line)
    return (
        0 < len(norm) <= 60
        and not norm.endswith(TERMINAL)
        and "。" not in line
        and not is_numbered(line)
        and not is_metadata(norm)
        and not DATE_LINE.match(norm)
    )


def _signature_end(lines: list[str], i: int) -> int | None:
    """A signature block (issuer line, then a date line) or an 印发 line ends a document."""
    norm = _norm(lines[i])
    if PRINTED_LINE.match(norm):
        return i + 1
    if DATE_LINE.match(norm) and i > 0 and ISSUER_LINE.match(_norm(lines[i - 1])):
        return i + 1
    return None


def _header_start(lines: list[str], i: int) -> int | None:
    """Where a new document's header begins, if line i is one of its signals."""
    norm = _norm(lines[i])
    nxt = _norm(lines[i + 1]) if i + 1 < len(lines) else ""
    if SPEECH_SUBTITLE.match(norm):
        start = i
        while start > 0 and i - start < 3 and is_title_like(lines[start - 1]) and not _signature_end(lines, start - 1):
            start -= 1
        return start if start < i else None
    if LETTERHEAD.match(norm) or DOC_NUMBER_LINE.match(norm) or FILE_NUMBER_FIELD.match(norm):
        return i - 1 if i > 0 and is_title_like(lines[i - 1]) else i
    if ISSUER_LINE.match(norm) and KIND_TITLE.match(nxt):
        return i
    if KIND_TITLE.match(norm) and (nxt.endswith(":") or DOC_NUMBER_LINE.match(nxt) or DATE_LINE.match(nxt)):
        return i
    return None


SIGNALS: tuple[Callable[[list[str], int], int | None], ...] = (_header_start,)


def _starts_document(lines: list[str], start: int) -> bool:
    rest = lines[start:]
    return bool(rest) and is_title_like(rest[0]) and body_size(rest) >= MIN_BODY


def find_boundaries(lines: list[str]) -> list[int]:
    """Indexes of the first line of every document after the first.

    Body is counted from the last signature even when no document started there, so a
    row of tiny cover notes (备案报告, 公告, 批准通知) never adds up to a document.
    """
    starts, since = [0], 0
    for i in range(len(lines)):
        if body_size(lines[since:i]) < MIN_BODY:
            end = _signature_end(lines, i)
            if end is not None:
                since = end
            continue
        end = _signature_end(lines, i)
        if end is not None:
            while end < len(lines) and TRAILER_LINE.match(_norm(lines[end])):
                end += 1
            if end < len(lines) and _starts_document(lines, end):
                starts.append(end)
            since = end
            continue
        for signal in SIGNALS:
            start = signal(lines, i)
            if start is not None and start > since and body_size(lines[since:start]) >= MIN_BODY:
                if _starts_document(lines, start):
                    starts.append(start)
                    since = start
                break
    return starts[1:]


def split_documents(text: str) -> list[str]:
    """The documents on one page, each as cleaned text (metadata lines kept); one if it holds one."""
    lines = clean_lines(text, keep_metadata=True)
    if not lines:
        return []
    cuts = [0, *find_boundaries(lines), len(lines)]
    return ["\n".join(lines[a:b]) for a, b in pairwise(cuts) if b > a]
