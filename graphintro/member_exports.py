"""What each team member's own exports hold: their date, the evidence in them, what they lack.

Members export on different days and in different forms (LinkedIn's Basic export is
``Connections.csv`` alone; the Complete one adds messages, invitations, endorsements...). A score
read against the newest export of the team, or blind to what an export could not show, would
blame a member for their export instead of their network; ``graphintro.quality`` measures each
member against their own export date and says which evidence is missing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date

from graphintro.store import Store

# Evidence a LinkedIn export may hold: kind -> (files of the export that hold it, what it adds).
EVIDENCE: dict[str, tuple[frozenset[str], str]] = {
    "messages": (
        frozenset({"messages"}),
        "activity, and the intensity, reciprocity and recency of every tie",
    ),
    "invitations": (frozenset({"invitations"}), "invitation notes, and the invitations nobody accepted"),
    "endorsements": (
        frozenset({"endorsement_received_info", "endorsement_given_info"}),
        "endorsements given and received",
    ),
    "recommendations": (frozenset({"recommendations_received"}), "recommendations"),
    "positions": (frozenset({"positions"}), "past employers shared with contacts"),
}


@dataclass
class MemberExports:
    """One member's exports as the score needs them."""

    as_of: str  # the date of the member's newest export: "now" for their recency (ISO date)
    evidence: list[str] = field(default_factory=list)  # kinds of EVIDENCE their exports hold
    pending_invitations: int = 0  # people they invited who never accepted (not connections)

    @property
    def missing(self) -> list[str]:
        """The kinds of evidence none of the member's exports holds, in ``EVIDENCE`` order."""
        return [kind for kind in EVIDENCE if kind not in self.evidence]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> MemberExports:
        return cls(**json.loads(text))


def member_dates(store: Store, only: Iterable[int] | None = None) -> dict[int, date]:
    """Each member's "now": the date of their newest dated export (members whose files tell no date,
    a vCard or an address book alone, are left out: the store's reference date stands for them).

    ``only``: the members among these people alone (the ends of the few ties an answer describes,
    where a team of a thousand has thousands of exports to read): see ``_newest_exports_of``."""
    if only is not None:
        newest = _newest_exports_of(store, only)
    else:
        newest = store.conn.execute(  # (CROSS JOIN: from the imports, never from every record's index entry)
            "SELECT o.person_id, MAX(i.export_date) FROM imports i CROSS JOIN records o ON o.id = i.owner_record_id"
            " CROSS JOIN people p ON p.id = o.person_id WHERE p.is_member = 1 AND i.export_date IS NOT NULL"
            " GROUP BY 1"
        ).fetchall()
    found = {}
    for person, text in newest:
        try:
            found[person] = date.fromisoformat(text[:10])
        except (TypeError, ValueError):
            continue
    return found


def _newest_exports_of(store: Store, people: Iterable[int]) -> list[tuple[int, str]]:
    """The newest export date of each member among ``people``. The one query that joins the three
    tables for a few people was planned from each person's records to a scan of every import for
    each record: a member appears in a thousand teammates' exports, so a weak answer's description
    spent 16 s there at ten million ties. Here: the members among them, their own records (an
    export's owner record, without an owner: ``records_own``) and those records' imports with their
    dates (``imports_owner``), all in indexes: no import's summary read (15 MB at 2,000 x 5,000)."""
    conn = store.conn
    ids = sorted(set(people))
    members = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM people WHERE is_member = 1 AND id IN ({','.join('?' * len(ids))})", ids
        )
    ]
    if not members:
        return []
    return conn.execute(
        "SELECT r.person_id, MAX(i.export_date) FROM records r INDEXED BY records_own"
        " JOIN imports i ON i.owner_record_id = r.id"
        f" WHERE r.person_id IN ({','.join('?' * len(members))}) AND r.owner_record_id IS NULL"
        " AND i.export_date IS NOT NULL GROUP BY 1",
        members,
    ).fetchall()


def tie_reference(a: int, b: int, dates: dict[int, date], default: date) -> date:
    """The date a tie a–b is measured against: the newest export of a member at either end (the
    export that tells about it), else the store's reference date."""
    found = [dates[p] for p in (a, b) if p in dates]
    return max(found) if found else default


