"""What is shown for a person (name, company, position, URL), summed up from all their records."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from functools import lru_cache

from graphintro.identity import company_key, fold, name_key

_APPEARANCES = (
    "SELECT r.person_id, r.kind, r.name, r.company, r.position, r.url, r.headline, r.industry,"
    " r.ended_at, r.last_import_id, COALESCE(i.export_date, i.imported_at, '') AS seen"
    " FROM records r LEFT JOIN imports i ON i.id = r.last_import_id"
)


# ``_Appearances.row`` of a person whose row in ``people`` is ``values()`` of their summary as it stands.
_CURRENT = ()


class _Appearances:
    """What is shown for a person, summed up from their records taken in id order (see ``refresh_people``).

    The best-written name (the first of the best, as ``max`` keeps it), the first own record, the
    first URLs and the current job (the first of the best ``_job_rank``): a later record changes
    them only by being strictly better, so a record added afterwards needs no second look at the
    others."""

    __slots__ = ("any_url", "job", "job_rank", "name_rank", "named", "own", "own_url", "row")

    def __init__(self, row: tuple | None = None) -> None:
        # The person's row in ``people`` as last written, when known: the row read from the store
        # (all its columns), or, for a row this import wrote from a summary (``values``: its keys
        # and search text follow from what it shows), what it showed (``shown``), or ``_CURRENT``
        # while it shows this summary as it stands. The summaries of a team's people are kept
        # across its slices: the two short forms spare the row's keys and search text (about half
        # of a summary's bytes) while the person is not touched again.
        self.row = row
        self.name_rank: tuple | None = None
        self.named: tuple[str, str, str] = ("", "", "")  # name, headline, industry
        self.own: tuple[str, str] | None = None  # headline, industry of the first "self" record
        self.own_url = ""
        self.any_url = ""
        self.job_rank: tuple | None = None
        self.job: tuple[str, str] | None = None  # company, position

    def add(self, row: tuple) -> None:
        """One record: ``(person_id, kind, name, company, position, url, headline, industry, ended_at,
        last_import_id, seen)``, after all the person's records of lower id."""
        _, kind, name, company, position, url, headline, industry, ended_at, last_import_id, seen = row
        is_self = kind == "self"
        rank = (is_self, _name_quality(name))
        named = self.name_rank is None or rank > self.name_rank
        job_rank = None
        if company or position:
            # The current job: a member's own profile, then active ties, then the latest export.
            job_rank = (is_self and bool(company), ended_at is None, seen, last_import_id or 0)
            if self.job_rank is not None and not job_rank > self.job_rank:
                job_rank = None
        if self.row is _CURRENT and (
            is_self
            or (url and not self.any_url)
            or (named and (name, headline, industry) != self.named)
            or (job_rank is not None and (company, position) != self.job)
        ):
            # What the store's row shows, before this record changes it. A record that changes
            # nothing shown (the same name and job, found again in a teammate's export) leaves
            # it as it stands, and ``refresh_people`` passes the person by.
            self.row = self.shown()
        if named:
            self.name_rank, self.named = rank, (name, headline, industry)
        if is_self:
            if self.own is None:
                self.own = (headline, industry)
            if url and not self.own_url:
                self.own_url = url
        if url and not self.any_url:
            self.any_url = url
        if job_rank is not None:
            self.job_rank, self.job = job_rank, (company, position)

    def values(self, nkey: str | None = None, ckey: str | None = None, folded: str | None = None) -> tuple:
        """The ``people`` columns: name, name_key, company, company_key, position, url, headline,
        industry, is_member, search_text (the keys and folded name are computed unless given)."""
        name, company, position, url, headline, industry, is_member = self.shown()
        if folded is None:
            folded = fold(name)
        search_text = " ".join(
            part for part in (folded, fold(company), fold(position), fold(headline)) if part
        )
        return (
            name,
            name_key(name) if nkey is None else nkey,
            company,
            company_key(company) if ckey is None else ckey,
            position,
            url,
            headline,
            industry,
            is_member,
            search_text,
        )

    def shown(self) -> tuple:
        """What is shown, before any key is computed: name, company, position, url, headline,
        industry, is_member."""
        company, position = self.job or ("", "")  # no record tells a job
        headline, industry = self.own or self.named[1:]
        return (
            self.named[0],
            company,
            position,
            self.own_url or self.any_url,
            headline,
            industry,
            int(self.own is not None),
        )


