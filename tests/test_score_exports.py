"""Scores that say something whatever each member exported, and whenever (issue 15, points 11, 12, 17).

The team of ``tests/fixtures/quality``: Léa Fournier (Complete export of 2026-11-02, with pending
invitations), Hugo Marchand (Complete export of 2024-11-02, two years older) and Nina Perrin
(Basic export of 2026-11-02: Connections.csv only).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphintro.cli import app

QUALITY = Path(__file__).parent / "fixtures" / "quality"
TEAM = {
    "Léa Fournier": QUALITY / "lea" / "Complete_LinkedInDataExport_11-02-2026",
    "Hugo Marchand": QUALITY / "hugo" / "Complete_LinkedInDataExport_11-02-2024",
    "Nina Perrin": QUALITY / "nina" / "Basic_LinkedInDataExport_11-02-2026",
}
URLS = {
    "Léa Fournier": "https://www.linkedin.com/in/lea-fournier-q1",
    "Hugo Marchand": "https://www.linkedin.com/in/hugo-marchand-q2",
    "Nina Perrin": "https://www.linkedin.com/in/nina-perrin-q3",
}


@pytest.fixture(scope="module")
def quality_team_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("quality") / "team.db"
    runner = CliRunner()
    for owner, folder in TEAM.items():
        result = runner.invoke(
            app, ["--db", str(db), "import", str(folder), "--owner", owner, "--owner-url", URLS[owner]]
        )
        assert result.exit_code == 0, result.output
    return db


@pytest.fixture
def quality_db(quality_team_db, tmp_path):
    copy = tmp_path / "team.db"
    shutil.copy(quality_team_db, copy)
    return copy


def score_json(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), "score", "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def member(scores: dict, name: str) -> dict:
    return next(m for m in scores["members"] if m["name"] == name)


# -- point 17: an invitation nobody accepted is not a connection -------------------------------------


def test_pending_invitations_are_not_contacts_but_are_counted_apart(quality_db):
    scores = score_json(quality_db)
    lea = member(scores, "Léa Fournier")
    # 10 connections (Nina, a teammate, is not a contact) + Théo Ulrich, who answered her invitation.
    assert lea["contacts"] == 11
    assert lea["details"]["pending_invitations"] == 4
    assert member(scores, "Nina Perrin")["details"]["pending_invitations"] == 0
    assert scores["team"]["details"]["pending_invitations"] == sum(
        m["details"]["pending_invitations"] for m in scores["members"]
    )


def test_a_pending_invitation_is_no_introduction(quality_db):
    from graphintro.graph import load_graph
    from graphintro.people import resolve_person
    from graphintro.store import Store

    with Store(quality_db, must_exist=True) as store:
        graph = load_graph(store)
        lea = resolve_person(store, "Léa Fournier")
        quentin = resolve_person(store, "Quentin Renaud")  # a note, repeated as a message: nothing came back
        theo = resolve_person(store, "Théo Ulrich")  # answered: a real exchange
        assert not graph.is_direct(lea, quentin)
        assert graph.strength_between(lea, quentin) < 0.2
        assert graph.is_direct(lea, theo)


# The definition of a pending invitation, as one SQL statement: right, and 11 s at 1,000 × 1,000
# (every appearance of each invitee read with its owner). ``member_exports.pending_invitations``
# must count the same.
PENDING_BY_DEFINITION = """
SELECT o.person_id, COUNT(DISTINCT r.person_id)
FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id
WHERE i.kind = 'invitation' AND i.direction = 'out' AND r.person_id != o.person_id
  AND NOT EXISTS (SELECT 1 FROM records c JOIN records co ON co.id = c.owner_record_id
                  WHERE c.is_connection = 1 AND c.ended_at IS NULL
                    AND ((co.person_id = o.person_id AND c.person_id = r.person_id)
                      OR (co.person_id = r.person_id AND c.person_id = o.person_id)))
  AND NOT EXISTS (SELECT 1 FROM interactions back JOIN records rb ON rb.id = back.record_id
                  JOIN records ob ON ob.id = rb.owner_record_id
                  WHERE back.kind = 'invitation' AND back.direction = 'in'
                    AND ob.person_id = o.person_id AND rb.person_id = r.person_id)
