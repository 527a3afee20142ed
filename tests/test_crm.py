"""CRM files (issue 23): ``experts``, ``accounts`` and ``asks`` with ``--csv FILE --format hubspot|salesforce``
write exactly the headers of the CRM's contact import template, so a CRM imports them without mapping."""

from __future__ import annotations

import csv

import hostile_corpus as corpus
import pytest
from test_export import hostile_db  # noqa: F401 - the hostile store, built once
from test_hostile import FORMULA_START

# The templates' headers, as the CRMs' public help names them (see graphintro/crm.py for the pages).
HUBSPOT = ["First name", "Last name", "Email", "Job title", "Company name"]
SALESFORCE = ["First Name", "Last Name", "Title", "Email", "Account Name", "Contact Description"]


def read(path) -> tuple[str, list[dict]]:
    raw = path.read_bytes()
    with open(path, encoding="utf-8", newline="") as handle:
        return raw.split(b"\r\n", 1)[0].decode("utf-8"), list(csv.DictReader(handle))


@pytest.mark.parametrize("crm, headers", [("hubspot", HUBSPOT), ("salesforce", SALESFORCE)])
def test_experts_as_crm_contacts_have_exactly_the_templates_headers(cli, demo_db, tmp_path, crm, headers):
    out = tmp_path / f"experts-{crm}.csv"
    result = cli("experts", "cybersécurité", "--csv", out, "--format", crm, db_path=demo_db)
    assert result.exit_code == 0, result.output
    first_line, rows = read(out)
    assert first_line == ",".join(headers)  # byte for byte: no BOM, no extra column
    assert len(rows) >= 5
    best = rows[0]
    assert (best[headers[0]], best[headers[1]]) == ("Inès", "Moreau")
    assert best["Email"] == "ines.moreau@thalesgroup.com"  # what a CRM de-duplicates contacts by
    assert best[headers[-2] if crm == "salesforce" else "Company name"] == "Thales"
    if crm == "salesforce":
        assert "ask David Nguyen to introduce you" in best["Contact Description"]


def test_accounts_and_asks_as_crm_contacts(cli, demo_db, tmp_path, team):
    out = tmp_path / "accounts.csv"
    result = cli("accounts", "Aéroline Systèmes", "--csv", out, "--format", "salesforce", db_path=demo_db)
    assert result.exit_code == 0, result.output
    first_line, rows = read(out)
    assert first_line == ",".join(SALESFORCE)
    assert {row["Account Name"] for row in rows} == {"Aéroline Systèmes"} and len(rows) == 3
    first, last = team["target"].split(" ", 1)
    assert any(
        r["First Name"] == first and r["Last Name"] == last and "introduce you" in r["Contact Description"]
        for r in rows
    )
    assert cli("ask", team["user"], team["target"], db_path=demo_db).exit_code == 0
    out = tmp_path / "asks.csv"
    result = cli("asks", "--csv", out, "--format", "hubspot", db_path=demo_db)
    assert result.exit_code == 0, result.output
    first_line, rows = read(out)
    assert first_line == ",".join(HUBSPOT) and [(r["First name"], r["Last name"]) for r in rows] == [
        (first, last)
    ]


def test_crm_format_needs_a_csv_and_a_known_crm(cli, demo_db, tmp_path):
    result = cli("experts", "cybersécurité", "--format", "hubspot", db_path=demo_db)
    assert result.exit_code == 2 and "add --csv FILE" in result.output
    result = cli(
        "experts", "cybersécurité", "--csv", tmp_path / "x.csv", "--format", "pipedrive", db_path=demo_db
    )
    assert result.exit_code == 2 and "hubspot or salesforce" in result.output
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("crm", ["hubspot", "salesforce"])
def test_hostile_corpus_crm_files_hold_no_formula(runner, hostile_db, tmp_path, crm):  # noqa: F811
    from graphintro.cli import app

    out = tmp_path / "experts.csv"
    result = runner.invoke(
        app,
        ["--db", str(hostile_db), "experts", corpus.TOPIC, "-n", "50", "--csv", str(out), "--format", crm],
    )
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) > 10
    for row in rows:
        for cell in row:
            assert not cell.lstrip(" \u00a0").startswith(FORMULA_START), cell[:60]
    assert any(cell.startswith(("'=", "'+", "'@")) for row in rows for cell in row)