def member_exports(store: Store, default_as_of: str) -> dict[int, MemberExports]:
    """Every member's exports, keyed by person id; ``default_as_of`` for a member whose files tell
    no export date (a vCard, a CSV address book)."""
    from graphintro.importers.linkedin import file_role

    conn = store.conn
    members = [
        row[0] for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
    ]
    found = {person: MemberExports(default_as_of) for person in members}
    dates: dict[int, str] = {}
    for person, fmt, export_date, summary in conn.execute(
        "SELECT o.person_id, i.format, i.export_date, i.summary FROM imports i JOIN records o ON o.id = i.owner_record_id"
    ):
        if person not in found:
            continue
        if export_date and export_date > dates.get(person, ""):
            dates[person] = export_date
        if fmt != "linkedin":
            continue
        try:
            files = json.loads(summary or "{}").get("files") or []
        except (ValueError, AttributeError):
            files = []
        roles = {file_role(name) for name in files if isinstance(name, str)}
        evidence = found[person].evidence
        evidence += [
            kind for kind, (kind_roles, _) in EVIDENCE.items() if roles & kind_roles and kind not in evidence
        ]
    for person, exports in found.items():
        exports.as_of = dates.get(person, default_as_of)[:10]
        exports.evidence = [kind for kind in EVIDENCE if kind in exports.evidence]
    for person, count in pending_invitations(store).items():
        if person in found:
            found[person].pending_invitations = count
    return found


def pending_invitations(store: Store) -> dict[int, int]:
    """How many people each inviter invited who are not their connection and never invited them back
    (crossed invitations are no refusal): ``TieFeatures.pending_invitation`` as the score counts it.

    Why not one SQL statement: asked pair by pair, "is B a connection in A's export, or A in B's?"
    reads every appearance of B (a member appears in the export of each teammate who knows them) and
    each one's owner: 11 s at 1,000 × 1,000, for 50,000 invitations. Here the invitations come from
    their own index (``interactions_invitations``), an invitation whose own record is a live
    connection settles its pair at once, and only the few pairs left read their people's
    appearances, from the index alone, once per person.
    """
    conn = store.conn
    owners = dict(conn.execute("SELECT id, person_id FROM records WHERE owner_record_id IS NULL").fetchall())
    exports_of: dict[int, set[int]] = defaultdict(
        set
    )  # a person -> their own records (their exports' owners)
    for record, person in owners.items():
        exports_of[person].add(record)

    def invitations(direction: str):
        """(inviter side's person, other person, whether this record is a live connection) per invitation."""
        for person, owner, connected in conn.execute(
            "SELECT r.person_id, r.owner_record_id, r.is_connection = 1 AND r.ended_at IS NULL"
            " FROM interactions i JOIN records r ON r.id = i.record_id"
            " WHERE i.kind = 'invitation' AND i.direction = ? AND r.owner_record_id IS NOT NULL",
            (direction,),
        ):
            if owner not in owners:  # not an export's own record (none such is written): read it
                row = conn.execute("SELECT person_id FROM records WHERE id = ?", (owner,)).fetchone()
                if row is None:
                    continue
                owners[owner] = row[0]
            yield owners[owner], person, connected

    answered = {(owner, person) for owner, person, _ in invitations("in")}
    sent: dict[tuple[int, int], bool] = {}
    for inviter, invitee, connected in invitations("out"):
        if inviter != invitee:
            sent[inviter, invitee] = sent.get((inviter, invitee), False) or bool(connected)
    unsettled = [pair for pair, connected in sent.items() if not connected and pair not in answered]

    appearances: dict[int, dict[int, list[int]]] = {}  # a person -> owner record -> their records there

    def records_in_exports_of(owner: int, person: int) -> list[int]:
        """The records of ``person`` in the exports of ``owner`` (found in the index, not read)."""
        if not exports_of.get(owner):
            return []
        if person not in appearances:
            by_owner: dict[int, list[int]] = defaultdict(list)
            for record, record_owner in conn.execute(
                "SELECT id, owner_record_id FROM records WHERE person_id = ?", (person,)
            ):
                by_owner[record_owner].append(record)
            appearances[person] = by_owner
        return [record for export in exports_of[owner] for record in appearances[person].get(export, ())]

    candidates = {
        pair: records_in_exports_of(*pair) + records_in_exports_of(pair[1], pair[0]) for pair in unsettled
    }
    wanted = sorted({record for records in candidates.values() for record in records})
    live: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        live.update(
            row[0]
            for row in conn.execute(
                f"SELECT id FROM records WHERE id IN ({','.join('?' * len(chunk))})"
                " AND is_connection = 1 AND ended_at IS NULL",
                chunk,
            )
        )
    counts: dict[int, int] = defaultdict(int)
    for (inviter, _), records in candidates.items():
        if not live.intersection(records):
            counts[inviter] += 1
    return dict(counts)
