"""A newer export of the same owner updates their ties: vanished contacts end (kept, dated), job changes are kept."""

import json
import sqlite3
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def export(folder: Path, date: str, rows: list[str]) -> Path:
    """A LinkedIn archive named with its export date, holding a Connections.csv with ``rows``."""
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    path = folder / f"Basic_LinkedInDataExport_{date}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Connections.csv", "\n".join([header, *rows]))
    return path


ROWS = [
    "Zoé,Fontaine,https://www.linkedin.com/in/zf,,Aéroline,Acheteuse,04 Jul 2023",
    "David,Nguyen,https://www.linkedin.com/in/dn,,Altérys,Directeur,04 Jul 2020",
    "Inès,Moreau,https://www.linkedin.com/in/im,,Thales,RSSI,01 Feb 2021",
    "Paul,Girard,https://www.linkedin.com/in/pg,,CyberSécurité Conseil,Commercial,01 Mar 2022",
]


def test_newer_export_ends_vanished_contacts_and_keeps_job_changes(cli, tmp_path):
    older = export(tmp_path, "10-02-2026", ROWS)
    newer_rows = [ROWS[0].replace("Aéroline,Acheteuse", "Aéroline,Directrice des achats"), ROWS[1]]
    newer = export(tmp_path, "11-02-2026", newer_rows)
    assert cli("import", older, "--owner", "Camille Rousseau").exit_code == 0
    summary = json.loads(cli("import", newer, "--owner", "Camille Rousseau", "--json").output)["files"][0]
    assert summary["ended"] == 2 and summary["job_changes"] == 1
    conn = sqlite3.connect(cli.db)
    ended = dict(conn.execute("SELECT name, ended_at FROM records WHERE ended_at IS NOT NULL").fetchall())
    assert ended == {"Inès Moreau": "2026-11-02", "Paul Girard": "2026-11-02"}, "kept, with the export's date"
    change = conn.execute(
        "SELECT old_value, new_value FROM record_changes WHERE field = 'position'"
    ).fetchone()
    assert change == ("Acheteuse", "Directrice des achats")
    people = json.loads(cli("people", "Fontaine", "--json").output)["people"]
    assert people[0]["position"] == "Directrice des achats"
    stats = json.loads(cli("stats", "--json").output)
    assert stats["ties"] == 2 and stats["ended_ties"] == 2


def test_an_older_export_imported_late_ends_nothing(cli, tmp_path):
    newer = export(tmp_path, "11-02-2026", ROWS[:2])
    older = export(tmp_path, "10-02-2026", ROWS)
    assert cli("import", newer, "--owner", "Camille Rousseau").exit_code == 0
    summary = json.loads(cli("import", older, "--owner", "Camille Rousseau", "--json").output)["files"][0]
    stats = json.loads(cli("stats", "--json").output)
    assert stats["ties"] == 2, "the newer export's ties stand"
    assert summary["ended"] == 2 and stats["ended_ties"] == 2, (
        "contacts only the older export lists were gone since"
    )
    conn = sqlite3.connect(cli.db)
    assert {r[0] for r in conn.execute("SELECT ended_at FROM records WHERE ended_at IS NOT NULL")} == {
        "2026-11-02"
    }


def test_a_resaved_export_that_changed_nothing_updates_nothing(cli, tmp_path):
    """Issue 15, point 13: the same rows saved again (Excel: BOM, CRLF, another archive date) said
    "306 updated"; only records whose data changed count."""
    first = export(tmp_path, "10-02-2026", ROWS)
    resaved = tmp_path / "resaved" / "Connections.csv"
    resaved.parent.mkdir()
    resaved.write_bytes(
        b"\xef\xbb\xbf"
        + "\r\n".join(
            ["First Name,Last Name,URL,Email Address,Company,Position,Connected On", *ROWS, ""]
        ).encode()
    )
    assert cli("import", first, "--owner", "Camille Rousseau").exit_code == 0
    again = json.loads(cli("import", resaved, "--owner", "Camille Rousseau", "--json").output)["files"][0]
    assert again["status"] == "imported", "other bytes: not recognised as the same file"
    assert (again["contacts"], again["updated"], again["new_people"], again["ended"]) == (4, 0, 0, 0)

    changed = tmp_path / "Basic_LinkedInDataExport_12-02-2026.zip"
    rows = [
        ROWS[0],
        ROWS[1].replace("Altérys,Directeur", "Altérys,Directeur général"),
        ROWS[2].replace(",,Thales", ",ines@example.org,Thales"),
        ROWS[3],
    ]
    with zipfile.ZipFile(changed, "w") as archive:
        archive.writestr(
            "Connections.csv",
            "\n".join(["First Name,Last Name,URL,Email Address,Company,Position,Connected On", *rows]),
        )
    later = json.loads(cli("import", changed, "--owner", "Camille Rousseau", "--json").output)["files"][0]
    assert (later["updated"], later["job_changes"]) == (2, 1), "a new position and a new e-mail"
