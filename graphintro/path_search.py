"""The search for warm introduction paths on a ``TieGraph``: pure graph algorithms, no store.

A path's probability is the product of its links' strengths, so the most probable path is the
shortest one under the cost -log(strength). ``find_paths`` enumerates simple paths in order of
probability with an A* search whose heuristic is *exact* for hop-bounded walks: a backward
Bellman-Ford from the targets gives, for every node and every number of remaining hops, the best
cost still achievable. Only nodes that can still reach a target within the hop limit are ever
expanded, so a query touches the neighbourhood of its two ends, not the million ties of the team.

``graphintro.paths`` turns what the user typed into a search and its answers into evidence;
``graphintro.suggestions`` and ``graphintro.accounts`` search here too.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from graphintro.errors import UsageError
from graphintro.graph import TieGraph
from graphintro.graph.arrays import _lower_bound, distinct_positions, sorted_unique


@dataclass
class IntroPath:
    """One chain of people, source first, with the strength of each link."""

    people: list[int]
    strengths: list[float]

    @property
    def probability(self) -> float:
        return math.prod(self.strengths)

    @property
    def hops(self) -> int:
        return len(self.strengths)


class _Held:
    """The nodes a question visits, each given a slot (1, 2, ... as first met) by a map over the
    graph's positions: ``slot[v]`` is 0 for a node not held. The map is zeroed (``slot``: one lent
    by the graph, ``_Lent.held``, cleared after the question), and every value is kept in arrays
    indexed by slot, sized by what is visited: column 0 stands for every node not held."""

    def __init__(self, n: int, slot=None) -> None:
        import numpy as np

        self.slot = np.zeros(n, dtype=np.int32) if slot is None else slot
        self.nodes = [np.full(1, -1, dtype=np.int64)]  # slot -> position, in pieces
        self.count = 0

    def add(self, nodes) -> None:
        """Give a slot to each of ``nodes`` not held yet (repeats allowed)."""
        import numpy as np

        fresh = nodes[self.slot[nodes] == 0]
        if not len(fresh):
            return
        mark = -np.arange(1, len(fresh) + 1, dtype=np.int32)  # one occurrence of each wins its mark
        self.slot[fresh] = mark
        fresh = fresh[self.slot[fresh] == mark]
        self.slot[fresh] = np.arange(self.count + 1, self.count + 1 + len(fresh), dtype=np.int32)
        self.count += len(fresh)
        self.nodes.append(np.asarray(fresh, dtype=np.int64))

    def positions(self):
        """The node of each slot (-1 for slot 0)."""
        import numpy as np

        if len(self.nodes) > 1:
            self.nodes = [np.concatenate(self.nodes)]
        return self.nodes[0]


class _Lent:
    """Arrays over the graph's ``n`` people that a question marks at a few positions, lent zeroed
    by the graph's ``_Pool`` and given back cleared (``lent``): at 2,000 x 5,000 each new one was a
    memset of 2.5 MB (a mask) or 10 MB (``_Held``'s map), 2 ms of a 15 ms answer for four of them.
    The masks are read-only while lent."""

    def __init__(self, pool: _Pool, n: int) -> None:
        self._pool, self._n = pool, n
        self._masks: list[tuple] = []  # (mask, the positions marked)
        self._numbered: list[tuple] = []  # (map, the positions numbered)
        self._costs: list[tuple] = []  # (costs, the positions written: a list of arrays)
        self._helds: list[_Held] = []

    def mask(self, *positions):
        """A mask of the graph's people, True at each of ``positions`` (arrays or lists of them)."""
        import numpy as np

        mask = self._pool.take(self._n, np.bool_)
        for at in positions:
            mask[at] = True
        mask.flags.writeable = False
        self._masks.append((mask, positions))
        return mask

    def numbered(self, positions):
        """A map of the graph's people: ``i + 1`` at ``positions[i]``, 0 for everyone else."""
        import numpy as np

        numbers = self._pool.take(self._n, np.int32)
        numbers[positions] = np.arange(1, len(positions) + 1, dtype=np.int32)
        numbers.flags.writeable = False
        self._numbered.append((numbers, positions))
        return numbers

    def costs(self):
        """Costs of the graph's people, inf for each, and the list where the caller adds the
        positions it writes (each write's, as it makes it): those are set back to inf."""
        import numpy as np

        costs = self._pool.take(self._n, np.float64, math.inf)
        written: list = []
        self._costs.append((costs, written))
        return costs, written

    def held(self) -> _Held:
        """A ``_Held`` whose map is lent."""
        import numpy as np

        held = _Held(self._n, self._pool.take(self._n, np.int32))
        self._helds.append(held)
        return held

    def give_back(self) -> None:
        """Clear what was marked and give every array back to the pool."""
        for mask, positions in self._masks:
            mask.flags.writeable = True
            for at in positions:
                mask[at] = False
            self._pool.give(mask)
        for numbers, positions in self._numbered:
            numbers.flags.writeable = True
            numbers[positions] = 0
            self._pool.give(numbers)
        for costs, written in self._costs:
            for at in written:
                costs[at] = math.inf
            self._pool.give(costs, math.inf)
        for held in self._helds:
            held.slot[held.positions()[1:]] = 0
            self._pool.give(held.slot)
        self._masks, self._numbered, self._costs, self._helds = [], [], [], []


class _Pool:
    """The arrays a graph's questions borrow (``_Lent``), by dtype and the value they hold everywhere
    (0, or inf for costs); a question finding none free (another thread's question holds them)
    gets new ones, given back to the pool after."""

    def __init__(self) -> None:
        import threading

        self._lock = threading.Lock()
        self._free: dict[tuple[str, float], list] = {}

    def take(self, n: int, dtype, fill: float = 0):
        """An array of ``n`` of ``dtype``, ``fill`` everywhere."""
        import numpy as np

        with self._lock:
            free = self._free.get((np.dtype(dtype).str, fill))
            if free:
                return free.pop()
        # (np.zeros, not np.full of 0: a first question in a process gets calloc's zeroed pages)
        return np.zeros(n, dtype=dtype) if fill == 0 else np.full(n, fill, dtype=dtype)

    def give(self, array, fill: float = 0) -> None:
        """``array`` back, ``fill`` everywhere again."""
        with self._lock:
            self._free.setdefault((array.dtype.str, fill), []).append(array)


@contextmanager
def lent(graph: TieGraph) -> Iterator[_Lent]:
    """Zeroed arrays over ``graph``'s people for one question (``_Lent``), given back cleared when it
    ends; an exception drops them (what was marked is not known then)."""
    pool = _kept(graph).setdefault("pool", _Pool())
    arrays = _Lent(pool, len(graph.node_ids))
    yield arrays
    arrays.give_back()


def _kept(graph: TieGraph) -> dict:
    """What path questions keep with ``graph`` between them (a graph never changes: a write makes a
    new one): the pool of arrays they borrow, the team's mask."""
    return vars(graph).setdefault("_kept_by_path_search", {})


def _team_mask(graph: TieGraph, members: Iterable[int]):
    """A read-only mask of ``members``' positions, kept with the graph for the last team asked
    about (the same 2,000 members at every question: found in the graph's ids and marked once)."""
    import numpy as np

    ids = np.sort(np.fromiter(members, dtype=np.int64))  # (a set or a list of the same team)
    kept = _kept(graph)
    found = kept.get("team")
    if found is not None and np.array_equal(found[0], ids):
        return found[1]
    mask = np.zeros(len(graph.node_ids), dtype=bool)
    mask[graph.positions_array(ids)] = True
    mask.flags.writeable = False
    kept["team"] = (ids, mask)
    return mask


class _Reads:
    """The ties of a set of nodes (``TieGraph.edges_of``: offsets and counts, and their other ends),
    kept for the set last read: a question reads its introducers' ties for the two-link bound and
    again for the layers near them, and once more a hop earlier when the nodes added are teammates
    only (whose ties are not read). The arrays returned are shared: never written."""

    def __init__(self, graph: TieGraph) -> None:
        self._graph = graph
        self._last: tuple | None = None

    def of(self, nodes):
        """``(offsets, counts, neighbours)`` of ``nodes`` (positions)."""
        import numpy as np

        last = self._last
        if last is not None and np.array_equal(last[0], nodes):
            return last[1:]
        offsets, counts = self._graph.edges_of(nodes)
        self._last = (nodes, offsets, counts, self._graph.indices[offsets])
        return self._last[1:]


def _degrees(graph: TieGraph, nodes) -> int:
    """How many entries the rows of ``nodes`` hold (what reading their ties costs)."""
    return int((graph.indptr[nodes + 1] - graph.indptr[nodes]).sum())


def _padded(values, size: int):
    """``values`` (by slot) followed by inf up to ``size`` slots (nodes held later: not reached)."""
    import numpy as np

    padded = np.full(size, np.inf)
    padded[: len(values)] = values
    return padded


def _reachability(graph: TieGraph, cost, targets, avoid, max_hops: int, sources, no_through=()):
    """``(slot, best)``: ``best[h, slot[v]]`` is the least cost from ``v`` to a target in at most
    ``h`` hops (inf if none), held for the nodes the layers reach (``_Held``), never for the whole
    graph.

    Layers are pushed outwards from the targets (Bellman-Ford over the changed nodes only). The
    last layer is only ever read at the sources' neighbours, so it is made for them alone: pulled
    from their ties, or pushed from the nodes the layer before reaches when those have fewer ties
    (a member's teammates hold thousands each; the same sums: a link costs the same both ways).
    ``no_through`` (the teammates) are never on the way in the pushed layers: a teammate can only
    be the first step from the source, which the last layer alone describes.
    """
    import numpy as np

    n = len(graph.node_ids)
    targets = np.asarray(targets, dtype=np.int64)
    avoid = np.asarray(avoid, dtype=np.int64)
    stop = np.zeros(n, dtype=bool)  # never entered by a push: avoided, teammates, targets (0 at every hop)
    stop[avoid] = True
    stop[np.asarray(no_through, dtype=np.int64)] = True
    stop[targets] = True
    held = _Held(n)
    held.add(targets)
    first = np.full(held.count + 1, np.inf)
    first[held.slot[targets]] = 0.0
    best = [first]
    frontier, at_frontier = targets, np.zeros(len(targets))
    for _ in range(max(max_hops - 1, 0)):
        destinations, candidate = np.zeros(0, dtype=np.int64), np.zeros(0)
        if len(frontier):
            offsets, counts = graph.edges_of(frontier)
            destinations = graph.indices[offsets]
            candidate = np.repeat(at_frontier, counts) + cost[offsets]
            entered = ~stop[destinations]
            destinations, candidate = destinations[entered], candidate[entered]
            held.add(destinations)
        before = _padded(best[-1], held.count + 1)
        current = before.copy()
        np.minimum.at(current, held.slot[destinations], candidate)
        changed = np.flatnonzero(current < before)
        frontier, at_frontier = held.positions()[changed], current[changed]
        best.append(current)
    if max_hops >= 1:
        reached = held.positions()[1 : len(best[-1])]
        needed = distinct_positions(
            np.concatenate([graph.indices[graph.indptr[s] : graph.indptr[s + 1]] for s in sources]).astype(
                np.int64
            ),
            n,
        )
        held.add(needed)
        previous = _padded(best[-1], held.count + 1)
        last = np.full(held.count + 1, np.inf)
        if _degrees(graph, reached) < _degrees(graph, needed):  # pushed from the nodes reached
            offsets, counts = graph.edges_of(reached)
            wanted = np.zeros(n, dtype=bool)
            wanted[needed] = True
            destinations = graph.indices[offsets]
            hit = wanted[destinations]
            np.minimum.at(
                last,
                held.slot[destinations[hit]],
                (np.repeat(previous[1 : len(reached) + 1], counts) + cost[offsets])[hit],
            )
        else:  # pulled from the needed nodes' ties
            offsets, counts = graph.edges_of(needed)
            if len(offsets):
                candidate = cost[offsets] + previous[held.slot[graph.indices[offsets]]]
                starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
                has_edges = counts > 0
                last[held.slot[needed[has_edges]]] = np.minimum.reduceat(candidate, starts[has_edges])
        at_needed = held.slot[needed]
        last[at_needed] = np.minimum(last[at_needed], previous[at_needed])
        last[held.slot[avoid]] = np.inf
        last[held.slot[targets]] = 0.0
        last[0] = np.inf
        best.append(last)
    layers = np.full((len(best), held.count + 1), np.inf)
    for hops, layer in enumerate(best):
        layers[hops, : len(layer)] = layer
    return held.slot, layers


def find_paths(
    graph: TieGraph,
    sources: Iterable[int],
    targets: Iterable[int],
    k: int = 3,
    max_hops: int = 4,
    avoid: Iterable[int] = (),
    members: Iterable[int] = (),
) -> list[IntroPath]:
    """The ``k`` most probable simple paths of at most ``max_hops`` links from a source to a target.

    ``sources``, ``targets`` and ``avoid`` are person ids. With several sources (the team), a path
    never runs through another source: the part after it would be a better path. Targets end a
    path: it never runs through one target to reach another. ``members`` (the team) are one
    source: a member appears only as the first step from the source (a teammate you ask), never
    further on, so no path asks a teammate to introduce a teammate. Ties are broken by fewer hops,
    then by person ids, so results are deterministic.
    """
    import numpy as np

    if k < 1 or max_hops < 1:
        raise UsageError("-k and --max-hops must be at least 1")
    avoid_index = {i for i in (graph.index_of(p) for p in avoid) if i is not None}
    source_index = [i for i in (graph.index_of(p) for p in sources) if i is not None and i not in avoid_index]
    target_index = sorted(graph.positions_of(targets) - avoid_index)
    target_set = set(target_index) - set(source_index)
    if not source_index or not target_set:
        return []
    cost = graph.cost
    avoid_array = np.array(sorted(avoid_index), dtype=np.int64)
    member_array = np.array(sorted(graph.positions_of(members)), dtype=np.int64)
    slot, best = _reachability(
        graph, cost, sorted(target_set), avoid_array, max_hops - 1, source_index, member_array
    )
    source_set = set(source_index)
    member_set = set(member_array.tolist())
    many_sources = len(source_set) > 1

    def extensions(path: tuple[int, ...], hops: int, spent: float):
        """The next steps of ``path`` that can still reach a target in time, best estimate first."""
        start, end = graph.indptr[path[-1]], graph.indptr[path[-1] + 1]
        neighbours = graph.indices[start:end]
        bounds = best[max_hops - hops - 1, slot[neighbours]]
        keep = np.isfinite(bounds)
        if not keep.any():
            return None
        steps = spent + cost[start:end][keep]
        estimates = steps + bounds[keep]
        order = np.argsort(estimates, kind="stable")
        return estimates[order], neighbours[keep][order], steps[order]

    # A heap entry is the i-th best extension of a path; its next sibling is pushed only when it is
    # popped (a lazy merge of sorted lists), so a hub with a thousand neighbours costs two pushes.
    heap: list[tuple] = [(0.0, 0, (s,), 0.0, None, 0) for s in source_index]
    heapq.heapify(heap)
    expanded: list[tuple] = []
    found: list[IntroPath] = []
    while heap and len(found) < k:
        _, hops, path, spent, siblings, i = heapq.heappop(heap)
        if siblings is not None:
            estimates, nodes, steps = expanded[siblings]
            if i + 1 < len(nodes):
                heapq.heappush(
                    heap,
                    (
                        float(estimates[i + 1]),
                        hops,
                        path[:-1] + (int(nodes[i + 1]),),
                        float(steps[i + 1]),
                        siblings,
                        i + 1,
                    ),
                )
        node = path[-1]
        if hops and (node in path[:-1] or (many_sources and node in source_set)):
            continue
        if hops and node in target_set:
            if hops > 1 and node in member_set and path[-2] in member_set:
                continue  # never ask a teammate to introduce a teammate
            found.append(
                IntroPath(
                    [int(graph.node_ids[i]) for i in path],
                    [
                        graph.strength_between(int(graph.node_ids[a]), int(graph.node_ids[b]))
                        for a, b in itertools.pairwise(path)
                    ],
                )
            )
            continue
        if hops == max_hops:
            continue
        options = extensions(path, hops, spent)
        if options is not None:
            expanded.append(options)
            estimates, nodes, steps = options
            heapq.heappush(
                heap,
                (
                    float(estimates[0]),
                    hops + 1,
                    path + (int(nodes[0]),),
                    float(steps[0]),
                    len(expanded) - 1,
                    0,
                ),
            )
    return found


def best_per_introducer(
    graph: TieGraph,
    sources: Iterable[int],
    targets: Iterable[int],
    max_hops: int = 4,
    avoid: Iterable[int] = (),
    members: Iterable[int] = (),
    limit: int | None = None,
) -> list[IntroPath]:
    """For every introducer (the last person before a target), the most probable path through them.

    The answers a user can act on differ by who makes the introduction: the k best simple paths
    are near-copies of the first one (the same introducer reached a little differently). So the
    cost of the best constrained path from the sources to *every* person is computed at once, by a
    hop-layered Bellman-Ford pushed forward from the sources, and each neighbour ``i`` of a
    target ``t`` gives one answer: best(i) + cost(i, t). The last layer is pulled only at those
    neighbours (the push never relaxes the whole graph around them).

    The team is one source (``members``): a member is only ever the first step from the source
    (the teammate you ask) and never further on; targets end a path; ``avoid`` is never used.
    Costs -log(strength) are never negative, so each best walk is a simple path, read back from
    the layers. Returns one path per (introducer, target), most probable first (ties: fewer hops,
    then ids).

    ``limit``: only the first ``limit`` of those are wanted (and the source's own tie to a target,
    which ``paths.choose_answers`` puts first): from a single source, the answers through two links
    at most give an upper bound of the ``limit``-th cost (``_two_link_bound``), and the search
    leaves out every tie into an introducer that cannot end a path within it (``_layers_near``'s
    ``prune``). The paths returned are those that cost at most the bound, the same as without
    ``limit`` (ties in cost included), and the source's own: a prefix of the whole list, plus
    its own tie.
    """

    def indexes(people) -> set[int]:
        return graph.positions_of(people)

    avoid_index = indexes(avoid)
    source_index = sorted(indexes(sources) - avoid_index)
    target_index = sorted(indexes(targets) - avoid_index - set(source_index))
    if not source_index or not target_index or max_hops < 1:
        return []
    with lent(graph) as arrays:
        return _best_per_introducer(
            graph,
            source_index,
            target_index,
            avoid_index,
            max_hops,
            _team_mask(graph, members),
            limit,
            arrays,
        )


def _best_per_introducer(
    graph: TieGraph,
    source_index: list[int],
    target_index: list[int],
    avoid_index: set[int],
    max_hops: int,
    member_mask,
    limit: int | None,
    arrays: _Lent,
) -> list[IntroPath]:
    """``best_per_introducer`` from the positions of its people, the team's mask given, its masks
    and maps over the graph's people lent (``arrays``)."""
    import numpy as np

    n = len(graph.node_ids)
    cost = graph.cost
    # Never on the way: targets end paths, avoided people are never used.
    blocked = arrays.mask(sorted(avoid_index), target_index)
    sources_array = np.asarray(source_index, dtype=np.int64)
    is_source = arrays.mask(sources_array)
    reach = max_hops - 1  # hops from a source to the introducer
    # Who can introduce: a target's neighbours that are never blocked and, past the first step, not teammates.
    targets_array = np.asarray(target_index, dtype=np.int64)
    offsets, _ = graph.edges_of(targets_array)
    introducers = distinct_positions(graph.indices[offsets].astype(np.int64), n)
    introducers = introducers[~blocked[introducers]]
    if reach == 0:
        introducers = introducers[np.isin(introducers, sources_array)]
    owners, hit_targets, hit_costs = _ties_to_targets(graph, introducers, targets_array)
    # Never ask a teammate to introduce a teammate.
    excluded = member_mask[hit_targets] & member_mask[introducers[owners]] & ~is_source[introducers[owners]]
    bound, prune = np.inf, None
    reads = _Reads(graph)  # (the introducers' ties: read once for the bound and the layers)
    if limit is not None and len(source_index) == 1:
        bound = _two_link_bound(
            graph,
            source_index[0],
            introducers,
            member_mask,
            blocked,
            limit,
            (owners[~excluded], hit_costs[~excluded]),
            arrays,
            reads,
            two_links=reach >= 2,
        )
        if reach >= 2 and bound < np.inf:
            # The least cost to each introducer's target, and the least first link from the source.
            tails = np.full(len(introducers), np.inf)
            np.minimum.at(tails, owners, hit_costs)
            start, end = graph.indptr[source_index[0]], graph.indptr[source_index[0] + 1]
            prune = (introducers, tails, float(cost[start:end].min()), bound)

    # The layers where the read-back looks, near the introducers (the push from a member through
    # a thousand teammates' ties reads most of a large graph), else pushed from the sources.
    layers = _layers_near(
        graph,
        cost,
        introducers,
        sources_array,
        is_source,
        member_mask,
        blocked,
        reach,
        grow_team=False,
        prune=prune,
        lent=arrays,
        reads=reads,
    )
    if layers is None:
        layers = _layers_forward(graph, cost, source_index, member_mask, blocked, reach)
    value = layers.at(reach, introducers)
    # The answers: each introducer's ties to a target, the teammates' to a teammate left out, at
    # most the bound (or the source's own).
    totals = value[owners] + hit_costs
    keep = np.flatnonzero(
        ~excluded & np.isfinite(value[owners]) & ((totals <= bound) | is_source[introducers[owners]])
    )
    used = sorted_unique(owners[keep])  # (np.unique imports numpy.ma: 44 M instructions a question)
    introducers, value = introducers[used], value[used]
    owners = np.searchsorted(used, owners[keep]).tolist()
    hit_targets, hit_costs = hit_targets[keep].tolist(), hit_costs[keep].tolist()
    found: list[tuple[float, int, tuple[int, ...], IntroPath]] = []
    # Every introducer's path read back at once (paths that meet at a teammate read its row once).
    value_list = value.tolist()
    nodes, _, lengths = _read_back_many(
        graph, layers, introducers.copy(), is_source, sources_array
    )  # (it walks its copy)
    strengths: dict[tuple[int, int], float] = {}  # (position, position) -> the link's strength
    people: list[int] = []
    for at, (row, target, link_cost) in enumerate(zip(owners, hit_targets, hit_costs, strict=True)):
        if at == 0 or owners[at - 1] != row:
            people = nodes[row, int(lengths[row]) :: -1].tolist()
        path = people + [target]
        ids = graph.node_ids[path].tolist()
        found.append(
            (
                value_list[row] + link_cost,
                len(path) - 1,
                tuple(ids),
                IntroPath(ids, [_strength(graph, a, b, strengths) for a, b in itertools.pairwise(path)]),
            )
        )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found]


