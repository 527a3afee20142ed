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
