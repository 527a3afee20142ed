#!/usr/bin/env python3
"""graphintro's benchmark: import, path, experts and score on synthetic teams, against a networkx baseline.

    python scripts/bench.py --size small|medium|large [--runs 3] [--json] [--no-write]

Teams come from ``graphintro.demo.generate_team`` (small 5 × 300, medium 50 × 1,500, large
1,000 × 1,000), generated once and cached under ``bench-cache/``. Each figure is the median of
``--runs`` runs. Cold figures are whole processes (start to output), as a user types them; the
baseline answers the same path question by loading the store's graph into networkx and running
``shortest_simple_paths`` on -log(strength) weights, in the same run. Results go to
``BENCHMARKS.md`` (unless ``--no-write``) and, with ``--json``, as one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench-cache"
SIZES = {"small": (5, 300), "medium": (50, 1500), "large": (1000, 1000)}
SEED = 7

BASELINE = r"""
import math, sys, time
import numpy as np, networkx as nx
data = np.load(sys.argv[1])
ids, indptr, indices, strength = data["node_ids"], data["indptr"], data["indices"], data["strength"]
g = nx.Graph()
rows = np.repeat(np.arange(len(ids)), np.diff(indptr))
for i, j, s in zip(rows.tolist(), indices.tolist(), strength.tolist()):
    if i < j:
        g.add_edge(int(ids[i]), int(ids[j]), cost=-math.log(s))
source, target = int(sys.argv[2]), int(sys.argv[3])
found = []
for path in nx.shortest_simple_paths(g, source, target, weight="cost"):
    if len(path) - 1 <= 4:
        found.append(path)
    if len(found) == 3:
        break
print(len(found))
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
        return Team(Path(data["root"]), [MemberExport(**{**m, "files": [Path(f) for f in m["files"]]})
                                         for m in data["members"]], Path(data["groups_file"]), data["planted"]), folder
    team = generate_team(folder / "team", members=members, contacts=contacts, seed=SEED)
    manifest.write_text(json.dumps(asdict(team), default=str), encoding="utf-8")
    return team, folder


def import_team(team, db: Path) -> float:
    """Import every member's exports and the group file in one ``import_team``, as a team's first load would."""
    from graphintro.ingest import import_team
    from graphintro.store import Store

    for suffix in ("", "-wal", "-shm", ".graph.npz"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with Store(db) as store:
        import_team(store, team.exports())
    return time.perf_counter() - started


def timed(command: list[str], env: dict | None = None) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, check=False, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip()[-400:]}")
    return elapsed, result.stdout


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def graphintro(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "graphintro.cli", "--db", str(db), *args]


