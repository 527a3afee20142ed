"""messages.csv: who wrote to whom and when (never what), oriented by the export's owner."""

from __future__ import annotations

from graphintro.identity import fold
from graphintro.importers.dates import parse_timestamp
from graphintro.importers.linkedin.columns import MESSAGE_COLUMNS
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.model import InteractionRow, ParsedSource, PersonRow
from graphintro.importers.sources import SourceFile

ANONYMOUS_MEMBER = "linkedin member"
# Why a message read is not stored as a tie (``ParsedSource.messages_left_out``).
MESSAGES_LEFT_OUT = ("sponsored", "drafts", "spam", "anonymous", "empty_sender")


def _is_anonymous(name: str, url: str) -> bool:
    """``LinkedIn Member`` without a URL: sponsored mail, or a private or deleted account. Nobody."""
    return not url and fold(name) == ANONYMOUS_MEMBER


def _split_people(names: str, urls: str) -> list[PersonRow]:
    """Recipients of one message: names and URLs are comma-separated lists of equal length."""
    return [PersonRow(name=name, url=url) for name, url in _split_names(names, urls)]


def _split_names(names: str, urls: str) -> list[tuple[str, str]]:
    """``_split_people``'s (name, URL) pairs, without making a row of each: the owner's search
    counts the participants of every message (rows made only to be counted: a fifth of that
    search, ~25 ms of a 0.65 s parse at 5,000 contacts)."""
    url_list = [u.strip() for u in urls.split(",") if u.strip()] if urls else []
    name_list = [n.strip() for n in names.split(",") if n.strip()] if names else []
    if url_list and len(url_list) == len(name_list):
        return list(zip(name_list, url_list, strict=False))
    if len(url_list) == 1:
        return [(names.strip(), url_list[0])]
    if url_list:
        return [("", u) for u in url_list]
    return [(names.strip(), "")] if names.strip() else []


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
    sent = [_sent_by_owner(row, context) for _, row in rows]  # (asked once a row: two uses below)
    talked_in = {
        row.get("conversation")
        for (_, row), outgoing in zip(rows, sent, strict=True)
        if outgoing and row.get("conversation")
    }
    for (line, row), outgoing in zip(rows, sent, strict=True):
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
