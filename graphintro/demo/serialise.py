"""The team's files as bytes: each ``contents`` record turned into the rows of its format.

Which column holds what, which member gets which layout, how names and URLs are spelled in each
file: that is decided here. How a row becomes bytes (quoting, line endings, encodings, archive) is
decided once per format in ``writers``, shared with the test fixtures.
"""

from __future__ import annotations

import base64
import random

from graphintro.demo.catalogues import FUNCTIONS
from graphintro.demo.contents import Export, address_book_people, group_rows
from graphintro.demo.population import Pool
from graphintro.demo.world import Member, World
from graphintro.demo.writers.groups import groups_bytes
from graphintro.demo.writers.linkedin import (
    AD_TARGETING_HEADER,
    ENDORSEMENTS_GIVEN_HEADER,
    ENDORSEMENTS_RECEIVED_HEADER,
    INVITATIONS_HEADER,
    MESSAGES_HEADER_2026,
    MESSAGES_HEADER_DEC_2024,
    POSITIONS_HEADER,
    PROFILE_HEADER,
    RECOMMENDATIONS_HEADER,
    connected_on,
    connections_text,
    csv_text,
    month_year,
    us_date,
    utc,
)
from graphintro.demo.writers.spreadsheet import french_excel_bytes
from graphintro.demo.writers.table import legacy_text
from graphintro.demo.writers.vcard import vcard21_property

EXPORT_NAME = "Complete_LinkedInDataExport_11-02-2026.zip"
EARLIER_EXPORT_NAME = "Complete_LinkedInDataExport_10-02-2026.zip"
# The archives' members carry the time the export was made, fixed so that the bytes are too.
ARCHIVE_TIMES = {EXPORT_NAME: (2026, 11, 2, 9, 41, 12), EARLIER_EXPORT_NAME: (2026, 10, 2, 18, 3, 54)}


def _connections_csv(world: World, export: Export) -> bytes:
    """Preamble, header, newest first, no newline after the last row (2023+ layout)."""
    pool, rows = world.pool, []
    for person, day in sorted(export.connections, key=lambda item: (-item[1], item[0])):
        if person in export.blank:
            rows.append(("", "", "", "", "", "", connected_on(day)))
            continue
        company, title = export.job_override.get(person, (pool.employer[person], pool.title[person]))
        email = pool.email(person) if pool.shares_email[person] else ""
        rows.append(
            (
                pool.first[person],
                pool.last[person],
                pool.url(person),
                email,
                company,
                title,
                connected_on(day),
            )
        )
    return connections_text(rows).encode("utf-8")


def _messages_csv(world: World, export: Export, variant_2026: bool) -> bytes:
    """messages.csv, newest first: the 2026 layout (all quoted, ATTACHMENTS) or the Dec-2024 one (drafts)."""
    pool, owner = world.pool, export.owner
    owner_name, owner_url = pool.name(owner), pool.url(owner)
    tail = ("",) if variant_2026 else ("No", "No")
    rows = []
    for stamp, conversation, person, mine, text, folder in sorted(
        export.messages, key=lambda m: (-m[0], m[1])
    ):
        name, url = pool.name(person), pool.url(person)
        content = text.replace("{first}", pool.first[owner if not mine else person].strip())
        ends = (owner_name, owner_url, name, url) if mine else (name, url, owner_name, owner_url)
        rows.append((conversation, "", *ends, utc(stamp), "", content, folder, *tail))
    for number, (stamp, subject, content) in enumerate(sorted(export.sponsored, reverse=True)):
        conversation = "2-" + base64.b64encode(f"sponsored-{owner}-{number}".encode()).decode()
        rows.append(
            (
                conversation,
                "Sponsored Conversation",
                "LinkedIn Member",
                "",
                owner_name,
                owner_url,
                utc(stamp),
                subject,
                content,
                "INBOX",
                *tail,
            )
        )
    header = MESSAGES_HEADER_2026 if variant_2026 else MESSAGES_HEADER_DEC_2024
    return csv_text(rows, header, quote_all=variant_2026).encode("utf-8")