def _ties_to_targets(graph: TieGraph, introducers, targets):
    """Each introducer's ties to a target (``introducers`` and ``targets`` sorted positions), in no
    particular order (the answers are sorted after): ``(rows, targets, costs)``, ``rows`` indexing
    ``introducers``. Read in the targets' rows when they hold fewer entries than the introducers'
    (a teammate among them holds thousands of ties, a target a few; a link costs the same both
    ways)."""
    import numpy as np

    offsets, counts = graph.edges_of(targets)
    if len(introducers) and len(offsets) < _degrees(graph, introducers):
        ends = graph.indices[offsets].astype(np.int64)
        rows = np.minimum(np.searchsorted(introducers, ends), len(introducers) - 1)
        hit = np.flatnonzero(introducers[rows] == ends)
        return rows[hit], np.repeat(targets, counts)[hit], graph.cost[offsets[hit]]
    is_target = np.zeros(len(graph.node_ids), dtype=bool)
    is_target[targets] = True
    offsets, counts = graph.edges_of(introducers)
    hit = np.flatnonzero(is_target[graph.indices[offsets]])
    rows = np.repeat(np.arange(len(introducers)), counts)[hit]
    return rows, graph.indices[offsets[hit]].astype(np.int64), graph.cost[offsets[hit]]


