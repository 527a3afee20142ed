#!/usr/bin/env python3
"""graphintro's benchmark: import, path, experts and score on synthetic teams, against a networkx baseline.

    python scripts/bench.py --size small|medium|large [--runs 3] [--pairs 20] [--json] [--no-write]
                            [--skip-import] [--team-import-cli] [--keep-caches] [--neo4j]

Teams come from ``graphintro.demo.generate_team`` (small 5 × 300, medium 50 × 1,500, large
1,000 × 1,000), generated once and cached under ``bench-cache/`` with their store (``--skip-import``
reuses it). Every figure is written with its conditions: what was cached, how many runs, which
pairs. Process figures are whole processes (start to output), as a user types them.

- First-time paths: ``--pairs`` random pairs (a random member to a random other person of the
  graph, seed 7), each asked once, each in a fresh process, with the store and its caches evicted
  from the page cache first (``posix_fadvise(DONTNEED)``): what a user pays for a question nobody
  asked before, on a machine that did something else since. Median and p95 (nearest rank).
- The networkx baseline answers the same pairs in one process (the graph loaded once from the
  graph cache into networkx, then ``shortest_simple_paths`` on -log(strength) costs, the first three
  paths of at most four links); its paths are compared with graphintro's, and the agreement printed.
- ``experts``: the first call after a write builds the topic index and is reported apart from the
  calls that find it built.
- ``serve_*``: each page of ``graphintro serve`` on a warm server (``--serve-only``: only these).
- Data out (issue 23): ``graphintro.frames()``, ``export --format parquet`` and
  ``to_networkx(min_strength=0.5)``, each in a fresh process (graph cache present, page cache
  warm), wall time and the process's peak RSS (``--data-out-only``: only these, BENCHMARKS.md untouched).
- ``neo4j_*``: ``graphintro sync`` of the whole store to Neo4j (``neo4j_sync_s``, ``neo4j_sync_ties_per_s``),
  then ``path``, ``experts`` and ``score`` through ``--backend neo4j`` (``neo4j_path_s``, ``neo4j_experts_s``,
  ``neo4j_score_s``) and the parity check against the embedded store (``neo4j_same_paths`` for the planted
  pair and a few random pairs, ``neo4j_experts_top10_overlap``, ``neo4j_experts_same_answer``). In a
  full run when ``NEO4J_URI`` is set; ``--neo4j``: only these, on the store of a previous run, with
  the server of ``NEO4J_URI`` or one started by ``scripts/neo4j-test-server`` (4 GB heap) and stopped
  at the end.

Results go to ``BENCHMARKS.md`` (unless ``--no-write``) and, with ``--json``, as one JSON object on
the last line.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench-cache"
SIZES = {"small": (5, 300), "medium": (50, 1500), "large": (1000, 1000), "xlarge": (2000, 5000)}
SEED = 7

PAIRS_SEED = 7
BASELINE_BUDGET_S = 10.0  # per pair: networkx stops looking for paths of at most 4 links after this
STDERR: list[str] = []
BLOCKS_READ: list[
    int
] = []  # 512-byte blocks each of those processes read from disk (not from the page cache)
CPU_SECONDS: list[
    float
] = []  # CPU time of each process ``timed`` ran: on a shared machine, wall time waits for others
# The same question answered with networkx: the graph cache loaded once, then each pair (JSON in
# on stdin, out on stdout: load time, and per pair its time and its paths as lists of person ids).
BASELINE = r"""
import json, math, sys, time
started = time.perf_counter()
import numpy as np, networkx as nx
data = np.load(sys.argv[1])
ids, indptr, indices, strength = data["node_ids"], data["indptr"], data["indices"], data["strength"]
g = nx.Graph()
rows = np.repeat(np.arange(len(ids)), np.diff(indptr))
for i, j, s in zip(rows.tolist(), indices.tolist(), strength.tolist()):
    if i < j:
        g.add_edge(int(ids[i]), int(ids[j]), cost=-math.log(s))
load_s = time.perf_counter() - started
answers = []
budget = float(sys.argv[2])
for source, target in json.load(sys.stdin):
    t = time.perf_counter()
    found, complete = [], True
    try:
        for path in nx.shortest_simple_paths(g, source, target, weight="cost"):
            if len(path) - 1 <= 4:
                found.append(path)
            if len(found) == 3:
                break
            if time.perf_counter() - t > budget:  # cheaper paths of 5+ links first: Yen's may enumerate for long
                complete = False
                break
    except nx.NetworkXNoPath:
        pass
    answers.append({"seconds": time.perf_counter() - t, "paths": found, "complete": complete})
print(json.dumps({"load_s": load_s, "answers": answers}))
"""


def cached_team(size: str):
    """The synthetic team of a size, generated once (deterministic by seed) and described in team.json."""
    from dataclasses import asdict

    from graphintro.demo import MemberExport, Team, generate_team

    members, contacts = SIZES[size]
    folder = CACHE / size
    manifest = folder / "team.json"
    if manifest.exists():
        data = json.loads(manifest.read_text(encoding="utf-8"))
        recorded = Path(data["root"])

        def here(file: str) -> Path:
            """A path of the team where it is now: a copied ``bench-cache`` records the folder it was made in."""
            path = Path(file)
            return folder / "team" / path.relative_to(recorded) if path.is_relative_to(recorded) else path

        return Team(
            folder / "team",
            [MemberExport(**{**m, "files": [here(f) for f in m["files"]]}) for m in data["members"]],
            here(data["groups_file"]),
            data["planted"],
        ), folder
    team = generate_team(folder / "team", members=members, contacts=contacts, seed=SEED)
    manifest.write_text(json.dumps(asdict(team), default=str), encoding="utf-8")
    return team, folder


# A whole ``graphintro`` process that reports, at exit, its time from its first line of Python and
# the part of it spent waiting for a core (/proc/self/schedstat): on a machine shared with others,
# that time minus the wait is what the question takes when the cores are free.
SCHEDULED = (
    "import atexit, runpy, sys, time\n"
    "START = (time.perf_counter(), open('/proc/self/schedstat').read().split())\n"
    "def report():\n"
    "    now, stat = time.perf_counter(), open('/proc/self/schedstat').read().split()\n"
    "    sys.stderr.write('\\nSCHEDULED %f %f\\n' % (now - START[0], (int(stat[1]) - int(START[1][1])) / 1e9))\n"
    "atexit.register(report)\n"
    "sys.argv = ['graphintro'] + sys.argv[1:]\n"
    "runpy.run_module('graphintro.cli', run_name='__main__')\n"
)


# One data-out call in a process of its own: its wall time from the first line and its peak RSS,
# its own (VmHWM): a child's ru_maxrss starts at its parent's peak (Linux keeps the high-water mark
# of the memory a new program replaces), so at xlarge every child reported this process's 8.5 GB.
DATA_OUT = r"""
import json, resource, sys, time
started = time.perf_counter()
def own_peak_mb():
    return next(float(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
import graphintro
db, what = sys.argv[1], sys.argv[2]
if what == "frames":
    count = len(graphintro.frames(db)["ties"])
elif what == "networkx":
    count = graphintro.to_networkx(db, min_strength=0.5).number_of_edges()
else:
    from graphintro.exports import export
    from graphintro.store import Store
    with Store(db, must_exist=True) as store:
        count = export(store, "parquet", sys.argv[3])["ties"]
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - started, "count": count, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "peak_rss_mb": own_peak_mb()}))
"""


# The graph cache brought up to date in a process of its own, so that no data-out figure pays for a
# rebuild (the first call after an import or a migration rebuilds it: 34 s of CPU at large).
GRAPH_CACHE = r"""
import json, resource, sys, time
started = time.perf_counter()
from graphintro.graph import load_graph
from graphintro.store import Store
with Store(sys.argv[1], must_exist=True) as store:
    load_graph(store)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": time.perf_counter() - started, "cpu_s": usage.ru_utime + usage.ru_stime}))
