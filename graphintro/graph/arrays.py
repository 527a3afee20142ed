"""The compact graph: ``TieGraph``, CSR arrays over person ids, and the ways to pack ties into
them (whole, or the few ties a catch-up redid merged into the kept ones).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graphintro.graph.ties import Pair

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

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
        return self.mutual_counts([(a, b)], team)[0]

    def mutual_counts(self, pairs: Iterable[tuple[int, int]], team: Iterable[int] = ()) -> list[int]:
        """``mutual_count`` of each pair a–b, the team's positions found once for them all. Rows are
        sorted: the shorter one is searched in the longer (two teammates hold five to ten thousand
        ties each at 2,000 x 5,000, which sets of Python ints took a millisecond apiece to build)."""
        import numpy as np

        team = team if isinstance(team, (set, frozenset)) else set(team)
        teammates = None  # the team's positions, sorted: found at the first pair of two teammates

        def real(index: int):
            start, end = self.indptr[index], self.indptr[index + 1]
            return self.indices[start:end][self.direct[start:end]]

        counts = []
        for a, b in pairs:
            ia, ib = self.index_of(a), self.index_of(b)
            if ia is None or ib is None:
                counts.append(0)
                continue
            shorter, longer = sorted((real(ia), real(ib)), key=len)
            if not len(shorter) or not len(longer):
                counts.append(0)
                continue
            at = np.minimum(np.searchsorted(longer, shorter), len(longer) - 1)
            shared = shorter[(longer[at] == shorter) & (shorter != ia) & (shorter != ib)]
            if len(shared) and a in team and b in team:
                if teammates is None:
                    teammates = np.sort(self.positions_array(team))
                at = np.minimum(np.searchsorted(teammates, shared), max(len(teammates) - 1, 0))
                if len(teammates):
                    shared = shared[teammates[at] != shared]
            counts.append(len(shared))
        return counts

    def positions_of(self, people: Iterable[int]) -> set[int]:
        """The positions of the ``people`` (ids) the graph holds: one search of its sorted ids for
        them all (a team of a thousand members is looked up at every question)."""
        return set(self.positions_array(people).tolist())

    def positions_array(self, people: Iterable[int]):
        """``positions_of`` as an array, in ``people``'s order (no set made of a team of 2,000)."""
        import numpy as np

        rows = _rows_of(self.node_ids, np.fromiter(people, dtype=np.int64))
        return rows[rows >= 0]

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
    """``_spliced``, its arrays made in memory."""
    return _spliced(graph, reached, redone, edges, generation, as_of).graph()


