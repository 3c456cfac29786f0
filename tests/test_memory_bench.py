"""benchmarks/memory_bench.py reads resident memory right: its parsing, a real process tree, and a
real build and server on the sample corpus (the figures themselves are the script's to print)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench_util import memory_bench

mem = memory_bench()
MIB = 1024 * 1024


def test_resident_memory_is_read_from_proc_status() -> None:
    status = "Name:\tpython3\nVmPeak:\t  999999 kB\nVmRSS:\t   20480 kB\nThreads:\t1\n"
    assert mem.rss_from_status(status) == 20 * MIB
    assert mem.rss_from_status("Name:\tzombie\nState:\tZ (zombie)\n") == 0


def test_a_process_tree_is_the_process_and_all_its_descendants() -> None:
    parents = {1: 0, 10: 1, 11: 10, 12: 11, 20: 1, 21: 20}
    assert mem.children_of(10, parents) == {10, 11, 12}
    assert mem.children_of(12, parents) == {12}
    assert mem.children_of(1, parents) == {1, 10, 11, 12, 20, 21}


def test_the_tree_counts_a_child_s_memory() -> None:
    alone = mem.tree_rss(os.getpid())
    assert alone > 0
    holder = subprocess.Popen(  # writes 160 MiB, so the pages are resident, then waits
        [sys.executable, "-c", "import sys; b = b'x' * (160 << 20); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        assert mem.tree_rss(os.getpid()) - alone > 150 * MIB
        with mem.PeakSampler(os.getpid()) as sampler:
            pass
        assert sampler.peak > alone + 150 * MIB
    finally:
        holder.communicate("")


def test_the_report_lists_every_figure_in_mib() -> None:
    report = mem.format_memory_report(
        [(800 * MIB, 300 * MIB, 50.0), (780 * MIB, 330 * MIB, 52.0)],
        {"started": 150 * MIB, "peak while answering": 700 * MIB}, 130 * MIB, {"os.cpu_count()": "2"},
    )
    assert "- os.cpu_count(): 2" in report
    assert "| index build, peak of the whole process tree (median of 2) | 790 |" in report
    assert "| index build, largest single process (max of 2) | 330 |" in report
    assert "| server (`rendakb serve`, one worker), peak while answering | 700 |" in report
    assert "| index on disk | 130 |" in report


def test_a_real_build_and_server_are_measured(sample_corpus: Path, tmp_path: Path) -> None:
    peak, largest, seconds = mem.measure_build(sample_corpus)
    assert peak > 50 * MIB and largest > 50 * MIB and seconds > 0  # sampled every 20 ms: no order between the two
    figures = mem.measure_serving(sample_corpus, tmp_path / "index", ["预决算审查监督", "常委会会议"])
    assert (tmp_path / "index").is_dir() and mem.directory_bytes(tmp_path / "index") > 0
    assert figures["after the first query"] >= figures["started"] > 50 * MIB
    assert figures["peak while answering"] >= figures["after the first query"] * 0.9
