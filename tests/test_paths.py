"""Introduction paths on hand-built graphs: the k most probable simple paths, checked against brute force."""

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphintro.graph import graph_from_edges
from graphintro.paths import find_paths


def brute_force(edges, sources, targets, k, max_hops, avoid=()):
    """Every simple path enumerated by networkx, ranked by probability: the reference answer."""
    g = nx.Graph()
    for a, b, s, _ in edges:
        g.add_edge(a, b, strength=s)
    found = []
    for s in sources:
        for t in targets:
            if s == t or s not in g or t not in g:
                continue
            for path in nx.all_simple_paths(g, s, t, cutoff=max_hops):
                inner = path[1:]
                if any(p in avoid for p in path) or any(p in targets for p in inner[:-1]):
                    continue
                if len(sources) > 1 and any(p in sources for p in inner):
                    continue
                found.append(math.prod(g.edges[a, b]["strength"] for a, b in itertools.pairwise(path)))
    return sorted(found, reverse=True)[:k]


EDGES = [
    # you (1) – close colleague David (2) – Zoé (9): strong all the way
    (1, 2, 0.95, True),
    (2, 9, 0.9, True),
    # you – Kevin (3), a new silent contact – Zoé: weak
    (1, 3, 0.17, True),
    (3, 9, 0.2, True),
    # a longer path through strong ties: you – 4 – 5 – 9
    (1, 4, 0.9, True),
    (4, 5, 0.9, True),
    (5, 9, 0.9, True),
]


def test_colleague_path_ranks_above_new_silent_contact():
    graph = graph_from_edges(EDGES)
    paths = find_paths(graph, [1], [9], k=3, max_hops=4)
    assert [p.people for p in paths] == [[1, 2, 9], [1, 4, 5, 9], [1, 3, 9]]
    assert paths[0].probability == pytest.approx(0.95 * 0.9, rel=1e-6)


def test_avoid_is_honoured():
    graph = graph_from_edges(EDGES)
    paths = find_paths(graph, [1], [9], k=3, max_hops=4, avoid=[2])
    assert all(2 not in p.people for p in paths)
    assert paths[0].people == [1, 4, 5, 9]


def test_hop_limit_and_unreachable():
    graph = graph_from_edges(EDGES + [(20, 21, 0.9, True)])
    assert [p.people for p in find_paths(graph, [1], [9], k=5, max_hops=2)] == [[1, 2, 9], [1, 3, 9]]
    assert find_paths(graph, [1], [21], k=3, max_hops=4) == []


def test_the_search_refuses_no_answer_or_no_link_in_words():
    """``find_paths`` is also called as a library: its refusal is the CLI's, word for word."""
    from graphintro.errors import UsageError

    graph = graph_from_edges(EDGES)
    for options in ({"k": 0}, {"max_hops": 0}):
        with pytest.raises(UsageError) as raised:
            find_paths(graph, [1], [9], **options)
        assert str(raised.value) == "-k and --max-hops must be at least 1"


def test_several_targets_end_paths_and_team_sources_do_not_chain():
    graph = graph_from_edges(EDGES)
    # Zoé (9) and 5 are both at the target company: a path stops at the first one it reaches.
    paths = find_paths(graph, [1], [9, 5], k=10, max_hops=4)
    assert all(p.people[-1] in (5, 9) and not set(p.people[1:-1]) & {5, 9} for p in paths)
    # From the team {1, 2}, the path 1–2–9 is dominated by 2–9 and never offered.
    team_paths = find_paths(graph, [1, 2], [9], k=10, max_hops=4)
    assert team_paths[0].people == [2, 9]
    assert all(not set(p.people[1:]) & {1, 2} for p in team_paths)


edge_lists = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.01, 1.0)), min_size=1, max_size=30
).map(
    lambda raw: list(
        {tuple(sorted((a, b))): (min(a, b), max(a, b), s, True) for a, b, s in raw if a != b}.values()
    )
)


@settings(max_examples=150, deadline=None)
@given(
    edges=edge_lists,
    k=st.integers(1, 5),
    hops=st.integers(1, 4),
    source=st.integers(0, 9),
    target=st.integers(0, 9),
)
def test_matches_brute_force_and_paths_are_simple(edges, k, hops, source, target):
    if not edges:
        return
    graph = graph_from_edges(edges)
    paths = find_paths(graph, [source], [target], k=k, max_hops=hops)
    expected = brute_force(edges, [source], [target], k, hops)
    assert [p.probability for p in paths] == pytest.approx(expected, rel=1e-5)
    for p in paths:
        assert len(set(p.people)) == len(p.people), "paths are simple"
        assert p.hops <= hops
        assert p.probability == pytest.approx(math.prod(p.strengths))
        assert p.strengths == pytest.approx(
            [graph.strength_between(a, b) for a, b in zip(p.people, p.people[1:], strict=False)]
        )
    assert [p.probability for p in paths] == sorted((p.probability for p in paths), reverse=True)


