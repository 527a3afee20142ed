"""LinkedIn's "Get a copy of your data" export: the ZIP, an unpacked folder, or single CSV files.

Every header generation of ``docs/formats.md`` is accepted: with or without the "Notes:"
preamble, with or without the URL column, 2018 to 2026 message layouts, UTF-16LE tab files and
Excel re-saves. Message contents are never stored: only who wrote to whom and when, which is
what tie strength needs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from graphintro.errors import ImportFormatError
from graphintro.identity import fold, full_name, name_key, normalize_url, plausibly_same_name
from graphintro.importers.dates import parse_date, parse_timestamp
from graphintro.importers.model import (
    ExportOwner,
    InteractionRow,
    MembershipRow,
    ParsedSource,
    PersonRow,
    PositionRow,
    Skipped,
)
from graphintro.importers.sources import SourceFile, is_zip, list_files
from graphintro.importers.tabular import Columns, Table, note_damage, read_table


def _aliases(**columns: str) -> Columns:
    return Columns(**columns)


CONNECTION_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    url="URL|Profile URL",
    email="Email Address|Email",
    company="Company",
    position="Position",
    connected_on="Connected On",
)
MESSAGE_COLUMNS = _aliases(
    conversation="CONVERSATION ID",
    sender="FROM",
    sender_url="SENDER PROFILE URL",
    to="TO",
    recipient_urls="RECIPIENT PROFILE URLS",
    date="DATE",
    subject="SUBJECT",
    content="CONTENT",
    direction="DIRECTION",
    folder="FOLDER",
    draft="IS MESSAGE DRAFT",
)
INVITATION_COLUMNS = _aliases(
    sender="From",
    to="To",
    sent_at="Sent At",
    message="Message",
    direction="Direction",
    inviter_url="inviterProfileUrl",
    invitee_url="inviteeProfileUrl",
)
ENDORSEMENT_COLUMNS = _aliases(
    date="Endorsement Date",
    skill="Skill Name",
    first_name="Endorser First Name",
    last_name="Endorser Last Name",
    url="Endorser Public Url",
    status="Endorsement Status",
)
ENDORSEMENT_GIVEN_COLUMNS = _aliases(
    date="Endorsement Date",
    skill="Skill Name",
    first_name="Endorsee First Name",
    last_name="Endorsee Last Name",
    url="Endorsee Public Url",
    status="Endorsement Status",
)
RECOMMENDATION_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    company="Company",
    position="Job Title",
    text="Text",
    date="Creation Date",
    status="Status",
)
POSITION_COLUMNS = _aliases(
    company="Company Name",
    title="Title",
    started_on="Started On",
    finished_on="Finished On",
    location="Location",
    description="Description",
)
PROFILE_COLUMNS = _aliases(
    first_name="First Name",
    last_name="Last Name",
    headline="Headline",
    industry="Industry",
    summary="Summary",
    location="Geo Location",
)
SKILL_COLUMNS = _aliases(name="Name")
AD_TARGETING_COLUMNS = _aliases(groups="Member Groups|Groups")

ANONYMOUS_MEMBER = "linkedin member"
# Why a message read is not stored as a tie (``ParsedSource.messages_left_out``).
MESSAGES_LEFT_OUT = ("sponsored", "drafts", "spam", "anonymous", "empty_sender")
# Export archive names carry the export date: Basic_LinkedInDataExport_03-15-2024.zip
_EXPORT_DATE = re.compile(r"(\d{2})-(\d{2})-(\d{4})")
# Member_Follows_851591050.csv, and the copies a file manager makes: "Skills (1).csv" -> "skills_(1)".
_NUMERIC_SUFFIX = re.compile(r"(_\d+|_?\(\d+\))$")
# The file whose failure fails the import: without it there is no list of ties to import.
ESSENTIAL_ROLE = "connections"


def file_role(name: str) -> str:
    """What a file of the export is, by name: case, spaces and numeric suffixes ignored."""
    stem = PurePosixPath(name).name
    if not stem.lower().endswith(".csv"):
        return ""
    key = _NUMERIC_SUFFIX.sub("", stem[:-4].strip().lower().replace(" ", "_"))
    return key if key in PARSERS else ""


def parse(path: Path, owner_name: str = "", owner_url: str = "") -> ParsedSource:
    """Read an export (ZIP, folder or single CSV) of the owner ``owner_name``.

    Only the connections file (or a file given on its own) is essential: a bad auxiliary file
    (a header-less ``Skills.csv``, a damaged ``Positions.csv``, a second copy of a file) is left out,
    listed in ``skipped_files`` with its line and reason, and the rest of the export imports. Losing
    every connection for the sake of a skills list would be the worse outcome.

    Whose export it is comes from the export itself (``export_owner``): messages and invitations
    are oriented by that identity, ``owner_name`` and ``owner_url`` serving only when the export
    names nobody (a lone Connections.csv). A file naming someone else is skipped too.
    """
    parsed = ParsedSource(path=str(path), format="linkedin", source="linkedin")
    files = list(list_files(path))
    given_alone = path.is_file() and not is_zip(path)
    if given_alone and len(files) == 1 and not file_role(files[0].name):
        files[0].name = "Connections.csv"  # a single file the user forced with --format linkedin
    recognised: list[tuple[str, SourceFile]] = []
    for source_file in files:
        role = file_role(source_file.name)
        if role:
            recognised.append((role, source_file))  # two files of one role (the 2022 endorsement twins): both
        else:
            parsed.unknown_files.append(source_file.name)
    if not recognised:
        raise ImportFormatError(str(path), "no LinkedIn export file found (expected Connections.csv)")
    # The copy at the top of the export is the essential one; a second copy in a subfolder is not.
    recognised.sort(key=lambda item: (item[0] != "profile", item[1].name.count("/")))
    essential = next((f for role, f in recognised if role == ESSENTIAL_ROLE), None)
    context = _Context(owner_name, owner_url)
    owner, foreign = export_owner({role: f for role, f in reversed(recognised)}, context)
    context.adopt(owner)
    parsed.export_owner = owner if owner.name or owner.url else None
    for role, source_file in recognised:
        if source_file.display in foreign:
            parsed.skipped_files.append(Skipped(source_file.display, None, foreign[source_file.display]))
            continue
        _run_or_skip(
            PARSERS[role], source_file, parsed, context, essential=given_alone or source_file is essential
        )
    if not parsed.files_read:  # nothing readable at all: the first reason is the error
        first = parsed.skipped_files[0]
        raise ImportFormatError(first.file, first.reason, first.line)
    parsed.export_date = _export_date(path, parsed)
    parsed.export_date_known = bool(_EXPORT_DATE.search(path.name))
    return parsed


class _Context:
    """What parsers of the other files need to know about the owner (to orient messages), and the
    tables already read (the owner's identity is looked for in them first)."""

    def __init__(self, owner_name: str, owner_url: str) -> None:
        self.given_name = owner_name
        self.names = {name_key(owner_name)} - {""}
        self.url = normalize_url(owner_url)
        self.tables: dict[str, Table] = {}

    def adopt(self, owner: ExportOwner) -> None:
        """The export's own owner decides from now on: ``--owner``'s spelling no longer does."""
        if owner.name:
            self.names = {name_key(owner.name)} - {""}
        if owner.url:
            self.url = normalize_url(owner.url)

    def is_owner(self, name: str, url: str) -> bool:
        if url and self.url:
            return normalize_url(url) == self.url
        return name_key(name) in self.names

    def table(self, source_file: SourceFile, columns: dict[str, set[str]], min_matches: int) -> Table:
        """The file's table, decoded once for the owner's identity and the rows alike."""
        key = source_file.display
        if key not in self.tables:
            self.tables[key] = _table(source_file, columns, min_matches)
        return self.tables[key]


def _run(parser: Callable, source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    parser(source_file, parsed, context)
    parsed.files_read.append(source_file.name)
    table = context.tables.get(source_file.display)
    if table is not None:
        note_damage(table, parsed)  # damaged UTF-8 that was read: the summary says which lines to check


_ROW_LISTS = ("contacts", "interactions", "positions", "skills", "memberships", "skipped", "warnings")


def _run_or_skip(
    parser: Callable, source_file: SourceFile, parsed: ParsedSource, context: _Context, essential: bool
) -> None:
    """Parse one file; a bad auxiliary file is undone whole and listed as skipped, a bad essential one raises."""
    from graphintro.errors import ImportFormatError

    lengths = {name: len(getattr(parsed, name)) for name in _ROW_LISTS}
    before = (
        dict(parsed.profile),
        parsed.has_connections,
        set(context.names),
        dict(parsed.messages_left_out),
    )
    try:
        _run(parser, source_file, parsed, context)
    except ImportFormatError as error:
        if essential:
            raise
        for name, length in lengths.items():
            del getattr(parsed, name)[length:]  # rows read before the bad line are not half a file's worth
        parsed.profile, parsed.has_connections, context.names, parsed.messages_left_out = before
        parsed.skipped_files.append(Skipped(error.file, error.line, error.reason))


# -- whose export is this --------------------------------------------------------------------------


def export_owner(by_role: dict[str, SourceFile], context: _Context) -> tuple[ExportOwner, dict[str, str]]:
    """The owner the export names, strongest evidence first, and its files that belong to someone else.

    ``by_role``: the first file of each role (the top-level copy).

    ``Profile.csv`` gives the name; the owner takes part in every message (the participant of most
    messages, whose ``SENDER PROFILE URL`` is theirs); OUTGOING invitations are sent by them and
    INCOMING ones received (``Endorsement_Given_Info.csv`` names only the people endorsed, in every
    documented layout). An invitations file naming another person is someone else's file that found
    its way into the export: skipped with the reason (file's display name -> reason). Messages are the owner's by
    construction (their own inbox): a name there that differs from Profile.csv's is a changed name."""
    owner, foreign = ExportOwner(), {}
    name = _profile_name(by_role.get("profile"), context)
    if name:
        owner.name = name
        owner.evidence.append(by_role["profile"].name)
    hint = ExportOwner(name=context.given_name, url=context.url)
    for role, finder in (("messages", _message_owner), ("invitations", _invitation_owner)):
        if role not in by_role:
            continue
        try:
            found = finder(by_role[role], context, owner if (owner.name or owner.url) else hint)
        except ImportFormatError:
            continue  # the file's own parse reports it
        if found is None:
            continue
        if (owner.name or owner.url) and not _same_owner(owner, found):
            if role == "messages":
                # The owner takes part in every message of their own inbox: a name other than Profile.csv's
                # is theirs too (changed since), and their URL there orients the messages.
                owner.url = owner.url or found.url
                owner.evidence.append(f"{by_role[role].name}: {found.evidence[0]}, named {found.name} there")
                continue
            foreign[by_role[role].display] = (
                f"belongs to someone else: {found.name or found.url} is {found.evidence[0]},"
                f" but this export is {owner.name or owner.url}'s ({'; '.join(owner.evidence)})"
            )
            continue
        owner.name = owner.name or found.name
        owner.url = owner.url or found.url
        owner.evidence.append(f"{by_role[role].name}: {found.evidence[0]}")
    return owner, foreign


def _same_owner(owner: ExportOwner, found: ExportOwner) -> bool:
    """The same person: the same profile URL when both have one, else plausibly the same name."""
    if owner.url and found.url:
        return normalize_url(owner.url) == normalize_url(found.url)
    return bool(owner.name and found.name and plausibly_same_name(owner.name, found.name))


def _profile_name(source_file: SourceFile | None, context: _Context) -> str:
    if source_file is None:
        return ""
    try:
        table = context.table(source_file, PROFILE_COLUMNS, 2)
        for _, row in table.rows():
            return full_name(row.get("first_name"), row.get("last_name"))
    except ImportFormatError:
        return ""
    return ""


def _is_anonymous(name: str, url: str) -> bool:
    """``LinkedIn Member`` without a URL: sponsored mail, or a private or deleted account. Nobody."""
    return not url and fold(name) == ANONYMOUS_MEMBER


def _message_owner(source_file: SourceFile, context: _Context, hint: ExportOwner) -> ExportOwner | None:
    """The participant of most messages (the owner takes part in all), with their most frequent URL.

    A tie (a single message: its sender and its recipient) is broken by ``hint`` alone, else undecided."""
    table = context.table(source_file, MESSAGE_COLUMNS, 3)
    presence: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    urls: dict[str, Counter[str]] = defaultdict(Counter)
    total = 0
    for _, row in table.rows():
        people = [PersonRow(name=row.get("sender", ""), url=row.get("sender_url", ""))]
        people += _split_people(row.get("to", ""), row.get("recipient_urls", ""))
        keys = set()
        for person in people:
            key = name_key(person.name)
            if not key or _is_anonymous(person.name, person.url):
                continue
            keys.add(key)
            spellings[key][person.name] += 1
            if person.url:
                urls[key][person.url.strip()] += 1
        total += 1
        presence.update(keys)
    if not presence:
        return None
    ranked = presence.most_common()
    best = [key for key, count in ranked if count == ranked[0][1]]
    if len(best) > 1:
        best = [
            key
            for key in best
            if (hint.url and hint.url in {normalize_url(u) for u in urls[key]})
            or (hint.name and plausibly_same_name(spellings[key].most_common(1)[0][0], hint.name))
        ]
    if len(best) != 1 or 2 * presence[best[0]] < total:
        return None
    key = best[0]
    url = urls[key].most_common(1)[0][0] if urls[key] else ""
    return ExportOwner(
        name=spellings[key].most_common(1)[0][0],
        url=url,
        evidence=[f"the participant of {presence[key]} of {total} messages"],
    )


def _invitation_owner(source_file: SourceFile, context: _Context, hint: ExportOwner) -> ExportOwner | None:
    """Who sent the OUTGOING invitations and received the INCOMING ones: the owner, if it is their file.

    When another identity is known (``hint``), the file is the owner's as soon as one row names
    them; otherwise the most frequent name is the file's owner."""
    table = context.table(source_file, INVITATION_COLUMNS, 3)
    ends: list[tuple[str, str]] = []
    for _, row in table.rows():
        direction = row.get("direction", "").upper()
        if direction == "OUTGOING":
            ends.append((row.get("sender", ""), row.get("inviter_url", "")))
        elif direction == "INCOMING":
            ends.append((row.get("to", ""), row.get("invitee_url", "")))
    ends = [(name, url) for name, url in ends if name or url]
    if not ends:
        return None
    matching = [(name, url) for name, url in ends if _same_owner(hint, ExportOwner(name=name, url=url))]
    if matching:
        name, url = Counter(matching).most_common(1)[0][0]
        return ExportOwner(
            name=name,
            url=url,
            evidence=[f"the inviter or invitee of {len(matching)} of {len(ends)} invitations"],
        )
    (name, url), count = Counter(ends).most_common(1)[0]
    return ExportOwner(
        name=name, url=url, evidence=[f"the inviter or invitee of {count} of {len(ends)} invitations"]
    )


def _table(source_file: SourceFile, columns: dict[str, set[str]], min_matches: int = 2) -> Table:
    return read_table(source_file.read(), source_file.display, columns, min_matches=min_matches)


def _connections(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = read_table(
        source_file.read(),
        source_file.display,
        CONNECTION_COLUMNS,
        required={"first_name", "last_name"},
        min_matches=3,
    )
    note_damage(table, parsed)
    parsed.has_connections = True
    rows = list(table.rows(blank_rows=True))
    day_first = table.date_orders(rows, "connected_on")["connected_on"]
    for line, row in rows:
        name = full_name(row.get("first_name"), row.get("last_name"))
        first, last = row.get("first_name", ""), row.get("last_name", "")
        if not has_name(name):
            # A hidden name ("-", "--") on a real account: the URL's slug names it, as elsewhere.
            name, first, last = url_slug(row.get("url", "")), "", ""
        if not name:
            parsed.skipped.append(Skipped(source_file.display, line, "no name"))
            continue
        parsed.contacts.append(
            PersonRow(
                name=name,
                first_name=first,
                last_name=last,
                company=row.get("company", ""),
                position=row.get("position", ""),
                url=row.get("url", ""),
                email=row.get("email", ""),
                connected_on=parse_date(row.get("connected_on"), day_first),
                file=source_file.display,
                line=line,
            )
        )


def has_name(name: str) -> bool:
    """A name has a letter or a digit: "-", "--" or "." are placeholders for a hidden one."""
    return any(character.isalnum() for character in name)


def url_slug(url: str) -> str:
    """The last part of a profile URL ("thomas-fabre-8b2"): what names an account whose name is hidden."""
    key = normalize_url(url)
    return key.rsplit("/", 1)[-1] if "/" in key else ""


def _split_people(names: str, urls: str) -> list[PersonRow]:
    """Recipients of one message: names and URLs are comma-separated lists of equal length."""
    url_list = [u.strip() for u in urls.split(",") if u.strip()] if urls else []
    name_list = [n.strip() for n in names.split(",") if n.strip()] if names else []
    if url_list and len(url_list) == len(name_list):
        return [PersonRow(name=n, url=u) for n, u in zip(name_list, url_list, strict=False)]
    if len(url_list) == 1:
        return [PersonRow(name=names.strip(), url=url_list[0])]
    if url_list:
        return [PersonRow(name="", url=u) for u in url_list]
    return [PersonRow(name=names.strip())] if names.strip() else []


def _messages(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, MESSAGE_COLUMNS, 3)
    rows = list(table.rows())
    day_first = table.date_orders(rows, "date")["date"]
    seen: dict[str, int] = {}
    left_out = parsed.messages_left_out
    for reason in MESSAGES_LEFT_OUT:
        left_out.setdefault(reason, 0)
    # Conversations the owner wrote in: a "LinkedIn Member" there is a private or deleted account
    # the owner talked with, not an advertiser.
    talked_in = {
        row.get("conversation") for _, row in rows if row.get("conversation") and _sent_by_owner(row, context)
    }
    for line, row in rows:
        if row.get("draft", "").lower() in {"yes", "true", "1"}:
            left_out["drafts"] += 1
            continue
        if row.get("folder", "").upper() == "SPAM":
            left_out["spam"] += 1
            continue
        sender, sender_url = row.get("sender", ""), row.get("sender_url", "")
        if _is_anonymous(sender, sender_url):  # nobody: never a person, never a tie
            left_out["anonymous" if row.get("conversation") in talked_in else "sponsored"] += 1
            continue
        outgoing = _sent_by_owner(row, context)
        if not outgoing and not sender.strip() and not sender_url:
            left_out["empty_sender"] += 1
            continue
        peers = (
            _split_people(row.get("to", ""), row.get("recipient_urls", ""))
            if outgoing
            else [PersonRow(name=sender, url=sender_url)]
        )
        known = [peer for peer in peers if not _is_anonymous(peer.name, peer.url)]
        if peers and not known:
            left_out["anonymous"] += 1  # written to private or deleted accounts only
            continue
        at = parse_timestamp(row.get("date"), day_first)
        conversation = row.get("conversation", "")
        for peer in known:
            if context.is_owner(peer.name, peer.url):
                continue
            peer.file, peer.line = source_file.display, line
            parsed.interactions.append(
                InteractionRow(
                    kind="message",
                    direction="out" if outgoing else "in",
                    at=at,
                    peer=peer,
                    detail=conversation,
                    key=message_key(at, sender, peer, conversation, seen),
                    file=source_file.display,
                    line=line,
                )
            )


def message_key(at: str | None, sender: str, peer: PersonRow, conversation: str, seen: dict[str, int]) -> str:
    """What tells a message apart across overlapping exports, without a trace of its text.

    A hash of the content, even a short one, gives the content back for every short message
    ("Sure", "Thank you") to anyone who tries a word list. The key is who wrote to whom, when, in
    which conversation; messages alike in all of these are counted in file order (``#1``, ``#2``…),
    which a newer export of the same conversation repeats. ``store.py``'s migration 6 rewrites the
    keys of older stores to this form.
    """
    base = f"{at}|{sender}|{peer.name}|{peer.url}|{conversation}"
    seen[base] = seen.get(base, 0) + 1
    return f"{base}#{seen[base]}"


def _sent_by_owner(row: dict[str, str], context: _Context) -> bool:
    """Whether the owner wrote this message: its DIRECTION (2018-2020 layouts), else its sender."""
    direction = row.get("direction", "").upper()
    if direction in {"OUTGOING", "INCOMING"}:
        return direction == "OUTGOING"
    return context.is_owner(row.get("sender", ""), row.get("sender_url", ""))


def _invitations(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, INVITATION_COLUMNS, 3)
    rows = list(table.rows())
    day_first = table.date_orders(rows, "sent_at")["sent_at"]
    for line, row in rows:
        outgoing = row.get("direction", "").upper() == "OUTGOING"
        peer = (
            PersonRow(name=row.get("to", ""), url=row.get("invitee_url", ""))
            if outgoing
            else PersonRow(name=row.get("sender", ""), url=row.get("inviter_url", ""))
        )
        if not peer.name and not peer.url:
            parsed.skipped.append(Skipped(source_file.display, line, "no name"))
            continue
        peer.file, peer.line = source_file.display, line
        at = parse_timestamp(row.get("sent_at"), day_first)
        parsed.interactions.append(
            InteractionRow(
                kind="invitation",
                direction="out" if outgoing else "in",
                at=at,
                peer=peer,
                detail="with a personal message" if row.get("message") else "",
                key=invitation_key(at, peer, outgoing),
                file=source_file.display,
                line=line,
            )
        )


def invitation_key(at: str | None, peer: PersonRow, outgoing: bool) -> str:
    """What makes an invitation unique across overlapping exports, its direction included: crossed
    invitations (each invited the other in the same minute) are two (store migration 7 gave the
    INCOMING ones already stored the same ``in|`` prefix)."""
    return f"{'' if outgoing else 'in|'}{at}|{peer.name}|{peer.url}"


def _endorsements(
    source_file: SourceFile,
    parsed: ParsedSource,
    context: _Context,
    columns: dict[str, set[str]] = ENDORSEMENT_COLUMNS,
    direction: str = "in",
) -> None:
    """Endorsements received (the endorser is the peer) or given (the endorsee is)."""
    table = context.table(source_file, columns, 3)
    rows = list(table.rows())
    day_first = table.date_orders(rows, "date")["date"]
    for line, row in rows:
        if row.get("status", "ACCEPTED").upper() not in {"ACCEPTED", "VISIBLE"}:
            continue
        name = full_name(row.get("first_name"), row.get("last_name"))
        if not name and not row.get("url"):
            parsed.skipped.append(Skipped(source_file.display, line, "no name"))
            continue
        peer = PersonRow(
            name=name,
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            url=row.get("url", ""),
            file=source_file.display,
            line=line,
        )
        at = parse_timestamp(row.get("date"), day_first)
        parsed.interactions.append(
            InteractionRow(
                kind="endorsement",
                direction=direction,
                at=at,
                peer=peer,
                detail=row.get("skill", ""),
                key=f"{direction}|{at}|{row.get('skill', '')}|{name}",
                file=source_file.display,
                line=line,
            )
        )


def _endorsements_given(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    _endorsements(source_file, parsed, context, ENDORSEMENT_GIVEN_COLUMNS, "out")


def _recommendations(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, RECOMMENDATION_COLUMNS, 3)
    rows = list(table.rows())
    day_first = table.date_orders(rows, "date")["date"]
    for line, row in rows:
        name = full_name(row.get("first_name"), row.get("last_name"))
        if not name:
            parsed.skipped.append(Skipped(source_file.display, line, "no name"))
            continue
        peer = PersonRow(
            name=name,
            first_name=row.get("first_name", ""),
            last_name=row.get("last_name", ""),
            company=row.get("company", ""),
            position=row.get("position", ""),
            file=source_file.display,
            line=line,
        )
        at = parse_timestamp(row.get("date"), day_first)
        parsed.interactions.append(
            InteractionRow(
                kind="recommendation",
                direction="in",
                at=at,
                peer=peer,
                detail=row.get("position", ""),
                key=f"{at}|{name}",
                file=source_file.display,
                line=line,
            )
        )


def _positions(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, POSITION_COLUMNS, 2)
    rows = list(table.rows())
    orders = table.date_orders(rows, "started_on", "finished_on")
    for _, row in rows:
        if row.get("company"):
            parsed.positions.append(
                PositionRow(
                    company=row["company"],
                    title=row.get("title", ""),
                    started_on=parse_date(row.get("started_on"), orders["started_on"]),
                    finished_on=parse_date(row.get("finished_on"), orders["finished_on"]),
                )
            )


def _profile(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, PROFILE_COLUMNS, 2)
    for _, row in table.rows():
        name = full_name(row.get("first_name"), row.get("last_name"))
        parsed.profile = {
            "name": name,
            "headline": row.get("headline", ""),
            "industry": row.get("industry", ""),
        }
        break


def _skills(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, SKILL_COLUMNS, 1)
    parsed.skills.extend(row["name"] for _, row in table.rows() if row.get("name"))


def _ad_targeting(source_file: SourceFile, parsed: ParsedSource, context: _Context) -> None:
    table = context.table(source_file, AD_TARGETING_COLUMNS, 1)
    for _, row in table.rows():
        for group in row.get("groups", "").split(";"):
            if group.strip():
                parsed.memberships.append(MembershipRow(group=group.strip(), person=None))


PARSERS: dict[str, Callable[[SourceFile, ParsedSource, _Context], None]] = {
    "connections": _connections,
    "messages": _messages,
    "invitations": _invitations,
    "endorsement_received_info": _endorsements,
    "endorsement_given_info": _endorsements_given,
    "recommendations_received": _recommendations,
    "positions": _positions,
    "profile": _profile,
    "skills": _skills,
    "ad_targeting": _ad_targeting,
}


def _export_date(path: Path, parsed: ParsedSource) -> str | None:
    """When the export was made: from the archive name, else the latest date seen inside it."""
    match = _EXPORT_DATE.search(path.name)
    if match:
        month, day, year = match.groups()
        return f"{year}-{month}-{day}"
    seen = [c.connected_on for c in parsed.contacts if c.connected_on]
    seen += [i.at[:10] for i in parsed.interactions if i.at]
    return max(seen) if seen else None
