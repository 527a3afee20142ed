"""graphintro: warm introduction paths, experts by topic and network quality from a team's exports.

The library is usable from a notebook::

    from graphintro import Store, import_paths, search_people

    store = Store("team.db")
    import_paths(store, ["Complete_LinkedInDataExport_11-02-2026.zip"], owner="Camille Rousseau")
    search_people(store, "achats")

The names below are imported on first use (PEP 562): ``graphintro path`` starts without loading
the importers, and a notebook pays only for what it touches.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "AmbiguousNameError": "graphintro.errors",
    "GraphintroError": "graphintro.errors",
    "ImportFormatError": "graphintro.errors",
    "NotFoundError": "graphintro.errors",
    "frames": "graphintro.dataframes",
    "to_networkx": "graphintro.dataframes",
    "ImportSummary": "graphintro.ingest",
    "TeamExport": "graphintro.ingest",
    "import_paths": "graphintro.ingest",
    "import_team": "graphintro.ingest",
    "merge_people": "graphintro.people",
    "resolve_person": "graphintro.people",
    "search_people": "graphintro.people",
    "split_person": "graphintro.people",
    "store_stats": "graphintro.people",
    "Store": "graphintro.store",
}

__all__ = [
    "AmbiguousNameError",
    "GraphintroError",
    "ImportFormatError",
    "ImportSummary",
    "NotFoundError",
    "Store",
    "TeamExport",
    "frames",
    "import_paths",
    "import_team",
    "merge_people",
    "resolve_person",
    "search_people",
    "split_person",
    "store_stats",
    "to_networkx",
]

if TYPE_CHECKING:
    from graphintro.dataframes import frames, to_networkx
    from graphintro.errors import AmbiguousNameError, GraphintroError, ImportFormatError, NotFoundError
    from graphintro.ingest import ImportSummary, TeamExport, import_paths, import_team
    from graphintro.people import merge_people, resolve_person, search_people, split_person, store_stats
    from graphintro.store import Store


def __getattr__(name: str):
    """Import an exported name's module when the name is first asked for."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'graphintro' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
