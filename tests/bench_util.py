"""The benchmark scripts as modules for the tests (benchmarks/ is not a package)."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent


@cache
def benchmark_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def relevance_bench() -> ModuleType:
    return benchmark_script("relevance_bench")


def memory_bench() -> ModuleType:
    relevance_bench()  # the script imports it by name
    return benchmark_script("memory_bench")
