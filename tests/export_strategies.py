"""Hypothesis strategies for exports that look real, then get damaged: what the importers meet in practice.

Each example is a file of one kind (``connections``, ``messages``, ``invitations``, ``endorsements``,
``viadeo_csv``, ``contacts_csv``, ``groups``, ``vcard``, ``zip``) written with the real headers of one
generation (``docs/formats.md``: LinkedIn 2018 to 2026, Excel re-saves, UTF-16LE tab files,
Viadeo's French spreadsheets, vCard 2.1/3.0/4.0), plausible French and English rows, and then, half of
the time, damaged: cut short, bytes dropped or inserted, a quote left open, a line repeated, cells
turned hostile (formulas, markup, terminal escapes), a different encoding. What a correct import
of the intact file gives is known (``rows``, ``messages``), so the properties can be exact.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from hypothesis import strategies as st

PREAMBLE_NOTE = (
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will'
    " only see email addresses for connections who have allowed their connections to see or download their email"
    " address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here"
    ' https://www.linkedin.com/help/linkedin/answer/261"'
)
CONNECTIONS_HEADERS = {
    "2018": "First Name,Last Name,Email Address,Company,Position,Connected On",
    "2021": "First Name,Last Name,Email Address,Company,Position,Connected On",
    "2022": "First Name,Last Name,Email Address,Company,Position,Connected On",
    "2023": "First Name,Last Name,URL,Email Address,Company,Position,Connected On",
}
MESSAGES_HEADERS = {
    "2018": "From,To,Date,Subject,Content,Direction,Folder",
    "2020": "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER",
    "2021": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER",
    "2023": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER",
    "2024": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT",
    "2026": "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,"
    "CONTENT,FOLDER,ATTACHMENTS",
}
INVITATIONS_HEADERS = {
    "2018": "From,To,Sent At,Message,Direction",
    "2023": "From,To,Sent At,Message,Direction,inviterProfileUrn,inviteeProfileUrn",
    "2024": "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
}
ENDORSEMENTS_HEADERS = {
    "2022": "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorsement Status",
    "2023": "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,"
    "Endorsement Status",
}
VIADEO_HEADER = "Prénom;Nom;Société;Poste;E-mail;URL du profil"
CONTACTS_HEADER = "First Name,Last Name,Company,Job Title,E-mail Address,Profile URL"
GROUPS_HEADER = "group,name,url,email,role,posts,joined,description"

FIRST = [
    "Camille",
    "Hélène",
    "Jérôme",
    "Zoé",
    "Noël",
    "Loïc",
    "Gaëlle",
    "François",
    "Inès",
    "Thomas",
    "Léa",
    "Agnès",
    "Maëlle",
    "Karim",
    "Sophie",
    "Benoît",
    "Chloé",
    "Yann",
    "Aurélie",
    "Julien",
    "Nadia",
    "Raphaël",
]
LAST = [
    "Rousseau",
    "Le Gall",
    "Lefèvre",
    "Fontaine",
    "Nguyen",
    "Benali",
    "Guéguen",
    "Martin",
    "Dubois",
    "Moreau",
    "Le Cœur",
    "Bérard",
    "Çelik",
    "Kerjean",
    "Roux",
    "Petit",
    "Garnier",
    "de La Tour",
    "Faure",
    "Haddad",
]
COMPANIES = [
    "Thales",
    "Airbus",
    "Société Générale",
    "Capgemini",
    "Orange",
    "Dupont, Durand & Associés",
    "L’Oréal",
    "Sopra Steria",
    "Crédit Agricole",
    "Aéroline Systèmes",
    "ŒNOLOGIE & TERROIRS",
    "",
]
TITLES = [
    "Directrice des achats",
    "Responsable d’agence",
    "Ingénieur cybersécurité",
    "VP Sales",
    "Analyste crédit, PME",
    "Head of Data",
    "Chef de projet",
    "CEO & Co-founder 🚀",
    "RSSI",
    "",
]
SKILLS = ["Négociation", "Achats", "Cybersécurité", "Python", "Gestion de projet"]
HOSTILE = [
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "\x1b[31mred\x1b[0m",
    "'; DROP TABLE people; --",
    "{{ 7*7 }}",
    "\u202eevil",
    "NA",
    "#N/A",
    "  spaced  ",
    "a\u200db",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
OWNER = "Margaux Vidal"  # no generated peer has this name
OWNER_URL = "https://www.linkedin.com/in/margaux-vidal-1a2b"
CSV_KINDS = ("connections", "viadeo_csv", "contacts_csv")  # files whose rows are contacts
DELIMITER_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t"}


@dataclass
class Person:
    first: str
    last: str
    company: str
    title: str
    slug: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def url(self) -> str:
        return f"https://www.linkedin.com/in/{self.slug}"


@dataclass
class Example:
    """A generated file, with what a correct import of it gives when it was left intact."""

    kind: str
    generation: str
    filename: str
    data: bytes
    owner: str = OWNER
    owner_url: str = OWNER_URL
    rows: int = 0  # records a person could come from: contacts + skipped
    messages: int = 0  # messages that are exchanges (not drafts, sponsored mail or spam)
    damage: list[str] = field(default_factory=list)
    structure_kept: bool = True  # the damage (if any) changed cell contents only, not the rows

    @property
    def intact(self) -> bool:
        return not self.damage


@st.composite
def people(draw, min_size: int = 1, max_size: int = 8) -> list[Person]:
    """Distinct people (distinct slugs); namesakes at different companies happen, as in real exports."""
    count = draw(st.integers(min_size, max_size))
    found = []
    for number in range(count):
        first, last = draw(st.sampled_from(FIRST)), draw(st.sampled_from(LAST))
        slug = f"{first}-{last}-{number}".lower().replace(" ", "-")
        found.append(
            Person(first, last, draw(st.sampled_from(COMPANIES)), draw(st.sampled_from(TITLES)), slug)
        )
    return found


def dates(draw, generation: str) -> str:
    year, month, day = draw(st.integers(2012, 2026)), draw(st.integers(1, 12)), draw(st.integers(1, 28))
    if generation == "2018":
        return f"{month}/{day}/{year % 100:02d}, {draw(st.integers(1, 12))}:{draw(st.integers(0, 59)):02d} PM"
    if generation == "excel":
        return f"{day}-{MONTHS[month - 1]}-{year % 100:02d}"
    return f"{day:02d} {MONTHS[month - 1]} {year}"


def write_rows(
    header: list[str], rows: list[list[str]], delimiter: str = ",", eol: str = "\n", quote_all: bool = False
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=eol,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@st.composite
def connections(draw) -> Example:
    generation = draw(st.sampled_from(sorted(CONNECTIONS_HEADERS)))
    variant = draw(st.sampled_from(["plain", "plain", "excel", "utf16"]))
    header = CONNECTIONS_HEADERS[generation].split(",")
    rows = []
    for person in draw(people()):
        values = {
            "First Name": person.first,
            "Last Name": person.last,
            "URL": person.url,
            "Email Address": "",
            "Company": person.company,
            "Position": person.title,
            "Connected On": dates(draw, "excel" if variant == "excel" else generation),
        }
        if draw(st.integers(0, 9)) == 0:
            values["Email Address"] = f"{person.slug}@example.fr"
        rows.append([values[h] for h in header])
    for _ in range(draw(st.integers(0, 2))):  # rows empty except Connected On (1-2 % of real rows)
        rows.insert(
            draw(st.integers(0, len(rows))),
            [dates(draw, generation) if h == "Connected On" else "" for h in header],
        )
    preamble = generation != "2018" and generation != "2021"
    if variant == "excel":
        rows = [[cell or "NA" for cell in row] for row in rows]
        text = write_rows(header, rows, ";", "\r\n")
        if preamble:
            pad = ";" * (len(header) - 1)
            text = "\r\n".join(["Notes:" + pad, PREAMBLE_NOTE.strip('"') + pad, pad]) + "\r\n" + text
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    elif variant == "utf16":
        text = write_rows(header, rows, "\t", "\r\n")
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        text = write_rows(header, rows).rstrip("\n")  # LinkedIn writes no newline after the last row
        if preamble:
            text = "Notes:\n" + PREAMBLE_NOTE + "\n\n" + text
        data = text.encode("utf-8")
    return Example("connections", f"{generation}/{variant}", "Connections.csv", data, rows=len(rows))


@st.composite
def messages(draw) -> Example:
    generation = draw(st.sampled_from(sorted(MESSAGES_HEADERS)))
    header = MESSAGES_HEADERS[generation].split(",")
    peers = draw(people(1, 5))
    rows, exchanges = [], 0
    for number in range(draw(st.integers(1, 10))):
        peer = draw(st.sampled_from(peers))
        outgoing = draw(st.booleans())
        kind = draw(st.sampled_from(["mail"] * 6 + ["sponsored", "spam", "draft"]))
        if kind == "draft" and generation != "2024":
            kind = "mail"
        sender, sender_url = (OWNER, OWNER_URL) if outgoing else (peer.name, peer.url)
        receiver, receiver_url = (peer.name, peer.url) if outgoing else (OWNER, OWNER_URL)
        if kind == "sponsored":
            sender, sender_url, receiver, receiver_url = "LinkedIn Member", "", OWNER, OWNER_URL
            outgoing = False
        content = draw(
            st.sampled_from(
                [
                    "Bonjour, un café jeudi ?",
                    "Merci pour l'intro !",
                    "Ligne 1\nligne 2, avec une virgule",
                    'Re: devis "urgent"',
                ]
            )
        )
        values = {
            "CONVERSATION ID": f"2-conv{number % 4}",
            "CONVERSATION TITLE": "",
            "FROM": sender,
            "SENDER PROFILE URL": sender_url,
            "TO": receiver,
            "RECIPIENT PROFILE URLS": receiver_url,
            "DATE": f"2024-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d} 10:{number:02d}:00 UTC",
            "SUBJECT": "",
            "CONTENT": content,
            "DIRECTION": "OUTGOING" if outgoing else "INCOMING",
            "FOLDER": "SPAM" if kind == "spam" else draw(st.sampled_from(["INBOX", "ARCHIVE"])),
            "IS MESSAGE DRAFT": "Yes" if kind == "draft" else "No",
            "IS CONVERSATION DRAFT": "No",
            "ATTACHMENTS": "",
        }
        rows.append([values[h.upper()] for h in header])
        exchanges += kind == "mail"
    text = write_rows(header, rows, quote_all=generation == "2026")
    name = "Messages.csv" if generation == "2018" else "messages.csv"
    return Example("messages", generation, name, text.encode("utf-8"), messages=exchanges)


@st.composite
def invitations(draw) -> Example:
    generation = draw(st.sampled_from(sorted(INVITATIONS_HEADERS)))
    header = INVITATIONS_HEADERS[generation].split(",")
    rows = []
    for number, peer in enumerate(draw(people(1, 6))):
        outgoing = draw(st.booleans())
        values = {
            "From": OWNER if outgoing else peer.name,
            "To": peer.name if outgoing else OWNER,
            "Sent At": f"{draw(st.integers(1, 12))}/{draw(st.integers(1, 28))}/23, 6:{number:02d} AM",
            "Message": draw(st.sampled_from(["", "Bonjour, restons en contact."])),
            "Direction": "OUTGOING" if outgoing else "INCOMING",
            "inviterProfileUrn": "urn:li:member:1",
            "inviteeProfileUrn": "urn:li:member:2",
            "inviterProfileUrl": OWNER_URL if outgoing else peer.url,
            "inviteeProfileUrl": peer.url if outgoing else OWNER_URL,
        }
        rows.append([values[h] for h in header])
    return Example(
        "invitations",
        generation,
        "Invitations.csv",
        write_rows(header, rows).rstrip("\n").encode("utf-8"),
        rows=len(rows),
    )


@st.composite
def endorsements(draw) -> Example:
    generation = draw(st.sampled_from(sorted(ENDORSEMENTS_HEADERS)))
    header = ENDORSEMENTS_HEADERS[generation].split(",")
    rows = [
        [
            {
                "Endorsement Date": f"2021/08/{draw(st.integers(10, 28))} 11:00:31 UTC",
                "Skill Name": draw(st.sampled_from(SKILLS)),
                "Endorser First Name": p.first,
                "Endorser Last Name": p.last,
                "Endorser Public Url": p.url.removeprefix("https://"),
                "Endorsement Status": "ACCEPTED",
            }[h]
            for h in header
        ]
        for p in draw(people(1, 6))
    ]
    return Example(
        "endorsements",
        generation,
        "Endorsement_Received_Info.csv",
        write_rows(header, rows).rstrip("\n").encode("utf-8"),
        rows=len(rows),
    )


@st.composite
def viadeo_csv(draw) -> Example:
    header = VIADEO_HEADER.split(";")
    rows = [
        [
            p.first,
            p.last,
            p.company,
            p.title,
            draw(st.sampled_from(["", f"{p.slug}@example.fr"])),
            draw(
                st.sampled_from(
                    [
                        "",
                        f"http://www.viadeo.com/p/0021{p.slug[:8]}",
                        "http://fr.linkedin.com/in/" + p.slug + "/?trk=x",
                    ]
                )
            ),
        ]
        for p in draw(people())
    ]
    for _ in range(draw(st.integers(0, 1))):  # a spreadsheet's blank row
        rows.insert(draw(st.integers(0, len(rows))), [""] * len(header))
    text = write_rows(header, rows, ";", "\r\n")
    # Windows-1252 cannot hold emoji: a French spreadsheet never has them.
    data = text.encode("cp1252", errors="replace")
    return Example("viadeo_csv", "cp1252", "viadeo.csv", data, rows=len(rows))


@st.composite
def contacts_csv(draw) -> Example:
    header = CONTACTS_HEADER.split(",")
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    rows = [[p.first, p.last, p.company, p.title, f"{p.slug}@example.com", p.url] for p in draw(people())]
    return Example(
        "contacts_csv",
        {v: k for k, v in DELIMITER_NAMES.items()}[delimiter],
        "contacts.csv",
        write_rows(header, rows, delimiter).encode("utf-8"),
        rows=len(rows),
    )


@st.composite
def groups(draw) -> Example:
    rows = [
        [
            draw(st.sampled_from(["Cybersécurité France", "Data & IA Paris", "Achats; Supply Chain"])),
            p.name,
            p.url,
            "",
            draw(st.sampled_from(["owner", "manager", "member", "membre"])),
            str(draw(st.integers(0, 300))),
            "2019-03-01",
            'Les professionnels, "engagés"',
        ]
        for p in draw(people())
    ]
    return Example(
        "groups",
        "en",
        "groups.csv",
        write_rows(GROUPS_HEADER.split(","), rows).encode("utf-8"),
        rows=len(rows),
    )


def quoted_printable(text: str) -> str:
    return "".join(
        c if c.isascii() and c not in "=;:" else "".join(f"={b:02X}" for b in c.encode("latin-1", "replace"))
        for c in text
    )


@st.composite
def vcard(draw) -> Example:
    version = draw(st.sampled_from(["2.1", "3.0", "4.0"]))
    cards = []
    for p in draw(people()):
        if version == "2.1":
            qp = "CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE"
            lines = [
                f"N;{qp}:{quoted_printable(p.last)};{quoted_printable(p.first)}",
                f"FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:{quoted_printable(p.name)}",
                f"ORG;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:{quoted_printable(p.company)}",
            ]
        else:
            escape = lambda v: v.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            lines = [
                f"N:{escape(p.last)};{escape(p.first)};;;",
                f"FN:{escape(p.name)}",
                f"ORG:{escape(p.company)}",
                f"TITLE:{escape(p.title)}",
                f"URL:{p.url}",
            ]
        cards.append(
            "\r\n".join(
                [
                    "BEGIN:VCARD",
                    f"VERSION:{version}",
                    *lines,
                    f"EMAIL;TYPE=INTERNET:{p.slug}@ex.fr",
                    "END:VCARD",
                ]
            )
        )
    text = "\r\n".join(cards) + "\r\n"
    data = text.encode("ascii", "replace") if version == "2.1" else text.encode("utf-8")
    return Example("vcard", version, "contacts.vcf", data, rows=len(cards))


@st.composite
def linkedin_zip(draw) -> Example:
    """A Complete export: Connections.csv (intact or damaged inside an intact archive) and messages.csv
    of one generation, other files ignored."""
    connections_file = draw(connections().flatmap(damaged))
    messages_file = draw(messages())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", connections_file.data)
        archive.writestr(messages_file.filename, messages_file.data)
        if draw(st.booleans()):
            archive.writestr("Logins.csv", "Login Date,IP Address\n2024-01-01,127.0.0.1\n")
            archive.writestr("Jobs/Job Applications.csv", "Application Date,Company Name\n")
    name = (
        f"Complete_LinkedInDataExport_{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}-2026.zip"
    )
    return Example(
        "zip",
        connections_file.generation,
        name,
        buffer.getvalue(),
        rows=connections_file.rows,
        messages=messages_file.messages,
        damage=[f"Connections.csv: {d}" for d in connections_file.damage],
        structure_kept=connections_file.structure_kept,
    )


KINDS = {
    "connections": connections,
    "messages": messages,
    "invitations": invitations,
    "endorsements": endorsements,
    "viadeo_csv": viadeo_csv,
    "contacts_csv": contacts_csv,
    "groups": groups,
    "vcard": vcard,
    "zip": linkedin_zip,
}


# -- damage ----------------------------------------------------------------------------------------


def _cut(draw, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def _drop_bytes(draw, data: bytes) -> bytes:
    start = draw(st.integers(0, len(data)))
    return data[:start] + data[start + draw(st.integers(1, 20)) :]


def _insert_bytes(draw, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]


def _open_quote(draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    at = draw(st.integers(0, len(lines) - 1))
    lines[at] = b'"' + lines[at]
    return b"\n".join(lines)


def _repeat_line(draw, data: bytes) -> bytes:
    lines = data.split(b"\n")
    at = draw(st.integers(0, len(lines) - 1))
    return b"\n".join(lines[: at + 1] + lines[at:])


def _reencode(draw, data: bytes) -> bytes:
    """A UTF-8 file saved again as Windows-1252 (or the other way round)."""
    try:
        return data.decode("utf-8").encode("cp1252", errors="replace")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace").encode("utf-8")


STRUCTURAL = {
    "cut": _cut,
    "drop bytes": _drop_bytes,
    "insert bytes": _insert_bytes,
    "open quote": _open_quote,
    "repeat line": _repeat_line,
    "re-encode": _reencode,
}


@st.composite
def hostile_cells(draw, example: Example) -> Example:
    """Cells replaced by hostile text, the CSV still well formed: the rows stay what they were."""
    if example.kind not in {*CSV_KINDS, "groups"} or example.data.startswith(b"\xff\xfe"):
        return example
    bom = example.data.startswith(b"\xef\xbb\xbf")
    encoding = "cp1252" if example.kind == "viadeo_csv" else "utf-8"
    text = example.data[3 if bom else 0 :].decode(encoding, errors="replace")
    delimiter = ";" if bom or example.kind == "viadeo_csv" else ","
    if example.kind == "contacts_csv":
        delimiter = DELIMITER_NAMES[example.generation]
    lines = text.splitlines(keepends=True)
    header_at = next(
        (i for i, line in enumerate(lines) if line.startswith(("First Name", "Prénom", "group"))), None
    )
    if header_at is None:
        return example
    head, body = "".join(lines[: header_at + 1]), "".join(lines[header_at + 1 :])
    eol = "\r\n" if "\r\n" in text else "\n"
    rows = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
    if not rows:
        return example
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.sampled_from(rows))
        if len(row) > 2:
            column = draw(st.integers(2, len(row) - 1))  # names stay: the rows keep their people
            row[column] = draw(st.sampled_from(HOSTILE))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=eol).writerows(rows)
    data = (head + buffer.getvalue()).encode(encoding, errors="replace")
    return Example(
        example.kind,
        example.generation,
        example.filename,
        (b"\xef\xbb\xbf" if bom else b"") + data,
        rows=example.rows,
        messages=example.messages,
        damage=["hostile cells"],
    )


@st.composite
def damaged(draw, example: Example) -> Example:
    """Half of the examples intact; the others damaged in one to three ways."""
    if draw(st.booleans()) or (example.kind == "zip" and draw(st.integers(0, 3)) > 0):
        return example  # (a ZIP is mostly damaged inside, in its members)
    if draw(st.integers(0, 3)) == 0:
        return draw(hostile_cells(example))
    data, names = example.data, []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(STRUCTURAL)))
        data = STRUCTURAL[name](draw, data) if data else data
        names.append(name)
    return Example(
        example.kind,
        example.generation,
        example.filename,
        data,
        rows=example.rows,
        messages=example.messages,
        damage=names,
        structure_kept=False,
    )


def exports(kinds: tuple[str, ...] = tuple(KINDS)) -> st.SearchStrategy[Example]:
    """A valid-looking export of one of ``kinds``, intact or damaged."""
    return st.sampled_from(kinds).flatmap(lambda kind: KINDS[kind]()).flatmap(damaged)


@st.composite
def teams(draw) -> list[tuple[str, str, Example]]:
    """Two or three members' intact Connections.csv drawn from one pool of people (networks overlap):
    ``(owner, owner_url, example)``."""
    pool = draw(people(3, 10))
    members = []
    for number in range(draw(st.integers(2, 3))):
        owner = ["Alice Bernard", "Bob Lefèvre", "Chloé Vasseur"][number]
        chosen = draw(
            st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique_by=lambda p: p.slug)
        )
        generation = draw(st.sampled_from(sorted(CONNECTIONS_HEADERS)))
        header = CONNECTIONS_HEADERS[generation].split(",")
        rows = [
            [
                {
                    "First Name": p.first,
                    "Last Name": p.last,
                    "URL": p.url,
                    "Email Address": "",
                    "Company": p.company,
                    "Position": p.title,
                    "Connected On": "04 Jul 2023",
                }[h]
                for h in header
            ]
            for p in chosen
        ]
        data = write_rows(header, rows).rstrip("\n").encode("utf-8")
        url = "https://www.linkedin.com/in/" + owner.lower().replace(" ", "-").replace("è", "e").replace(
            "é", "e"
        )
        members.append(
            (owner, url, Example("connections", generation, "Connections.csv", data, rows=len(rows)))
        )
    return members