@settings(max_examples=100, deadline=None)
@given(edges=edge_lists, source=st.integers(0, 9), target=st.integers(0, 9), data=st.data())
def test_strengthening_a_link_never_lowers_a_path_through_it(edges, source, target, data):
    graph = graph_from_edges(edges)
    paths = find_paths(graph, [source], [target], k=5, max_hops=4)
    if not paths:
        return
    chosen = data.draw(st.sampled_from(paths))
    a, b = data.draw(st.sampled_from(list(zip(chosen.people, chosen.people[1:], strict=False))))
    rank = [p.people for p in paths].index(chosen.people)
    stronger = [(x, y, min(1.0, s * 1.5 + 0.05) if {x, y} == {a, b} else s, d) for x, y, s, d in edges]
    after = [p.people for p in find_paths(graph_from_edges(stronger), [source], [target], k=5, max_hops=4)]
    assert chosen.people in after and after.index(chosen.people) <= rank


def test_team_brute_force_multi_source():
    graph = graph_from_edges(EDGES)
    paths = find_paths(graph, [1, 3], [9], k=4, max_hops=3)
    assert [p.probability for p in paths] == pytest.approx(brute_force(EDGES, [1, 3], [9], 4, 3), rel=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    edges=edge_lists,
    sources=st.sets(st.integers(0, 9), min_size=1, max_size=3),
    targets=st.sets(st.integers(0, 9), min_size=1, max_size=4),
)
def test_best_paths_to_many_agrees_with_the_search(edges, sources, targets):
    from graphintro.paths import best_paths_to_many

    graph = graph_from_edges(edges)
    many = best_paths_to_many(graph, sources, targets, max_hops=4)
    for target in targets - sources:
        one = find_paths(graph, sources, [target], k=1, max_hops=4)
        assert (target in many) == bool(one)
        if one:
            assert many[target].probability == pytest.approx(one[0].probability, rel=1e-6)
            assert many[target].people[-1] == target and many[target].people[0] in sources
            assert len(set(many[target].people)) == len(many[target].people)


def test_a_path_never_comes_back_to_someone_already_on_it():
    """You (1) know Ana (2), who knows Zoé (9) and Bob (3): the only answer is 1–2–9. Going 1–2–3–2–9
    would ask Ana to introduce you to Bob so that Bob sends you back to her (found when the search
    checked only the source for a loop)."""
    graph = graph_from_edges([(1, 2, 0.9, True), (2, 9, 0.9, True), (2, 3, 0.95, True)])
    assert [p.people for p in find_paths(graph, [1], [9], k=5, max_hops=4)] == [[1, 2, 9]]
    # The same through someone further on: 1–2–3–4–3... never; 1–2–3–9 is a second, simple answer.
    graph = graph_from_edges(
        [(1, 2, 0.9, True), (2, 3, 0.9, True), (3, 4, 0.99, True), (3, 9, 0.5, True), (2, 9, 0.2, True)]
    )
    assert [p.people for p in find_paths(graph, [1], [9], k=5, max_hops=4)] == [[1, 2, 3, 9], [1, 2, 9]]


def read_back_one_by_one(graph, sources, targets, max_hops, members=()):
    """The definition the read-back of ``best_paths_to_many`` is held to: the same hop layers, and
    each target's path read back on its own, one step at a time, the first neighbour in the graph's
    order that accounts for the cost (``argmin``) — the loop per target that accounts at large
    could not afford (144k targets)."""
    import numpy as np

    from graphintro.path_search import IntroPath

    source_index = sorted(graph.positions_of(sources))
    n = len(graph.node_ids)
    team = np.zeros(n, dtype=bool)
    team[sorted(graph.positions_of(members))] = True
    layers = [np.full(n, np.inf)]
    layers[0][source_index] = 0.0
    frontier = np.asarray(source_index, dtype=np.int64)
    for step in range(max_hops):
        previous, current = layers[-1], layers[-1].copy()
        if len(frontier):
            offsets, counts = graph.edges_of(frontier)
            keep = ~team[graph.indices[offsets]] if step else np.ones(len(offsets), dtype=bool)
            total = np.repeat(previous[frontier], counts) + graph.cost[offsets]
            np.minimum.at(current, graph.indices[offsets][keep], total[keep])
        frontier = np.flatnonzero(current < previous)
        layers.append(current)
    found = {}
    for person in targets:
        node = graph.index_of(person)
        if node is None or node in source_index or not math.isfinite(layers[-1][node]):
            continue
        hops = next(h for h in range(max_hops + 1) if layers[h][node] <= layers[-1][node] + 1e-12)
        path, strengths = [node], []
        while hops > 0 and path[-1] not in source_index:
            start, end = graph.indptr[path[-1]], graph.indptr[path[-1] + 1]
            position = start + int(
                np.argmin(layers[hops - 1][graph.indices[start:end]] + graph.cost[start:end])
            )
            path.append(int(graph.indices[position]))
            strengths.append(float(graph.strength[position]))
            hops -= 1
        found[person] = IntroPath([int(graph.node_ids[i]) for i in reversed(path)], strengths[::-1])
    return found


