"""Site chrome out, paragraphs back together: scraped page text → one paragraph per line.

Owns the chrome table (breadcrumbs, counters, footers, comment boxes …), letterhead and page-number repair, and line joining.
"""

from __future__ import annotations

import re

from index.core.numbering import match_numbering
from index.core.text import normalize_text

CJK = r"\u4e00-\u9fff"

# Whole lines that are site chrome, matched on the width-normalised, stripped line.
# Shapes, not words: a provision that mentions 联系电话 mid-sentence is content.
CHROME_LINES: dict[str, re.Pattern[str]] = {
    "welcome": re.compile(r"^欢迎(访问|来到|光临|您).{0,80}$"),
    "today_widget": re.compile(r"^.{0,40}今天是\s*\d{4}年.{0,20}(星期|周)[一二三四五六日天].{0,20}$"),
    "counter": re.compile(r"^.{0,80}(点击数|点击量|浏览次数|阅读次数|访问量|访问次数|阅读量)\s*[:]?\s*\d*\s*次?.{0,20}$"),
    "font_print_close": re.compile(r"^([【\[]?(字体|打印本页|打印|关闭|关闭窗口|返回顶部|返回|收藏本页|分享到?)[^】\]]{0,12}[】\]]?[\s|]*)+$"),
    "prev_next": re.compile(r"^(上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:].{0,80}$"),
    "related": re.compile(r"^[【\[]?(相关信息|相关报道|相关链接|相关文章|相关新闻|相关阅读)[】\]]?$"),
    "comment": re.compile(r"^[\[【]?\s*(我来说两句|发表评论|网友评论|网友留言|评论|昵称)\s*[:].{0,100}$|^[\[【]?\s*网友留言.{0,100}$|^我来说两句$"),
    "site_links": re.compile(r"^((设为首页|加入收藏|收藏本站|简体中文|繁体中文|简体|繁體|后台管理|管理登录|联系我们|网站地图|English|无障碍|关怀版)[\s|｜丨/]*)+$"),
    "icp": re.compile(r"^.{0,40}(ICP备|ICP证|公网安备|备案号|网站标识码).{0,60}$", re.IGNORECASE),
    "host": re.compile(r"^(主办单位|主办|承办单位|承办|协办单位|技术支持|网站维护)\s*[:].{0,150}$"),
    "phone": re.compile(r"^(联系电话|电话|传真|E-?mail)\s*[:][\d\s\-()+/,、]{0,60}$", re.IGNORECASE),
    "copyright": re.compile(r"^.{0,10}(copyright|版权所有|©|◎).{0,150}$", re.IGNORECASE),
    "disclaimer": re.compile(r"^本(网|站|网站)(内容|所载|登载).{0,80}$|^未经(许可|授权).{0,40}(复制|镜像|转载).{0,20}$"),
    "widget_words": re.compile(r"^(个人中心|搜索|站内搜索|登录|注册|首页|正文|X|×|✕|分享|扫一扫)$"),
    "html_comment": re.compile(r"^<!--.*-->$"),
}
# Lines that are metadata for extract_metadata, not body: kept when keep_metadata=True.
METADATA_LINES: dict[str, re.Pattern[str]] = {
    "breadcrumb": re.compile(r"^(您当前的位置|您现在的位置|当前位置|所在位置)\s*[:>》].{0,150}$"),
    "editor": re.compile(r"^(编辑|责任编辑|责编|作者|审核|来源|信息来源|稿源)\s*[:].{0,100}$"),
    "published": re.compile(r"^(发布|发表|成文|印发)(日期|时间)\s*[:].{0,100}$"),
    "doc_number": re.compile(r"^(文号|发文字号|文件编号)\s*[:].{0,40}$"),
    "issuer": re.compile(r"^(发文机关|发布机构|发文单位)\s*[:].{0,60}$"),
    "index_number": re.compile(r"^(索引号|主题分类|公开方式|有效性)\s*[:].{0,60}$"),
}
# Chrome glued inside a line: removed, the rest of the line kept.
CHROME_INLINE: dict[str, re.Pattern[str]] = {
    "collector_stamp": re.compile(r"文章由.{0,60}?收集"),
    "font_size": re.compile(r"[【\[]\s*字体\s*[:：]?[大中小\s]*[】\]]?"),
    "today_widget": re.compile(r"今天是\s*\d{4}年\d{1,2}月\d{1,2}日\s*(星期|周)[一二三四五六日天]"),
    "trailing_page_number": re.compile(r"\s+[-—–－]\s*\d{1,3}\s*[-—–－]$"),
    "markdown_heading": re.compile(r"^#{1,6}\s+"),
    "bullet": re.compile(r"^[•·●▪◆■□]\s*"),
}
PAGE_NUMBER = re.compile(r"^([-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
LETTERHEAD_SPACED = re.compile(rf"^([{CJK}]\s+){{1,}}[{CJK}]$")
CHAPTER_HEADING = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+[编章节])\s*(.{1,30})$")
SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")
TABLE_OF_CONTENTS = re.compile(r"^目\s*录$")
SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
# Private-use code points (U+E000–U+F8FF) are export artifacts (a docx bullet, a font glyph), never text.
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
# A table of contents run together on one line: 第一章 总则 第二章 任免范围 第三章 …
INLINE_TABLE_OF_CONTENTS = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+章\s*[^\s第]{1,15}\s*){3,}$")

