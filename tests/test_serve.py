"""`rendakb serve` for real: a uvicorn process on 127.0.0.1 that builds its index on first run."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    index_dir = tmp_path_factory.mktemp("serve") / "index"  # does not exist yet: first run
    env = {**os.environ, "RENDAKB_CORPUS": str(sample_corpus), "RENDAKB_INDEX": str(index_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited early:\n{process.stdout.read()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("serve did not come up in 180 s")
    yield base, index_dir
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


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
