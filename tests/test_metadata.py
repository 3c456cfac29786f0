"""extract_metadata: every seed document's title, issuer, 文号, dates, kind and place; the gazetteer; never a guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.metadata import extract_metadata, normalize_date, normalize_doc_number
from crawler.regions import find_place, find_province
from crawler.split import split_documents

SEEDS = Path(__file__).resolve().parent / "sources" / "seeds"
EXTRA = SEEDS.parent / "corpus-extra"


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8")


def test_seed000_weiyuan_plan() -> None:
    meta = extract_metadata(seed("000"))
    assert meta == {
        "title": "中共渭源县委关于加强和改进人大工作任务分解落实方案", "issuer": "中共渭源县委", "doc_number": "",
        "published": "2016-05-11", "adopted": "", "kind": "任务分解方案",
        "region": "渭源县", "province": "甘肃省", "level": "county",
    }


def test_seed001_yanhe_report() -> None:
    meta = extract_metadata(seed("001"))
    assert meta["title"] == "沿河人大:着力“六个创新” 实现“六个更加”"
    assert (meta["region"], meta["province"], meta["level"]) == ("沿河自治县", "贵州省", "county")
    assert meta["published"] == "2024-08-28"


def test_seed002_shangrao_exchange() -> None:
    meta = extract_metadata(seed("002"))
    assert meta["title"] == "贯彻落实会议精神 推动工作创新发展(上饶市人大常委会)"
    assert (meta["region"], meta["province"], meta["level"]) == ("上饶市", "江西省", "city")
    assert meta["published"] == "2013-07-04"
    assert meta["kind"] == "经验交流"
    assert meta["issuer"] == "上饶市人大常委会"
    assert meta["doc_number"] == ""  # 赣发〔2009〕14号 is a document it cites, not its own


def test_seed004_dongcheng_opinions() -> None:
    meta = extract_metadata(seed("004"))
    assert meta["title"] == "东城区第十六届人大常委会关于加强自身建设的意见"
    assert (meta["region"], meta["province"], meta["level"]) == ("北京市东城区", "北京市", "district")
    assert meta["adopted"] == "2017-08-31"
    assert meta["published"] == "2019-04-25"
    assert meta["kind"] == "意见"


SEED003 = [
    ("中共温州市委关于进一步加强人大工作推进社会主义民主政治建设的若干意见", "中共温州市委", "", "2024-11-19", "意见", "温州市"),
    ("中共温州市委关于加强市委自身建设的若干意见", "中共温州市委", "温委〔2024〕7号", "2024-02-14", "意见", "温州市"),
    ("加强和改善党对人大工作的领导充分发挥人大推动科学发展的积极作用", "中共攀枝花市委", "", "2024-07-05", "讲话", "攀枝花市"),
    ("中共温州市委组织部关于开展具有博士学位高层次人才资源摸底调查工作的通知", "中共温州市委组织部", "", "2024-05-04", "通知", "温州市"),
    ("中共广州市委关于进一步加强人大工作的意见", "中共广州市委", "穗字〔2024〕5号", "2007-09-17", "意见", "广州市"),
]


def test_seed003_each_document_has_its_own_metadata() -> None:
    metas = [extract_metadata(part) for part in split_documents(seed("003"))]
    got = [(m["title"], m["issuer"], m["doc_number"], m["published"], m["kind"], m["region"]) for m in metas]
    assert got == SEED003
    assert [m["province"] for m in metas] == ["浙江省", "浙江省", "四川省", "浙江省", "广东省"]
    assert {m["level"] for m in metas} == {"city"}


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("穗字〔2024〕5号", "穗字〔2024〕5号"), ("温委[2024]7号", "温委〔2024〕7号"), ("渭人常发［2021］12号", "渭人常发〔2021〕12号"),
        ("京发【2019】3号", "京发〔2019〕3号"), ("赣发（2009）14号", "赣发〔2009〕14号"), ("苏常备〔2019〕  43号", "苏常备〔2019〕43号"),
        ("没有文号", ""),
    ],
)
def test_doc_number_shapes_normalised(written: str, expected: str) -> None:
    assert normalize_doc_number(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("2016年05月11日", "2016-05-11"), ("2024-02-1412:15:58", "2024-02-14"), ("二〇一六年五月十一日", "2016-05-11"),
     ("(2007年9月17日)", "2007-09-17"), ("2019.4.25", "2019-04-25"), ("2019年13月1日", ""), ("无日期", "")],
)
def test_dates_normalised(written: str, expected: str) -> None:
    assert normalize_date(written) == expected


def test_today_widget_is_never_the_date() -> None:
    text = "欢迎访问某某县人大 今天是2019年3月13日 星期三\n某某县人大常委会关于加强代表工作的意见\n正文第一段。"
    assert extract_metadata(text)["published"] == ""


def test_signature_date_is_the_published_date() -> None:
    text = "关于做好代表培训工作的通知\n各乡镇：\n请认真做好培训工作。\n渭源县人大常委会办公室\n二〇二一年三月五日"
    meta = extract_metadata(text)
    assert meta["published"] == "2021-03-05"
    assert meta["issuer"] == "渭源县人大常委会办公室"
    assert meta["kind"] == "通知"


def test_a_notice_printing_a_document_is_signed_above_it() -> None:
    # 印发 notices sign off, then print the document they send: the signature is not at the end.
    text = ("关于印发《会宁县人大常委会2024年工作要点》的通知\n各乡镇人大主席团：\n现将工作要点印发给你们。\n"
            "会宁县人大常委会办公室\n2024年2月18日\n会宁县人大常委会2024年工作要点\n一、加强监督工作\n"
            "（一）听取和审议专项工作报告。\n（二）开展执法检查。\n二、加强代表工作\n（一）完善代表联络站建设。")
    meta = extract_metadata(text)
    assert (meta["issuer"], meta["published"]) == ("会宁县人大常委会办公室", "2024-02-18")
    # Where the end is signed too, the end's signature is the document's.
    assert extract_metadata(text + "\n会宁县人大常委会\n2024年2月20日")["issuer"] == "会宁县人大常委会"


def test_city_regulation_approved_by_the_province_belongs_to_the_city() -> None:
    path = next(EXTRA.glob("city-regulations/七台河市文明祭祀条例_*.txt"))
    meta = extract_metadata(path.read_text("utf-8").split("\n", 2)[2])
    assert (meta["region"], meta["province"], meta["level"]) == ("七台河市", "黑龙江省", "city")
    assert meta["adopted"] == "2022-09-15"
    assert meta["issuer"] == "七台河市人民代表大会常务委员会"
    assert meta["kind"] == "条例"


@pytest.mark.parametrize(
    ("title", "kind"),
    [("某某市人民代表大会常务委员会议事规则", "规则"), ("关于加强人大工作的实施意见", "实施意见"),
     ("北京市人大常委会组成人员守则", "守则"), ("某省选举实施细则", "细则"), ("关于修改某条例的决定", "决定"),
     ("某某市人民代表大会代表视察办法（试行）", "办法"), ("沿河人大:着力六个创新", "")],
)
def test_kind_from_title(title: str, kind: str) -> None:
    assert extract_metadata(f"{title}\n第一条 正文。")["kind"] == kind


@pytest.mark.parametrize(
    ("text", "region", "province", "level"),
    [
        ("中共渭源县委", "渭源县", "甘肃省", "county"),
        ("沿河土家族自治县人大常委会", "沿河土家族自治县", "贵州省", "county"),
        ("沿河自治县人大常委会", "沿河自治县", "贵州省", "county"),
        ("北京市东城区人大常委会", "北京市东城区", "北京市", "district"),
        ("上海市人民代表大会", "上海市", "上海市", "province"),
        ("广西壮族自治区人大常委会", "广西壮族自治区", "广西壮族自治区", "province"),
        ("渭源县会川镇人民代表大会", "渭源县会川镇", "甘肃省", "township"),
    ],
)
def test_places_from_the_gazetteer(text: str, region: str, province: str, level: str) -> None:
    place = find_place(text)
    assert place is not None
    assert (place.region, place.province, place.level) == (region, province, level)


@pytest.mark.parametrize("text", ["朝阳区人大常委会", "市和县人大常委会", "某某县人大", ""])
def test_ambiguous_or_unknown_places_are_not_guessed(text: str) -> None:
    assert find_place(text) is None


def test_unknown_fields_are_empty() -> None:
    meta = extract_metadata("加强代表工作\n代表要密切联系群众。")
    assert meta["region"] == meta["province"] == meta["level"] == meta["published"] == meta["doc_number"] == ""


def test_province_from_file_name_prefix() -> None:
    assert find_province("北京") == "北京市"
    assert find_province("内蒙古") == "内蒙古自治区"
    assert find_province("某某") == ""


@given(st.text(max_size=300))
def test_extract_metadata_never_raises(text: str) -> None:
    meta = extract_metadata(text)
    assert set(meta) >= {"title", "issuer", "doc_number", "published", "adopted", "kind", "region", "province", "level"}


@given(st.text(alphabet=st.sampled_from(list("中共温州市委关于的意见通知文件号〔〕[]（）()年月日0123456789一二〇：:\n 渭源县北京东城区发布日期")), max_size=300))
def test_extract_metadata_never_raises_on_document_like_text(text: str) -> None:
    extract_metadata(text)
