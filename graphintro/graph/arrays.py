"""The compact graph: ``TieGraph``, CSR arrays over person ids, and the ways to pack ties into
them (whole, or the few ties a catch-up redid merged into the kept ones).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphintro.graph.ties import Pair

if TYPE_CHECKING:
    from collections.abc import Iterable

    import numpy as np


@dataclass
class TieGraph:
    """Undirected weighted graph in CSR form over node indices; ``node_ids`` maps index → person id."""

    node_ids: np.ndarray  # int64, sorted
    indptr: np.ndarray  # int64, len n + 1
    indices: np.ndarray  # int32
    strength: np.ndarray  # float32
    direct: np.ndarray  # bool: a real tie, not an inferred one
    generation: int = 0
    as_of: str = ""
    real: np.ndarray | None = None  # bool: a real tie, teammates or not (mutual contacts count these)
    # float64: each tie's logit without its mutual contacts (``strength.tie_logit``), NaN for a rated
    # tie; read from the cache only to catch up after a write (``update_graph``)
    logit: np.ndarray | None = None

    @functools.cached_property
    def cost(self):
        """-log(strength): the additive path cost whose minimum is the most probable path."""
        import numpy as np

        return -np.log(self.strength.astype("float64"))

    def index_of(self, person_id: int) -> int | None:
        import numpy as np

        position = int(np.searchsorted(self.node_ids, person_id))
        if position < len(self.node_ids) and int(self.node_ids[position]) == person_id:
            return position
        return None

    def neighbours(self, index: int):
        start, end = self.indptr[index], self.indptr[index + 1]
        return self.indices[start:end], self.strength[start:end]

    def _edge(self, a: int, b: int) -> int | None:
        """Position of the tie a–b in the CSR arrays, or None."""
        import numpy as np

        i, j = self.index_of(a), self.index_of(b)
        if i is None or j is None:
            return None
        row = self.indices[self.indptr[i] : self.indptr[i + 1]]
        position = int(np.searchsorted(row, j))
        if position < len(row) and int(row[position]) == j:
            return int(self.indptr[i]) + position
        return None

    def strength_between(self, a: int, b: int) -> float:
        """Strength of the tie a–b, 0.0 when there is none."""
        edge = self._edge(a, b)
        return 0.0 if edge is None else float(self.strength[edge])

    def is_direct(self, a: int, b: int) -> bool:
        """Whether a–b is a real tie (a connection, an exchange, teammates), not one inferred from a context."""
        edge = self._edge(a, b)
        return edge is not None and bool(self.direct[edge])

    def mutual_count(self, a: int, b: int, team: Iterable[int] = ()) -> int:
        """People with a real tie to both ``a`` and ``b``; when both are in ``team`` (person ids),
        the other teammates do not count."""

        def real(person: int) -> set[int]:
            index = self.index_of(person)
            if index is None:
                return set()
            start, end = self.indptr[index], self.indptr[index + 1]
            return set(self.indices[start:end][self.direct[start:end]].tolist())

        ia, ib = self.index_of(a), self.index_of(b)
        shared = (real(a) & real(b)) - {ia, ib}
        team = set(team)
        if a in team and b in team:
            shared -= self.positions_of(team)
        return len(shared)

    def positions_of(self, people: Iterable[int]) -> set[int]:
        """The positions of the ``people`` (ids) the graph holds: one search of its sorted ids for
        them all (a team of a thousand members is looked up at every question)."""
        import numpy as np

        ids = np.fromiter(people, dtype=np.int64)
        n = len(self.node_ids)
        if not len(ids) or not n:
            return set()
        where = np.minimum(np.searchsorted(self.node_ids, ids), n - 1)
        return set(where[self.node_ids[where] == ids].tolist())

    def edges_of(self, nodes):
        """Positions in the CSR arrays of every edge of ``nodes`` (positions), node by node, and each
        node's count."""
        import numpy as np

        starts, ends = self.indptr[nodes], self.indptr[nodes + 1]
        counts = ends - starts
        total = int(counts.sum())
        return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(total), counts

    @property
    def edge_count(self) -> int:
        return len(self.indices) // 2


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` (the distinct values, sorted) by one sort: numpy 2.3+ finds the distinct
    values of a plain ``np.unique`` through a hash set, 20-60 times slower than its sort for the
    millions of ids of a graph build (1.6 s for the 4M ends of the large team's ties, against 0.09 s;
    numpy issue 31969)."""
    import numpy as np

    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def distinct_positions(values: np.ndarray, n: int) -> np.ndarray:
    """``sorted_unique(values)`` for positions in the graph (integers in ``[0, n)``): marked in a
    mask of the graph's ``n`` people and read back in order, without a sort (the hop layers near a
    target collect ~900k neighbours' positions at large: their sort was a tenth of a question). A
    few values of a large graph (a question's neighbourhood among 3.3M people) are sorted instead:
    the mask's scan would cost more than their sort."""
    import numpy as np

    if len(values) * 64 < n:
        return sorted_unique(np.asarray(values, dtype=np.int64))
    seen = np.zeros(n, dtype=bool)
    seen[values] = True
    return np.flatnonzero(seen)


def graph_from_edges(edges: list[tuple], generation: int = 0, as_of: str = "") -> TieGraph:
    """Pack undirected ``(a, b, strength, direct)`` ties (one per pair) as a ``TieGraph``; a fifth value,
    when given, says whether the tie is a real one (``TieFeatures.direct``, teammates aside)."""
    import numpy as np

    count = len(edges)
    a = np.fromiter((e[0] for e in edges), dtype=np.int64, count=count)
    b = np.fromiter((e[1] for e in edges), dtype=np.int64, count=count)
    values = np.fromiter((e[2] for e in edges), dtype=np.float32, count=count)
    direct = np.fromiter((bool(e[3]) for e in edges), dtype=bool, count=count)
    real = (
        np.fromiter((bool(e[4]) for e in edges), dtype=bool, count=count)
        if edges and len(edges[0]) > 4
        else None
    )
    return _pack(a, b, values, direct, real, generation, as_of)


def _pack(a, b, values, direct, real, generation: int, as_of: str, logit=None) -> TieGraph:
    """CSR arrays of undirected ties given once each as parallel arrays: rows by person id, each row's
    neighbours in order, so that the same ties always give the same arrays, whatever their order."""
    import numpy as np

    people = sorted_unique(np.concatenate([a, b]))
    src = np.searchsorted(people, np.concatenate([a, b]))
    dst = np.searchsorted(people, np.concatenate([b, a])).astype(np.int32)
    order = np.lexsort((dst, src))
    indptr = np.zeros(len(people) + 1, dtype=np.int64)
    np.add.at(indptr, src + 1, 1)
    return TieGraph(
        people,
        np.cumsum(indptr),
        dst[order],
        np.concatenate([values, values])[order],
        np.concatenate([direct, direct])[order],
        generation,
        as_of,
        None if real is None else np.concatenate([real, real])[order],
        None if logit is None else np.concatenate([logit, logit])[order],
    )


def _positions(graph: TieGraph, pairs) -> np.ndarray:
    """The positions in the CSR arrays of the ties ``pairs`` (person ids, lower first), -1 for a pair
    the graph has no tie between: the rows are sorted by person and each row's columns by
    neighbour, so ``row * n + column`` is sorted and one ``searchsorted`` finds them all."""
    import numpy as np

    n = len(graph.node_ids)
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    ia, ib = np.searchsorted(graph.node_ids, ends[:, 0]), np.searchsorted(graph.node_ids, ends[:, 1])
    known = (ia < n) & (ib < n)
    known[known] &= (graph.node_ids[ia[known]] == ends[known, 0]) & (
        graph.node_ids[ib[known]] == ends[known, 1]
    )
    if not len(graph.indices):
        return np.full(len(ends), -1, dtype=np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    keys = rows * n + graph.indices
    wanted = ia * n + ib
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    known[known] &= keys[found[known]] == wanted[known]
    return np.where(known, found, -1)


def _splice(
    graph: TieGraph, reached: set[int], redone: set[Pair], edges: list[tuple], generation: int, as_of: str
) -> TieGraph:
    """``graph`` with every tie of the ``reached`` people and every tie of ``redone`` replaced by
    ``edges`` (``(a, b, strength, logit, direct, real)``): the arrays ``_pack`` would make of the whole
    set of ties, but made by merging the few new entries into the kept ones, which are in order
    already (a sort of two million entries costs more than the rest of a one-member catch-up)."""
    import numpy as np

    assert graph.real is not None and graph.logit is not None  # (update_graph checks it)
    n = len(graph.node_ids)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(graph.indptr))
    touched = np.isin(graph.node_ids, np.fromiter(reached, dtype=np.int64, count=len(reached)))
    keep = ~touched[rows] & ~touched[graph.indices]
    apart = [(a, b) for a, b in redone if a not in reached and b not in reached]
    if apart:  # the ties redone one by one, both directions
        at = _positions(graph, apart + [(b, a) for a, b in apart])
        keep[at[at >= 0]] = False
    count = len(edges)
    new_a = np.fromiter((e[0] for e in edges), np.int64, count)
    new_b = np.fromiter((e[1] for e in edges), np.int64, count)
    kept_rows, kept_columns = rows[keep], graph.indices[keep]
    # The people left with a tie, and those the new ties bring (sorted arrays merged, no sort of all)
    still = graph.node_ids[np.bincount(kept_rows, minlength=n) > 0]
    arriving = sorted_unique(np.concatenate([new_a, new_b]))
    arriving = arriving[~np.isin(arriving, still, assume_unique=True)]
    people = np.insert(still, np.searchsorted(still, arriving), arriving)
    renumbered = np.searchsorted(people, graph.node_ids)  # (an order kept: the kept entries stay sorted)
    src = renumbered[kept_rows]
    dst = renumbered[kept_columns].astype(np.int32)
    new_src = np.searchsorted(people, np.concatenate([new_a, new_b]))
    new_dst = np.searchsorted(people, np.concatenate([new_b, new_a])).astype(np.int32)
    order = np.lexsort((new_dst, new_src))
    size = len(people)
    at = np.searchsorted(src * size + dst, new_src[order] * size + new_dst[order])

    def merged(kept: np.ndarray, column: int, dtype) -> np.ndarray:
        new = np.fromiter((e[column] for e in edges), dtype, count)
        return np.insert(kept, at, np.concatenate([new, new])[order])

    indptr = np.zeros(size + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(np.concatenate([src, new_src]), minlength=size))
    return TieGraph(
        people,
        indptr,
        np.insert(dst, at, new_dst[order]),
        merged(graph.strength[keep], 2, np.float32),
        merged(graph.direct[keep], 4, bool),
        generation,
        as_of,
        merged(graph.real[keep], 5, bool),
        merged(graph.logit[keep], 3, np.float64),
    )