"""


def data_out_figures(db: Path, runs: int) -> tuple[dict, dict]:
    """``frames()``, ``export --format parquet`` and ``to_networkx(min_strength=0.5)`` of the store,
    each in fresh processes: median wall time and the largest peak RSS of ``runs`` runs. The graph
    cache is made current first, apart (``data_out_graph_cache_cpu_s``: ~0 when it already was)."""
    import tempfile

    cache = json.loads(
        subprocess.run(
            [sys.executable, "-c", GRAPH_CACHE, str(db)], check=True, capture_output=True, text=True
        ).stdout
    )
    results: dict = {"data_out_graph_cache_cpu_s": cache["cpu_s"]}
    conditions: dict = {
        "data_out_graph_cache_cpu_s": "CPU time of bringing the graph cache up to date before the data-out"
        " figures, in a process of its own (a rebuild after an import or a migration; ~0 when current)"
    }
    labels = {
        "frames": "`graphintro.frames(db)`: all seven frames",
        "export_parquet": "`export(store, 'parquet', folder)`: the frames and seven Parquet files",
        "to_networkx_0_5": "`graphintro.to_networkx(db, min_strength=0.5)`: the frames, then the graph",
    }
    for key, what in (("frames", "frames"), ("export_parquet", "parquet"), ("to_networkx_0_5", "networkx")):
        seconds, cpu, rss, count = [], [], [], None
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                answer = json.loads(
                    subprocess.run(
                        [sys.executable, "-c", DATA_OUT, str(db), what, folder],
                        check=True,
                        capture_output=True,
                        text=True,
                    ).stdout
                )
            seconds.append(answer["seconds"])
            cpu.append(answer["cpu_s"])
            rss.append(answer["peak_rss_mb"])
            count = answer["count"]
        results[f"{key}_s"] = median(seconds)
        results[f"{key}_cpu_s"] = median(cpu)
        results[f"{key}_peak_rss_mb"] = max(rss)
        results[f"{key}_ties"] = count
        conditions[f"{key}_s"] = (
            f"{labels[key]}, one fresh process each (import graphintro included), graph cache"
            f" present, page cache warm; {_runs(seconds)}"
        )
        conditions[f"{key}_cpu_s"] = (
            "CPU time (user + system) of those processes: on a machine shared with others,"
            " closer to the time on free cores than the wall time (disk waits left out)"
        )
        conditions[f"{key}_peak_rss_mb"] = "the largest peak RSS of those processes (their own: VmHWM)"
        conditions[f"{key}_ties"] = "ties in the answer (edges of the graph for to_networkx)"
    return results, conditions


def unshared_seconds(stderr: str) -> float:
    """From a ``SCHEDULED`` process's report: its time in Python, less the time it waited for a core."""
    elapsed, waited = stderr.rsplit("SCHEDULED ", 1)[1].split()[:2]
    return float(elapsed) - float(waited)


def paths_by_probability(output: str) -> list[list[int]]:
    """The paths of a ``path --json`` answer as lists of person ids, most probable first (as networkx
    orders them); none when there was no path (no output)."""
    paths = json.loads(output)["paths"] if output else []
    ranked = sorted(paths, key=lambda path: -path["probability"])
    return [[person["id"] for person in path["people"]] for path in ranked]


def evict(db: Path) -> None:
    """Drop the store and its caches from the page cache (no privilege needed): the next reads go to disk."""
    for suffix in ("", "-wal", "-shm", ".graph.npz", ".search.sqlite"):
        path = Path(f"{db}{suffix}")
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fdatasync(fd)  # dirty pages cannot be dropped: written first
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``share`` of the values are at or below."""
    import math

    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else float("nan")


def random_pairs(store, graph, count: int) -> list[tuple[int, int]]:
    """``count`` distinct (member, other person of the graph) pairs, drawn with a fixed seed."""
    import random

    rng = random.Random(PAIRS_SEED)
    members = [
        row[0]
        for row in store.conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL ORDER BY id"
        )
    ]
    people = [int(p) for p in graph.node_ids.tolist()]
    member_set = set(members)
    chosen: list[tuple[int, int]] = []
    while len(chosen) < count:
        pair = (rng.choice(members), rng.choice(people))
        if pair[1] not in member_set and pair not in chosen:
            chosen.append(pair)
    return chosen


def import_team(team, db: Path) -> float:
    """Import every member's exports and the group file in one ``import_team``, as a team's first load would."""
    from graphintro.ingest import import_team
    from graphintro.store import Store

    for suffix in ("", "-wal", "-shm", ".graph.npz", ".search.sqlite"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    every = max(1, len(team.members) // 20)

    def progress(done: int, total: int) -> None:
        """Where a long import is (xlarge): exports written, wall and CPU time, RSS, on stderr."""
        if done % every == 0 or done == total:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            print(
                json.dumps(
                    {
                        "import_progress": f"{done}/{total}",
                        "wall_s": round(time.perf_counter() - started, 1),
                        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                        "peak_rss_mb": round(usage.ru_maxrss / 1024),
                    }
                ),
                file=sys.stderr,
                flush=True,
            )

    with Store(db) as store:
        import_team(store, team.exports(), progress=progress)
    return time.perf_counter() - started


def write_manifest(team, path: Path) -> Path:
    """The team as the manifest a nightly job keeps for ``graphintro import --team``: each member's
    files, then the group list as the first member's (``Team.exports``'s order)."""
    import csv

    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["owner", "owner_url", "file"])
        for export in team.exports():
            for file in export.paths:
                writer.writerow([export.owner, export.owner_url, str(Path(file).resolve())])
    return path


def team_import_cli(team, folder: Path) -> tuple[float, float]:
    """Wall and CPU time of ``graphintro import --team MANIFEST`` into a new store (removed afterwards:
    the figures after it are asked of the library's store)."""
    db = folder / "cli-import.db"
    paths = [Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm", ".graph.npz", ".search.sqlite")]
    for path in paths:
        path.unlink(missing_ok=True)
    manifest = write_manifest(team, folder / "team-manifest.csv")
    try:
        seconds = timed(graphintro(db, "import", "--team", str(manifest), "--json"))[0]
        return seconds, CPU_SECONDS[-1]
    finally:
        for path in paths:
            path.unlink(missing_ok=True)


def timed(command: list[str], env: dict | None = None) -> tuple[float, str]:
    """Wall time of a whole process, and its output; its CPU time is added to ``CPU_SECONDS``, the
    blocks it read to ``BLOCKS_READ`` and its standard error to ``STDERR``."""
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    BLOCKS_READ.append(after.ru_inblock - before.ru_inblock)
    STDERR.append(result.stderr)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()[-400:]}")
    return elapsed, result.stdout


def _cpu_self() -> float:
    """CPU time (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _progress(results: dict) -> None:
    """The figures so far on standard error: a long run (xlarge) stopped midway keeps them."""
    print(json.dumps({"progress": results}, default=str), file=sys.stderr, flush=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def graphintro(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "graphintro.cli", "--db", str(db), *args]


def compile_bytecode() -> None:
    """graphintro's modules compiled once, as ``pip install`` leaves them: a development shell that
    sets PYTHONDONTWRITEBYTECODE would otherwise compile them from source in every process timed
    (0.1-0.25 s of each start, which no installed copy pays)."""
    import compileall

    compileall.compile_dir(ROOT / "graphintro", quiet=1)


def largest_companies(db: Path, count: int) -> list[str]:
    """The ``count`` companies the store knows the most people at, as the store writes their names."""
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [
            row[0]
            for row in conn.execute(
                "SELECT MIN(company) FROM people WHERE merged_into IS NULL AND company_key != '' GROUP BY company_key"
                " ORDER BY COUNT(*) DESC, company_key LIMIT ?",
                (count,),
            )
        ]
    finally:
        conn.close()


def help_seconds(runs: int) -> tuple[list[float], list[float]]:
    """Wall times of ``graphintro --help``, each a whole process as a user types it: drawn (an
    empty help cache each time: the first call, and the first after an upgrade or a new terminal
    width), then printed again from the user's cache (``graphintro.cli.help_cache``)."""
    import tempfile

    script = Path(sys.executable).with_name("graphintro")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "graphintro.cli"]
    command.append("--help")
    drawn, again = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder) / f"empty-{run}")}
            drawn.append(timed(command, env)[0])
        env = {**os.environ, "XDG_CACHE_HOME": str(Path(folder) / "kept")}
        timed(command, env)  # drawn once, stored
        again = [timed(command, env)[0] for _ in range(runs)]
    return drawn, again


