"""Topics and numeric requirements are computed at index time and come back with every hit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.core.requirements import Requirement
from index.results import SearchFilters, SearchRequest
from index.search import SearchService


@pytest.fixture(scope="module")
def service(sample_index: Path) -> Iterator[SearchService]:
    opened = SearchService.open(sample_index, refresh_interval=None)
    yield opened
    opened.close()


def test_hits_carry_topics_and_requirements(service: SearchService) -> None:
    results = service.search(SearchRequest(q="专职副主席 region:渭源县"))
    hit = next(h for h in results.hits if h.path == "二、（四）3.（1）")
    assert hit.topics[0] == "乡镇人大"
    assert all(isinstance(r, Requirement) and r.clause_id == hit.clause_id for r in hit.requirements)
    quota = {r.subject: (r.value, r.unit, r.scope) for r in hit.requirements if r.kind == "count"}
    assert quota["专职副主席"] == (1.0, "名", "一、二类乡镇")
    assert hit.to_dict()["requirements"][0]["kind"]


def test_topic_facet_counts_the_matching_clauses(service: SearchService) -> None:
    results = service.search(SearchRequest(q="专职副主席", size=50))
    facet = results.facets["topic"]
    assert facet["乡镇人大"] == sum(1 for h in results.hits if "乡镇人大" in h.topics) >= 2


def test_topic_filter_from_the_request_and_the_query_string(service: SearchService) -> None:
    given = service.search(SearchRequest(q="代表", filters=SearchFilters(topic="建议办理"), size=100))
    assert given.total >= 5 and all("建议办理" in h.topics for h in given.hits)
    typed = service.search(SearchRequest(q="代表 主题:建议办理", size=100))
    assert [h.clause_id for h in typed.hits] == [h.clause_id for h in given.hits]
    everything = service.search(SearchRequest(q="代表", size=1))
    assert everything.total > given.total


def test_clauses_by_requirement_key(service: SearchService) -> None:
    hits = service.clauses(SearchFilters(), requirement_key="ratio:专职组成人员")
    assert {h.region for h in hits} == {"渭源县", "温州市"}
    assert service.clauses(SearchFilters(region="北京市"), requirement_key="ratio:专职组成人员") == []
    # Without a query, every clause the filters allow; with one, only those matching all of it.
    topic = service.clauses(SearchFilters(topic="乡镇人大"))
    assert topic and all("乡镇人大" in h.topics for h in topic)
    assert service.clauses(SearchFilters(), q="没有这种东西XYZ") == []
