"""Whose export this is, as the export itself says: never guessed from ``--owner``'s spelling."""

from __future__ import annotations

from collections import Counter, defaultdict

from graphintro.errors import ImportFormatError
from graphintro.identity import full_name, name_key, normalize_url, plausibly_same_name
from graphintro.importers.linkedin.columns import INVITATION_COLUMNS, MESSAGE_COLUMNS, PROFILE_COLUMNS
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.linkedin.messages import _is_anonymous, _split_names
from graphintro.importers.model import ExportOwner
from graphintro.importers.sources import SourceFile


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


def _message_owner(source_file: SourceFile, context: _Context, hint: ExportOwner) -> ExportOwner | None:
    """The participant of most messages (the owner takes part in all), with their most frequent URL.

    A tie (a single message: its sender and its recipient) is broken by ``hint`` alone, else undecided."""
    table = context.table(source_file, MESSAGE_COLUMNS, 3)
    presence: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    urls: dict[str, Counter[str]] = defaultdict(Counter)
    # Each distinct (sender, recipients) of the messages read once, counted as many times as it
    # comes: a conversation's messages name the same two or three people again and again (a
    # large export's messages.csv has about 3.6 messages for each). Taken in the order they first
    # come, they count every name, spelling and URL in the same order as message by message.
    participants = Counter(
        (row.get("sender", ""), row.get("sender_url", ""), row.get("to", ""), row.get("recipient_urls", ""))
        for _, row in table.rows()
    )
    total = 0
    for (sender, sender_url, to, recipient_urls), times in participants.items():
        people = [(sender, sender_url)]
        people += _split_names(to, recipient_urls)
        keys = set()
        for name, url in people:
            key = name_key(name)
            if not key or _is_anonymous(name, url):
                continue
            keys.add(key)
            spellings[key][name] += times
            if url:
                urls[key][url.strip()] += times
        total += times
        for key in keys:
            presence[key] += times
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
