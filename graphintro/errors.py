"""Errors are values: the library raises these, the CLI turns them into one line and an exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphintro.answers import Suggestion


class GraphintroError(Exception):
    """Base of every error a user can cause; the CLI prints ``str(error)`` and exits with ``exit_code``."""

    exit_code = 2


class ImportFormatError(GraphintroError):
    """A file that cannot be read: names the file and, when it applies, the line."""

    def __init__(self, file: str, reason: str, line: int | None = None) -> None:
        self.file = str(file)
        self.line = line
        self.reason = reason
        where = f"{self.file}:{line}" if line else self.file
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple:
        # Raised in the worker that parses a team's exports, it must cross back to the importer whole.
        return type(self), (self.file, self.reason, self.line)


class NotFoundError(GraphintroError):
    """Nothing matched a query: exit code 1, not an error of the user."""

    exit_code = 1


class NoPathError(NotFoundError):
    """No introduction path within the hop limit; ``suggestions`` say how to create one."""

    def __init__(self, message: str, suggestions: list[Suggestion] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class AmbiguousNameError(GraphintroError):
    """A name designates several people; the message lists them so the user can pick an id."""

    def __init__(self, query: str, candidates: list[dict]) -> None:
        self.query = query
        self.candidates = candidates
        listed = "; ".join(
            f"#{c['id']} {c['name']}"
            + (
                f" ({', '.join(x for x in ('team member' if c.get('member') else '', c.get('position'), c.get('company')) if x)})"
                if c.get("member") or c.get("position") or c.get("company")
                else ""
            )
            for c in candidates[:10]
        )
        super().__init__(f"'{query}' is ambiguous: {listed} — use the id (e.g. '#{candidates[0]['id']}')")


class UsageError(GraphintroError):
    """A bad combination of options or arguments."""


class OwnerMismatchError(GraphintroError):
    """``--owner`` names someone else than the person the export itself belongs to."""


def explain(error: Exception) -> tuple[str, int]:
    """One line and an exit code for an error: the library's own, the database's, or the system's
    (the CLI prints it, the web app shows it)."""
    import sqlite3

    if isinstance(error, GraphintroError):
        return str(error), error.exit_code
    if isinstance(error, sqlite3.Error):
        return f"database error ({error}); nothing was changed", 2
    where = getattr(error, "filename", None)
    return (f"{where}: {getattr(error, 'strerror', None) or error}" if where else str(error)), 2
