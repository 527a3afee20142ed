"""graphintro: warm introduction paths, experts by topic and network quality from a team's exports.

The library is usable from a notebook, through the same workspace as the CLI and the web app
(every write through it is followed by what must follow it: the Neo4j mirror, fresh answers)::

    import graphintro

    with graphintro.open("team.db", create=True) as workspace:
        workspace.import_paths(["Complete_LinkedInDataExport_11-02-2026.zip"], owner="Camille Rousseau")
        graphintro.search_people(workspace.store, "achats")

``open`` is left out of ``__all__``: ``from graphintro import *`` must not hide the built-in ``open``.

The names below are imported on first use (PEP 562): ``graphintro path`` starts without loading
the importers, and a notebook pays only for what it touches.
"""

from __future__ import annotations

import importlib

# typing.TYPE_CHECKING, read as such by mypy, without importing typing at each start
TYPE_CHECKING = False

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
    "Workspace": "graphintro.workspace",
    "open": "graphintro.workspace",
}

__all__ = [
    "AmbiguousNameError",
    "GraphintroError",
    "ImportFormatError",
    "ImportSummary",
    "NotFoundError",
    "Store",
    "TeamExport",
    "Workspace",
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
    from graphintro.workspace import Workspace
    from graphintro.workspace import open as open  # re-exported: graphintro.open, not in __all__


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
