"""What each team member's own exports hold: their date, the evidence in them, what they lack.

Members export on different days and in different forms (LinkedIn's Basic export is
``Connections.csv`` alone; the Complete one adds messages, invitations, endorsements...). A score
read against the newest export of the team, or blind to what an export could not show, would
blame a member for their export instead of their network; ``graphintro.quality`` measures each
member against their own export date and says which evidence is missing.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date

from graphintro.store import Store

# Evidence a LinkedIn export may hold: kind -> (files of the export that hold it, what it adds).
EVIDENCE: dict[str, tuple[frozenset[str], str]] = {
    "messages": (frozenset({"messages"}),
                 "activity, and the intensity, reciprocity and recency of every tie"),
    "invitations": (frozenset({"invitations"}), "invitation notes, and the invitations nobody accepted"),
    "endorsements": (frozenset({"endorsement_received_info", "endorsement_given_info"}),
                     "endorsements given and received"),
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


def member_dates(store: Store) -> dict[int, date]:
    """Each member's "now": the date of their newest dated export (members whose files tell no date,
    a vCard or an address book alone, are left out: the store's reference date stands for them)."""
    found = {}
    for person, newest in store.conn.execute(
        "SELECT o.person_id, MAX(i.export_date) FROM imports i JOIN records o ON o.id = i.owner_record_id"
        " JOIN people p ON p.id = o.person_id WHERE p.is_member = 1 AND i.export_date IS NOT NULL GROUP BY 1"
    ):
        try:
            found[person] = date.fromisoformat(newest[:10])
        except (TypeError, ValueError):
            continue
    return found


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
    members = [row[0] for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")]
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
        evidence += [kind for kind, (kind_roles, _) in EVIDENCE.items() if roles & kind_roles and kind not in evidence]
    for person, exports in found.items():
        exports.as_of = dates.get(person, default_as_of)[:10]
        exports.evidence = [kind for kind in EVIDENCE if kind in exports.evidence]
    for person, count in conn.execute(_PENDING_INVITATIONS):
        if person in found:
            found[person].pending_invitations = count
    return found


# People a member invited who are not their connection and never invited them back (crossed
# invitations are no refusal): as ``TieFeatures.pending_invitation`` sees it.
_PENDING_INVITATIONS = """
SELECT o.person_id, COUNT(DISTINCT r.person_id)
FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id
WHERE i.kind = 'invitation' AND i.direction = 'out' AND r.person_id != o.person_id
  AND NOT EXISTS (SELECT 1 FROM records c JOIN records co ON co.id = c.owner_record_id
                  WHERE c.is_connection = 1 AND c.ended_at IS NULL
                    AND ((co.person_id = o.person_id AND c.person_id = r.person_id)
                      OR (co.person_id = r.person_id AND c.person_id = o.person_id)))
  AND NOT EXISTS (SELECT 1 FROM interactions back JOIN records rb ON rb.id = back.record_id
                  JOIN records ob ON ob.id = rb.owner_record_id
                  WHERE back.kind = 'invitation' AND back.direction = 'in'
                    AND ob.person_id = o.person_id AND rb.person_id = r.person_id)
GROUP BY o.person_id
"""
