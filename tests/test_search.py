"""The search service over a small real index: recall, ranking, highlights, filters, facets, units."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build import build_from_documents
from index.core.errors import DocumentNotFound, QueryError, UnitNotFound
from index.core.model import (
    Clause,
    Document,
    ParsedDocument,
    TaskAssignment,
    Unit,
    make_clause_id,
)
from index.core.structure import parse_document_structure
from index.query import parse_query
from index.results import SearchFilters, SearchRequest
from index.search import SearchService

PLAN_ID = "plan00000001"


def unit(name: str, region: str = "渭源县") -> Unit:
    canonical = name if name.startswith(region) else region + name.removeprefix("县")
    return Unit(name, canonical, name.startswith("各"))


def clause(
    doc_id: str, path: str, text: str, heading: str = "", headings: list[str] | None = None, n: int = 0
) -> Clause:
    return Clause(make_clause_id(doc_id, path), doc_id, path, path, "test", heading, text, headings or [], ordinal=n)


def plan_document() -> ParsedDocument:
    """A task-decomposition plan built by hand: clauses and their assignments."""
    doc = Document(
        PLAN_ID,
        "中共渭源县委关于加强和改进人大工作任务分解落实方案",
        "（正文见条款）",
        region="渭源县",
        province="甘肃省",
        level="county",
        issuer="中共渭源县委",
        published="2016-05-11",
        kind="实施方案",
    )
    chain = ["任务分解", "支持和保证人大依法行使监督权"]
    clauses = [
        clause(
            PLAN_ID,
            "二、（二）1.（1）",
            "建立健全县人大及其常委会全口径预决算审批监督机制，完善预算初步审查程序。",
            heading="加强和改进预决算审查监督",
            headings=chain,
            n=1,
        ),
        clause(
            PLAN_ID,
            "二、（二）1.（2）",
            "加强和改进对全县司法工作的监督。开展执法检查，对重大问题进行专题询问或质询。",
            headings=chain,
            n=2,
        ),
        clause(
            PLAN_ID,
            "二、（二）1.（3）",
            "督促县政府强化预算执行，监督审计查出问题整改，审查决算草案。",
            headings=chain,
            n=3,
        ),
        clause(PLAN_ID, "二、（三）1.（1）", "建立常委会组成人员联系代表制度。", headings=["任务分解"], n=4),
        clause(PLAN_ID, "二、（三）1.（2）", "建设代表联络站，每个乡镇至少一个。", headings=["任务分解"], n=5),
        clause(PLAN_ID, "二、（四）", "民政部门应当做好社会救助工作。", n=6),
        clause(PLAN_ID, "二、（五）", "县人民政府应当加强对人大工作的保障。", n=7),
    ]
    ids = [c.clause_id for c in clauses]
    assignments = [
        TaskAssignment(
            lead_units=[
                unit("县人大财政经济委员会"),
                unit("县人大常委会财政经济与环保工作委员会"),
                unit("各乡镇人大主席团"),
            ],
            coop_units=[unit("县财政局"), unit("县审计局")],
            clause_ids=[ids[0]],
            origin="role_lines",
        ),
        TaskAssignment(lead_units=[unit("县人大法制委员会")], coop_units=[unit("县人民法院")], clause_ids=[ids[1]]),
        TaskAssignment(
            lead_units=[unit("县财政局")], coop_units=[unit("县审计局")], clause_ids=[ids[2]], deadline="2016年底"
        ),
        # one assignment governing two items: it answers for each of them
        TaskAssignment(lead_units=[unit("县人大常委会办公室")], leader="张三", clause_ids=[ids[3], ids[4]]),
    ]
    return ParsedDocument(doc, clauses, assignments)


REGULATION = """第一条　为了规范本市人民代表大会常务委员会的工作，根据有关法律，制定本条例。

第二条　常务委员会会议须有常务委员会全体组成人员的1/3以上出席，表决获得60%以上赞成方为通过。

第三条　依照〔2024〕5号文件办理。公民可以旁听。<script>alert(1)</script>

第四条　本条例自公布之日起施行。
"""


REAL_PLAN = """一、加强代表工作

1.建立代表履职档案。记录代表参加活动情况，每年通报一次。

责任单位:县人大常委会人事代表工作委员会

协作单位:县财政局、各乡镇人大主席团

2.完善代表建议办理机制。提高办理质量。

