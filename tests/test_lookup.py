"""The web app's in-memory search (graphintro.lookup) gives the answers of the SQL searches, in
their order, on the demo team and on the hostile corpus's names."""

from __future__ import annotations

import hostile_corpus as corpus
import pytest

from graphintro.identity import fold
from graphintro.lookup import SearchIndex
from graphintro.people import search_people
from graphintro.profile import search_companies
from graphintro.store import Store


def queries(store: Store) -> list[str]:
    """Prefixes of real words (one and two words, accents and case as users type them), words in
    the middle of names, and words that find nothing."""
    found = [
        "a",
        "e",
        "zo",
        "ZOE FONT",
        "fontaine zoé",
        "société",
        "achats",
        "ache",
        "rssi",
        "d",
        "de la",
        "xyzzy",
        "fontaine nobody",
        "  ",
        "é",
        "-",
        "l'oréal",
        "1",
        "2023",
    ]
    for name, company, position in store.conn.execute(
        "SELECT name, company, position FROM people ORDER BY id LIMIT 400"
    ).fetchall()[::7]:
        words = fold(f"{name} {company} {position}").split()
        if words:
            found += [words[0][:3], " ".join(w[:2] for w in words[:2]), words[-1]]
    return found + [payload[:20] for payload in corpus.PAYLOADS[:12]]


@pytest.mark.parametrize("limit", [1, 8, 50])
def test_the_index_answers_what_the_sql_search_answers(demo_team_db, limit):
    with Store(demo_team_db) as store:
        index = SearchIndex(store)
        for query in queries(store):
            if not fold(query):
                continue
            assert index.people(query, limit) == [
                p["id"] for p in search_people(store, query, limit=limit)
            ], query
            assert index.companies(query, limit) == search_companies(store, query, limit), query
