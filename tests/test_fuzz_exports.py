"""Fuzzing that reaches the parsers: valid-looking exports of every generation, intact or damaged.

Properties: every file imports, or is refused with one line naming it and the store unchanged; an
import accounts for every row (rows = contacts + skipped) and every exchanged message when the rows
were left intact; importing it again changes nothing; a team's exports imported in any order give
the same people. Most examples import (the rates are asserted on a fixed set of examples and printed
for a long run by ``scripts/fuzz.py --exports N``): a fuzzer refused at the first check tests nothing.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from export_strategies import CSV_KINDS, KINDS, Example, exports, teams
from hypothesis import HealthCheck, given, settings

from graphintro.errors import GraphintroError
from graphintro.ingest import import_paths
from graphintro.store import Store

# Seconds in the default run; scripts/fuzz.py runs thousands.
QUICK = settings(
    max_examples=30, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
ROW_KINDS = {*CSV_KINDS, "groups", "vcard", "zip", "invitations"}


@dataclass
class Outcome:
    """What importing one example did."""

    kind: str
    intact: bool
    imported: bool
    contacts: int = 0
    messages: int = 0
    error: str = ""


def dump(db: Path) -> list:
    """Every row of every table but ``meta`` (the store's write counter moves with any transaction):
    what "changes nothing" compares."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'meta' ORDER BY name"
            )
        ]
        return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()) for t in tables]
    finally:
        conn.close()


def import_example(folder: Path, example: Example) -> Outcome:
    """Import ``example`` into a fresh store and check the properties; the outcome, for the rates."""
    path = folder / example.filename
    path.write_bytes(example.data)
    db = folder / "fuzz.db"
    with Store(db) as store:
        before = dump(db)
        try:
            summary = import_paths(store, [path], owner=example.owner, owner_url=example.owner_url).files[0]
        except GraphintroError as error:
            message = str(error)
            assert "\n" not in message and example.filename in message, message
            assert dump(db) == before, "a refused file changed the store"
            return Outcome(example.kind, example.intact, False, error=message.split(": ", 2)[-1][:60])
        assert not example.intact or example.kind == "invitations" or summary.skipped_files == [], summary
        kinds = Counter(k for (k,) in store.conn.execute("SELECT kind FROM interactions"))
        rows = summary.contacts + summary.memberships + len(summary.skipped)
        if example.kind == "invitations":
            rows += kinds["invitation"]
        if example.structure_kept and example.kind in ROW_KINDS:
            assert rows == example.rows, (rows, example.rows, summary)
        if example.intact and example.messages:
            assert kinds["message"] == example.messages
        after = dump(db)
        again = import_paths(store, [path], owner=example.owner, owner_url=example.owner_url).files[0]
        assert again.status == "already imported"
        assert dump(db) == after, "re-importing changed the store"
    return Outcome(
        example.kind, example.intact, True, summary.contacts + summary.memberships, kinds["message"]
    )


def rates(outcomes: list[Outcome]) -> dict[str, float]:
    """Share of examples that import; of contact CSVs that yield contacts; of messages files that yield
    messages."""
    csv_files = [o for o in outcomes if o.kind in CSV_KINDS]
    message_files = [o for o in outcomes if o.kind == "messages"]
    share = lambda part, whole: len(part) / len(whole) if whole else float("nan")
    return {
        "imported": share([o for o in outcomes if o.imported], outcomes),
        "csv_with_contacts": share([o for o in csv_files if o.contacts], csv_files),
        "messages_with_messages": share([o for o in message_files if o.messages], message_files),
    }


def run_examples(strategy, config) -> list[Outcome]:
    outcomes: list[Outcome] = []

    @config
    @given(example=strategy)
    def check(example):
        with tempfile.TemporaryDirectory() as folder:
            outcomes.append(import_example(Path(folder), example))

    check()
    return outcomes


def test_contact_spreadsheets_mostly_yield_contacts():
    outcomes = run_examples(exports(CSV_KINDS), QUICK)
    assert rates(outcomes)["csv_with_contacts"] >= 0.5, Counter(o.error for o in outcomes)


def test_messages_files_mostly_yield_messages():
    outcomes = run_examples(exports(("messages",)), QUICK)
    assert rates(outcomes)["messages_with_messages"] >= 0.5, Counter(o.error for o in outcomes)


def test_every_kind_of_export_imports_or_is_refused_cleanly():
    kinds = tuple(k for k in KINDS if k not in {*CSV_KINDS, "messages"})
    outcomes = run_examples(exports(kinds), QUICK)
    assert rates(outcomes)["imported"] >= 0.5, Counter(o.error for o in outcomes)


def people_of(db: Path) -> set[frozenset]:
    """Who is who: each person as the set of (owner, line) of the rows that are them, and their name."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT r.person_id, p.name, COALESCE(op.name, ''), r.line, r.kind FROM records r"
            " JOIN people p ON p.id = r.person_id LEFT JOIN records o ON o.id = r.owner_record_id"
            " LEFT JOIN people op ON op.id = o.person_id"
        ).fetchall()
    finally:
        conn.close()
    persons: dict[int, set] = {}
    names = {}
    for person, name, owner, line, kind in rows:
        persons.setdefault(person, set()).add((owner, line, kind))
        names[person] = name
    return {frozenset(records | {("name", names[person])}) for person, records in persons.items()}


@settings(
    max_examples=8, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
@given(members=teams())
def test_a_team_imported_in_any_order_gives_the_same_people(members):
    found = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, (owner, _, example) in enumerate(members):
            (root / str(number)).mkdir()
            (root / str(number) / example.filename).write_bytes(example.data)
        for order in (list(range(len(members))), list(reversed(range(len(members))))):
            db = root / f"order-{'-'.join(map(str, order))}.db"
            with Store(db) as store:
                for number in order:
                    owner, url, example = members[number]
                    import_paths(store, [root / str(number) / example.filename], owner=owner, owner_url=url)
            found.append(people_of(db))
    assert found[0] == found[1]
