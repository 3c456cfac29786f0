"""Memory benchmark: resident memory of a full index build and of the server answering queries.

    .venv/bin/python benchmarks/memory_bench.py                           # build into a temporary dir, serve it
    .venv/bin/python benchmarks/memory_bench.py --index /tmp/rk-idx --builds 0   # serve an existing index

Build: `rendakb index --rebuild` runs as a child process; its process tree (the command and the
writer processes it starts) is read from /proc every 20 ms, and the peak of the tree's summed
resident memory is reported with the largest single process (the build's own rusage from wait4,
whose peak the kernel keeps over the whole tree). Serve: `rendakb serve` (uvicorn, one worker) on 127.0.0.1
is asked every main query of the relevance benchmark over HTTP (/api/search), then a regional
comparison and the unit list; its resident memory is read after start-up, after the first query
and after all of them. Prints Markdown, with the machine's core count.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import relevance_bench as rb  # the main queries

RENDAKB = [sys.executable, "-m", "api.cli"]
SAMPLE_SECONDS = 0.02
MIB = 1024 * 1024


def rss_from_status(status: str) -> int:
    """Bytes of resident memory from the text of /proc/<pid>/status (0 for a zombie without VmRSS)."""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            value, unit = line.split()[1:3]
            return int(value) * {"kB": 1024, "mB": MIB}[unit]
    return 0


def children_of(pid: int, parents: dict[int, int]) -> set[int]:
    """`pid` and every process descending from it, given each process's parent."""
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, of in parents.items():
            if of == parent and child not in tree:
                tree.add(child)
                frontier.append(child)
    return tree


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # gone meanwhile
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])  # after "(comm)": state, ppid
    return parents


def tree_rss(pid: int) -> int:
    """Summed resident memory of `pid` and its descendants, now."""
    total = 0
    for member in children_of(pid, _parents()):
        try:
            total += rss_from_status(Path(f"/proc/{member}/status").read_text())
        except OSError:
            continue
    return total


class PeakSampler:
    """Samples a process tree's resident memory in a thread until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak = pid, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def measure_build(corpus: Path) -> tuple[int, int, float]:
    """(peak summed RSS of the build's process tree, largest single process, seconds) of one full build."""
    with tempfile.TemporaryDirectory(prefix="rendakb-mem-") as tmp:
        started = time.perf_counter()
        child = subprocess.Popen(
            [*RENDAKB, "index", "--corpus", str(corpus), "--index", str(Path(tmp) / "index"), "--rebuild"],
            cwd=rb.REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        with PeakSampler(child.pid) as sampler:
            # wait4 gives this child's own usage; its ru_maxrss covers the largest process of its tree.
            _, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        if code:
            raise SystemExit(f"rendakb index failed with exit code {code}")
        seconds = time.perf_counter() - started
    return sampler.peak, usage.ru_maxrss * 1024, seconds  # kB on Linux


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base: str, path: str, **params: str) -> bytes:
    url = f"{base}{path}?{urllib.parse.urlencode(params)}" if params else f"{base}{path}"
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server on loopback
        return response.read()


def measure_serving(corpus: Path, index: Path, queries: Iterable[str]) -> dict[str, int]:
    """Resident memory of `rendakb serve` at start-up, after its first query and after all."""
    port = free_port()
    env = {**os.environ, "RENDAKB_CORPUS": str(corpus), "RENDAKB_INDEX": str(index)}
    server = subprocess.Popen(
        [*RENDAKB, "serve", "--port", str(port)], cwd=rb.REPO, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600  # a missing index is built first
        while True:
            try:
                json.loads(get(base, "/healthz"))
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("rendakb serve did not start") from None
                time.sleep(0.2)
        figures = {"started": tree_rss(server.pid)}
        queries = list(queries)
        with PeakSampler(server.pid) as sampler:
            get(base, "/api/search", q=queries[0])
            figures["after the first query"] = tree_rss(server.pid)
            for q in queries:
                get(base, "/api/search", q=q)
            get(base, "/api/compare", topic="常委会会议")
            get(base, "/api/units")
            figures[f"after {len(queries) + 1} queries, a comparison and the unit list"] = tree_rss(server.pid)
        figures["peak while answering"] = sampler.peak
        return figures
    finally:
        server.terminate()
        server.wait(timeout=30)


def format_memory_report(
    builds: list[tuple[int, int, float]], serving: dict[str, int], index_bytes: int, info: dict[str, str]
) -> str:
    lines = ["# Memory benchmark", ""] + [f"- {key}: {value}" for key, value in info.items()]
    lines += ["", "| measure | MiB |", "|---|---|"]
    if builds:
        lines.append(f"| index build, peak of the whole process tree (median of {len(builds)}) "
                     f"| {statistics.median(b[0] for b in builds) / MIB:.0f} |")
        lines.append(f"| index build, largest single process (max of {len(builds)}) | {max(b[1] for b in builds) / MIB:.0f} |")
    for name, value in serving.items():
        lines.append(f"| server (`rendakb serve`, one worker), {name} | {value / MIB:.0f} |")
    lines.append(f"| index on disk | {index_bytes / MIB:.0f} |")
    return "\n".join(lines) + "\n"


def directory_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=rb.REPO / "corpus")
    parser.add_argument("--index", type=Path, help="serve this index (built there if it has none)")
    parser.add_argument("--builds", type=int, default=1, help="full builds measured (0: none)")
    parser.add_argument("--note", default="", help="a line about the conditions, added to the report")
    args = parser.parse_args(argv)

    builds = [measure_build(args.corpus) for _ in range(args.builds)]
    queries = [q.q for q in rb.load_queries().queries]
    with tempfile.TemporaryDirectory(prefix="rendakb-mem-serve-") as tmp:
        index = args.index or Path(tmp) / "index"
        serving = measure_serving(args.corpus, index, queries)
        index_bytes = directory_bytes(index)
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "os.cpu_count()": str(os.cpu_count()),
        "corpus": f"{len(list(args.corpus.glob('*.md')))} documents ({args.corpus})",
        "resident memory": "VmRSS from /proc, summed over the process and its children; builds sampled every 20 ms",
    }
    if builds:
        info["build time, median (s)"] = f"{statistics.median(b[2] for b in builds):.1f}"
    if args.note:
        info["note"] = args.note
    print(format_memory_report(builds, serving, index_bytes, info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
