"""Numeric requirements: real sentences from the seeds and corpus-extra, negatives, invariants."""

from __future__ import annotations

import glob
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.core.requirements import (
    Floor,
    Requirement,
    check_floor,
    extract_requirements,
    load_floors,
    normalize_subject,
    requirement_key,
)

# (sentence as found, [(kind, value, value_max, comparator, subject or None to skip)])
CASES = [
    (
        "由县委联系领导主持，每年至少召开一次人大工作联席会议",
        [("frequency", 1.0, None, "≥", "人大工作联席会议")],
    ),
    (
        "把宪法法律知识和人大制度理论列入党委(党组)中心组学习内容，每年集中学习不少于2次",
        [("frequency", 2.0, None, "≥", "集中学习")],
    ),
    ("列为党校必修课，每年不少于10课时", [("duration", 10.0, None, "≥", None)]),
    (
        "县人大常委会每年选择12个政府工作部门和12个垂直管理部门开展工作评议",
        [("count", 12.0, None, "=", "政府工作部门"), ("count", 12.0, None, "=", "垂直管理部门")],
    ),
    ("县人民代表大会会议每年至少举行1次", [("frequency", 1.0, None, "≥", "县人民代表大会会议")]),
    # 一年 for 每年, as plans also write it.
    ("代表小组活动一年至少两次", [("frequency", 2.0, None, "≥", "代表小组活动")]),
    ("主任会议一年召开四次", [("frequency", 4.0, None, "=", "主任会议")]),
    ("县人大常委会会议每两个月至少举行1次", [("frequency", 6.0, None, "≥", "县人大常委会会议")]),
    ("乡镇人民代表大会会议每年至少举行2次", [("frequency", 2.0, None, "≥", "乡镇人民代表大会会议")]),
    (
        "没有选举事项时，县人民代表大会会议正式会期每次不少于3天",
        [("duration", 3.0, None, "≥", "县人民代表大会会议正式会期")],
    ),
    ("党政领导干部比例不得超过1/3", [("ratio", 33.33, None, "≤", "党政领导干部")]),
    ("每届连任代表一般应占代表总数的1/3以上", [("ratio", 33.33, None, "≥", "连任代表")]),
    ("每年组织25%左右的县、乡镇人大代表到原选区向选民述职", [("ratio", 25.0, None, "≈", "县、乡镇人大代表")]),
    ("专职组成人员应占到组成人员的60%以上", [("ratio", 60.0, None, "≥", "专职组成人员")]),
    ("能够连任两届的组成人员应占到30%左右", [("ratio", 30.0, None, "≈", "能够连任两届的组成人员")]),
    ("县人民代表大会设立法制、财政经济两个专门委员会", [("count", 2.0, None, "=", "专门委员会")]),
    (
        "各乡镇人大配备专职主席1名，一、二类乡镇配备专职副主席1名",
        [("count", 1.0, None, "=", "专职主席"), ("count", 1.0, None, "=", "专职副主席")],
    ),
    ("一类乡镇配备3名以上专职工作人员", [("count", 3.0, None, "≥", "专职工作人员")]),
    (
        "县人大常委会工作机构各配备主任1名、副主任1名，工作人员一名",
        [
            ("count", 1.0, None, "=", "主任"),
            ("count", 1.0, None, "=", "副主任"),
            ("count", 1.0, None, "=", "工作人员"),
        ],
    ),
    ("乡镇人大常委会各工作机构应至少有1名工作人员", [("count", 1.0, None, "=", "工作人员")]),
    (
        "市委和县(市、区)委在每届人大任期内至少召开一次研究人大工作的会议",
        [("frequency", 0.2, None, "≥", "研究人大工作的会议")],
    ),
    (
        "人大常委会专职组成人员的比例要按规定达到50%以上并适当提高",
        [("ratio", 50.0, None, "≥", "人大常委会专职组成人员")],
    ),
    ("人大专门委员会应配备1名熟悉本委工作的副职", [("count", 1.0, None, "=", "熟悉本委工作的副职")]),
    ("乡镇人大可设专职副主席1-2名", [("count", 1.0, 2.0, "=", "专职副主席")]),
    ("一届内调整人数不能超过三分之一", [("ratio", 33.33, None, "≤", "一届内调整人数")]),
    (
        "市委委员、常委每年下基层调查研究和指导工作时间不少于3个月",
        [("duration", 3.0, None, "≥", "市委委员、常委")],
    ),
    (
        "各级党委常委会每年至少听取一次人大工作汇报并专题研究人大工作",
        [("frequency", 1.0, None, "≥", "人大工作汇报")],
    ),
    ("各级人大常委会要坚持每年一次的政情通报会制度", [("frequency", 1.0, None, "=", "政情通报会制度")]),
    ("每年安排会前专题讲座不少于3次", [("frequency", 3.0, None, "≥", "会前专题讲座")]),
    ("每年集中组织的常委会学习班不少于20学时", [("duration", 20.0, None, "≥", "集中组织的常委会学习班")]),
    (
        "每人每年参加常委会组织的执法检查或调研活动不少于3次",
        [("frequency", 3.0, None, "≥", "常委会组织的执法检查或调研活动")],
    ),
    ("初任培训参培率达到100%", [("ratio", 100.0, None, "≥", "初任培训参培率")]),
    ("每年至少组织一次区情通报会", [("frequency", 1.0, None, "≥", "区情通报会")]),
    ("各专委会每年召开会议不少于4次", [("frequency", 4.0, None, "≥", "专委会会议")]),
    ("每个人大街工委配备1名人大代表事务助理", [("count", 1.0, None, "=", "人大代表事务助理")]),
    ("以专题会议形式，每年开展一次专题询问", [("frequency", 1.0, None, "=", "专题询问")]),
    ("列出法律法规条文，每年对5件左右法律法规实施情况开展执法检查", [("count", 5.0, None, "≈", "法律法规")]),
    (
        "每周二安排两名代表进站接待群众",
        [("frequency", 52.0, None, "=", ""), ("count", 2.0, None, "=", "代表")],
    ),
    ("每月14日由人大常委会主任或副主任牵头", [("frequency", 12.0, None, "=", "")]),
    ("每年按300万元左右由人大常委会安排", [("amount", 3000000.0, None, "≈", "")]),
    ("常务委员会会议每两个月至少举行一次", [("frequency", 6.0, None, "≥", "常务委员会会议")]),
    ("人大街道工委每个季度至少举行一次会议", [("frequency", 4.0, None, "≥", "人大街道工委会议")]),
    ("乡镇人民代表大会会议一般每年举行两次", [("frequency", 2.0, None, "=", "乡镇人民代表大会会议")]),
    ("至少每三个月举行一次会议", [("frequency", 4.0, None, "≥", "会议")]),
    ("对饮用水水源水质每月至少进行一次监测", [("frequency", 12.0, None, "≥", "监测")]),
    ("每三年进行一次水平衡测试", [("frequency", 0.33, None, "=", "水平衡测试")]),
    ("每年不少于三次", [("frequency", 3.0, None, "≥", "")]),
    ("常务委员会组成人员五分之一以上书面联名", [("ratio", 20.0, None, "≥", "常务委员会组成人员")]),
    ("市人民代表大会代表十人以上联名", [("count", 10.0, None, "≥", "市人民代表大会代表")]),
    ("常务委员会全体组成人员的过半数通过", [("ratio", 50.0, None, ">", "常务委员会全体组成人员")]),
    ("业主人数不低于筹备组总人数的百分之五十", [("ratio", 50.0, None, "≥", "业主人数")]),
    ("物业管理委员会人数应当为十一人至十五人的单数", [("count", 11.0, 15.0, "=", "物业管理委员会人数")]),
    ("每一选民接受的委托不得超过三人", [("count", 3.0, None, "≤", "选民接受的委托")]),
    ("乡镇选举委员会由九人至十三人组成", [("count", 9.0, 13.0, "=", "乡镇选举委员会组成人员")]),
    ("应当在会议举行七日前将地方性法规草案发给常务委员会组成人员", [("deadline", 7.0, None, "≥", "")]),
    ("应当自收到之日起十日内移送有权审查机关处理", [("deadline", 10.0, None, "≤", "")]),
    (
        "省人大常委会代表工作机构应当在收到报告后十个工作日内",
        [("deadline", 10.0, None, "≤", "省人大常委会代表工作机构")],
    ),
    ("在市人大常委会举行会议审查和批准市级决算草案的30日前", [("deadline", 30.0, None, "≥", "")]),
    ("物业服务合同期限届满九十日前", [("deadline", 90.0, None, "≥", "")]),
    ("第一次不超过十五分钟", [("duration", 15.0, None, "≤", "")]),
    ("记录的内容至少保存四年", [("duration", 4.0, None, "≥", "记录的内容")]),
    ("公示时间不得少于七日", [("duration", 7.0, None, "≥", "公示时间")]),
    ("处二百元以上二千元以下罚款", [("amount", 200.0, 2000.0, "=", "罚款")]),
    ("罚款最高不超过一万元", [("amount", 10000.0, None, "≤", "罚款")]),
    (
        "制定机关应当于每年一月底前向接受规范性文件备案的人民代表大会常务委员会报送",
        [("date", 1.0, None, "≤", "制定机关")],
    ),
    (
        "常务委员会应当在每年七月底前听取和审议市人民政府关于年度计划上半年执行情况的报告",
        [("date", 7.0, None, "≤", "常务委员会")],
    ),
    ("各单位要在年底前完成整改", [("date", 12, None, "≤", "单位")]),
    ("请于6月份前报送", [("date", 6.0, None, "≤", "报送")]),
    ("代表应当在任期届满前向选民报告履职情况", [("deadline", 0.0, None, "≥", "代表")]),
    (
        "每年年底向选举单位书面报告履行代表职责的情况",
        [("date", 12, None, "=", "向选举单位书面报告履行代表职责的情况")],
    ),
    ("每年年初向区委提交年度重大事项报告清单", [("date", 1, None, "=", "向区委提交年度重大事项报告清单")]),
    ("代表名额可以另加百分之五", [("ratio", 5.0, None, "=", "代表")]),
    (
        "县级以上人民代表大会常务委员会组成人员的名额为十五人至二十七人",
        [("count", 15.0, 27.0, "=", "县级以上人民代表大会常务委员会组成人员")],
    ),
    ("正式代表候选人名单应当在选举日的七日以前公布", [("deadline", 7.0, None, "≥", "正式代表候选人名单")]),
    ("主席团成员的名额为七人至十三人", [("count", 7.0, 13.0, "=", "主席团成员")]),
    ("每季度公示公共收益收支情况", [("frequency", 4.0, None, "=", "公示公共收益收支情况")]),
    (
        "市、区政府财政部门应当每半年向本级人大财经委书面报告",
        [("frequency", 2.0, None, "=", "向本级人大财经委书面报告")],
    ),
    (
        "规划许可证载明的地上总建筑面积千分之七的比例配置物业管理用房",
        [("ratio", 0.7, None, "=", "规划许可证载明的地上总建筑面积")],
    ),
    (
        "使用冷却循环再生水的比例不得低于企业循环用水量的百分之二十",
        [("ratio", 20.0, None, "≥", "使用冷却循环再生水")],
    ),
    (
        "乡、民族乡、镇的人民代表大会设主席一人、副主席一至二人",
        [("count", 1.0, None, "=", "主席"), ("count", 1.0, 2.0, "=", "副主席")],
    ),
    (
        "人大街道工委设主任一名、副主任一至二名",
        [("count", 1.0, None, "=", "主任"), ("count", 1.0, 2.0, "=", "副主任")],
    ),
    ("其绿地面积占道路总用地面积的比例不低于25%", [("ratio", 25.0, None, "≥", "绿地面积")]),
    (
        "应当由专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主同意",
        [("ratio", 66.67, None, "≥", "专有部分面积"), ("ratio", 66.67, None, "≥", None)],
    ),
    (
        "县级人民代表大会常务委员会应当每年年初审议人大街道工委关于上一年度工作情况的报告",
        [("date", 1, None, "=", "县级人民代表大会常务委员会")],
    ),
    (
        "省长、市长、县长、区长应当在两个月内提请本级人民代表大会常务委员会决定",
        [("deadline", 2.0, None, "≤", "省长、市长、县长、区长")],
    ),
    ("执法人员不少于两人", [("count", 2.0, None, "≥", "执法人员")]),
    ("县人大常委会组成人员由11至23人组成", [("count", 11.0, 23.0, "=", "县人大常委会组成人员")]),
    ("县人大常委会由十五人至二十七人组成", [("count", 15.0, 27.0, "=", "县人大常委会组成人员")]),
    ("代表大会每届任期内至少一次听取专项报告", [("frequency", 0.2, None, "≥", "专项报告")]),
    ("组成人员中党政领导干部的比例应低于百分之六十", [("ratio", 60.0, None, "<", "组成人员中党政领导干部")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:24] for c in CASES])
