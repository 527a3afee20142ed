"""The team is one source and alternatives are alternatives: one answer per introducer, teammates
only as the first step, checked against brute force on random teams and on the demo team."""

import itertools
import json
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphintro.cli import app
from graphintro.graph import graph_from_edges
from graphintro.paths import best_per_introducer, choose_answers, find_paths


def allowed(path, sources, targets, members, avoid):
    """The rules an answer obeys: targets end it, avoided people never on it, and teammates only as
    the first step from a single requester (never asked to introduce a teammate)."""
    if path[0] not in sources or path[-1] not in targets or path[-1] in sources:
        return False
    if any(p in avoid for p in path) or any(p in targets for p in path[1:-1]):
        return False
    for position, person in enumerate(path[1:-1], start=1):
        if person in members and (position != 1 or len(sources) > 1):
            return False
    return not (path[-1] in members and len(path) > 2 and path[-2] in members)


def constrained_paths(edges, sources, targets, members, max_hops, avoid=()):
    """Every allowed simple path, by networkx: the reference answers."""
    g = nx.Graph()
    for a, b, s, _ in edges:
        g.add_edge(a, b, strength=s)
    found = []
    for s, t in itertools.product(sources, targets):
        if s == t or s not in g or t not in g:
            continue
        for path in nx.all_simple_paths(g, s, t, cutoff=max_hops):
            if allowed(path, set(sources), set(targets), set(members), set(avoid)):
                found.append(
                    (math.prod(g.edges[a, b]["strength"] for a, b in itertools.pairwise(path)), path)
                )
    return found


edge_lists = st.lists(
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.01, 1.0)), min_size=1, max_size=30
).map(
    lambda raw: list(
        {tuple(sorted((a, b))): (min(a, b), max(a, b), s, True) for a, b, s in raw if a != b}.values()
    )
)


@settings(max_examples=200, deadline=None)
@given(
    edges=edge_lists,
    members=st.sets(st.integers(0, 9), max_size=4),
    source=st.integers(0, 9),
    team_mode=st.booleans(),
    targets=st.sets(st.integers(0, 9), min_size=1, max_size=3),
    hops=st.integers(1, 4),
    avoid=st.sets(st.integers(0, 9), max_size=2),
)
def test_one_best_answer_per_introducer_teammates_only_first(
    edges, members, source, team_mode, targets, hops, avoid
):
    graph = graph_from_edges(edges)
    sources = sorted(members) if team_mode else [source]
    if not sources:
        return
    answers = best_per_introducer(graph, sources, targets, max_hops=hops, avoid=avoid, members=members)
    reference: dict[tuple[int, int], float] = {}
    for probability, path in constrained_paths(edges, sources, targets, members, hops, avoid):
        key = (path[-2], path[-1])
        reference[key] = max(reference.get(key, 0.0), probability)
    got = {(p.people[-2], p.people[-1]): p.probability for p in answers}
    assert got.keys() == reference.keys()
    for key, probability in got.items():
        assert probability == pytest.approx(reference[key], rel=1e-5)
    for p in answers:
        assert allowed(p.people, set(sources), targets, members, avoid), p.people
        assert len(set(p.people)) == len(p.people) and p.hops <= hops
        assert p.strengths == pytest.approx(
            [graph.strength_between(a, b) for a, b in itertools.pairwise(p.people)]
        )
    assert [p.probability for p in answers] == sorted((p.probability for p in answers), reverse=True)


@settings(max_examples=150, deadline=None)
@given(
    edges=edge_lists,
    members=st.sets(st.integers(0, 9), max_size=4),
    source=st.integers(0, 9),
    target=st.integers(0, 9),
    k=st.integers(1, 5),
    hops=st.integers(1, 4),
)
def test_repeated_introducers_are_the_k_best_allowed_paths(edges, members, source, target, k, hops):
    graph = graph_from_edges(edges)
    paths = find_paths(graph, [source], [target], k=k, max_hops=hops, members=members)
    expected = sorted(
        (p for p, _ in constrained_paths(edges, [source], [target], members, hops)), reverse=True
    )[:k]
    assert [p.probability for p in paths] == pytest.approx(expected, rel=1e-5)
    assert all(allowed(p.people, {source}, {target}, members, set()) for p in paths)