def _spliced(
    graph: TieGraph, reached: set[int], redone: set[Pair], edges: list[tuple], generation: int, as_of: str
) -> Spliced:
    """``graph`` with every tie of the ``reached`` people and every tie of ``redone`` replaced by
    ``edges`` (``(a, b, strength, logit, direct, real)``): the arrays ``_pack`` would make of the whole
    set of ties, but made by merging the few new entries into the kept ones, which are in order
    already (a sort of two million entries costs more than the rest of a one-member catch-up).

    The entries that go, and where the new ones go in, are found by searching the rows they are in
    (``_lower_bound``), not by a key or a lookup made for each of the graph's entries (3.6 s of a
    catch-up on the 18 million entries of 2,000 × 5,000): each array is then copied once, its kept
    entries compressed and the new ones put in, and the columns renumbered only when people come or
    go."""
    import numpy as np

    assert graph.real is not None and graph.logit is not None  # (update_graph checks it)
    node_ids, indptr, indices = graph.node_ids, graph.indptr, graph.indices
    n = len(node_ids)
    # The entries that go: the rows of the reached people, the same ties seen from their other
    # ends, and the ties redone apart from them (both directions).
    rows = _rows_of(node_ids, np.fromiter(reached, dtype=np.int64, count=len(reached)))
    rows = np.sort(rows[rows >= 0])
    at, counts = graph.edges_of(rows)
    columns = indices[at].astype(np.int64)
    mirrors = _lower_bound(
        indptr[columns], indptr[columns + 1], lambda k: indices[k], np.repeat(rows, counts)
    )
    apart = np.array(
        [(a, b) for a, b in redone if a not in reached and b not in reached], dtype=np.int64
    ).reshape(-1, 2)
    ia, ib = _rows_of(node_ids, apart[:, 0]), _rows_of(node_ids, apart[:, 1])
    both = (ia >= 0) & (ib >= 0)
    ia, ib = np.concatenate([ia[both], ib[both]]), np.concatenate([ib[both], ia[both]])
    found = _lower_bound(indptr[ia], indptr[ia + 1], lambda k: indices[k], ib)
    tied = found < indptr[ia + 1]
    tied[tied] = indices[found[tied]] == ib[tied]
    gone = sorted_unique(np.concatenate([at, mirrors, found[tied]]))
    kept_counts = np.diff(indptr) - np.bincount(np.searchsorted(indptr, gone, side="right") - 1, minlength=n)
    # The new entries, both directions, in the arrays' order (by row person, then column person),
    # and where each goes in among the old entries.
    count = len(edges)
    new_a = np.fromiter((e[0] for e in edges), np.int64, count)
    new_b = np.fromiter((e[1] for e in edges), np.int64, count)
    new_src, new_dst = np.concatenate([new_a, new_b]), np.concatenate([new_b, new_a])
    order = np.lexsort((new_dst, new_src))
    new_src, new_dst = new_src[order], new_dst[order]
    row = np.searchsorted(node_ids, new_src)
    start = indptr[row]
    end = np.where(_rows_of(node_ids, new_src) >= 0, indptr[np.minimum(row + 1, n)], start)
    into = _lower_bound(start, end, lambda k: node_ids[indices[k]], new_dst)
    into_kept = into - np.searchsorted(gone, into)  # (the entries that go before it are not there)
    # The people: those left with a tie, and those the new ties bring.
    still = kept_counts > 0
    arriving = sorted_unique(new_src)
    staying = _rows_of(node_ids, arriving) >= 0
    staying[staying] = still[_rows_of(node_ids, arriving[staying])]
    arriving = arriving[~staying]
    where = np.searchsorted(node_ids, arriving)
    renumbered = np.cumsum(still) - 1 + np.cumsum(np.bincount(where, minlength=n + 1))[:n]
    people = np.insert(node_ids[still], np.searchsorted(node_ids[still], arriving), arriving)
    size = len(people)
    people_counts = np.zeros(size, dtype=np.int64)
    people_counts[renumbered[still]] = kept_counts[still]
    people_counts += np.bincount(np.searchsorted(people, new_src), minlength=size)
    new_indptr = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(people_counts, out=new_indptr[1:])
    # Each array made once: its kept entries in order, the new ones put in where they go.
    merge = _Merge(len(indices), gone, into_kept)

    def column(index: int, dtype) -> np.ndarray:
        new = np.fromiter((e[index] for e in edges), dtype, count)
        return np.concatenate([new, new])[order]

    # (the same people: the columns as they were; else one lookup an entry)
    same = size == n and not len(arriving)
    renumbering = None if same else renumbered.astype(np.int32)
    strength = column(2, np.float32)
    return Spliced(
        people,
        new_indptr,
        generation,
        as_of,
        {
            "indices": _Merged(
                merge, indices, np.searchsorted(people, new_dst).astype(np.int32), renumbering
            ),
            "strength": _Merged(merge, graph.strength, strength),
            "direct": _Merged(merge, graph.direct, column(4, bool)),
            "real": _Merged(merge, graph.real, column(5, bool)),
            "logit": _Merged(merge, graph.logit, column(3, np.float64)),
            # The costs the kept ties had, not computed again over the whole graph: ``TieGraph.cost``
            # of the new strengths only (the same float operations, entry by entry).
            "cost": _Merged(merge, graph.cost, -np.log(strength.astype("float64"))),
        },
    )


@dataclass
class _Merged:
    """One array of a spliced graph, not made yet: ``old`` merged with the ``new`` entries (each kept
    entry ``lookup[entry]`` when given), by ``merge``."""

    merge: _Merge
    old: np.ndarray
    new: np.ndarray
    lookup: np.ndarray | None = None

    @property
    def dtype(self):
        return self.old.dtype

    def __len__(self) -> int:
        return self.merge.total

    def blocks(self) -> Iterator[np.ndarray]:
        """The array's entries in order, a block at a time."""
        return self.merge.blocks(self.old, self.new, self.lookup)

    def array(self) -> np.ndarray:
        import numpy as np

        out = np.empty(len(self), dtype=self.dtype)
        at = 0
        for block in self.blocks():
            out[at : at + len(block)] = block
            at += len(block)
        assert at == len(out)
        return out


