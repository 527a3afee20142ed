"""A team imported from five kinds of files gives the right people (tests/fixtures/team/EXPECTED.json)."""

import json
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED = json.loads((FIXTURES / "team" / "EXPECTED.json").read_text(encoding="utf-8"))


def import_team(cli, with_groups=True):
    for owner in EXPECTED["owners"]:
        folder = FIXTURES / owner["folder"]
        path = folder if any(folder.glob("*.csv")) else next(folder.glob("*.vcf"))
        args = ["import", path, "--owner", owner["name"]] + (
            ["--owner-url", owner["url"]] if owner["url"] else []
        )
        result = cli(*args)
        assert result.exit_code == 0, result.output
    if with_groups:
        result = cli("import", FIXTURES / "team" / "groups.csv", "--owner", EXPECTED["owners"][0]["name"])
        assert result.exit_code == 0, result.output


def person_of(conn, appearance):
    """The person an appearance of EXPECTED.json became: by file and line, or the owner's own record."""
    if appearance.get("owner"):
        row = conn.execute(
            "SELECT person_id FROM records WHERE kind = 'self' AND name = ?", (appearance["name"],)
        ).fetchone()
    elif appearance.get("group"):  # a group row may join a record the owner already had
        rows = conn.execute(
            "SELECT DISTINCT r.person_id FROM memberships m JOIN groups g ON g.id = m.group_id"
            " JOIN records r ON r.id = m.record_id JOIN records same ON same.person_id = r.person_id"
            " WHERE g.name = ? AND same.name = ?",
            (appearance["group"], appearance["name"]),
        ).fetchall()
        assert len(rows) == 1, f"{appearance}: {rows}"
        row = rows[0]
    else:
        row = conn.execute(
            "SELECT person_id FROM records WHERE file LIKE ? AND line = ?",
            (f"%{appearance['file']}", appearance["line"]),
        ).fetchone()
    assert row, f"no record for {appearance}"
    return row[0]


@pytest.fixture
def team_db(cli):
    import_team(cli)
    return cli


def test_the_right_people(team_db):
    conn = sqlite3.connect(team_db.db)
    assert (
        conn.execute("SELECT COUNT(*) FROM people WHERE merged_into IS NULL").fetchone()[0]
        == EXPECTED["distinct_people"]
    )
    seen = {}
    for person in EXPECTED["people"]:
        ids = {person_of(conn, a) for a in person["appearances"]}
        assert len(ids) == 1, f"{person['key']}: appearances split over {ids}"
        seen[person["key"]] = ids.pop()
    assert len(set(seen.values())) == len(seen), "two expected people were merged into one"
    for pair in EXPECTED["must_not_merge"]:
        assert person_of(conn, pair["a"]) != person_of(conn, pair["b"]), pair["reason"]


def test_no_phantoms_and_skipped_rows_reported(cli):
    for owner in EXPECTED["owners"][:2]:
        folder = FIXTURES / owner["folder"]
        args = ["import", folder, "--owner", owner["name"], "--json"]
        summary = json.loads(cli(*args).output)
        connections = f"{owner['folder']}Connections.csv"
        skipped = [s["line"] for f in summary["files"] for s in f["skipped"]]
        assert skipped == EXPECTED["skipped_empty_rows"][connections]
        assert summary["files"][0]["contacts"] == EXPECTED["named_rows_per_file"][connections]


def test_reimporting_adds_nothing(team_db):
    before = team_db("stats", "--json").output
    people_before = team_db("people", "--json", "--limit", "500").output
    import_team(team_db)
    assert json.loads(team_db("stats", "--json").output) == json.loads(before)
    assert team_db("people", "--json", "--limit", "500").output == people_before


def test_merge_then_split_restores_the_people(team_db):
    people = json.loads(team_db("people", "thomas martin", "--json").output)["people"]
    assert len(people) == 2, "the namesakes are two people"
    before = json.loads(team_db("people", "--json", "--limit", "500").output)
    a, b = sorted(p["id"] for p in people)
    assert team_db("people", "merge", a, b).exit_code == 0
    assert len(json.loads(team_db("people", "thomas martin", "--json").output)["people"]) == 1
    assert team_db("people", "split", a).exit_code == 0
    assert json.loads(team_db("people", "--json", "--limit", "500").output) == before


def test_quoted_commas_and_emoji_survive(cli):
    connections = FIXTURES / "linkedin" / "connections_2024.csv"
    assert cli("import", connections, "--owner", "Marc Petit").exit_code == 0
    conn = sqlite3.connect(cli.db)
    companies = {row[0] for row in conn.execute("SELECT company FROM records")}
    names = " ".join(row[0] for row in conn.execute("SELECT name FROM records"))
    assert "Dupont, Durand & Associés" in companies
    assert any(ord(ch) > 0xFFFF for ch in names), "an emoji in a name is kept"
