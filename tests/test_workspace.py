"""The workspace (``graphintro.open``), used as a notebook would: writes through it are followed by
fresh answers, a failed first import leaves nothing behind, and a missing store is said once.

The Neo4j half (a library caller's writes reach the server without the CLI) is in
``tests/test_neo4j.py``, beside the server it needs.
"""

from __future__ import annotations

import pytest

import graphintro
from graphintro.errors import ImportFormatError
from graphintro.store import StoreError

CONTACTS = "Nom;Prénom;Société;Poste\nMoreau;Inès;Thales;RSSI\nDurand;Léa;Orange;DSI\n"


def _contacts(tmp_path, text: str = CONTACTS):
    path = tmp_path / "contacts.csv"
    path.write_text(text, encoding="cp1252")
    return path


def _probability(workspace, source: str, target: str) -> float:
    return workspace.introductions(source=source, target=target, k=1).paths[0]["probability"]


def test_a_write_is_seen_by_the_next_question_of_the_same_workspace(tmp_path):
    """The question backend holds the tie graph it loaded: a write must drop it, or a notebook
    that rates a tie and asks again would read the graph of before."""
    with graphintro.open(tmp_path / "team.db", create=True) as workspace:
        workspace.import_paths([_contacts(tmp_path)], owner="Karim Benali")
        before = _probability(workspace, "Karim Benali", "Inès Moreau")
        karim = workspace.backend.resolve_person("Karim Benali")
        ines = workspace.backend.resolve_person("Inès Moreau")
        assert workspace.rate_tie(karim, ines, 5, "same office") == 0.9
        after = _probability(workspace, "Karim Benali", "Inès Moreau")
    assert before < 0.9 and after > before, (before, after)
    # The same answer as a workspace opened afresh on the store as it is now.
    with graphintro.open(tmp_path / "team.db") as fresh:
        assert _probability(fresh, "Karim Benali", "Inès Moreau") == after


def test_a_failed_first_import_leaves_no_store_behind(tmp_path):
    db = tmp_path / "team.db"
    bad = tmp_path / "contacts.vcf"
    bad.write_text("BEGIN:VCARD\nthis is no vCard\n", encoding="utf-8")
    with graphintro.open(db, create=True) as workspace, pytest.raises(ImportFormatError):
        workspace.import_paths([bad], owner="Karim Benali")
    assert not list(tmp_path.glob("team.db*"))


def test_a_failed_import_into_an_existing_store_leaves_it_as_it_was(tmp_path):
    db = tmp_path / "team.db"
    with graphintro.open(db, create=True) as workspace:
        workspace.import_paths([_contacts(tmp_path)], owner="Karim Benali")
        generation = workspace.store.generation
    bad = tmp_path / "contacts.vcf"
    bad.write_text("BEGIN:VCARD\nthis is no vCard\n", encoding="utf-8")
    with graphintro.open(db, create=True) as workspace:
        with pytest.raises(ImportFormatError):
            workspace.import_paths([bad], owner="Léa Durand")
        assert workspace.store.generation == generation
        assert graphintro.store_stats(workspace.store)["members"] == 1


def test_a_missing_store_is_an_error_unless_created(tmp_path):
    workspace = graphintro.open(tmp_path / "none.db")
    with pytest.raises(StoreError, match="no graphintro store here yet"):
        workspace.experts("cybersécurité")
    assert not (tmp_path / "none.db").exists()
    workspace.close()


def test_writes_on_the_local_backend_sync_nothing(tmp_path):
    """Without Neo4j, nothing follows a write but fresh answers (no server is ever reached)."""
    with graphintro.open(tmp_path / "team.db", backend="local", create=True) as workspace:
        workspace.import_paths([_contacts(tmp_path)], owner="Karim Benali")
        assert workspace.last_sync is None
        assert workspace.on_neo4j is False


def test_a_member_is_resolved_in_the_embedded_store_when_asked_without_any_server(
    demo_db, runner, monkeypatch
):
    """One helper says who is a team member, on the question backend or, for the commands that read
    only the embedded store (contacts, inbox, export), in that store: with Neo4j chosen and no
    server, those still find their member (and refuse a non-member), and only the question backend
    needs the server."""
    from graphintro.backends.neo4j import BackendError
    from graphintro.cli import app
    from graphintro.errors import UsageError

    monkeypatch.setenv("GRAPHINTRO_BACKEND", "neo4j")
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with graphintro.open(demo_db) as workspace:
        david = workspace.resolve_member("David Nguyen", embedded=True)
        assert workspace.store.conn.execute("SELECT name FROM people WHERE id = ?", (david,)).fetchone()[
            0
        ] == ("David Nguyen")
        with pytest.raises(UsageError, match="is not a team member"):
            workspace.resolve_member("Inès Moreau", embedded=True)
        with pytest.raises(BackendError, match="NEO4J_URI"):
            workspace.resolve_member("David Nguyen")
    for command in (["contacts", "--owner", "David Nguyen"], ["inbox", "--owner", "David Nguyen"]):
        assert runner.invoke(app, ["--db", str(demo_db), *command]).exit_code == 0, command
    refused = runner.invoke(app, ["--db", str(demo_db), "contacts", "--owner", "Inès Moreau"])
    assert refused.exit_code == 2 and "is not a team member" in refused.output
