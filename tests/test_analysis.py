"""The analyzers: jieba words with real positions, dictionary sub-words, n-grams, normalisation."""

from __future__ import annotations

import pickle

from index.analysis import (
    JiebaTokenizer,
    ngram_analyzer,
    ngram_sequence,
    normalize_for_match,
    subword_analyzer,
    word_analyzer,
)
from index.query import highlight_text, parse_query


def tokens(analyzer, text, mode="index"):
    return [(t.text, t.pos, t.startchar, t.endchar) for t in analyzer(text, positions=True, chars=True, mode=mode)]


def test_words_have_positions_and_offsets_of_whole_words():
    text = "县人大常委会听取专题询问报告"
    found = tokens(word_analyzer(), text)
    assert [t[1] for t in found] == list(range(len(found)))
    for word, _, start, end in found:
        assert text[start:end] == word
    assert ("县人大常委会", 0, 0, 6) in found
    assert "专题询问" in [t[0] for t in found]  # from the congress dictionary


def test_subwords_share_their_parents_position():
    text = "县人民代表大会常务委员会"
    words = tokens(word_analyzer(), text)
    subs = tokens(subword_analyzer(), text)
    parent = {w[0]: w for w in words}
    sub_texts = [s[0] for s in subs]
    for expected in ("常务", "委员会", "委员", "常务委员会", "人民代表大会"):
        assert expected in sub_texts
    for word, pos, start, end in subs:
        assert text[start:end] == word
        owner = next(w for w in words if w[2] <= start and end <= w[3])
        assert pos == owner[1]
    assert parent  # the parent words themselves are not repeated among sub-words
    assert not set(sub_texts) & {w[0] for w in words if len(w[0]) > 1}


def test_query_mode_gives_precise_words_only():
    assert [t[0] for t in tokens(subword_analyzer(), "常务委员会", mode="query")] == ["常务委员会"]


def test_motions_by_name_are_one_word_not_the_word_for_a_cause():
    # 撤职案由谁提出 is 撤职案 / 由 / 谁 / 提出, not 撤职 / 案由 (the cause of a case) / …
    words = [t.text for t in word_analyzer()("撤职案由谁提出", mode="query")]
    assert words[:2] == ["撤职案", "由"]
    assert [t.text for t in word_analyzer()("法规案由主任会议提请", mode="query")][:2] == ["法规案", "由"]
    assert "案由" in [t.text for t in word_analyzer()("议案应当写明案由、案据和方案", mode="query")]
    # The motion's kind is still found inside it: 罢免 in 罢免案.
    assert "罢免" in [t.text for t in subword_analyzer()("罢免案")]


def test_punctuation_dropped_ascii_folded():
    found = [t[0] for t in tokens(word_analyzer(), "ＡＢＣ，1/3的60%")]
    assert "abc" in found
    assert "，" not in found and "/" not in found


def test_ngrams_cover_single_characters_and_symbols():
    grams = [t[0] for t in tokens(ngram_analyzer(), "〔2024〕5号 1/3")]
    for gram in ("〔", "〔2", "号", "1/", "/3", "县" if False else "5"):
        assert gram in grams
    assert ngram_sequence("1/3") == ["1/", "/3"]
    assert ngram_sequence("县") == ["县"]


def test_normalisation_keeps_length():
    text = "（一）ＡＢ　c"
    assert normalize_for_match(text) == "(一)ab c"
    assert len(normalize_for_match(text)) == len(text)


def test_analyzers_pickle_without_jieba_state():
    for analyzer in (word_analyzer(), subword_analyzer(), ngram_analyzer()):
        data = pickle.dumps(analyzer)
        assert len(data) < 200  # the class path and its options, no dictionary
        assert pickle.loads(data) == analyzer
    assert JiebaTokenizer.segmenter() is JiebaTokenizer.segmenter()


def test_highlight_marks_longest_words_and_escapes():
    html = highlight_text("<script>人大常委会</script>听取人大报告", ["人大", "人大常委会"])
    assert html == "&lt;script&gt;<mark>人大常委会</mark>&lt;/script&gt;听取<mark>人大</mark>报告"
    assert highlight_text("ＡＢＣ", ["abc"]) == "<mark>ＡＢＣ</mark>"


def test_query_parser_parts_and_fallbacks():
    parsed = parse_query('预算 "专题 询问" -执法 region:渭源县 year:2016 foo:bar')
    assert parsed.terms == ["预算", "foo:bar"]
    assert parsed.phrases == ["专题 询问"]
    assert parsed.excluded == ["执法"]
    assert parsed.filters == {"region": "渭源县", "year": "2016"}
    assert parse_query('"预算 审查').terms == ["预算", "审查"]
    assert parse_query("（预算 [审查").terms == ["预算", "审查"]
    assert parse_query("（一）").terms == ["（一）"]
