"""The experts' candidates on Neo4j are the embedded topic index's: the same people, in the same order,
however many match (issue 20, point 5).

Each backend reads the profiles of the ``PROFILE_LIMIT`` people its full-text index ranks best. Lucene
and SQLite's FTS5 rank apart, so on a team where a topic matches more people than that, the two
backends used to score different people (at 1,000 × 1,000, `experts cybersécurité` matched 72,030
people and the top 10s shared one expert). The Neo4j backend now ranks Lucene's matches as FTS5's
``bm25()`` does (``fts5_bm25``): checked here bit for bit against SQLite itself, then end to end on a
real server with a team where more people match than the cut-off.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from graphintro.backends.local import LocalBackend
from graphintro.backends.neo4j.questions import fts5_bm25
from graphintro.backends.topic_index import search_index
from graphintro.cli import app
from graphintro.experts import CONNECTOR_CANDIDATES, find_experts
from graphintro.store import Store
from graphintro.topics import FIELD_WEIGHTS, PROFILE_LIMIT, _term_token, query_terms

COLUMNS = list(FIELD_WEIGHTS)  # the index's columns, in order


def _index_matches(index, tokens: list[str], field: str | None) -> tuple[list, int, int]:
    """What ``fts5_bm25`` takes, read from the embedded index's own rows: each match's id, length and
    counts per queried column and phrase; the index's rows and tokens."""
    rows = index.execute(f"SELECT rowid, {', '.join(COLUMNS)} FROM docs").fetchall()
    lengths = {row[0]: sum(len(value.split()) for value in row[1:]) for row in rows}
    columns = [field] if field else COLUMNS
    matches = []
    for rowid, *values in rows:
        fields = dict(zip(COLUMNS, (value.split() for value in values), strict=True))
        counts = [[fields[name].count(token) for token in tokens] for name in columns]
        if any(any(column) for column in counts):
            matches.append((rowid, lengths[rowid], counts))
    return matches, len(rows), sum(lengths.values())


@pytest.mark.parametrize("field", [None, "company", "title"])
def test_fts5_bm25_is_sqlites_bm25_bit_for_bit(demo_team_db, field):
    """The scores and the order of the embedded index (``ORDER BY bm25(docs, weights), rowid``), each
    float equal, for one-concept, several-word and several-concept topics, in every field or one."""
    weights = ", ".join(str(w) for w in FIELD_WEIGHTS.values())
    compared = 0
    with Store(demo_team_db) as store:
        index = search_index(store)
        for topic in ("cybersécurité", "data engineer", "ressources humaines", "RSSI", "cloud", "Thales"):
            tokens = [_term_token(t) for t in sorted(set(query_terms(topic)))]
            match = " OR ".join(f'"{token}"' for token in tokens)
            expected = index.execute(
                f"SELECT rowid, bm25(docs, {weights}) FROM docs WHERE docs MATCH ?"
                f" ORDER BY bm25(docs, {weights}), rowid",
                (f"{field} : ({match})" if field else match,),
            ).fetchall()
            matches, rows, tokens_in_index = _index_matches(index, tokens, field)
            scores = fts5_bm25(
                matches, rows, tokens_in_index, [FIELD_WEIGHTS[c] for c in ([field] if field else COLUMNS)]
            )
            assert sorted(scores.items(), key=lambda item: (item[1], item[0])) == expected, topic
            compared += len(expected)
        index.close()
    assert compared > (30 if field == "company" else 200)  # scores were compared, not two empty lists


FIRST = [
    "Inès",
    "Léa",
    "Karim",
    "Jules",
    "Zoé",
    "Hugo",
    "Emma",
    "Louis",
    "Chloé",
    "Nathan",
    "Manon",
    "Lucas",
    "Sarah",
    "Adam",
    "Camille",
    "Théo",
    "Alice",
    "Paul",
    "Jeanne",
    "Arthur",
    "Lina",
    "Gabriel",
    "Rose",
    "Raphaël",
    "Anna",
    "Léo",
    "Julia",
    "Mathis",
    "Eva",
    "Noah",
    "Clara",
    "Ethan",
    "Lou",
    "Sacha",
]
LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Andre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Francois",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guerin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clement",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gerard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Gautier",
    "Roger",
    "Roche",
    "Roy",
    "Noel",
    "Meyer",
    "Lucas",
    "Meunier",
    "Jean",
    "Perez",
    "Marchand",
    "Dufour",
    "Blanchard",
    "Marie",
    "Barbier",
    "Brun",
    "Dumas",
    "Brunet",
    "Schmitt",
    "Leroux",
    "Colin",
    "Fernandez",
    "Pierre",
    "Renard",
    "Arnaud",
    "Rolland",
    "Caron",
    "Aubert",
    "Giraud",
    "Leclerc",
    "Vidal",
    "Bourgeois",
    "Renaud",
    "Lemoine",
    "Picard",
    "Gaillard",
    "Philippe",
]
TITLES = (
    "RSSI",
    "Ingénieur cybersécurité",
    "Consultant en sécurité informatique",
    "Analyste SOC cybersécurité",
    "Responsable cybersécurité et conformité des systèmes industriels embarqués",
    "Architecte sécurité informatique et cloud",
    "Développeur",
    "Chef de projet informatique",
    "Pentesteur, auditeur de sécurité informatique",
    "RSSI adjoint",
)
COMPANIES = (
    "Thales",
    "Orange",
    "Cybersécurité Conseil",
    "Groupe Industriel des Transports et de la Logistique du Grand Ouest Atlantique",
    "Société Générale des Services Numériques, du Cloud et de la Cybersécurité",
    "Banque Populaire",
    "Atos",
    "Cabinet Durand & Associés Experts-Comptables et Commissaires aux Comptes",
)


