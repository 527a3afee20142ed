"""The identity index's window on the store (``ingest.store_source``): what it reads of the people an
import may be is what every one of their records would tell the index, in the same order."""

import sqlite3

import pytest

from graphintro.demo import generate_team
from graphintro.identity import IdentityIndex
from graphintro.ingest import FUZZY_COMPANY_MAX, import_team
from graphintro.ingest.store_source import _StoreSource
from graphintro.store import Store


class EveryRecord(_StoreSource):
    """The window as it was first written: one appearance per record, in the records' order."""

    def appearances_of(self, person_ids):
        return [
            (r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self._many(
                "SELECT r.person_id, r.name, r.company, r.url_key, r.email_key, p.is_member FROM records r"
                " JOIN people p ON p.id = r.person_id WHERE r.person_id IN ({marks}) ORDER BY r.person_id, r.id",
                person_ids,
            )
        ]

    def appearances(self, person_id):
        return [row[1:] for row in self.appearances_of([person_id])]


def state(index: IdentityIndex) -> dict:
    """Everything the index holds, dicts as their items in order (the order decides ties)."""

    def plain(value):
        if isinstance(value, dict):
            return [(key, plain(item)) for key, item in value.items()]
        if isinstance(value, set):
            return ("set", sorted(value, key=repr), list(value))
        return value

    return {name: plain(value) for name, value in vars(index).items() if name != "source"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A team whose members share contacts: a person seen in several exports has repeated appearances."""
    team = generate_team(tmp_path_factory.mktemp("team"), members=6, contacts=120, seed=11)
    db = tmp_path_factory.mktemp("store") / "team.db"
    with Store(db) as store:
        import_team(store, team.exports())
    return db


def test_a_person_seen_in_several_exports_is_told_to_the_index_as_every_record_tells_it(store):
    conn = sqlite3.connect(store)
    records = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    distinct = conn.execute(
        "SELECT COUNT(*) FROM (SELECT DISTINCT person_id, name, company, url_key, email_key FROM records)"
    ).fetchone()[0]
    assert distinct < records, "the team repeats appearances"
    rows = conn.execute("SELECT url_key, email_key, name_key FROM records ORDER BY id").fetchall()
    conn.close()
    with Store(store) as opened:
        read, every = (
            IdentityIndex(source(opened.conn), FUZZY_COMPANY_MAX) for source in (_StoreSource, EveryRecord)
        )
        for index in (read, every):
            # a file's worth of keys, then people looked up one by one (a URL, a member's records)
            index.prefetch([r[0] for r in rows[::3]], [r[1] for r in rows[::3]], [r[2] for r in rows[::3]])
            for person_id in range(1, 60):
                index.person(person_id)
        assert len(read.people) > 100
        assert state(read) == state(every)
