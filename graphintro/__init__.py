"""graphintro: warm introduction paths, experts by topic and network quality from a team's exports.

The library is usable from a notebook::

    from graphintro import Store, import_paths, search_people
    store = Store("team.db")
    import_paths(store, ["Complete_LinkedInDataExport_11-02-2026.zip"], owner="Camille Rousseau")
    search_people(store, "achats")
"""

from graphintro.errors import AmbiguousNameError, GraphintroError, ImportFormatError, NotFoundError
from graphintro.ingest import ImportSummary, TeamExport, import_paths, import_team
from graphintro.people import merge_people, resolve_person, search_people, split_person, store_stats
from graphintro.store import Store

__version__ = "0.1.0"

__all__ = [
    "AmbiguousNameError",
    "GraphintroError",
    "ImportFormatError",
    "ImportSummary",
    "NotFoundError",
    "Store",
    "TeamExport",
    "import_paths",
    "import_team",
    "merge_people",
    "resolve_person",
    "search_people",
    "split_person",
    "store_stats",
]