# Line joining: what ends a paragraph, and lines that always stand alone.
TERMINAL = tuple("。！？；!?;:：…)）")
STANDALONE_LINE = re.compile(
    r"^(\S{1,6}(单位|领导|时限|部门)\s*[:]|附件\s*[:\d]|主题词|抄送|发\s*[:]|——|[(（]?\d{4}年\d{1,2}月\d{1,2}日[)）]?$)|印发$"
)
# The label an attached file starts with (附件1, 附件 2：, 附件三): neither its title nor part of it.
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*[0-9一二三四五六七八九十]*\s*[:：]?$")
DATE_START = re.compile(r"^[(（]?\d{4}年")
ORG_END = re.compile(r"(委|委员会|常委会|部|厅|局|办|办公室|政府|人大|大会|院|会|组|文件)$")
TITLE_END = re.compile(r"(意见|通知|决定|方案|办法|规定|条例|规则|细则|守则|报告|决议|讲话|发言|纲要|规划|制度|通报|公告|分解表|任务表|清单|工作要点)$")
DOC_NUMBER_LINE = re.compile(r"^\S{1,12}[〔\[［【(（]\d{4}[〕\]］】)）]\s*\d{1,4}\s*号$")
GLUED_SALUTATION = re.compile(r"^(关于.{4,80}?的(?:通知|意见|决定|方案|办法|规定|通报|函))\s+(\S{2,60}[:：])$")
SHORT = 30  # shorter lines are title-width; longer ones were wrapped body text


def normalize_line(line: str) -> str:
    """Padding and odd spaces out; letterheads spaced character by character collapsed."""
    line = SPACES.sub(" ", PRIVATE_USE.sub("", line)).strip()
    for name in ("markdown_heading", "bullet"):
        line = CHROME_INLINE[name].sub("", line)
    if LETTERHEAD_SPACED.match(line):
        return line.replace(" ", "")
    heading = CHAPTER_HEADING.match(line)
    if heading:
        return f"{heading.group(1)} {SPACE_BETWEEN_CJK.sub('', heading.group(2).strip())}"
    if SPACE_BETWEEN_CJK.sub("", line) in ("目录", "总则", "附则"):
        return SPACE_BETWEEN_CJK.sub("", line)
    return line


def is_chrome(line: str, keep_metadata: bool = False) -> bool:
    norm = normalize_text(line).strip()
    if is_metadata(norm):
        return not keep_metadata
    return any(p.search(norm) for p in CHROME_LINES.values()) or bool(PAGE_NUMBER.match(norm))


def strip_inline_chrome(line: str) -> str:
    for name in ("collector_stamp", "font_size", "today_widget", "trailing_page_number"):
        line = CHROME_INLINE[name].sub("", line)
    return line.strip()


def is_numbered(line: str) -> bool:
    try:
        return bool(match_numbering(line))
    except Exception:  # noqa: BLE001 - the numbering table is another module's; a bad line must not stop cleaning
        return False


def _is_short_title_part(line: str) -> bool:
    return len(line) < SHORT and not ORG_END.search(line) and not TITLE_END.search(line)


