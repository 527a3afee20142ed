"""The Neo4j backend against a real Neo4j 5.26 server: same answers as the embedded store.

The server is the one of ``NEO4J_URI`` (``.ci/run`` starts ``scripts/neo4j-test-server``); without
it, the tests start that server themselves when Java is installed, and skip otherwise. With
``CI=true`` they never skip.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
from pathlib import Path

import pytest

from graphintro.backends.local import LocalBackend
from graphintro.cli import app
from graphintro.errors import NotFoundError
from graphintro.experts import find_experts
from graphintro.paths import introductions
from graphintro.quality import score_team
from graphintro.store import Store

ROOT = Path(__file__).parent.parent


def _answer(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except NotFoundError as error:
        return f"not found: {error}"


def _resync(backend, db):
    with Store(db) as store:
        backend.sync(store, replace=True)


pytestmark = pytest.mark.neo4j


def test_sync_mirrors_the_store_and_is_idempotent(synced_demo, demo_team_db):
    backend, first = synced_demo
    _resync(backend, demo_team_db)
    with Store(demo_team_db) as store:
        local = LocalBackend(store)
        people = local.people_count()
        ties = local.path_graph().edge_count
        again = backend.sync(store)
    assert first["people"] == people and first["ties"] == ties
    counts = backend.run(
        "MATCH (p:Person) WITH count(p) AS people MATCH ()-[t:TIE]->() RETURN people, count(t) AS ties"
    )[0]
    assert (counts["people"], counts["ties"]) == (people, ties)
    assert sum(again["removed"].values()) == 0
    assert backend.run("MATCH (m:Member) RETURN count(m) AS n")[0]["n"] == 5
    assert {r["name"] for r in backend.run("SHOW CONSTRAINTS YIELD name")} >= {
        "graphintro_person",
        "graphintro_group",
    }
    assert (
        backend.run("SHOW INDEXES YIELD name, type WHERE type = 'FULLTEXT' RETURN name")[0]["name"]
        == "graphintro_topics"
    )


def test_every_tie_on_the_server_is_the_embedded_graphs(synced_demo, demo_team_db):
    """Each tie the sync writes carries the embedded graph's strength (its float32, bit for bit), its
    real-tie flag and the evidence the embedded store gives for it, mutual contacts counted as
    ``TieGraph.mutual_count`` does (between two teammates the rest of the team does not count)."""
    from graphintro.graph import describe_ties, load_graph

    backend, _ = synced_demo
    rows = backend.run(
        "MATCH (a:Person)-[t:TIE]->(b:Person)"
        " RETURN a.id AS a, b.id AS b, t.strength AS s, t.direct AS d, t.evidence AS e"
    )
    served = {(row["a"], row["b"]): (row["s"], row["d"], list(row["e"])) for row in rows}
    with Store(demo_team_db) as store:
        graph = load_graph(store)
        described = describe_ties(store, graph, list(served))
        team = set(LocalBackend(store).team_members())
    assert len(served) == graph.edge_count
    for (a, b), (strength, direct, evidence) in served.items():
        assert (strength, direct) == (graph.strength_between(a, b), graph.is_direct(a, b)), (a, b)
        assert evidence == described[(a, b)][1], (a, b)
    mutual = {ends: e for ends, (_, _, e) in served.items() if any("mutual contact" in s for s in e)}
    assert len(mutual) > 100 and any(set(ends) <= team for ends in mutual)  # teammates' counts too


def test_paths_are_the_same_on_both_backends(synced_demo, demo_team_db):
    backend, _ = synced_demo
    random.seed(11)
    with Store(demo_team_db) as store:
        local = LocalBackend(store)
        members = local.team_members()
        people = [row[0] for row in store.conn.execute("SELECT id FROM people WHERE merged_into IS NULL")]
        questions = []
        for i in range(30):
            target = f"#{random.choice(people)}"
            if i % 3 == 0:
                questions.append({"team": True, "target": target})
            else:
                questions.append(
                    {
                        "source": f"#{random.choice(members)}",
                        "target": target,
                        "max_hops": random.choice([2, 3, 4]),
                    }
                )
        questions += [
            {"team": True, "company": "Thales"},
            {"team": True, "company": "Thales", "title": "RSSI|Directeur"},
            {"source": "Camille Rousseau", "target": "Inès Moreau", "avoid": ["David Nguyen"], "k": 5},
            {"source": "Camille Rousseau", "target": "Zoé Fontaine", "k": 6},
            {"source": "Camille Rousseau", "target": "Zoé Fontaine", "k": 12, "repeat_introducers": True},
            {"source": "Camille Rousseau", "company": "Aéroline Systèmes", "k": 8},
            {"source": "Kevin Lambert", "company": "Aéroline Systèmes", "title": "VP|Directeur|Head"},
        ]
        found = 0
        for question in questions:
            embedded = _answer(introductions, local, **question)
            served = _answer(introductions, backend, **question)
            for answer in (embedded, served):  # suggestions read the embedded store only (README)
                if isinstance(answer, dict):
                    answer.pop("suggestions", None)
            assert served == embedded, question
            found += isinstance(embedded, dict)
        six = _answer(introductions, backend, source="Camille Rousseau", target="Zoé Fontaine", k=6)["paths"]
        assert len({path["introducer"]["id"] for path in six}) == 6
        assert all(not set(members) & {p["id"] for p in path["people"][2:]} for path in six)
    assert found >= 20  # most questions have paths: the comparison is not between two empty answers


def _refusal(backend, topic: str) -> str | None:
    """The "no one matches" message of ``experts``, or None if it answered."""
    try:
        find_experts(backend, topic)
    except NotFoundError as error:
        return str(error)
    return None


def test_experts_are_the_same_on_both_backends(synced_demo, demo_team_db):
    backend, _ = synced_demo
    with Store(demo_team_db) as store:
        local = LocalBackend(store)
        for topic, options in (
            ("cybersécurité", {}),
            ("data engineer", {"n": 5}),
            ("ressources humaines", {}),
            ("sécurité informatique", {"exclude_team": True, "sort": "reach"}),
            ("cybersecurity", {"source": "Camille Rousseau", "company": "Thales"}),
            ("informatique en nuage", {"n": 20}),
            ("droit des affaires", {}),
            ("RSSI", {"source": "David Nguyen", "n": 30}),
        ):
            assert _answer(find_experts, backend, topic, **options) == _answer(
                find_experts, local, topic, **options
            )
    with Store(demo_team_db) as store:
        for topic in ("plomberie", "zzyzx"):  # the same honest "no one" on both
            assert _refusal(backend, topic) == _refusal(LocalBackend(store), topic) is not None
    first = find_experts(backend, "cybersécurité")["experts"][0]
    assert first["name"] == "Inès Moreau" and first["path"]["links"][0]["evidence"]


def test_scores_are_the_same_on_both_backends(synced_demo, demo_team_db):
    backend, _ = synced_demo
    with Store(demo_team_db) as store:
        embedded = score_team(store).to_dict()
    served = score_team(None, network=backend.team_network(None, 0.5)).to_dict()
    assert served == embedded and len(served["members"]) == 5


def test_a_path_reads_a_bounded_subgraph(synced_demo, demo_team_db):
    backend, _ = synced_demo
    with Store(demo_team_db) as store:
        whole = LocalBackend(store).path_graph().edge_count
        contact = store.conn.execute(
            "SELECT id FROM people WHERE is_member = 0 ORDER BY id LIMIT 1"
        ).fetchone()[0]
        member = store.conn.execute("SELECT MIN(id) FROM people WHERE is_member = 1").fetchone()[0]
    assert backend.path_graph([member], [contact], 2).edge_count < whole / 2


def test_cli_answers_through_neo4j(synced_demo, demo_team_db, runner):
    db = str(demo_team_db)
    for args in (
        ["path", "Camille Rousseau", "Inès Moreau", "--json"],
        ["experts", "cybersécurité", "--json"],
        ["score", "--json"],
        ["path", "--team", "--company", "Thales", "-k", "2", "--json"],
    ):
        local = runner.invoke(app, ["--db", db, *args])
        served = runner.invoke(app, ["--db", db, "--backend", "neo4j", *args])
        assert local.exit_code == served.exit_code == 0, served.output
        assert json.loads(served.stdout) == json.loads(local.stdout)
    by_env = runner.invoke(
        app, ["--db", "/nonexistent/store.db", "score", "--json"], env={"GRAPHINTRO_BACKEND": "neo4j"}
    )
    assert by_env.exit_code == 0 and json.loads(by_env.stdout)["team"]["score"] > 0  # no embedded store read


def test_import_with_the_neo4j_backend_reaches_the_server(fresh_server, tmp_path, runner):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "Nom;Prénom;Société;Poste\nMoreau;Inès;Thales;RSSI\nDurand;Léa;Orange;DSI\n", encoding="cp1252"
    )
    db = str(tmp_path / "graph.db")
    done = runner.invoke(
        app, ["--db", db, "--backend", "neo4j", "import", str(contacts), "--owner", "Karim Benali"]
    )
    assert done.exit_code == 0, done.output
    assert "synced to Neo4j" in done.stdout
    # A teammate without the embedded store asks the server.
    asked = runner.invoke(
        app,
        [
            "--db",
            str(tmp_path / "none.db"),
            "--backend",
            "neo4j",
            "path",
            "Karim Benali",
            "Inès Moreau",
            "--json",
        ],
    )
    assert asked.exit_code == 0, asked.output
    assert [p["name"] for p in json.loads(asked.stdout)["paths"][0]["people"]] == [
        "Karim Benali",
        "Inès Moreau",
    ]


def test_forget_erases_the_person_on_the_server(fresh_server, demo_db, runner):
    _resync(fresh_server, demo_db)
    with Store(demo_db) as store:
        person = store.conn.execute("SELECT id FROM people WHERE name = 'Inès Moreau'").fetchone()[0]
    done = runner.invoke(app, ["--db", str(demo_db), "--backend", "neo4j", "forget", "Inès Moreau", "--yes"])
    assert done.exit_code == 0, done.output
    left = fresh_server.run(
        "MATCH (p:Person) WHERE p.id = $id OR p.name = 'Inès Moreau' RETURN count(p) AS n", id=person
    )
    assert left[0]["n"] == 0
    assert (
        fresh_server.run("MATCH (h:Handle)-[:OF]->(p:Person {id: $id}) RETURN count(h) AS n", id=person)[0][
            "n"
        ]
        == 0
    )
    asked = runner.invoke(
        app, ["--db", str(demo_db), "--backend", "neo4j", "path", "Camille Rousseau", "Inès Moreau"]
    )
    assert asked.exit_code == 1 and "nobody matches" in asked.output


def test_hostile_names_are_parameters_never_cypher(fresh_server, tmp_path, runner):
    hostile = [
        "Zoé `O'Brien`",
        'Luc "}) DETACH DELETE n //',
        "Ana'); MATCH (n) DETACH DELETE n; //",
        "Max \\u0027 OR 1=1 RETURN n",
    ]
    contacts = tmp_path / "contacts.csv"
    with contacts.open("w", encoding="utf-8", newline="") as handle:
        sheet = csv.writer(handle, delimiter=";")
        sheet.writerow(["Name", "Company", "Position"])
        sheet.writerows([name, f"ACME {i}", "CEO"] for i, name in enumerate(hostile))
    db = str(tmp_path / "graph.db")
    assert (
        runner.invoke(
            app, ["--db", db, "--backend", "neo4j", "import", str(contacts), "--owner", "Jean `Owner'"]
        ).exit_code
        == 0
    )
    before = fresh_server.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    for name in hostile:
        asked = runner.invoke(app, ["--db", db, "--backend", "neo4j", "path", "Jean `Owner'", name, "--json"])
        assert asked.exit_code == 0, asked.output
        assert json.loads(asked.stdout)["paths"][0]["people"][-1]["name"] == name
        topic = runner.invoke(app, ["--db", db, "--backend", "neo4j", "experts", name, "--json"])
        assert topic.exit_code in (0, 1), topic.output
        company = runner.invoke(app, ["--db", db, "--backend", "neo4j", "path", "--team", "--company", name])
        assert company.exit_code in (0, 1) and "Traceback" not in company.output
    assert fresh_server.run("MATCH (n) RETURN count(n) AS n")[0]["n"] == before


def test_another_store_is_not_overwritten_without_replace(fresh_server, demo_db, tmp_path, runner):
    _resync(fresh_server, demo_db)
    other = tmp_path / "other.db"
    contacts = tmp_path / "c.csv"
    contacts.write_text("Name;Company\nLéa Durand;Orange\n", encoding="utf-8")
    assert (
        runner.invoke(app, ["--db", str(other), "import", str(contacts), "--owner", "Karim"]).exit_code == 0
    )
    refused = runner.invoke(app, ["--db", str(other), "sync"])
    assert refused.exit_code == 2 and "--replace" in refused.output
    assert fresh_server.people_count() > 1000
    replaced = runner.invoke(app, ["--db", str(other), "sync", "--replace", "--json"])
    assert replaced.exit_code == 0 and json.loads(replaced.stdout)["people"] == 2
    assert fresh_server.people_count() == 2


@pytest.mark.parametrize(
    "setting, expected",
    [
        ({"NEO4J_URI": "bolt://127.0.0.1:1"}, "cannot reach Neo4j at bolt://127.0.0.1:1"),
        ({"NEO4J_URI": "bolt://neo4j:s3cret-in-uri@127.0.0.1:1"}, "cannot reach Neo4j at bolt://127.0.0.1:1"),
        ({"NEO4J_URI": "http://127.0.0.1:7474"}, "the scheme must be one of"),
        ({"NEO4J_DATABASE": "nosuchdb"}, "has no database 'nosuchdb'"),
        ({"NEO4J_PASSWORD": "wrong-s3cret"}, "refused the credentials of user 'neo4j'"),
    ],
)
def test_bad_settings_give_one_line_and_exit_2(neo4j_server, runner, tmp_path, setting, expected):
    if "NEO4J_PASSWORD" in setting and not neo4j_server.get("NEO4J_PASSWORD"):
        if os.environ.get("CI") == "true":
            pytest.fail("CI's Neo4j must have auth enabled (NEO4J_TEST_PASSWORD)")
        pytest.skip("this server has auth disabled: a wrong password cannot be refused")
    done = runner.invoke(app, ["--backend", "neo4j", "path", "a", "b"], env={**neo4j_server, **setting})
    assert done.exit_code == 2
    assert expected in done.output and len(done.output.strip().splitlines()) == 1
    assert "Traceback" not in done.output and "s3cret" not in done.output


@pytest.mark.parametrize("mode, ok", [(0o600, True), (0o644, False)])
def test_the_password_file_must_be_private(tmp_path, runner, mode, ok):
    secret = tmp_path / "neo4j-password"
    secret.write_text("whatever\n")
    secret.chmod(mode)
    done = runner.invoke(
        app,
        ["--backend", "neo4j", "path", "a", "b"],
        env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "", "NEO4J_PASSWORD_FILE": str(secret)},
    )
    assert done.exit_code == 2
    assert ("cannot reach Neo4j" in done.output) == ok
    assert ("readable by others" in done.output) == (not ok)


def test_a_second_sync_waits_for_the_first(fresh_server, demo_db, runner):
    fresh_server.write(
        "CREATE (:GraphintroSyncLock {owner: 'another', since: timestamp(), started: '2026-11-30T09:00:00'})"
    )
    refused = runner.invoke(app, ["--db", str(demo_db), "sync"])
    assert refused.exit_code == 2 and "another graphintro sync" in refused.output
    assert fresh_server.people_count() == 0  # nothing written beside the running one
    fresh_server.write(
        "MATCH (l:GraphintroSyncLock) SET l.since = timestamp() - 2 * 3600 * 1000"
    )  # abandoned
    assert runner.invoke(app, ["--db", str(demo_db), "sync"]).exit_code == 0
    assert fresh_server.people_count() > 1000


def test_an_import_the_server_cannot_take_is_kept_and_said(neo4j_server, tmp_path, runner):
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("Name;Company\nLéa Durand;Orange\n", encoding="utf-8")
    db = tmp_path / "graph.db"
    done = runner.invoke(
        app,
        ["--db", str(db), "--backend", "neo4j", "import", str(contacts), "--owner", "Karim"],
        env={**neo4j_server, "NEO4J_URI": "bolt://127.0.0.1:1"},
    )
    assert done.exit_code == 2 and len(done.output.strip().splitlines()) == 1
    assert "imported into the embedded store" in done.output and "graphintro sync" in done.output
    assert runner.invoke(app, ["--db", str(db), "people", "Léa"]).exit_code == 0


def test_a_members_own_name_is_theirs_on_the_server_too(fresh_server, tmp_path, runner):
    """Issue 15, point 3, on Neo4j: a member's name shared by two other people resolves to the member
    where a member is expected, and an ambiguity elsewhere marks the member."""
    folder = ROOT / "tests" / "fixtures" / "owner" / "namesakes"
    db = str(tmp_path / "graph.db")
    for path, owner, url in (
        (folder / "elise" / "contacts.vcf", "Elise Faure", "elise-faure-altea"),
        (folder / "lucas", "Lucas Girard", "lucas-girard-conseil"),
    ):
        done = runner.invoke(
            app,
            [
                "--db",
                db,
                "import",
                str(path),
                "--owner",
                owner,
                "--owner-url",
                f"https://www.linkedin.com/in/{url}",
            ],
        )
        assert done.exit_code == 0, done.output
    _resync(fresh_server, db)
    with Store(db) as store:
        lucas = store.conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND name = 'Lucas Girard'"
        ).fetchone()[0]
    asked = runner.invoke(
        app, ["--db", db, "--backend", "neo4j", "score", "--owner", "Lucas Girard", "--json"]
    )
    assert asked.exit_code == 0, asked.output
    assert [m["id"] for m in json.loads(asked.stdout)["members"]] == [lucas]
    asked = runner.invoke(
        app, ["--db", db, "--backend", "neo4j", "path", "Lucas Girard", "Nina Roux", "--json"]
    )
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["paths"][0]["people"][0]["id"] == lucas
    asked = runner.invoke(app, ["--db", db, "--backend", "neo4j", "path", "Nina Roux", "Lucas Girard"])
    assert asked.exit_code == 2 and f"#{lucas} Lucas Girard (team member" in asked.output


def test_hostile_corpus_goes_through_neo4j_as_parameters_only(fresh_server, tmp_path):
    """Cypher fragments, quotes and escapes in every field (tests/hostile_corpus.py) are data on the
    server: nothing they spell is executed, and both backends give the same answers."""
    import hostile_corpus as corpus
    from typer.testing import CliRunner

    db = tmp_path / "hostile.db"
    files = corpus.write_exports(tmp_path / "exports")
    for owner, url in (
        (corpus.OWNER, corpus.OWNER_URL),
        (corpus.TEAMMATE, corpus.TEAMMATE_URL),
        (corpus.HOSTILE_MEMBER, corpus.HOSTILE_MEMBER_URL),
    ):
        for path in files[owner]:
            result = CliRunner().invoke(
                app, ["--db", str(db), "import", str(path), "--owner", owner, "--owner-url", url]
            )
            assert result.exit_code == 0, result.output
    with Store(db) as store:
        synced = fresh_server.sync(store)
        local = LocalBackend(store)
        assert synced["people"] == local.people_count()
        names = {r["name"] for r in fresh_server.run("MATCH (p:Person) RETURN p.name AS name")}
        assert {c["name"] for c in corpus.CONTACTS if "\t" not in c["name"]} <= names  # stored as written
        assert fresh_server.run("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n")[0]["n"] == 0
        experts = [
            json.dumps(find_experts(backend, corpus.TOPIC, n=20), sort_keys=True)
            for backend in (local, fresh_server)
        ]
        assert experts[0] == experts[1]
        target = corpus.CONTACTS[-3]["name"]  # a Cypher fragment as a name, resolved as a name
        assert json.dumps(
            introductions(local, source=corpus.OWNER, target=target), sort_keys=True
        ) == json.dumps(introductions(fresh_server, source=corpus.OWNER, target=target), sort_keys=True)


def test_paths_through_neo4j_honour_the_load_budget_of_the_embedded_store(synced_demo, demo_db, runner):
    """Asks live in the embedded store: with --backend neo4j, path reads the budget from it (issue 19)."""
    db = str(demo_db)  # a copy of the synced demo store: same identity, so the server mirrors it
    for _ in range(2):
        asked = runner.invoke(app, ["--db", db, "ask", "Camille Rousseau", "Zoé Fontaine", "--json"])
        assert asked.exit_code == 0, asked.output
        assert json.loads(asked.stdout)["ask"]["introducer"]["name"] == "David Nguyen"
    args = ["path", "Camille Rousseau", "Zoé Fontaine", "--json"]
    local = json.loads(runner.invoke(app, ["--db", db, *args]).stdout)
    served = runner.invoke(app, ["--db", db, "--backend", "neo4j", *args])
    assert served.exit_code == 0, served.output
    served = json.loads(served.stdout)
    assert served["paths"][0]["introducer"]["name"] != "David Nguyen"
    assert served["load"][0]["note"].startswith("David Nguyen has 2 open asks; next best introducer: ")
    assert [p["people"] for p in served["paths"]] == [p["people"] for p in local["paths"]]
    assert served["load"] == local["load"]
    ignored = json.loads(
        runner.invoke(app, ["--db", db, "--backend", "neo4j", *args, "--ignore-load"]).stdout
    )
    assert ignored["paths"][0]["introducer"]["name"] == "David Nguyen" and "load" not in ignored


def test_a_library_caller_gets_the_mirror_synced_without_the_cli(fresh_server, tmp_path):
    """A notebook that writes through ``graphintro.open(..., backend="neo4j")`` keeps the server in
    step after each write (import, rating, erasure), as the CLI does: no sync of its own."""
    import graphintro

    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "Nom;Prénom;Société;Poste\nMoreau;Inès;Thales;RSSI\nDurand;Léa;Orange;DSI\n", encoding="cp1252"
    )
    db = tmp_path / "graph.db"

    def on_server(cypher: str, **parameters) -> list:
        return [dict(row) for row in fresh_server.run(cypher, **parameters)]

    with graphintro.open(db, backend="neo4j", create=True) as workspace:
        workspace.import_paths([contacts], owner="Karim Benali")
        assert workspace.last_sync and workspace.last_sync["people"] == 3
        names = on_server("MATCH (p:Person) RETURN p.name AS name ORDER BY name")
        assert [row["name"] for row in names] == ["Inès Moreau", "Karim Benali", "Léa Durand"]

        store = workspace.store
        karim, ines, lea = (graphintro.resolve_person(store, name) for name in ("Karim", "Inès", "Léa"))
        strength = workspace.rate_tie(karim, ines, 5)
        tie = on_server(
            "MATCH (a:Person)-[t:TIE]-(b:Person) WHERE a.id = $a AND b.id = $b RETURN t.strength AS s",
            a=karim,
            b=ines,
        )
        assert tie and tie[0]["s"] == pytest.approx(strength, abs=1e-6)

        workspace.forget_person(lea)
        assert on_server("MATCH (p:Person {id: $id}) RETURN p.id AS id", id=lea) == []

    # A teammate with no embedded store asks the server alone, and gets the rated tie.
    with graphintro.open(tmp_path / "none.db", backend="neo4j") as teammate:
        answer = teammate.introductions(source="Karim Benali", target="Inès Moreau", k=1)
    assert [p["name"] for p in answer.paths[0]["people"]] == ["Karim Benali", "Inès Moreau"]
    assert answer.paths[0]["probability"] == pytest.approx(strength, abs=1e-6)
    assert not (tmp_path / "none.db").exists()


def _server_content(backend) -> dict:
    """Everything the sync wrote, without its stamps: people (labels and properties), groups,
    memberships, handles and ties, each in a stable order."""

    def rows(cypher: str) -> list:
        found = []
        for row in backend.run(cypher):
            row = dict(row)
            for key, value in row.items():
                if isinstance(value, dict):
                    row[key] = {k: v for k, v in value.items() if k != "sync"}
                elif isinstance(value, list) and key == "labels":
                    row[key] = sorted(value)
            found.append(row)
        return found

    return {
        "people": rows("MATCH (p:Person) RETURN labels(p) AS labels, properties(p) AS p ORDER BY p.id"),
        "groups": rows("MATCH (g:Group) RETURN properties(g) AS g ORDER BY g.id"),
        "memberships": rows(
            "MATCH (p:Person)-[m:MEMBER_OF]->(g:Group) RETURN p.id AS p, g.id AS g, properties(m) AS m"
            " ORDER BY p, g"
        ),
        "handles": rows(
            "MATCH (h:Handle)-[:OF]->(p:Person) RETURN h.key AS key, p.id AS p, COUNT { (h)--() } AS n"
            " ORDER BY key"
        ),
        "ties": rows(
            "MATCH (a:Person)-[t:TIE]->(b:Person) RETURN a.id AS a, b.id AS b, properties(t) AS t ORDER BY a, b"
        ),
    }


def test_a_first_load_into_an_empty_server_answers_as_a_later_sync(fresh_server, demo_team_db, tmp_path):
    """An empty server is loaded with CREATE statements (no MERGE to look for what is there); a
    later sync MERGEs. Both must leave the same graph, and the first load's answers are the
    embedded store's: paths from a URL, a name and a merged-away id, experts with evidence, the score."""
    from graphintro.people import merge_people

    db = tmp_path / "team.db"
    shutil.copyfile(demo_team_db, db)
    with Store(db) as store:
        kept, absorbed = (
            row[0]
            for row in store.conn.execute(
                "SELECT id FROM people WHERE is_member = 0 AND name IN ('Zoé Fontaine', 'Lucie Lacroix')"
                " ORDER BY name DESC"
            )
        )
        merge_people(store, kept, absorbed)
        first = fresh_server.sync(store)
        assert first["first_load"] is True and first["removed"] == {}
        local = LocalBackend(store)
        assert first["ties"] == local.path_graph().edge_count and first["people"] == local.people_count()
        member_url = store.conn.execute(
            "SELECT url FROM people WHERE is_member = 1 AND url != '' AND merged_into IS NULL ORDER BY id"
        ).fetchone()[0]
        contact_url = store.conn.execute(
            "SELECT url FROM people WHERE is_member = 0 AND url != '' AND merged_into IS NULL ORDER BY id"
        ).fetchone()[0]
        for target in ("Inès Moreau", f"#{absorbed}", contact_url):
            question = {"source": member_url, "target": target, "k": 3, "max_hops": 4}
            served = _answer(introductions, fresh_server, **question)
            assert served == _answer(introductions, local, **question), question
            assert served["paths"], question
        assert find_experts(fresh_server, "cybersécurité") == find_experts(local, "cybersécurité")
        assert score_team(None, network=fresh_server.team_network(None, 0.5)).to_dict() == (
            score_team(store).to_dict()
        )
        loaded = _server_content(fresh_server)
        again = fresh_server.sync(store)
    assert again["first_load"] is False and sum(again["removed"].values()) == 0
    assert (
        loaded["ties"] and loaded["memberships"] and f"id:{absorbed}" in {h["key"] for h in loaded["handles"]}
    )
    assert _server_content(fresh_server) == loaded
