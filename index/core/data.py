"""The tables shipped in index/data (TOML): synonyms, question words, unit grammar and aliases,
topics, the core-document words. Read where they are used; callers cache what they build."""

from __future__ import annotations

import tomllib
from importlib import resources


def read_data(name: str) -> dict:
    return tomllib.loads(resources.files("index").joinpath("data", name).read_text("utf-8"))
