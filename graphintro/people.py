"""People in the store: finding them by what users type, and merging or splitting them by hand.

A merge moves the records of one person onto another and is written down; a split undoes the
merges into a person, manual and automatic, so no decision of the matcher is ever final.
"""

from __future__ import annotations

import re

from graphintro.errors import AmbiguousNameError, NotFoundError, UsageError
from graphintro.identity import fold, name_key, normalize_email, normalize_url
from graphintro.store import Store, inserted_id, now_iso

_ID = re.compile(r"^#?(\d+)$")


def _people_matching(query: str | None) -> tuple[str, list]:
    """The WHERE clause (and its arguments) of the people ``query`` finds."""
    words = fold(query).split() if query else []
    sql = " WHERE merged_into IS NULL"
    args: list = []
    for word in words:
        sql += " AND (' ' || search_text) LIKE ?"
        args.append(f"% {word}%")
    return sql, args


def search_people(store: Store, query: str | None = None, limit: int | None = None) -> list[dict]:
    """People with a word starting with each word of ``query`` in their name, company, position or
    headline, accents and case ignored ("ines" finds Inès, not "business")."""
    where, args = _people_matching(query)
    sql = "SELECT id FROM people" + where + " ORDER BY is_member DESC, name_key, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    ids = [row[0] for row in store.conn.execute(sql, args)]
    return describe_people(store, ids)


def count_people(store: Store, query: str | None = None) -> int:
    """How many people ``search_people`` finds without a limit: a list cut short must say so."""
    where, args = _people_matching(query)
    return store.conn.execute("SELECT COUNT(*) FROM people" + where, args).fetchone()[0]


def describe_people(store: Store, ids: list[int]) -> list[dict]:
    """``people --json`` objects: id, name, company, position, url, emails and sources."""
    if not ids:
        return []
    found = {person["id"]: {**person, "emails": [], "sources": []} for person in summarize_people(store, ids)}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT r.person_id, r.email, r.file, r.kind, owner.name AS owner_name FROM records r"
            f" LEFT JOIN records o ON o.id = r.owner_record_id LEFT JOIN people owner ON owner.id = o.person_id"
            f" WHERE r.person_id IN ({marks}) ORDER BY r.id",
            chunk,
        ):
            person = found[row["person_id"]]
            email = normalize_email(row["email"])
            if email and email not in person["emails"]:
                person["emails"].append(email)
            source = {
                "owner": row["owner_name"] if row["kind"] != "self" else person["name"],
                "file": row["file"] or "(owner)",
            }
            if row["kind"] != "self" and source not in person["sources"]:
                person["sources"].append(source)
    return [found[i] for i in ids if i in found]


def summarize_people(store: Store, ids: list[int]) -> list[dict]:
    """What an answer shows of each person: id, name, company, position, url and whether a member.

    One primary-key look-up each: ``describe_people`` also lists every appearance with its
    source, and a member of a large team appears in hundreds of exports (on a cold store, each a
    disk read)."""
    found: dict[int, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
            f"SELECT id, name, company, position, url, is_member FROM people WHERE id IN ({marks})", chunk
        ):
            found[row["id"]] = {
                "id": row["id"],
                "name": row["name"],
                "company": row["company"],
                "position": row["position"],
                "url": row["url"],
                "member": bool(row["is_member"]),
            }
    return [found[i] for i in ids if i in found]


