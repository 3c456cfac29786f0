"""benchmarks/relevance_bench.py as a module for the tests (benchmarks/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


@cache
def relevance_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("relevance_bench", REPO / "benchmarks" / "relevance_bench.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["relevance_bench"] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module
