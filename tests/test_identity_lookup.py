"""The identity index's look-ups in a store: among the namesakes of a contact, only those seen at an
agreeing company are read (a common name has hundreds in a large store), and the same people are found
as when every namesake was read: the contact joins the person they are, never a namesake elsewhere."""

import sqlite3

from graphintro.identity import IdentityIndex
from graphintro.ingest import FUZZY_COMPANY_MAX
from graphintro.ingest.store_source import _StoreSource
from graphintro.store import MIGRATIONS, Store

CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
MARTIN = "https://www.linkedin.com/in/jean-martin-alterys"
# 30 companies no two of which agree (``company_agrees``), one Jean Martin at each.
CITIES = (
    "Lyon",
    "Brest",
    "Nantes",
    "Lille",
    "Rennes",
    "Reims",
    "Toulon",
    "Grenoble",
    "Dijon",
    "Angers",
    "Nîmes",
    "Limoges",
    "Tours",
    "Amiens",
    "Metz",
    "Besançon",
    "Perpignan",
    "Orléans",
    "Rouen",
    "Caen",
    "Nancy",
    "Avignon",
    "Poitiers",
    "Pau",
    "Calais",
    "Cannes",
    "Colmar",
    "Valence",
    "Quimper",
    "Vannes",
)


def write_connections(folder, name, rows):
    path = folder / name
    path.write_text("\n".join([CONNECTIONS, *rows]) + "\n", encoding="utf-8")
    return path


def imported_namesakes(cli, tmp_path):
    """Marc knows 30 Jean Martins at 30 companies and one with no company (URL ``MARTIN``); Nina knows
    that one as "J. Martin" of Alterys Conseil (the same URL): his company is on another record than
    his full name. Returns the person ids of Jean Martin of Dijon and of Alterys's Jean Martin."""
    namesakes = [f"Jean,Martin,,,{city} SA,Consultant,04 Jul 2023" for city in CITIES]
    marc = write_connections(tmp_path, "marc.csv", [*namesakes, f"Jean,Martin,{MARTIN},,,,04 Jul 2023"])
    assert cli("import", marc, "--owner", "Marc Petit").exit_code == 0
    nina = write_connections(
        tmp_path, "nina.csv", [f"J.,Martin,{MARTIN},,Alterys Conseil SAS,Directeur,05 Jul 2023"]
    )
    assert cli("import", nina, "--owner", "Nina Weber").exit_code == 0
    conn = sqlite3.connect(cli.db)
    at_dijon = conn.execute("SELECT person_id FROM records WHERE company = 'Dijon SA'").fetchone()[0]
    alterys = conn.execute(
        "SELECT person_id FROM records WHERE url_key LIKE '%jean-martin-alterys'"
    ).fetchall()
    conn.close()
    assert len({row[0] for row in alterys}) == 1  # one person, by the URL
    return at_dijon, alterys[0][0]


def test_a_contact_joins_the_namesake_of_an_agreeing_company_and_no_other(cli, tmp_path):
    """Zoé's Jean Martins, without URLs: the one at "Alterys" is Alterys Conseil's (whose full name and
    company are on two records), the one at "DIJON" is Dijon's, the one at Capgemini is new."""
    at_dijon, alterys = imported_namesakes(cli, tmp_path)
    zoe = write_connections(
        tmp_path,
        "zoe.csv",
        [
            "Jean,Martin,,,Alterys,Consultant,06 Jul 2023",
            "Jean,MARTIN,,,DIJON,Consultant,06 Jul 2023",
            "Jean,Martin,,,Capgemini,Consultant,06 Jul 2023",
        ],
    )
    assert cli("import", zoe, "--owner", "Zoé Blanc").exit_code == 0
    conn = sqlite3.connect(cli.db)
    found = conn.execute(
        "SELECT company, person_id, link_reason FROM records WHERE file LIKE '%zoe.csv' ORDER BY line"
    ).fetchall()
    namesakes = conn.execute(
        "SELECT COUNT(DISTINCT person_id) FROM records WHERE name_key = 'jean martin'"
    ).fetchone()
    conn.close()
    assert found[0] == ("Alterys", alterys, "same name and company")
    assert found[1] == ("DIJON", at_dijon, "same name and company")
    assert found[2][1] not in (alterys, at_dijon) and found[2][2] == "new"
    assert namesakes == (32,)  # Marc's 31, and Capgemini's


def test_the_index_reads_only_the_namesakes_the_rule_can_take(cli, tmp_path):
    """Matched against the store, a Jean Martin of Alterys reads Alterys's Jean Martin alone, not the
    30 others (which an import into a large store would read by the hundred for each contact)."""
    at_dijon, alterys = imported_namesakes(cli, tmp_path)
    with Store(cli.db) as store:
        index = IdentityIndex(_StoreSource(store.conn), FUZZY_COMPANY_MAX)
        assert index.match("Jean Martin", "ALTERYS") == (alterys, "same name and company")
        assert set(index.people) == {alterys}
        assert index.match("Martin Jean", "Dijon") == (at_dijon, "same name and company")
        assert set(index.people) == {alterys, at_dijon}
        assert index.match("Jean Martin", "Capgemini") == (None, "new")
        assert set(index.people) == {alterys, at_dijon}


def test_an_older_store_gets_the_namesake_indexes_and_keeps_its_caches(demo_db):
    """A store of schema 9 (before the indexes of the namesake look-up) opened by this version: its
    indexes are rebuilt, nothing else changes, and the graph cache built before is served as it is."""
    from graphintro.graph import load_graph

    with Store(demo_db) as store:
        load_graph(store)
        generation = store.generation
    cache = demo_db.with_name(demo_db.name + ".graph.npz")
    built = cache.stat().st_mtime_ns
    conn = sqlite3.connect(demo_db)
    conn.executescript(
        "DROP INDEX records_person_company; DROP INDEX records_name; DROP INDEX records_company;"
        " CREATE INDEX records_name ON records(name_key); CREATE INDEX records_company ON records(company_key);"
        " PRAGMA user_version = 9;"
    )
    conn.close()
    with Store(demo_db) as store:
        assert store.schema_version == len(MIGRATIONS) and store.generation == generation
        indexes = dict(
            store.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
        )
        load_graph(store)
    assert "(name_key, person_id)" in indexes["records_name"]
    assert "(company_key, name_key, person_id)" in indexes["records_company"]
    assert "(person_id, company_key) WHERE company_key != ''" in indexes["records_person_company"]
    assert cache.stat().st_mtime_ns == built
