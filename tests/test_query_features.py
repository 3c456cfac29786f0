"""Issue 4's query shapes on invented texts: synonyms and abbreviations both ways, bounded
wildcards and fuzzy terms, question words, places, facets, sorting, paging, did-you-mean —
through the search service, the API and the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from index import ranking
from index.analysis import JiebaTokenizer
from index.build import build_from_documents
from index.core.model import Document
from index.expansion import MAX_EXPANSIONS, MIN_WILDCARD_PREFIX, expand_terms, ratio_variants
from index.matching import MAX_FUZZY_EXAMINED, IndexVocabulary
from index.results import SearchFilters, SearchRequest
from index.search import MAX_PAGE, SearchService

# (id, region, level, kind, issuer, published, body): every body is one clause per paragraph.
DOCUMENTS = [
    ("syn0000000a1", "甲县", "county", "实施方案", "中共甲县委员会", "2019-03-01",
     "第一条　人民代表大会常务委员会每年听取专项工作报告。\n\n第二条　县委办公室负责督办落实。"),
    ("syn0000000b1", "乙县", "county", "实施方案", "中共乙县委员会", "2021-05-01",
     "第一条　人大常委会每年听取专项工作报告。\n\n第二条　县委办负责督办落实。"),
    ("syn0000000c1", "丙市", "city", "条例", "丙市人民代表大会常务委员会", "2023-07-01",
     "第一条　机构编制委员会办公室核定人大机关编制。\n\n第二条　人力资源和社会保障局承办培训。\n\n"
     "第三条　人民政府、人民法院和人民检察院应当向本级人民代表大会报告工作。\n\n第四条　养犬人携犬出户应当使用牵引绳。"),
    ("syn0000000d1", "丁市", "city", "条例", "丁市人民代表大会常务委员会", "2020-01-01",
     "第一条　编办核定人大机关编制。\n\n第二条　人社局承办培训。\n\n第三条　“一府两院”应当向人大报告工作。\n\n"
     "第四条　常务委员会会议每两个月至少举行一次。\n\n第五条　遛狗时应当使用牵引绳。\n\n第六条　每个乡镇建设代表联络站。"),
    ("syn0000000e1", "戊县", "county", "规则", "戊县人民代表大会常务委员会", "2024-02-01",
     "第一条　常委会会议每两个月至少举行1次。\n\n第二条　预算草案初步审查应当在会议举行的三十日前进行。\n\n"
     "第三条　预算法的实施情况由常务委员会检查。\n\n第四条　预算案应当公开。"),
    ("lst0000000f1", "庚市", "city", "规定", "庚市人民代表大会常务委员会", "2018-09-01",
     "第一条　下列事项，市人民政府应当向市人大常委会报告：\n（一）城市总体规划的局部调整；\n（二）年度计划的部分变更。\n\n"
     "第二条　审议意见办理情况应当书面报告。\n\n第三条　有关机关应当认真办理审议意见，并书面报告。\n\n"
     "第四条　办理代表建议应当认真。"),
]
# Many clauses from one document, for paging and the per-document cap.
STATIONS = "\n\n".join(f"第{n}条　在第{n}片区建设代表联络站。" for n in range(1, 13))


def documents() -> list[Document]:
    docs = [
        Document(doc_id, f"{region}关于人大工作的文件", body, region=region, province="某省", level=level, kind=kind,
                 issuer=issuer, published=published)
        for doc_id, region, level, kind, issuer, published, body in DOCUMENTS
    ]
    docs.append(Document("sta0000000001", "己县代表联络站建设方案", STATIONS, region="己县", province="某省",
                         level="county", kind="实施方案", issuer="己县人大常委会", published="2022-06-01"))
    return docs


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("features") / "index"
    build_from_documents(documents(), folder)
    return folder


@pytest.fixture(scope="module")
def service(index_dir: Path) -> SearchService:
    return SearchService.open(index_dir, refresh_interval=None)


def hits(service: SearchService, q: str, **kwargs: object) -> list:
    return service.search(SearchRequest(q, size=20, **kwargs)).hits  # type: ignore[arg-type]


def doc_ids(found: list) -> list[str]:
    return [h.doc_id for h in found]


# -- synonyms and abbreviations --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "typed_doc", "other_doc"),
    [
        ("人大常委会", "syn0000000b1", "syn0000000a1"),
        ("人民代表大会常务委员会", "syn0000000a1", "syn0000000b1"),
        ("县委办", "syn0000000b1", "syn0000000a1"),
        ("县委办公室", "syn0000000a1", "syn0000000b1"),
        ("编办", "syn0000000d1", "syn0000000c1"),
        ("机构编制委员会办公室", "syn0000000c1", "syn0000000d1"),
        ("人社局", "syn0000000d1", "syn0000000c1"),
        ("人力资源和社会保障局", "syn0000000c1", "syn0000000d1"),
    ],
)
def test_either_form_finds_both_and_the_typed_form_ranks_first(service, typed, typed_doc, other_doc):
    found = hits(service, typed)
    ids = doc_ids(found)
    assert typed_doc in ids and other_doc in ids, ids
    first = {doc: next(h.score for h in found if h.doc_id == doc) for doc in (typed_doc, other_doc)}
    assert first[typed_doc] >= first[other_doc]
    assert ids.index(typed_doc) < ids.index(other_doc)
    expanded = next(h for h in found if h.doc_id == other_doc)
    assert "<mark>" in expanded.highlight  # the synonym is marked in the other text


def test_an_abbreviation_of_several_bodies_finds_them_named_one_by_one(service):
    found = hits(service, "一府两院")
    texts = [h.text for h in found]
    assert any("“一府两院”" in t for t in texts)
    assert any("人民政府、人民法院和人民检察院" in t for t in texts)
    assert "一府两院" in texts[0]  # as typed, first


def test_the_synonym_table_is_read_at_query_time_not_indexed():
    analyzer = JiebaTokenizer("subwords")
    tokens = {t.text for t in analyzer("县委办负责督办落实。")}
    assert "县委办公室" not in tokens  # the index holds what the text says …
    expanded = expand_terms(["县委办"], JiebaTokenizer.segmenter())
    assert ("县委办公室",) in [a.parts for a in expanded.concepts[0].alternatives]  # … the query the rest


def test_numerals_in_either_script_and_everyday_words(service):
    assert {"syn0000000d1", "syn0000000e1"} <= set(doc_ids(hits(service, "每两个月至少举行一次")))
    assert {"syn0000000c1", "syn0000000d1"} <= set(doc_ids(hits(service, "遛狗 牵引绳")))


@pytest.mark.parametrize(("typed", "other"), [
    ("1/3", "三分之一"), ("2/3", "三分之二"), ("60%", "百分之六十"), ("25%", "百分之二十五"),
    ("三分之一", "1/3"), ("百分之六十", "60%"), ("十分之一", "1/10"),
])
def test_a_share_is_read_in_either_script(typed, other):
    assert ratio_variants(typed) == [other]


@pytest.mark.parametrize("text", ["1/0", "十分之", "百分之", "60", "〔2024〕5号", "0.5%"])
def test_what_is_not_a_share_has_no_share_variant(text):
    assert ratio_variants(text) == []


def test_a_share_query_finds_both_scripts(tmp_path: Path):
    body = "第一条　党政领导干部代表不超过三分之一。\n\n第二条　专职组成人员应当占60%以上。\n\n第三条　连任代表应占1/3以上。"
    doc = Document("shr0000000a1", "癸县代表工作办法", body, region="癸县", province="某省", level="county", kind="办法")
    build_from_documents([doc], tmp_path / "index")
    shares = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        assert {h.path for h in shares.search(SearchRequest("1/3")).hits} == {"第一条", "第三条"}
        assert {h.path for h in shares.search(SearchRequest("三分之一")).hits} == {"第一条", "第三条"}
        assert [h.path for h in shares.search(SearchRequest("百分之六十")).hits] == ["第二条"]
    finally:
        shares.close()


def test_question_words_become_hints_not_requirements(service):
    found = hits(service, "常委会会议多久开一次")
    assert {"syn0000000d1", "syn0000000e1"} <= set(doc_ids(found[:2]))
    timing = hits(service, "预算初步审查提前多少天")
    assert timing and "三十日前" in timing[0].text


def test_a_question_typed_as_a_word_of_its_own_is_still_a_question():
    from index.analysis import Segmenter

    # 谁负责 after a space or a comma asks who; it is no word the clause must hold (谁 never is).
    splitter = Segmenter()
    for terms in (["预算审查", "谁负责"], ["预算审查，谁负责"], ["预算审查谁负责"]):
        expanded = expand_terms(terms, splitter)
        assert [c.typed for c in expanded.concepts] == ["预算审查"], terms
        assert expanded.intents == {"responsibility"}
    # A query of nothing but question words is searched as typed.
    assert [c.typed for c in expand_terms(["谁负责"], splitter).concepts] == ["谁", "负责"]
    # What comes next: 以后 and 干什么 ask, 执法检查 is what it is about; 后 inside a term (立法后评估) stays.
    assert [c.typed for c in expand_terms(["执法检查以后要干什么"], splitter).concepts] == ["执法检查"]
    assert "后" in [c.typed for c in expand_terms(["立法后评估"], splitter).concepts]
    # 各地 asks across regions and 频次 how often: neither is a word the rule is written with.
    expanded = expand_terms(["各地常委会会议频次"], splitter)
    assert [c.typed for c in expanded.concepts] == ["常委会会议"] and "每" in [h.typed for h in expanded.hints]
    # Asking what a document says (关于…有什么规定, …怎么说) asks for its provisions.
    for terms, concepts in ((["关于预算审查有什么规定"], ["预算审查"]), (["预算审查怎么说"], ["预算审查"]),
                            (["方案里关于预算审查是怎么规定的"], ["方案", "预算审查"])):
        assert [c.typed for c in expand_terms(terms, splitter).concepts] == concepts, terms


def test_a_hit_comes_with_its_context(service):
    hit = hits(service, "城市总体规划")[0]
    assert hit.text.startswith("城市总体规划的局部调整")
    assert hit.parent == "下列事项，市人民政府应当向市人大常委会报告："
    assert (hit.doc_title, hit.region, hit.published, hit.path) == ("庚市关于人大工作的文件", "庚市", "2018-09-01", "第一条第一项")
    # an item is found by the sentence it continues: 报告 is only in its parent
    assert "lst0000000f1:第一条第二项" in [h.clause_id for h in hits(service, "向人大常委会报告 年度计划")]


def test_the_words_as_typed_together_rank_first(service):
    found = hits(service, "审议意见办理")
    assert [h.path for h in found[:2]] == ["第二条", "第三条"]  # 审议意见办理 as typed, then its two words
    together = [h.path for h in hits(service, "认真办理") if h.doc_id == "lst0000000f1"]
    assert together[:2] == ["第三条", "第四条"]  # 认真 and 办理 side by side first, though 第四条 is shorter


def test_a_which_question_ranks_the_list_lead_in_above_its_items(tmp_path: Path):
    # Each item repeats the question's words, and is shorter; the question asks for the list.
    body = ("第一条　下列重大事项，应当提请常委会讨论、决定：\n（一）本级人民代表大会授权常委会讨论、决定的重大事项；\n"
            "（二）法律规定应当提请常委会讨论、决定的其他重大事项。\n\n第二条　常委会讨论、决定重大事项，应当充分听取意见。")
    doc = Document("lst0000000g1", "辛市重大事项规定", body, region="辛市", province="某省", level="city", kind="规定")
    build_from_documents([doc], tmp_path / "index")
    lists = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        asked = lists.search(SearchRequest("哪些重大事项应当提请常委会讨论决定", size=5)).hits
        assert asked[0].path == "第一条"
        plain = lists.search(SearchRequest("重大事项应当提请常委会讨论决定", size=5)).hits
        assert plain[0].path != "第一条"  # without 哪些 an item that says it all is as good an answer
    finally:
        lists.close()


def test_a_broader_form_counts_nearly_fully_where_the_title_says_the_rest(tmp_path: Path):
    # 主席团 alone is any presidium; in a regulation on 乡镇人民代表大会 it is the township one asked for.
    session = Document("prs0000000a1", "壬市人民代表大会议事规则", "第一条　主席团的职责是：主持本次会议。",
                       region="壬市", province="某省", level="city", kind="规则")
    township = Document("prs0000000b1", "壬市乡镇人民代表大会工作条例", "第一条　主席团的职责是：召集本级会议。",
                        region="壬市", province="某省", level="city", kind="条例")
    build_from_documents([session, township], tmp_path / "index")
    presidium = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        found = presidium.search(SearchRequest("乡镇人大主席团职责", size=5)).hits
        assert [h.doc_id for h in found] == ["prs0000000b1", "prs0000000a1"]
    finally:
        presidium.close()


def test_partial_matches_filling_a_page_are_the_best_scoring_of_equally_covered_ones():
    coverage = ranking.Coverage({1: 1.0, 2: 0.5, 3: 0.5, 4: 0.5, 5: 0.5})
    scores = {1: 9.0, 2: 1.0, 3: 4.0, 4: 3.0, 5: 2.0}
    assert ranking.trim_fill(scores, coverage, fill=3) == {1: 9.0, 3: 4.0, 4: 3.0}
    assert ranking.trim_fill(scores, coverage, fill=1) == {1: 9.0}  # full matches are never trimmed
    shares = {0: 1.0} | {d: 0.4 for d in range(1, 1000)}
    pool = ranking.select_matches(ranking.Coverage(shares), fill=10)
    assert len(pool) == 10 * ranking.FILL_POOL  # a pool to score, not the first ten of a tie
    # With no clause above the floor, those near the best-covered are the matches, all of them.
    near = ranking.Coverage({1: 0.5, 2: 0.5, 3: 0.1})
    assert ranking.trim_fill({1: 1.0, 2: 2.0, 3: 5.0}, near, fill=1) == {1: 1.0, 2: 2.0}


def test_a_place_and_a_common_word_are_no_partial_answer(tmp_path: Path):
    # 文明 is in nearly every clause of the civility regulations, as in the real ones; one city's
    # regulation is a small part of the index.
    body = "\n\n".join([f"第{n}条　第{n}项文明行为规范。" for n in range(1, 8)] + ["第八条　文明养犬，牵绳出户。"])
    city = Document("fil0000000c1", "泸州市文明行为促进条例", body, region="泸州市", province="四川省", level="city", kind="条例")
    others = "\n\n".join(f"第{n}条　第{n}片区文明创建。" for n in range(1, 41))
    other = Document("fil0000000e1", "宜宾市文明行为促进条例", others, region="宜宾市", province="四川省", level="city", kind="条例")
    dogs = Document("fil0000000d1", "宜宾市养犬条例", "第一条　养犬应当登记。\n\n第二条　养犬人应当牵绳。",
                    region="宜宾市", province="四川省", level="city", kind="条例")
    build_from_documents([city, other, dogs], tmp_path / "index")
    place = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        assert [h.path for h in place.search(SearchRequest("泸州 文明养犬")).hits] == ["第八条"]
        assert place.search(SearchRequest("泸州 量子计算")).hits == []
    finally:
        place.close()


def test_few_full_answers_are_followed_by_the_nearest_partial_ones(tmp_path: Path):
    body = "第一条　任命书由主任签署。\n\n第二条　任命书由主任署名。\n\n第三条　常委会颁发任命书。\n\n第四条　会议每两个月举行一次。"
    doc = Document("fil0000000a1", "子市任免办法", body, region="子市", province="某省", level="city", kind="办法")
    # 签署 as common as 任命书: a clause with one of them has half the query, short of a match.
    signing = "\n\n".join(f"第{n}条　第{n}号协议由双方签署。" for n in range(1, 3))
    other = Document("fil0000000b1", "丑市协议办法", signing, region="丑市", province="某省", level="city", kind="办法")
    build_from_documents([doc, other], tmp_path / "index")
    few = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        found = few.search(SearchRequest("任命书由谁签署", size=10))
        assert [h.path for h in found.hits][:1] == ["第一条"]  # the one with every word first
        assert {h.path for h in found.hits if h.doc_id == "fil0000000a1"} == {"第一条", "第二条", "第三条"}  # never 第四条
        assert found.hits[0].score > max(h.score for h in found.hits[1:])
        assert [h.partial for h in found.hits] == [False] + [True] * (len(found.hits) - 1)  # said, not hidden
    finally:
        few.close()
    # The page says where the partial matches begin, once; the API and the CLI mark each.
    app = create_app(Settings(corpus=tmp_path / "no-corpus", index=tmp_path / "index"))
    with TestClient(app) as client:
        page = re.sub(r"<[^>]+>", "", client.get("/", params={"q": "任命书由谁签署"}).text)  # without <mark>
        assert page.count("以下条款只含部分检索词") == 1
        assert page.index("任命书由主任签署") < page.index("以下条款只含部分检索词") < page.index("任命书由主任署名")
        hits = client.get("/api/search", params={"q": "任命书由谁签署"}).json()["hits"]
        assert [h["partial"] for h in hits][:2] == [False, True]
    printed = CliRunner().invoke(cli, ["search", "任命书由谁签署", "--index", str(tmp_path / "index")])
    assert printed.exit_code == 0 and printed.output.count("（部分匹配）") == len(hits) - 1


# -- wildcards and fuzzy terms -----------------------------------------------------------------


def test_a_wildcard_expands_to_indexed_words_and_is_bounded(service, index_dir):
    texts = [h.text for h in hits(service, "预算*")]
    assert any("预算法" in t for t in texts) and any("预算案" in t for t in texts)
    reader = service._generation.searcher().reader()
    vocabulary = IndexVocabulary(reader)
    assert len(vocabulary.words_with_prefix("第", MAX_EXPANSIONS)) <= MAX_EXPANSIONS
    concept = expand_terms(["预算*"], JiebaTokenizer.segmenter(), vocabulary).concepts[0]
    assert {"预算法", "预算案"} <= {a.parts[0] for a in concept.alternatives}
    assert len(concept.alternatives) <= MAX_EXPANSIONS + 1
    short = expand_terms(["预" + "*"], JiebaTokenizer.segmenter(), vocabulary).concepts[0]
    assert MIN_WILDCARD_PREFIX > 1 and [a.parts for a in short.alternatives] == [("预",)]  # too short: as typed


class CountingReader:
    """Whoosh's reader, counting the vocabulary words it hands out."""

    def __init__(self, reader) -> None:
        self.reader, self.served = reader, 0

    def expand_prefix(self, fieldname, prefix):
        for term in self.reader.expand_prefix(fieldname, prefix):
            self.served += 1
            yield term