def _two_link_bound(
    graph: TieGraph,
    source: int,
    introducers,
    team,
    blocked,
    limit: int,
    hits,
    arrays: _Lent,
    reads: _Reads,
    two_links: bool = True,
) -> float:
    """The ``limit``-th least cost of the answers through at most two links from ``source`` to the
    introducer (one unless ``two_links``: the hops allowed), inf when fewer: what
    ``best_per_introducer`` pays at most for its ``limit``-th answer, any longer path only lowering
    it. ``hits`` are the introducers' ties to a target (``_ties_to_targets``' rows and costs, those
    never answered left out). The same sums as the layers make: the first link is the source's own (0 at the source, inf at a blocked person), a
    second link only to an introducer outside the team (a teammate is only ever the first step).
    The source's ties are found by their ends' numbers in a lent map (``_Lent.numbered``): a search
    of its row for each of the introducers' ten thousand ties cost 0.6 ms at 2,000 x 5,000."""
    import numpy as np

    rows, costs = hits
    start, end = graph.indptr[source], graph.indptr[source + 1]
    row, row_cost = graph.indices[start:end], graph.cost[start:end]
    if not len(rows) or not len(row):
        return float("inf")

    numbers = arrays.numbered(row)

    def first_link(nodes):
        number = numbers[nodes]
        found = np.where(number > 0, row_cost[number - 1], np.inf)
        found[blocked[nodes]] = np.inf
        found[nodes == source] = 0.0
        return found

    value = first_link(introducers)
    pulled = np.flatnonzero(~team[introducers] & (introducers != source) & two_links)
    offsets, counts, neighbours = reads.of(introducers[pulled])
    if len(offsets):
        through = first_link(neighbours.astype(np.int64)) + graph.cost[offsets]
        has_edges = counts > 0
        at = pulled[has_edges]
        value[at] = np.minimum(
            value[at], np.minimum.reduceat(through, (np.cumsum(counts) - counts)[has_edges])
        )
    answers = value[rows] + costs
    answers = answers[np.isfinite(answers)]
    if len(answers) < limit:
        return float("inf")
    return float(np.partition(answers, limit - 1)[limit - 1])


