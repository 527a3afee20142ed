"""The writes of one import transaction: records placed on people (identity resolved on the way),
interactions, profile facts and group memberships, and the contacts a newer export no longer lists.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, replace

from graphintro.identity import (
    IdentityIndex,
    companies_agree,
    company_key,
    email_company_key,
    fold,
    normalize_email,
    normalize_url,
)
from graphintro.importers.model import InteractionRow, MembershipRow, ParsedSource, PersonRow
from graphintro.ingest.owner_book import _OwnerBook
from graphintro.ingest.parsing import learned_owner_url, row_keys
from graphintro.ingest.people_view import _Appearances, refresh_people
from graphintro.ingest.store_source import _StoreSource
from graphintro.ingest.summary import FileSummary, ImportSummary, Progress, TeamExport
from graphintro.store import Store, inserted_id, now_iso

# Near-identical names are looked for among the people of the same company, up to this many
# appearances: beyond, the exact name + company rule alone decides (fuzzy would cost more than it finds).
FUZZY_COMPANY_MAX = 3000

# A team's import keeps its identity index in memory up to this many people (about 3 GB: 0.74 KB a
# person, measured at 87k people), then looks people up in the store (``_Writer.start_slice``), where
# each row costs several times more: a team of 2,000 members of 5,000 contacts (3.3M people) keeps it.
INDEX_PEOPLE_MAX = 4_000_000

# A team's import keeps what it showed for each person (``_Appearances``) across its slices up to
# this many people, then forgets them at the next slice and reads each back whole, all their
# records, when an export touches them again: a cost that grows with the store (measured at
# 100 x 3,000 with slices scaled down: the re-read records per export grew with the exports).
SHOWN_PEOPLE_MAX = 4_000_000

# After an import, its identity index and summaries stay in the process for the next import into
# the same store (the web app's, a script's) up to this many people (about 1.4 GB): beyond, they
# are dropped, and the next import reads people from the store. At 3.3M people they held ~4.5 GB,
# which the graph built next in the same process added to: 8.8 GB, over the 8 GB the team allows.
KEPT_PEOPLE_MAX = 1_000_000


class _Writer:
    """State of one import transaction: the identity index and the people it touched."""

    def __init__(self, conn: sqlite3.Connection, progress: Progress | None) -> None:
        self.conn = conn
        self.progress = progress
        self.touched: set[int] = set()
        self.any_forgotten = conn.execute("SELECT 1 FROM forgotten LIMIT 1").fetchone() is not None
        self.now = now_iso()
        # Records above this id are this import's; people whose older records changed are re-read whole.
        self.last_old_record = conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        # Built from an empty store, the index sees every record written: it never needs to look one up.
        self.index = IdentityIndex(_StoreSource(conn) if self.last_old_record else None, FUZZY_COMPANY_MAX)
        # What each person's records add up to (see ``_Appearances``), kept between imports of a process.
        self.shown: dict[int, _Appearances] = {}
        self.reread: set[int] = set()
        self._groups: dict[str, tuple[int, bool]] = {}
        # The records this export wrote, as ``_APPEARANCES`` reads them (``refresh_people``), by id.
        self._written: dict[int, tuple] = {}
        self._seen: dict[int, str] = {}  # import id -> its ``seen`` (``_APPEARANCES``)

    def reuse_index(self, store: Store) -> None:
        """Keep the identity index of this store's previous import when nothing else wrote since."""
        cached = getattr(store, "_identity_cache", None)
        store._identity_cache = None  # taken: a failed import must not leave a half-updated index behind
        if cached and cached[0] == store.generation:
            self.index = cached[1]
            if self.index.source is not None:
                self.index.source = _StoreSource(self.conn)
            self.shown = cached[2]
        self._record_person: dict[int, int] = {}

    def kept_for_next(self, after_commit: int) -> tuple | None:
        """What ``Store._identity_cache`` keeps for the next import of this process (see
        ``reuse_index``): nothing past ``KEPT_PEOPLE_MAX`` people, so that memory is given back."""
        if len(self.index.people) > KEPT_PEOPLE_MAX:
            return None
        return (after_commit, self.index, self.shown)

    def start_slice(self) -> bool:
        """Forget what this transaction holds in memory of the people written so far; whether the
        identity index now reads people from the store (its lookup indexes must then be there).

        Each record's person is dropped at every slice (read back as needed); each person's
        summary (what the store shows of them) once there are more than ``SHOWN_PEOPLE_MAX``: a
        summary dropped is read back from all the person's records. The identity index (about 0.75 KB a person) is
        dropped once it holds more than ``INDEX_PEOPLE_MAX`` people: from then on it looks them
        up in the store, as any import into a store that has people does, and finds the same
        people, at several times the writer's time per row."""
        if len(self.shown) > SHOWN_PEOPLE_MAX:
            self.shown = {}
        self._record_person = {}
        if len(self.index.people) <= INDEX_PEOPLE_MAX:
            return self.index.source is not None
        fresh = IdentityIndex(_StoreSource(self.conn), FUZZY_COMPANY_MAX)
        fresh.keep_companies_of(self.index)
        self.index = fresh
        return True

    def person_of(self, record_id: int) -> int:
        if record_id not in self._record_person:
            row = self.conn.execute("SELECT person_id FROM records WHERE id = ?", (record_id,)).fetchone()
            self._record_person[record_id] = row[0]
        return self._record_person[record_id]

    def write_export(self, export: TeamExport, parsed: list[ParsedSource]) -> ImportSummary:
        """One member's parsed exports: their own record, each source, then the people touched."""
        owner_record = self.resolve_owner(
            export.owner.strip(), export.owner_url or learned_owner_url(parsed), parsed
        )
        summaries = [self.write_source(owner_record, source) for source in parsed]
        self.refresh_people()
        owner_person = self.person_of(owner_record)
        owner_name = self.conn.execute("SELECT name FROM people WHERE id = ?", (owner_person,)).fetchone()[0]
        # The next export of the same transaction starts from here.
        self.touched, self.reread = set(), set()
        self._written = {}
        self.last_old_record = self.conn.execute("SELECT COALESCE(MAX(id), 0) FROM records").fetchone()[0]
        return ImportSummary(owner_person, owner_name, summaries)

    # -- people and records -------------------------------------------------------------------

    def _new_person(self, row: PersonRow, kind: str) -> int:
        """A person for ``row``, shown as that one record shows them.

        Written with the values the refresh at the end of the import will find, unless more
        records join them: each indexed column of ``people`` is written once, not twice."""
        first = _Appearances()
        first.add((None, kind, row.name, row.company, row.position, row.url, "", "", None, 0, ""))
        nkey, ckey, _, _, folded = row_keys(row)
        values = first.values(nkey, ckey, folded)
        cursor = self.conn.execute(
            "INSERT INTO people (name, name_key, company, company_key, position, url, headline, industry, is_member,"
            " search_text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*values, self.now),
        )
        # All the records of a person created now are this import's: summed up from them alone,
        # and told to the identity index one by one.
        person_id = inserted_id(cursor)
        self.shown[person_id] = _Appearances(first.shown())  # the row written is ``first.values()``
        self.index.known_whole(person_id)
        return person_id

    def _insert_record(
        self,
        person_id: int,
        owner_record: int | None,
        kind: str,
        source: str,
        row: PersonRow,
        import_id: int | None,
        is_connection: bool,
        reason: str,
        keys: tuple[str, str, str, str, str] | None = None,
    ) -> int:
        nkey, ckey, url_key, email_key, _ = row_keys(row) if keys is None else keys
        cursor = self.conn.execute(
            "INSERT INTO records (person_id, owner_record_id, kind, source, is_connection, name, name_key,"
            " first_name, last_name, company, company_key, position, url, url_key, email, email_key, phone,"
            " connected_on, file, line, first_import_id, last_import_id, link_reason)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                person_id,
                owner_record,
                kind,
                source,
                int(is_connection),
                row.name,
                nkey,
                row.first_name,
                row.last_name,
                row.company,
                ckey,
                row.position,
                row.url,
                url_key,
                row.email,
                email_key,
                row.phone,
                row.connected_on,
                row.file,
                row.line,
                import_id,
                import_id,
                reason,
            ),
        )
        record_id = inserted_id(cursor)
        self._record_person[record_id] = person_id
        # As ``_APPEARANCES`` reads it (headline and industry: the defaults; see ``refresh_people``).
        seen = self._seen.get(import_id, "") if import_id is not None else ""
        self._written[record_id] = (
            person_id,
            kind,
            row.name,
            row.company,
            row.position,
            row.url,
            "",
            "",
            None,
            import_id,
            seen,
        )
        self.index.add(person_id, row.name, row.company, url_key, email_key, nkey=nkey, ckey=ckey)
        self.touched.add(person_id)
        return record_id

    def _place(
        self,
        row: PersonRow,
        owner_record: int | None,
        kind: str,
        source: str,
        import_id: int,
        is_connection: bool,
        apart_from: set[int] | frozenset[int] = frozenset(),
    ) -> tuple[int, bool]:
        """A new record for ``row``: attached to the person it matches, else to a new person.

        ``apart_from``: people another row of the same file already is. Two rows of one file are
        two accounts (two namesakes at near-identical companies in one Connections.csv): only the
        same profile URL or e-mail, which two accounts cannot share, joins them."""
        owner_person = None if owner_record is None else self.person_of(owner_record)
        record_id, _, merged = self._placed(
            row, row_keys(row), owner_record, owner_person, kind, source, import_id, is_connection, apart_from
        )
        return record_id, merged

    def _placed(
        self,
        row: PersonRow,
        keys: tuple[str, str, str, str, str],
        owner_record: int | None,
        owner_person: int | None,
        kind: str,
        source: str,
        import_id: int,
        is_connection: bool,
        apart_from: set[int] | frozenset[int],
    ) -> tuple[int, int, bool]:
        """``_place`` given the row's keys and the owner's person (None without an owner record),
        which a file's rows share: (the record, its person, whether it joined someone known)."""
        nkey, ckey, url_key, email_key, _ = keys
        person_id, reason = self.index.match(row.name, row.company, url_key, email_key, nkey=nkey, ckey=ckey)
        if person_id in apart_from and reason not in ("same profile URL", "same email"):
            person_id = None
        merged = person_id is not None and person_id != owner_person
        if not merged:
            person_id, reason = self._new_person(row, kind), "new"
        assert person_id is not None  # a match, or the new person
        record_id = self._insert_record(
            person_id, owner_record, kind, source, row, import_id, is_connection, reason, keys
        )
        return record_id, person_id, merged

    def resolve_owner(self, owner: str, owner_url: str, parsed: list[ParsedSource]) -> int:
        """The owner's own record ("self"), created on their first import and reused afterwards."""
        profile = next((p.profile for p in parsed if p.profile.get("name")), {})
        current_jobs = [pos for p in parsed for pos in p.positions if not pos.finished_on]
        company = current_jobs[0].company if current_jobs else ""
        position = current_jobs[0].title if current_jobs else ""
        person_id, reason = self.index.match_owner(owner, company, normalize_url(owner_url))
        if person_id is not None:
            # An owner record has no owner (see below): found among the few records of
            # ``records_own``, not among the hundreds this person has in teammates' exports (all
            # of which a member's first export, with no record of their own yet, read: 2 % of a
            # team's import at 1,000 x 1,000).
            found = self.conn.execute(
                "SELECT id FROM records INDEXED BY records_own WHERE person_id = ? AND owner_record_id IS NULL"
                " AND kind = 'self' ORDER BY id LIMIT 1",
                (person_id,),
            ).fetchone()
            if found:
                record_id = found[0]
                self._update_self(record_id, owner_url, company, position, profile)
                return record_id
        row = PersonRow(name=owner, company=company, position=position, url=owner_url)
        if person_id is None:
            person_id, reason = self._new_person(row, "self"), "new"
        record_id = self._insert_record(person_id, None, "self", "owner", row, None, False, reason)
        self.conn.execute(
            "UPDATE records SET headline = ?, industry = ? WHERE id = ?",
            (profile.get("headline", ""), profile.get("industry", ""), record_id),
        )
        self.conn.execute("UPDATE people SET is_member = 1 WHERE id = ?", (person_id,))
        self.reread.add(person_id)
        self.index.add(person_id, owner, company, is_member=True)
        return record_id

    def _update_self(
        self, record_id: int, owner_url: str, company: str, position: str, profile: dict
    ) -> None:
        """A newer export may tell the owner's URL, current job or headline: keep the latest."""
        updates = {
            "url": owner_url,
            "url_key": normalize_url(owner_url),
            "company": company,
            "company_key": company_key(company),
            "position": position,
            "headline": profile.get("headline", ""),
            "industry": profile.get("industry", ""),
        }
        for column, value in updates.items():
            if value:
                self.conn.execute(f"UPDATE records SET {column} = ? WHERE id = ?", (value, record_id))
        self.index.add(self.person_of(record_id), "", company, normalize_url(owner_url))
        self.touched.add(self.person_of(record_id))
        self.reread.add(self.person_of(record_id))

    # -- one source ---------------------------------------------------------------------------

    def _insert_import(self, owner_record: int | None, source: ParsedSource, sha: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO imports (owner_record_id, path, format, source, sha256, export_date, imported_at)"
            " VALUES (?,?,?,?,?,?,?)",
            (owner_record, source.path, source.format, source.source, sha, source.export_date, self.now),
        )
        import_id = inserted_id(cursor)
        self._seen[import_id] = source.export_date if source.export_date is not None else self.now
        return import_id

    def write_source(self, owner_record: int, source: ParsedSource) -> FileSummary:
        """Write one parsed path for the owner; a file already imported for them adds nothing."""
        summary = FileSummary(
            path=source.path,
            format=source.format,
            status="imported",
            skipped=[{"file": s.file, "line": s.line, "reason": s.reason} for s in source.skipped],
            files=source.files_read,
            unknown_files=source.unknown_files,
            skipped_files=[s.to_dict() for s in source.skipped_files],
            warnings=[w.to_dict() for w in source.warnings],
            export_owner=source.export_owner.to_dict() if source.export_owner else None,
            messages_left_out=dict(source.messages_left_out),
        )
        duplicate = self.conn.execute(
            "SELECT id FROM imports WHERE sha256 = ? AND owner_record_id = ?",
            (source.fingerprint, owner_record),
        ).fetchone()
        if duplicate:
            summary.status = "already imported"
            return summary
        newest = self._newest_export(owner_record, source)
        import_id = self._insert_import(owner_record, source, source.fingerprint)
        self.conn.execute("UPDATE records SET last_import_id = ? WHERE id = ?", (import_id, owner_record))
        self.reread.add(self.person_of(owner_record))
        # An owner with no record yet (a member's first export): the records they have once the
        # contacts are written are exactly those ``book`` was told, in the same order (no contact
        # of one file updates another's record), so it is not read back from the store.
        first = (
            self.conn.execute(
                "SELECT 1 FROM records WHERE owner_record_id = ? LIMIT 1", (owner_record,)
            ).fetchone()
            is None
        )
        book = _OwnerBook() if first else self._owner_book(owner_record, source.source)
        self._write_contacts(owner_record, source, import_id, book, summary, ended_by=newest)
        everyone = book if first else self._owner_book(owner_record, None)
        self._write_interactions(owner_record, source, import_id, everyone, summary)
        self._write_profile_facts(owner_record, source, import_id)
        self._write_memberships(owner_record, source, import_id, everyone, summary)
        if source.has_connections and newest is None and not first:
            # (an owner with no record before this file has none it could end: all are this import's)
            summary.ended = self._end_vanished(owner_record, source, import_id)
        self.conn.execute(
            "UPDATE imports SET summary = ? WHERE id = ?", (json.dumps(asdict(summary)), import_id)
        )
        return summary

    def _owner_book(self, owner_record: int, source: str | None) -> _OwnerBook:
        book = _OwnerBook()
        query = "SELECT id, name_key, company_key, url_key, email FROM records WHERE owner_record_id = ?"
        args: tuple = (owner_record,)
        if source is not None:
            query += " AND source = ? AND is_connection = 1"
            args = (owner_record, source)
        for row in self.conn.execute(query + " ORDER BY is_connection DESC, id", args):
            book.add(row[0], row[1], row[2], row[3], normalize_email(row[4]))
        return book

    def _write_contacts(
        self,
        owner_record: int,
        source: ParsedSource,
        import_id: int,
        book: _OwnerBook,
        summary: FileSummary,
        ended_by: str | None = None,
    ) -> None:
        """Each contact row: the owner's record updated, or a new record placed by identity.

        ``ended_by`` (an older export imported late) leaves known contacts as the newer export
        has them and adds the others as ended on the newer export's date."""
        names_in_file = Counter(row_keys(c)[0] for c in source.contacts)
        self.index.prefetch(
            (row_keys(c)[2] for c in source.contacts),
            (row_keys(c)[3] for c in source.contacts),
            names_in_file,
        )
        seen: set[int] = set()
        in_file: set[int] = set()  # the people this file's rows are: never one another (see ``_place``)
        total = len(source.contacts)
        owner_person = self.person_of(owner_record)  # (the same for every row)
        any_forgotten = self.any_forgotten
        for number, row in enumerate(source.contacts, start=1):
            if any_forgotten and self._forgotten(row):
                summary.skipped.append({"file": row.file, "line": row.line, "reason": "forgotten person"})
                continue
            keys = row_keys(row)
            nkey, ckey, url_key, email_key, _ = keys
            existing = book.find(nkey, ckey, url_key, email_key, name_alone=names_in_file[nkey] == 1)
            if existing is not None and existing not in seen:
                if ended_by is None:
                    self._update_contact(existing, row, import_id, summary)
                seen.add(existing)
                in_file.add(self.person_of(existing))
            else:
                record_id, person_id, merged = self._placed(
                    row, keys, owner_record, owner_person, "contact", source.source, import_id, True, in_file
                )
                in_file.add(person_id)
                if ended_by is not None:
                    self.conn.execute("UPDATE records SET ended_at = ? WHERE id = ?", (ended_by, record_id))
                    written = self._written[record_id]
                    self._written[record_id] = (*written[:8], ended_by, *written[9:])
                    summary.ended += 1
                book.add(record_id, nkey, ckey, url_key, email_key)
                seen.add(record_id)
                summary.merged += merged
                summary.new_people += not merged
            summary.contacts += 1
            if self.progress and (number % 500 == 0 or number == total):
                self.progress(number, total)

    def _update_contact(self, record_id: int, row: PersonRow, import_id: int, summary: FileSummary) -> None:
        """A contact listed again: bring the record up to date and keep what changed as history."""
        nkey, ckey, url_key, email_key, _ = row_keys(row)
        old = self.conn.execute(
            "SELECT company, position, url, email, connected_on, ended_at, person_id, is_connection FROM records"
            " WHERE id = ?",
            (record_id,),
        ).fetchone()
        # The identity index knows the person as the store has them before this update (their old
        # company stays theirs), as when every namesake of the file was read before its rows.
        self.index.person(old["person_id"])
        changed = False
        for column in ("company", "position"):
            new_value = getattr(row, column)
            if new_value and old[column] and new_value != old[column]:
                self.conn.execute(
                    "INSERT INTO record_changes (record_id, import_id, field, old_value, new_value, changed_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (record_id, import_id, column, old[column], new_value, self.now),
                )
                changed = True
        summary.job_changes += changed
        summary.updated += _record_changes(old, row)
        self.conn.execute(
            "UPDATE records SET last_import_id = ?, ended_at = NULL, is_connection = 1,"
            " company = COALESCE(NULLIF(?, ''), company), company_key = COALESCE(NULLIF(?, ''), company_key),"
            " position = COALESCE(NULLIF(?, ''), position), url = COALESCE(NULLIF(?, ''), url),"
            " url_key = COALESCE(NULLIF(?, ''), url_key), email = COALESCE(NULLIF(?, ''), email),"
            " email_key = COALESCE(NULLIF(?, ''), email_key), connected_on = COALESCE(connected_on, ?) WHERE id = ?",
            (
                import_id,
                row.company,
                ckey,
                row.position,
                row.url,
                url_key,
                row.email,
                email_key,
                row.connected_on,
                record_id,
            ),
        )
        # What the record now says, for later rows (a name only with a job change, as it always was).
        self.index.add(
            old["person_id"],
            row.name if changed else "",
            row.company,
            url_key,
            email_key,
            nkey=nkey if changed else "",
            ckey=ckey,
        )
        self.touched.add(old["person_id"])
        self.reread.add(old["person_id"])

    def _peer_record(
        self,
        owner_record: int,
        peer: PersonRow,
        source: ParsedSource,
        import_id: int,
        book: _OwnerBook,
        kind: str,
    ) -> tuple[int, bool]:
        """The owner's record for someone named in a message, an endorsement or a group list."""
        nkey, ckey, url_key, email_key, _ = row_keys(peer)
        if self._is_owner(owner_record, nkey, ckey or email_company_key(email_key), url_key):
            return owner_record, False  # the owner in their own group list or message thread
        found = book.find(nkey, ckey, url_key, email_key, name_alone=True)
        if found is None and url_key and nkey:
            found = book.find(
                nkey, ckey, "", email_key, name_alone=True
            )  # URL known here, not in Connections
        if found is not None:
            return found, False
        if not peer.name:
            peer = replace(peer, name=url_key.rsplit("/", 1)[-1] if url_key else "", keys=None)
        record_id, _ = self._place(peer, owner_record, kind, source.source, import_id, False)
        book.add(record_id, nkey, ckey, url_key, email_key)
        return record_id, True

    def _forgotten(self, row: PersonRow) -> bool:
        """A person erased with ``graphintro forget`` stays erased when an old export comes back."""
        if not self.any_forgotten:
            return False
        from graphintro.forgotten import is_forgotten

        return is_forgotten(self.conn, row.name, row.company, row.url, row.email)

    def _is_owner(self, owner_record: int, nkey: str, ckey: str, url_key: str) -> bool:
        """Whether a person named in the owner's own files is the owner: same URL, or same name and
        no conflicting URL or company."""
        owner = self.index.person(self.person_of(owner_record))
        if owner is None:
            return False
        if url_key:
            return url_key in owner.urls
        if not nkey or nkey not in owner.name_keys:
            return False
        return not ckey or not owner.company_keys or companies_agree({ckey}, owner.company_keys)

    def _write_interactions(
        self, owner_record: int, source: ParsedSource, import_id: int, book: _OwnerBook, summary: FileSummary
    ) -> None:
        rows: list[InteractionRow] = source.interactions
        written = []
        any_forgotten = self.any_forgotten
        for interaction in rows:
            peer = interaction.peer
            if (not peer.name and not peer.url) or (any_forgotten and self._forgotten(peer)):
                continue
            record_id, _ = self._peer_record(owner_record, peer, source, import_id, book, "contact")
            written.append(
                (
                    record_id,
                    import_id,
                    interaction.kind,
                    interaction.direction,
                    interaction.at,
                    interaction.detail,
                    interaction.key,
                )
            )
        cursor = self.conn.executemany(
            "INSERT OR IGNORE INTO interactions (record_id, import_id, kind, direction, at, detail, key)"
            " VALUES (?,?,?,?,?,?,?)",
            written,
        )
        summary.interactions += max(cursor.rowcount, 0)

    def _write_profile_facts(self, owner_record: int, source: ParsedSource, import_id: int) -> None:
        for position in source.positions:
            self.conn.execute(
                "INSERT OR IGNORE INTO positions (record_id, import_id, company, company_key, title, started_on,"
                " finished_on) VALUES (?,?,?,?,?,?,?)",
                (
                    owner_record,
                    import_id,
                    position.company,
                    company_key(position.company),
                    position.title,
                    position.started_on,
                    position.finished_on,
                ),
            )
        for skill in source.skills:
            self.conn.execute(
                "INSERT OR IGNORE INTO skills (record_id, import_id, name) VALUES (?,?,?)",
                (owner_record, import_id, skill),
            )

    def _group_id(self, membership: MembershipRow) -> int:
        key = fold(membership.group)
        # (id, has a description) of the groups this import has seen: one look-up per group, not per member.
        row = self._groups.get(key)
        if row is None:
            row = self.conn.execute(
                "SELECT id, description FROM groups WHERE name_key = ?", (key,)
            ).fetchone()
            if row is None:
                group_id = inserted_id(
                    self.conn.execute(
                        "INSERT INTO groups (name, name_key, description) VALUES (?,?,?)",
                        (membership.group, key, membership.description),
                    )
                )
                self._groups[key] = (group_id, bool(membership.description))
                return group_id
            row = self._groups[key] = (row[0], bool(row[1]))
        if membership.description and not row[1]:
            self.conn.execute(
                "UPDATE groups SET description = ? WHERE id = ?", (membership.description, row[0])
            )
            self._groups[key] = (row[0], True)
        return row[0]

    def _write_memberships(
        self, owner_record: int, source: ParsedSource, import_id: int, book: _OwnerBook, summary: FileSummary
    ) -> None:
        for membership in source.memberships:
            if membership.person is not None and self._forgotten(membership.person):
                continue
            if membership.person is None:
                record_id = owner_record
            else:
                record_id, created = self._peer_record(
                    owner_record, membership.person, source, import_id, book, "group member"
                )
                summary.new_people += created
            cursor = self.conn.execute(
                "INSERT INTO memberships (group_id, record_id, import_id, role, posts, joined) VALUES (?,?,?,?,?,?)"
                " ON CONFLICT(group_id, record_id) DO UPDATE SET role = excluded.role,"
                " posts = MAX(posts, excluded.posts), joined = COALESCE(joined, excluded.joined)",
                (
                    self._group_id(membership),
                    record_id,
                    import_id,
                    membership.role,
                    membership.posts,
                    membership.joined,
                ),
            )
            summary.memberships += cursor.rowcount

    def _newest_export(self, owner_record: int, source: ParsedSource) -> str | None:
        """The date of a newer export of this owner already imported, when ``source`` is older than it.

        An older export imported late is history, not news: it changes nothing the newer one says,
        and the contacts only it lists were gone by the newer export's date.
        """
        latest = self.conn.execute(
            "SELECT MAX(export_date) FROM imports WHERE owner_record_id = ? AND source = ?",
            (owner_record, source.source),
        ).fetchone()[0]
        older = latest and source.export_date_known and source.export_date and source.export_date < latest
        return latest if older else None

    def _end_vanished(self, owner_record: int, source: ParsedSource, import_id: int) -> int:
        """Contacts a newer export no longer lists are ended (kept, dated), never deleted."""
        ended_at = source.export_date or self.now[:10]
        # Their people are not refreshed now, but must be read whole when they are next.
        for (person_id,) in self.conn.execute(
            "SELECT DISTINCT person_id FROM records WHERE owner_record_id = ? AND source = ? AND is_connection = 1"
            " AND ended_at IS NULL AND last_import_id != ?",
            (owner_record, source.source, import_id),
        ):
            self.shown.pop(person_id, None)
        cursor = self.conn.execute(
            "UPDATE records SET ended_at = ? WHERE owner_record_id = ? AND source = ? AND is_connection = 1"
            " AND ended_at IS NULL AND last_import_id != ?",
            (ended_at, owner_record, source.source, import_id),
        )
        return cursor.rowcount

    # -- people's displayed attributes --------------------------------------------------------

    def refresh_people(self) -> None:
        """Recompute the name, company, position and URL shown for every person this import touched.

        A person already summed up by an earlier import of this process, none of whose older records
        changed since, is brought up to date from this import's new records alone: as they were
        written (``_written``), not read back. A record of theirs is only changed after its insert by
        ``ended_by`` (kept in ``_written``); the records changed otherwise (the owner's own, a contact
        listed again, the contacts a newer export ends) are their people's, who are read whole
        (``reread``, or their summaries dropped)."""
        known = {pid for pid in self.touched if pid in self.shown and pid not in self.reread}
        if known:
            for row in self._written.values():  # in id order
                if row[0] in known:
                    self.shown[row[0]].add(row)
        refresh_people(self.conn, self.touched, self.shown, known)


def _record_changes(old: sqlite3.Row, row: PersonRow) -> bool:
    """Whether listing ``row`` again changes what the record ``old`` says (the UPDATE of
    ``_update_contact``): a re-saved file that changed nothing updates nothing, whatever its bytes."""
    return (
        old["ended_at"] is not None
        or not old["is_connection"]
        or any(
            new and new != old[column]
            for column, new in (
                ("company", row.company),
                ("position", row.position),
                ("url", row.url),
                ("email", row.email),
            )
        )
        or (old["connected_on"] is None and row.connected_on is not None)
    )
