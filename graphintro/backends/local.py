"""The embedded backend: the SQLite store and the CSR graph cached next to it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from graphintro.errors import UsageError
from graphintro.identity import company_key, fold
from graphintro.store import Store

if TYPE_CHECKING:
    from graphintro.graph import TieGraph


class LocalBackend:
    """Answers from the store; the whole graph is cached in memory-friendly arrays, so every
    question gets the same (complete) graph."""

    name = "local"

    def __init__(self, store: Store, graph: TieGraph | None = None) -> None:
        """``graph``: the store's graph when the caller already holds it (the web app keeps it in
        memory between requests); it must be the graph of the store as it is now."""
        self.store = store
        self._graph: TieGraph | None = graph

    def resolve_person(self, text: str, member_first: bool = False) -> int:
        from graphintro.people import resolve_person

        return resolve_person(self.store, text, member_first=member_first)

    def describe_people(self, ids: list[int]) -> list[dict]:
        from graphintro.people import summarize_people

        return summarize_people(self.store, ids)

    def team_members(self) -> list[int]:
        return [
            row[0]
            for row in self.store.conn.execute(
                "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL ORDER BY id"
            )
        ]

    def company_people(self, company: str, title: str | None = None) -> list[int]:
        return company_people(self.store, company, title)

    def people_count(self) -> int:
        return self.store.conn.execute("SELECT COUNT(*) FROM people WHERE merged_into IS NULL").fetchone()[0]

    def path_graph(self, sources: Iterable[int] = (), targets: Iterable[int] = (), max_hops: int = 4):
        from graphintro.graph import load_graph

        if self._graph is None:
            self._graph = load_graph(self.store)
        return self._graph

    def ties_evidence(
        self, graph, pairs: Iterable[tuple[int, int]], team: Iterable[int] | None = None
    ) -> dict[tuple[int, int], tuple[float, list[str]]]:
        from graphintro.graph import describe_ties

        return describe_ties(self.store, graph, pairs, team=team)

    def topic_candidates(
        self, query: tuple[str, ...], field: str | None = None, limit: int | None = None
    ) -> list[int]:
        from graphintro.backends.topic_index import _candidates
        from graphintro.topics import PROFILE_LIMIT

        return _candidates(self.store, query, field, limit or PROFILE_LIMIT)

    def profiles(self, ids: list[int]):
        from graphintro.backends.topic_index import _profiles

        return _profiles(self.store, ids)

    def topic_groups(self, query: tuple[str, ...]) -> list[int]:
        from graphintro.topics import analyze

        wanted = set(query)
        return [
            group_id
            for group_id, name, description in self.store.conn.execute(
                "SELECT id, name, description FROM groups ORDER BY id"
            )
            if wanted & set(analyze(f"{name} {description}"))
        ]

    def group_summaries(self, ids: list[int]) -> dict[int, tuple[str, int]]:
        found = {}
        for group_id in ids:
            found[group_id] = tuple(
                self.store.conn.execute(
                    "SELECT g.name, COUNT(DISTINCT r.person_id) FROM groups g JOIN memberships m ON m.group_id = g.id"
                    " JOIN records r ON r.id = m.record_id WHERE g.id = ?",
                    (group_id,),
                ).fetchone()
            )
        return found

    def team_network(self, targets=None, strong: float = 0.5):
        from graphintro.team_network import load_network

        return load_network(self.store, self.path_graph(), targets)

    def close(self) -> None:
        self.store.close()


def company_people(store: Store, company: str, title: str | None = None) -> list[int]:
    """People currently at ``company`` (accents and case ignored), optionally whose title has one of
    the ``|``-separated words of ``title`` ("VP|Directeur|Head")."""
    key = fold(company)
    if not key:
        raise UsageError("--company needs a name")
    keys = _company_keys_with_words(store, key)
    if keys is None:  # a name of legal forms alone ("SA"): every company read
        rows = store.conn.execute(
            "SELECT id, company, position FROM people WHERE merged_into IS NULL AND company != ''"
        ).fetchall()
    else:  # (``+merged_into``: else SQLite walks the index of the unmerged, nearly everyone)
        rows = store.conn.execute(
            "SELECT id, company, position FROM people WHERE company_key IN (SELECT value FROM json_each(?))"
            " AND +merged_into IS NULL AND company != '' ORDER BY id",
            (json.dumps(keys),),
        ).fetchall()
    words = [fold(w) for w in (title or "").split("|") if fold(w)]
    chosen = []
    for person_id, company_name, position in rows:
        folded = fold(company_name)
        if folded != key and f" {key} " not in f" {folded} ":
            continue
        if words and not any(f" {w} " in f" {fold(position)} " for w in words):
            continue
        chosen.append(person_id)
    return chosen


def _company_keys_with_words(store: Store, folded: str) -> list[str] | None:
    """The company keys that hold every word of ``folded`` but its legal forms: the only companies a
    whole-word match of ``folded`` can be found in (a company's key is its folded name, legal forms
    dropped), found among the distinct keys (the index ``people_company_key``) rather than by folding
    every person's company (20 s at 2,000 × 5,000). None when ``folded`` is legal forms alone."""
    words = set(company_key(folded).split())
    if not words:
        return None
    return [
        key
        for (key,) in store.conn.execute("SELECT DISTINCT company_key FROM people WHERE company_key != ''")
        if words <= set(key.split())
    ]