def _strength(graph: TieGraph, a: int, b: int, known: dict[tuple[int, int], float]) -> float:
    """``graph.strength_between`` of the people at positions ``a`` and ``b`` (the tie as ``a``'s row
    holds it), kept in ``known``: the answers' paths share their first links."""
    strength = known.get((a, b))
    if strength is None:
        start, end = int(graph.indptr[a]), int(graph.indptr[a + 1])
        where = start + int(graph.indices[start:end].searchsorted(b))
        strength = float(graph.strength[where]) if where < end and int(graph.indices[where]) == b else 0.0
        known[(a, b)] = strength
    return strength


class PathsToMany(Mapping[int, IntroPath]):
    """The best path to each of many targets, held as arrays (``best_paths_to_many``).

    An account question reads back a path to every person the store knows at 50 companies
    (144k people at large) but shows a few of them: the paths are kept as rows of node and
    strength arrays, each probability computed for all at once, and an ``IntroPath`` is made
    only for the targets asked for. A mapping of target id → ``IntroPath``, in the order of the
    targets given."""

    def __init__(self, node_ids, rows: dict[int, int], nodes, strengths, lengths, probabilities) -> None:
        self._node_ids = node_ids
        self._rows = rows  # target id → row
        self._nodes = nodes  # row → graph positions, target first (steps beyond the length unused)
        self._strengths = strengths  # row → link strengths, the target's link first
        self._lengths = lengths  # row → links
        self.probability = probabilities  # row → the path's probability (an array, for many at once)
        self.probabilities: dict[int, float] = dict(zip(rows, probabilities.tolist(), strict=True))

    @classmethod
    def none(cls, graph: TieGraph) -> PathsToMany:
        """No path at all (no source in the graph)."""
        import numpy as np

        return cls(
            graph.node_ids, {}, np.zeros((0, 1), dtype=np.int64), np.ones((0, 1)), np.zeros(0), np.ones(0)
        )

    def __getitem__(self, person: int) -> IntroPath:
        row = self._rows[person]
        hops = int(self._lengths[row])
        return IntroPath(
            self._node_ids[self._nodes[row, hops::-1]].tolist(), self._strengths[row, hops - 1 :: -1].tolist()
        )

    def __contains__(self, person: object) -> bool:
        return person in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def introducer(self, person: int) -> int:
        """The person before ``person`` on its path (who makes the introduction), without the path."""
        return int(self._node_ids[self._nodes[self._rows[person], 1]])


