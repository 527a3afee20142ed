"""Synthetic team exports for demos, tests and benchmarks, written in the real export formats.

``generate_team(out_dir, members, contacts, seed)`` writes what a team would hand to
``graphintro import``: one LinkedIn "Complete" archive per member (``Connections.csv`` with its
"Notes:" preamble, ``messages.csv`` with multi-line contents, invitations, endorsements,
recommendations, positions, profile, skills, ad targeting), a Viadeo-style vCard 2.1
(ISO-8859-1, quoted-printable, CRLF) for member 2, a French spreadsheet (Windows-1252, ``;``)
for member 3, and ``groups.csv`` with group memberships. The quirks of ``docs/formats.md`` are
reproduced on purpose (empty rows, quoted commas, emoji, namesakes, URL variants, uppercase last
names) so that the real importers, not a friendly subset, are exercised.

The population is a pool of people with French and English names (accents, particles, namesakes
at different companies) working at real big employers and fictional SMEs, with mixed
French/English titles at six seniority levels. A member's contacts are drawn with skew: people at
the member's current and past employers, and "popular" people who therefore appear in several
members' exports, which is what makes the team's networks overlap. Members are in the pool and
appear in each other's ``Connections.csv``; a pair's messages are identical in both exports.

Planted scenarios (``members >= 3``; the names are returned in ``Team.planted``) are described
in ``scenario.py``: the user, a strong and a weak introducer, a target company reachable through
teammates, an expert on a topic and a decoy, a shallow and a deep member, two namesakes.

The package is one concept per module: ``catalogues`` (names, employers, titles, texts: the TOML
files of ``data/``), ``population`` (who exists), ``scenario`` (the planted stories, typed),
``world`` (the team: members, their ties to each other, groups), ``contents`` (what each file
says, as data), ``serialise`` (that data as rows), and ``writers`` (one writer per export format,
shared with ``tests/fixtures/make_fixtures.py``).

With ``history=True`` member 0 also gets the export of one month earlier
(``Complete_LinkedInDataExport_10-02-2026.zip``): contacts connected since then are absent, a few
lost contacts are present only there, and 2-3 contacts still hold their previous job
(``planted['job_changes']``, ``planted['lost_contacts']``).

Everything is deterministic by seed: no clock, no hash-ordered iteration, fixed ZIP timestamps.
"now" is 2026-11-02, the date in the archive names.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.demo.clock import NOW
from graphintro.demo.contents import build_export, earlier_snapshot
from graphintro.demo.serialise import (
    ARCHIVE_TIMES,
    EARLIER_EXPORT_NAME,
    EXPORT_NAME,
    archive_files,
    french_csv,
    groups_csv,
    viadeo_vcf,
)
from graphintro.demo.world import World, build_world
from graphintro.demo.writers.groups import GROUPS_HEADER
from graphintro.demo.writers.linkedin import (
    AD_TARGETING_HEADER,
    CONNECTIONS_HEADER,
    ENDORSEMENTS_GIVEN_HEADER,
    ENDORSEMENTS_RECEIVED_HEADER,
    INVITATIONS_HEADER,
    MESSAGES_HEADER_2026,
    MESSAGES_HEADER_DEC_2024,
    POSITIONS_HEADER,
    PROFILE_HEADER,
    RECOMMENDATIONS_HEADER,
    write_archive,
)
from graphintro.demo.writers.spreadsheet import FRENCH_CSV_HEADER

if TYPE_CHECKING:
    from graphintro.ingest import TeamExport

__all__ = [
    "AD_TARGETING_HEADER",
    "CONNECTIONS_HEADER",
    "EARLIER_EXPORT_NAME",
    "ENDORSEMENTS_GIVEN_HEADER",
    "ENDORSEMENTS_RECEIVED_HEADER",
    "EXPORT_NAME",
    "FRENCH_CSV_HEADER",
    "GROUPS_HEADER",
    "INVITATIONS_HEADER",
    "MESSAGES_HEADER_2026",
    "MESSAGES_HEADER_DEC_2024",
    "NOW",
    "POSITIONS_HEADER",
    "PROFILE_HEADER",
    "RECOMMENDATIONS_HEADER",
    "MemberExport",
    "Team",
    "generate_team",
]


@dataclass
class MemberExport:
    """One team member and the files to pass to ``graphintro import`` for them, oldest first."""

    name: str
    url: str
    company: str
    position: str
    files: list[Path]


@dataclass
class Team:
    """A generated team: where it lives, its members' files, the groups file and the planted names."""

    root: Path
    members: list[MemberExport]
    groups_file: Path
    planted: dict[str, str]

    def exports(self) -> list[TeamExport]:
        """What ``import_team`` takes: each member's files, then the group list (as the first member's)."""
        from graphintro.ingest import TeamExport

        first = self.members[0]
        return [TeamExport(m.name, m.files, m.url) for m in self.members] + [
            TeamExport(first.name, [self.groups_file], first.url)
        ]


def generate_team(
    out_dir: Path, members: int = 5, contacts: int = 300, seed: int = 7, history: bool = False
) -> Team:
    """Write a synthetic team's exports under ``out_dir`` and describe them.

    ``members`` exports of about ``contacts`` connections each (the shallow member has twice as
    many); same arguments, same bytes. See the module docstring for the planted scenarios.
    """
    if members < 1 or contacts < 20:
        raise ValueError("generate_team needs at least 1 member and 20 contacts per member")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    world = build_world(seed, members, contacts)
    exports = [_write_member(world, index, out_dir, history) for index in range(members)]
    groups_file = out_dir / "groups.csv"
    groups_file.write_bytes(groups_csv(world))
    return Team(root=out_dir, members=exports, groups_file=groups_file, planted=dict(world.planted))


def _write_member(world: World, index: int, out_dir: Path, history: bool) -> MemberExport:
    """Write member ``index``'s files (older archive first) and describe them."""
    pool = world.pool
    folder = out_dir / pool.slug[index]
    folder.mkdir(parents=True, exist_ok=True)
    export = build_export(world, index)
    rnd = random.Random(world.seed * 7_919 + index)
    files = []
    if history and index == 0:
        earlier, names = earlier_snapshot(world, export, rnd)
        world.planted.update(names)
        files.append(folder / EARLIER_EXPORT_NAME)
        write_archive(files[-1], archive_files(world, earlier), ARCHIVE_TIMES[EARLIER_EXPORT_NAME], 1)
    files.append(folder / EXPORT_NAME)
    write_archive(files[-1], archive_files(world, export), ARCHIVE_TIMES[EXPORT_NAME], 1)
    if index == 2:
        files.append(folder / "viadeo.vcf")
        files[-1].write_bytes(viadeo_vcf(world, export, rnd))
    if index == 3:
        files.append(folder / "contacts.csv")
        files[-1].write_bytes(french_csv(world, export, rnd))
    member = world.roster[index]
    return MemberExport(
        pool.name(index), pool.url(index), member.positions[0][0], member.positions[0][1], files
    )