def _invitations_csv(world: World, export: Export) -> bytes:
    """Invitations.csv, 2024+ layout with profile URLs."""
    pool, owner = world.pool, export.owner
    rows = []
    for stamp, person, outgoing, note in sorted(export.invitations, key=lambda i: (-i[0], i[1])):
        note = note.replace("{first}", pool.first[person if outgoing else owner].strip())
        inviter, invitee = (owner, person) if outgoing else (person, owner)
        rows.append(
            (
                pool.name(inviter),
                pool.name(invitee),
                us_date(stamp),
                note,
                "OUTGOING" if outgoing else "INCOMING",
                pool.url(inviter),
                pool.url(invitee),
            )
        )
    return csv_text(rows, INVITATIONS_HEADER).encode("utf-8")


def _endorsements_csv(world: World, entries: list, header: tuple) -> bytes:
    """Endorsement_Received_Info / Endorsement_Given_Info: URL without scheme, ``2021/08/11`` dates."""
    pool = world.pool
    rows = [
        (
            utc(stamp, "/"),
            skill,
            pool.first[p].strip(),
            pool.last[p],
            "www.linkedin.com/in/" + pool.slug[p],
            "ACCEPTED",
        )
        for stamp, p, skill in sorted(entries, key=lambda e: (-e[0], e[1], e[2]))
    ]
    return csv_text(rows, header).encode("utf-8")


def _recommendations_csv(world: World, export: Export) -> bytes:
    pool = world.pool
    rows = [
        (
            pool.first[p].strip(),
            pool.last[p],
            pool.employer[p],
            pool.title[p].strip(),
            text,
            us_date(stamp, pad_hour=True),
            "VISIBLE",
        )
        for stamp, p, text in sorted(export.recommendations, key=lambda r: (-r[0], r[1]))
    ]
    return csv_text(rows, RECOMMENDATIONS_HEADER).encode("utf-8")


def _profile_files(world: World, member: Member) -> dict[str, bytes]:
    """Positions, Profile, Skills and Ad_Targeting: the member's own profile."""
    pool, person = world.pool, member.person
    company, title = member.positions[0][0], member.positions[0][1]
    industry = pool.companies[pool.company[person]][1]
    positions = [
        (c, t, "", place, month_year(start), month_year(end) if end else "")
        for c, t, place, start, end in member.positions
    ]
    headline = f"{title} chez {company} | {' & '.join(member.skills[:2])}"
    summary = f"{len(member.positions)} expériences, de {member.positions[-1][0]} à {company}."
    profile = [
        (
            pool.first[person],
            pool.last[person],
            "",
            "",
            "",
            headline,
            summary,
            industry,
            member.location[1],
            member.location[0],
            "",
            "",
            "",
        )
    ]
    groups = "; ".join(world.groups[g].name for g in member.groups)
    targeting = [
        (
            "25-34",
            "",
            company,
            "; ".join(member.companies[1:]),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            FUNCTIONS[pool.function[person]].title(),
            "",
            "",
            groups,
            industry,
            "",
            "French",
            "fr_FR",
            "",
            member.location[0],
            "",
            "",
            "; ".join(member.skills),
            title,
            "; ".join(t for _, t, *_ in member.positions[1:]),
            "",
            "6 to 10 years",
        )
    ]
    return {
        "Positions.csv": csv_text(positions, POSITIONS_HEADER).encode("utf-8"),
        "Profile.csv": csv_text(profile, PROFILE_HEADER).encode("utf-8"),
        "Skills.csv": csv_text([(s,) for s in member.skills], ("Name",)).encode("utf-8"),
        "Ad_Targeting.csv": csv_text(targeting, AD_TARGETING_HEADER).encode("utf-8"),
    }


def archive_files(world: World, export: Export) -> dict[str, bytes]:
    """Every CSV of the archive, by name; half the members get the Dec-2024 messages layout."""
    member = world.roster[export.owner]
    files = {
        "Connections.csv": _connections_csv(world, export),
        "messages.csv": _messages_csv(world, export, variant_2026=export.owner % 2 == 0),
        "Invitations.csv": _invitations_csv(world, export),
        "Endorsement_Received_Info.csv": _endorsements_csv(
            world, export.endorsed_by, ENDORSEMENTS_RECEIVED_HEADER
        ),
        "Endorsement_Given_Info.csv": _endorsements_csv(world, export.endorsed, ENDORSEMENTS_GIVEN_HEADER),
        "Recommendations_Received.csv": _recommendations_csv(world, export),
    }
    files.update(_profile_files(world, member))
    return dict(sorted(files.items()))


