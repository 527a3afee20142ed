"""CRM import files: the people of an answer (``experts``, ``accounts``, ``asks``) as contacts a CRM
imports without mapping a column, because the headers are those of the CRM's own import template.

Headers, as each tool's public help names them:

- HubSpot — "Set up your import files" (knowledge.hubspot.com, Contacts: "Import files for each
  object type require the following properties: Contacts: First name, Last name, and Email"; the
  column header is matched to the property name) and its default contact properties "Job title" and
  "Company name". HubSpot matches headers to property names case-insensitively.
- Salesforce — "Field Mapping for Other Data Sources and Organization Import" (help.salesforce.com,
  article xcloud.field_mapping_for_other_data_sources_and_organization_import): the labels to give
  the columns of an import file, "First Name", "Last Name", "Title", "Email", "Account Name" (the
  contact's account) and "Contact Description" (Contact: Description).

What graphintro knows beyond those fields (why someone is an expert, who can introduce you) goes in
Salesforce's "Contact Description"; HubSpot's template has no free-text contact column, so its file
holds the contact fields only. Files are UTF-8 without BOM (the first header must be the template's,
byte for byte), every cell through ``output.csv_row`` (no formula), mode 0600.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import TYPE_CHECKING

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
    template = TEMPLATES[crm]
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(template.values()))
        for contact in contacts:
            first, last = split_name(contact.get("name") or "")
            values = {"first_name": first, "last_name": last, **contact}
            writer.writerow(csv_row(values.get(field) or "" for field in template))
    return len(contacts)


def expert_contacts(result: dict, store: Store | None) -> list[dict]:
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


def account_contacts(result: dict, store: Store | None) -> list[dict]:
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


def ask_contacts(result: dict, store: Store) -> list[dict]:
    """The targets of the asks listed by ``asks``, with the ask's introducer and status."""
    from graphintro.people import summarize_people

    targets = [ask["target"]["id"] for ask in result["asks"]]
    people = {
        person["id"]: person for person in summarize_people(store, [store.resolve_id(t) for t in targets])
    }
    found = emails(store, list(people))
    contacts = []
    for ask in result["asks"]:
        target = store.resolve_id(ask["target"]["id"])
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
