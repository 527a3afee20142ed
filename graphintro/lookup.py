"""Search as you type: ``people.search_people`` and ``profile.search_companies`` answered from a copy
of the store's search columns held in memory, for a process that answers many searches (the web app).

The same question, the same answer: a person matches when each folded word of the query starts a
word of their ``search_text`` (what ``LIKE '% word%'`` on ``' ' || search_text`` finds), in the same
order (members first, then by name key and id). A scan of the SQL table costs ~0.5 s at 250,000
people; one pass over a string of the same text in order stops at the ``limit``-th match.
``tests/test_lookup.py`` checks the answers against the SQL functions.
"""

from __future__ import annotations

import bisect

from graphintro.identity import fold
from graphintro.store import Store


class _Lines:
    """Lines (each starting with a space, as ``' ' || column``) joined in answer order, with the
    offset where each starts, so that a match's position gives its line."""

    def __init__(self, texts: list[str]) -> None:
        self.text = "\n".join(" " + text for text in texts) + "\n"
        self.starts = []
        position = 0
        for text in texts:
            self.starts.append(position)
            position += len(text) + 2

    def matching(self, words: list[str], limit: int) -> list[int]:
        """Indexes of the first ``limit`` lines in which every ``" " + word`` occurs."""
        if not words:
            return []
        anchor = max(words, key=len)
        others = [" " + word for word in words if word is not anchor]
        found: list[int] = []
        needle = " " + anchor
        position = self.text.find(needle)
        while position != -1 and len(found) < limit:
            line = bisect.bisect_right(self.starts, position) - 1
            start = self.starts[line]
            end = self.text.index("\n", position)
            if all(other in self.text[start:end] for other in others):
                found.append(line)
            position = self.text.find(needle, end)
        return found


class SearchIndex:
    """The people and companies of a store as ``search_people`` and ``search_companies`` see them."""

    def __init__(self, store: Store) -> None:
        people = store.conn.execute(
            "SELECT id, search_text FROM people WHERE merged_into IS NULL"
            " ORDER BY is_member DESC, name_key, id"
        ).fetchall()
        self._people_ids = [row[0] for row in people]
        self._people = _Lines([row[1] for row in people])
        companies = store.conn.execute(
            "SELECT company_key, MIN(company), COUNT(*) AS people FROM people WHERE merged_into IS NULL AND company != ''"
            " GROUP BY company_key ORDER BY people DESC, MIN(company)"
        ).fetchall()
        self._companies = [{"company": row[1], "people": row[2]} for row in companies]
        self._company_lines = _Lines([row[0] for row in companies])

    def people(self, query: str, limit: int) -> list[int]:
        """The ids of ``search_people(store, query, limit)``, in its order (describe or summarise them)."""
        return [self._people_ids[line] for line in self._people.matching(fold(query).split(), limit)]

    def companies(self, query: str, limit: int = 8) -> list[dict]:
        """``search_companies(store, query, limit)``."""
        return [
            dict(self._companies[line]) for line in self._company_lines.matching(fold(query).split(), limit)
        ]