def best_paths_to_many(
    graph: TieGraph,
    sources: Iterable[int],
    targets: Iterable[int],
    max_hops: int = 4,
    members: Iterable[int] = (),
    avoid: Iterable[int] = (),
    better_than: float = 0.0,
) -> PathsToMany:
    """The single most probable path from any source to each target, for many targets at once.

    A hop-bounded Bellman-Ford forward from the sources (one pass for all targets, where
    ``find_paths`` would search once per target), then each path is read back from the layers.
    Costs -log(strength) are never negative, so the best walk within a hop limit never needs a
    cycle: it is a simple path, and it starts at the last source it passes. ``members`` (the team)
    are only ever the first step from a source, as in ``best_per_introducer`` (so a teammate is
    reached directly, or not at all). ``avoid`` are never on the way (nor reached).

    ``better_than``: only the paths more probable than this are wanted (a suggestion that must beat
    the answer's best path): a target whose best path is not is left out, and the search near the
    targets never reads the ties of a person every path through whom costs too much (``_layers_near``).
    The paths kept are the same, to the last float.
    """
    source_index = sorted(graph.positions_of(sources))
    if not source_index:
        return PathsToMany.none(graph)
    with lent(graph) as arrays:
        return _best_paths_to_many(
            graph,
            source_index,
            targets,
            max_hops,
            _team_mask(graph, members),
            arrays.mask(sorted(graph.positions_of(avoid))),
            better_than,
            arrays,
        )


