"""index.core.units: unit lists → Unit records (split, completion, canonical names, collective)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.core.model import Unit
from index.core.units import canonicalize_unit, split_units

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------------------------
# Seed 000 (渭源县 task-decomposition plan): every 责任单位/协作单位 value as written, with the
# names expected (collective ones marked *) and, below, every name's canonical form.
WEIYUAN = "渭源县"
SEED_LINES = [
    ("县委办公室,各乡镇党委", ["县委办公室", "*各乡镇党委"]),
    ("县人大常委会办公室,各乡镇人大主席团", ["县人大常委会办公室", "*各乡镇人大主席团"]),
    ("县委办公室、县人大常委会办公室", ["县委办公室", "县人大常委会办公室"]),
    (
        "县人民法院、县人民检察院,县委组织部、县委宣传部、县编办,县政府办公室、县人社局、县财政局",
        [
            "县人民法院",
            "县人民检察院",
            "县委组织部",
            "县委宣传部",
            "县编办",
            "县政府办公室",
            "县人社局",
            "县财政局",
        ],
    ),
    (
        "县委办公室、县政府办公室、县委组织部,各乡镇党委、各乡镇政府",
        ["县委办公室", "县政府办公室", "县委组织部", "*各乡镇党委", "*各乡镇政府"],
    ),
    (
        "县委办公室、县委宣传部、县委组织部,县委党校,各乡镇党委",
        ["县委办公室", "县委宣传部", "县委组织部", "县委党校", "*各乡镇党委"],
    ),
    (
        "县人大财政经济委员会,县人大常委会财政经济与环保工作委员会,各乡镇人大主席团",
        ["县人大财政经济委员会", "县人大常委会财政经济与环保工作委员会", "*各乡镇人大主席团"],
    ),
    ("县财政局、县审计局", ["县财政局", "县审计局"]),
    (
        "县人大法制委员会,县人大常委会法制工作委员会、人事与代表工作委员会,各乡镇人大主席团",
        [
            "县人大法制委员会",
            "县人大常委会法制工作委员会",
            "县人大常委会人事与代表工作委员会",
            "*各乡镇人大主席团",
        ],
    ),
    ("县纪委、县委组织部、县人民法院、县人民检察院", ["县纪委", "县委组织部", "县人民法院", "县人民检察院"]),
    (
        "县人大各专门委员会,县人大常委会各工作部门,各乡镇人大主席团",
        ["*县人大各专门委员会", "*县人大常委会各工作部门", "*各乡镇人大主席团"],
    ),
    (
        "县人大法制委员会,县人大常委会法制工作委员会,各乡镇人大主席团",
        ["县人大法制委员会", "县人大常委会法制工作委员会", "*各乡镇人大主席团"],
    ),
    (
        "县人大财政经济委员会、县人大常委会各工作部门,县政府办公室、县政府法制办",
        ["县人大财政经济委员会", "*县人大常委会各工作部门", "县政府办公室", "县政府法制办"],
    ),
    ("县人大各专门委员会,县人大常委会各工作部门", ["*县人大各专门委员会", "*县人大常委会各工作部门"]),
    ("县政府有关部门,县人民法院、县人民检察院", ["*县政府有关部门", "县人民法院", "县人民检察院"]),
    (
        "县委办公室、县人大常委会办公室、县政府办公室,各乡镇人大主席团",
        ["县委办公室", "县人大常委会办公室", "县政府办公室", "*各乡镇人大主席团"],
    ),
    (
        "县人大各专门委员会,县人大常委会各工作部门、县政府各工作部门",
        ["*县人大各专门委员会", "*县人大常委会各工作部门", "*县政府各工作部门"],
    ),
    (  # two names run together without a separator
        "县委组织部、县人大常委会人事与代表工作委员会县政府办公室,县人民法院、县人民检察院,各乡镇党委",
        [
            "县委组织部",
            "县人大常委会人事与代表工作委员会",
            "县政府办公室",
            "县人民法院",
            "县人民检察院",
            "*各乡镇党委",
        ],
    ),
    (
        "县人大常委会办公室、人事与代表工作委员会,各乡镇人大主席团",
        ["县人大常委会办公室", "县人大常委会人事与代表工作委员会", "*各乡镇人大主席团"],
    ),
    (
        "县人大常委会办公室、人事与代表工作委员会,县委组织部",
        ["县人大常委会办公室", "县人大常委会人事与代表工作委员会", "县委组织部"],
    ),
    (  # the page pads this line with hundreds of spaces
        "县委组织部、县人大常委会人事与代表工作委员会" + " " * 300,
        ["县委组织部", "县人大常委会人事与代表工作委员会"],
    ),
    (
        "县人大常委会人事与代表工作委员会,各乡镇人大主席团",
        ["县人大常委会人事与代表工作委员会", "*各乡镇人大主席团"],
    ),
    (
        "县委办公室、县委组织部、县政府办公室,县人民法院、县人民检察院",
        ["县委办公室", "县委组织部", "县政府办公室", "县人民法院", "县人民检察院"],
    ),
    ("县政府办公室,县人民法院、县人民检察院", ["县政府办公室", "县人民法院", "县人民检察院"]),
    ("县委各部门,全县各级国家机关及各部门", ["*县委各部门", "*全县各级国家机关及各部门"]),
    ("县委组织部,各乡镇党委", ["县委组织部", "*各乡镇党委"]),
    ("县编办、县人大常委会办公室", ["县编办", "县人大常委会办公室"]),
    ("县委组织部", ["县委组织部"]),
    (
        "县人大常委会办公室,各乡镇党委、各乡镇人大主席团",
        ["县人大常委会办公室", "*各乡镇党委", "*各乡镇人大主席团"],
    ),
    ("县编办,各乡镇党委", ["县编办", "*各乡镇党委"]),
    (
        "县委组织部、县编办、县人社局、县人大常委会办公室,各乡镇人大主席团",
        ["县委组织部", "县编办", "县人社局", "县人大常委会办公室", "*各乡镇人大主席团"],
    ),
    ("县财政局、县人大常委会办公室", ["县财政局", "县人大常委会办公室"]),
]
SEED_CANONICAL = {
    "县委办公室": "渭源县委办公室",
    "各乡镇党委": "渭源县各乡镇党委",
    "县人大常委会办公室": "渭源县人大常委会办公室",
    "各乡镇人大主席团": "渭源县各乡镇人大主席团",
    "县人民法院": "渭源县人民法院",
    "县人民检察院": "渭源县人民检察院",
    "县委组织部": "渭源县委组织部",
    "县委宣传部": "渭源县委宣传部",
    "县编办": "渭源县机构编制委员会办公室",
    "县政府办公室": "渭源县政府办公室",
    "县人社局": "渭源县人力资源和社会保障局",
    "县财政局": "渭源县财政局",
    "各乡镇政府": "渭源县各乡镇政府",
    "县委党校": "渭源县委党校",
    "县人大财政经济委员会": "渭源县人大财政经济委员会",
    "县人大常委会财政经济与环保工作委员会": "渭源县人大常委会财政经济与环保工作委员会",
    "县审计局": "渭源县审计局",
    "县人大法制委员会": "渭源县人大法制委员会",
    "县人大常委会法制工作委员会": "渭源县人大常委会法制工作委员会",
    "县人大常委会人事与代表工作委员会": "渭源县人大常委会人事与代表工作委员会",
    "县纪委": "渭源县纪委",
    "县人大各专门委员会": "渭源县人大各专门委员会",
    "县人大常委会各工作部门": "渭源县人大常委会各工作部门",
    "县政府法制办": "渭源县政府法制办公室",
    "县政府有关部门": "渭源县政府有关部门",
    "县政府各工作部门": "渭源县政府各工作部门",
    "县委各部门": "渭源县委各部门",
    "全县各级国家机关及各部门": "渭源县各级国家机关及各部门",
}


@pytest.mark.parametrize(("text", "expected"), SEED_LINES)
def test_seed_unit_lines(text: str, expected: list[str]) -> None:
    names = [e.lstrip("*") for e in expected]
    want = [Unit(n, SEED_CANONICAL[n], e.startswith("*")) for n, e in zip(names, expected, strict=True)]
    assert split_units(text, WEIYUAN) == want


def test_seed_lines_without_region_keep_names() -> None:
    for text, expected in SEED_LINES:
        units = split_units(text)
        assert [u.name for u in units] == [e.lstrip("*") for e in expected]
        assert all(u.canonical == canonicalize_unit(u.name) for u in units)


def test_seed_file_lines_are_all_covered() -> None:
    seed = Path(__file__).parent / "sources" / "seeds" / "000_81ca5e4305218399.txt"
    lines = seed.read_text("utf-8").splitlines()
    values = [ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(("责任单位:", "协作单位:"))]
    assert {v.strip() for v, _ in SEED_LINES} == set(values)


# ---------------------------------------------------------------------------------------------
# Invented variants: other regions and levels, separators, run-together and elliptical names.
VARIANTS = [
    # separators: full- and half-width, semicolons, spaces, slashes
    (
        "区人大常委会办公室；区政府办公室;区委办",
        "北京市东城区",
        [
            ("区人大常委会办公室", "北京市东城区人大常委会办公室", False),
            ("区政府办公室", "北京市东城区政府办公室", False),
            ("区委办", "北京市东城区委办公室", False),
        ],
    ),
    (
        "市委办公室 市政府办公室\u3000市人大常委会办公室",
        "上饶市",
        [
            ("市委办公室", "上饶市委办公室", False),
            ("市政府办公室", "上饶市政府办公室", False),
            ("市人大常委会办公室", "上饶市人大常委会办公室", False),
        ],
    ),
    (
        "县财政局/县审计局，县统计局",
        "会同县",
        [
            ("县财政局", "会同县财政局", False),
            ("县审计局", "会同县审计局", False),
            ("县统计局", "会同县统计局", False),
        ],
    ),
    # a space inside one name is not a separator
    ("县人大 常委会办公室", "清水县", [("县人大常委会办公室", "清水县人大常委会办公室", False)]),
    ("县委 宣传部", "清水县", [("县委宣传部", "清水县委宣传部", False)]),
    # run together
    (
        "县委办公室县政府办公室县人大常委会办公室",
        "清水县",
        [
            ("县委办公室", "清水县委办公室", False),
            ("县政府办公室", "清水县政府办公室", False),
            ("县人大常委会办公室", "清水县人大常委会办公室", False),
        ],
    ),
    ("市委市政府", "广州市", [("市委", "广州市委", False), ("市政府", "广州市政府", False)]),
    (
        "区财政局区审计局、区委组织部",
        "杭州市西湖区",
        [
            ("区财政局", "杭州市西湖区财政局", False),
            ("区审计局", "杭州市西湖区审计局", False),
            ("区委组织部", "杭州市西湖区委组织部", False),
        ],
    ),
    # conjunctions separate names only before a level
    (
        "县财政局和县审计局",
        "清水县",
        [("县财政局", "清水县财政局", False), ("县审计局", "清水县审计局", False)],
    ),
    (
        "县委各部门和各乡镇党委",
        "清水县",
        [("县委各部门", "清水县委各部门", True), ("各乡镇党委", "清水县各乡镇党委", True)],
    ),
    (
        "县委办公室以及县政府办公室",
        "清水县",
        [("县委办公室", "清水县委办公室", False), ("县政府办公室", "清水县政府办公室", False)],
    ),
    ("县政府及其组成部门", "清水县", [("县政府及其组成部门", "清水县政府及其组成部门", True)]),
    # not split: one name each
    (
        "县人民法院、县委组织部、县人大常委会财政经济与环保工作委员会",
        "清水县",
        [
            ("县人民法院", "清水县人民法院", False),
            ("县委组织部", "清水县委组织部", False),
            ("县人大常委会财政经济与环保工作委员会", "清水县人大常委会财政经济与环保工作委员会", False),
        ],
    ),
    ("县市场监督管理局", "清水县", [("县市场监督管理局", "清水县市场监督管理局", False)]),
    ("县乡村振兴局", "清水县", [("县乡村振兴局", "清水县乡村振兴局", False)]),
    # elliptical names
    (
        "区市场监督管理局、经济发展局",
        "北京市东城区",
        [
            ("区市场监督管理局", "北京市东城区市场监督管理局", False),
            ("区经济发展局", "北京市东城区经济发展局", False),
        ],
    ),
    (
        "县委组织部、宣传部、统战部",
        "清水县",
        [
            ("县委组织部", "清水县委组织部", False),
            ("县委宣传部", "清水县委宣传部", False),
            ("县委统战部", "清水县委统一战线工作部", False),
        ],
    ),
    (
        "市人大常委会法制工作委员会、代表工作委员会",
        "温州市",
        [
            ("市人大常委会法制工作委员会", "温州市人大常委会法制工作委员会", False),
            ("市人大常委会代表工作委员会", "温州市人大常委会代表工作委员会", False),
        ],
    ),
    (
        "县委办公室、政府办公室",
        "清水县",
        [("县委办公室", "清水县委办公室", False), ("县政府办公室", "清水县政府办公室", False)],
    ),
    (
        "县人民法院、检察院",
        "清水县",
        [("县人民法院", "清水县人民法院", False), ("县检察院", "清水县人民检察院", False)],
    ),
    (
        "县人大常委会办公室、财政局",
        "清水县",
        [("县人大常委会办公室", "清水县人大常委会办公室", False), ("县财政局", "清水县财政局", False)],
    ),
    (
        "定西市人大常委会、财政局",
        "渭源县",
        [("定西市人大常委会", "定西市人大常委会", False), ("定西市财政局", "定西市财政局", False)],
    ),
    (
        "县农业农村局、乡村振兴局",
        "清水县",
        [("县农业农村局", "清水县农业农村局", False), ("县乡村振兴局", "清水县乡村振兴局", False)],
    ),
    (
        "各乡镇党委、人大主席团",
        "清水县",
        [("各乡镇党委", "清水县各乡镇党委", True), ("各乡镇人大主席团", "清水县各乡镇人大主席团", True)],
    ),
    (
        "县纪委、各乡镇党委",
        "清水县",  # complete names are not completed
        [("县纪委", "清水县纪委", False), ("各乡镇党委", "清水县各乡镇党委", True)],
    ),
    (
        "县委办公室、团县委、全国人大常委会法工委",
        "清水县",
        [
            ("县委办公室", "清水县委办公室", False),
            ("团县委", "团县委", False),
            ("全国人大常委会法工委", "全国人大常委会法制工作委员会", False),
        ],
    ),
    # noise: 由, notes in brackets, trailing punctuation and 牵头/配合/等
    (
        "由县财政局牵头，县审计局（配合）。",
        "清水县",
        [("县财政局", "清水县财政局", False), ("县审计局", "清水县审计局", False)],
    ),
    (
        "县发改局(牵头)、县住建局等；",
        "清水县",
        [("县发改局", "清水县发展和改革局", False), ("县住建局", "清水县住房和城乡建设局", False)],
    ),
    ("责任单位：县委办公室", "清水县", [("县委办公室", "清水县委办公室", False)]),
    # collective units, with brackets that belong to the name
    (
        "各县(市、区)委，市直各有关单位",
        "温州市",
        [("各县(市、区)委", "温州市各县（市、区）委", True), ("市直各有关单位", "温州市直各有关单位", True)],
    ),
    (
        "各县（市、区）人大常委会、市委组织部",
        "浙江省温州市",
        [
            ("各县（市、区）人大常委会", "浙江省温州市各县（市、区）人大常委会", True),
            ("市委组织部", "浙江省温州市委组织部", False),
        ],
    ),
    (
        "区直各相关单位、各街道工委",
        "北京市东城区",
        [
            ("区直各相关单位", "北京市东城区直各相关单位", True),
            ("各街道工委", "北京市东城区各街道工委", True),
        ],
    ),
    (
        "全市各级国家机关、市政府所属各部门",
        "上饶市",
        [
            ("全市各级国家机关", "上饶市各级国家机关", True),
            ("市政府所属各部门", "上饶市政府所属各部门", True),
        ],
    ),
    (
        "县直部门、领导小组成员单位",
        "清水县",
        [("县直部门", "清水县直部门", True), ("县领导小组成员单位", "清水县领导小组成员单位", True)],
    ),
    # levels: province, city, district, township; levels above and below the region
    (
        "省人大常委会、省委组织部",
        "甘肃省",
        [("省人大常委会", "甘肃省人大常委会", False), ("省委组织部", "甘肃省委组织部", False)],
    ),
    ("省人大常委会", "渭源县", [("省人大常委会", "省人大常委会", False)]),
    (
        "市人大常委会、县人大常委会",
        "甘肃省定西市渭源县",
        [
            ("市人大常委会", "甘肃省定西市人大常委会", False),
            ("县人大常委会", "甘肃省定西市渭源县人大常委会", False),
        ],
    ),
    (
        "镇人大主席团，镇党委、镇政府",
        "清水县白驼镇",
        [
            ("镇人大主席团", "清水县白驼镇人大主席团", False),
            ("镇党委", "清水县白驼镇党委", False),
            ("镇政府", "清水县白驼镇政府", False),
        ],
    ),
    ("乡镇人民代表大会主席团", "清水县", [("乡镇人民代表大会主席团", "清水县乡镇人大主席团", False)]),
    (
        "区人大常委会、市中区政府",
        "山东省济南市市中区",
        [
            ("区人大常委会", "山东省济南市市中区人大常委会", False),
            ("市中区政府", "山东省济南市市中区政府", False),
        ],
    ),
    (
        "州人大常委会、县人大常委会",
        "延边朝鲜族自治州",
        [
            ("州人大常委会", "延边朝鲜族自治州人大常委会", False),
            ("县人大常委会", "延边朝鲜族自治州县人大常委会", False),
        ],
    ),
    # the same unit spelled several ways is one unit (kept as first written)
    (
        "县委办公室、县委办、中共清水县委办公室、清水县委办",
        "清水县",
        [("县委办公室", "清水县委办公室", False)],
    ),
    (
        "县编办、县委编办、县机构编制委员会办公室、中共清水县委机构编制委员会办公室",
        "清水县",
        [("县编办", "清水县机构编制委员会办公室", False)],
    ),
    (
        "沿河县人大常委会、县人民代表大会常务委员会、沿河人大常委会",
        "沿河土家族自治县",
        [("沿河县人大常委会", "沿河土家族自治县人大常委会", False)],
    ),
]


@pytest.mark.parametrize(("text", "region", "expected"), VARIANTS)
def test_variants(text: str, region: str, expected: list[tuple[str, str, bool]]) -> None:
    assert [(u.name, u.canonical, u.collective) for u in split_units(text, region)] == expected


@pytest.mark.parametrize(
    ("name", "region", "canonical"),
    [
        ("县人大常委会", "", "县人大常委会"),
        ("县人民代表大会常务委员会", "", "县人大常委会"),
        ("县人民代表大会常务委员会办公室", "清水县", "清水县人大常委会办公室"),
        ("县人大常委会办", "清水县", "清水县人大常委会办公室"),
        ("县人民政府办公室", "清水县", "清水县政府办公室"),
        ("县人民政府办", "清水县", "清水县政府办公室"),
        ("县政府办", "清水县", "清水县政府办公室"),
        ("县法院", "清水县", "清水县人民法院"),
        ("市中级法院", "温州市", "温州市中级人民法院"),
        ("中国共产党清水县委员会", "清水县", "清水县委"),
        ("中共清水县委", "", "清水县委"),
        ("县委编办", "", "县机构编制委员会办公室"),
        ("市人力资源社会保障局", "温州市", "温州市人力资源和社会保障局"),
        ("市市场监管局", "温州市", "温州市市场监督管理局"),
        ("乡镇人民代表大会办公室", "清水县", "清水县乡镇人大办公室"),  # no standing committee
        ("各县(市、区)委", "温州市", "温州市各县（市、区）委"),
        ("东城区人大常委会", "北京市东城区", "北京市东城区人大常委会"),
        ("东城人大常委会", "北京市东城区", "北京市东城区人大常委会"),
        ("北京市人大常委会", "北京市东城区", "北京市人大常委会"),
        ("北京大学", "北京市", "北京大学"),  # a short region form before a non-organ
        ("财政局", "清水县", "清水县财政局"),  # a bare department belongs to the region
        ("县", "清水县", "清水县"),
        ("  县财政局（牵头）。 ", "清水县", "清水县财政局"),
        ("", "清水县", ""),
    ],
)
def test_canonicalize_unit(name: str, region: str, canonical: str) -> None:
    assert canonicalize_unit(name, region) == canonical


def test_user_typed_names_resolve_to_the_indexed_canonical() -> None:
    indexed = {u.canonical for text, _ in SEED_LINES for u in split_units(text, WEIYUAN)}
    for typed in [
        "渭源县人民代表大会常务委员会人事与代表工作委员会",
        "渭源县编办",
        "渭源县委办",
        "中共渭源县委组织部",
        "渭源县人民政府办公室",
        "渭源人大常委会办公室",
    ]:
        assert canonicalize_unit(typed, WEIYUAN) in indexed, typed


def test_alias_table_is_unambiguous() -> None:

    aliases = tomllib.loads((ROOT / "index/data/unit_aliases.toml").read_text("utf-8"))["aliases"]
    variants = [v for vs in aliases.values() for v in vs]
    assert len(variants) == len(set(variants)), "a variant listed under two canonical forms"
    assert not set(variants) & set(aliases), "a canonical form listed as another's variant"
    for canonical in aliases:  # a canonical form is already canonical
        assert canonicalize_unit(canonical) == canonical


def test_no_seed_specific_strings_in_code_or_data() -> None:
    files = [ROOT / "index/core/units.py", *sorted((ROOT / "index/data").glob("unit*"))]
    for path in files:
        assert "渭源" not in path.read_text("utf-8"), path


# ---------------------------------------------------------------------------------------------
# Properties: any text, never raises; canonical names are stable.
VOCAB = [
    "县",
    "市",
    "区",
    "省",
    "乡镇",
    "街道",
    "各",
    "全县",
    "人大常委会",
    "人大",
    "政府",
    "委",
    "纪委",
    "人民法院",
    "人民检察院",
    "党校",
    "委员会",
    "工作委员会",
    "办公室",
    "局",
    "部",
    "办",
    "主席团",
    "有关",
    "中共",
    "人事与代表",
    "财政",
    "(",
    ")",
    "（牵头）",
    "（市、区）",
    "、",
    "，",
    ",",
    "；",
    " ",
    "\u3000",
    "。",
    "由",
    "等",
    "编办",
    "人社局",
    "渭源县",
    "东城区",
    "北京市",
]
unit_text = st.lists(st.sampled_from(VOCAB), max_size=25).map("".join)
region_text = st.sampled_from(
    ["", "渭源县", "北京市东城区", "甘肃省定西市渭源县", "沿河土家族自治县", "温州市"]
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), st.text(max_size=20))
def test_split_units_never_raises_on_any_text(text: str, region: str) -> None:
    units = split_units(text, region)
    assert all(isinstance(u, Unit) and u.name for u in units)
    assert len({u.canonical for u in units}) == len(units)


@settings(max_examples=400, deadline=None)
@given(unit_text, region_text)
def test_split_units_properties_on_unit_like_text(text: str, region: str) -> None:
    units = split_units(text, region)
    assert len({u.canonical for u in units}) == len(units)
    for u in units:
        assert u.name and u.name == u.name.strip()
        assert canonicalize_unit(u.canonical, region) == u.canonical  # idempotent
