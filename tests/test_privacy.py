"""The right to erasure: a forgotten person is gone from every place, and stays gone."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from graphintro.cli import app


def test_forget_erases_everywhere_and_stays_erased(runner, demo_db, demo_team_db, team):
    expert = team["expert"]
    # Build the graph cache first: it must go too.
    assert runner.invoke(app, ["--db", str(demo_db), "path", team["user"], expert]).exit_code == 0
    assert demo_db.with_name(demo_db.name + ".graph.npz").exists()
    found = json.loads(runner.invoke(app, ["--db", str(demo_db), "people", expert, "--json"]).output)[
        "people"
    ][0]
    url_slug = found["url"].rsplit("/", 1)[-1]

    # A help asked about her, kept in the user's cache dir with its command line.
    asked = subprocess.run(
        [sys.executable, "-m", "graphintro.cli", "path", expert, "--help"], capture_output=True, check=True
    )
    helps = Path(os.environ["XDG_CACHE_HOME"]) / "graphintro" / "help"
    assert b"Usage" in asked.stdout and any(expert in entry.read_text() for entry in helps.iterdir())

    refused = runner.invoke(app, ["--db", str(demo_db), "forget", expert])
    assert refused.exit_code == 2 and "--yes" in refused.output
    result = runner.invoke(app, ["--db", str(demo_db), "forget", expert, "--yes", "--json"])
    assert result.exit_code == 0, result.output
    removed = json.loads(result.output)["removed"]
    assert removed["appearances"] >= 2 and removed["people"] == 1 and removed["caches"] == 1

    raw = demo_db.read_bytes()
    assert expert.encode() not in raw and url_slug.encode() not in raw, "no trace left in the database file"
    assert not demo_db.with_name(demo_db.name + ".graph.npz").exists()
    assert removed["helps"] >= 1 and not any(expert in entry.read_text() for entry in helps.iterdir())
    gone = runner.invoke(app, ["--db", str(demo_db), "people", expert])
    assert gone.exit_code == 1

    # Re-importing every export of the team does not bring her back.
    conn = sqlite3.connect(demo_team_db)
    exports = conn.execute(
        "SELECT DISTINCT i.path, p.name, p.url FROM imports i JOIN records r ON r.id ="
        " i.owner_record_id JOIN people p ON p.id = r.person_id ORDER BY i.id"
    ).fetchall()
    conn.close()
    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM imports")  # as if these exports had never been seen
    conn.commit()
    conn.close()
    for path, owner, url in exports:
        again = runner.invoke(
            app, ["--db", str(demo_db), "import", path, "--owner", owner, "--owner-url", url]
        )
        assert again.exit_code == 0, again.output
    assert runner.invoke(app, ["--db", str(demo_db), "people", expert]).exit_code == 1


def test_errors_never_show_emails(cli, tmp_path):
    bad = tmp_path / "contacts.csv"
    bad.write_bytes('Prénom;Nom;E-mail\nJeanne;Roux;jeanne.roux@example.fr\n"broken;x;y\n'.encode())
    result = cli("import", bad, "--owner", "Me")
    assert result.exit_code == 2
    assert "@" not in result.output and "contacts.csv:3" in result.output


def test_redacted_report_names_outsiders_by_initials_only(runner, demo_db, team, tmp_path):
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["--db", str(demo_db), "report", "--out", str(out), "--redact"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert team["target"] not in text and "Z\\. F\\." in text  # Markdown-escaped initials
    # Not the company or the exact title either: together with initials they name the person.
    assert "Aéroline" not in text and "Directrice des achats" not in text
    assert team["introducer"] in text, "team members keep their names"
    plain = tmp_path / "plain.md"
    assert runner.invoke(app, ["--db", str(demo_db), "report", "--out", str(plain)]).exit_code == 0
    assert team["target"] in plain.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o777 == 0o600