def _best_paths_to_many(
    graph: TieGraph,
    source_index: list[int],
    targets,
    max_hops: int,
    team,
    avoided,
    better_than: float,
    arrays: _Lent,
) -> PathsToMany:
    """``best_paths_to_many`` from the sources' positions, the team's and the avoided people's masks
    given, its masks and maps over the graph's people lent (``arrays``)."""
    import numpy as np

    cost = graph.cost
    n = len(graph.node_ids)
    is_source = arrays.mask(source_index)
    wanted = np.fromiter(dict.fromkeys(targets), dtype=np.int64)  # each target once, in order
    where = np.minimum(np.searchsorted(graph.node_ids, wanted), n - 1)
    found = graph.node_ids[where] == wanted
    # The least cost a kept path may not reach (a hair above -log(better_than): see CAP_MARGIN)
    cap = -math.log(better_than) + CAP_MARGIN if better_than > 0 else math.inf
    layers = None
    if len(wanted) <= NEAR_TARGETS:
        layers = _layers_near(
            graph,
            cost,
            where[found],
            np.asarray(source_index, dtype=np.int64),
            is_source,
            team,
            avoided,
            max_hops,
            cap=cap,
            lent=arrays,
        )
    if layers is None:
        layers = _layers_forward(graph, cost, source_index, team, avoided, max_hops)
    keep = found & ~is_source[where] & (layers.at(max_hops, where) < cap)
    nodes, strengths, lengths = _read_back_many(
        graph, layers, where[keep], is_source, np.asarray(source_index, dtype=np.int64)
    )
    # math.prod's order, source first (the last link read back first): the same floats as IntroPath's.
    probabilities = np.ones(len(lengths))
    for step in range(strengths.shape[1] - 1, -1, -1):
        on_path = step < lengths
        probabilities[on_path] *= strengths[on_path, step]
    rows = {person: row for row, person in enumerate(wanted[keep].tolist())}
    return PathsToMany(graph.node_ids, rows, nodes, strengths, lengths, probabilities)


# ``best_paths_to_many`` computes the layers only near its targets when they are at most this many
# (a path question's suggestions, an expert's shortlist), unless the entries read there, over all
# hops, reach ``NEAR_EDGES`` of the graph's: then the layers of the whole graph, pushed from the
# sources (at large, a target in a web of groups reads 0.44 of them near it, in 0.09 s against 0.13 s).
NEAR_TARGETS = 64
NEAR_EDGES = 0.5
# ``better_than``'s cost bound is raised by this much: a path's cost is a float sum, its probability
# a float product, each a few ulps from the exact figure (a bound too low could drop a wanted path).
CAP_MARGIN = 1e-9
# The layers near the targets are a row per hop for every node (a gather per read) when that table
# holds at most ``DENSE_SHARE`` entries per tie read, else held for the nodes visited (``_Held``).
DENSE_SHARE = 8


class _Layers:
    """Hop layers, ``at(h, nodes)``: the least cost of a walk of at most ``h`` links from a source
    to each of ``nodes`` (graph positions; ``h`` one hop or one per node), as ``_layers_forward``
    pushes them over the whole graph: every node's (``whole``, a row per hop), or only those of
    the nodes a question visits (``slot`` and ``held``, as ``_Held`` keeps them: inf for any other)."""

    def __init__(self, whole=None, slot=None, held=None) -> None:
        self._table = whole if whole is not None else held
        self._slot = None if whole is not None else slot
        self.count = len(self._table)  # hops 0 to count - 1

    def at(self, hops, nodes):
        if self._slot is None:
            return self._table[hops, nodes]
        return self._table[hops, self._slot[nodes]]


def _layers_forward(graph: TieGraph, cost, source_index: list[int], team, avoided, max_hops: int) -> _Layers:
    """``layers[h][v]``: the least cost of a walk of at most ``h`` links from a source to ``v`` that
    enters neither ``avoided`` nor, after its first link, the ``team`` (inf if none), for every
    node: a hop-bounded Bellman-Ford pushed forward from the sources (one row per hop)."""
    import numpy as np

    n = len(graph.node_ids)
    layers = [np.full(n, np.inf)]
    layers[0][source_index] = 0.0
    frontier = np.asarray(source_index, dtype=np.int64)
    for step in range(max_hops):
        previous = layers[-1]
        current = previous.copy()
        if len(frontier):
            offsets, counts = graph.edges_of(frontier)
            if len(offsets):
                destinations = graph.indices[offsets]
                keep = ~avoided[destinations]
                if step:  # after the first step, never into the team
                    keep &= ~team[destinations]
                np.minimum.at(
                    current, destinations[keep], (np.repeat(previous[frontier], counts) + cost[offsets])[keep]
                )
        frontier = np.flatnonzero(current < previous)
        layers.append(current)
    return _Layers(whole=np.vstack(layers))


