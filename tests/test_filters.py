"""Filter values as people type them, read against the values the index holds (index.filters).

The pure part on invented value tables; then through the API, page and CLI on the invented corpus
(望川县 and 北岭县 in 某省 and 另一省, 临溪市), whose names no rule knows.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from index.core.errors import QueryError
from index.expansion import load_tables
from index.filters import KnownValues, resolve_filters
from index.query import ALL_OF, ANY_OF, merge_filters, parse_query
from index.results import SearchFilters

KNOWN = KnownValues(
    region={"望川县": 40, "临溪市": 25, "新疆维吾尔自治区": 3, "川西州": 2},
    province={"某省": 65, "另一省": 9},
    level={"county": 40, "city": 27, "province": 3},
    kind={"任务分解方案": 30, "意见": 12, "议事规则": 20, "通知": 6},
    year={"2023": 30, "2024": 12, "2022": 6},
    issuer={"临溪市人民代表大会常务委员会": 20, "中共望川县委": 30, "望川县人大常委会": 12},
    unit={
        "望川县财政局": ("县财政局", "望川县财政局"),
        "北岭县财政局": ("县财政局", "北岭县财政局"),
        "望川县委组织部": ("县委组织部", "望川县委组织部"),
    },
    topic=("建议办理", "会议制度", "代表工作"),
)


def resolve(**typed: str):
    return resolve_filters(SearchFilters(**typed), KNOWN, load_tables())


def terms(**typed: str) -> list[list[tuple[str, str]]]:
    resolved = resolve(**typed)
    assert not resolved.impossible, resolved.notices
    return resolved.groups


def test_an_exact_value_means_itself_and_says_nothing() -> None:
    # What a facet link sends: no reading, no notice.
    for name, value in (("region", "望川县"), ("kind", "意见"), ("level", "county"), ("year", "2024"), ("unit", "县财政局")):
        resolved = resolve(**{name: value})
        assert len(resolved.groups) == 1 and not resolved.impossible
        assert resolved.notices == [], (name, resolved.notices)
    assert terms(issuer="中共望川县委") == [[("issuer", "中共望川县委")]]


def test_a_place_without_its_administrative_suffix() -> None:
    assert terms(region="望川") == [[("region", "望川县")]]
    assert terms(region="新疆") == [[("region", "新疆维吾尔自治区")]]
    assert terms(region=" 临溪 ") == [[("region", "临溪市")]]
    assert "望川县" in resolve(region="望川").notices[0]
    # A prefix that is not a name plus a suffix is not read as one: 望 is no place, 川 starts 川西州 only.
    assert resolve(region="望").impossible
    assert terms(region="川西") == [[("region", "川西州")]]


def test_a_province_stands_for_the_documents_of_its_counties_and_cities() -> None:
    assert terms(region="某省") == [[("province", "某省")]]
    assert terms(region="某") == [[("province", "某省")]]


def test_level_words_in_chinese_and_english() -> None:
    for typed in ("县", "县级", "county", "COUNTY", "ｃｏｕｎｔｙ", "县级人大"):
        assert terms(level=typed) == [[("level", "county")]], typed
    assert terms(level="设区的市") == [[("level", "city")]]
    missing = resolve(level="乡镇")
    assert missing.impossible and "县级" in missing.notices[0] and "乡镇" in missing.notices[0]


def test_a_kind_named_wider_or_narrower_than_the_index_names_it() -> None:
    assert terms(kind="分解方案") == [[("kind", "任务分解方案")]]
    assert terms(kind="实施意见") == [[("kind", "意见")]]
    assert terms(kind="规则") == [[("kind", "议事规则")]]
    assert resolve(kind="法规").impossible


@pytest.mark.parametrize("typed", ["2024", "2024年", "２０２４", " 2024 "])
def test_a_year_as_people_write_it(typed: str) -> None:
    assert terms(year=typed) == [[("year", "2024")]]


@pytest.mark.parametrize("typed", ["abc", "24", "2024-2025", "二〇二四", "20245"])
def test_a_year_that_is_no_year_is_a_clear_error(typed: str) -> None:
    with pytest.raises(QueryError) as raised:
        resolve(year=typed)
    assert "四位数字" in raised.value.args[0]


def test_a_year_with_no_documents_names_the_years_there_are() -> None:
    missing = resolve(year="1990")
    assert missing.impossible
    assert "2024、2023、2022" in missing.notices[0]


def test_an_issuer_by_its_short_name_or_part_of_it() -> None:
    assert terms(issuer="临溪市人大常委会") == [[("issuer", "临溪市人民代表大会常务委员会")]]
    assert terms(issuer="望川县委") == [[("issuer", "中共望川县委")]]
    both = terms(issuer="望川县")
    assert sorted(v for _, v in both[0]) == ["中共望川县委", "望川县人大常委会"]


def test_a_unit_as_written_canonical_or_by_part_of_its_name() -> None:
    assert terms(unit="望川县财政局") == [[("unit", "望川县财政局")]]
    assert terms(unit="县委组织部") == [[("unit", "县委组织部")]]  # as written: the index holds it
    assert terms(unit="县财政局") == [[("unit", "县财政局")]]  # both counties' units so written
    # Written without region, 县财政局 is the unit of both counties: every one so written.
    assert sorted(v for _, v in terms(unit="财政局")[0]) == ["北岭县财政局", "望川县财政局"]
    missing = resolve(unit="火星局")
    assert missing.impossible and "火星局" in missing.notices[0]


def test_a_topic_by_name_part_or_keyword() -> None:
    assert terms(topic="建议办理") == [[("topic", "建议办理")]]
    assert terms(topic="会议") == [[("topic", "会议制度")]]
    assert terms(topic="代表建议") == [[("topic", "建议办理")]]  # a keyword of the taxonomy


def test_a_value_that_names_nothing_lists_what_there_is_most_first() -> None:
    missing = resolve(region="火星")
    assert missing.impossible and missing.groups == []
    (notice,) = missing.notices
    assert "火星" in notice and notice.index("望川县") < notice.index("临溪市")


def test_a_mistyped_value_names_the_values_it_likely_meant_first() -> None:
    (notice,) = resolve(region="忘川").notices  # 忘 for 望, and the suffix left off
    assert "是不是“望川县”？" in notice and notice.index("望川县") < notice.index("临溪市")
    (notice,) = resolve(issuer="临溪市人民代表大会长务委员会").notices  # 长 for 常
    assert "是不是“临溪市人民代表大会常务委员会”" in notice
    (notice,) = resolve(kind="议事规侧").notices
    assert "是不是“议事规则”？" in notice
    (notice,) = resolve(region="火星").notices
    assert "是不是" not in notice  # nothing like it: no guess


def test_near_values_closest_first_and_bounded() -> None:
    from index.filters import MAX_NEAR, near_values

    values = ["望川县", "望江县", "临溪市", "望川县城关镇", "川西州"]
    assert near_values("忘川", values)[0] == "望川县"
    assert len(near_values("望", values)) <= MAX_NEAR
    assert near_values("", values) == [] and near_values("望川", []) == []


def test_values_typed_for_one_field_are_alternatives() -> None:
    parsed = parse_query("region:望川 地区:临溪市 代表建议")
    assert parsed.filters == {"region": f"望川{ANY_OF}临溪市"} and parsed.terms == ["代表建议"]
    assert sorted(terms(region=parsed.filters["region"])[0]) == [("region", "临溪市"), ("region", "望川县")]
    # One alternative unknown: the other still holds, and the unknown one is named.
    partly = resolve(region=f"望川{ANY_OF}火星")
    assert partly.groups == [[("region", "望川县")]] and not partly.impossible
    assert any("火星" in n for n in partly.notices)


def test_a_filter_from_the_request_and_one_typed_must_both_hold() -> None:
    merged = merge_filters(SearchFilters(region="望川县"), {"region": "临溪"})
    assert merged.region == f"望川县{ALL_OF}临溪"
    assert terms(region=merged.region) == [[("region", "望川县")], [("region", "临溪市")]]
    assert resolve(region=f"望川县{ALL_OF}火星").impossible


def test_control_characters_in_a_value_are_not_an_error() -> None:
    # The separators are what a hostile client may send: read as empty alternatives, never a crash.
    for typed in (ANY_OF, ALL_OF, f"{ANY_OF}{ALL_OF} ", f"望川{ANY_OF}{ANY_OF}"):
        resolve(region=typed)


# -- through the service -------------------------------------------------------------------------


def test_search_by_a_short_place_name_finds_the_countys_clauses(invented_client) -> None:
    for params in ({"q": "region:望川 代表建议"}, {"q": "代表建议", "region": "望川"}):
        body = invented_client.get("/api/search", params=params).json()
        assert body["total"] > 0 and {h["region"] for h in body["hits"]} == {"望川县"}, params
        assert any("望川县" in n for n in body["notices"])


def test_search_by_province_and_level_words(invented_client) -> None:
    body = invented_client.get("/api/search", params={"q": "地区:另一省 专职副主席"}).json()
    assert body["total"] > 0 and {h["region"] for h in body["hits"]} == {"北岭县"}
    county = invented_client.get("/api/search", params={"q": "常委会会议", "level": "县级"}).json()
    city = invented_client.get("/api/search", params={"q": "常委会会议", "level": "市"}).json()
    assert {h["level"] for h in county["hits"]} == {"county"} and {h["level"] for h in city["hits"]} == {"city"}


def test_an_unknown_value_is_an_empty_answer_that_says_why(invented_client) -> None:
    response = invented_client.get("/api/search", params={"q": "预算 region:火星"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 0 and "火星" in body["notices"][0] and "望川县" in body["notices"][0]


def test_a_malformed_year_is_a_400_with_a_message(invented_client) -> None:
    for params in ({"q": "预算", "year": "abc"}, {"q": "预算 年份:去年"}):
        response = invented_client.get("/api/search", params=params)
        assert response.status_code == 400, params
        assert "四位数字" in response.json()["error"]


def test_responsibility_and_unit_filters_read_the_same_way(invented_client) -> None:
    answers = invented_client.get("/api/responsibility", params={"q": "代表建议", "region": "望川"}).json()["answers"]
    assert answers and {a["region"] for a in answers} == {"望川县"}
    body = invented_client.get("/api/search", params={"q": "unit:财政局"}).json()
    assert {h["region"] for h in body["hits"]} == {"望川县", "北岭县"}


def test_who_is_responsible_says_how_a_region_was_read(invented_client) -> None:
    body = invented_client.get("/api/responsibility", params={"q": "代表建议", "region": "望川"}).json()
    assert body["answers"] and any("望川县" in notice for notice in body["notices"])
    exact = invented_client.get("/api/responsibility", params={"q": "代表建议", "region": "望川县"}).json()
    assert exact["notices"] == [] and exact["answers"] == body["answers"]


def test_who_with_an_unknown_region_says_why_nothing_answers(invented_client) -> None:
    # Typed in the question, as a cadre would: an empty table alone would not say the place is unknown.
    body = invented_client.get("/api/responsibility", params={"q": "代表建议 region:火星"}).json()
    assert body["answers"] == []
    assert "火星" in body["notices"][0] and "望川县" in body["notices"][0]
    page = invented_client.get("/who", params={"q": "代表建议", "region": "<i>火星</i>"}).text
    assert "<i>火星</i>" not in page
    assert re.search(r'<p class="filter-notice" role="status">[^<]*&lt;i&gt;火星&lt;/i&gt;[^<]*望川县', page)


def test_the_askers_own_place_is_not_searched_and_the_answer_says_so(invented_client) -> None:
    own = invented_client.get("/api/search", params={"q": "我县代表建议办理"}).json()
    plain = invented_client.get("/api/search", params={"q": "代表建议办理"}).json()
    assert [h["clause_id"] for h in own["hits"]] == [h["clause_id"] for h in plain["hits"]] != []
    assert any("“我县”" in n and "region:" in n for n in own["notices"]) and own["suggestions"] == []
    # Once a region is given there is nothing to say.
    named = invented_client.get("/api/search", params={"q": "我县代表建议办理", "region": "望川"}).json()
    assert not any("我县" in n for n in named["notices"]) and {h["region"] for h in named["hits"]} == {"望川县"}
    who = invented_client.get("/api/responsibility", params={"q": "我们县代表建议谁负责"}).json()
    assert who["answers"] and any("“我们县”" in n for n in who["notices"])


def test_the_search_page_shows_the_notice_escaped(invented_client) -> None:
    page = invented_client.get("/search", params={"q": "预算 region:<b>火星</b>"}).text
    assert "<b>火星</b>" not in page
    # The notice itself names the value, escaped (the search box echoes it too, so look in the notice).
    assert re.search(r'<p class="filter-notice" role="status">[^<]*&lt;b&gt;火星&lt;/b&gt;', page)


def test_the_cli_prints_how_a_filter_was_read(invented_corpus, invented_index) -> None:
    from api.cli import app

    result = CliRunner().invoke(
        app, ["search", "代表建议", "--region", "望川", "--corpus", str(invented_corpus), "--index", str(invented_index)]
    )
    assert result.exit_code == 0, result.output
    assert "地区“望川”按望川县筛选" in result.output


def test_the_cli_who_prints_how_a_filter_was_read(invented_corpus, invented_index) -> None:
    from api.cli import app

    args = ["--corpus", str(invented_corpus), "--index", str(invented_index)]
    result = CliRunner().invoke(app, ["who", "代表建议", "--region", "望川", *args])
    assert result.exit_code == 0, result.output
    assert "地区“望川”按望川县筛选" in result.output and "谁负责" in result.output
    unknown = CliRunner().invoke(app, ["who", "代表建议 region:火星", *args])
    assert unknown.exit_code == 0, unknown.output
    assert "火星" in unknown.output and "望川县" in unknown.output and "没有找到" in unknown.output


def test_compare_reads_short_place_names_and_provinces(invented_client) -> None:
    body = invented_client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "望川、临溪"}).json()
    assert set(body["regions"]) == {"望川县", "临溪市"}  # in the comparison's own order: by level
    whole = invented_client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "某省"}).json()
    assert set(whole["regions"]) == {"望川县", "临溪市"}  # 北岭县 is in 另一省
    missing = invented_client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "望川,火星"})
    assert missing.status_code == 404 and "火星" in missing.json()["error"]
    assert "是不是" not in missing.json()["error"]
    typo = invented_client.get("/api/compare", params={"topic": "常委会会议频次", "regions": "临溪,忘川"})
    assert typo.status_code == 404 and "是不是“望川县”？" in typo.json()["error"]


def test_document_and_unit_lists_read_places_the_same_way(invented_client) -> None:
    short = invented_client.get("/api/documents", params={"region": "望川"}).json()
    full = invented_client.get("/api/documents", params={"region": "望川县"}).json()
    assert short["total"] == full["total"] == 2
    assert invented_client.get("/api/documents", params={"region": "火星"}).json()["total"] == 0
    units = invented_client.get("/api/units", params={"region": "北岭"}).json()["units"]
    assert units and all("北岭县" in u["regions"] for u in units)


def test_document_and_unit_lists_say_how_a_place_was_read_or_that_it_is_not_there(invented_client) -> None:
    assert any("望川县" in n for n in invented_client.get("/api/documents", params={"region": "望川"}).json()["notices"])
    assert invented_client.get("/api/documents", params={"region": "望川县"}).json()["notices"] == []
    assert invented_client.get("/api/documents").json()["notices"] == []
    typo = invented_client.get("/api/units", params={"region": "忘川"}).json()
    assert typo["units"] == [] and "是不是“望川县”？" in typo["notices"][0]
    for page in ("/documents", "/units"):
        html = invented_client.get(page, params={"region": "<i>火星</i>"}).text
        assert "<i>火星</i>" not in html
        assert re.search(r'<p class="filter-notice" role="status">[^<]*&lt;i&gt;火星&lt;/i&gt;', html), page


@given(st.dictionaries(st.sampled_from(["region", "level", "kind", "issuer", "unit", "topic", "year"]),
                       st.text(alphabet="望川县临溪市某省一二三4０年级 \x00\x01:：、", max_size=12)))
def test_any_typed_value_is_read_or_refused_clearly(typed: dict[str, str]) -> None:
    try:
        resolved = resolve(**typed)
    except QueryError:
        assert typed.get("year", "").strip(" \x00\x01")  # only a year that is no year is refused
        return
    # Whatever was read, a condition that matched nothing is said, never silently dropped.
    assert resolved.impossible <= bool(resolved.notices)
