"""Group memberships the team knows of: who belongs to which group, with which role and activity.

Professional networks export no group lists; teams keep them in a spreadsheet with the columns
``group, name (or first_name/last_name), url, email, role, posts, joined, description`` — French
headers (``groupe, prénom, nom, rôle, publications, adhésion``) accepted too.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphintro.identity import fold, full_name
from graphintro.importers.dates import parse_date
from graphintro.importers.model import MembershipRow, ParsedSource, PersonRow, Skipped
from graphintro.importers.tabular import note_damage, read_table

GROUP_COLUMNS: dict[str, set[str]] = {
    "group": {"group", "groupe", "group name", "nom du groupe"},
    "name": {"name", "full name", "nom complet", "membre", "member"},
    "first_name": {"first name", "first_name", "firstname", "prenom"},
    "last_name": {"last name", "last_name", "lastname", "nom"},
    "company": {"company", "societe", "entreprise"},
    "position": {"position", "title", "poste", "fonction"},
    "url": {"url", "profile url", "url du profil", "profil"},
    "email": {"email", "e mail", "courriel"},
    "role": {"role"},
    "posts": {"posts", "publications", "messages", "contributions"},
    "joined": {"joined", "adhesion", "date d adhesion", "inscription", "membre depuis", "since"},
    "description": {"description", "group description", "description du groupe"},
}
GROUP_COLUMNS = {k: {fold(a) for a in v} for k, v in GROUP_COLUMNS.items()}

ROLE_WORDS = {
    "owner": {
        "owner",
        "proprietaire",
        "createur",
        "creator",
        "fondateur",
        "founder",
        "admin",
        "administrateur",
    },
    "manager": {"manager", "gestionnaire", "moderateur", "moderator", "animateur", "co admin"},
}


def normalize_role(value: str) -> str:
    """``propriétaire`` → ``owner``, ``gestionnaire`` → ``manager``, anything else → ``member``."""
    folded = fold(value)
    for role, words in ROLE_WORDS.items():
        if folded in words:
            return role
    return "member"


def parse(path: Path, owner_name: str = "", owner_url: str = "") -> ParsedSource:
    """Every row of a group memberships file; rows without a group or a person are skipped."""
    table = read_table(path.read_bytes(), str(path), GROUP_COLUMNS, required={"group"}, min_matches=2)
    parsed = ParsedSource(path=str(path), format="groups", source="groups")
    note_damage(table, parsed)
    rows = list(table.rows(blank_rows=True))
    day_first = table.date_orders(rows, "joined")["joined"]
    for line, row in rows:
        name = full_name(row.get("first_name"), row.get("last_name"), row.get("name"))
        if not row.get("group") or not name:
            parsed.skipped.append(Skipped(str(path), line, "no group" if not row.get("group") else "no name"))
            continue
        person = PersonRow(
            name=name,
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            company=row.get("company", ""),
            position=row.get("position", ""),
            url=row.get("url", ""),
            email=row.get("email", ""),
            file=str(path),
            line=line,
        )
        parsed.memberships.append(
            MembershipRow(
                group=row["group"],
                person=person,
                role=normalize_role(row.get("role", "")),
                posts=_int(row.get("posts")),
                joined=parse_date(row.get("joined"), day_first),
                description=row.get("description", ""),
            )
        )
    parsed.files_read.append(path.name)
    return parsed


# A count as a spreadsheet shows it: "1 234" (French: a no-break space, or the narrow one), "1,234"
# (English), "1.234" (German). A count of posts has no decimals, so three digits after a separator
# are thousands; "3,0" is an Excel decimal.
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+$")


def _int(value: str | None) -> int:
    text = (value or "0").strip()
    if _THOUSANDS.match(text):
        text = re.sub(r"\D", "", text)
    try:
        return max(0, int(float(text.replace(",", "."))))
    except ValueError:
        return 0