def test_real_phrasings(sentence, expected):
    found = extract_requirements(sentence, clause_id="doc:一、")
    assert len(found) == len(expected), [r.text for r in found]
    got = [
        (
            r.kind,
            round(r.value, 2) if r.value is not None else None,
            round(r.value_max, 2) if r.value_max is not None else None,
            r.comparator,
            r.subject if want[4] is not None else None,
        )
        for r, want in zip(found, expected, strict=True)
    ]
    assert got == expected
    assert all(r.clause_id == "doc:一、" and r.text and r.text in sentence for r in found)


def test_frequency_keeps_what_was_written():
    (r,) = extract_requirements("县人大常委会会议每两个月至少举行1次")
    assert (r.value, r.unit, r.times, r.period) == (6.0, "次/年", 1.0, "2个月")
    assert r.text == "每两个月至少举行1次"
    (other,) = extract_requirements("常委会会议每年不少于6次")
    assert requirement_key(r) == requirement_key(other) and r.value == other.value


def test_scopes_of_quotas():
    first, second = extract_requirements("各乡镇人大配备专职主席1名，一、二类乡镇配备专职副主席1名")
    assert (first.subject, first.scope) == ("专职主席", "乡镇人大")
    assert (second.subject, second.scope) == ("专职副主席", "一、二类乡镇")
    (r,) = extract_requirements("乡镇人大可设专职副主席1-2名")
    assert (r.value, r.value_max, r.unit, r.scope) == (1.0, 2.0, "名", "乡镇人大")
    assert normalize_subject(r.scope + r.subject) == "专职副主席"


