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


# The company (HubSpot) and account (Salesforce) import templates (see graphintro/crm.py for the pages).
COMPANIES = {"hubspot": ["Name", "Description"], "salesforce": ["Account Name", "Account Description"]}


@pytest.mark.parametrize("crm", ["hubspot", "salesforce"])
def test_accounts_also_write_the_accounts_as_the_crms_companies(cli, demo_db, tmp_path, crm):
    """``accounts --csv FILE --format CRM``: the introductions as contacts in FILE, the accounts as
    companies in FILE-companies.csv, under exactly the company template's headers."""
    import json

    out = tmp_path / "targets.csv"
    result = cli("accounts", "Aéroline Systèmes", "--csv", out, "--format", crm, db_path=demo_db)
    assert result.exit_code == 0, result.output
    first_line, rows = read(tmp_path / "targets-companies.csv")
    assert first_line == ",".join(COMPANIES[crm])  # byte for byte: no BOM, no extra column
    name, description = COMPANIES[crm]
    assert [row[name] for row in rows] == ["Aéroline Systèmes"]
    account = json.loads(cli("accounts", "Aéroline Systèmes", "--json", db_path=demo_db).stdout)["accounts"][
        0
    ]
    text = rows[0][description]
    assert f"coverage {account['coverage']:.0%}" in text
    assert f"{account['people_known']} people known" in text
    assert account["answers"][0]["ask"] in text  # the best introduction, as accounts gives it
    assert all(owner["name"] in text for owner in account["owners"])
    assert read(out)[0] == ",".join(HUBSPOT if crm == "hubspot" else SALESFORCE)  # the contacts, as before


@pytest.mark.parametrize("crm", ["hubspot", "salesforce"])
def test_hostile_corpus_accounts_and_asks_crm_files_hold_no_formula(cli, hostile_db, tmp_path, crm):  # noqa: F811
    """Every CRM output (accounts' contacts and companies, asks' contacts) of the hostile corpus: no
    cell starts a formula, and the formulas are there as text."""
    import shutil

    import graphintro

    db = tmp_path / "hostile.db"
    shutil.copy(hostile_db, db)  # an ask writes: the module's store stays as it is
    formulas = [c["company"] for c in corpus.CONTACTS if c["company"].startswith(FORMULA_START)]
    out = tmp_path / "accounts.csv"
    result = cli("accounts", "--csv", out, "--format", crm, "--", *formulas, db_path=db)
    assert result.exit_code in (0, 1), result.output
    people = graphintro.frames(db).people
    ids = dict(zip(people["name"], people["id"], strict=True))
    targets = [
        ids[c["name"]] for c in corpus.CONTACTS if c["first"].startswith(FORMULA_START) and c["name"] in ids
    ]
    asked = [  # an ask to a formula-named person someone of the team does not know directly
        cli("ask", member, f"#{target}", db_path=db).exit_code
        for member in (corpus.OWNER, corpus.TEAMMATE)
        for target in targets
    ]
    assert 0 in asked
    asks = tmp_path / "asks.csv"
    assert cli("asks", "--csv", asks, "--format", crm, db_path=db).exit_code == 0
    cells = []
    for path in (out, tmp_path / "accounts-companies.csv", asks):
        with open(path, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) > 1, path
        cells += [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.lstrip(" \u00a0").startswith(FORMULA_START), cell[:60]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)  # a formula company, there as text