def refresh_people(
    conn: sqlite3.Connection,
    person_ids: Iterable[int],
    shown: dict[int, _Appearances] | None = None,
    known: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Recompute what is shown for each person from all their appearances.

    The name is the best-written one (a member's own, else with accents and mixed case:
    "Hélène Le Gall" rather than "HELENE LE GALL"); the company and position are the most recent
    ones (by export date), since people change jobs; the URL is the member's own or any known one.
    People in ``known`` are already summed up in ``shown``; the others are read from the store
    (and their summaries kept in ``shown`` when given).
    """
    ids = sorted(set(person_ids))
    shown = {} if shown is None else shown
    cursor = conn.cursor()
    cursor.row_factory = None
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        unread = [pid for pid in chunk if pid not in known]
        summaries = {pid: shown[pid] for pid in chunk if pid in known}
        if unread:
            marks = ",".join("?" * len(unread))
            for pid in unread:
                shown.pop(pid, None)
            for row in cursor.execute(_APPEARANCES + f" WHERE r.person_id IN ({marks})", unread):
                summary = summaries.get(row[0])
                if summary is None:
                    summary = summaries[row[0]] = shown[row[0]] = _Appearances()
                summary.add(row)
        unknown = [pid for pid, summary in summaries.items() if summary.row is None]
        marks = ",".join("?" * len(unknown))
        current = (
            {
                row[0]: tuple(row[1:])
                for row in cursor.execute(
                    "SELECT id, name, name_key, company, company_key, position, url, headline, industry, is_member,"
                    f" search_text FROM people WHERE id IN ({marks})",
                    unknown,
                )
            }
            if unknown
            else {}
        )
        changed, same_keys = [], []
        for pid, summary in summaries.items():
            before = summary.row if summary.row is not None else current.get(pid)
            if before is _CURRENT:
                continue  # no record of theirs changed what the row shows
            # A row written from a summary is held as what it showed (its keys follow from that).
            derived = before is not None and len(before) == _SHOWN_LEN
            if before is not None and summary.shown() == (before if derived else _shown_of(before)):
                # (its keys and search text follow from what is shown)
                summary.row = _CURRENT if derived else before
                continue
            values = summary.values()
            if before is None:
                keys_changed = True
            elif derived:
                keys_changed = name_key(before[0]) != values[1] or company_key(before[1]) != values[3]
            else:
                keys_changed = before[1] != values[1] or before[3] != values[3]
            if keys_changed:
                changed.append((*values, pid))
            else:  # what is shown changed (see above), not the keys
                same_keys.append((values[0], values[2], *values[4:], pid))
            summary.row = _CURRENT
        conn.executemany(
            "UPDATE people SET name = ?, name_key = ?, company = ?, company_key = ?, position = ?, url = ?,"
            " headline = ?, industry = ?, is_member = ?, search_text = ? WHERE id = ?",
            changed,
        )
        # The same keys: their indexes are left alone (SQLite rewrites the index of any column set).
        conn.executemany(
            "UPDATE people SET name = ?, company = ?, position = ?, url = ?,"
            " headline = ?, industry = ?, is_member = ?, search_text = ? WHERE id = ?",
            same_keys,
        )


# The length of ``_Appearances.shown()`` (a ``people`` row has ten columns).
_SHOWN_LEN = 7


def _shown_of(values: tuple) -> tuple:
    """``_Appearances.shown`` of a ``people`` row as ``values`` gives it."""
    return (values[0], values[2], values[4], values[5], values[6], values[7], values[8])


@lru_cache(maxsize=1 << 16)
def _name_quality(name: str) -> tuple:
    """Mixed case beats capitals, accents beat none: how the person writes their own name.

    (Asked for each record summed up: a team's names repeat from export to export.)"""
    return (not name.isupper() and not name.islower(), not name.isascii(), len(name))