GROUP BY o.person_id
"""
INVITATIONS = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
LINKEDIN = "https://www.linkedin.com/in/"


def _export(folder: Path, files: dict[str, list[str]]) -> Path:
    import zipfile

    path = folder.with_suffix(".zip")
    with zipfile.ZipFile(path, "w") as zipped:
        for name, lines in files.items():
            zipped.writestr(name, "\n".join(lines))
    return path


def test_an_invitation_is_pending_only_when_neither_export_shows_a_connection_nor_a_crossed_one(tmp_path):
    """Alice invited five people: Bruno (a teammate whose own export lists her: accepted, her export
    older), Emile (who invited her too: crossed, no refusal), Chloé (a connection), Denise, who never
    answered, and Gaspard, a connection of her previous export that her last one no longer lists.
    Denise and Gaspard are pending."""
    from graphintro.member_exports import pending_invitations
    from graphintro.store import Store

    def invite(to: str, slug: str, direction: str = "OUTGOING") -> str:
        ends = ("Alice Martin", to, "alice-martin", slug)
        if direction == "INCOMING":
            ends = (to, "Alice Martin", slug, "alice-martin")
        return f'{ends[0]},{ends[1]},"10/20/26, 2:14 PM",,{direction},{LINKEDIN}{ends[2]},{LINKEDIN}{ends[3]}'

    connections = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    alice_before = _export(
        tmp_path / "alice-Complete_LinkedInDataExport_09-01-2026",
        {
            "Connections.csv": [
                connections,
                f"Chloé,Petit,{LINKEDIN}chloe-petit,,Acme,Consultante,04 Jul 2019",
                f"Gaspard,Leroy,{LINKEDIN}gaspard-leroy,,Zenith,Acheteur,04 Jul 2016",
            ]
        },
    )
    alice = _export(
        tmp_path / "alice-Complete_LinkedInDataExport_10-21-2026",
        {
            "Connections.csv": [
                connections,
                f"Chloé,Petit,{LINKEDIN}chloe-petit,,Acme,Consultante,04 Jul 2019",
            ],
            "Invitations.csv": [
                INVITATIONS,
                invite("Bruno Durand", "bruno-durand"),
                invite("Emile Roux", "emile-roux"),
                invite("Emile Roux", "emile-roux", "INCOMING"),
                invite("Chloé Petit", "chloe-petit"),
                invite("Denise Faure", "denise-faure"),
                invite("Gaspard Leroy", "gaspard-leroy"),
            ],
        },
    )
    bruno = _export(
        tmp_path / "bruno-Complete_LinkedInDataExport_11-02-2026",
        {
            "Connections.csv": [
                connections,
                f"Alice,Martin,{LINKEDIN}alice-martin,,Acme,Consultante,22 Oct 2026",
            ]
        },
    )
    db = tmp_path / "team.db"
    runner = CliRunner()
    for path, owner, slug in (
        (alice_before, "Alice Martin", "alice-martin"),
        (alice, "Alice Martin", "alice-martin"),
        (bruno, "Bruno Durand", "bruno-durand"),
    ):
        result = runner.invoke(
            app, ["--db", str(db), "import", str(path), "--owner", owner, "--owner-url", LINKEDIN + slug]
        )
        assert result.exit_code == 0, result.output
    assert member(score_json(db), "Alice Martin")["details"]["pending_invitations"] == 2
    with Store(db) as store:
        assert pending_invitations(store) == dict(store.conn.execute(PENDING_BY_DEFINITION).fetchall())


def test_pending_invitations_count_as_their_definition_on_the_demo_and_quality_teams(demo_db, quality_db):
    from graphintro.member_exports import pending_invitations
    from graphintro.store import Store

    for db in (demo_db, quality_db):
        with Store(db) as store:
            expected = dict(store.conn.execute(PENDING_BY_DEFINITION).fetchall())
            assert expected and pending_invitations(store) == expected


# -- point 12: each member's recency against their own export date ------------------------------------


def test_an_earlier_export_keeps_its_activity(quality_db):
    scores = score_json(quality_db)
    hugo, lea = member(scores, "Hugo Marchand"), member(scores, "Léa Fournier")
    assert scores["as_of"] == "2026-11-02", "the store's date: the newest export"
    assert (hugo["as_of"], lea["as_of"]) == ("2024-11-02", "2026-11-02")
    # Hugo wrote to each of his 10 contacts within 100 days of his export, as Léa did before hers:
    # measured against the newest export (Léa's), his exchanges were two years old, his activity 0.
    assert (
        hugo["details"]["strong_ties"] == lea["details"]["strong_ties"] - 1 == 10
    )  # (Théo Ulrich: Léa's only)
    assert hugo["details"]["dormant_strong_ties"] == 0
    assert hugo["components"]["activity"] == 1.0
    assert hugo["score"] > 50


def test_an_earlier_export_keeps_its_tie_strengths_and_recent_contacts(quality_db):
    from graphintro.graph import load_graph
    from graphintro.people import resolve_person
    from graphintro.store import Store

    with Store(quality_db, must_exist=True) as store:
        graph = load_graph(store)
        hugo, lea = resolve_person(store, "Hugo Marchand"), resolve_person(store, "Léa Fournier")
        # Gilles Hamon: known to both, the same three messages 10 to 14 days before each export.
        gilles = resolve_person(store, "Gilles Hamon")
        assert graph.strength_between(hugo, gilles) > 0.5 and graph.strength_between(lea, gilles) > 0.5
    contacts = CliRunner().invoke(
        app, ["--db", str(quality_db), "contacts", "--owner", "Hugo Marchand", "--json"]
    )
    data = json.loads(contacts.output)
    assert data["dormant"] == []
    assert all(c["last_message"] and c["last_message"].startswith("2024-") for c in data["valuable"])


# -- point 11: a connections-only export still scores, and says what it lacks -------------------------


def test_a_connections_only_export_gets_a_meaningful_score(quality_db):
    nina = member(score_json(quality_db), "Nina Perrin")
    # Before: 0/100 in every component, diversity and brokerage included, with no explanation.
    assert 30 < nina["score"] < 80
    assert "activity" not in nina["components"], "not measurable without messages: left out, not zero"
    for structural in ("diversity", "brokerage", "reach", "strength"):
        assert nina["components"][structural] > 0.3, structural
    assert 0 < nina["details"]["strong_ties"] < nina["contacts"], "ties still ranked: not all strong"
    assert nina["evidence"]["missing"] == [
        "messages",
        "invitations",
        "endorsements",
        "recommendations",
        "positions",
    ]
    assert nina["evidence"]["unmeasured"] == ["activity"]
    assert nina["evidence"]["strong_tie"] == 0.35
    assert any("activity" in added for added in nina["evidence"]["complete_export_adds"])


def test_the_strongest_connections_only_ties_are_the_oldest_and_shared(quality_db):
    """Duration and mutual contacts across the team rank a connections-only member's ties."""
    from graphintro.people import resolve_person
    from graphintro.store import Store
    from graphintro.team_network import load_network

    with Store(quality_db, must_exist=True) as store:
        net = load_network(store)
        nina = net.graph.index_of(resolve_person(store, "Nina Perrin"))
        people, strengths, _ = net.contacts(nina)
        by_name = {
            store.conn.execute("SELECT name FROM people WHERE id = ?", (net.person(p),)).fetchone()[0]: s
            for p, s in zip(people.tolist(), strengths.tolist(), strict=False)
        }
    # Gilles Hamon: since Aug 2015, also Léa's and Hugo's contact; Marion Noël: since Feb 2015, also
    # Hugo's; Laurent Mallet: since 2020, also Hugo's.
    assert by_name["Gilles Hamon"] > by_name["Marion Noël"] > by_name["Laurent Mallet"]