def run(
    size: str,
    runs: int,
    skip_import: bool = False,
    pair_count: int = 20,
    keep_caches: bool = False,
    team_cli: bool = False,
) -> tuple[dict, dict]:
    """The figures of one size, and for each the conditions it was measured under."""
    from graphintro.graph import load_graph
    from graphintro.paths import find_paths, introductions
    from graphintro.people import resolve_person
    from graphintro.privacy import remove_caches
    from graphintro.store import Store

    team, folder = cached_team(size)
    db = folder / "bench.db"
    results: dict = {"size": size, "members": SIZES[size][0], "contacts_per_member": SIZES[size][1]}
    conditions: dict = {}
    compile_bytecode()
    help_first_runs, help_runs = help_seconds(max(runs, 5))
    results["help_first_s"] = median(help_first_runs)
    conditions["help_first_s"] = (
        "`graphintro --help` drawn by typer (an empty help cache: the first call, or the first after"
        " an upgrade or a new terminal width), whole process (bytecode compiled, as installed);"
        f" {_runs(help_first_runs)}"
    )
    results["help_s"] = median(help_runs)
    conditions["help_s"] = (
        "`graphintro --help` printed again from the user's help cache (every call after the first),"
        f" whole process (bytecode compiled, as installed); {_runs(help_runs)}"
    )
    # The command first, before anything of this run has written, so that the run's order is not in
    # its figure (after the library's import of the same team it took 127 s against 87-93 s alone,
    # 2026-12-03; first, 122 s against 111 s alone on the next machine: the order was not all of it).
    if team_cli or not (skip_import or size == "xlarge"):  # (at xlarge only when asked: an hour more)
        results["team_import_cli_s"], results["team_import_cli_cpu_s"] = team_import_cli(team, folder)
        conditions["team_import_cli_s"] = (
            "`graphintro import --team MANIFEST` (a CSV of every member's files and the"
            " group list), one whole process into a new store, the run's first write; a single run"
        )
        conditions["team_import_cli_cpu_s"] = (
            "CPU time (user + system) of that process and its parsing processes"
        )
        _progress(results)
    else:
        results["team_import_cli_s"] = None
        conditions["team_import_cli_s"] = "not measured (--skip-import without --team-import-cli)"
    if skip_import and db.exists():
        results["import_s"] = None
        conditions["import_s"] = "not measured: the store of a previous run, reused (--skip-import)"
    else:
        cpu_before = _cpu_self()
        import_runs = [import_team(team, db) for _ in range(runs if size in ("small", "medium") else 1)]
        results["import_s"] = median(import_runs)
        results["import_cpu_s"] = (_cpu_self() - cpu_before) / len(import_runs)
        conditions["import_s"] = (
            f"`import_team` into a new store, group list included; {_runs(import_runs)}"
            + (f" (a single run: too long to repeat at {size})" if size not in ("small", "medium") else "")
        )
        conditions["import_cpu_s"] = "CPU time (user + system) of the same import, per run"
        results["import_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conditions["import_peak_rss_mb"] = (
            "this process's peak RSS once the import is done (the team's generation included, when"
            " it was not cached): what `import --team` needs"
        )
        _progress(results)
    if not keep_caches:
        remove_caches(db)
    started, cpu_before = time.perf_counter(), _cpu_self()
    with Store(db) as store:
        graph = load_graph(store)
        results["graph_build_s"] = None if keep_caches else time.perf_counter() - started
        results["graph_build_cpu_s"] = None if keep_caches else _cpu_self() - cpu_before
        conditions["graph_build_cpu_s"] = "CPU time (user + system) of the same build"
        results["graph_build_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        conditions["graph_build_peak_rss_mb"] = (
            "this process's peak RSS once the graph is built (import included)"
        )
        _progress(results)
        conditions["graph_build_s"] = (
            "not measured: the graph cache of a previous run kept (--keep-caches)"
            if keep_caches
            else "in process, no graph cache (what the first question"
            " after any write pays, before it is cached); 1 run"
        )
        target_name = team.planted.get("target", team.members[-1].name)
        source, target = resolve_person(store, f"{team.members[0].url}"), resolve_person(store, target_name)
        warm, warm_search = [], []
        for _ in range(max(runs, 5)):
            t = time.perf_counter()
            introductions(store, team.members[0].url, target_name, graph=graph)
            warm.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            find_paths(graph, [source], [target], k=3, max_hops=4)
            warm_search.append((time.perf_counter() - t) * 1000)
        results["ties"] = graph.edge_count
        pairs = random_pairs(store, graph, pair_count)
    # The graph given back before the figures of other processes: at xlarge it and what the import
    # left held ~6 GB of this process while they ran, as no user's machine would.
    del graph
    gc.collect()
    results["path_warm_ms"] = median(warm)
    conditions["path_warm_ms"] = (
        f"the whole `path` answer in process (`paths.introductions`, as `serve`'s /path page: names"
        f" resolved, one best path per introducer, evidence described), graph in memory, the planted"
        f" pair (first member to the planted target) asked again and again; median of {len(warm)}"
    )
    results["path_find_paths_warm_ms"] = median(warm_search)
    conditions["path_find_paths_warm_ms"] = (
        f"`find_paths(k=3, max_hops=4)` alone, no team given (the figure `path_warm_ms` was until"
        f" 3 December: `path --repeat-introducers`'s search without its members), same pair; median of {len(warm_search)}"
    )

    first_time, first_time_cpu, first_time_read, first_time_unshared, answers = [], [], [], [], []
    for a, b in pairs:
        evict(db)
        seconds, output = timed(
            [
                sys.executable,
                "-c",
                SCHEDULED,
                "--db",
                str(db),
                "path",
                f"#{a}",
                f"#{b}",
                "-k",
                "3",
                "--max-hops",
                "4",
                "--json",
            ]
        )
        first_time.append(seconds)
        first_time_unshared.append(unshared_seconds(STDERR[-1]))
        first_time_cpu.append(CPU_SECONDS[-1])
        first_time_read.append(BLOCKS_READ[-1] * 512 / 1e6)
        answers.append(paths_by_probability(output))
    results["path_first_time_median_s"] = median(first_time)
    results["path_first_time_p95_s"] = percentile(first_time, 0.95)
    results["path_first_time_max_s"] = max(first_time)
    pair_text = (
        f"{len(pairs)} random pairs (a member to another person of the graph, seed {PAIRS_SEED}),"
        " each asked once in a fresh process, store and caches (graph, topic index) evicted from the"
        " page cache before each"
    )
    for key in ("path_first_time_median_s", "path_first_time_p95_s", "path_first_time_max_s"):
        conditions[key] = pair_text
    results["path_first_time_unshared_median_s"] = median(first_time_unshared)
    results["path_first_time_unshared_p95_s"] = percentile(first_time_unshared, 0.95)
    results["path_first_time_unshared_max_s"] = max(first_time_unshared)
    for key in (
        "path_first_time_unshared_median_s",
        "path_first_time_unshared_p95_s",
        "path_first_time_unshared_max_s",
    ):
        conditions[key] = (
            "the same runs, from the process's first line of Python to its answer, less the time it"
            " waited for a core (/proc/self/schedstat): the figure on free cores (disk waits included)"
        )
    results["path_first_time_cpu_median_s"] = median(first_time_cpu)
    results["path_first_time_cpu_p95_s"] = percentile(first_time_cpu, 0.95)
    conditions["path_first_time_cpu_median_s"] = (
        "CPU time (user + system) of the same processes: what waiting for disk and other processes' turns leaves out"
    )
    conditions["path_first_time_cpu_p95_s"] = conditions["path_first_time_cpu_median_s"]
    results["path_first_time_read_mb_median"] = median(first_time_read)
    results["path_first_time_read_mb_max"] = max(first_time_read)
    conditions["path_first_time_read_mb_median"] = (
        "MB each of those processes read from disk (getrusage ru_inblock):"
        " the graph cache (~22 MB at large) and the store pages the answer needs"
    )
    conditions["path_first_time_read_mb_max"] = conditions["path_first_time_read_mb_median"]
    results["path_first_time_answered"] = sum(bool(paths) for paths in answers)
    conditions["path_first_time_answered"] = (
        "pairs with at least one path of at most 4 links (the others: none exists)"
    )
    results["path_first_time_all_s"] = [round(x, 3) for x in first_time]
    conditions["path_first_time_all_s"] = "the same runs (wall time), in the order of the pairs"
    a, b = pairs[0]
    ask_again = graphintro(db, "path", f"#{a}", f"#{b}", "-k", "3", "--max-hops", "4", "--json")
    timed(ask_again)  # once, so that the store's pages it reads are in the page cache
    repeated = [timed(ask_again) for _ in range(max(runs, 5))]
    results["path_repeated_s"] = median([seconds for seconds, _ in repeated])
    results["path_repeated_cpu_s"] = median(CPU_SECONDS[-len(repeated) :])
    conditions["path_repeated_s"] = (
        "the first random pair asked again, a whole `graphintro path` process each time (start-up,"
        f" graph cache read, answer), graph cached, page cache warm; {_runs([s for s, _ in repeated])}"
        " (target < 300 ms, issue 20)"
    )
    conditions["path_repeated_cpu_s"] = "user + system CPU of the same processes, median"
    print(
        json.dumps({"pairs": pairs, **{k: v for k, v in results.items() if k.startswith("path_")}}),
        file=sys.stderr,
        flush=True,
    )  # before the baseline, which may take long

    baseline = json.loads(
        subprocess.run(
            [sys.executable, "-c", BASELINE, f"{db}.graph.npz", str(BASELINE_BUDGET_S)],
            input=json.dumps(pairs),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    queries = [answer["seconds"] for answer in baseline["answers"]]
    results["baseline_networkx_load_s"] = baseline["load_s"]
    results["baseline_networkx_query_median_s"] = median(queries)
    results["baseline_networkx_path_s"] = baseline["load_s"] + median(queries)
    results["baseline_ratio"] = results["baseline_networkx_path_s"] / results["path_first_time_median_s"]
    same = sum(mine == answer["paths"] for mine, answer in zip(answers, baseline["answers"], strict=True))
    same_set = sum(
        sorted(mine) == sorted(answer["paths"])
        for mine, answer in zip(answers, baseline["answers"], strict=True)
    )
    best = sum(
        mine[:1] == answer["paths"][:1] for mine, answer in zip(answers, baseline["answers"], strict=True)
    )
    results["baseline_same_best_path"] = f"{best}/{len(pairs)}"
    conditions["baseline_same_best_path"] = (
        "pairs where networkx's cheapest path of at most 4 links is graphintro's most"
        " probable one (or both find none), same run"
    )
    results["baseline_same_paths"] = f"{same}/{len(pairs)}"
    results["baseline_incomplete"] = sum(not answer["complete"] for answer in baseline["answers"])
    conditions["baseline_incomplete"] = (
        f"pairs where networkx gave up after {BASELINE_BUDGET_S:.0f} s without 3 paths"
        " of at most 4 links (counted as disagreeing)"
    )
    results["baseline_same_paths_any_order"] = f"{same_set}/{len(pairs)}"
    conditions["baseline_networkx_load_s"] = (
        "one process: the graph cache (page cache warm) loaded into a networkx Graph once; 1 run"
    )
    conditions["baseline_networkx_query_median_s"] = (
        f"the same {len(pairs)} pairs, `shortest_simple_paths` in that"
        " process, first 3 paths of at most 4 links; median"
    )
    conditions["baseline_networkx_path_s"] = (
        "load + median query: one first-time question asked with networkx"
    )
    conditions["baseline_ratio"] = "baseline_networkx_path_s / path_first_time_median_s"
    conditions["baseline_same_paths"] = (
        "pairs where networkx's 3 paths (ids, by cost) equal graphintro's (by"
        " probability), same run. graphintro answers alternatives (one path per"
        " introducer, the requester's own tie first), not the k shortest: they differ"
        " by design where two paths share an introducer"
    )
    conditions["baseline_same_paths_any_order"] = "the same, in any order (equal costs may swap)"

    topic = team.planted.get("topic", "achats")
    if _has_command("experts"):
        Path(f"{db}.search.sqlite").unlink(missing_ok=True)
        results["experts_first_s"] = timed(graphintro(db, "experts", topic, "--json"))[0]
        conditions["experts_first_s"] = (
            f"`experts {topic}`, one process, no topic index (built by this call, as"
            " after any write), graph cached; 1 run"
        )
        experts_runs = [timed(graphintro(db, "experts", topic, "--json"))[0] for _ in range(runs)]
        results["experts_s"] = median(experts_runs)
        conditions["experts_s"] = (
            f"the same question, topic index and graph cached, page cache warm; {_runs(experts_runs)}"
        )
        _progress(results)
    if _has_command("score"):
        score_runs = [timed(graphintro(db, "score", "--json"))[0] for _ in range(max(1, runs // 2))]
        results["score_all_s"] = median(score_runs)
        conditions["score_all_s"] = (
            f"`score` for every member, graph cached, page cache warm; {_runs(score_runs)}"
        )
        _progress(results)
    if _has_command("accounts"):
        companies = largest_companies(db, 50)
        evict(db)
        results["accounts_50_cold_s"] = timed(
            [sys.executable, "-c", SCHEDULED, "--db", str(db), "accounts", *companies, "--json"]
        )[0]
        conditions["accounts_50_cold_s"] = (
            f"`accounts` for the {len(companies)} companies with the most people (the"
            " worst 50 targets a team could name), one process, store and caches"
            " evicted from the page cache first; 1 run"
        )
        # On a shared machine the wall time is mostly waiting for a core: the same run's CPU time,
        # its time less that wait (the figure on free cores, disk reads included) and what it read.
        results["accounts_50_cold_cpu_s"] = CPU_SECONDS[-1]
        results["accounts_50_cold_unshared_s"] = unshared_seconds(STDERR[-1])
        results["accounts_50_cold_read_mb"] = BLOCKS_READ[-1] * 512 / 1e6
        conditions["accounts_50_cold_cpu_s"] = "CPU time (user + system) of that process"
        conditions["accounts_50_cold_unshared_s"] = (
            "the same process from its first line of Python to its answer, less the time it waited"
            " for a core (/proc/self/schedstat)"
        )
        conditions["accounts_50_cold_read_mb"] = "MB that process read from disk (getrusage ru_inblock)"
        accounts_runs = [
            timed(graphintro(db, "accounts", *companies, "--json"))[0] for _ in range(max(1, runs // 2))
        ]
        results["accounts_50_s"] = median(accounts_runs)
        conditions["accounts_50_s"] = f"the same, page cache warm; {_runs(accounts_runs)}"
    served, served_conditions = serve_figures(
        db, source, target, topic, team.planted.get("target_company"), runs
    )
    results.update(served)
    conditions.update(served_conditions)
    figures, their_conditions = data_out_figures(db, max(1, runs // 2))
    results.update(figures)
    conditions.update(their_conditions)
    member_results, member_conditions = _member_import_figures(size, folder, db, source, target, topic)
    results.update(member_results)
    conditions.update(member_conditions)
    if os.environ.get("NEO4J_URI"):
        figures, neo4j_conditions = _neo4j_figures(
            db, source, target, topic, runs, pairs[:NEO4J_PARITY_PAIRS]
        )
        results.update(figures)
        conditions.update(neo4j_conditions)
    results["peak_rss_mb"] = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        *(results[f"{key}_peak_rss_mb"] for key in ("frames", "export_parquet", "to_networkx_0_5")),
    )
    conditions["peak_rss_mb"] = (
        "the largest of this process (the import, then the graph built whole, in one process) and the"
        " data-out processes (their own peaks, VmHWM); the command-line processes' own peaks are not"
        " measured (a child's ru_maxrss starts at this process's)"
    )
    return results, conditions


def serve_figures(
    db: Path, source: int, target: int, topic: str, company: str | None, runs: int
) -> tuple[dict, dict]:
    """Each page of ``graphintro serve`` on a warm server: a real uvicorn in its own process, every
    page asked once first (what a warm server holds: the graph, the report, the experts of the
    topic), then ``max(runs, 5)`` times each; wall time of a GET from this process to the last byte.
    ``serve_<page>_ms`` is the median, ``serve_<page>_max_ms`` the slowest; ``serve_first_<page>_s``
    the first request of a page that computes (graph, report, experts) on a server just started."""
    import socket
    import tempfile
    import urllib.error
    import urllib.parse
    import urllib.request

    from graphintro.store import Store

    with Store(db) as store:
        name = store.conn.execute("SELECT name FROM people WHERE id = ?", (target,)).fetchone()[0]
    quote = urllib.parse.quote
    pages = {
        "home": "/",
        "search": f"/search?q={quote(name.split()[-1])}",
        "search_json": f"/api/search?q={quote(name[:4])}",
        "person": f"/person/{target}",
        "path": f"/path?from=%23{source}&to=%23{target}",
        "path_team": f"/path?from=team&to=%23{target}",
        "experts": f"/experts?topic={quote(topic)}",
        "report": "/report",
        "asks": "/asks",
        "import": "/import",
        "inbox": "/inbox",
    }
    if company:
        pages["accounts"] = f"/accounts?companies={quote(company)}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tempfile.TemporaryFile()  # noqa: SIM115 - the server's stderr for its whole life, closed below
    server = subprocess.Popen(
        [sys.executable, "-m", "graphintro.cli", "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=log,
    )

    def get(path: str) -> float:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=900) as response:
                response.read()
        except urllib.error.HTTPError as error:
            log.seek(0)
            raise RuntimeError(
                f"GET {path}: {error}; the server said:\n{log.read().decode()[-3000:]}"
            ) from None
        return time.perf_counter() - started

    results: dict = {}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get("/asks")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(
                        "graphintro serve did not start: " + log.read().decode()[-500:]
                    ) from None
                time.sleep(0.2)
        for key in ("path", "report", "experts"):
            results[f"serve_first_{key}_s"] = get(pages[key])
        for path in pages.values():
            get(path)
        count = max(runs, 5)
        for key, path in pages.items():
            times = [get(path) * 1000 for _ in range(count)]
            results[f"serve_{key}_ms"] = median(times)
            results[f"serve_{key}_max_ms"] = max(times)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    conditions = {
        key: (
            f"`graphintro serve` (uvicorn) in its own process on 127.0.0.1, warm: every page asked once"
            f" before; GET {pages[key.removeprefix('serve_').removesuffix('_max_ms').removesuffix('_ms')]}"
            f" to the last byte; {'slowest' if key.endswith('_max_ms') else 'median'} of"
            f" {max(runs, 5)}"
        )
        for key in results
        if key.endswith("_ms")
    }
    conditions.update(
        {
            key: "a server just started (its warm-up thread building the graph and the report at the"
            " same time), the first request of the page; 1 run"
            for key in results
            if key.startswith("serve_first_")
        }
    )
    return results, conditions


def serve_only(size: str, runs: int) -> tuple[dict, dict]:
    """``--serve-only``: the ``serve_*`` figures on the cached store of a previous run."""
    from graphintro.people import resolve_person
    from graphintro.store import Store

    team, folder = cached_team(size)
    db = folder / "bench.db"
    if not db.exists():
        raise SystemExit(f"no store at {db}: run bench.py --size {size} once first")
    with Store(db) as store:
        source = resolve_person(store, f"{team.members[0].url}")
        target = resolve_person(store, team.planted.get("target", team.members[-1].name))
    results = {"size": size}
    served, conditions = serve_figures(
        db, source, target, team.planted.get("topic", "achats"), team.planted.get("target_company"), runs
    )
    results.update(served)
    return results, conditions


MEMBER_SEED = SEED + 1  # the team the one more member comes from (another than the benchmark's)
MEMBER_CONTACTS = {"large": 1600}  # contacts (mean) of that team's members; else those of the size


def _member_import_figures(
    size: str, folder: Path, db: Path, source: int, target: int, topic: str
) -> tuple[dict, dict]:
    """One more member's export imported from the command line into a copy of the store whose caches
    are current, then the first ``path`` and the first ``experts`` after it: each a fresh process, as
    a user who imports this week's export and asks one question (issue 20)."""
    import sqlite3

    from graphintro.demo import generate_team

    contacts = MEMBER_CONTACTS.get(size, SIZES[size][1])
    member = generate_team(folder / "one-more", members=4, contacts=contacts, seed=MEMBER_SEED).members[2]
    copy = folder / "one-more.db"
    for suffix in ("", "-wal", "-shm", ".graph.npz", ".search.sqlite"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    for suffix in (".graph.npz", ".search.sqlite"):
        shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    source_conn, target_conn = sqlite3.connect(db), sqlite3.connect(copy)
    source_conn.backup(target_conn)  # (a copy of the same store: its caches are its copy's)
    source_conn.close()
    target_conn.close()
    os.chmod(copy, 0o600)
    # The copy on disk before the import: at xlarge, with 10 GB still being written back (and this
    # process holding its graph) the import took 94 s; 47 s with the copy synced first.
    os.sync()
    try:
        results = {
            "member_import_s": timed(
                graphintro(
                    copy,
                    "import",
                    *map(str, member.files),
                    "--owner",
                    member.name,
                    "--owner-url",
                    member.url,
                    "--json",
                )
            )[0],
            "first_path_after_import_s": timed(
                graphintro(copy, "path", f"#{source}", f"#{target}", "-k", "3", "--max-hops", "4", "--json")
            )[0],
            "first_experts_after_import_s": timed(graphintro(copy, "experts", topic, "--json"))[0],
        }
    finally:
        for suffix in ("", "-wal", "-shm", ".graph.npz", ".search.sqlite"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    files = ", ".join(path.name for path in member.files)
    conditions = {
        "member_import_s": (
            f"`graphintro import` of one more member's export ({member.name}: {files}; a team of"
            f" {contacts} contacts per member, seed {MEMBER_SEED}, member 3) into a copy of this store"
            " whose graph cache and topic index are current; one fresh process, page cache warm;"
            " 1 run"
        ),
        "first_path_after_import_s": (
            "the planted pair's `path -k 3`, the first question after that import (the"
            " graph cache is brought up to date by it); one fresh process; 1 run"
        ),
        "first_experts_after_import_s": (
            f"`experts {topic}` after that path (the topic index is brought up to date"
            " by it); one fresh process; 1 run"
        ),
    }
    return results, conditions


def _runs(values: list) -> str:
    return "1 run" if len(values) == 1 else f"median of {len(values)} runs"


def _has_command(name: str) -> bool:
    import typer.main

    from graphintro.cli import app

    return name in typer.main.get_command(app).commands


NEO4J_SERVER = ROOT / "scripts" / "neo4j-test-server"
NEO4J_PARITY_PAIRS = 5  # random pairs asked through both backends, besides the planted one
NEO4J_STARTED: list[bool] = []  # not empty while the server neo4j_server() started is up


@contextmanager
def neo4j_server():
    """The Neo4j of ``NEO4J_URI`` if set; else one started with ``scripts/neo4j-test-server`` (4 GB of
    heap and 2 GB of page cache unless ``NEO4J_TEST_HEAP``/``NEO4J_TEST_PAGECACHE`` say otherwise: the
    test server's 1 GB heap is for test stores, not for a million ties) and stopped at the end."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    env = {"NEO4J_TEST_HEAP": "4g", "NEO4J_TEST_PAGECACHE": "2g", **os.environ}
    started = subprocess.run(
        [str(NEO4J_SERVER), "start", "--port", "0"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        timeout=1800,
    )
    uri = started.stdout.strip().rsplit("NEO4J_URI=", 1)[-1]
    os.environ["NEO4J_URI"] = uri
    NEO4J_STARTED.append(True)
    try:
        yield uri
    finally:
        NEO4J_STARTED.clear()
        os.environ.pop("NEO4J_URI", None)
        subprocess.run([str(NEO4J_SERVER), "stop"], check=False, capture_output=True, timeout=300)


def _neo4j_server_cpu() -> float | None:
    """CPU seconds (user + system) of the Neo4j server ``scripts/neo4j-test-server`` runs for this
    checkout, or None (a server of ``NEO4J_URI`` elsewhere, or not running)."""
    if not NEO4J_STARTED:
        return None
    try:
        pid = int((ROOT / "build" / "neo4j" / "neo4j.pid").read_text().strip())
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, ValueError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _neo4j_figures(
    db: Path, source: int, target: int, topic: str, runs: int, pairs: list[tuple[int, int]]
) -> tuple[dict, dict]:
    """The same questions through the Neo4j backend (the server of ``NEO4J_URI``), after a sync of the
    whole store, with their answers compared with the embedded store's (the parity check)."""
    from graphintro.backends.neo4j import Neo4jBackend
    from graphintro.paths import introductions

    figures: dict = {}
    conditions: dict = {}
    for label in ("sync", "resync"):  # the first into the server as it is, then again (idempotent)
        load, server_before = os.getloadavg()[0], _neo4j_server_cpu()
        seconds, output = timed(graphintro(db, "sync", "--replace", "--json"))
        synced = json.loads(output)
        server_after = _neo4j_server_cpu()
        figures[f"neo4j_{label}_s"] = seconds
        figures[f"neo4j_{label}_first_load"] = synced["first_load"]
        figures[f"neo4j_{label}_client_cpu_s"] = round(CPU_SECONDS[-1], 1)
        if server_before is not None and server_after is not None:
            figures[f"neo4j_{label}_server_cpu_s"] = round(server_after - server_before, 1)
        figures[f"neo4j_{label}_load"] = [round(load, 1), round(os.getloadavg()[0], 1)]
        figures[f"neo4j_{label}_step_s"] = synced["step_s"]
        figures[f"neo4j_{label}_prepare_s"] = synced["prepare_s"]
        figures[f"neo4j_{label}_write_s"] = synced["write_s"]
        figures[f"neo4j_{label}_ties_write_s"] = synced["step_s"]["ties"]
        figures[f"neo4j_{label}_ties_per_s"] = synced["ties_per_s"]
        if label == "sync":
            figures["neo4j_ties"] = synced["ties"]
            figures["neo4j_people"] = synced["people"]
        _progress(figures)
    conditions["neo4j_sync_s"] = (
        "`graphintro sync --replace --json`, whole process, into a server holding another"
        " run's data or none; 1 run"
    )
    conditions["neo4j_sync_prepare_s"] = (
        "of which computing the rows in the embedded store (strengths, evidence,"
        " topic terms), before the first write"
    )
    conditions["neo4j_sync_write_s"] = (
        "of which writing to Neo4j (people, handles, groups, memberships, ties)"
    )
    conditions["neo4j_sync_ties_write_s"] = (
        "of which the ties' batches (`UNWIND … CREATE` into a server without graphintro data,"
        " `UNWIND … MERGE` over a previous sync), round trips only"
    )
    conditions["neo4j_sync_first_load"] = "whether the sync found the server empty (CREATE) or not (MERGE)"
    conditions["neo4j_sync_client_cpu_s"] = "CPU (user + system) of the `graphintro sync` process"
    conditions["neo4j_sync_server_cpu_s"] = (
        "CPU (user + system) of the Neo4j server during the sync (only when bench.py started it)"
    )
    conditions["neo4j_sync_load"] = "load average (1 min) before and after the sync"
    conditions["neo4j_sync_step_s"] = "each step's round trips (people, memberships, handles, groups, ties)"
    conditions["neo4j_sync_ties_per_s"] = (
        "ties / the ties' write time (the figure the ≥ 20k ties/s target is about)"
    )
    for key in (
        "s",
        "prepare_s",
        "write_s",
        "ties_write_s",
        "ties_per_s",
        "first_load",
        "client_cpu_s",
        "server_cpu_s",
        "load",
        "step_s",
    ):
        conditions[f"neo4j_resync_{key}"] = (
            conditions[f"neo4j_sync_{key}"] + "; the same sync again right after"
            " (every row already there: MERGE finds it, then nothing is stale)"
        )
    neo4j = [*graphintro(db, "--backend", "neo4j")]
    path_question = ["path", f"#{source}", f"#{target}", "-k", "3", "--max-hops", "4", "--json"]
    path_runs = [timed([*neo4j, *path_question])[0] for _ in range(runs)]
    figures["neo4j_path_s"] = median(path_runs)
    conditions["neo4j_path_s"] = (
        f"`--backend neo4j path` of the planted pair (first member to the planted target),"
        f" whole process; {_runs(path_runs)}"
    )
    server = Neo4jBackend.from_environment()
    warm = []
    for _ in range(max(runs, 5)):
        t = time.perf_counter()
        introductions(server, source=f"#{source}", target=f"#{target}", k=3, max_hops=4)
        warm.append((time.perf_counter() - t) * 1000)
    server.close()
    figures["neo4j_path_warm_ms"] = median(warm)
    conditions["neo4j_path_warm_ms"] = (
        f"the same question in process, driver connected; median of {len(warm)}"
    )
    experts_runs = [timed([*neo4j, "experts", topic, "--json"])[0] for _ in range(runs)]
    figures["neo4j_experts_s"] = median(experts_runs)
    conditions["neo4j_experts_s"] = f"`--backend neo4j experts {topic}`, whole process; {_runs(experts_runs)}"
    score_runs = [timed([*neo4j, "score", "--json"])[0] for _ in range(max(1, runs // 2))]
    figures["neo4j_score_s"] = median(score_runs)
    conditions["neo4j_score_s"] = (
        f"`--backend neo4j score` for every member, whole process; {_runs(score_runs)}"
    )

    # Parity: the same paths (people, in order) for the planted pair and a few random pairs, and the
    # same experts' answer (the Neo4j backend ranks its full-text matches as the embedded index does).
    asked = [(source, target), *pairs]
    same, answered, local_times = 0, 0, []
    for a, b in asked:
        question = ["path", f"#{a}", f"#{b}", "-k", "3", "--max-hops", "4", "--json"]
        seconds, local = timed([*graphintro(db), *question])
        local_times.append(seconds)
        served = timed([*neo4j, *question])[1]
        local_paths, served_paths = _path_people(local), _path_people(served)
        same += local_paths == served_paths
        answered += bool(local_paths)
    figures["neo4j_same_paths"] = f"{same}/{len(asked)}"
    conditions["neo4j_same_paths"] = (
        f"the planted pair and {len(pairs)} random pairs (seed {PAIRS_SEED}), `path -k 3"
        f" --max-hops 4 --json` on each backend: pairs whose paths (people ids, in"
        f" order) are equal; {answered} of them have a path"
    )
    local_answer, served_answer = (
        json.loads(timed([*graphintro(db, *backend), "experts", topic, "--json"])[1])
        for backend in ([], ["--backend", "neo4j"])
    )
    local_experts, served_experts = (
        [expert["id"] for expert in answer["experts"][:10]] for answer in (local_answer, served_answer)
    )
    figures["neo4j_experts_top10_overlap"] = len(set(local_experts) & set(served_experts)) / max(
        len(local_experts), 1
    )
    figures["neo4j_experts_top10_same_order"] = local_experts == served_experts
    figures["neo4j_experts_same_answer"] = local_answer == served_answer
    conditions["neo4j_experts_top10_overlap"] = (
        f"`experts {topic}`: share of the embedded store's top 10 also in the Neo4j backend's top 10"
    )
    conditions["neo4j_experts_top10_same_order"] = "the two top 10s equal, in the same order"
    conditions["neo4j_experts_same_answer"] = (
        f"`experts {topic} --json`: the two answers equal (experts, scores, evidence, paths, team,"
        " connectors, groups)"
    )
    return figures, conditions


def _path_people(output: str) -> list[list[int]]:
    """The paths of a ``path --json`` answer as lists of person ids, in the order given."""
    return (
        [[person["id"] for person in path["people"]] for path in json.loads(output)["paths"]]
        if output
        else []
    )


def neo4j_only(size: str, runs: int) -> tuple[dict, dict]:
    """``--neo4j``: sync the cached store of a previous run to Neo4j, then the same questions through
    ``--backend neo4j``, with the parity check against the embedded store."""
    from graphintro.graph import load_graph
    from graphintro.people import resolve_person
    from graphintro.store import Store

    team, folder = cached_team(size)
    db = folder / "bench.db"
    if not db.exists():
        raise SystemExit(f"no store at {db}: run bench.py --size {size} once first")
    with Store(db) as store:
        source = resolve_person(store, f"{team.members[0].url}")
        target = resolve_person(store, team.planted.get("target", team.members[-1].name))
        pairs = random_pairs(store, load_graph(store), NEO4J_PARITY_PAIRS)
    results: dict = {"size": size}
    with neo4j_server() as uri:
        figures, conditions = _neo4j_figures(
            db, source, target, team.planted.get("topic", "achats"), runs, pairs
        )
    results.update(figures)
    results["neo4j_server"] = uri.rsplit(":", 1)[0]
    results["peak_rss_mb"] = (
        max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        / 1024
    )
    conditions["peak_rss_mb"] = "the largest of this process and its children (not the Neo4j server)"
    return results, conditions


def write_markdown(results: dict, conditions: dict, note: str = "") -> None:
    """BENCHMARKS.md: the machine, then one table per size (the latest run of each size is kept)."""
    path = ROOT / "BENCHMARKS.md"
    sections = _existing_sections(path)

    def shown(value) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    rows = "\n".join(
        f"| {key} | {shown(value)} | {conditions.get(key, '')} |" for key, value in results.items()
    )
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    sections[results["size"]] = (
        f"## {results['size']}\n\n"
        f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node() or 'this machine'}"
        f" ({machine}).{' ' + note if note else ''}\n\n"
        f"| figure | value | conditions |\n|---|---|---|\n{rows}\n"
    )
    notes = _notes(path)
    body = "\n".join(sections[s] for s in SIZES if s in sections)
    path.write_text(
        "# Benchmarks\n\nMade by `python scripts/bench.py --size SIZE`; each figure says what was"
        " cached, how many runs and which pairs.\n\n"
        f"{body}\n{notes}",
        encoding="utf-8",
    )


def _chunks(path: Path) -> list[tuple[str, str]]:
    """BENCHMARKS.md as (heading, section) pairs, the preamble first under the heading ""."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    chunks = [("", text.split("\n## ", 1)[0])]
    for chunk in text.split("\n## ")[1:]:
        chunks.append((chunk.split("\n", 1)[0].strip(), "## " + chunk.rstrip() + "\n"))
    return chunks


def _existing_sections(path: Path) -> dict[str, str]:
    """The per-size tables of an existing BENCHMARKS.md."""
    return {name: text for name, text in _chunks(path) if name in SIZES}


def _notes(path: Path) -> str:
    """Everything after the size tables (targets, profiling notes), kept as written by hand."""
    kept = [text for name, text in _chunks(path) if name and name not in SIZES]
    return "\n".join(kept) if kept else "## Notes\n\nWhat was slow and what changed it.\n"


def main() -> int:
    parser = argparse.ArgumentParser(description="graphintro benchmark")
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--json", action="store_true", help="print the results as one JSON object on the last line"
    )
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--clean", action="store_true", help="regenerate the cached team")
    parser.add_argument(
        "--skip-import",
        action="store_true",
        help="reuse the store of the previous run (import_s is then not measured)",
    )
    parser.add_argument("--pairs", type=int, default=20, help="random pairs asked for the first time")
    parser.add_argument(
        "--keep-caches",
        action="store_true",
        help="keep the graph cache of a previous run (graph_build_s is then not measured)",
    )
    parser.add_argument(
        "--serve-only",
        action="store_true",
        help="only the serve_* figures (graphintro serve's pages), on the store of a previous run",
    )
    parser.add_argument(
        "--data-out-only",
        action="store_true",
        help="only frames(), export --format parquet and to_networkx of the store of a previous run",
    )
    parser.add_argument(
        "--team-import-cli",
        action="store_true",
        help="with --skip-import, still time `graphintro import --team` into a new store",
    )
    parser.add_argument(
        "--neo4j",
        action="store_true",
        help="only the neo4j_* figures (sync, then path, experts and score through --backend neo4j,"
        " with the parity check), on the store of a previous run; uses NEO4J_URI if set, else"
        " starts scripts/neo4j-test-server and stops it at the end; BENCHMARKS.md untouched",
    )
    parser.add_argument(
        "--note", default="", help="a sentence on the conditions (e.g. a machine shared with others)"
    )
    args = parser.parse_args()
    if args.clean:
        shutil.rmtree(CACHE / args.size, ignore_errors=True)
    if args.data_out_only:  # issue 23's figures only, on the store of a previous run; BENCHMARKS.md untouched
        db = CACHE / args.size / "bench.db"
        if not db.exists():
            parser.error(f"{db}: no store yet (run the benchmark of this size once, or copy bench-cache)")
        results, conditions = data_out_figures(db, args.runs)
        results = {"size": args.size, **results}
        for key, value in results.items():
            print(
                f"{key:34} {value:.3f}" if isinstance(value, float) else f"{key:34} {value}", file=sys.stderr
            )
        if args.json:
            print(json.dumps({**results, "conditions": conditions}))
        return 0
    if args.serve_only:  # the web app's pages only, on the store of a previous run; BENCHMARKS.md untouched
        results, conditions = serve_only(args.size, args.runs)
        for key, value in results.items():
            print(
                f"{key:34} {value:.3f}" if isinstance(value, float) else f"{key:34} {value}", file=sys.stderr
            )
        if args.json:
            print(json.dumps({**results, "conditions": conditions}))
        return 0
    if args.neo4j:  # the Neo4j backend only, on the store of a previous run; BENCHMARKS.md untouched
        results, conditions = neo4j_only(args.size, args.runs)
        for key, value in results.items():
            print(
                f"{key:34} {value:.3f}" if isinstance(value, float) else f"{key:34} {value}", file=sys.stderr
            )
        if args.json:
            print(json.dumps({**results, "conditions": conditions}))
        return 0
    results, conditions = run(
        args.size, args.runs, args.skip_import, args.pairs, args.keep_caches, args.team_import_cli
    )
    if not args.no_write:
        write_markdown(results, conditions, args.note)
    for key, value in results.items():
        print(f"{key:34} {value:.3f}" if isinstance(value, float) else f"{key:34} {value}", file=sys.stderr)
    print(
        f"networkx agrees with graphintro on the best path for {results['baseline_same_best_path']} pairs; on all"
        f" 3 paths for {results['baseline_same_paths']} ({results['baseline_same_paths_any_order']} in any order)",
        file=sys.stderr,
    )
    if args.json:
        print(json.dumps({**results, "conditions": conditions}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
