"""What an importer hands to the store: plain rows, parsed and validated, before anything is written.

Parsing everything first and writing in one transaction afterwards is what keeps the store
exactly as it was when a file turns out to be bad halfway through.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from itertools import starmap
from operator import attrgetter


@dataclass
class PersonRow:
    """One appearance of a person in a file: a connection, a card, a group member, a message peer."""

    name: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    position: str = ""
    url: str = ""
    email: str = ""
    phone: str = ""
    connected_on: str | None = None  # ISO date
    file: str = ""
    line: int = 0
    # (name key, company key, URL key, email key, folded name): computed once, where the row is
    # parsed (another process, for a team), by ``graphintro.ingest.row_keys``.
    keys: tuple[str, str, str, str, str] | None = field(default=None, compare=False, repr=False)

    def __reduce__(self):
        """Pickled as its values: a team's rows come from the parsing process this way, in about half
        the time the attribute dictionaries take to rebuild (the writing process pays it)."""
        return PersonRow, _person_values(self)


@dataclass
class InteractionRow:
    """Evidence of a tie between the owner and a peer: a message, an invitation, an endorsement..."""

    kind: str  # message | invitation | endorsement | recommendation
    direction: str  # in | out
    at: str | None  # ISO date-time
    peer: PersonRow
    detail: str = ""  # skill endorsed, "with a personal message", conversation id...
    key: str = ""  # what makes this interaction unique across overlapping exports
    file: str = ""
    line: int = 0

    def __reduce__(self):
        return InteractionRow, _interaction_values(self)


_person_values = attrgetter(*(f.name for f in fields(PersonRow)))
_interaction_values = attrgetter(*(f.name for f in fields(InteractionRow)))


@dataclass
class PositionRow:
    """A job of the owner's employment history (LinkedIn Positions.csv)."""

    company: str
    title: str = ""
    started_on: str | None = None
    finished_on: str | None = None


@dataclass
class MembershipRow:
    """A person's membership of a group; ``person`` is None for the export's owner."""

    group: str
    person: PersonRow | None
    role: str = "member"  # owner | manager | member
    posts: int = 0
    joined: str | None = None
    description: str = ""


@dataclass
class Skipped:
    """A row that could not become a person (or a file left out, or a warning), reported in the import summary."""

    file: str
    line: int | None  # None: the problem is the whole file (its encoding, a binary file)
    reason: str

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "reason": self.reason}


@dataclass
class ExportOwner:
    """Who an export belongs to, as the export itself says: never guessed from ``--owner``'s spelling.

    ``evidence`` names the files that told it ("Profile.csv", "messages.csv: in 412 of 415 messages")."""

    name: str = ""
    url: str = ""
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.name, "url": self.url, "evidence": list(self.evidence)}


@dataclass
class ParsedSource:
    """Everything read from one path given to ``graphintro import``."""

    path: str
    format: str  # linkedin | vcard | csv | groups
    source: str  # linkedin | viadeo | csv | groups: which list of ties a newer export replaces
    contacts: list[PersonRow] = field(default_factory=list)
    interactions: list[InteractionRow] = field(default_factory=list)
    positions: list[PositionRow] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    memberships: list[MembershipRow] = field(default_factory=list)
    profile: dict[str, str] = field(default_factory=dict)  # owner's name, headline, industry
    skipped: list[Skipped] = field(default_factory=list)
    # Auxiliary files of an export that could not be read: left out, the rest imported (issue 15.6).
    skipped_files: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)  # read, but with a caveat the user must hear
    files_read: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    export_date: str | None = None
    export_date_known: bool = False  # from the archive's name, not guessed from the dates inside
    has_connections: bool = False  # a full list of ties: contacts missing from it have ended
    fingerprint: str = ""  # sha256 of the bytes read
    export_owner: ExportOwner | None = None  # who the export says it belongs to (LinkedIn exports)
    # Messages read but not stored as ties, by reason: sponsored, drafts, anonymous (a "LinkedIn
    # Member" without a URL: a private or deleted account), empty_sender.
    messages_left_out: dict[str, int] = field(default_factory=dict)

    def __reduce__(self):
        """Pickled with its contacts and interactions as columns of plain values (a team's exports
        come from the parsing processes this way), rebuilt by calling their classes from C as each
        row's own ``__reduce__`` would: pickling no longer calls Python once per row (each row's
        ``__reduce__`` was half of the pickling, itself a fifth of a parse: 0.15 s of an xlarge
        export's 0.7 s). No row is shared between two places of a parse, so none is copied."""
        state = dict(self.__dict__)
        contacts = list(map(_person_values, state["contacts"]))
        interactions = state["interactions"]
        columns = [list(map(attrgetter(name), interactions)) for name in _INTERACTION_FIELDS]
        columns[_PEER] = list(map(_person_values, columns[_PEER]))
        state["contacts"] = state["interactions"] = None  # (their places kept in the attributes' order)
        return _rebuilt_source, (state, contacts, columns)


def _rebuilt_source(state: dict, contacts: list[tuple], columns: list[list]) -> ParsedSource:
    """The ``ParsedSource`` that ``ParsedSource.__reduce__`` pickled."""
    source = ParsedSource.__new__(ParsedSource)
    source.__dict__.update(state)
    source.contacts = list(starmap(PersonRow, contacts))
    peers = starmap(PersonRow, columns[_PEER])
    source.interactions = list(
        map(InteractionRow, *(peers if at == _PEER else column for at, column in enumerate(columns)))
    )
    return source


_INTERACTION_FIELDS = [f.name for f in fields(InteractionRow)]
_PEER = _INTERACTION_FIELDS.index("peer")
