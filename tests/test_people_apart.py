"""People that do not exist, people that must stay apart (issue 15, points 7-9): an anonymous
``LinkedIn Member`` is nobody, an empty sender is counted, a connection named ``-`` with a URL is
kept, two rows of one file are two accounts, crossed invitations are two invitations."""

import json
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "owner"
MANIFEST = json.loads((FIXTURES.parent / "manifest.json").read_text(encoding="utf-8"))
ANONYMOUS = FIXTURES / "anonymous"
MESSAGES = MANIFEST["owner/anonymous/messages.csv"]
OWNER = ["--owner", MESSAGES["owner"]]


def interactions(db: Path, kind: str) -> dict[tuple[str, str], int]:
    """(peer's displayed name, direction) -> how many interactions of ``kind``."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT p.name, i.direction, COUNT(*) FROM interactions i JOIN records r"
            " ON r.id = i.record_id JOIN people p ON p.id = r.person_id WHERE i.kind = ?"
            " GROUP BY 1, 2",
            (kind,),
        )
        return {(name, direction): count for name, direction, count in rows}
    finally:
        conn.close()


def test_an_anonymous_member_is_nobody_and_its_messages_are_counted(cli):
    result = cli("import", ANONYMOUS, *OWNER, "--json")
    assert result.exit_code == 0, result.output
    assert interactions(cli.db, "message") == {("Claire Noël", "out"): 1, ("Claire Noël", "in"): 1}
    assert cli("people", "linkedin member").exit_code == 1
    left_out = json.loads(result.output)["files"][0]["messages_left_out"]
    assert {reason: left_out[reason] for reason in MESSAGES["left_out"]} == MESSAGES["left_out"]


def test_crossed_invitations_are_two(cli):
    assert cli("import", ANONYMOUS, *OWNER).exit_code == 0
    assert interactions(cli.db, "invitation") == {("Claire Noël", "out"): 1, ("Claire Noël", "in"): 1}


def test_a_connection_named_dash_with_a_url_is_kept(cli):
    result = cli("import", ANONYMOUS / "Connections.csv", *OWNER, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    assert summary["contacts"] == 3
    assert [s["line"] for s in summary["skipped"]] == [8]
    people = json.loads(cli("people", "--json").output)["people"]
    assert {p["name"] for p in people if not p["member"]} == {"Claire Noël", "thomas-fabre-8b2", "a-7f3c91"}


def test_two_rows_of_one_file_are_two_accounts(cli):
    result = cli("import", FIXTURES / "same_file" / "Connections.csv", "--owner", "Hugo Marchetti", "--json")
    assert result.exit_code == 0, result.output
    karims = json.loads(cli("people", "karim saidi", "--json").output)["people"]
    assert sorted(p["company"] for p in karims) == [
        "ECG Engineering Consultants Group S.A.",
        "Engineering Consultants Group S.A.",
    ]
    again = cli("import", FIXTURES / "same_file" / "Connections.csv", "--owner", "Hugo Marchetti")
    assert (
        again.exit_code == 0 and len(json.loads(cli("people", "karim saidi", "--json").output)["people"]) == 2
    )


def test_a_store_from_before_keeps_its_invitations_once(cli, tmp_path):
    """Migration 7: INCOMING invitations stored under the old key get the direction in it, so a newer
    export listing them again adds nothing."""
    import shutil

    no_profile = FIXTURES / "no_profile"
    assert cli("import", no_profile, "--owner", "JB Morel").exit_code == 0
    before = interactions(cli.db, "invitation")
    assert before == {("Coralie Weber", "out"): 1, ("Agnès Royer", "in"): 1}
    conn = sqlite3.connect(cli.db)
    conn.execute("UPDATE interactions SET key = substr(key, 4) WHERE key LIKE 'in|%'")  # the keys of before
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    newer = tmp_path / "newer"
    shutil.copytree(no_profile, newer)
    (newer / "Logins.csv").write_text("Login Date,IP Address\n2024-04-01,127.0.0.1\n", encoding="utf-8")
    assert cli("import", newer, "--owner", "JB Morel").exit_code == 0  # another sha, the same invitations
    assert interactions(cli.db, "invitation") == before
