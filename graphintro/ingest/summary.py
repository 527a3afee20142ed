"""What an import takes and what it returns: ``TeamExport`` in, ``ImportSummary`` (one
``FileSummary`` per path) out, the figures ``import --json`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

Progress = Callable[[int, int], None]


@dataclass
class FileSummary:
    """What one path added to the store: the figures ``import --json`` prints."""

    path: str
    format: str
    status: str  # imported | already imported
    contacts: int = 0
    new_people: int = 0
    merged: int = 0
    updated: int = 0
    ended: int = 0
    job_changes: int = 0
    interactions: int = 0
    memberships: int = 0
    skipped: list[dict] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    unknown_files: list[str] = field(default_factory=list)
    # Files of the export left out because they could not be read ({"file", "line", "reason"}; line may be
    # null), and caveats about files that were read (same shape): the rest of the export imported.
    skipped_files: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    # Whose export this is, as the export itself says (LinkedIn): name, url, evidence.
    export_owner: dict | None = None
    # Messages read but not stored as ties, by reason (sponsored, drafts, anonymous, empty_sender).
    messages_left_out: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportSummary:
    """The result of one ``import`` call: the owner and one summary per path."""

    owner_id: int
    owner: str
    files: list[FileSummary]

    def to_dict(self) -> dict:
        return {"owner": {"id": self.owner_id, "name": self.owner}, "files": [asdict(f) for f in self.files]}


@dataclass
class TeamExport:
    """One member's exports, as ``import_team`` takes them: what ``graphintro import`` takes once."""

    owner: str
    paths: Sequence[str | Path]
    owner_url: str = ""
    fmt: str | None = None
    mapping: dict[str, str] | None = None
    owner_mismatch_ok: bool = False  # import it for ``owner`` although the export names someone else
