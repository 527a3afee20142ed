"""Endorsements (received and given) and recommendations received: who vouched for whom, for what."""

from __future__ import annotations

from graphintro.identity import full_name
from graphintro.importers.dates import parse_timestamp
from graphintro.importers.linkedin.columns import (
    ENDORSEMENT_COLUMNS,
    ENDORSEMENT_GIVEN_COLUMNS,
    RECOMMENDATION_COLUMNS,
)
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.model import InteractionRow, ParsedSource, PersonRow, Skipped
from graphintro.importers.sources import SourceFile


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
