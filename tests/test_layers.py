"""Dependencies point one way: api → index → index.core ← crawler; Whoosh, FastAPI and the network stay in their corners."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    package = ".".join(path.relative_to(REPO).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join(base + ([node.module] if node.module else [])))
            elif node.module:
                found.add(node.module)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((REPO / folder).rglob("*.py"))


def top(name: str) -> str:
    return name.split(".")[0]


def test_core_is_pure() -> None:
    forbidden = {"whoosh", "fastapi", "httpx", "requests", "urllib", "socket", "sqlite3", "api", "crawler", "starlette"}
    for path in modules("index/core"):
        bad = {name for name in imports_of(path) if top(name) in forbidden}
        bad |= {name for name in imports_of(path) if name.startswith("index.") and not name.startswith("index.core")}
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_index_does_not_reach_up_or_out() -> None:
    for path in modules("index"):
        bad = {name for name in imports_of(path) if top(name) in {"api", "crawler", "fastapi", "httpx"}}
        assert not bad, f"{path.relative_to(REPO)} imports {bad}"


def test_crawler_uses_only_the_core_and_the_corpus() -> None:
    allowed_index = ("index.core", "index.corpus")
    for path in modules("crawler"):
        for name in imports_of(path):
            if top(name) == "index":
                assert name.startswith(allowed_index), f"{path.relative_to(REPO)} imports {name}"
            assert top(name) not in {"api", "whoosh", "fastapi"}, f"{path.relative_to(REPO)} imports {name}"


def test_only_the_fetcher_talks_to_the_network() -> None:
    for path in modules("crawler") + modules("index") + modules("api"):
        if path.name == "fetch.py" and path.parent.name == "crawler":
            continue
        network = {name for name in imports_of(path) if top(name) in {"httpx", "requests", "urllib3", "aiohttp"}}
        assert not network, f"{path.relative_to(REPO)} imports {network}"


def test_whoosh_stays_behind_the_index_interface() -> None:
    # postings.py reads term postings for the search service (index/matching.py scores them without Whoosh).
    allowed = {"analysis.py", "schema.py", "build.py", "search.py", "query.py", "postings.py"}
    for path in modules("index") + modules("api") + modules("crawler"):
        uses = {name for name in imports_of(path) if top(name) == "whoosh"}
        if uses:
            assert path.parent.name == "index" and path.name in allowed, f"{path.relative_to(REPO)} imports whoosh"
