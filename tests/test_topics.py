"""Topics of congress work for clauses and user queries."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.core.topics import Taxonomy, assign_topics, load_taxonomy, topic_for_query

EXPECTED_TOPICS = {
    "监督",
    "预算审查",
    "执法检查",
    "专题询问",
    "代表工作",
    "建议办理",
    "选举任免",
    "重大事项决定",
    "备案审查",
    "立法",
    "自身建设",
    "机构编制",
    "经费保障",
    "乡镇人大",
    "街道人大工委",
    "宣传",
    "会议制度",
    "党的领导",
    "议案审议",
}


def test_taxonomy_is_complete():
    assert {t.name for t in load_taxonomy().topics} >= EXPECTED_TOPICS


@pytest.mark.parametrize(
    ("headings", "text", "topic"),
    [
        (
            ["做好人大代表工作，充分发挥人大代表主体作用", "提高人大代表建议办理质量"],
            "坚持定期对代表建议办理工作成绩突出的单位和个人进行表彰奖励",
            "建议办理",
        ),
        (["做好人大代表工作，充分发挥人大代表主体作用"], "各级国家机关要充分尊重代表的法律地位", "代表工作"),
        ([], "县人民代表大会会议每年至少举行1次，县人大常委会会议每两个月至少举行1次", "会议制度"),
        ([], "乡镇人大的各项经费列入县财政预算，及时足额拨付，专款专用", "经费保障"),
        ([], "加强规范性文件备案审查工作。建立备案审查衔接联动机制", "备案审查"),
        ([], "加强和改进预决算审查监督。建立健全县人大及其常委会全口径预决算审批监督机制", "预算审查"),
        ([], "以专题会议形式，每年开展一次专题询问", "专题询问"),
        ([], "每年对5件左右法律法规实施情况开展执法检查", "执法检查"),
        ([], "严格落实差额选举制度，凡法律规定差额选举的人选，不得搞等额选举", "选举任免"),
        ([], "加强街道人大工委工作的制度化、规范化建设", "街道人大工委"),
        ([], "乡镇人大可设专职副主席1-2名", "乡镇人大"),
        (["健全和规范人大及其常委会机构设置"], "县人民代表大会设立法制、财政经济两个专门委员会", "机构编制"),
        ([], "坚持科学立法、民主立法，提高地方性法规质量", "立法"),
        ([], "新闻单位要加大人大新闻宣传工作的力度", "宣传"),
        (["坚持党的领导，确保人大工作正确的政治方向"], "县人大常委会主任列席本级党委常委会会议", "党的领导"),
    ],
)
def test_assign_topics(headings, text, topic):
    assert topic in assign_topics(headings, text)


def test_motions_are_not_suggestions():
    # 议案 go to the congress for decision; 建议、批评和意见 are answered by the organs: apart in law.
    motion = assign_topics([], "主席团、常务委员会、各专门委员会可以向人民代表大会提出议案，由主席团决定列入会议议程")
    assert "议案审议" in motion and "建议办理" not in motion
    suggestion = assign_topics([], "承办单位应当在三个月内答复代表建议，并将办理情况报告常务委员会")
    assert "建议办理" in suggestion and "议案审议" not in suggestion
    both = assign_topics([], "认真办理代表议案和代表建议，提高办理质量")
    assert {"议案审议", "建议办理"} <= set(both)


def test_a_proposed_list_is_no_deputys_suggestion():
    # 连任代表建议名单 reads 代表建议 across two words: a list proposed, not a suggestion to handle.
    assert "建议办理" not in assign_topics([], "连任代表建议名单由县人大常委会党组根据上一届履职表现提出")
    assert "建议办理" not in assign_topics([], "县人大常委会党组提出代表建议人选")
    assert "建议办理" in assign_topics([], "认真办理代表建议，按时答复代表")


def test_heading_outweighs_body():
    topics = assign_topics(["推进乡镇人大建设"], "充实和加强工作力量，配备专职工作人员")
    assert topics[0] == "乡镇人大"


def test_no_topic_for_chrome():
    assert assign_topics([], "设为首页 | 加入收藏 | 简体中文") == []


@pytest.mark.parametrize(
    ("query", "answer"),
    [
        ("代表建议办理", "建议办理"),
        ("常委会会议频次", "frequency:常委会会议"),
        ("专职组成人员比例", "ratio:专职组成人员"),
        ("县人大常委会会议次数", "frequency:常委会会议"),
        ("乡镇人大专职副主席配备", "count:专职副主席"),
        ("备案审查", "备案审查"),
        # Asked as a question: how often, what share.
        ("常委会会议多久开一次", "frequency:常委会会议"),
        ("人代会每年开几次", "frequency:人大"),
        ("主任会议一年召开几次会", "frequency:主任会议"),
        ("专职组成人员占多少", "ratio:专职组成人员"),
        ("天气预报", None),
        ("", None),
    ],
)
def test_topic_for_query(query, answer):
    assert topic_for_query(query) == answer


def test_custom_taxonomy():
    taxonomy = Taxonomy.from_dict({"topic": [{"name": "X", "keywords": ["甲乙丙丁"]}]})
    assert assign_topics([], "甲乙丙丁", taxonomy) == ["X"]


@given(st.lists(st.text(max_size=20), max_size=3), st.text(max_size=200))
def test_never_raises(headings, text):
    assign_topics(headings, text)
    topic_for_query(text)


def test_role_lines_are_not_topics():
    text = "优化县人大常委会组成人员知识和年龄结构\n责任单位:县委组织部,各乡镇党委,各乡镇人大主席团"
    assert assign_topics(["加强人大常委会组织建设"], text) == ["自身建设"]


def test_outer_headings_weigh_less_than_the_nearest():
    chain = ["支持和保证县人大及其常委会和乡镇人大及其主席团依法行使职权", "加强规范性文件备案审查工作"]
    assert assign_topics(chain, "建立备案审查衔接联动机制")[0] == "备案审查"


def test_query_keys_meet_extracted_keys():
    from index.core.requirements import extract_requirements, requirement_key
    from index.core.topics import match_requirement_key

    # A kind word (频次, 比例) asks for that kind of requirement of the subject before it.
    for query, sentence in [
        ("常委会会议频次", "县人大常委会会议每两个月至少举行1次"),
        ("专职组成人员比例", "专职组成人员应占到组成人员的60%以上"),
        ("主任会议召开频率", "主任会议一般每月召开两次"),
    ]:
        (requirement,) = extract_requirements(sentence)
        assert topic_for_query(query) == requirement_key(requirement), query
    # Without one, a phrase that names the subject of a stated requirement meets its key.
    for query, sentence in [
        ("乡镇人大专职副主席", "乡镇人大可设专职副主席1-2名"),
        ("街道工委专职工作人员", "街道工委应当配备专职工作人员二至三名"),
    ]:
        (requirement,) = extract_requirements(sentence)
        key = requirement_key(requirement)
        assert match_requirement_key(query, ["ratio:其他", key]) == key, (query, key)
    # The exact subject beats a shorter one it ends with; nothing it does not end with.
    assert match_requirement_key("乡镇人大专职副主席", ["count:副主席", "count:专职副主席"]) == "count:专职副主席"
    assert match_requirement_key("乡镇人大专职副主席", ["ratio:专职组成人员"]) is None
    assert match_requirement_key("", ["count:专职副主席"]) is None


def test_a_kind_cued_phrase_meets_the_stated_subject_it_is_part_of():
    from index.core.topics import stated_requirement_key

    known = ["ratio:全体代表", "frequency:人大会议", "ratio:专职组成人员", "ratio:专职组成人员的任职年限", "count:专职副主席"]
    assert stated_requirement_key("ratio:专职", known) == "ratio:专职组成人员"  # the most stated first
    assert stated_requirement_key("frequency:人大", known) == "frequency:人大会议"
    assert stated_requirement_key("count:专职", known) == "count:专职副主席"  # the kind must agree
    assert stated_requirement_key("duration:专职", known) is None
    assert stated_requirement_key("ratio:专", known) is None  # one character says too little
    assert topic_for_query("罚款数额") == "amount:罚款"


def test_compare_reads_a_short_subject_as_the_stated_one():
    from index.compare import resolve_topic

    known = ["ratio:全体代表", "ratio:专职组成人员"]
    assert resolve_topic("专职比例", known).key == "ratio:专职组成人员"
    assert resolve_topic("专职组成人员比例", known).key == "ratio:专职组成人员"
    assert resolve_topic("专职比例").key == "ratio:专职"  # with nothing stated, as typed (search follows)
    assert resolve_topic("兼职比例", known).key == "ratio:兼职"