def test_deadlines_have_anchors():
    (before,) = extract_requirements("应当在会议举行七日前将地方性法规草案发给常务委员会组成人员")
    assert (before.kind, before.value, before.comparator, before.anchor) == ("deadline", 7.0, "≥", "会议举行")
    (within,) = extract_requirements("应当自收到之日起十日内移送有权审查机关处理")
    assert (within.comparator, within.anchor) == ("≤", "收到之日起")


NEGATIVES = [
    "发布日期:2016年05月11日 点击数:2161",
    "中共广州市委文件 穗字〔2024〕5号",
    "根据《中华人民共和国监督法》第十二条、第三十条的规定",
    "全面贯彻落实党的十八大和十八届三中、四中、五中全会精神",
    "党的二十届三中全会对健全全过程人民民主制度体系作出重大部署",
    "北京市东城区第十六届人民代表大会常务委员会第五次会议通过",
    "自2011年9月换届以来，市人大常委会先后与党政部门交流干部3名",
    "联系电话:0932-4132335 Copyright 2013-2019",
    "(中发〔2005〕9号)、(粤发〔2005〕17号)精神",
    "要认真办好《实事面对面》、《代表在线》这两个栏目",
    "提出立足“四履职”、实施“五走进”、开展“六行动”",
    "全市十二个县(市、区)人大常委会都通过不同形式组织传达",
    "2024年以来，代表对办理工作的满意率和基本满意率连续两年达100%",
    "二〇一七年八月三十一日",
    "一是探索“一年三问”。二是首次开展专题询问",
    "一年来，召开代表座谈会3次",  # a year looked back on, not a rule
    "第一年召开两次会议",
    "一月召开两次会议",  # January
    "",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_requirements(text):
    assert extract_requirements(text) == []


def test_round_trip():
    for r in extract_requirements("乡镇人大可设专职副主席1-2名；县人大常委会会议每两个月至少举行1次", "d:1"):
        assert Requirement.from_dict(r.to_dict()) == r


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("县人大常委会会议", "常委会会议"),
        ("常务委员会会议", "常委会会议"),
        ("县(市、区)人大常委会会议", "常委会会议"),
        ("人大常委会专职组成人员", "专职组成人员"),
        ("专职组成人员", "专职组成人员"),
        ("乡镇人大专职副主席", "专职副主席"),
        ("县人民代表大会会议", "人大会议"),
        ("乡、民族乡、镇人民代表大会会议", "人大会议"),
        ("市人民代表大会会议", "人大会议"),
        ("县人大常委会组成人员", "常委会组成人员"),
        ("常务委员会组成人员", "常委会组成人员"),
    ],
)
def test_normalize_subject(subject, key):
    assert normalize_subject(subject) == key


