"""The graph's cache file next to the store (``.graph.npz``, mode 0600): read when it is this
store's and this configuration's, caught up or rebuilt when the store has changed, written whole
then moved in place.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphintro.graph.arrays import TieGraph
from graphintro.graph.build import _build
from graphintro.graph.catchup import update_graph
from graphintro.graph.state import GraphState
from graphintro.store import Store
from graphintro.strength import load_weights

if TYPE_CHECKING:
    import numpy as np


CACHE_VERSION = 6  # bump whenever which ties exist, how strong they are, or the cache's layout changes


def _cache_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + ".graph.npz")


def _weights_hash(weights: dict[str, float]) -> str:
    return hashlib.sha1(json.dumps(weights, sort_keys=True).encode()).hexdigest()[:16]


def load_graph(store: Store, weights: dict[str, float] | None = None) -> TieGraph:
    """The store's graph from the cache when it is current; else the cache brought up to date with
    the changes since it was built (``update_graph``), or built whole; then cached (mode 0600)."""
    from graphintro.changes import changes_since, one_state

    weights = weights or load_weights()
    path = _cache_path(store)
    key = store.cache_key(f"graph-v{CACHE_VERSION}", f"weights-{_weights_hash(weights)}")
    cached = _read_cache(path, key)
    if cached is not None and cached[1].generation == store.generation:
        return cached[0]
    with one_state(store):
        fresh = None
        if cached is not None:
            changes = changes_since(store, cached[1].generation)
            if changes is not None:
                cached[0].logit = _read_logits(path, cached[0])
                fresh = update_graph(store, *cached, changes, weights)
        if fresh is None:
            fresh = _build(store, weights)
    if cached is None or fresh[0] is not cached[0]:
        _write_cache(path, key, *fresh)
    # else the writes since changed no tie: the cache stays as it is, and is found current again
    return fresh[0]


def _read_cache(path: Path, key: str) -> tuple[TieGraph, GraphState] | None:
    """The cached graph and its state, if the cache is this store's and made with this configuration."""
    import numpy as np

    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            generation = int(data["generation"])
            graph = TieGraph(
                data["node_ids"],
                data["indptr"],
                data["indices"],
                data["strength"],
                data["direct"],
                generation,
                str(data["as_of"]),
                data["real"],
            )
            state = GraphState(
                generation,
                str(data["as_of"]),
                set(data["members"].tolist()),
                dict(zip(data["date_people"].tolist(), data["date_values"].tolist(), strict=True)),
                set(data["inferring_companies"].tolist()),
                set(data["large_groups"].tolist()),
            )
            return graph, state
    except (OSError, ValueError, KeyError):
        return None  # a damaged cache is rebuilt


def _read_logits(path: Path, graph: TieGraph) -> np.ndarray | None:
    """The logits kept with the graph (``TieGraph.logit``), read only to catch up after a write:
    a question asked of a current cache never reads them."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as data:
            logit = data["logit"]
    except (OSError, ValueError, KeyError):
        return None
    return logit if len(logit) == len(graph.indices) else None


def _write_cache(path: Path, key: str, graph: TieGraph, state: GraphState) -> None:
    """The graph and its state next to the store, written whole then moved in place (readers see one or
    the other), private to the user."""
    import numpy as np

    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    dated = sorted(state.dates.items())
    arrays: dict[str, Any] = {} if graph.logit is None else {"logit": graph.logit}  # (else no catch-up)
    with os.fdopen(fd, "wb") as handle:
        np.savez(
            handle,
            **arrays,
            key=np.array(key),
            generation=np.array(state.generation),
            node_ids=graph.node_ids,
            indptr=graph.indptr,
            indices=graph.indices,
            strength=graph.strength,
            direct=graph.direct,
            real=graph.direct if graph.real is None else graph.real,
            as_of=np.array(graph.as_of),
            members=np.array(sorted(state.members), dtype=np.int64),
            date_people=np.array([p for p, _ in dated], dtype=np.int64),
            date_values=np.array([d for _, d in dated], dtype=str),
            inferring_companies=np.array(sorted(state.inferring_companies), dtype=str),
            large_groups=np.array(sorted(state.large_groups), dtype=np.int64),
        )
    os.replace(tmp, path)
