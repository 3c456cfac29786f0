"""Whatever a person or a script sends to the search endpoints, the answer is never a 500:
a result, or a 4xx with {"error", "detail"}."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

# Characters that mean something to the query language, to Whoosh or to a URL.
SPECIAL = [
    '"', "“", "”", "「", "」", "'", "(", ")", "（", "）", "[", "]", "【", "】", "{", "}", "〔", "〕",
    ":", "：", "-", "—", "*", "＊", "?", "~", "～", "\\", "/", "%", "&", "#", "+", "=", "|", "^", "!",
    " ", "\u3000", "\t", "\n", "\x00", "\ufeff", "\u200b", "\u202e", "😀", "é", "ß", "İ",
    "region:", "地区：", "kind:", "year:", "unit:", "level:", "issuer:", "topic:", "AND", "OR", "NOT",
    "预算", "人大常委会", "一府两院", "县", "1/3", "60%", "〔2024〕5号", "预算*", "预箅~2", "渭源县",
]
TEXT = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8
words = st.lists(st.sampled_from(SPECIAL), max_size=14).map("".join)
queries = st.one_of(words, st.text(TEXT, max_size=40), st.text(TEXT, min_size=150, max_size=260))
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([-1, 0, 1, 2, 99, 100, 101, 1000, 1001, 2**31, 2**63]),
).map(str)
values = st.one_of(st.just(""), numbers, words, st.text(TEXT, max_size=20))
sorts = st.one_of(st.sampled_from(["relevance", "date"]), values)


def check(response) -> dict | list:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    if response.status_code >= 400:
        assert set(body) == {"error", "detail"}, body
        assert isinstance(body["error"], str) and body["error"]
        assert isinstance(body["detail"], str)
    return body


@given(
    q=queries,
    region=values, kind=values, year=values, unit=values, level=values, issuer=values,
    page=st.one_of(numbers, values), size=st.one_of(numbers, values), sort=sorts,
)
def test_search_never_fails(client, q, region, kind, year, unit, level, issuer, page, size, sort) -> None:
    params = {"q": q, "region": region, "kind": kind, "year": year, "unit": unit, "level": level,
              "issuer": issuer, "page": page, "size": size, "sort": sort}
    response = client.get("/api/search", params=params)
    body = check(response)
    if response.status_code == 200:
        assert body["total"] >= len(body["hits"]) and len(body["hits"]) <= int(size)
        assert body["page"] == int(page)


@given(q=queries, region=values, limit=st.one_of(numbers, values))
def test_responsibility_never_fails(client, q, region, limit) -> None:
    response = client.get("/api/responsibility", params={"q": q, "region": region, "limit": limit})
    body = check(response)
    if response.status_code == 200:
        assert all(a["lead_units"] or a["coop_units"] or a["leader"] or a["deadline"] for a in body["answers"])


@given(q=queries, region=values)
def test_units_never_fail(client, q, region) -> None:
    body = check(client.get("/api/units", params={"q": q, "region": region}))
    assert body["total"] == len(body["units"])


@given(name=st.one_of(words, st.text(TEXT, min_size=1, max_size=30)))
def test_unit_tasks_never_fail(client, name) -> None:
    check(client.get(f"/api/units/{quote(name, safe='')}/tasks"))
