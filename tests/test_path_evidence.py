"""What a path answer's evidence reads: the mutual contacts of each link, and the indexes of schema
11 that find a member's own records and an owner's export dates without reading every record of
theirs (the warm ``path`` answer at ten million ties)."""

from __future__ import annotations

import itertools
import random
import sqlite3

from graphintro.errors import NoPathError
from graphintro.graph import graph_from_edges
from graphintro.store import MIGRATIONS, Store


def test_mutual_contacts_are_the_real_contacts_both_ends_share():
    """``TieGraph.mutual_count(s)`` (the "N mutual contacts" of every link of an answer) against sets
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
        pairs, counts = [], []
        for _ in range(10):
            a, b = rng.sample(range(people + 1), 2)  # (person ``people``: not in the graph)
            shared = real[a] & real[b] - {a, b}
            expected = len(shared - team) if a in team and b in team else len(shared)
            given = rng.choice([team, sorted(team), list(team)])
            assert graph.mutual_count(a, b, given) == expected, (a, b, team)
            assert graph.mutual_count(a, b) == len(shared)
            pairs.append((a, b))
            counts.append(expected)
        assert graph.mutual_counts(pairs, team) == counts  # (an answer's links, at once)


def test_an_older_store_gets_the_answers_indexes_and_keeps_its_caches(demo_db):
    """A store of schema 10 opened by this version: the two indexes of migration 11 are made, its
    data and generation stay, the graph cache built before is served as it is, and the answers'
    evidence reads them (a path question answers as before)."""
    from graphintro.graph import load_graph
    from graphintro.paths import introductions

    with Store(demo_db) as store:
        graph = load_graph(store)
        generation = store.generation
        member, other = store.conn.execute(
            "SELECT MIN(id), MAX(id) FROM people WHERE is_member = 1 AND merged_into IS NULL"
        ).fetchone()
        before = introductions(store, f"#{member}", f"#{other}", graph=graph)
    cache = demo_db.with_name(demo_db.name + ".graph.npz")
    built = cache.stat().st_mtime_ns
    conn = sqlite3.connect(demo_db)
    conn.executescript("DROP INDEX records_own; DROP INDEX imports_owner; PRAGMA user_version = 10;")
    conn.close()
    with Store(demo_db) as store:
        assert store.schema_version == len(MIGRATIONS) == 11 and store.generation == generation
        indexes = dict(
            store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
        )
        graph = load_graph(store)
        assert introductions(store, f"#{member}", f"#{other}", graph=graph) == before
    assert "records(person_id) WHERE owner_record_id IS NULL" in indexes["records_own"]
    assert "imports(owner_record_id, export_date)" in indexes["imports_owner"]
    assert cache.stat().st_mtime_ns == built


def test_an_answers_links_between_teammates_leave_the_rest_of_the_team_out(demo_db):
    """Each link of the demo team's answers (member to member, member to contacts) has the evidence
    the store gives it alone (``describe_ties`` reading the team itself): the answer hands the team
    it has read to the evidence, and between two teammates their other teammates are not counted
    among the mutual contacts (some links here share teammates: the count differs)."""
    from graphintro.graph import describe_ties, load_graph
    from graphintro.paths import introductions

    with Store(demo_db) as store:
        graph = load_graph(store)
        team = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1 ORDER BY id")]
        people = graph.node_ids.tolist()
        between_teammates = 0
        for member in team:
            for target in [*team, *people[:: max(1, len(people) // 12)]]:
                if target == member:
                    continue
                try:
                    answer = introductions(store, f"#{member}", f"#{target}", graph=graph, k=3)
                except NoPathError:  # (nothing to describe)
                    continue
                for path in answer["paths"]:
                    ids = [p["id"] for p in path["people"]]
                    for (a, b), link in zip(itertools.pairwise(ids), path["links"], strict=True):
                        alone = describe_ties(store, graph, [(a, b)])[(a, b)]
                        assert link["evidence"] == alone[1], (a, b)
                        if (
                            a in team
                            and b in team
                            and graph.mutual_count(a, b, team) != graph.mutual_count(a, b)
                        ):
                            between_teammates += 1
    assert between_teammates > 0