def _layers_near(
    graph: TieGraph,
    cost,
    targets,
    sources,
    is_source,
    team,
    avoided,
    max_hops: int,
    grow_team: bool = True,
    cap: float = math.inf,
    prune=None,
    lent: _Lent | None = None,
    reads: _Reads | None = None,
):
    """``_layers_forward``'s layers, the same floats, but only where a read-back of the paths to
    ``targets`` looks, held for those nodes alone (``_Held``: arrays sized by what is visited,
    never by the graph), or None when that is a large part of the graph.

    A node's value after ``h`` links is pulled from its neighbours' after ``h - 1`` (the minimum of
    their value plus the link's cost, the same sums the push makes: a link costs the same both
    ways), so the values needed are those of the targets at every hop and of the neighbours of
    every node a read-back may step to, one hop less: for a person outside the team, whose ties
    are mostly to teammates (sources, worth 0 at every hop), a few hundred people instead of the
    whole graph at every hop. Sources are 0 and avoided people inf at every hop; a teammate who is
    not a source keeps its first hop's value (the push never enters the team after it). The first
    hop's values are the sources' links: pushed from the sources when their ties are fewer than
    those of the nodes that need them (one member's thousands, against their teammates').

    A teammate's value past the first hop is its first hop's, and a read-back never steps back to a
    teammate there: it steps from a node first reached at ``h`` links to a neighbour first reached at
    ``h - 1`` (were the neighbour's value that of ``h - 2``, the node would be reached as cheaply at
    ``h - 1``), and a teammate is first reached at the first hop. So ``grow_team=False`` never reads
    a teammate's ties past the first hop (a target known by three members: their three thousand
    contacts fewer at every hop); ``best_per_introducer`` asks for it (``best_paths_to_many``
    keeps the reads it always made).

    ``cap``: only the paths to the targets that cost less than this are wanted. A node is then
    needed one hop earlier only if the cheapest way found from it to a target (``bound``, over the
    links read so far) costs less than ``cap``: every path through it costs at least that much
    (costs are never negative). A node of a wanted path is always kept (its way to the target along
    that path was read), so the values along every wanted path, and its read-back (which compares
    a node's neighbours: one left out is worth ``cap`` or more there, more than the step it would
    tie), are those computed without the cap; a value that a node left out would have lowered is of
    no wanted path, and costs ``cap`` or more.

    ``prune`` (``best_per_introducer``'s bound, with ``grow_team=False``): ``(nodes, tails, first,
    most)``, ``nodes`` the sorted ``targets``, ``tails`` the least cost from each on (its tie to a
    target), ``first`` the least cost of a first link from a source, ``most`` the most an answer
    may cost. A tie into a target is left out when ``first`` + its cost + the target's tail exceeds
    ``most`` (a path through it costs at least that: the same sums, each term no smaller; a source's
    own tie to the target is its value one hop earlier, which the pull keeps), and so is everything
    only it would have needed. A target's value then stays exact when its best path costs at most
    ``most`` with its tail, and is higher otherwise.

    ``lent``: the question's lent arrays (``_Held``'s map borrowed there); ``reads``: its ``_Reads``
    (ties the caller read of the same nodes are not read again)."""
    import numpy as np

    n = len(graph.node_ids)

    def distinct(nodes):
        """``nodes`` once each, in order, neither source nor avoided."""
        nodes = distinct_positions(nodes, n)
        return nodes[~(is_source[nodes] | avoided[nodes])]

    reads = reads or _Reads(graph)
    need = [np.zeros(0, dtype=np.int64)] * (max_hops + 1)  # the nodes (neither source nor avoided) per hop
    if max_hops >= 1:
        need[max_hops] = distinct(np.asarray(targets, dtype=np.int64))
    budget = NEAR_EDGES * len(graph.indices)
    read = 0
    bound = None  # with a cap: the least cost found from each node to a target
    written: list = []  # (where bound was written, when it is lent)
    if cap < math.inf:
        bound, written = (np.full(n, np.inf), []) if lent is None else lent.costs()
        bound[need[max_hops]] = 0.0
        written.append(need[max_hops])
    edges = {}  # hops -> the growing nodes' edges: offsets, counts, neighbours (read again to pull)
    for hops in range(max_hops, 1, -1):  # (the first hop's values are the sources' links: none is grown)
        growing = need[hops] if grow_team else need[hops][~team[need[hops]]]
        offsets, counts, neighbours = reads.of(growing)
        read += len(offsets)
        if read > budget:
            return None
        if prune is not None and hops == max_hops:
            nodes, tails, first, most = prune
            tail = np.repeat(tails[np.searchsorted(nodes, growing)], counts)
            kept = (first + cost[offsets]) + tail <= most
            counts = np.bincount(np.repeat(np.arange(len(growing)), counts)[kept], minlength=len(growing))
            offsets, neighbours = offsets[kept], neighbours[kept]
        edges[hops] = offsets, counts, neighbours
        if bound is not None:  # only the neighbours some wanted path may go through
            np.minimum.at(bound, neighbours, np.repeat(bound[growing], counts) + cost[offsets])
            written.append(neighbours)
            neighbours = neighbours[bound[neighbours] < cap]
        need[hops - 1] = distinct(np.concatenate([need[hops], neighbours.astype(np.int64)]))
    pushed = max_hops >= 1 and _degrees(graph, sources) < _degrees(graph, need[1])
    if max_hops >= 1:
        read += _degrees(graph, sources if pushed else need[1])
        if read > budget:
            return None
    if (max_hops + 1) * n <= DENSE_SHARE * read:  # a row per hop for every node costs less than the reads
        table = np.full((max_hops + 1, n), np.inf)
        table[:, sources] = 0.0
        layers = _Layers(whole=table)

        def index(nodes):
            return nodes

    else:  # held for the nodes visited only
        held = _Held(n) if lent is None else lent.held()
        held.add(sources)
        for nodes in need:
            held.add(nodes)
        table = np.full((max_hops + 1, held.count + 1), np.inf)
        table[:, held.slot[sources]] = 0.0
        layers = _Layers(slot=held.slot, held=table)

        def index(nodes):
            return held.slot[nodes]

    for hops in range(1, max_hops + 1):
        nodes = need[hops]
        value = layers.at(hops - 1, nodes)
        if hops == 1 and pushed:
            offsets, counts = graph.edges_of(sources)
            destinations = graph.indices[offsets]
            by_slot = np.full(table.shape[1], np.nan)  # (NaN: not a node of this hop)
            by_slot[index(nodes)] = value
            hit = ~np.isnan(by_slot[index(destinations)])
            np.minimum.at(
                by_slot,
                index(destinations[hit]),
                (np.repeat(layers.at(0, sources), counts) + cost[offsets])[hit],
            )
            value = by_slot[index(nodes)]
        else:
            pulled = np.flatnonzero(~team[nodes]) if hops > 1 else np.arange(len(nodes))
            if hops in edges and (not grow_team or len(pulled) == len(nodes)):  # (the edges the growth read)
                offsets, counts, neighbours = edges[hops]
            else:
                offsets, counts = graph.edges_of(nodes[pulled])
                neighbours = graph.indices[offsets]
            if len(offsets):
                candidate = layers.at(hops - 1, neighbours) + cost[offsets]
                has_edges = counts > 0
                starts = (np.cumsum(counts) - counts)[has_edges]
                at = pulled[has_edges]
                value[at] = np.minimum(value[at], np.minimum.reduceat(candidate, starts))
        table[hops, index(nodes)] = value
    return layers