def linkedin_url_variant(slug: str, number: int) -> str:
    """The URL spellings people paste: scheme or not, country subdomain, trailing slash, tracking query."""
    variants = (
        f"https://www.linkedin.com/in/{slug}",
        f"http://fr.linkedin.com/in/{slug}/",
        f"linkedin.com/in/{slug}",
        f"https://www.linkedin.com/in/{slug}?trk=public_profile",
    )
    return variants[number % len(variants)]


def _vcard_property(name: str, value: str) -> str:
    """What Viadeo's ISO-8859-1 address book could hold of ``value``, plain or quoted-printable."""
    return vcard21_property(name, legacy_text(value, "latin-1"))


def _vcard(pool: Pool, person: int, linked: bool, note: str, number: int) -> str:
    """One vCard 2.1 entry; the ADR line is raw 8-bit ISO-8859-1, as some exporters wrote it."""
    first, last = legacy_text(pool.first[person], "latin-1"), legacy_text(pool.last[person], "latin-1")
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        _vcard_property("N", f"{last};{first};;;"),
        _vcard_property("FN", f"{first} {last}"),
        _vcard_property("ORG", pool.employer[person]),
        _vcard_property("TITLE", pool.title[person]),
    ]
    if number % 3:
        lines.append(f"EMAIL;PREF;INTERNET:{pool.email(person)}")
    if linked and number % 2:
        lines.append(f"URL;WORK:{linkedin_url_variant(pool.slug[person], number)}")
    else:
        lines.append(f"URL:http://www.viadeo.com/profile/0021{(person * 2654435761) & 0xFFFFFFFF:08x}")
    if note:
        lines.append(_vcard_property("NOTE", note))
    if number % 4 == 0:
        lines.append("ADR;WORK;CHARSET=ISO-8859-1:;;;Paris;Île-de-France;;France")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def viadeo_vcf(world: World, export: Export, rnd: random.Random) -> bytes:
    """Member 2's Viadeo address book: ~30 % of their LinkedIn contacts plus people LinkedIn lacks."""
    pool, slots = world.pool, world.slots
    people = address_book_people(world, export, rnd, 0.2, 0.1)
    cards = [_vcard(pool, person, linked, "", number) for number, (person, linked) in enumerate(people)]
    if world.members >= 3:
        cards.append(
            _vcard(
                pool,
                slots["expert"],
                True,
                "Compétences : Cybersécurité / ISO 27001 / Sécurité informatique / Gestion des risques",
                1,
            )
        )
        cards.append(_vcard(pool, slots["namesake_twin"], False, "", 2))
    return "".join(cards).encode("latin-1")


def french_csv(world: World, export: Export, rnd: random.Random) -> bytes:
    """Member 3's spreadsheet: Excel in a French locale (cp1252, ``;``, CRLF), names often in capitals."""
    pool = world.pool
    people = address_book_people(world, export, rnd, 0.15, 0.1)
    if world.members >= 3:
        people.append((world.slots["namesake_twin"], False))
    rows = []
    for number, (person, linked) in enumerate(people):
        last = pool.last[person].upper() if number % 5 < 2 else pool.last[person]
        url = linkedin_url_variant(pool.slug[person], number) if linked and number % 3 else ""
        email = pool.email(person) if number % 2 else ""
        rows.append(
            tuple(
                legacy_text(v, "cp1252")
                for v in (pool.first[person], last, pool.employer[person], pool.title[person], email, url)
            )
        )
    return french_excel_bytes(rows)


# --------------------------------------------------------------------------------------------
# Serialisation: groups
# --------------------------------------------------------------------------------------------


def groups_csv(world: World) -> bytes:
    """groups.csv of the team: one row per (group, person)."""
    return groups_bytes(group_rows(world))