def run(size: str, runs: int, skip_import: bool = False) -> dict:
    from graphintro.graph import load_graph
    from graphintro.paths import find_paths
    from graphintro.people import resolve_person
    from graphintro.store import Store

    team, folder = cached_team(size)
    db = folder / "bench.db"
    if skip_import and db.exists():
        import_runs = []  # the store of the previous run, as it is
    else:
        import_runs = [import_team(team, db) for _ in range(runs if size != "large" else 1)]
    started = time.perf_counter()
    with Store(db) as store:
        graph = load_graph(store)
        build_s = time.perf_counter() - started
        target_name = team.planted.get("target", team.members[-1].name)
        source, target = resolve_person(store, f"{team.members[0].url}"), resolve_person(store, target_name)
        warm = []
        for _ in range(max(runs, 5)):
            t = time.perf_counter()
            find_paths(graph, [source], [target], k=3, max_hops=4)
            warm.append((time.perf_counter() - t) * 1000)
        edges = graph.edge_count
    path_cold = [timed(graphintro(db, "path", f"#{source}", f"#{target}", "-k", "3", "--max-hops", "4", "--json"))[0]
                 for _ in range(runs)]
    cache = Path(f"{db}.graph.npz")
    baseline = [timed([sys.executable, "-c", BASELINE, str(cache), str(source), str(target)])[0] for _ in range(runs)]
    results = {
        "size": size, "members": SIZES[size][0], "contacts_per_member": SIZES[size][1],
        "ties": edges, "import_s": median(import_runs) if import_runs else None, "graph_build_s": build_s,
        "path_cold_s": median(path_cold), "path_warm_ms": median(warm),
        "baseline_networkx_path_cold_s": median(baseline),
    }
    results["baseline_ratio"] = results["baseline_networkx_path_cold_s"] / results["path_cold_s"]
    topic = team.planted.get("topic", "achats")
    if _has_command("experts"):
        results["experts_cold_s"] = median([timed(graphintro(db, "experts", topic, "--json"))[0] for _ in range(runs)])
    if _has_command("score"):
        results["score_all_s"] = median([timed(graphintro(db, "score", "--json"))[0] for _ in range(max(1, runs // 2))])
    if os.environ.get("NEO4J_URI"):
        results.update(_neo4j_figures(db, source, target, topic, runs))
    results["peak_rss_mb"] = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                 resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return results


def _has_command(name: str) -> bool:
    import typer.main

    from graphintro.cli import app

    return name in typer.main.get_command(app).commands


def _neo4j_figures(db: Path, source: int, target: int, topic: str, runs: int) -> dict:
    """The same questions through the Neo4j backend (the server of ``NEO4J_URI``), after a sync."""
    from graphintro.backends.neo4j import Neo4jBackend
    from graphintro.paths import introductions

    figures: dict = {}
    for label in ("sync", "resync"):  # the first into the server as it is, then again (idempotent)
        seconds, output = timed(graphintro(db, "sync", "--replace", "--json"))
        synced = json.loads(output)
        figures[f"neo4j_{label}_s"] = seconds
        figures[f"neo4j_{label}_write_s"] = synced["write_s"]
        figures[f"neo4j_{label}_ties_per_s"] = synced["ties_per_s"]
    neo4j = [*graphintro(db, "--backend", "neo4j")]
    figures["neo4j_path_cold_s"] = median([
        timed([*neo4j, "path", f"#{source}", f"#{target}", "-k", "3", "--max-hops", "4", "--json"])[0]
        for _ in range(runs)])
    server = Neo4jBackend.from_environment()
    warm = []
    for _ in range(max(runs, 5)):
        t = time.perf_counter()
        introductions(server, source=f"#{source}", target=f"#{target}", k=3, max_hops=4)
        warm.append((time.perf_counter() - t) * 1000)
    server.close()
    figures["neo4j_path_warm_ms"] = median(warm)
    figures["neo4j_experts_cold_s"] = median([timed([*neo4j, "experts", topic, "--json"])[0] for _ in range(runs)])
    # Same answers? The paths must be equal; experts may differ where more than PROFILE_LIMIT people
    # match, since each backend's full-text index picks the candidates (FTS5 and Lucene rank apart).
    same = [json.loads(timed([*graphintro(db, *backend), *question, "--json"])[1])
            for question in (["path", f"#{source}", f"#{target}"], ["experts", topic])
            for backend in ([], ["--backend", "neo4j"])]
    figures["neo4j_same_paths"] = same[0] == same[1]
    local_experts, served_experts = ({e["id"] for e in answer["experts"]} for answer in same[2:])
    figures["neo4j_experts_top10_overlap"] = len(local_experts & served_experts) / max(len(local_experts), 1)
    figures["neo4j_score_all_s"] = median([timed([*neo4j, "score", "--json"])[0] for _ in range(max(1, runs // 2))])
    return figures


def write_markdown(results: dict) -> None:
    """BENCHMARKS.md: the machine, then one table per size (the latest run of each size is kept)."""
    path = ROOT / "BENCHMARKS.md"
    sections = _existing_sections(path)
    rows = "\n".join(f"| {key} | {value:.3f} |" if isinstance(value, float) else f"| {key} | {value} |"
                     for key, value in results.items())
    sections[results["size"]] = (f"## {results['size']}\n\n"
                                 f"Run {time.strftime('%Y-%m-%d %H:%M')} on {platform.node() or 'this machine'}.\n\n"
                                 f"| figure | value |\n|---|---|\n{rows}\n")
    machine = (f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"{platform.system()} {platform.release()}.")
    notes = _notes(path)
    body = "\n".join(sections[s] for s in SIZES if s in sections)
    path.write_text(f"# Benchmarks\n\nMade by `python scripts/bench.py --size SIZE`; medians of several runs.\n"
                    f"{machine}\n\n{body}\n{notes}", encoding="utf-8")


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
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on the last line")
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--clean", action="store_true", help="regenerate the cached team")
    parser.add_argument("--skip-import", action="store_true",
                        help="reuse the store of the previous run (import_s is then not measured)")
    args = parser.parse_args()
    if args.clean:
        shutil.rmtree(CACHE / args.size, ignore_errors=True)
    results = run(args.size, args.runs, args.skip_import)
    if not args.no_write:
        write_markdown(results)
    for key, value in results.items():
        print(f"{key:32} {value:.3f}" if isinstance(value, float) else f"{key:32} {value}", file=sys.stderr)
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