# you (1) and teammates 2, 3; Zoé (9). David (2) knows Zoé well; 4 and 5 know her too, through
# teammates or you; 6 is reachable only through the teammate 3, then 4.
TEAM = [
    (1, 2, 0.95, True),
    (1, 3, 0.9, True),
    (2, 3, 0.9, True),
    (2, 9, 0.9, True),
    (3, 4, 0.8, True),
    (4, 9, 0.6, True),
    (1, 5, 0.5, True),
    (5, 9, 0.5, True),
    (4, 2, 0.9, True),
    (1, 9, 0.3, True),
]


def test_hand_worked_team():
    graph = graph_from_edges(TEAM)
    answers = best_per_introducer(graph, [1], [9], max_hops=4, members=[1, 2, 3])
    assert [p.people for p in answers] == [[1, 2, 9], [1, 2, 4, 9], [1, 9], [1, 5, 9]]
    assert answers[1].probability == pytest.approx(0.95 * 0.9 * 0.6)
    # Your own direct tie comes first, however strong the teammate's (then the others, best first).
    assert [p.people for p in choose_answers(None, graph, answers, 3, requester=1)] == [
        [1, 9],
        [1, 2, 9],
        [1, 2, 4, 9],
    ]
    # 1-3-2-9 would ask teammate 3 to introduce teammate 2: never an answer, even repeated.
    repeated = find_paths(graph, [1], [9], k=10, max_hops=4, members=[1, 2, 3])
    assert [1, 3, 2, 9] not in [p.people for p in repeated]
    assert [1, 3, 4, 9] in [p.people for p in repeated]  # a second path to the introducer 4
    # In a large team you may not be tied to a teammate: reaching them through someone else would
    # ask that person to introduce a teammate.
    apart = graph_from_edges([(1, 5, 0.9, True), (5, 2, 0.9, True), (2, 9, 0.9, True), (5, 9, 0.1, True)])
    assert [p.people for p in best_per_introducer(apart, [1], [9], members=[1, 2])] == [[1, 5, 9]]
    # From the team, the teammates are the starts of the paths.
    team = best_per_introducer(graph, [1, 2, 3], [9], max_hops=4, members=[1, 2, 3])
    assert [p.people for p in team] == [[2, 9], [2, 4, 9], [1, 9], [1, 5, 9]]


def test_the_hop_limit_counts_every_link_of_the_answer():
    """An introducer four links away: 9 is known by 4 only, whom you (1) reach through 2 and 3 (a
    strong chain) or through 6 (a weak shortcut). At the default limit of 4 links the chain is the
    answer; at 3 links, only the shortcut fits."""
    chain = graph_from_edges(
        [(1, 2, 0.9, True), (2, 3, 0.9, True), (3, 4, 0.9, True), (4, 9, 0.9, True)]
        + [(1, 6, 0.1, True), (6, 4, 0.1, True)]
    )
    four = best_per_introducer(chain, [1], [9], max_hops=4)
    assert [p.people for p in four] == [[1, 2, 3, 4, 9]]
    assert four[0].probability == pytest.approx(0.9**4)
    assert [p.people for p in best_per_introducer(chain, [1], [9], max_hops=3)] == [[1, 6, 4, 9]]
    five = graph_from_edges(
        [(1, 2, 0.9, True), (2, 3, 0.9, True), (3, 4, 0.9, True), (4, 5, 0.9, True), (5, 9, 0.9, True)]
    )
    assert [p.people for p in best_per_introducer(five, [1], [9], max_hops=5)] == [[1, 2, 3, 4, 5, 9]]
    assert best_per_introducer(five, [1], [9], max_hops=4) == []