def _read_back_many(graph: TieGraph, layers, targets, is_source, sources=None):
    """The best paths to all ``targets`` (graph positions) read back from the hop ``layers`` at once.

    Each target starts at the first layer that reaches it at its best cost; each step goes back to
    the neighbour one layer earlier that accounts for the cost, the first such in the graph's order
    (``argmin``'s choice), until a source. Every path of a step is read together: one segmented
    minimum over the neighbours of all of them, where a loop per target and step cost minutes for
    an account question at large. Returns the positions (target first), the strengths (the
    target's link first) and each path's number of links.

    The step from the first layer goes to a source (worth 0 there, every other node inf): with
    ``sources`` (sorted positions, those of ``is_source``) few, the ties to them are searched in
    the rows (``_links_to_sources``) instead of reading every neighbour's layer, the same choice
    (at xlarge, the planted pair's read-back read 480k entries, most of them in the rows of the
    teammates on the paths, a few thousand ties each).
    """
    import numpy as np

    count, most = len(targets), layers.count - 1
    nodes = np.zeros((count, most + 1), dtype=np.int64)
    strengths = np.ones((count, max(most, 1)))
    lengths = np.zeros(count, dtype=np.int64)
    if not count:
        return nodes, strengths, lengths
    nodes[:, 0] = targets
    best = layers.at(most, targets)
    reached = np.vstack([layers.at(h, targets) for h in range(most + 1)]) <= best + 1e-12
    hops = np.argmax(reached, axis=0)
    here = np.asarray(targets, dtype=np.int64)
    active = np.flatnonzero(hops > 0)
    while len(active):
        # The step back from a node depends only on the node and its layer: paths that meet (at a
        # teammate of a thousand ties, say) read its neighbours once.
        keys, inverse = np.unique(here[active] * layers.count + hops[active], return_inverse=True)
        at_node, at_layer = keys // layers.count, keys % layers.count
        chosen_by_key = np.empty(len(keys), dtype=np.int64)
        rest = np.arange(len(keys))
        if sources is not None:
            first = at_layer == 1  # the step to a source: only the sources are worth less than inf
            if first.any() and _sources_searched(graph, at_node[first], sources):
                chosen_by_key[first] = _links_to_sources(graph, at_node[first], sources)
                rest = np.flatnonzero(~first)
        if len(rest):
            offsets, counts = graph.edges_of(at_node[rest])
            totals = (
                layers.at(np.repeat(at_layer[rest] - 1, counts), graph.indices[offsets]) + graph.cost[offsets]
            )
            starts = np.cumsum(counts) - counts
            lowest = np.repeat(np.minimum.reduceat(totals, starts), counts)
            reaching = np.flatnonzero(totals == lowest)
            owner = np.repeat(np.arange(len(rest)), counts)[reaching]
            chosen_by_key[rest] = offsets[reaching[np.concatenate([[True], owner[1:] != owner[:-1]])]]
        chosen = chosen_by_key[inverse]
        step = lengths[active]
        here[active] = graph.indices[chosen]
        nodes[active, step + 1] = here[active]
        strengths[active, step] = graph.strength[chosen]
        lengths[active] += 1
        hops[active] -= 1
        active = active[(hops[active] > 0) & ~is_source[here[active]]]
    return nodes, strengths, lengths


def _sources_searched(graph: TieGraph, nodes, sources) -> bool:
    """Whether ``_read_back_many`` finds the ties of ``nodes`` to ``sources`` by searching the rows
    (``_links_to_sources``: one vectorized binary search per source, each over every node, about
    ``ROW_SEARCH_STEPS`` steps) rather than by reading every entry of those rows. Searching pays for
    a source or a few asking about a few teammates of thousands of ties each (a ``path`` question);
    a team of a thousand sources (``accounts``, ``experts``) reads the rows: a thousand searches
    over tens of thousands of nodes cost ten times the rows' entries (23 s instead of 3 s for the
    50 largest companies' accounts at 1,000 x 1,000)."""
    cost = len(sources) * (SEARCHED_ROW + ROW_SEARCH_STEPS * len(nodes))
    return cost < _degrees(graph, nodes)


# What one source's search in ``_sources_searched`` costs, in entries read: its fixed part (the
# steps' vector operations) and its steps over each node (log2 of a row of thousands).
SEARCHED_ROW = 256
ROW_SEARCH_STEPS = 16


def _links_to_sources(graph: TieGraph, nodes, sources):
    """For each of ``nodes`` (graph positions, each with a tie to a source): the position in the CSR
    arrays of its least-cost tie to one of ``sources`` (sorted positions), the first in its row at
    that cost, as ``_read_back_many``'s segmented minimum chooses it at the first layer. The rows
    are sorted, so each source is found in all of them by one vectorized binary search (sources in
    the rows' order: a later source wins only by a strictly lower cost; ``arrays._lower_bound``)."""
    import numpy as np

    indices, cost = graph.indices, graph.cost
    starts, ends = graph.indptr[nodes], graph.indptr[nodes + 1]
    chosen = np.full(len(nodes), -1, dtype=np.int64)
    lowest = np.full(len(nodes), np.inf)
    for source in np.asarray(sources).tolist():
        low = _lower_bound(starts, ends, lambda k: indices[k], np.full(len(nodes), source))
        found = np.flatnonzero(low < ends)
        found = found[indices[low[found]] == source]
        at = low[found]
        better = cost[at] < lowest[found]
        chosen[found[better]] = at[better]
        lowest[found[better]] = cost[at[better]]
    return chosen
