"""clean_text: chrome out (by line shape, from the table), content kept, broken lines joined, letterheads and page numbers repaired."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.clean import CHROME_INLINE, CHROME_LINES, METADATA_LINES, clean_text

SEEDS = Path(__file__).resolve().parent / "sources" / "seeds"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


CHROME_LEFTOVERS = (
    "今天是", "您当前的位置", "当前位置", "点击数", "浏览次数", "发布日期", "发布时间", "打印本页", "【字体",
    "上一篇", "下一篇", "相关信息", "相关报道", "我来说两句", "网友留言", "设为首页", "加入收藏", "繁体中文",
    "后台管理", "管理登录", "联系我们", "ICP备", "公网安备", "主办单位", "Copyright", "版权所有", "文章由",
    "个人中心", "欢迎访问", "编辑: 薛岚",
)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_chrome_is_gone(prefix: str) -> None:
    cleaned = clean_text(seed(prefix))
    for chrome in CHROME_LEFTOVERS:
        assert chrome not in cleaned, chrome
    lines = cleaned.split("\n")
    assert "搜索" not in lines and "X" not in lines and "关闭" not in lines
    assert all(line == line.strip() and line for line in lines)
    assert "\xa0" not in cleaned and "\u3000" not in cleaned


def test_chrome_rules_are_named_compiled_patterns() -> None:
    for table in (CHROME_LINES, METADATA_LINES, CHROME_INLINE):
        assert table and all(isinstance(p, re.Pattern) for p in table.values())


def test_collector_stamp_inside_a_sentence_removed_and_sentence_rejoined() -> None:
    cleaned = clean_text(seed("003"))
    assert "有利于解决人民群众最关心、最直接、最现实的利益问题" in cleaned
    assert "裤子" not in cleaned and "收集" not in cleaned


def test_trailing_page_number_removed_and_word_rejoined() -> None:
    cleaned = clean_text(seed("003"))
    assert "-1-" not in cleaned
    assert "中央、省委人大工作会议召开后,我们及时召开市委人大工作会议" in cleaned


def test_letterhead_spaced_out_is_collapsed() -> None:
    assert clean_text(seed("003")).split("\n")[0] == "中共温州市委"
    assert clean_text("中 共 温 州 市 委\n关于加强人大工作的意见") == "中共温州市委\n关于加强人大工作的意见"


def test_lines_broken_mid_sentence_are_joined() -> None:
    cleaned = clean_text(seed("003"))
    assert "坚持对党负责和对人民负责相统一,保证党委决策和意图的贯彻落实。" in cleaned
    assert "答应不答应”作为一切工作的衡量标准" in cleaned
    # A numbered heading that wrapped leaves a stub behind: joined back.
    assert "二、坚持四个结合,发挥人大在推进科学发展中的职能作用" in cleaned.split("\n")


def test_title_lines_wrapped_are_joined_but_not_glued_to_body() -> None:
    lines = clean_text(seed("003")).split("\n")
    assert lines[1] == "关于进一步加强人大工作推进社会主义民主政治建设的若干意见"
    assert lines[2] == "各县(市、区)委,市直属各单位党委(党组):"
    lines0 = clean_text(seed("000")).split("\n")
    assert lines0[1] == "《中共渭源县委关于加强和改进人大工作的实施意见》任务分解落实方案"
    assert lines0[2].startswith("为贯彻落实县委人大工作会议精神")


@pytest.mark.parametrize("title", ["望川县加强人大工作重点任务分解表", "临溪市人大常委会2024年工作要点", "北岭县乡镇人大工作任务清单"])
def test_a_short_title_of_a_table_list_or_work_plan_is_not_glued_to_its_body(title: str) -> None:
    body = "为确保各项任务落到实处，现分解如下。"
    assert clean_text(f"{title}\n{body}").split("\n") == [title, body]


def test_role_lines_and_numbered_lines_stand_alone() -> None:
    lines = clean_text(seed("000")).split("\n")
    assert "责任单位:县委办公室,各乡镇党委" in lines
    assert "协作单位:县人大常委会办公室,各乡镇人大主席团" in lines
    assert "一、总体要求" in lines and "二、任务分解" in lines
    assert any(line.startswith("责任单位:县委组织部、县人大常委会人事与代表工作委员会") and line.endswith("委员会") for line in lines)


def test_signature_lines_stay_apart() -> None:
    lines = clean_text(seed("003")).split("\n")
    i = lines.index("中共温州市委组织部人才办")
    assert lines[i + 1] == "2024年5月4日"
    assert lines[i - 1] == "上述附件电子版从温州党建网()材料下载栏目下载"


def test_contact_lines_inside_a_notice_are_content() -> None:
    cleaned = clean_text(seed("003"))
    assert "联系人:周晓燕,电话:88969064传真88969044" in cleaned
    assert "联系地址:温州市行政管理中心10楼1048室" in cleaned
    provision = "第五条 举报电话和联系电话应当向社会公布，联系电话：12345，并及时受理群众的投诉举报。"
    assert clean_text(provision) == provision


def test_footer_phone_line_is_chrome() -> None:
    assert clean_text("正文内容。\n联系电话：0932-4132335\n主办：某某县人大常委会") == "正文内容。"


def test_page_numbers_dropped() -> None:
    text = "第一段内容完整。\n-1-\n— 2 —\n第二段内容完整。\n－ 3 －"
    assert clean_text(text) == "第一段内容完整。\n第二段内容完整。"


def test_metadata_lines_kept_on_request() -> None:
    text = "标题\n发布日期:2016年05月11日 点击数:2161\n文号：温委〔2024〕7号\n正文。"
    assert clean_text(text) == "标题\n正文。"
    assert clean_text(text, keep_metadata=True).split("\n")[1:3] == ["发布日期:2016年05月11日 点击数:2161", "文号：温委〔2024〕7号"]


def test_today_widget_never_kept() -> None:
    assert "2019年3月13日" not in clean_text(seed("000"))


def test_padding_whitespace_and_headings() -> None:
    text = "\u3000\u3000第一条\xa0为了规范工作，制定本条例。  \n## 第一章  总    则\n目    录"
    assert clean_text(text).split("\n")[:2] == ["第一条 为了规范工作，制定本条例。", "第一章 总则"]


def test_table_of_contents_dropped() -> None:
    text = "某某市文明行为促进条例\n目  录\n第一章   总则\n第二章   附则\n第一章  总    则\n第一条 为了促进文明行为，制定本条例。\n第二章 附则\n第二条 本条例自公布之日起施行。"
    assert clean_text(text).split("\n") == [
        "某某市文明行为促进条例", "第一章 总则", "第一条 为了促进文明行为，制定本条例。", "第二章 附则", "第二条 本条例自公布之日起施行。",
    ]


@given(st.text(alphabet=st.sampled_from(list("中共人大委关于的通知：:()（）。，\n \xa0\u3000-—1２年月日号〔〕第一条章文件#<>!-ICP备版权所有") + ["\n"]), max_size=300))
def test_clean_text_never_raises(text: str) -> None:
    out = clean_text(text)
    assert isinstance(out, str)
    assert "\n\n" not in out


@given(st.text(max_size=200))
def test_clean_text_never_raises_on_any_text(text: str) -> None:
    clean_text(text)


def test_private_use_artifacts_and_inline_table_of_contents_dropped() -> None:
    text = "某某市条例\n第一章 总则 第二章 任免范围 第三章 任免程序 第四章 辞职、撤职\n第一章 总则\ue004\n第一条 为了规范任免工作，制定本条例。\ue004"
    assert clean_text(text).split("\n") == ["某某市条例", "第一章 总则", "第一条 为了规范任免工作，制定本条例。"]


def test_wrapped_chapter_heading_is_joined() -> None:
    text = "## 第五章  乡、民族乡、镇人民代表大会主席、副主席，乡长、\n\n副乡长，镇长、副镇长的选举、罢免和补选\n\n第三十条 选举依法进行。"
    assert clean_text(text).split("\n") == [
        "第五章 乡、民族乡、镇人民代表大会主席、副主席，乡长、副乡长，镇长、副镇长的选举、罢免和补选",
        "第三十条 选举依法进行。",
    ]


def test_table_of_contents_without_its_heading_dropped() -> None:
    text = "某条例\n第一章 总则\n第二章 计划\n第三章 附则\n第一章 总则\n第一条 为了规范，制定本条例。\n第二章 计划\n第二条 计划。\n第三章 附则\n第三条 施行。"
    assert clean_text(text).split("\n") == [
        "某条例", "第一章 总则", "第一条 为了规范，制定本条例。", "第二章 计划", "第二条 计划。", "第三章 附则", "第三条 施行。",
    ]