def path_json(runner, db, *args):
    result = runner.invoke(app, ["--db", str(db), "path", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["paths"]


def team_ids(runner, db):
    result = runner.invoke(app, ["--db", str(db), "people", "--json", "--limit", "100000"])
    return {p["id"] for p in json.loads(result.output)["people"] if p["member"]}


def test_demo_six_answers_six_introducers_no_second_teammate(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["user"], team["target"], "-k", "6")
    members = team_ids(runner, demo_db)
    assert len(paths) == 6
    introducers = [p["introducer"]["id"] for p in paths]
    assert len(set(introducers)) == 6
    assert all(p["introducer"]["id"] == p["people"][-2]["id"] for p in paths)
    for path in paths:
        ids = [person["id"] for person in path["people"]]
        assert not members & set(ids[2:]), f"a second teammate on the way: {path['ask']}"
        assert path["teammate"]["id"] in members and path["teammate"]["id"] in ids[:2]
        weakest = path["weakest_link"]
        assert weakest["strength"] == min(link["strength"] for link in path["links"])
    first = paths[0]
    assert [p["name"] for p in first["people"]] == [team["user"], team["introducer"], team["target"]]
    assert first["ask"] == f"ask your teammate {team['introducer']}, who knows {team['target']}"
    assert first["teammate"]["name"] == team["introducer"] == first["introducer"]["name"]


def test_company_answers_spread_over_the_account_decision_makers_first(runner, demo_db, team):
    from graphintro.titles import is_decision_maker

    paths = path_json(runner, demo_db, team["user"], "--company", team["target_company"], "-k", "10")
    reached = [p["people"][-1]["id"] for p in paths]
    distinct = len(set(reached))
    assert distinct > 1 and len(set(reached[:distinct])) == distinct, (
        "every person once before a second introducer"
    )
    first_round = [p["people"][-1] for p in paths[:distinct]]
    deciders = [is_decision_maker(p["position"]) for p in first_round]
    assert deciders == sorted(deciders, reverse=True) and deciders[0]
    pairs = [(p["introducer"]["id"], p["people"][-1]["id"]) for p in paths]
    assert len(set(pairs)) == len(pairs)


def test_requesters_own_direct_tie_comes_first(runner, demo_db, team):
    paths = path_json(runner, demo_db, team["introducer"], team["target"], "-k", "3")
    assert [p["name"] for p in paths[0]["people"]] == [team["introducer"], team["target"]]
    assert paths[0]["ask"] == f"you know {team['target']} directly: contact them"
    assert paths[0]["teammate"]["name"] == team["introducer"] == paths[0]["introducer"]["name"]


def test_repeat_introducers_gives_the_plain_k_best(runner, demo_db, team):
    distinct = path_json(runner, demo_db, team["user"], team["target"], "-k", "30")
    repeated = path_json(runner, demo_db, team["user"], team["target"], "-k", "30", "--repeat-introducers")
    assert [p["probability"] for p in repeated] == sorted((p["probability"] for p in repeated), reverse=True)
    assert repeated[0]["people"] == distinct[0]["people"]
    assert sum(p["probability"] for p in repeated) >= sum(p["probability"] for p in distinct)
    introducers = [p["introducer"]["id"] for p in repeated]
    assert len(set(introducers)) < len(introducers)


def test_mutual_contacts_of_teammates_leave_the_team_out(demo_db, team):
    from graphintro.graph import load_graph
    from graphintro.people import resolve_person
    from graphintro.store import Store

    with Store(demo_db) as store:
        user, colleague = resolve_person(store, team["user"]), resolve_person(store, team["introducer"])
        members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1")]
        graph = load_graph(store)
        everyone = graph.mutual_count(user, colleague)
        without_team = graph.mutual_count(user, colleague, members)
    assert everyone - without_team == len(members) - 2


@settings(max_examples=100, deadline=None)
@given(
    edges=edge_lists,
    members=st.sets(st.integers(0, 9), max_size=4),
    source=st.integers(0, 9),
    targets=st.sets(st.integers(0, 9), min_size=1, max_size=4),
)
def test_best_paths_to_many_keeps_the_team_first(edges, members, source, targets):
    """Experts' and accounts' ways in: the best allowed path to each target, one search for all."""
    from graphintro.paths import best_paths_to_many

    graph = graph_from_edges(edges)
    many = best_paths_to_many(graph, [source], targets, max_hops=4, members=members)
    for target in targets - {source} - members:  # a teammate is reached directly or not at all
        allowed_paths = [p for p, path in constrained_paths(edges, [source], [target], members, 4)]
        assert (target in many) == bool(allowed_paths)
        if allowed_paths:
            assert many[target].probability == pytest.approx(max(allowed_paths), rel=1e-6)
            assert allowed(many[target].people, {source}, {target}, members, set())
