"""Settings from one typed object: environment (RENDAKB_*) first, CLI flags override."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# The checkout's corpus/ (this file is api/settings.py in the repo).
REPO_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def default_corpus() -> Path:
    return REPO_CORPUS if REPO_CORPUS.is_dir() else Path.cwd() / "corpus"


def default_index() -> Path:
    return Path(user_data_dir("rendakb")) / "index"


def default_crawl_state() -> Path:
    """The crawler's SQLite state, next to the index; read when Settings is made, not at import."""
    return Path(user_data_dir("rendakb")) / "crawl-state.sqlite"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RENDAKB_")

    corpus: Path = default_corpus()
    index: Path = default_index()
    host: str = "127.0.0.1"
    port: int = 8000
    max_query_chars: int = 200
    crawl_state: Path = Field(default_factory=default_crawl_state)  # RENDAKB_CRAWL_STATE