def test_score_and_report_say_what_the_export_lacks(quality_db, tmp_path):
    runner = CliRunner()
    shown = runner.invoke(app, ["--db", str(quality_db), "score"])
    assert shown.exit_code == 0, shown.output
    nina_row = next(line for line in shown.output.splitlines() if line.startswith("Nina Perrin "))
    assert "–" in nina_row, "activity shown as not measured"
    assert (
        "Nina Perrin: the exports hold no messages, invitations, endorsements, recommendations, positions"
        in shown.output
    )
    assert "Importing the Complete export would add activity" in shown.output
    assert "Léa Fournier: 4 invitations nobody accepted, not counted as contacts." in shown.output
    for fmt in ("md", "html"):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, ["--db", str(quality_db), "report", "--out", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "Importing the Complete export would add activity" in text
        assert "4 invitations nobody accepted" in text


def test_an_answer_tells_a_ties_age_from_the_export_that_holds_it(quality_db):
    """Hugo's tie to Gilles is 8 years old at Hugo's export (2024-11-02), not 10 at the store's
    date: the evidence of a path is measured against the export of the member at its end."""
    result = CliRunner().invoke(
        app, ["--db", str(quality_db), "path", "Hugo Marchand", "Gilles Hamon", "--json"]
    )
    direct = json.loads(result.output)["paths"][0]
    assert [p["name"] for p in direct["people"]] == ["Hugo Marchand", "Gilles Hamon"]
    assert "connected since 2016-12-09 (8 years)" in direct["links"][0]["evidence"]