def test_a_fuzzy_term_finds_near_words_and_reads_a_bounded_part_of_the_vocabulary(service):
    found = hits(service, "预箅~")  # 箅 for 算
    assert found and all("预算" in h.text for h in found)
    reader = CountingReader(service._generation.searcher().reader())
    near = IndexVocabulary(reader).words_near("预箅", 1, MAX_EXPANSIONS)
    assert "预算" in near
    assert reader.served <= MAX_FUZZY_EXAMINED
    concept = expand_terms(["预箅~9"], JiebaTokenizer.segmenter(), IndexVocabulary(reader.reader)).concepts[0]
    assert all(a.origin in ("typed", "fuzzy") for a in concept.alternatives)  # distance clamped, still bounded


# -- places, facets, sorting, paging, did-you-mean ----------------------------------------------------


def test_a_place_name_narrows_to_that_place(service):
    found = hits(service, "丁市 牵引绳")
    assert found and {h.region for h in found} == {"丁市"}


def test_facets_count_every_field(service):
    results = service.search(SearchRequest("编制"))
    assert results.total == 2
    facets = results.facets
    assert facets["region"] == {"丙市": 1, "丁市": 1}
    assert facets["level"] == {"city": 2}
    assert facets["kind"] == {"条例": 2}
    assert facets["year"] == {"2023": 1, "2020": 1}
    assert facets["issuer"] == {"丙市人民代表大会常务委员会": 1, "丁市人民代表大会常务委员会": 1}
    assert "unit" in facets
    county = service.search(SearchRequest("专项工作报告", filters=SearchFilters(level="county")))
    assert county.facets["level"] == {"county": county.total} and county.total == 2


