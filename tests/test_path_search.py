"""The two ways ``best_paths_to_many`` computes its hop layers give the same paths, to the last bit.

Near few targets the layers are pulled from the targets' neighbourhood (``path_search._layers_near``:
a weak ``path`` answer's suggestions search two links deeper from the whole team); for many targets,
or a neighbourhood that is a large part of the graph, they are pushed from the sources over the whole
graph (``_layers_forward``). Every path, strength and probability read back must be the same.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graphintro.graph import graph_from_edges
from graphintro.path_search import best_paths_to_many

# Few distinct strengths: equally good paths abound, so the choice between them is compared too.
edge_lists = st.lists(
    st.tuples(st.integers(0, 14), st.integers(0, 14), st.sampled_from([0.25, 0.5, 0.7, 0.8, 0.9, 1.0])),
    min_size=1,
    max_size=50,
).map(
    lambda raw: list(
        {tuple(sorted((a, b))): (min(a, b), max(a, b), s, True) for a, b, s in raw if a != b}.values()
    )
)


def _both(graph, *args, **kwargs):
    """The paths read back from layers near the targets (whatever their neighbourhood's size; held
    for the nodes visited, checked equal to the same as a row per hop for every node), and from the
    whole graph's layers."""
    from graphintro import path_search

    shipped = path_search.NEAR_TARGETS, path_search.NEAR_EDGES, path_search.DENSE_SHARE
    try:
        path_search.NEAR_TARGETS, path_search.NEAR_EDGES = 10**9, float("inf")
        path_search.DENSE_SHARE = 0  # held for the nodes visited
        near = best_paths_to_many(graph, *args, **kwargs)
        path_search.DENSE_SHARE = float("inf")  # a row per hop for every node
        rows = best_paths_to_many(graph, *args, **kwargs)
        path_search.NEAR_TARGETS = -1
        whole = best_paths_to_many(graph, *args, **kwargs)
    finally:
        path_search.NEAR_TARGETS, path_search.NEAR_EDGES, path_search.DENSE_SHARE = shipped
    _same(near, rows)
    return near, whole


def _same(near, whole) -> None:
    assert list(near) == list(whole)
    assert {p: near[p] for p in near} == {p: whole[p] for p in whole}
    assert near.probabilities == whole.probabilities
    assert {p: near.introducer(p) for p in near} == {p: whole.introducer(p) for p in whole}


@settings(max_examples=300, deadline=None)
@given(
    edges=edge_lists,
    sources=st.sets(st.integers(0, 14), min_size=1, max_size=4),
    members=st.sets(st.integers(0, 14), max_size=6),
    avoid=st.sets(st.integers(0, 14), max_size=2),
    targets=st.lists(st.integers(0, 15), min_size=1, max_size=6),
    max_hops=st.integers(1, 7),
)
def test_layers_near_the_targets_read_back_the_paths_of_the_whole_graphs_layers(
    edges, sources, members, avoid, targets, max_hops
):
    """Teammates who are not sources (experts from one person), avoided people, any hop limit."""
    graph = graph_from_edges(edges)
    _same(*_both(graph, sources, targets, max_hops=max_hops, members=members, avoid=avoid))


def test_a_team_question_two_links_deeper_reads_the_same_paths(demo_db):
    """The suggestions' search of a weak answer (every member a source, six links) on the demo team:
    the same path to every person of the graph, asked a few at a time."""
    from graphintro.graph import load_graph
    from graphintro.store import Store

    with Store(demo_db) as store:
        graph = load_graph(store)
        members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1")]
    people = graph.node_ids.tolist()
    reached = 0
    for start in range(0, len(people), 40):
        near, whole = _both(graph, members, people[start : start + 40], max_hops=6, members=members)
        _same(near, whole)
        reached += len(near)
    assert reached > len(people) // 2


@settings(max_examples=300, deadline=None)
@given(
    edges=edge_lists,
    sources=st.sets(st.integers(0, 14), min_size=1, max_size=4),
    members=st.sets(st.integers(0, 14), max_size=6),
    targets=st.lists(st.integers(0, 15), min_size=1, max_size=6),
    max_hops=st.integers(1, 7),
    better_than=st.sampled_from([0.0, 0.03, 0.0625, 0.1, 0.2, 0.25, 0.35, 0.5, 0.64, 0.9]),
)
def test_paths_asked_to_beat_a_probability_are_those_of_the_search_without_it(
    edges, sources, members, targets, max_hops, better_than
):
    """``better_than`` (a weak answer's suggestion two links deeper must beat the answer): every
    target whose best path is more probable than that keeps that very path (people, strengths,
    probability, introducer), read from the layers near the targets that the bound prunes, and no
    target whose best path is not is kept. Products of these strengths often equal a bound exactly
    (0.25 × 0.25 = 0.0625, 0.8 × 0.8 = 0.64): such a path may be kept or not, but never changed."""
    graph = graph_from_edges(edges)
    _near, whole = _both(graph, sources, targets, max_hops=max_hops, members=members)
    bounded, _whole = _both(
        graph, sources, targets, max_hops=max_hops, members=members, better_than=better_than
    )
    assert set(bounded) <= set(whole)
    assert {p: bounded[p] for p in bounded} == {p: whole[p] for p in bounded}
    assert {p: bounded.probabilities[p] for p in bounded} == {p: whole.probabilities[p] for p in bounded}
    assert {p: bounded.introducer(p) for p in bounded} == {p: whole.introducer(p) for p in bounded}
    for person, probability in whole.probabilities.items():
        if probability > better_than * (1 + 1e-9):
            assert person in bounded
        elif probability < better_than * (1 - 1e-9):
            assert person not in bounded
