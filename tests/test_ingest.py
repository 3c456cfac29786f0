"""documents_from_text and ingest_paths: seeds and corpus-extra formats into corpus/, idempotent, failures reported not raised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crawler.ingest import (
    IngestReport,
    documents_from_text,
    ingest_paths,
    parse_file_name,
    parse_record_note,
)
from index.core.model import make_document_id
from index.corpus import read_corpus

SEEDS = Path(__file__).resolve().parent / "sources" / "seeds"
EXTRA = SEEDS.parent / "corpus-extra"
SANMING = next(EXTRA.glob("city-regulations/三明市公共文明行为促进条例_*.txt"))
QITAIHE = next(EXTRA.glob("city-regulations/七台河市文明祭祀条例_*.txt"))
SHANGHAI = next(EXTRA.glob("local-rules/上海_上海市人民代表大会专门委员会工作条例*.txt"))


def seed_path(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_seed003_gives_five_documents_with_stable_ids() -> None:
    docs = documents_from_text(seed_path("003").read_text("utf-8"), "003.txt")
    assert len(docs) == 5
    assert [d.id for d in docs] == [make_document_id("003.txt", d.title) for d in docs]
    assert len({d.id for d in docs}) == 5
    assert documents_from_text(seed_path("003").read_text("utf-8"), "003.txt")[2].id == docs[2].id


def test_body_is_paragraphs_without_the_title() -> None:
    doc = documents_from_text(seed_path("000").read_text("utf-8"), "000.txt")[0]
    paragraphs = doc.body.rstrip("\n").split("\n\n")
    assert paragraphs[0].startswith("为贯彻落实县委人大工作会议精神")
    assert doc.title not in paragraphs[0]
    assert "任务分解落实方案" not in paragraphs[0]  # the title's second spelling is header too
    assert "责任单位:县委办公室,各乡镇党委" in paragraphs
    assert all("\n" not in p for p in paragraphs)
    assert "点击数" not in doc.body and "ICP" not in doc.body


def test_hints_override_extracted_fields() -> None:
    docs = documents_from_text(
        seed_path("004").read_text("utf-8"), "http://example.gov.cn/a.html",
        hints={"published": "2019-05-01", "kind": "意见"}, fetched="2024-01-01T00:00:00Z",
    )
    assert docs[0].published == "2019-05-01"
    assert docs[0].adopted == "2017-08-31"
    assert docs[0].fetched == "2024-01-01T00:00:00Z"
    assert docs[0].sources == ["http://example.gov.cn/a.html"]


def test_record_note_and_file_names_are_metadata() -> None:
    note = "(docx export of a record from 国家法律法规数据库 flk.npc.gov.cn; fields: Title=七台河市文明祭祀条例 | Office=七台河市人民代表大会常务委员会 | Publish=2022-11-03 00:00:00 | Url=./detail2.html?x%3D; text below = the record's 'Content' field)"
    assert parse_record_note(note) == {"title": "七台河市文明祭祀条例", "issuer": "七台河市人民代表大会常务委员会", "published": "2022-11-03"}
    assert parse_file_name("上海_上海市预算审查监督条例(2021-09-28)") == {"title": "上海市预算审查监督条例", "province": "上海市", "published": "2021-09-28"}
    assert parse_file_name("三明市公共文明行为促进条例_三明市人民代表大会常务委员会_2020-09-29")["issuer"] == "三明市人民代表大会常务委员会"
    assert parse_file_name("000_81ca5e4305218399") == {}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    return tmp_path / "corpus"


def test_ingest_seeds_and_extras_idempotently(corpus: Path) -> None:
    paths = [SEEDS, QITAIHE, SHANGHAI]
    first = ingest_paths(paths, corpus)
    assert isinstance(first, IngestReport)
    assert (first.new, first.changed, first.unchanged, first.skipped, first.failures) == (11, 0, 0, 0, [])
    files = sorted(p.name for p in corpus.glob("*.md"))
    second = ingest_paths(paths, corpus)
    assert (second.new, second.changed, second.unchanged) == (0, 0, 11)
    assert second.documents == first.documents
    assert sorted(p.name for p in corpus.glob("*.md")) == files
    docs = {d.title: d for d in read_corpus(corpus)}
    weiyuan = docs["中共渭源县委关于加强和改进人大工作任务分解落实方案"]
    assert (weiyuan.region, weiyuan.province, weiyuan.level, weiyuan.published, weiyuan.kind) == (
        "渭源县", "甘肃省", "county", "2016-05-11", "任务分解方案")
    assert weiyuan.source == seed_path("000").name


def test_same_file_from_another_folder_keeps_its_id(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / seed_path("004").name
    copy.parent.mkdir()
    shutil.copy(seed_path("004"), copy)
    a = ingest_paths([seed_path("004")], corpus)
    b = ingest_paths([copy.parent], corpus)
    assert a.documents == b.documents and b.unchanged == 1


def test_changed_file_is_rewritten(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("关于加强代表工作的通知\n各乡镇人大主席团：\n请认真做好代表工作。", "utf-8")
    assert ingest_paths([path], corpus).new == 1
    path.write_text("关于加强代表工作的通知\n各乡镇人大主席团：\n请认真做好代表工作，按时报送材料。", "utf-8")
    report = ingest_paths([path], corpus)
    assert (report.new, report.changed) == (0, 1)


def test_broken_files_are_skipped_with_a_reason(corpus: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04")
    (tmp_path / "garbled.txt").write_bytes(b"\xff\xfe\xfa\x81")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 an old binary Word file")
    good = tmp_path / "good.txt"
    good.write_text("关于加强代表工作的通知\n请认真做好代表工作。", "utf-8")
    report = ingest_paths([tmp_path / "empty.txt", tmp_path / "binary.txt", tmp_path / "garbled.txt",
                           tmp_path / "scan.pdf", tmp_path / "old.doc", tmp_path / "missing.txt", good], corpus)
    assert report.new == 1
    assert report.skipped == 6
    reasons = dict(report.failures)
    assert reasons[str(tmp_path / "empty.txt")] == "empty file"
    assert "NUL" in reasons[str(tmp_path / "binary.txt")]
    assert "decodable" in reasons[str(tmp_path / "garbled.txt")]
    assert "not a readable PDF" in reasons[str(tmp_path / "scan.pdf")]
    assert "unsupported" in reasons[str(tmp_path / "old.doc")]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file"


def test_city_regulation_format(corpus: Path) -> None:
    ingest_paths([SANMING], corpus)
    (doc,) = list(read_corpus(corpus))
    assert doc.source.startswith("mpr1255/pragmatic_moral_governance@")
    assert doc.id == make_document_id(SANMING.name, doc.title)
    assert doc.title == "三明市公共文明行为促进条例"
    assert doc.issuer == "三明市人民代表大会常务委员会"
    assert doc.published == "2020-09-29"
    assert (doc.region, doc.province, doc.level, doc.kind) == ("三明市", "福建省", "city", "条例")
    assert doc.adopted == "2020-06-29"
    assert "docx export" not in doc.body and "SOURCE" not in doc.body
    assert "目录" not in doc.body  # the table of contents block is dropped
    paragraphs = doc.body.split("\n\n")
    assert paragraphs.count("第一章 总则") == 1


def test_local_rule_markdown_format(corpus: Path) -> None:
    ingest_paths([SHANGHAI], corpus)
    (doc,) = list(read_corpus(corpus))
    assert doc.title == "上海市人民代表大会专门委员会工作条例"
    assert doc.adopted == "2020-09-25"
    assert (doc.region, doc.province, doc.level) == ("上海市", "上海市", "province")
    assert "#" not in doc.body and "INFO END" not in doc.body
    assert "第一章 总则" in doc.body.split("\n\n")


def test_bom_is_ignored(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff某某市文明行为促进条例\n第一条 为了促进文明行为，制定本条例。".encode())
    ingest_paths([path], corpus)
    (doc,) = list(read_corpus(corpus))
    assert doc.title == "某某市文明行为促进条例"


def test_html_file(corpus: Path, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html><head><meta name="ArticleTitle" content="渭源县人大常委会关于加强代表工作的意见">'
        '<meta name="PubDate" content="2020-01-02"></head><body><div class="sidebar">今天是2019年3月13日 星期三</div>'
        '<div class="TRS_Editor"><p>为加强代表工作，密切代表同人民群众的联系，提出如下意见。</p><p>一、总体要求</p></div></body></html>',
        "utf-8",
    )
    report = ingest_paths([tmp_path], corpus)
    assert report.new == 1
    (doc,) = list(read_corpus(corpus))
    assert (doc.title, doc.published, doc.region) == ("渭源县人大常委会关于加强代表工作的意见", "2020-01-02", "渭源县")
    assert doc.body.startswith("为加强代表工作")


ARTICLE_PAGE = (
    '<html><head><title>{title}</title></head><body><div class="nav">首页 | 人大概况</div>'
    '<div class="article"><h1>{title}</h1><div class="info">发布时间：2024-02-20 来源：县人大办 浏览次数：128</div>'
    "{body}</div></body></html>"
)


def test_the_info_lines_date_fills_in_when_the_text_has_none(corpus: Path, tmp_path: Path) -> None:
    # The extractor drops the info line with the rest of the chrome; its date is read from the page.
    title = "会宁县人大常委会关于加强代表工作的意见"
    (tmp_path / "page.html").write_text(
        ARTICLE_PAGE.format(title=title, body="<p>一、加强代表学习。每年组织代表培训不少于1次。</p><p>二、加强代表联络站建设。</p>"),
        "utf-8",
    )
    ingest_paths([tmp_path], corpus)
    (doc,) = list(read_corpus(corpus))
    assert (doc.title, doc.published) == (title, "2024-02-20")
    assert "浏览次数" not in doc.body


def test_a_signatures_date_is_the_documents_own_over_the_info_line(corpus: Path, tmp_path: Path) -> None:
    title = "关于做好代表培训工作的通知"
    body = "<p>各乡镇人大主席团：</p><p>请认真做好代表培训工作。</p><p>会宁县人大常委会办公室</p><p>2024年2月18日</p>"
    (tmp_path / "page.html").write_text(ARTICLE_PAGE.format(title=title, body=body), "utf-8")
    ingest_paths([tmp_path], corpus)
    (doc,) = list(read_corpus(corpus))
    assert (doc.published, doc.issuer) == ("2024-02-18", "会宁县人大常委会办公室")


def test_cover_notes_do_not_move_the_region_or_the_doc_number(corpus: Path) -> None:
    path = next(EXTRA.glob("city-regulations/泰州市文明行为条例_*.txt"))
    ingest_paths([path], corpus)
    (doc,) = list(read_corpus(corpus))
    assert (doc.title, doc.region, doc.province, doc.level) == ("泰州市文明行为条例", "泰州市", "江苏省", "city")
    assert doc.doc_number == ""  # 苏常备〔2019〕43号 numbers the province's filing report, not the regulation
    assert doc.adopted == "2019-08-13"


@pytest.mark.parametrize("label", ["附件1", "附件 2：", "附件三", "附　件"])
def test_an_attachments_label_is_not_its_title(label: str) -> None:
    # An attached file starts with its label; its title follows (附件1 / 望川县…任务分解表).
    text = f"{label}\n望川县加强人大工作重点任务分解表\n1.加强预算审查监督，完善预算初步审查程序。\n责任单位：县人大财经委"
    (doc,) = documents_from_text(text, "http://example.invalid/plan.docx")
    assert doc.title == "望川县加强人大工作重点任务分解表"
    assert doc.body.startswith("1.加强预算审查监督")


def test_a_text_with_no_title_line_takes_its_files_name_and_keeps_its_first_item(tmp_path: Path) -> None:
    # The first line to stand alone is a role line: no title, and never a reason to drop what precedes it.
    source = tmp_path / "望川县重点任务清单.txt"
    source.write_text("1.加强预算审查监督，完善预算初步审查程序。\n责任单位：县人大财经委\n2.建立代表联络站。\n"
                      "责任单位：县人大常委会办公室\n", encoding="utf-8")
    report = ingest_paths([source], tmp_path / "corpus")
    assert report.new == 1
    (doc,) = read_corpus(tmp_path / "corpus")
    assert doc.title == "望川县重点任务清单"
    assert doc.body.startswith("1.加强预算审查监督")