@dataclass
class Spliced:
    """A graph after a catch-up's splice, its arrays as long as the graph (``_Merged``) not made
    yet: written to the cache a block at a time (``cache._write_cache``), then read from the file in
    place, they are never made in memory, whose fresh pages cost (0.5 GB at 2,000 x 5,000) more
    than the copy itself; ``graph()`` makes them."""

    node_ids: np.ndarray
    indptr: np.ndarray
    generation: int
    as_of: str
    merged: dict[str, _Merged]

    def graph(self) -> TieGraph:
        made = {name: merged.array() for name, merged in self.merged.items()}
        graph = TieGraph(
            self.node_ids,
            self.indptr,
            made["indices"],
            made["strength"],
            made["direct"],
            self.generation,
            self.as_of,
            made["real"],
            made["logit"],
        )
        graph.cost = made["cost"]
        return graph


class _Merge:
    """A graph's array with the entries at ``gone`` (sorted positions) dropped and new entries put
    in, the new entry ``j`` before the kept entry ``into[j]`` (``into`` non-decreasing): made a block
    of the old array at a time, so that no temporary as long as the graph is made (the kept entries
    of each array, a mask of the whole array: a copy of 18 million entries touches fresh pages, each
    page fault a cost of its own)."""

    BLOCK = 1 << 20

    def __init__(self, length: int, gone: np.ndarray, into: np.ndarray) -> None:
        import numpy as np

        self.total = length - len(gone) + len(into)
        new_at = into + np.arange(len(into))  # (where each new entry goes in the output)
        # (start, end, the gone positions in the block, the output range its kept entries span, and
        # a mask of the kept ones in that range: None when no new entry falls between them)
        self.blocks_of_old: list[tuple[int, int, np.ndarray, int, int, np.ndarray | None]] = []
        for start in range(0, length, self.BLOCK):
            end = min(start + self.BLOCK, length)
            first, last = np.searchsorted(gone, [start, end]).tolist()
            kept_first, kept_last = start - first, end - last  # (the kept entries [kept_first, kept_last))
            if kept_first == kept_last:
                continue
            before_first, before_last = np.searchsorted(
                into, [kept_first, kept_last - 1], side="right"
            ).tolist()
            out_first = kept_first + before_first
            out_last = kept_last - 1 + before_last + 1
            mask = None
            if before_last > before_first:
                mask = np.ones(out_last - out_first, dtype=bool)
                mask[new_at[before_first:before_last] - out_first] = False
            self.blocks_of_old.append((start, end, gone[first:last] - start, out_first, out_last, mask))

    def blocks(
        self, old: np.ndarray, new: np.ndarray, lookup: np.ndarray | None = None
    ) -> Iterator[np.ndarray]:
        """``old`` merged with the ``new`` entries (each kept entry ``lookup[entry]`` when given), in
        order, a block at a time."""
        import numpy as np

        at = taken = 0  # (the output's entries made, the new entries put in)
        for start, end, dropped, out_first, out_last, mask in self.blocks_of_old:
            if out_first > at:  # (only new entries before this block's kept ones)
                yield new[taken : taken + out_first - at]
                taken += out_first - at
            kept = old[start:end] if not len(dropped) else np.delete(old[start:end], dropped)
            if lookup is not None:
                kept = lookup[kept]
            if mask is None:
                yield kept
            else:
                block = np.empty(out_last - out_first, dtype=old.dtype)
                block[mask] = kept
                inside = len(block) - len(kept)
                block[~mask] = new[taken : taken + inside]
                taken += inside
                yield block
            at = out_last
        if at < self.total:
            yield new[taken:]


def _rows_of(node_ids: np.ndarray, people: np.ndarray) -> np.ndarray:
    """The rows of ``people`` (ids) in the graph, -1 for those it does not hold."""
    import numpy as np

    n = len(node_ids)
    if not n:
        return np.full(len(people), -1, dtype=np.int64)
    row = np.minimum(np.searchsorted(node_ids, people), n - 1)
    return np.where(node_ids[row] == people, row, -1)


def _lower_bound(start: np.ndarray, end: np.ndarray, key, wanted: np.ndarray) -> np.ndarray:
    """For each ``i``, the first position in ``[start[i], end[i])`` whose ``key`` is not below
    ``wanted[i]`` (``end[i]`` when there is none): a binary search of every range at once, each step
    one vectorised pass over the searches, none over the graph."""
    import numpy as np

    low, high = np.array(start, dtype=np.int64), np.array(end, dtype=np.int64)
    active = np.flatnonzero(low < high)
    while len(active):
        middle = (low[active] + high[active]) // 2
        below = key(middle) < wanted[active]
        low[active[below]] = middle[below] + 1
        high[active[~below]] = middle[~below]
        active = active[low[active] < high[active]]
    return low