def should_join(prev: str, line: str) -> bool:
    """Whether `line` continues the sentence that `prev` left open."""
    norm_prev, norm_line = normalize_text(prev), normalize_text(line)
    if not prev or prev.endswith(TERMINAL) or norm_prev.endswith(TERMINAL):
        return False
    alone = (STANDALONE_LINE.search(x) or ATTACHMENT_LABEL.match(x) or is_metadata(x) for x in (prev, line, norm_prev, norm_line))
    if any(alone) or is_numbered(line):
        return False
    if DOC_NUMBER_LINE.match(norm_line) or DOC_NUMBER_LINE.match(norm_prev) or line.endswith("文件"):
        return False
    if len(prev) < 60 and TITLE_END.search(prev):
        return False  # a complete title (…的意见, …方案) never runs on into the body
    if is_numbered(prev) and len(prev) < 40 and not any(p in norm_prev for p in "。;"):
        if TABLE_OF_CONTENTS.match(line):
            return False
        if CHAPTER_HEADING.match(prev):
            # 第五章 乡长、 / 副乡长的选举: a chapter name wrapped; articles come numbered.
            return len(line) < SHORT and not line.endswith(TERMINAL) and not CHAPTER_HEADING.match(line)
        # A heading that wrapped leaves a stub (作用) behind; anything longer is its body.
        return len(line) <= 4 and not line.endswith(TERMINAL)
    if len(prev) >= SHORT:
        return True
    # Two short lines: a title wrapped over lines, never a short title glued to its body,
    # nor a signature (issuer line, date line) glued to what precedes it.
    if ORG_END.search(line) and len(line) < SHORT:
        return False
    if DATE_START.match(norm_line):
        return prev.endswith(("通过", "批准"))
    if norm_prev.startswith("(") and ")" not in norm_prev:
        return True  # a bracketed adoption note wrapped over lines
    return _is_short_title_part(prev) and len(line) < SHORT


def is_metadata(line: str) -> bool:
    return any(p.search(line) for p in METADATA_LINES.values())


BARRIER = "\x00"  # where a metadata line was dropped: the lines around it are not one sentence


def join_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == BARRIER or (out and out[-1] == BARRIER):
            out.append(line)
        elif out and should_join(out[-1], line):
            glue = " " if (out[-1][-1:].isascii() and line[:1].isascii()) or DATE_START.match(line) else ""
            out[-1] = out[-1] + glue + line
        else:
            out.append(line)
    return [line for line in out if line != BARRIER]


def drop_table_of_contents(lines: list[str]) -> list[str]:
    """`目录` and its entries, up to where the first entry comes back as the real heading."""
    lines = [line for line in lines if not INLINE_TABLE_OF_CONTENTS.match(line)]
    for i, line in enumerate(lines):
        if TABLE_OF_CONTENTS.match(line) and i + 1 < len(lines):
            first = lines[i + 1]
            for j in range(i + 2, min(len(lines), i + 80)):
                if lines[j] == first:
                    return lines[:i] + lines[j:]
        # No 目录 line: a run of three or more chapter headings with no article between,
        # whose first heading comes back, is a table of contents too.
        run = 1 if CHAPTER_HEADING.match(line) else 0
        while run and i + run < len(lines) and CHAPTER_HEADING.match(lines[i + run]) and lines[i + run] != line:
            run += 1
        if run >= 3 and i + run < len(lines) and lines[i + run] == line:
            return lines[:i] + lines[i + run :]
    return lines


def split_glued_salutation(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        glued = GLUED_SALUTATION.match(line)
        out.extend([glued.group(1), glued.group(2)] if glued else [line])
    return out


def clean_lines(text: str, keep_metadata: bool = False) -> list[str]:
    lines = (normalize_line(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    kept = [
        BARRIER if not keep_metadata and is_metadata(normalize_text(line)) else strip_inline_chrome(line)
        for line in lines
        if line and not (is_chrome(line, keep_metadata) and not is_metadata(normalize_text(line)))
    ]
    kept = [line for line in kept if line and (line == BARRIER or not is_chrome(line, keep_metadata))]
    return drop_table_of_contents(split_glued_salutation(join_lines(kept)))


def clean_text(text: str, keep_metadata: bool = False) -> str:
    """Chrome stripped, broken lines joined: one paragraph per line.

    keep_metadata keeps the 发布日期 / 文号 / 发文机关 lines that extract_metadata reads.
    """
    return "\n".join(clean_lines(text, keep_metadata))
