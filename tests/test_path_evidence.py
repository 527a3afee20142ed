"""What a path answer's evidence reads: the mutual contacts of each link."""

from __future__ import annotations

import random

from graphintro.graph import graph_from_edges


def test_mutual_contacts_are_the_real_contacts_both_ends_share():
    """``TieGraph.mutual_count`` (the "N mutual contacts" of every link of an answer) against sets
    of each end's real ties, on 500 random graphs: inferred ties never count, nor the two ends;
    between two teammates the rest of the team does not count, between a teammate and anyone else
    it does; a person the graph does not hold shares nobody."""
    rng = random.Random(22)
    for _ in range(500):
        people = rng.choice([6, 12, 30])
        edges = {}
        for _ in range(rng.randrange(0, 4 * people)):
            a, b = rng.sample(range(people), 2)
            edges[min(a, b), max(a, b)] = rng.random() < 0.7  # real, else inferred
        if not edges:
            continue
        graph = graph_from_edges([(a, b, 0.5, real) for (a, b), real in edges.items()])
        real = {p: set() for p in range(people + 1)}
        for (a, b), is_real in edges.items():
            if is_real:
                real[a].add(b)
                real[b].add(a)
        team = set(rng.sample(range(people + 1), rng.randint(0, people // 2)))
        for _ in range(10):
            a, b = rng.sample(range(people + 1), 2)  # (person ``people``: not in the graph)
            shared = real[a] & real[b] - {a, b}
            expected = len(shared - team) if a in team and b in team else len(shared)
            given = rng.choice([team, sorted(team), list(team)])
            assert graph.mutual_count(a, b, given) == expected, (a, b, team)
            assert graph.mutual_count(a, b) == len(shared)
