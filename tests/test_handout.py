"""Study handouts: Markdown, HTML and .docx through the API and the CLI; every provision cited; corpus
text escaped; real headings and tables; and (where LibreOffice is installed) a clean PDF conversion."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.handout import md, render_docx, render_html, render_markdown
from index.handout import Handout, build_handout
from index.search import SearchService

runner = CliRunner()
TOPIC = "代表建议办理"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def sample_handout(sample_index: Path) -> Iterator[Handout]:
    service = SearchService.open(sample_index, refresh_interval=None)
    yield build_handout(service, topic=TOPIC)
    service.close()


def styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def assert_every_provision_cited(handout: Handout, text: str) -> None:
    """Each provision's words and its citation (title, 文号, path, date) are in the rendered text."""
    for group in handout.comparison.groups:
        for document in group.documents:
            for provision in document.provisions:
                citation = document.citation.short(provision.path)
                assert citation in text, citation
                assert provision.text[:20] in text, provision.text[:20]
            assert document.citation.source in text


# -- the handout on 代表建议办理 --------------------------------------------------------------


def test_handout_spans_five_regions_with_citations(sample_handout: Handout) -> None:
    regions = [g.region for g in sample_handout.comparison.groups]
    assert len(regions) >= 5, regions
    page = html.unescape(re.sub(r"<[^>]+>", "", render_html(sample_handout)))
    assert_every_provision_cited(sample_handout, page)
    for region in regions:
        assert region in page


def test_html_has_a_table_of_contents_and_tables(sample_handout: Handout) -> None:
    page = render_html(sample_handout)
    assert page.startswith("<!doctype html>") and '<meta charset="utf-8">' in page
    toc = re.search(r'<div class="toc">(.*?)</div>', page, re.S)
    assert toc, "no table of contents"
    for group in sample_handout.comparison.groups:
        anchor = re.search(rf'<h2 id="([^"]+)">{re.escape(html.escape(group.region))}</h2>', page)
        assert anchor and f'href="#{anchor[1]}"' in toc[1], group.region
    assert page.count("<table>") >= 2  # a responsibility table (渭源县) and the comparison
    assert "<th>责任单位</th>" in page and "<th>要求</th>" in page


def test_docx_has_real_headings_and_tables(sample_handout: Handout) -> None:
    document = docx.Document(io.BytesIO(render_docx(sample_handout)))
    assert styled(document, "Title") == [sample_handout.title]
    regions = [g.region for g in sample_handout.comparison.groups]
    assert [h for h in styled(document, "Heading 1") if h in regions] == regions
    titles = [d.citation.title for g in sample_handout.comparison.groups for d in g.documents]
    assert styled(document, "Heading 2") == titles
    headers = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["条款", "责任单位", "协作单位", "责任领导", "完成时限"] in headers
    assert ["要求", "地区", "规定", "原文", "出处"] in headers
    text = "\n".join(p.text for p in document.paragraphs)
    assert_every_provision_cited(sample_handout, text)


def test_markdown_is_plain_markdown(sample_handout: Handout) -> None:
    text = render_markdown(sample_handout)
    assert text.startswith(f"# {md(sample_handout.title)}\n") and "[TOC]" in text
    assert "| 要求 | 地区 | 规定 | 原文 | 出处 |" in text


def test_libreoffice_converts_the_handout(sample_handout: Handout, tmp_path: Path) -> None:
    convert_to_pdf(render_docx(sample_handout), tmp_path / "handout.docx")
    convert_to_pdf(render_html(sample_handout).encode("utf-8"), tmp_path / "handout.html")


