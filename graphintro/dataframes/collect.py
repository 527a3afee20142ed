"""``frames``: every frame of a store at once, reading what several frames share only once."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from graphintro.dataframes.interactions import _interaction_views, interactions_frame
from graphintro.dataframes.tables import (
    asks_frame,
    groups_frame,
    members_frame,
    memberships_frame,
    people_frame,
)
from graphintro.dataframes.ties import ties_frame
from graphintro.dataframes.typed import FRAME_NAMES

if TYPE_CHECKING:
    from graphintro.store import Store


class Frames(dict):
    """The frames by name; also reachable as attributes (``frames(db).ties``)."""

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@contextmanager
def _opened(db: Store | str | Path | None):
    """A store for ``db``: a ``Store`` as it is, else the file (default: ``$GRAPHINTRO_DB``...), which
    must exist (reading must not create an empty store)."""
    from graphintro.store import Store

    if isinstance(db, Store):
        yield db
        return
    with Store(db, must_exist=True) as store:
        yield store


def frames(db: Store | str | Path | None = None, *, redact: bool = False) -> Frames:
    """The store as typed pandas DataFrames: ``people``, ``ties``, ``memberships``, ``groups``,
    ``interactions``, ``members`` and ``asks`` (see the module docstring and the README, "Data out").

    ``db``: a ``Store``, a path, or None for the default store. ``redact``: people outside the team
    as initials and a generalised role, their company as a sector when known, no URL or headline.
    """
    with _opened(db) as store:
        return read_frames(store, redact, FRAME_NAMES)


# What ``to_networkx`` reads: the interactions, members and asks frames are no part of the graph.
GRAPH_FRAMES = ("people", "ties", "memberships", "groups")


def read_frames(store: Store, redact: bool, names: tuple[str, ...]) -> Frames:
    """The frames ``names`` of the store, in the order of ``FRAME_NAMES`` (``to_networkx`` reads
    only the four it uses)."""
    views = _interaction_views(store)  # read once: the ties' evidence and the interactions frame
    builders = {
        "people": lambda: people_frame(store, redact=redact),
        "ties": lambda: ties_frame(store, views),
        "memberships": lambda: memberships_frame(store),
        "groups": lambda: groups_frame(store),
        "interactions": lambda: interactions_frame(store, views),
        "members": lambda: members_frame(store),
        "asks": lambda: asks_frame(store),
    }
    return Frames((name, builders[name]()) for name in FRAME_NAMES if name in names)
