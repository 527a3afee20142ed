"""Always answer: what each member leaves waiting (``graphintro inbox``).

An unanswered message or invitation is a lost relation. From what the members' exports hold:

- ``message``: a member–contact pair whose last message came from the contact, more than ``days``
  days ago (exports keep no conversation thread the store uses, so a pair is one conversation; a
  message of the member at the same moment counts as an answer);
- ``invitation``: an INCOMING invitation of ``Invitations.csv`` to the member, more than ``days``
  days ago, from someone the member is not connected to since;
- ``ask``: an open ask (``graphintro ask``) where the member is the introducer, however recent.

Days are counted to ``today`` (default: now), not to the export's date: what was unanswered in an
export is still to answer, as far as graphintro knows, until a newer export says otherwise.
"""

from __future__ import annotations

from datetime import date

from graphintro.answers import InboxResult
from graphintro.store import Store, now_iso

KINDS = ("message", "invitation", "ask")


def _age(at: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(at[:10])).days
    except (TypeError, ValueError):
        return None


def _members(store: Store, owner: int | None) -> dict[int, str]:
    rows = store.conn.execute(
        "SELECT id, name FROM people WHERE is_member = 1 AND merged_into IS NULL"
    ).fetchall()
    return {person: name for person, name in rows if owner is None or person == owner}


# The last message each way per member–contact pair, in SQL: 1,000 members' exports hold a million
# interactions, and only the pairs waiting for an answer come back. Records follow merges (``people
# merge`` re-points them), so their person ids are current.
_UNANSWERED = """
    SELECT o.person_id AS member, r.person_id AS contact,
           MAX(CASE WHEN i.direction = 'in' THEN i.at END) AS last_in,
           MAX(CASE WHEN i.direction = 'out' THEN i.at END) AS last_out
    FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id
    WHERE i.kind = 'message' AND i.at IS NOT NULL {owner}
    GROUP BY o.person_id, r.person_id
    HAVING last_in IS NOT NULL AND (last_out IS NULL OR last_out < last_in) AND substr(last_in, 1, 10) < ?
"""
# Incoming invitations from someone the member's exports do not list as a connection (still listed).
_PENDING = """
    SELECT o.person_id AS member, r.person_id AS contact, MAX(i.at) AS at
    FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id
    WHERE i.kind = 'invitation' AND i.direction = 'in' AND i.at IS NOT NULL {owner}
      AND NOT EXISTS (SELECT 1 FROM records c WHERE c.owner_record_id = r.owner_record_id
                      AND c.person_id = r.person_id AND c.is_connection = 1 AND c.ended_at IS NULL)
    GROUP BY o.person_id, r.person_id
    HAVING substr(at, 1, 10) < ?
"""


def waiting(store: Store, owner: int | None = None, days: int = 7, today: str | None = None) -> InboxResult:
    """``graphintro inbox --json``: ``{"inbox": [{"member", "kind", "contact", "since", "days"}]}``
    (``member``, ``contact``: ``{"id", "name"}``; ``since``: when it started waiting, ISO; ``days``:
    how long), member by member, the longest waiting first. For an ask, ``contact`` is the person
    the member is asked to introduce."""
    from datetime import timedelta

    from graphintro.errors import UsageError

    if days < 0:
        raise UsageError("--days must be 0 or more")
    today_date = date.fromisoformat((today or now_iso())[:10])
    cutoff = (today_date - timedelta(days=days)).isoformat()  # waiting more than ``days`` days: before it
    members = _members(store, owner)
    only = ("AND o.person_id = ?", [owner]) if owner is not None else ("", [])
    items: list[tuple[int, str, int, str, int]] = []  # member, kind, contact, since, days
    for kind, query in (("message", _UNANSWERED), ("invitation", _PENDING)):
        for row in store.conn.execute(query.format(owner=only[0]), [*only[1], cutoff]).fetchall():
            member, contact, since = row[0], row[1], row[2]
            age = _age(since, today_date)
            if (
                member in members and contact != member and age is not None
            ):  # (a date that is no date: unknown)
                items.append((member, kind, contact, since, age))
    for introducer, target, created in store.conn.execute(
        "SELECT introducer_id, target_id, created FROM asks WHERE status = 'open'"
    ).fetchall():
        member = store.resolve_id(introducer)
        if member in members:
            items.append(
                (member, "ask", store.resolve_id(target), created, max(_age(created, today_date) or 0, 0))
            )

    names = dict(members)
    contacts = sorted({item[2] for item in items} - names.keys())
    for start in range(0, len(contacts), 500):
        chunk = contacts[start : start + 500]
        names.update(
            store.conn.execute(
                f"SELECT id, name FROM people WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        )
    items.sort(key=lambda item: (names[item[0]], item[0], -item[4], KINDS.index(item[1]), item[3], item[2]))
    return {
        "inbox": [
            {
                "member": {"id": member, "name": names[member]},
                "kind": kind,
                "contact": {"id": contact, "name": names.get(contact, f"#{contact}")},
                "since": since,
                "days": age,
            }
            for member, kind, contact, since, age in items
        ]
    }


def inbox_summary(result: InboxResult, oldest: int = 3) -> list[dict]:
    """Per member: how many messages, invitations and asks wait, and the ``oldest`` items (the report's
    "waiting for an answer")."""
    by_member: dict[int, dict] = {}
    for item in result["inbox"]:
        entry = by_member.setdefault(
            item["member"]["id"],
            {"member": item["member"], "message": 0, "invitation": 0, "ask": 0, "oldest": []},
        )
        entry[item["kind"]] += 1
        entry["oldest"].append(item)
    for entry in by_member.values():
        entry["oldest"] = sorted(entry["oldest"], key=lambda i: (-i["days"], i["since"]))[:oldest]
    return sorted(
        by_member.values(), key=lambda e: (-(e["message"] + e["invitation"] + e["ask"]), e["member"]["name"])
    )
