"""Golden-file helpers for the structure and assignment tests, and the `--update-golden` option.

Registered with `pytest_plugins = ["golden_util"]` in the test modules (not in conftest.py, where a
plugin list is deprecated below the root); conftest.py registers it for assert rewriting.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from index.core.model import Document, ParsedDocument
from index.core.text import normalize_text

GOLDEN = Path(__file__).parent / "golden"
SOURCES = Path(__file__).parent / "sources"
SEEDS = SOURCES / "seeds"
CORPUS_EXTRA = SOURCES / "corpus-extra"

# Site chrome in the scraped seeds (the real cleaner is crawler/clean.py): drop it here so
# the golden files show the document, while the smoke tests feed the raw pages.
CHROME = re.compile(
    r"^(欢迎访问|今天是|搜索$|您当前的位置|当前位置|发布日期|发布时间|编辑:|设为首页|主办单位.*联系电话|"
    r"备案号|.*公网安备|Copyright|个人中心|.*打印本页|SOURCE: |<!-- INFO END -->|\(docx export)"
)
# Half-width ↔ full-width, for the "same document in the other width" tests.
WIDTH_SWAP = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；",
                            "（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/**/expected.json from the current parser output")


def drop_chrome(text: str) -> str:
    lines = [line.replace("\xa0", " ") for line in text.splitlines()]
    return "\n".join(line for line in lines if not CHROME.match(normalize_text(line.strip())))


def swap_width(text: str) -> str:
    return text.translate(WIDTH_SWAP)


def cases(kind: str) -> list[Path]:
    return sorted(p for p in (GOLDEN / kind).iterdir() if (p / "input.txt").exists())


def load_document(case: Path, body: str | None = None) -> Document:
    meta_path = case / "meta.json"
    meta: dict[str, Any] = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    text = body if body is not None else (case / "input.txt").read_text("utf-8")
    return Document(id="doc", title=case.name, body=drop_chrome(text), region=meta.get("region", ""))


def _short(text: str) -> dict[str, Any]:
    # Head and tail keep golden diffs readable and still catch text glued on at either end.
    return {"text_start": text[:30], "text_end": text[-15:] if len(text) > 30 else "", "text_len": len(text)}


def structure_summary(parsed: ParsedDocument) -> list[dict[str, Any]]:
    paths = {c.clause_id: c.path for c in parsed.clauses}
    return [
        {"path": c.path, "parent": paths.get(c.parent_id or ""), "label": c.label, "style": c.style,
         "heading": c.heading, "headings": c.headings, **_short(c.text)}
        for c in parsed.clauses
    ]


def assignment_summary(parsed: ParsedDocument) -> list[dict[str, Any]]:
    paths = {c.clause_id: c.path for c in parsed.clauses}
    return [
        {"origin": a.origin, "clauses": [paths[i] for i in a.clause_ids],
         "lead": [u.canonical for u in a.lead_units], "coop": [u.canonical for u in a.coop_units],
         "lead_names": [u.name for u in a.lead_units], "coop_names": [u.name for u in a.coop_units],
         "leader": a.leader, "deadline": a.deadline, "text": a.text}
        for a in parsed.assignments
    ]


def updating(config: pytest.Config) -> bool:
    # Options of a plugin listed in a test module's pytest_plugins are registered after the
    # command line is parsed, so `--update-golden` needs the plugin loaded early:
    #   PYTHONPATH=tests python -m pytest -p golden_util --update-golden tests/test_structure.py
    # UPDATE_GOLDEN=1 works without that.
    return bool(config.getoption("--update-golden", default=False)) or os.environ.get("UPDATE_GOLDEN") == "1"


def check_golden(request: pytest.FixtureRequest, case: Path, actual: Any) -> None:
    expected_path = case / "expected.json"
    # One clause or assignment a line: a golden diff reads like a diff of the document.
    rendered = "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in actual) + "\n]\n"
    if updating(request.config) or not expected_path.exists():
        expected_path.write_text(rendered, "utf-8")
        if not updating(request.config):
            pytest.fail(f"wrote missing {expected_path}; review it and rerun")
        return
    expected = expected_path.read_text("utf-8")
    if json.loads(expected) != actual:
        # A diff of the JSON (not pytest's assert rewriting, which a plugin module does not get).
        diff = difflib.unified_diff(expected.splitlines(), rendered.splitlines(), "expected", "actual", lineterm="")
        pytest.fail(f"{case.name} differs from {expected_path} (rerun with --update-golden after review):\n"
                    + "\n".join(list(diff)[:80]))
