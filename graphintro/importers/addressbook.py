"""Address books as spreadsheets: Viadeo's French CSVs, English ones, and anything with a column mapping.

French headers (``Prénom;Nom;Société;Poste``) in Windows-1252 with ``;`` are the norm from Viadeo
and French Excel; any common delimiter and encoding is accepted, and ``--map`` names the columns of
a file whose headers nobody could guess.
"""

from __future__ import annotations

from pathlib import Path

from graphintro.errors import UsageError
from graphintro.identity import fold, full_name
from graphintro.importers.dates import parse_date
from graphintro.importers.model import ParsedSource, PersonRow, Skipped
from graphintro.importers.tabular import Columns, note_damage, read_table

FIELDS = ("name", "first_name", "last_name", "company", "position", "url", "email", "phone", "connected_on")

CONTACT_COLUMNS: dict[str, set[str]] = {
    "first_name": {"first name", "firstname", "prenom", "given name", "first"},
    "last_name": {"last name", "lastname", "nom", "nom de famille", "surname", "family name", "last"},
    "name": {"name", "full name", "fullname", "nom complet", "display name", "contact"},
    "company": {"company", "companies", "organization", "organisation", "societe", "entreprise", "employer",
                "employeur", "company name", "org"},
    "position": {"position", "title", "job title", "poste", "fonction", "titre", "intitule du poste", "job"},
    "url": {"url", "profile url", "url du profil", "profil", "profile", "linkedin", "linkedin url", "viadeo",
            "lien", "site", "sites", "profiles"},
    "email": {"email", "e mail", "email address", "e mail address", "emails", "courriel", "adresse e mail",
              "mail", "adresse email"},
    "phone": {"phone", "telephone", "tel", "mobile", "portable", "phone number", "phonenumbers"},
    "connected_on": {"connected on", "date", "added", "ajoute le", "date d ajout", "createdat", "connecte le"},
}


# How error messages name each field: the English headers a user would write.
CONTACT_LABELS = {"first_name": "First Name", "last_name": "Last Name", "name": "Name", "company": "Company",
                  "position": "Position", "url": "URL", "email": "Email", "phone": "Phone",
                  "connected_on": "Connected On"}


def parse_mapping(spec: str | None) -> dict[str, str]:
    """``"name=Who,company=Org"`` → ``{"name": "who", "company": "org"}`` (folded header names)."""
    mapping: dict[str, str] = {}
    if not spec:
        return mapping
    for part in spec.split(","):
        if "=" not in part:
            raise UsageError(f"--map: expected FIELD=COLUMN, got {part!r}")
        target, column = (p.strip() for p in part.split("=", 1))
        if target not in FIELDS:
            raise UsageError(f"--map: unknown field {target!r} (fields: {', '.join(FIELDS)})")
        mapping[target] = fold(column)
    return mapping


def parse(path: Path, owner_name: str = "", owner_url: str = "", mapping: dict[str, str] | None = None,
          source: str = "csv") -> ParsedSource:
    """Every row of a contacts spreadsheet as a contact of the owner."""
    columns = Columns()
    columns.update({k: set(v) for k, v in CONTACT_COLUMNS.items()})
    columns.labels = dict(CONTACT_LABELS)
    if mapping:
        for target, header in mapping.items():
            for aliases in columns.values():
                aliases.discard(header)
            columns[target] = {header}
    table = read_table(path.read_bytes(), str(path), columns, min_matches=1 if mapping else 2)
    if not {"name", "first_name", "last_name"} & set(table.columns.values()):
        from graphintro.errors import ImportFormatError

        raise ImportFormatError(str(path), "no name column (use --map name=COLUMN)", table.header_line)
    parsed = ParsedSource(path=str(path), format="csv", source=source, has_connections=True)
    note_damage(table, parsed)
    rows = list(table.rows())
    day_first = table.date_orders(rows, "connected_on")["connected_on"]
    for line, row in rows:
        name = full_name(row.get("first_name"), row.get("last_name"), row.get("name"))
        if not name:
            parsed.skipped.append(Skipped(str(path), line, "no name"))
            continue
        parsed.contacts.append(PersonRow(
            name=name, first_name=row.get("first_name", ""), last_name=row.get("last_name", ""),
            company=row.get("company", ""), position=row.get("position", ""), url=row.get("url", ""),
            email=_first(row.get("email", "")), phone=_first(row.get("phone", "")),
            connected_on=parse_date(row.get("connected_on"), day_first), file=str(path), line=line,
        ))
    parsed.files_read.append(path.name)
    return parsed


def _first(value: str) -> str:
    """Cells listing several emails or phones: keep the first."""
    for separator in (",", ";", " "):
        if separator in value.strip():
            return value.split(separator)[0].strip()
    return value.strip()
