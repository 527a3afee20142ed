"""Redaction that hides: what a report shared beyond the team may say about people outside it.

A redacted output names a non-member by initials plus a generalised role — seniority and function
from the title, e.g. "C-level, finance" (``graphintro.titles``) — and at most a sector, never the
company name, the exact title, a profile URL or an e-mail: "X. Y., VP of Marketing, <a 50-person
company>" names the person as surely as their name does. Team members keep their names.

The report's data is redacted field by field (people entries, job changes, accounts), then every
remaining string (reasons, evidence sentences) is scrubbed of each non-member's name, company and
title, longest first, so a value quoted inside a sentence goes too.
"""

from __future__ import annotations

import re

from graphintro.titles import title_function, title_seniority

# graphintro.titles' seniority levels 0..5, in words.
SENIORITY_WORDS = ("intern", "individual contributor", "senior", "manager", "director", "C-level")
# Keys that hold a person's own identifiers and go entirely.
IDENTIFIER_KEYS = ("url", "email", "emails", "phone", "sources")


def initials(name: str) -> str:
    """ "Zoé Fontaine" → "Z. F.", "Jean-François de La Tour" → "J.-F. d. L. T."."""
    parts = []
    for word in name.split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(p[0] + "." for p in pieces))
    return " ".join(parts) or "?"


def generalised_role(position: str | None) -> str:
    """Seniority and function of a title, never the title: "Directrice financière" → "director, finance"."""
    if not position:
        return ""
    level, function = title_seniority(position), title_function(position)
    words = [SENIORITY_WORDS[level] if level is not None else "", function or ""]
    return ", ".join(w for w in words if w) or "role not shown"


def sector(company: str | None, sectors: dict[str, str]) -> str:
    """The sector of a company when the store knows it, else nothing: never the company's name."""
    return sectors.get(company or "", "") if company else ""


def redact_report(data: dict, sectors: dict[str, str] | None = None) -> dict:
    """``data`` (a report, or any result made of person entries) with non-members hidden.

    A person entry is a dict with an ``id`` and a ``name``; it is a member when its id is one of the
    report's scored members (``data["scores"]["members"]``) or it says ``"member": true``.
    ``sectors`` maps company names to a sector (industry) that may be shown instead.
    """
    sectors = sectors or {}
    members = {m["id"] for m in data.get("scores", {}).get("members", [])}
    member_names = {m["name"] for m in data.get("scores", {}).get("members", [])}
    replacements: dict[str, str] = {}

    def hide(value: str | None, shown: str) -> str:
        if value and value not in member_names:
            replacements.setdefault(value, shown)
        return shown

    def person(entry: dict) -> dict:
        out = {k: v for k, v in entry.items() if k not in IDENTIFIER_KEYS}
        out["name"] = hide(entry["name"], initials(entry["name"]))
        for key, hider in (("company", lambda c: sector(c, sectors)), ("position", generalised_role)):
            value = entry.get(key)
            if isinstance(value, dict):  # a job change: {"old", "new"}
                out[key] = {side: hide(v, hider(v)) if isinstance(v, str) else v for side, v in value.items()}
            elif isinstance(value, str):
                out[key] = hide(value, hider(value))
        return walk(out, inside_person=True)

    def walk(value, inside_person: bool = False):
        if isinstance(value, dict):
            is_person = "id" in value and isinstance(value.get("name"), str) and not inside_person
            if is_person and value["id"] not in members and not value.get("member"):
                return person(value)
            return {k: (v if k.startswith("_") else walk(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    redacted = walk(data)
    for account in redacted.get("contacts", {}).get("key_person_risk", []):  # accounts: companies
        account["company"] = hide(account["company"], sector(account["company"], sectors) or "an account")
    if not replacements:
        return redacted
    pattern = re.compile("|".join(re.escape(v) for v in sorted(replacements, key=len, reverse=True)))

    def scrub(value):
        if isinstance(value, str):
            return pattern.sub(lambda match: replacements[match.group(0)], value)
        if isinstance(value, dict):
            return {k: (v if k.startswith("_") else scrub(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [scrub(v) for v in value]
        return value

    return scrub(redacted)