def test_full_time_share_lines_up_across_regions():
    weiyuan = extract_requirements(
        "优化县人大常委会组成人员知识和年龄结构，专职组成人员应占到组成人员的60%以上"
    )
    wenzhou = extract_requirements("人大常委会专职组成人员的比例要按规定达到50%以上并适当提高")
    assert requirement_key(weiyuan[0]) == requirement_key(wenzhou[0]) == "ratio:专职组成人员"


def test_check_floor():
    assert load_floors()  # the shipped data parses
    (slow,) = extract_requirements("县人大常委会会议每三个月至少举行一次")
    floor = check_floor(slow)
    assert isinstance(floor, Floor) and floor.value == 6 and "组织法" in floor.source
    (ok,) = extract_requirements("县人大常委会会议每两个月至少举行1次")
    assert check_floor(ok) is None
    (twice,) = extract_requirements("乡镇人民代表大会会议每年至少举行2次")
    assert check_floor(twice) is None
    custom = (Floor("count:专职副主席", "≤", 2, "名", "test", "test"),)
    (many,) = extract_requirements("乡镇人大可设专职副主席1-3名")
    assert check_floor(many, custom) == custom[0]


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("每年两个月至少不少于次名人1２3十二三分之%以上以下内前日〔〕第条，。；、的会议常委会专职 \n")
        )
        | st.characters(),
        max_size=200,
    )
)
def test_never_raises(text):
    for r in extract_requirements(text):
        assert r.kind in {"frequency", "ratio", "count", "duration", "deadline", "date", "amount"}


SHARED = Path(__file__).resolve().parent / "sources"
CORPUS = sorted(
    glob.glob(str(SHARED / "seeds" / "*.txt")) + glob.glob(str(SHARED / "corpus-extra" / "*" / "*.txt"))
)


def test_smoke_over_corpus():
    kinds = Counter()
    for path in CORPUS:
        with open(path, encoding="utf-8-sig") as handle:
            kinds.update(r.kind for r in extract_requirements(handle.read()))
    if os.environ.get("RENDAKB_PRINT_COUNTS"):
        print(dict(kinds))
    assert kinds["frequency"] > 50 and kinds["ratio"] > 100 and kinds["count"] > 100
