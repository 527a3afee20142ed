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
    "company": {
        "company",
        "companies",
        "organization",
        "organisation",
        "societe",
        "entreprise",
        "employer",
        "employeur",
        "company name",
        "org",
        "organization 1 name",
        "organization name",
    },
    "position": {
        "position",
        "job title",
        "poste",
        "fonction",
        "titre",
        "intitule du poste",
        "job",
        "organization 1 title",
        "organization title",
    },
    "middle_name": {"middle name", "additional name"},  # Outlook and Google
    # "Title" is the position in most files, but the honorific (Mr., Ms.) in Outlook's, next to "Job Title".
    "title": {"title"},
    "url": {
        "url",
        "profile url",
        "url du profil",
        "profil",
        "profile",
        "linkedin",
        "linkedin url",
        "viadeo",
        "lien",
        "site",
        "sites",
        "profiles",
        "website 1 value",
        "web page",
    },
    "email": {
        "email",
        "e mail",
        "email address",
        "e mail address",
        "emails",
        "courriel",
        "adresse e mail",
        "mail",
        "adresse email",
        "e mail 1 value",
    },
    "email_2": {"e mail 2 value", "e mail 2 address"},
    "email_3": {"e mail 3 value", "e mail 3 address"},
    # Phones in order of preference: a mobile reaches the person, a switchboard may not.
    "phone": {"phone", "telephone", "tel", "phone number", "phonenumbers", "phone 1 value", "mobile phone"},
    "phone_2": {"mobile", "portable", "telephone portable", "phone 2 value", "business phone"},
    "phone_3": {"primary phone", "phone 3 value", "home phone", "company main phone", "business phone 2"},
    "connected_on": {
        "connected on",
        "date",
        "added",
        "ajoute le",
        "date d ajout",
        "createdat",
        "connecte le",
        "date de mise en relation",
        "mis en relation le",
    },
}
HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "m",
        "mme",
        "mlle",
        "me",
        "sir",
        "dame",
        "herr",
        "frau",
        "monsieur",
        "madame",
        "mademoiselle",
    }
)


# How error messages name each field: the English headers a user would write.
CONTACT_LABELS = {
    "first_name": "First Name",
    "last_name": "Last Name",
    "name": "Name",
    "company": "Company",
    "position": "Position",
    "url": "URL",
    "email": "Email",
    "phone": "Phone",
    "connected_on": "Connected On",
    "middle_name": "Middle Name",
    "title": "Title",
    "email_2": "E-mail 2 Address",
    "email_3": "E-mail 3 Address",
    "phone_2": "Mobile",
    "phone_3": "Primary Phone",
}


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


def parse(
    path: Path,
    owner_name: str = "",
    owner_url: str = "",
    mapping: dict[str, str] | None = None,
    source: str = "csv",
) -> ParsedSource:
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
    rows = list(table.rows(blank_rows=True))
    day_first = table.date_orders(rows, "connected_on")["connected_on"]
    title_is_position = "position" not in table.columns.values()
    for line, row in rows:
        name = _name(row)
        if not name:
            parsed.skipped.append(Skipped(str(path), line, "no name"))
            continue
        title = row.get("title", "")
        if not title_is_position or fold(title) in HONORIFICS:
            title = ""
        parsed.contacts.append(
            PersonRow(
                name=name,
                first_name=row.get("first_name", ""),
                last_name=row.get("last_name", ""),
                company=row.get("company", ""),
                position=row.get("position", "") or title,
                url=row.get("url", ""),
                email=_first(_first_filled(row, "email", "email_2", "email_3"), _EMAIL_SEPARATORS),
                phone=_first(_first_filled(row, "phone", "phone_2", "phone_3"), _PHONE_SEPARATORS),
                connected_on=parse_date(row.get("connected_on"), day_first),
                file=str(path),
                line=line,
            )
        )
    parsed.files_read.append(path.name)
    return parsed


_EMAIL_SEPARATORS = (":::", ",", ";", " ")
_PHONE_SEPARATORS = (":::", ",", ";", "/")  # never a space: "+33 6 12 34 56 78" is one number


def _name(row: dict[str, str]) -> str:
    """First, middle and last names when the file splits them (Google's "Name" carries "Dr." too), else the full one."""
    if row.get("first_name") or row.get("last_name"):
        return full_name(
            " ".join(filter(None, (row.get("first_name"), row.get("middle_name")))), row.get("last_name")
        )
    return full_name(None, None, row.get("name"))


def _first_filled(row: dict[str, str], *columns: str) -> str:
    """The first of several columns of one kind (E-mail 1, E-mail 2...) that holds something."""
    return next((row[column] for column in columns if row.get(column)), "")


def _first(value: str, separators: tuple[str, ...] = _EMAIL_SEPARATORS) -> str:
    """Cells listing several emails or phones (Google joins them with " ::: "): keep the first."""
    for separator in separators:
        if separator in value.strip():
            return value.split(separator)[0].strip()
    return value.strip()
