"""LinkedIn's "Get a copy of your data" export: the ZIP, an unpacked folder, or single CSV files.

Every header generation of ``docs/formats.md`` is accepted: with or without the "Notes:"
preamble, with or without the URL column, 2018 to 2026 message layouts, UTF-16LE tab files and
Excel re-saves. Message contents are never stored: only who wrote to whom and when, which is
what tie strength needs.

One concept per module: ``export`` reads the export as a whole (which file is what, which may fail
alone, its date), ``owner`` says whose export it is, ``connections``, ``messages``, ``invitations``,
``endorsements`` (and recommendations) and ``profile`` (the owner's own files) read one kind of file
each, ``columns`` names their columns and ``context`` is what they share. Every name is importable
from here, as when this was one module.
"""

from __future__ import annotations

from graphintro.importers.linkedin.columns import (
    AD_TARGETING_COLUMNS,
    CONNECTION_COLUMNS,
    ENDORSEMENT_COLUMNS,
    ENDORSEMENT_GIVEN_COLUMNS,
    INVITATION_COLUMNS,
    MESSAGE_COLUMNS,
    POSITION_COLUMNS,
    PROFILE_COLUMNS,
    RECOMMENDATION_COLUMNS,
    SKILL_COLUMNS,
)
from graphintro.importers.linkedin.connections import has_name, url_slug
from graphintro.importers.linkedin.export import ESSENTIAL_ROLE, PARSERS, file_role, parse
from graphintro.importers.linkedin.invitations import invitation_key
from graphintro.importers.linkedin.messages import ANONYMOUS_MEMBER, MESSAGES_LEFT_OUT, message_key
from graphintro.importers.linkedin.owner import export_owner

__all__ = [
    "AD_TARGETING_COLUMNS",
    "ANONYMOUS_MEMBER",
    "CONNECTION_COLUMNS",
    "ENDORSEMENT_COLUMNS",
    "ENDORSEMENT_GIVEN_COLUMNS",
    "ESSENTIAL_ROLE",
    "INVITATION_COLUMNS",
    "MESSAGES_LEFT_OUT",
    "MESSAGE_COLUMNS",
    "PARSERS",
    "POSITION_COLUMNS",
    "PROFILE_COLUMNS",
    "RECOMMENDATION_COLUMNS",
    "SKILL_COLUMNS",
    "export_owner",
    "file_role",
    "has_name",
    "invitation_key",
    "message_key",
    "parse",
    "url_slug",
]
