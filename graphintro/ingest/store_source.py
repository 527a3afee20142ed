"""The identity index's window on the store: the SQL behind ``IdentityIndex``'s lookups."""

from __future__ import annotations

import sqlite3


class _StoreSource:
    """The identity index's window on the store: indexed lookups, never a full scan."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def person_with_url(self, url_key: str) -> int | None:
        row = self.conn.execute(
            "SELECT person_id FROM records WHERE url_key = ? ORDER BY id LIMIT 1", (url_key,)
        ).fetchone()
        return row[0] if row else None

    def person_with_email(self, email_key: str) -> int | None:
        row = self.conn.execute(
            "SELECT person_id FROM records WHERE email_key = ? ORDER BY id LIMIT 1", (email_key,)
        ).fetchone()
        return row[0] if row else None

    def people_named(self, key: str) -> list[int]:
        return [
            r[0]
            for r in self.conn.execute("SELECT DISTINCT person_id FROM records WHERE name_key = ?", (key,))
        ]

    def some_named(self, key: str, limit: int) -> list[int]:
        """Up to ``limit`` of the people with a record named ``key``."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT person_id FROM records WHERE name_key = ? LIMIT ?", (key, limit)
            )
        ]

    def companies_of_named(self, key: str) -> list[str]:
        """The company keys of every record of the people with a record named ``key`` (found in the
        indexes alone: ``records_name`` holds the person, ``records_person_company`` their companies)."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT company_key FROM records WHERE person_id IN"
                " (SELECT person_id FROM records WHERE name_key = ?) AND company_key != ''",
                (key,),
            )
        ]

    def named_at(self, key: str, company_keys: list[str]) -> list[int]:
        """The people with a record named ``key`` and a record at one of ``company_keys``."""
        rows: list[int] = []
        for start in range(0, len(company_keys), 900):
            chunk = company_keys[start : start + 900]
            rows += (
                r[0]
                for r in self.conn.execute(
                    "SELECT person_id FROM (SELECT DISTINCT person_id FROM records WHERE name_key = ?) AS a"
                    " WHERE EXISTS (SELECT 1 FROM records b WHERE b.person_id = a.person_id"
                    f" AND b.company_key IN ({','.join('?' * len(chunk))})"
                    " AND b.company_key != '')",  # (what lets SQLite read the partial index)
                    (key, *chunk),
                )
            )
        return rows

    def names_at(self, key: str, limit: int) -> list[tuple[str, int]]:
        """The (name key, person) of the records at company ``key``, each at its first record, up to ``limit``."""
        return self.conn.execute(
            "SELECT name_key, person_id FROM records WHERE company_key = ? GROUP BY name_key, person_id"
            " ORDER BY MIN(id) LIMIT ?",
            (key, limit),
        ).fetchall()

    def _many(self, sql: str, keys: list) -> list[tuple]:
        rows: list[tuple] = []
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            rows += self.conn.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def people_with_urls(self, url_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT url_key, MIN(person_id) FROM records WHERE url_key IN ({marks}) GROUP BY url_key",
            url_keys,
        )

    def people_with_emails(self, email_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT email_key, MIN(person_id) FROM records WHERE email_key IN ({marks}) GROUP BY email_key",
            email_keys,
        )

    def people_named_many(self, name_keys: list[str]) -> list[tuple[str, int]]:
        return self._many(
            "SELECT DISTINCT name_key, person_id FROM records WHERE name_key IN ({marks})", name_keys
        )

    def appearances_of(self, person_ids: list[int]) -> list[tuple[int, str, str, str, str, bool]]:
        """Each person's distinct appearances (name, company, URL and email keys), each at its first
        record, people in ``person_ids``' order (see ``_DISTINCT_APPEARANCES``)."""
        return [
            (r[0], r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self._many(
                "SELECT r.person_id, r.name, r.company, r.url_key, r.email_key, p.is_member FROM records r"
                " JOIN people p ON p.id = r.person_id WHERE r.person_id IN ({marks})" + _DISTINCT_APPEARANCES,
                person_ids,
            )
        ]

    def appearances(self, person_id: int) -> list[tuple[str, str, str, str, bool]]:
        """One person's distinct appearances, as ``appearances_of``."""
        return [
            (r[1], r[2], r[3], r[4], bool(r[5]))
            for r in self.conn.execute(
                "SELECT r.person_id, r.name, r.company, r.url_key, r.email_key, p.is_member FROM records r"
                " JOIN people p ON p.id = r.person_id WHERE r.person_id = ?" + _DISTINCT_APPEARANCES,
                (person_id,),
            )
        ]


# A person's records that repeat one appearance (the same name, company, URL and email: a contact in
# the exports of several teammates) tell the identity index nothing more than the first one: its
# ``add`` of a repeat changes nothing. Each is read once, in the order of its first record, so the
# index is told the same things in the same order as from every record: at 1,000 x 1,000 the people
# an import looks up have 3.8 records per distinct appearance, each a Python call of the index.
_DISTINCT_APPEARANCES = (
    " GROUP BY r.person_id, r.name, r.company, r.url_key, r.email_key ORDER BY r.person_id, MIN(r.id)"
)
