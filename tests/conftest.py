"""Shared fixtures: a small real corpus (ingested from the seeds and a few extra files) and its real index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Before any test module imports it (in whatever order they are collected), so that its asserts
# are rewritten; the modules using its option still name it in their own pytest_plugins.
pytest.register_assert_rewrite("golden_util")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO / "tests" / "sources"  # raw seeds and corpus-extra, vendored
SEEDS = SHARED / "seeds"
EXTRA = SHARED / "corpus-extra"
BUNDLED_CORPUS = REPO / "corpus"

# jieba and Whoosh are slow on a busy 2-core machine: no per-example deadline. The default
# profile is derandomized, so a run of main is repeatable and a red run can be reproduced;
# HYPOTHESIS_PROFILE=explore draws fresh examples, many more of them, to hunt for new failures.
settings.register_profile(
    "ci", deadline=None, max_examples=150, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "explore", deadline=None, max_examples=3000, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# A few extra documents of other shapes: 章/条/款 rules and a city regulation.
EXTRA_SAMPLES = (
    "local-rules/北京_北京市人民代表大会常务委员会议事规则(2010-12-23).txt",
    "local-rules/北京_北京市人民代表大会代表建议、批评和意见办理条例(2014-01-22).txt",
    "city-regulations/七台河市文明祭祀条例_七台河市人民代表大会常务委员会_2022-11-03.txt",
)


@pytest.fixture(scope="session", autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep tests away from the user's real index and caches."""
    home = tmp_path_factory.mktemp("home")
    old = {k: os.environ.get(k) for k in ("RENDAKB_INDEX", "XDG_DATA_HOME")}
    os.environ["RENDAKB_INDEX"] = str(home / "index")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    yield
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def sample_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from crawler.ingest import ingest_paths

    corpus = tmp_path_factory.mktemp("corpus")
    paths = [SEEDS] + [EXTRA / name for name in EXTRA_SAMPLES]
    report = ingest_paths(paths, corpus)
    assert not report.failures, report.failures
    return corpus


@pytest.fixture(scope="session")
def sample_index(sample_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index

    index_dir = tmp_path_factory.mktemp("index") / "live"
    build_index(sample_corpus, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def client(sample_corpus: Path, sample_index: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(corpus=sample_corpus, index=sample_index))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


class BundledBuild:
    """`rendakb index` of the whole bundled corpus, started in the background at collection.

    The build takes minutes of CPU; most of the suite (crawl tests in particular) waits on
    sockets and timers, so building alongside it and running the tests that need the index
    last keeps the suite's wall time down. Niced, so the foreground tests keep their pace.
    """

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="rendakb-bundled-"))
        self.index_dir = self.root / "index"
        self.log = self.root / "build.log"
        env = {**os.environ, "RENDAKB_CACHE_DIR": str(self.root / "cache")}
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "index", "--corpus", str(BUNDLED_CORPUS), "--index", str(self.index_dir)],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, preexec_fn=lambda: os.nice(10),
            )

    def wait(self) -> Path:
        code = self.process.wait()
        assert code == 0, f"rendakb index of the bundled corpus failed ({code}):\n{self.log.read_text('utf-8')}"
        return self.index_dir

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)


_bundled_build: BundledBuild | None = None


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests on the whole bundled corpus run last, while its index is built in the background."""
    global _bundled_build
    needs = [item for item in items if "bundled_index" in getattr(item, "fixturenames", ())]
    if not needs:
        return
    items[:] = [item for item in items if item not in needs] + needs
    _bundled_build = BundledBuild()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _bundled_build is not None:
        _bundled_build.close()


@pytest.fixture(scope="session")
def bundled_index() -> Path:
    """The index of the whole bundled corpus (371 documents), built by the real `rendakb index`.

    Shared by every test that must hold on the real corpus; mark such tests `slow`.
    """
    assert _bundled_build is not None, "bundled_index is started at collection (pytest_collection_modifyitems)"
    return _bundled_build.wait()


@pytest.fixture(scope="session")
def bundled_client(bundled_index: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(corpus=BUNDLED_CORPUS, index=bundled_index))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def invented_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Invented documents of invented regions (tests/invented_docs.py): rules, not seed strings."""
    from index.corpus import write_document
    from tests.invented_docs import INVENTED_DOCUMENTS

    corpus = tmp_path_factory.mktemp("invented-corpus")
    for document in INVENTED_DOCUMENTS:
        write_document(corpus, document)
    return corpus


@pytest.fixture(scope="session")
def invented_index(invented_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from index.build import build_index

    index_dir = tmp_path_factory.mktemp("invented-index") / "live"
    build_index(invented_corpus, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def invented_client(invented_corpus: Path, invented_index: Path) -> Iterator[object]:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.settings import Settings

    app = create_app(Settings(corpus=invented_corpus, index=invented_index))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