def resolve_person(store: Store, text: str, member_first: bool = False) -> int:
    """The one person ``text`` designates: an id (``#12``), a profile URL, an email or a name.

    With ``member_first`` (where a team member is expected: ``--owner``, ``--from``, path's FROM),
    a name that is exactly one member's is that member's, whoever else shares it: a namesake among
    the contacts, the member's second account or their own card in their address book must not make
    a member's own name ambiguous. Raises ``AmbiguousNameError`` listing the candidates (members
    marked) when several people fit, and ``NotFoundError`` when none does.
    """
    text = (text or "").strip()
    if not text:
        raise UsageError("an empty name designates nobody")
    match = _ID.match(text)
    if match:
        person_id = store.resolve_id(int(match.group(1)))
        if store.conn.execute("SELECT 1 FROM people WHERE id = ?", (person_id,)).fetchone():
            return person_id
        raise NotFoundError(f"no person with id {match.group(1)}")
    url_key = normalize_url(text) if ("/" in text and "." in text) else ""
    if url_key:
        row = store.conn.execute(
            "SELECT person_id FROM records WHERE url_key = ? LIMIT 1", (url_key,)
        ).fetchone()
        if row:
            return row[0]
        raise NotFoundError(f"nobody has the profile URL {text}")
    email = normalize_email(text)
    if email:
        row = store.conn.execute(
            "SELECT person_id FROM records WHERE email_key = ? LIMIT 1", (email,)
        ).fetchone()
        if row:
            return row[0]
        raise NotFoundError(f"nobody has the email {text}")
    named = store.conn.execute(
        "SELECT id, is_member FROM people WHERE merged_into IS NULL AND name_key = ? ORDER BY is_member DESC, id",
        (name_key(text),),
    ).fetchall()
    exact = [row[0] for row in named]
    members = [row[0] for row in named if row[1]]
    if member_first and len(members) == 1:
        return members[0]
    if len(exact) > 1:  # "Zoé Fontaine" and "Zoé de La Fontaine" share a key: the exact spelling wins
        spelled = [
            pid
            for pid in exact
            if fold(store.conn.execute("SELECT name FROM people WHERE id = ?", (pid,)).fetchone()[0])
            == fold(text)
        ]
        exact = spelled if len(spelled) == 1 else exact
    candidates = exact or [p["id"] for p in search_people(store, text, limit=50)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(f"nobody matches '{text}'")
    raise AmbiguousNameError(text, describe_people(store, candidates))


def merge_people(store: Store, keep: int, absorb: int, reason: str = "manual") -> int:
    """Make ``absorb`` part of ``keep``; returns the merge's id (``people split`` undoes it)."""
    from graphintro.ingest import refresh_people  # here, so that queries start without the importers

    keep, absorb = store.resolve_id(keep), store.resolve_id(absorb)
    if keep == absorb:
        raise UsageError(f"#{keep} and #{absorb} are already the same person")
    with store.transaction() as conn:
        for person_id in (keep, absorb):
            if not conn.execute("SELECT 1 FROM people WHERE id = ?", (person_id,)).fetchone():
                raise NotFoundError(f"no person with id {person_id}")
        merge_id = inserted_id(
            conn.execute(
                "INSERT INTO merges (kept_id, absorbed_id, reason, at) VALUES (?,?,?,?)",
                (keep, absorb, reason, now_iso()),
            )
        )
        conn.execute(
            "UPDATE records SET person_id = ?, merge_id = ? WHERE person_id = ?", (keep, merge_id, absorb)
        )
        conn.execute("UPDATE people SET merged_into = ? WHERE id = ?", (keep, absorb))
        refresh_people(conn, [keep])
    return merge_id


def split_person(store: Store, person_id: int) -> list[int]:
    """Undo every merge into ``person_id``: manual merges restore the absorbed person, and each
    appearance the importer attached automatically becomes a person of its own again.

    Returns the ids of the people the split produced, the original first.
    """
    from graphintro.ingest import refresh_people

    person_id = store.resolve_id(person_id)
    pieces = [person_id]
    with store.transaction() as conn:
        merges = conn.execute(
            "SELECT id, absorbed_id FROM merges WHERE kept_id = ? AND undone_at IS NULL ORDER BY id DESC",
            (person_id,),
        ).fetchall()
        for merge in merges:
            conn.execute(
                "UPDATE records SET person_id = ?, merge_id = NULL WHERE merge_id = ?",
                (merge["absorbed_id"], merge["id"]),
            )
            conn.execute("UPDATE people SET merged_into = NULL WHERE id = ?", (merge["absorbed_id"],))
            conn.execute("UPDATE merges SET undone_at = ? WHERE id = ?", (now_iso(), merge["id"]))
            pieces.append(merge["absorbed_id"])
        attached = conn.execute(
            "SELECT id, name, link_reason FROM records WHERE person_id = ? AND link_reason NOT IN ('new', 'split')"
            " AND merge_id IS NULL ORDER BY id",
            (person_id,),
        ).fetchall()
        founders = conn.execute(
            "SELECT COUNT(*) FROM records WHERE person_id = ? AND link_reason IN ('new','split')",
            (person_id,),
        ).fetchone()[0]
        if not founders and attached:
            attached = attached[1:]  # the first appearance stays: it is the person
        for record in attached:
            new_id = inserted_id(
                conn.execute(
                    "INSERT INTO people (name, name_key, created_at) VALUES (?,?,?)",
                    (record["name"], name_key(record["name"]), now_iso()),
                )
            )
            conn.execute(
                "UPDATE records SET person_id = ?, link_reason = 'split' WHERE id = ?", (new_id, record["id"])
            )
            conn.execute(
                "INSERT INTO merges (kept_id, absorbed_id, reason, at, undone_at) VALUES (?,?,?,?,?)",
                (person_id, new_id, f"automatic: {record['link_reason']}", now_iso(), now_iso()),
            )
            pieces.append(new_id)
        if len(pieces) == 1:
            raise NotFoundError(f"#{person_id} has a single appearance: nothing to split")
        refresh_people(conn, pieces)
    return pieces


def store_stats(store: Store) -> dict:
    """Counts a user checks after an import: people, members, ties, interactions, groups, history."""
    conn = store.conn

    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    interactions = {
        row[0]: row[1] for row in conn.execute("SELECT kind, COUNT(*) FROM interactions GROUP BY kind")
    }
    return {
        "db": str(store.path),
        "schema_version": store.schema_version,
        "people": one("SELECT COUNT(*) FROM people WHERE merged_into IS NULL"),
        "members": one("SELECT COUNT(*) FROM people WHERE merged_into IS NULL AND is_member = 1"),
        "ties": one(
            "SELECT COUNT(*) FROM (SELECT DISTINCT o.person_id, r.person_id FROM records r"
            " JOIN records o ON o.id = r.owner_record_id WHERE r.is_connection = 1 AND r.ended_at IS NULL)"
        ),
        "ended_ties": one("SELECT COUNT(*) FROM records WHERE is_connection = 1 AND ended_at IS NOT NULL"),
        "records": one("SELECT COUNT(*) FROM records"),
        "interactions": interactions,
        "groups": one("SELECT COUNT(*) FROM groups"),
        "memberships": one("SELECT COUNT(*) FROM memberships"),
        "imports": one("SELECT COUNT(*) FROM imports"),
        "merges": one("SELECT COUNT(*) FROM merges WHERE undone_at IS NULL")
        + one("SELECT COUNT(*) FROM records WHERE link_reason NOT IN ('new', 'split')"),
    }
