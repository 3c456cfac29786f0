"""`rendakb serve` for real: a uvicorn process on 127.0.0.1 that builds its index on first run."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.server_util import serve

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("serve")
    index_dir = work / "index"  # does not exist yet: first run
    for base in serve(sample_corpus, index_dir, work / "serve.log"):
        yield base, index_dir


def test_first_run_builds_the_index_and_answers(server) -> None:
    base, index_dir = server
    assert index_dir.exists()
    body = httpx.get(f"{base}/api/responsibility", params={"q": "预决算审查监督"}, timeout=30).json()
    best = body["answers"][0]
    assert {u["name"] for u in best["lead_units"]} >= {
        "县人大财政经济委员会", "县人大常委会财政经济与环保工作委员会", "各乡镇人大主席团",
    }
    assert {u["name"] for u in best["coop_units"]} >= {"县财政局", "县审计局"}


def test_openapi_docs_are_served(server) -> None:
    base, _ = server
    assert httpx.get(f"{base}/openapi.json", timeout=10).json()["info"]["title"] == "rendakb"
    assert httpx.get(f"{base}/docs", timeout=10).status_code == 200


def readme_curl_examples() -> list[list[str]]:
    """The README's curl command lines, split as a shell would."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return [shlex.split(line) for line in readme.splitlines() if line.startswith("curl ")]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_readmes_curl_examples_get_an_answer(server) -> None:
    # uvicorn refuses a URL holding raw UTF-8 with 400, so a README example that sends one fails
    # for every reader who pastes it: run each against the real server.
    base, _ = server
    examples = readme_curl_examples()
    assert examples, "the README shows no curl example"
    for argv in examples:
        argv = [arg.replace("localhost:8000", base) for arg in argv]
        done = subprocess.run([*argv, "--silent", "--show-error", "--fail"], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"{' '.join(argv)}: {done.stderr}"
        assert json.loads(done.stdout)["answers"], done.stdout[:300]