责任单位:县政府办公室
"""


def regulation(doc_id: str, region: str, published: str) -> Document:
    return Document(
        doc_id,
        f"{region}人民代表大会常务委员会议事规则",
        REGULATION,
        region=region,
        level="city",
        kind="地方性法规",
        issuer=f"{region}人民代表大会常务委员会",
        published=published,
    )


def stations(doc_id: str, region: str, count: int, published: str) -> Document:
    body = "\n\n".join(f"第{n}项　在第{n}片区建设代表联络站，组织代表进站履职。" for n in range(1, count + 1))
    return Document(
        doc_id, f"{region}代表联络站建设方案", body, region=region, level="county", kind="实施方案", published=published
    )


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    plan = plan_document()
    documents = [
        plan.document,
        regulation("reg000000001", "南京市", "2020-08-07"),
        regulation("reg000000002", "苏州市", "2022-01-24"),
        stations("sta000000001", "沿河县", 8, "2024-03-01"),
        stations("sta000000002", "渭源县", 2, "2019-06-01"),
        stations("sta000000003", "临洮县", 2, "2018-06-01"),
        Document(
            "real00000001",
            "临夏县人大工作任务分解方案",
            REAL_PLAN,
            region="临夏县",
            level="county",
            kind="实施方案",
            published="2021-01-01",
        ),
    ]

    def parse(doc: Document) -> ParsedDocument:
        return plan if doc.id == PLAN_ID else parse_document_structure(doc)

    index_dir = tmp_path_factory.mktemp("search") / "index"
    build_from_documents(documents, index_dir, parser=parse)
    return SearchService.open(index_dir)


def search(service: SearchService, q: str, **kwargs: object):
    return service.search(SearchRequest(q, **kwargs))  # type: ignore[arg-type]


def test_subword_recall(service):
    results = search(service, "常务委员会")
    texts = [h.text for h in results.hits]
    assert any("人民代表大会常务委员会" in t for t in texts)
    assert {h.doc_id for h in results.hits} >= {"reg000000001", "reg000000002"}


@pytest.mark.parametrize("q", ["县", "1/3", "60%", "〔2024〕5号", "５号"])
def test_single_characters_digits_and_symbols(service, q):
    results = search(service, q)
    assert results.total >= 1
    assert all("<mark>" in h.highlight for h in results.hits)


def test_phrase_query(service):
    assert search(service, '"代表联络站"').total >= 1
    assert search(service, '"联络站代表"').total == 0


def test_whole_word_ranks_above_subword(service):
    results = search(service, "民政")
    assert results.hits[0].text.startswith("民政部门")
    assert any("人民政府" in h.text for h in results.hits)  # still found, lower


def test_highlight_escapes_html(service):
    hit = search(service, "旁听").hits[0]
    assert "<mark>旁听</mark>" in hit.highlight
    assert "<script>" not in hit.highlight and "&lt;script&gt;" in hit.highlight


def test_filters_and_facets(service):
    everything = search(service, "常务委员会")
    # 常务委员会 in the two regulations, and 常委会 (the same, shortened) in 渭源县's plan
    assert set(everything.facets["region"]) == {"南京市", "苏州市", "渭源县"}
    nanjing = search(service, "常务委员会", filters=SearchFilters(region="南京市"))
    assert nanjing.total == everything.facets["region"]["南京市"]
    assert {h.region for h in nanjing.hits} == {"南京市"}
    typed = search(service, "常务委员会 region:苏州市 year:2022")
    assert typed.total == everything.facets["region"]["苏州市"]
    assert search(service, "常务委员会 region:苏州市", filters=SearchFilters(region="南京市")).total == 0
    assert search(service, "预算 unit:县财政局").total == 2  # lead of one clause, cooperating on another
    assert search(service, "预算").facets["unit"]["渭源县财政局"] == 2


def test_exclusion(service):
    assert search(service, "预算").total > search(service, "预算 -执行").total > 0


def test_pagination_and_one_document_cannot_fill_a_page(service):
    first = search(service, "代表联络站", size=5)
    per_doc = {}
    for hit in first.hits:
        per_doc[hit.doc_id] = per_doc.get(hit.doc_id, 0) + 1
    assert max(per_doc.values()) <= 3 and len(first.hits) == 5
    pages = [search(service, "代表联络站", size=5, page=p).hits for p in range(1, 5)]
    seen = [h.clause_id for page in pages for h in page]
    assert len(seen) == len(set(seen)) == first.total


def test_date_sort(service):
    hits = search(service, "代表联络站", sort="date", size=20).hits
    dates = [h.published for h in hits]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("q", "page", "size"), [("", 1, 10), ("   ", 1, 10), ("预" * 1000, 1, 10), ("预算", 0, 10), ("预算", 1, 10000)]
)
def test_bad_inputs_raise_query_error(service, q, page, size):
    with pytest.raises(QueryError):
        search(service, q, page=page, size=size)


@pytest.mark.parametrize("q", ['"预算', "预算)", "（预算", "[[预算", '预算 -"', "预算 region:", "：：预算", "-预算 监督"])
def test_odd_queries_fall_back_to_plain_terms(service, q):
    assert search(service, q).total > 0


@pytest.mark.parametrize("q", ['-"', "：：", "-", "\\", '"', "。。", "（）"])
def test_a_query_with_no_words_says_so_rather_than_answering_everything(service, q):
    with pytest.raises(QueryError, match="没有可以查找"):
        search(service, q)
    with pytest.raises(QueryError):
        service.responsibility(q)
    assert search(service, "region:渭源县").total > 0  # a filter alone browses what it allows


@pytest.mark.parametrize("q", ["-0", "-预算", "-预算 -监督", '-"预算审查"'])
def test_a_query_that_only_excludes_says_what_is_missing(service, q):
    with pytest.raises(QueryError, match="只有要排除的词"):
        search(service, q)
    assert search(service, f"代表 {q}").total > 0


def test_suggestions_for_unknown_words(service):
    assert isinstance(search(service, "联络站建没").suggestions, list)


def test_responsibility_ranks_own_text_first(service):
    hits = service.responsibility("预决算审查监督").hits
    first = hits[0]
    assert first.text.startswith("加强和改进预决算审查监督")
    assert [u.name for u in first.lead_units] == [
        "县人大财政经济委员会",
        "县人大常委会财政经济与环保工作委员会",
        "各乡镇人大主席团",
    ]
    assert [u.name for u in first.coop_units] == ["县财政局", "县审计局"]
    assert all(h.lead_units for h in hits)  # only clauses with an assignment


def test_responsibility_answers_for_each_governed_item(service):
    hits = service.responsibility("代表").hits
    paths = {h.path for h in hits}
    assert {"二、（三）1.（1）", "二、（三）1.（2）"} <= paths
    assert all(h.leader == "张三" for h in hits if h.path.startswith("二、（三）"))
    assert service.responsibility("代表", region="南京市").hits == []


def test_responsibility_with_the_real_parser(service):
    hits = service.responsibility("代表履职档案", region="临夏县").hits
    assert hits and "代表履职档案" in hits[0].text
    assert [u.name for u in hits[0].lead_units] == ["县人大常委会人事代表工作委员会"]
    assert "县财政局" in [u.name for u in hits[0].coop_units]
    assert any(t.hit.doc_id == "real00000001" for t in service.unit_tasks("县财政局"))


def test_units_and_unit_tasks(service):
    finance = [u for u in service.units("财政局")]
    finance = [u for u in finance if "渭源县" in u.regions]
    assert [u.name for u in finance] == ["渭源县财政局"]
    assert finance[0].lead_count == 1 and finance[0].coop_count == 1
    assert set(finance[0].names) == {"县财政局", "渭源县财政局"}
    assert service.units(region="南京市") == []
    by_written = service.unit_tasks("县财政局")
    by_canonical = service.unit_tasks("渭源县财政局")
    # written as 县财政局 in two counties' plans: the written name answers for both
    assert {(t.role, t.hit.clause_id) for t in by_canonical} < {(t.role, t.hit.clause_id) for t in by_written}
    assert sorted(t.role for t in by_canonical) == ["coop", "lead"]
    assert {t.hit.doc_id for t in by_canonical} == {PLAN_ID}
    assert {t.hit.doc_id for t in service.unit_tasks("临夏县财政局")} == {"real00000001"}
    with pytest.raises(UnitNotFound) as missing:
        service.unit_tasks("不存在的单位")
    assert "名称含" not in missing.value.args[0]


def test_a_part_of_a_unit_name_is_answered_with_the_units_it_names(service):
    with pytest.raises(UnitNotFound) as missing:
        service.unit_tasks("财政局")
    message = missing.value.args[0]
    assert "渭源县财政局" in message and "临夏县财政局" in message


def test_a_mistyped_unit_name_is_answered_with_the_unit_it_likely_meant(service):
    with pytest.raises(UnitNotFound) as missing:
        service.unit_tasks("县财正局")  # 正 for 政
    message = missing.value.args[0]
    assert "是不是" in message and "县财政局" in message
    with pytest.raises(UnitNotFound) as unlike:
        service.unit_tasks("不存在的单位XYZ")
    assert "是不是" not in unlike.value.args[0]


def test_documents_and_document(service):
    total, docs = service.documents()
    assert total == 7
    assert [d.published for d in docs] == sorted((d.published for d in docs), reverse=True)
    total, docs = service.documents(region="渭源县")
    assert total == 2
    parsed = service.document(PLAN_ID)
    assert len(parsed.clauses) == 7 and len(parsed.assignments) == 4
    assert parsed.document.title.startswith("中共渭源县委")
    with pytest.raises(DocumentNotFound):
        service.document("nope")
    hashes = service.document_ids_and_hashes()
    assert hashes[PLAN_ID] == parsed.document.sha256 and len(hashes) == 7


def test_hits_are_filled(service):
    hit = search(service, "预决算审查监督").hits[0]
    assert hit.doc_title and hit.region == "渭源县" and hit.path == "二、（二）1.（1）"
    assert hit.headings[-1] == "加强和改进预决算审查监督"
    assert hit.published == "2016-05-11" and hit.score > 0
    assert not hasattr(hit, "fields")  # a plain Hit, never a Whoosh hit


def test_threads_share_a_service(service):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        totals = list(pool.map(lambda q: search(service, q).total, ["预算", "代表", "县", "预算"] * 3))
    assert totals[0] == totals[3] and all(t > 0 for t in totals)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(min_size=1, max_size=40))
def test_any_query_answers_or_raises_query_error(service, q):
    try:
        results = search(service, q)
    except QueryError:
        # Nothing to look for: blank, only punctuation, or only excluded words (-0).
        if q.strip():
            parsed = parse_query(q)
            assert not any(ch.isalnum() for term in parsed.terms + parsed.phrases for ch in term)
    else:
        assert results.total >= len(results.hits)