# Few distinct strengths: equally good paths abound, so the choice between them is tested too.
tied_edge_lists = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 11), st.sampled_from([0.25, 0.5, 0.7, 0.8, 0.9, 1.0])),
    min_size=1,
    max_size=40,
).map(
    lambda raw: list(
        {tuple(sorted((a, b))): (min(a, b), max(a, b), s, True) for a, b, s in raw if a != b}.values()
    )
)


@settings(max_examples=200, deadline=None)
@given(
    edges=tied_edge_lists,
    sources=st.sets(st.integers(0, 11), min_size=1, max_size=4),
    members=st.sets(st.integers(0, 11), max_size=5),
    targets=st.lists(st.integers(0, 12), min_size=1, max_size=12),
    max_hops=st.integers(1, 6),
)
def test_best_paths_to_many_reads_every_path_back_as_one_by_one(edges, sources, targets, members, max_hops):
    """All targets read back at once (accounts: every person at 50 companies) give the very paths,
    strengths and probabilities (to the last bit) of reading each back on its own."""
    from graphintro.paths import best_paths_to_many

    graph = graph_from_edges(edges)
    many = best_paths_to_many(graph, sources, targets, max_hops=max_hops, members=members | sources)
    one = read_back_one_by_one(graph, sources, targets, max_hops, members=members | sources)
    assert list(many) == list(one)
    assert {person: many[person] for person in many} == one
    assert many.probabilities == {person: path.probability for person, path in one.items()}
    assert {person: many.introducer(person) for person in many} == {
        p: path.people[-2] for p, path in one.items()
    }


def test_best_paths_to_many_multiplies_a_long_path_as_introductions_do():
    """A path's probability is the product of its links from the source on (``math.prod``, as
    every answer computes it): for four links or more the order changes the last bit, and an
    account's ranking and coverage compare these figures exactly."""
    from graphintro.paths import best_paths_to_many

    strengths = [0.3, 0.3, 0.7, 0.8]  # (0.3·0.3·0.7)·0.8 ≠ (0.8·0.7·0.3)·0.3 in floating point
    graph = graph_from_edges([(i, i + 1, s, True) for i, s in enumerate(strengths)])
    many = best_paths_to_many(graph, [0], [4], max_hops=4)
    assert many[4].people == [0, 1, 2, 3, 4]
    assert many.probabilities[4] == math.prod(many[4].strengths) == many[4].probability


@pytest.mark.parametrize("elsewhere", [0, 100])
def test_best_paths_to_many_never_goes_through_or_to_someone_avoided(elsewhere):
    """The way to an account around its over-budget introducers (``accounts``): you (1) reach Zoé (9)
    through Ana (2) and Eve (5), strong ties, or through Bob (3) and Cid (6), weaker. With Eve
    avoided, the path is the weaker one; with Zoé avoided, there is none. With a hundred ties
    elsewhere (a larger team's graph), the layers are computed near Zoé only: the same answers."""
    import numpy as np

    from graphintro.path_search import _layers_near
    from graphintro.paths import best_paths_to_many

    graph = graph_from_edges(
        [(1, 2, 0.9, True), (2, 5, 0.9, True), (5, 9, 0.9, True)]
        + [(1, 3, 0.4, True), (3, 6, 0.4, True), (6, 9, 0.4, True)]
        + [(100 + i, 101 + i, 0.9, True) for i in range(elsewhere)]
    )
    none = np.zeros(len(graph.node_ids), dtype=bool)
    no_one = np.zeros(0, dtype=np.int64)
    near = _layers_near(graph, graph.cost, [graph.index_of(9)], no_one, none, none, none, 4)
    assert (near is not None) == bool(elsewhere)  # which way the layers are computed
    assert best_paths_to_many(graph, [1], [9], max_hops=4)[9].people == [1, 2, 5, 9]
    assert best_paths_to_many(graph, [1], [9], max_hops=4, avoid=[5])[9].people == [1, 3, 6, 9]
    assert best_paths_to_many(graph, [1], [9], max_hops=4, avoid=[2])[9].people == [1, 3, 6, 9]
    assert 9 not in best_paths_to_many(graph, [1], [9, 6], max_hops=4, avoid=[9])
