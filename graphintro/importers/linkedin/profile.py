"""The owner's own files: profile, positions, skills and groups (from Ad_Targeting.csv)."""

from __future__ import annotations

from graphintro.identity import full_name
from graphintro.importers.dates import parse_date
from graphintro.importers.linkedin.columns import (
    AD_TARGETING_COLUMNS,
    POSITION_COLUMNS,
    PROFILE_COLUMNS,
    SKILL_COLUMNS,
)
from graphintro.importers.linkedin.context import _Context
from graphintro.importers.model import MembershipRow, ParsedSource, PositionRow
from graphintro.importers.sources import SourceFile


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
