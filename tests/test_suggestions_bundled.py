""""Did you mean" on the whole bundled corpus, where near spellings of question words abound."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.results import SearchRequest
from index.search import SearchService

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def service(bundled_index: Path) -> SearchService:
    return SearchService.open(bundled_index, refresh_interval=None)


@pytest.mark.parametrize("q", ["代表建议怎么办理", "常委会会议多久开一次", "专题咨询怎么开展"])
def test_question_words_get_no_did_you_mean(service: SearchService, q: str) -> None:
    # No clause says 怎么 or 多久, so they are unknown to the index; 怎样 or 多于 would be no help.
    # (Each of these was offered such a swap before question words were left alone.)
    assert service.search(SearchRequest(q)).suggestions == []


@pytest.mark.parametrize("q", ["县里预算审查谁负责", "市里的代表联络站"])
def test_words_the_synonym_tables_read_get_no_did_you_mean(service: SearchService, q: str) -> None:
    # No clause says 县里 or 市里, but the tables read them as 县 and 市: offering 县城 or 市场 instead
    # would send the user away from a query that already found its clauses.
    results = service.search(SearchRequest(q))
    assert results.total > 0 and results.suggestions == []


@pytest.mark.parametrize(
    ("q", "meant", "question"), [("代表联洛站怎么设立", "代表联络站怎么设立", "怎么"), ("预算审察多久", "预算审查多久", "多久")]
)
def test_a_mistyped_word_beside_a_question_word_is_still_corrected(
    service: SearchService, q: str, meant: str, question: str
) -> None:
    suggestions = service.search(SearchRequest(q)).suggestions
    assert suggestions[0] == meant
    assert all(question in s for s in suggestions)  # only the mistyped word is replaced