def convert_to_pdf(content: bytes, source: Path) -> Path:
    """Convert with `libreoffice --headless --convert-to pdf`, or skip where LibreOffice is not installed."""
    binary = shutil.which("libreoffice") or shutil.which("soffice")
    if binary is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer): PDF conversion not checked")
    source.write_bytes(content)
    profile = source.parent / "lo-profile"  # a private profile: concurrent runs must not share one
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(source.parent), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    pdf = source.with_suffix(".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.exists(), f"no PDF: {result.stdout} {result.stderr}"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    return pdf


# -- through the API and the CLI --------------------------------------------------------------


def test_export_endpoint_formats(client) -> None:
    page = client.get("/api/export", params={"topic": TOPIC, "format": "html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "各地规定汇编" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    text = client.get("/api/export", params={"topic": TOPIC, "format": "markdown"})
    assert text.headers["content-type"].startswith("text/markdown") and text.text.startswith("# ")
    assert "attachment" in text.headers["content-disposition"]
    word = client.get("/api/export", params={"topic": TOPIC, "format": "docx", "regions": "渭源县,温州市"})
    assert word.status_code == 200 and word.headers["content-type"] == DOCX_TYPE
    assert "filename*=UTF-8''" in word.headers["content-disposition"]
    document = docx.Document(io.BytesIO(word.content))
    assert [h for h in styled(document, "Heading 1") if h in ("渭源县", "温州市")] == ["温州市", "渭源县"]
    searched = client.get("/api/export", params={"q": "专题询问", "format": "markdown"})
    assert searched.status_code == 200 and "专题询问" in searched.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"format": "html"}, 400),  # neither topic nor q
        ({"topic": TOPIC, "q": "预算", "format": "html"}, 400),  # both
        ({"topic": TOPIC, "format": "pdf"}, 422),
        ({"topic": "没有这种东西XYZ", "format": "html"}, 404),
        ({"q": "没有这种东西XYZ", "format": "docx"}, 404),
    ],
)
def test_export_bad_input(client, params: dict, status: int) -> None:
    response = client.get("/api/export", params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"]


def test_cli_export_writes_each_format(sample_index: Path, tmp_path: Path) -> None:
    for name, check in (
        ("handout.docx", lambda data: data.startswith(b"PK")),
        ("handout.html", lambda data: data.startswith(b"<!doctype html>")),
        ("handout.md", lambda data: data.startswith("# 代表建议办理".encode())),
    ):
        target = tmp_path / name
        result = runner.invoke(app, ["export", "--topic", TOPIC, "-o", str(target), "--index", str(sample_index)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert check(target.read_bytes()), name
    printed = runner.invoke(app, ["export", "--q", "专题询问", "--format", "markdown", "--index", str(sample_index)],
                            catch_exceptions=False)
    assert printed.exit_code == 0 and printed.stdout.startswith("# ")
    for bad in (["--topic", TOPIC, "--format", "docx"], ["--topic", TOPIC, "--format", "pdf"], []):
        result = runner.invoke(app, ["export", *bad, "--index", str(sample_index)])
        assert result.exit_code == 2 and "错误" in result.output, bad


# -- untrusted corpus text ---------------------------------------------------------------------

HOSTILE_TITLE = "<b>代表建议</b>办理办法 [链接](javascript:alert(1))"
HOSTILE_BODY = """一、代表建议办理

（一）代表建议办理情况每年至少通报2次|伪造列|伪造列|。<script>alert("x")</script><img src=x onerror=alert(1)>

（二）办理代表建议要**认真**负责，`代码`与 [点我](javascript:alert(1)) 均为原文。\x0b控制字符也是原文。

责任单位：县财政局<i>斜体</i>
"""


@pytest.fixture(scope="module")
def hostile_handout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Handout]:
    from index.build import build_index
    from index.core.model import Document
    from index.corpus import write_document

    corpus = tmp_path_factory.mktemp("hostile-handout")
    write_document(corpus, Document(id="hostile00002", title=HOSTILE_TITLE, body=HOSTILE_BODY, region="某县",
                                    level="county", doc_number="某〔2024〕1号", source="<script>src</script>"))
    index_dir = tmp_path_factory.mktemp("hostile-handout-index") / "live"
    build_index(corpus, index_dir)
    service = SearchService.open(index_dir, refresh_interval=None)
    yield build_handout(service, topic=TOPIC)
    service.close()


def test_html_handout_shows_markup_as_text(hostile_handout: Handout) -> None:
    page = render_html(hostile_handout)
    for tag in ("<script", "<img", "<b>", "<i>", 'href="javascript', "<code>", "<strong>认真"):
        assert tag not in page, tag
    assert "&lt;script&gt;" in page and "&lt;b&gt;代表建议&lt;/b&gt;" in page
    assert "**认真**" in page and "[点我](javascript:alert(1))" in page


def test_pipes_in_text_do_not_add_table_columns(hostile_handout: Handout) -> None:
    page = render_html(hostile_handout)
    comparison = page[page.rindex("<table>", 0, page.index("<th>要求</th>")):]
    rows = re.findall(r"<tr>(.*?)</tr>", comparison[: comparison.index("</table>")], re.S)
    assert rows[0].count("<th>") == 5 and len(rows) >= 2
    assert all(row.count("<td>") == 5 for row in rows[1:])
    cells = re.findall(r"<td>(.*?)</td>", rows[1], re.S)
    assert cells[3] == "代表建议办理情况每年至少通报2次|伪造列|伪造列|"  # not split into columns, not cut
    assert cells[4].endswith("》一、（一）")


def test_markdown_handout_escapes(hostile_handout: Handout) -> None:
    text = render_markdown(hostile_handout)
    assert "<script" not in text and "&lt;script&gt;" in text
    assert r"\|伪造列\|" in text and r"\[点我\]" in text and "\x0b" not in text


def test_docx_handout_keeps_markup_as_literal_text(hostile_handout: Handout, tmp_path: Path) -> None:
    data = render_docx(hostile_handout)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert '<script>alert("x")</script>' in text and HOSTILE_TITLE in styled(document, "Heading 2")
    assert "控制字符" in text and "\x0b" not in text
    convert_to_pdf(data, tmp_path / "hostile.docx")
