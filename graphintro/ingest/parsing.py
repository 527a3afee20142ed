"""One member's exports read before anything is written: the owner checked against what the
export says, and each row's identity keys computed by the process that parsed it.
"""

from __future__ import annotations

from pathlib import Path

from graphintro.errors import OwnerMismatchError, UsageError
from graphintro.identity import (
    company_key,
    fold,
    name_key,
    normalize_email,
    normalize_url,
    plausibly_same_name,
)
from graphintro.importers import parse_path
from graphintro.importers.model import ParsedSource, PersonRow
from graphintro.ingest.summary import TeamExport


def _check_owner(export: TeamExport) -> None:
    if not export.owner or not export.owner.strip():
        raise UsageError("--owner is required: whose export is this?")


def _parse(export: TeamExport) -> list[ParsedSource]:
    """Every path of one member's exports, read before anything is written, with their rows' keys."""
    parsed = [
        parse_path(Path(p), export.owner, export.owner_url, export.fmt, export.mapping) for p in export.paths
    ]
    for source in parsed:
        check_export_owner(export, source)
        for row in source.contacts:
            row_keys(row)
        for interaction in source.interactions:
            row_keys(interaction.peer)
        for membership in source.memberships:
            if membership.person is not None:
                row_keys(membership.person)
    return parsed


def check_export_owner(export: TeamExport, source: ParsedSource) -> None:
    """Refuse an export that names someone else than ``--owner``: one line naming both.

    A plausible variant of the export's name (a middle initial, a nickname, accents, word order:
    ``plausibly_same_name``) is the same person; another name, or another profile URL than
    ``--owner-url``, is an export imported under the wrong member, or for a colleague: said so,
    unless ``owner_mismatch_ok``. Either way, who sent which message is decided by the export's
    own owner, never by the spelling typed."""
    found = source.export_owner
    if found is None or export.owner_mismatch_ok:
        return
    typed = export.owner.strip()
    other_name = found.name and not plausibly_same_name(typed, found.name)
    other_url = bool(
        export.owner_url and found.url and normalize_url(export.owner_url) != normalize_url(found.url)
    )
    if not other_name and not other_url:
        return
    who = ", ".join(part for part in (found.name, normalize_url(found.url)) if part)
    given = f"{typed}, {normalize_url(export.owner_url)}" if other_url else typed
    raise OwnerMismatchError(
        f"{source.path}: this export belongs to {who} ({'; '.join(found.evidence)}), not to {given} as --owner"
        f" says: give --owner '{found.name or typed}', or add --owner-mismatch-ok to import it for {typed} anyway"
    )


def learned_owner_url(parsed: list[ParsedSource]) -> str:
    """The owner's profile URL as their own export tells it (the sender of their messages)."""
    return next((p.export_owner.url for p in parsed if p.export_owner and p.export_owner.url), "")


def row_keys(row: PersonRow) -> tuple[str, str, str, str, str]:
    """(name key, company key, URL key, email key, folded name) of a row, computed once.

    Folding names is the dearest work of an import after SQLite's: done by the process that
    parsed the row, it costs the writing process nothing."""
    if row.keys is None:
        row.keys = (
            name_key(row.name),
            company_key(row.company),
            normalize_url(row.url),
            normalize_email(row.email),
            fold(row.name),
        )
    return row.keys
