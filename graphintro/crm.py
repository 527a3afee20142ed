"""CRM import files: the people of an answer (``experts``, ``accounts``, ``asks``) as contacts a CRM
imports without mapping a column, because the headers are those of the CRM's own import template;
and for ``accounts``, the accounts themselves as companies (HubSpot) or accounts (Salesforce).

Headers, as each tool's public help names them (the pages were read for this; a label quoted below
is the text seen there):

- HubSpot, "Set up your import files" (knowledge.hubspot.com/crm-setup/set-up-your-import-file):
  "Import files for each object require the following properties: Contacts: First name, or Last
  name, or Email. Companies: Name or Company Domain Name." and "HubSpot will match the column header
  to the property name" (case-insensitively). Contacts: "First name", "Last name", "Email", and the
  default contact properties "Job title" and "Company name". Companies: "Name", and the default
  company property ``description`` (developers.hubspot.com, Companies API: ``{"name": "description",
  "value": "A company description"}``) as "Description". graphintro knows no company's web domain,
  so "Company Domain Name" is left out: HubSpot then matches companies by name.
- Salesforce, "Field Mapping for Other Data Sources and Organization Import" (help.salesforce.com,
  xcloud.field_mapping_for_other_data_sources_and_organization_import): "Contact Full Name or First
  Name & Last Name" → "First Name", "Last Name"; "Contact Description" (Contact: Description).
  "Email": the Import File Label of "Field Mapping for Importing Leads" (help.salesforce.com,
  xcloud.field_mapping_for_importing_leads), the same Data Import Wizard. "Title": the field label
  of the Title field in Salesforce's Field Reference (developer.salesforce.com, DatacloudContact;
  the stored excerpt of the Contact page stops before Title). Accounts: "Account Name" and "Account
  Description", the Account field labels in Salesforce Help's account mappings
  (ind.auto_data_streamsautomotive_cloud_mappings_for_account); a contact's "Account Name" is how the
  wizard files the contact under its account.

What graphintro knows beyond those fields (why someone is an expert, who can introduce you, how well
the team covers an account) goes in the description column of Salesforce contacts and of both
tools' companies; HubSpot's contact template has no free-text column, so its contact file holds the
contact fields only. Files are UTF-8 without BOM (the first header must be the template's, byte for
byte), every cell through ``output.csv_row`` (no formula), mode 0600.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphintro.errors import UsageError
from graphintro.output import csv_row

if TYPE_CHECKING:
    from graphintro.store import Store

# The contact import template of each CRM: graphintro's field → the template's column header.
TEMPLATES: dict[str, dict[str, str]] = {
    "hubspot": {
        "first_name": "First name",
        "last_name": "Last name",
        "email": "Email",
        "position": "Job title",
        "company": "Company name",
    },
    "salesforce": {
        "first_name": "First Name",
        "last_name": "Last Name",
        "position": "Title",
        "email": "Email",
        "company": "Account Name",
        "description": "Contact Description",
    },
}
CRMS = tuple(TEMPLATES)

# The company (HubSpot) or account (Salesforce) import template: graphintro's field → column header.
COMPANY_TEMPLATES: dict[str, dict[str, str]] = {
    "hubspot": {"company": "Name", "description": "Description"},
    "salesforce": {"company": "Account Name", "description": "Account Description"},
}


def check_crm(name: str | None) -> str | None:
    """``--format`` of a CSV: None (graphintro's own sheet), ``hubspot`` or ``salesforce``."""
    if name is None:
        return None
    if name.lower() not in TEMPLATES:
        raise UsageError(
            f"--format {name}: expected {' or '.join(CRMS)} (or no --format for graphintro's own sheet)"
        )
    return name.lower()


def split_name(name: str) -> tuple[str, str]:
    """First and last name for a CRM: "Zoé Fontaine" → ("Zoé", "Fontaine"); "Jean-François de La
    Tour" → ("Jean-François", "de La Tour"); a single word is the last name (both CRMs require one)."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[0], " ".join(words[1:])


def emails(store: Store | None, ids: list[int]) -> dict[int, str]:
    """Each person's first known e-mail (the address a CRM de-duplicates contacts by), when the
    embedded store has one."""
    found: dict[int, str] = {}
    if store is None or not ids:
        return found
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for person, email in store.conn.execute(
            f"SELECT person_id, email FROM records WHERE person_id IN ({','.join('?' * len(chunk))})"
            " AND email != '' ORDER BY id",
            chunk,
        ):
            found.setdefault(person, email)
    return found


def write_contacts(contacts: list[dict], path: str | Path, crm: str) -> int:
    """Write ``contacts`` (dicts with ``name``, ``position``, ``company``, ``email``, ``description``)
    as ``crm``'s contact import file; returns how many rows."""
    rows = []
    for contact in contacts:
        first, last = split_name(contact.get("name") or "")
        rows.append({"first_name": first, "last_name": last, **contact})
    return _write(rows, TEMPLATES[crm], path)


def write_companies(companies: list[dict], path: str | Path, crm: str) -> int:
    """Write ``companies`` (dicts with ``company`` and ``description``) as ``crm``'s company (HubSpot)
    or account (Salesforce) import file; returns how many rows."""
    return _write(companies, COMPANY_TEMPLATES[crm], path)


def companies_path(path: str | Path) -> Path:
    """Where ``accounts --csv FILE --format CRM`` writes the accounts as companies: beside FILE, named
    after it (``targets.csv`` → ``targets-companies.csv``): a CRM imports each object from its own file."""
    path = Path(path)
    return path.with_name(f"{path.stem}-companies{path.suffix or '.csv'}")


def _write(rows: list[dict], template: dict[str, str], path: str | Path) -> int:
    """``rows`` under the ``template``'s headers, every cell through ``csv_row``; mode 0600."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(template.values()))
        for row in rows:
            writer.writerow(csv_row(row.get(field) or "" for field in template))
    return len(rows)


def account_companies(result: Mapping[str, Any]) -> list[dict]:
    """``accounts``' companies, best covered first, with what the team knows of each in the description:
    coverage, people and decision makers known, who owns the relationships, the best introduction."""
    companies = []
    for account in result["accounts"]:
        owners = ", ".join(owner["name"] for owner in account["owners"]) or "none"
        best = account["answers"][0] if account["answers"] else None
        how = (
            f"; best introduction: {best['ask']} (probability {best['probability']:.0%})"
            if best
            else "; no introduction found"
        )
        single = " (single-threaded)" if account["single_threaded"] else ""
        companies.append(
            {
                "company": account["company"],
                "description": f"graphintro: coverage {account['coverage']:.0%};"
                f" {account['people_known']} people known, {account['decision_makers']} decision makers;"
                f" relationship owners: {owners}{single}{how}",
            }
        )
    return companies


def expert_contacts(result: Mapping[str, Any], store: Store | None) -> list[dict]:
    """``experts``' outside experts (teammates need no CRM entry), best first, with why and how."""
    found = emails(store, [expert["id"] for expert in result["experts"]])
    contacts = []
    for rank, expert in enumerate(result["experts"], start=1):
        path = expert.get("path")
        how = f"; how: {path['ask']} (probability {path['probability']:.0%})" if path else ""
        contacts.append(
            {
                **_person(expert),
                "email": found.get(expert["id"], ""),
                "description": f"graphintro: expert #{rank} on '{result['topic']}' (score {expert['score']:.2f});"
                f" why: {'; '.join(expert['evidence'][:3])}{how}",
            }
        )
    return contacts


def account_contacts(result: Mapping[str, Any], store: Store | None) -> list[dict]:
    """The people ``accounts`` found the best introductions to, account by account, with the
    introduction in the description."""
    rows = [(account, answer) for account in result["accounts"] for answer in account["answers"]]
    found = emails(store, [answer["people"][-1]["id"] for _, answer in rows])
    contacts = []
    for account, answer in rows:
        person = answer["people"][-1]
        contacts.append(
            {
                **_person(person),
                "email": found.get(person["id"], ""),
                "description": f"graphintro: account {account['company']} (coverage {account['coverage']:.0%});"
                f" {answer['ask']} (probability {answer['probability']:.0%})",
            }
        )
    return contacts


def ask_contacts(result: Mapping[str, Any], store: Store | None) -> list[dict]:
    """The targets of the asks listed by ``asks``, with the ask's introducer and status (their
    positions, companies and e-mails from ``store``; without one, the names the asks hold)."""
    from graphintro.people import summarize_people

    targets = [ask["target"]["id"] for ask in result["asks"]]
    people = (
        {person["id"]: person for person in summarize_people(store, [store.resolve_id(t) for t in targets])}
        if store is not None
        else {}
    )
    found = emails(store, list(people))
    contacts = []
    for ask in result["asks"]:
        target = store.resolve_id(ask["target"]["id"]) if store is not None else ask["target"]["id"]
        person = people.get(target, {"name": ask["target"]["name"], "position": "", "company": ""})
        state = ask["outcome"] or ask["status"]
        contacts.append(
            {
                **_person(person),
                "email": found.get(target, ""),
                "description": f"graphintro: ask #{ask['id']} of {ask['created'][:10]} to"
                f" {ask['introducer']['name']} for {ask['requester']['name']}: {state}",
            }
        )
    return contacts


def _person(entry: dict) -> dict:
    return {
        "name": entry.get("name") or "",
        "position": entry.get("position") or "",
        "company": entry.get("company") or "",
    }