def test_sorting_by_date_and_by_relevance(service):
    by_date = hits(service, "人大", sort="date")
    dates = [h.published for h in by_date]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 2
    by_score = hits(service, "人大")
    scores = [h.score for h in by_score]
    assert scores == sorted(scores, reverse=True)


def test_pages_are_disjoint_and_capped_per_document(service):
    first = service.search(SearchRequest("代表联络站", size=5))
    assert first.total == 13 and len(first.hits) == 5
    assert doc_ids(first.hits).count("sta0000000001") < 5  # one document cannot fill the page
    assert "syn0000000d1" in doc_ids(first.hits)
    pages = [service.search(SearchRequest("代表联络站", size=5, page=p)).hits for p in (1, 2, 3, 4)]
    seen = [h.clause_id for page in pages for h in page]
    assert len(seen) == len(set(seen)) == 13 and pages[3] == []
    assert service.search(SearchRequest("代表联络站", page=MAX_PAGE)).hits == []


def test_did_you_mean_for_a_word_the_index_does_not_know(service):
    results = service.search(SearchRequest("联络战"))
    assert results.suggestions[0] == "联络站"
    assert service.search(SearchRequest("联络站")).suggestions == []


# -- the same through the API and the CLI ------------------------------------------------------------


@pytest.fixture(scope="module")
def api(index_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    app = create_app(Settings(corpus=tmp_path_factory.mktemp("empty-corpus"), index=index_dir))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_query_shapes_through_the_api(api):
    body = api.get("/api/search", params={"q": "人社局", "size": 5}).json()
    assert {h["doc_id"] for h in body["hits"]} == {"syn0000000c1", "syn0000000d1"}
    assert api.get("/api/search", params={"q": "预算*"}).json()["total"] >= 3
    assert api.get("/api/search", params={"q": "预箅~"}).json()["total"] >= 1
    faceted = api.get("/api/search", params={"q": "编制", "region": "丙市"}).json()
    assert faceted["total"] == 1 and faceted["facets"]["region"] == {"丙市": 1}
    assert set(faceted["facets"]) >= {"region", "level", "kind", "year", "issuer", "unit"}
    dated = api.get("/api/search", params={"q": "人大", "sort": "date", "size": 3, "page": 2}).json()
    assert dated["page"] == 2 and [h["published"] for h in dated["hits"]] == sorted(
        (h["published"] for h in dated["hits"]), reverse=True
    )
    assert api.get("/api/search", params={"q": "联络战"}).json()["suggestions"][0] == "联络站"
    bad = api.get("/api/search", params={"q": "人大", "page": MAX_PAGE + 1})
    assert bad.status_code == 400 and set(bad.json()) == {"error", "detail"}


def test_a_word_of_two_senses_prefers_the_congress_work_document(tmp_path: Path):
    # Nearly the same clause (the regulation's scores a little higher on its own: shorter) in a
    # property regulation and in a county's rules on deputies' work.
    upkeep = Document("cor0000000a1", "卯市物业管理条例", "第一条　物业维修所需经费应当保障。", region="卯市",
                      province="某省", level="city", kind="条例")
    deputies = Document("cor0000000b1", "卯县人大代表工作规则", "第一条　代表活动所需的经费应当予以保障。", region="卯县",
                        province="某省", level="county", kind="规则")
    build_from_documents([upkeep, deputies], tmp_path / "index")
    core = SearchService.open(tmp_path / "index", refresh_interval=None)
    try:
        assert [h.doc_id for h in core.search(SearchRequest("经费")).hits] == ["cor0000000b1", "cor0000000a1"]
        # a word only the regulation has still finds it, first
        assert core.search(SearchRequest("物业 经费")).hits[0].doc_id == "cor0000000a1"
    finally:
        core.close()


def test_the_cli_prints_brackets_in_queries_and_texts_as_written(tmp_path: Path):
    # Rich would read [/b] as markup and stop with an error; corpus text and queries are never markup.
    doc = Document("brk0000000a1", "寅县[/b]规则", "第一条　会议由[bold]主任[/i]召集。", region="寅县",
                   province="某省", level="county", kind="规则")
    build_from_documents([doc], tmp_path / "index")
    runner = CliRunner()
    for command in (["search", "[/x] 主任召集"], ["who", "[/x] 主任召集"]):
        result = runner.invoke(cli, [*command, "--index", str(tmp_path / "index")])
        assert result.exit_code == 0, result.output
    found = runner.invoke(cli, ["search", "[/x] 主任召集", "--index", str(tmp_path / "index")]).output
    assert "[/x] 主任召集" in found and "寅县[/b]规则" in found and "[bold]主任[/i]" in found


def test_query_shapes_through_the_cli(index_dir: Path):
    runner = CliRunner()

    def run(*args: str) -> dict:
        result = runner.invoke(cli, ["search", *args, "--index", str(index_dir), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    assert {h["doc_id"] for h in run("编办")["hits"]} == {"syn0000000c1", "syn0000000d1"}
    assert run("编制", "--level", "city", "--issuer", "丙市人民代表大会常务委员会")["total"] == 1
    dated = run("人大", "--sort", "date", "--size", "2", "--page", "2")
    assert dated["page"] == 2 and len(dated["hits"]) == 2
    assert run("联络战")["suggestions"][0] == "联络站"
    plain = runner.invoke(cli, ["search", "编制", "--index", str(index_dir)])
    assert plain.exit_code == 0 and "地区" in plain.output  # facets shown under the answers
