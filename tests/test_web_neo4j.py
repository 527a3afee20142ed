"""``graphintro serve --backend neo4j`` against a real Neo4j 5.26 server (the one of
``tests/neo4j_fixtures.py``): the pages answer from the server, with the embedded store's answers, and
an import made in the browser reaches the server."""

from __future__ import annotations

import re

import httpx
import pytest
from web_server import csrf_of, live_server, wait_for_job

from graphintro.store import Store

INTRODUCER = re.compile(r'<span class="introducer">([^<]+)</span>')
HOPS = re.compile(r"· (\d+) hops?")
PERSON_LINK = re.compile(r'<a href="/person/(\d+)"')


@pytest.fixture
def on_server(fresh_server, demo_db):
    """A copy of the demo store synced into an emptied server: each test may change both."""
    with Store(demo_db) as store:
        fresh_server.sync(store)
    return fresh_server, demo_db


def _answers(client: httpx.Client, path: str, **params) -> tuple[list[str], list[str]]:
    """What a reader of the path page sees of each answer: its introducer and its number of hops."""
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text[-500:]
    return INTRODUCER.findall(response.text), HOPS.findall(response.text)


def _experts(client: httpx.Client, topic: str) -> list[str]:
    """The people the experts page links to, in the page's order."""
    response = client.get("/experts", params={"topic": topic})
    assert response.status_code == 200, response.text[-500:]
    return PERSON_LINK.findall(response.text)


def test_pages_answer_from_the_server_with_the_embedded_answers(on_server, team):
    server_backend, db = on_server
    with (
        live_server(db) as embedded,
        live_server(db, backend="neo4j") as on_neo4j,
        httpx.Client(base_url=embedded.url, timeout=300) as local_client,
        httpx.Client(base_url=on_neo4j.url, timeout=300) as neo4j_client,
    ):
        questions = [
            ("/path", {"from": team["user"], "to": team["target"]}),
            ("/path", {"from": "team", "to": team["target"]}),
            ("/path", {"from": "team", "company": team["target_company"]}),
        ]
        for path, params in questions:
            local = _answers(local_client, path, **params)
            assert local[0], (path, params)  # the question has answers, so the comparison says something
            assert _answers(neo4j_client, path, **params) == local, (path, params)
        for topic in ("cybersécurité", "achats"):
            local_experts = _experts(local_client, topic)
            assert local_experts, topic
            assert _experts(neo4j_client, topic) == local_experts, topic

        # The neo4j pages read the server, not the SQLite file beside it: take the introducer off the
        # server only, and only the neo4j pages stop naming them.
        with server_backend.driver.session(database=server_backend.database) as session:
            session.run("MATCH (p:Person {name: $name}) DETACH DELETE p", name=team["introducer"]).consume()
        params = {"from": team["user"], "to": team["target"]}
        assert team["introducer"] in _answers(local_client, "/path", **params)[0]
        assert team["introducer"] not in _answers(neo4j_client, "/path", **params)[0]


def test_an_import_in_the_browser_reaches_the_server(on_server):
    server_backend, db = on_server
    contacts = "Prénom;Nom;Société;Poste\nOmar;Essai;Aéroline Systèmes;Acheteur\n"
    with (
        live_server(db, backend="neo4j") as on_neo4j,
        httpx.Client(base_url=on_neo4j.url, timeout=300) as client,
    ):
        token = csrf_of(client)
        response = client.post(
            f"/import?csrf={token}",
            data={"owner": "Camille Rousseau"},
            files={"files": ("contacts.csv", contacts.encode("cp1252"))},
        )
        assert response.status_code == 303, response.text[-500:]
        state = wait_for_job(client, response.headers["location"])
        assert state["status"] == "done", state
    with server_backend.driver.session(database=server_backend.database) as session:
        found = session.run(
            "MATCH (m:Person {name: 'Camille Rousseau'})-[t:TIE]-(p:Person {name: 'Omar Essai'})"
            " RETURN p.company AS company, t.strength AS strength"
        ).data()
    assert len(found) == 1 and found[0]["company"] == "Aéroline Systèmes", found
