"""Invitations.csv: invitations sent and received, pending ones included (not yet connections)."""

from __future__ import annotations

from graphintro.importers.dates import parse_timestamp
from graphintro.importers.linkedin.columns import INVITATION_COLUMNS
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.model import InteractionRow, ParsedSource, PersonRow, Skipped
from graphintro.importers.sources import SourceFile


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
