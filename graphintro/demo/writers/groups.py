"""``groups.csv``: the team's list of group memberships, one row per (group, person).

The format is graphintro's own (README, "Supported formats"): UTF-8, a header, LF line endings,
the group's description repeated on each of its rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphintro.demo.writers import table

GROUPS_HEADER = ("group", "name", "url", "email", "role", "posts", "joined", "description")


def groups_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """The file's bytes for rows in ``GROUPS_HEADER`` order."""
    return table.text([GROUPS_HEADER, *rows], final_eol=True).encode("utf-8")
