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

from graphintro.store import Store, now_iso

KINDS = ("message", "invitation", "ask")


def _age(at: str, today: date) -> int | None:
    try:
        return (today - date.fromisoformat(at[:10])).days
    except (TypeError, ValueError):
        return None


def _members(store: Store, owner: int | None) -> dict[int, str]:
    rows = store.conn.execute("SELECT id, name FROM people WHERE is_member = 1 AND merged_into IS NULL").fetchall()
    return {person: name for person, name in rows if owner is None or person == owner}


def _resolver(store: Store):
    """A function from a person id to the person it stands for now (merges read once, not per row)."""
    merged = dict(store.conn.execute("SELECT id, merged_into FROM people WHERE merged_into IS NOT NULL"))

    def resolve(person: int) -> int:
        seen = set()
        while person in merged and person not in seen:
            seen.add(person)
            person = merged[person]
        return person

    return resolve


def _owned_interactions(store: Store, kind: str, resolve) -> list[tuple[int, int, str, str]]:
    """(member, contact, direction, at) of every ``kind`` interaction, people followed through merges."""
    rows = store.conn.execute(
        "SELECT o.person_id, r.person_id, i.direction, i.at"
        " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
        " WHERE i.kind = ? AND i.at IS NOT NULL", (kind,)).fetchall()
    return [(resolve(m), resolve(c), d, at) for m, c, d, at in rows]


def _connected_pairs(store: Store, resolve) -> set[tuple[int, int]]:
    """(member, contact) pairs with a connection record in the member's exports (still listed)."""
    rows = store.conn.execute(
        "SELECT o.person_id, r.person_id FROM records r JOIN records o ON o.id = r.owner_record_id"
        " WHERE r.is_connection = 1 AND r.ended_at IS NULL").fetchall()
    return {(resolve(m), resolve(c)) for m, c in rows}


def waiting(store: Store, owner: int | None = None, days: int = 7, today: str | None = None) -> dict:
    """``graphintro inbox --json``: ``{"inbox": [{"member", "kind", "contact", "since", "days"}]}``
    (``member``, ``contact``: ``{"id", "name"}``; ``since``: when it started waiting, ISO; ``days``:
    how long), member by member, the longest waiting first. For an ask, ``contact`` is the person
    the member is asked to introduce."""
    from graphintro.errors import UsageError

    if days < 0:
        raise UsageError("--days must be 0 or more")
    today_date = date.fromisoformat((today or now_iso())[:10])
    members = _members(store, owner)
    resolve = _resolver(store)
    items: list[tuple[int, str, int, str, int]] = []  # member, kind, contact, since, days

    last: dict[tuple[int, int], tuple[str, set[str]]] = {}
    for member, contact, direction, at in _owned_interactions(store, "message", resolve):
        if member not in members or contact == member:
            continue
        seen = last.get((member, contact))
        if seen is None or at > seen[0]:
            last[(member, contact)] = (at, {direction})
        elif at == seen[0]:
            seen[1].add(direction)
    for (member, contact), (at, directions) in last.items():
        age = _age(at, today_date)
        if directions == {"in"} and age is not None and age > days:
            items.append((member, "message", contact, at, age))

    connected = _connected_pairs(store, resolve)
    pending: dict[tuple[int, int], str] = {}
    for member, contact, direction, at in _owned_interactions(store, "invitation", resolve):
        if member in members and direction == "in" and contact != member and (member, contact) not in connected:
            pending[(member, contact)] = max(pending.get((member, contact), at), at)
    for (member, contact), at in pending.items():
        age = _age(at, today_date)
        if age is not None and age > days:
            items.append((member, "invitation", contact, at, age))

    for introducer, target, created in store.conn.execute(
            "SELECT introducer_id, target_id, created FROM asks WHERE status = 'open'").fetchall():
        member = resolve(introducer)
        if member in members:
            items.append((member, "ask", resolve(target), created, max(_age(created, today_date) or 0, 0)))

    names = dict(members)
    contacts = sorted({item[2] for item in items} - names.keys())
    for start in range(0, len(contacts), 500):
        chunk = contacts[start:start + 500]
        names.update(store.conn.execute(
            f"SELECT id, name FROM people WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    items.sort(key=lambda item: (names[item[0]], item[0], -item[4], KINDS.index(item[1]), item[3], item[2]))
    return {"inbox": [{"member": {"id": member, "name": names[member]}, "kind": kind,
                       "contact": {"id": contact, "name": names.get(contact, f"#{contact}")},
                       "since": since, "days": age}
                      for member, kind, contact, since, age in items]}


def inbox_summary(result: dict, oldest: int = 3) -> list[dict]:
    """Per member: how many messages, invitations and asks wait, and the ``oldest`` items (the report's
    "waiting for an answer")."""
    by_member: dict[int, dict] = {}
    for item in result["inbox"]:
        entry = by_member.setdefault(item["member"]["id"], {"member": item["member"], "message": 0,
                                                            "invitation": 0, "ask": 0, "oldest": []})
        entry[item["kind"]] += 1
        entry["oldest"].append(item)
    for entry in by_member.values():
        entry["oldest"] = sorted(entry["oldest"], key=lambda i: (-i["days"], i["since"]))[:oldest]
    return sorted(by_member.values(), key=lambda e: (-(e["message"] + e["invitation"] + e["ask"]), e["member"]["name"]))
