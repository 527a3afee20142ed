"""Privacy: erasing a person everywhere, and keeping them erased.

The store holds personal data of people who never agreed to be in it. ``forget_person`` removes a
person and every fact about them (appearances, ties, messages, endorsements, memberships, ratings,
merges, history snapshots, asks that name them, derived caches, the help screens kept), overwrites the freed pages (``secure_delete``), and
keeps only salted hashes of their identifiers so that a later import of an old export does not bring
them back.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from graphintro.forgotten import identity_hashes, is_forgotten  # noqa: F401 (is_forgotten: importable from here)
from graphintro.ingest import refresh_people
from graphintro.store import Store, now_iso


def forget_person(store: Store, person_id: int) -> dict:
    """Erase a person and every fact about them; returns what was removed, by kind.

    A team member's own export is about them too: their ties (their contact list), the imports
    they own, and the people known only through them go with them.
    """
    person_id = store.resolve_id(person_id)
    conn = store.conn
    name = conn.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()
    if name is None:
        from graphintro.errors import NotFoundError

        raise NotFoundError(f"no person with id {person_id}")
    removed: dict[str, int] = {}
    conn.execute("PRAGMA secure_delete = ON")
    with store.transaction():
        ids = [person_id] + [
            r[0] for r in conn.execute("SELECT id FROM people WHERE merged_into = ?", (person_id,))
        ]
        id_marks = ",".join("?" * len(ids))
        records = [r[0] for r in conn.execute(f"SELECT id FROM records WHERE person_id IN ({id_marks})", ids)]
        for row in conn.execute(
            f"SELECT name, company, url, email FROM records WHERE person_id IN ({id_marks})", ids
        ):
            for key_hash in identity_hashes(*row):
                conn.execute(
                    "INSERT OR IGNORE INTO forgotten (key_hash, forgotten_at) VALUES (?, ?)",
                    (key_hash, now_iso()),
                )
        own = (
            [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM records WHERE kind = 'self' AND id IN ({','.join('?' * len(records))})",
                    records,
                )
            ]
            if records
            else []
        )
        if own:  # a member: their contact list and their imports are about them
            own_marks = ",".join("?" * len(own))
            records += [
                r[0]
                for r in conn.execute(f"SELECT id FROM records WHERE owner_record_id IN ({own_marks})", own)
            ]
        touched = _delete_records(conn, sorted(set(records)), removed)
        if own:
            own_marks = ",".join("?" * len(own))
            imports = [
                r[0]
                for r in conn.execute(f"SELECT id FROM imports WHERE owner_record_id IN ({own_marks})", own)
            ]
            if imports:
                marks = ",".join("?" * len(imports))
                for table, column in (("records", "first_import_id"), ("records", "last_import_id")):
                    conn.execute(f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({marks})", imports)
                removed["imports"] = conn.execute(
                    f"DELETE FROM imports WHERE id IN ({marks})", imports
                ).rowcount
        removed["ratings"] = conn.execute(
            f"DELETE FROM tie_ratings WHERE a_id IN ({id_marks}) OR b_id IN ({id_marks})", ids + ids
        ).rowcount
        removed["merges"] = conn.execute(
            f"DELETE FROM merges WHERE kept_id IN ({id_marks}) OR absorbed_id IN ({id_marks})", ids + ids
        ).rowcount
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshots'").fetchone():
            columns = {row[1] for row in conn.execute("PRAGMA table_info(snapshots)")}
            column = "member_id" if "member_id" in columns else "person_id"
            removed["snapshots"] = conn.execute(
                f"DELETE FROM snapshots WHERE {column} IN ({id_marks})", ids
            ).rowcount
        orphans = [
            pid
            for pid in touched - set(ids)
            if not conn.execute("SELECT 1 FROM records WHERE person_id = ? LIMIT 1", (pid,)).fetchone()
        ]
        for pid in orphans:
            conn.execute("UPDATE people SET merged_into = NULL WHERE merged_into = ?", (pid,))
        all_people = ids + orphans
        marks = ",".join("?" * len(all_people))
        conn.execute(f"UPDATE people SET merged_into = NULL WHERE merged_into IN ({marks})", all_people)
        removed["asks"] = _delete_asks(conn, set(all_people))
        removed["people"] = conn.execute(f"DELETE FROM people WHERE id IN ({marks})", all_people).rowcount
        refresh_people(conn, touched - set(all_people))
        conn.execute("DELETE FROM groups WHERE id NOT IN (SELECT group_id FROM memberships)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    removed["caches"] = remove_caches(store.path)
    removed["helps"] = _remove_helps()
    return {"id": person_id, "name": name[0], "removed": {k: v for k, v in removed.items() if v}}


def _delete_asks(conn, people: set[int]) -> int:
    """Delete the asks that name any of these people, as requester, teammate, introducer, target or
    anywhere on the stored path: the drafts and the path hold their names in plain text, so an ask
    that merely mentions a forgotten person would keep them in the store."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'asks'").fetchone():
        return 0
    doomed = []
    for ask_id, requester, teammate, introducer, target, path_json in conn.execute(
        "SELECT id, requester_id, teammate_id, introducer_id, target_id, path_json FROM asks"
    ):
        named = {requester, teammate, introducer, target}
        try:
            named |= {person.get("id") for person in json.loads(path_json).get("people", [])}
        except (ValueError, AttributeError):
            doomed.append(ask_id)  # a path we cannot read may name them: erase rather than keep
            continue
        if named & people:
            doomed.append(ask_id)
    for ask_id in doomed:
        conn.execute("DELETE FROM asks WHERE id = ?", (ask_id,))
    return len(doomed)


def _delete_records(conn, records: list[int], removed: dict[str, int]) -> set[int]:
    """Delete records and the facts pointing at them; returns the people they belonged to."""
    touched: set[int] = set()
    for start in range(0, len(records), 500):
        chunk = records[start : start + 500]
        marks = ",".join("?" * len(chunk))
        touched |= {
            r[0] for r in conn.execute(f"SELECT DISTINCT person_id FROM records WHERE id IN ({marks})", chunk)
        }
        for table in ("interactions", "memberships", "skills", "positions", "record_changes"):
            removed[table] = (
                removed.get(table, 0)
                + conn.execute(f"DELETE FROM {table} WHERE record_id IN ({marks})", chunk).rowcount
            )
        conn.execute(f"UPDATE records SET owner_record_id = NULL WHERE owner_record_id IN ({marks})", chunk)
        removed["appearances"] = (
            removed.get("appearances", 0)
            + conn.execute(f"DELETE FROM records WHERE id IN ({marks})", chunk).rowcount
        )
    return touched


def _remove_helps() -> int:
    """The help screens kept in the user's cache dir (``graphintro.cli.help_cache``): the command
    line kept with each may name the person (``path "Jeanne Roux" --help``). All go: they are drawn
    again when asked."""
    from graphintro.help_dir import cache_dir

    count = 0
    with contextlib.suppress(OSError):
        for entry in Path(cache_dir()).iterdir():
            with contextlib.suppress(OSError):
                entry.unlink()
                count += 1
    return count


def remove_caches(db_path: Path) -> int:
    """Derived files next to the store (graph and index caches): rebuilt on the next query."""
    count = 0
    for cache in db_path.parent.glob(db_path.name + ".*"):
        if cache.name.endswith(("-wal", "-shm")):
            continue
        if cache.is_file():
            cache.unlink()
            count += 1
    return count