def _broad_topic_team(folder: Path) -> Path:
    """One member's 3,000 contacts, most of them in security: titles of one to nine words,
    companies of one to twelve, some named after the topic (CSV, as LinkedIn's address book)."""
    rng = random.Random(20)
    names = [(first, last) for last in LAST for first in FIRST]
    rng.shuffle(names)
    path = folder / "contacts.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        sheet = csv.writer(handle, delimiter=";")
        sheet.writerow(["Nom", "Prénom", "Société", "Poste"])
        for first, last in names[:3000]:
            sheet.writerow([last, first, rng.choice(COMPANIES), rng.choice(TITLES)])
    return path


@pytest.fixture(scope="module")
def broad_topic_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("broad")
    db = folder / "graph.db"
    from typer.testing import CliRunner

    done = CliRunner().invoke(
        app, ["--db", str(db), "import", str(_broad_topic_team(folder)), "--owner", "Karim Benali"]
    )
    assert done.exit_code == 0, done.output
    return db


@pytest.mark.neo4j
def test_experts_are_the_same_when_more_people_match_than_are_read(fresh_server, broad_topic_db):
    """More people match "cybersécurité" than ``PROFILE_LIMIT`` (and its company field than
    ``CONNECTOR_CANDIDATES``): both backends read the same candidates, in the same order, and give
    the same answer, scores included."""
    with Store(broad_topic_db) as store:
        fresh_server.sync(store)
        local = LocalBackend(store)
        terms = tuple(sorted(query_terms("cybersécurité")))
        match = " OR ".join(f'"{_term_token(t)}"' for t in terms)
        index = search_index(store)
        everywhere, in_company = (
            index.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (query,)).fetchone()[0]
            for query in (match, f"company : ({match})")
        )
        index.close()
        assert everywhere > PROFILE_LIMIT and in_company > CONNECTOR_CANDIDATES  # the case at hand
        assert fresh_server.topic_candidates(terms) == local.topic_candidates(terms)
        assert fresh_server.topic_candidates(
            terms, field="company", limit=CONNECTOR_CANDIDATES
        ) == local.topic_candidates(terms, field="company", limit=CONNECTOR_CANDIDATES)
        for topic, options in (("cybersécurité", {}), ("informatique", {"n": 25, "sort": "expertise"})):
            served = json.dumps(find_experts(fresh_server, topic, **options), sort_keys=True)
            assert served == json.dumps(find_experts(local, topic, **options), sort_keys=True), topic


@pytest.mark.neo4j
def test_a_mirror_of_another_topic_format_is_refused_until_synced(fresh_server, demo_db, runner):
    """A mirror synced by a graphintro whose topic tokens were other (before INDEX_VERSION 4, or before
    the format was recorded) would answer experts with tokens no query makes: one line, exit 2, until
    ``graphintro sync`` writes them again; paths do not read them and still answer."""
    from graphintro.backends.mirror import topic_format

    db = str(demo_db)
    assert runner.invoke(app, ["--db", db, "sync"]).exit_code == 0
    assert fresh_server.run("MATCH (m:GraphintroMeta) RETURN m.topic_format AS f")[0]["f"] == topic_format()
    experts = ["--db", db, "--backend", "neo4j", "experts", "cybersécurité", "--json"]
    answer = runner.invoke(app, experts)
    assert answer.exit_code == 0, answer.output
    for change, said in (
        ("REMOVE m.topic_format", "written before their format was recorded"),
        ("SET m.topic_format = '3.0'", "written in format 3.0"),
    ):
        fresh_server.write(f"MATCH (m:GraphintroMeta) {change}")
        refused = runner.invoke(app, experts)
        assert refused.exit_code == 2 and len(refused.output.strip().splitlines()) == 1, refused.output
        assert said in refused.output and "run 'graphintro sync'" in refused.output
        assert "Traceback" not in refused.output
        path = runner.invoke(
            app, ["--db", db, "--backend", "neo4j", "path", "Camille Rousseau", "Inès Moreau", "--json"]
        )
        assert path.exit_code == 0, path.output
    assert runner.invoke(app, ["--db", db, "sync"]).exit_code == 0
    again = runner.invoke(app, experts)
    assert again.exit_code == 0 and json.loads(again.stdout) == json.loads(answer.stdout)
