"""The suggestions of a path question without an answer, worked by hand: a group where the person
asked for meets a strong contact of the team (no teammate in it) is worth joining, as much as that
contact's strongest tie to the team carries; a contact below the strong-tie threshold is no bridge.

Alice and Bob are teammates. Hugo Blanc is known only from a group list (no company, no tie), in
three large groups (sharing one infers no tie): Achats Industrie with Xavier (rated 5 by Alice,
4 by Bob) and Wendy (rated 3 by Bob: exactly the strong-tie threshold, 0.5), Club RH with Wendy,
Salon Achats with Victor (rated 2 by Bob, 0.3). Wendy and Victor are close to each other (rated 5):
a tie outside the team, which never makes anyone a bridge."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from graphintro.strength import RATING_STRENGTH, TieFeatures, load_weights, tie_strength

LI = "https://www.linkedin.com/in/"
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def connections(folder, names: list[str]):
    folder.mkdir()
    path = folder / "Connections.csv"
    rows = [f"{n.split()[0]},{n.split()[1]},{LI}{slug(n)},,Orange,Engineer,04 Jul 2020" for n in names]
    path.write_text("\n".join([HEADER, *rows]), encoding="utf-8")
    return path


def hugo_s_groups(cli, tmp_path, alice, bob, groups: list[tuple[str, list[str]]]) -> None:
    """Hugo Blanc in each of ``groups`` (name, the others in it), every one a large group (sharing it
    infers no tie between its members), as a group list of Alice's; Alice's and Bob's connections,
    then that list, imported."""
    path = tmp_path / "groups.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["group", "name", "url", "role", "posts"])
        for group, others in groups:
            for name in ["Hugo Blanc", *others]:
                writer.writerow([group, name, LI + slug(name), "member", 0])
            for i in range(60):  # a large group: sharing it infers no tie between its members
                writer.writerow([group, f"Membre{i} Filler", f"{LI}filler-{i}", "member", 0])
    for file, owner in ((alice, "Alice Martin"), (bob, "Bob Durand"), (path, "Alice Martin")):
        result = cli("import", file, "--owner", owner, "--owner-url", LI + slug(owner))
        assert result.exit_code == 0, result.output


@pytest.fixture
def hugo_in_groups(cli, tmp_path):
    alice = connections(tmp_path / "alice", ["Bob Durand", "Xavier Petit"])
    bob = connections(tmp_path / "bob", ["Alice Martin", "Xavier Petit", "Wendy Roux", "Victor Lenoir"])
    hugo_s_groups(
        cli,
        tmp_path,
        alice,
        bob,
        [
            ("Achats Industrie", ["Xavier Petit", "Wendy Roux"]),
            ("Club RH", ["Wendy Roux"]),
            ("Salon Achats", ["Victor Lenoir"]),
        ],
    )
    for first, second, rating in (
        ("Alice Martin", "Xavier Petit", 5),
        ("Bob Durand", "Xavier Petit", 4),
        ("Bob Durand", "Wendy Roux", 3),
        ("Bob Durand", "Victor Lenoir", 2),
        ("Wendy Roux", "Victor Lenoir", 5),
    ):
        assert cli("tie", "rate", first, second, str(rating)).exit_code == 0
    return cli


def suggestions_for_hugo(cli) -> list[dict]:
    result = cli("path", "Alice Martin", "Hugo Blanc", "--json")
    assert result.exit_code == 1, result.output  # no path: Hugo is known only from the groups
    return json.loads(result.stdout)["suggestions"]


def test_a_group_shared_with_a_strong_contact_of_the_team_is_worth_joining_as_much_as_that_tie(
    hugo_in_groups,
):
    suggestions = suggestions_for_hugo(hugo_in_groups)
    hugo = suggestions[0]["people"][0]["id"]
    # One shared group is a weak tie to each person asked for there (1 − (1 − s)^1 = s), reached
    # through the bridge's strongest tie to the team: Xavier's 0.9 with Alice (not his 0.7 with Bob,
    # nor both added), Wendy's 0.5 with Bob (not her 0.9 with Victor, outside the team). Salon Achats
    # is not suggested: Victor's tie to the team (0.3) is below the strong-tie threshold.
    shared = tie_strength(TieFeatures(shared_groups=["Achats Industrie"]), load_weights(), date.today())
    assert 0 < shared < 0.1
    assert [
        (s["action"], s["detail"].split(":")[0], s["detail"].rsplit(", ", 1)[1], s["people"], s["gain"])
        for s in suggestions
    ] == [
        (
            "join_group",
            "join Achats Industrie",
            "2 strong contacts of the team are",
            [{"id": hugo, "name": "Hugo Blanc"}],
            round(shared * RATING_STRENGTH[5], 4),
        ),
        (
            "join_group",
            "join Club RH",
            "1 strong contact of the team is",
            [{"id": hugo, "name": "Hugo Blanc"}],
            round(shared * RATING_STRENGTH[3], 4),
        ),
    ]


def test_a_group_names_the_person_asked_for_when_the_store_knows_no_company_of_theirs(hugo_in_groups):
    """Hugo is known only from the group lists: no company to count him in ("1 person of  is a
    member" was printed); the suggestion names him."""
    details = [s["detail"] for s in suggestions_for_hugo(hugo_in_groups)]
    assert details == [
        "join Achats Industrie: Hugo Blanc is a member, 2 strong contacts of the team are",
        "join Club RH: Hugo Blanc is a member, 1 strong contact of the team is",
    ]
    human = hugo_in_groups("path", "Alice Martin", "Hugo Blanc")
    assert human.exit_code == 1
    assert (
        "1. join Achats Industrie: Hugo Blanc is a member, 2 strong contacts of the team are" in human.output
    )


def test_strongest_tie_to_the_team_is_each_persons_best_over_their_row():
    """``_strongest_to_team`` (one segmented maximum over all the rows) against each row read alone:
    random graphs with people without ties, people outside the graph and no tie to the team."""
    import random

    import numpy as np

    from graphintro.graph import TieGraph
    from graphintro.suggestions import _strongest_to_team

    rng = random.Random(89)
    for _ in range(200):
        n = rng.randint(1, 12)
        ties = {}
        for _ in range(rng.randint(0, 3 * n)):
            a, b = rng.sample(range(n), 2) if n > 1 else (0, 0)
            if a != b:
                ties[(min(a, b), max(a, b))] = rng.choice([0.05, 0.3, 0.3, 0.7, 0.99])
        rows = [
            sorted((b if a == i else a, s) for (a, b), s in ties.items() if i in (a, b)) for i in range(n)
        ]
        ids = np.array(sorted(rng.sample(range(1, 100), n)), dtype=np.int64)
        graph = TieGraph(
            node_ids=ids,
            indptr=np.cumsum([0] + [len(r) for r in rows]).astype(np.int64),
            indices=np.array([j for r in rows for j, _ in r], dtype=np.int32),
            strength=np.array([s for r in rows for _, s in r], dtype=np.float32),
            direct=np.ones(sum(len(r) for r in rows), dtype=bool),
        )
        members = set(rng.sample(ids.tolist(), rng.randint(0, n)))
        people = set(rng.sample(ids.tolist(), rng.randint(0, n))) | {100 + rng.randint(0, 5)}
        position = {int(p): i for i, p in enumerate(ids)}
        expected = {
            p: max(
                [float(np.float32(s)) for j, s in rows[position[p]] if int(ids[j]) in members], default=0.0
            )
            if p in position
            else 0.0
            for p in people
        }
        assert _strongest_to_team(graph, people, members) == expected


def test_a_chain_two_links_beyond_the_hop_limit_is_suggested_only_when_it_beats_the_answer(cli, tmp_path):
    """``second_degree``: with ``--max-hops 1`` Alice's weak direct tie to Zoé (rated 1: 0.1) is the
    answer, and the chain Alice → Xavier → Yann → Zoé (0.9 × 0.9 × 0.7) three links long is suggested,
    with its probability and the gain over the answer (Victor's chain is as good: Xavier's, met
    first in the graph's order, is the one named, as it always was). Wendy's chain (0.9 × 0.9 × 0.1 = 0.081) does
    not beat her direct tie (0.1): no such suggestion (the search two links deeper only looks for a
    chain that beats the answer)."""
    export = connections(
        tmp_path / "alice", ["Xavier Petit", "Yann Morel", "Zoé Fontaine", "Wendy Roux", "Victor Lenoir"]
    )
    result = cli("import", export, "--owner", "Alice Martin", "--owner-url", LI + "alice-martin")
    assert result.exit_code == 0, result.output
    for first, second, rating in (
        ("Alice Martin", "Zoé Fontaine", 1),
        ("Alice Martin", "Wendy Roux", 1),
        ("Alice Martin", "Yann Morel", 1),
        ("Alice Martin", "Victor Lenoir", 5),
        ("Alice Martin", "Xavier Petit", 5),
        ("Xavier Petit", "Yann Morel", 5),
        ("Yann Morel", "Zoé Fontaine", 4),
        ("Victor Lenoir", "Yann Morel", 5),
        ("Yann Morel", "Wendy Roux", 1),
    ):
        assert cli("tie", "rate", first, second, str(rating)).exit_code == 0

    def ask(target: str) -> dict:
        result = cli("path", "Alice Martin", target, "--max-hops", "1", "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    zoe = ask("Zoé Fontaine")
    assert [p["probability"] for p in zoe["paths"]] == [RATING_STRENGTH[1]]
    chain = [s for s in zoe["suggestions"] if s["action"] == "second_degree"]
    expected = RATING_STRENGTH[5] * RATING_STRENGTH[5] * RATING_STRENGTH[4]
    assert [(s["detail"], [p["name"] for p in s["people"]], s["gain"]) for s in chain] == [
        (
            "a second-degree ask through Xavier Petit: Alice Martin → Xavier Petit → Yann Morel"
            f" → Zoé Fontaine (3 links, probability {expected:.0%})",
            ["Alice Martin", "Xavier Petit", "Yann Morel", "Zoé Fontaine"],
            round(expected - RATING_STRENGTH[1], 4),
        )
    ]
    wendy = ask("Wendy Roux")
    assert [p["probability"] for p in wendy["paths"]] == [RATING_STRENGTH[1]]
    assert "second_degree" not in [s["action"] for s in wendy["suggestions"]]

    # From nothing (no path at all), the chain is looked for only as more probable than what the
    # other suggestions of the first ``limit`` gain: the same first suggestions for every limit.
    from graphintro.graph import load_graph
    from graphintro.store import Store
    from graphintro.suggestions import suggest

    with Store(cli.db) as store:
        graph = load_graph(store)
        members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1")]
        every = suggest(store, graph, members, [zoe["paths"][0]["people"][-1]["id"]], 0.0, 1, limit=100)
        assert [s["action"] for s in every] == ["strengthen", "second_degree"]
        for limit in range(1, 4):
            assert (
                suggest(store, graph, members, [every[0]["people"][1]["id"]], 0.0, 1, limit=limit)
                == (every[:limit])
            ), limit


def test_the_groups_suggested_first_are_the_same_whatever_how_many_are_asked(cli, tmp_path):
    """``join_group`` reads the members of the fewest groups it can (best first by what a group can
    be worth, then by name): the first suggestions must be those of reading every group. Hugo is in
    eight groups, made in an order that is not their names': five with a teammate (Alice or Bob), two
    with only a strong contact of the team, one with a weak contact only."""
    from graphintro.graph import load_graph
    from graphintro.store import Store
    from graphintro.suggestions import suggest

    alice = connections(tmp_path / "alice", ["Bob Durand", "Xavier Petit", "Victor Lenoir"])
    bob = connections(tmp_path / "bob", ["Alice Martin", "Wendy Roux"])
    hugo_s_groups(
        cli,
        tmp_path,
        alice,
        bob,
        [
            ("Industrie 4.0", ["Bob Durand"]),
            ("Zéro Déchet", ["Alice Martin"]),
            ("Achats Industrie", ["Bob Durand", "Xavier Petit"]),
            ("Vente Directe", ["Victor Lenoir"]),
            ("Salon Achats", ["Bob Durand", "Alice Martin"]),
            ("Club RH", ["Xavier Petit"]),
            ("Bretagne Tech", ["Alice Martin"]),
            ("Réseau Achats", ["Wendy Roux"]),
        ],
    )
    for first, second, rating in (
        ("Alice Martin", "Xavier Petit", 5),
        ("Bob Durand", "Wendy Roux", 4),
        ("Alice Martin", "Victor Lenoir", 2),
    ):
        assert cli("tie", "rate", first, second, str(rating)).exit_code == 0
    with Store(cli.db) as store:
        graph = load_graph(store)
        members = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE is_member = 1")]
        (hugo,) = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE name = 'Hugo Blanc'")]
        every = suggest(store, graph, members, [hugo], 0.001, limit=100)
        assert [s["detail"].split(":")[0] for s in every] == [
            "join Achats Industrie",
            "join Bretagne Tech",
            "join Industrie 4.0",
            "join Salon Achats",
            "join Zéro Déchet",
            "join Club RH",
            "join Réseau Achats",
        ]
        for limit in range(1, 9):
            assert suggest(store, graph, members, [hugo], 0.001, limit=limit) == every[:limit], limit
