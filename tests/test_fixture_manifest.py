"""Every fixture asserted: each entry of tests/fixtures/manifest.json imported as a user would, and
checked against what the manifest says of it.

The manifest's own facts are the expectations (``named_records``, ``skipped_empty_lines``,
``records``, ``messages``, ``encoding``, ``owner``); the ``expect`` field (written by
``make_fixtures.py``) adds what those facts do not say: people, invitations, endorsements,
recommendations, positions, skills, the owner's groups, values of given lines, a refusal, a file the
export's import ignores, two lines that are the same person. A fixture with neither is a failure:
a fixture nobody checks is not a fixture.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from graphintro.errors import ImportFormatError
from graphintro.importers.tabular import decode_bytes

FIXTURES = Path(__file__).parent / "fixtures"
MANIFEST = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
# The manifest's names of encodings -> what the importer reports having decoded.
# None: no encoding fits the whole file, which must be refused.
ENCODINGS = {
    "utf-8": "utf-8",
    "utf-8-bom": "utf-8-sig",
    "utf-16le-bom": "utf-16-le",
    "cp1252": "cp1252",
    "ascii (values ISO-8859-1 quoted-printable)": "utf-8",
    "utf-8 (damaged)": "utf-8",
    "utf-8 + 20 lines of windows-1252": None,
}
# The manifest's fact names that are expectations of an import (``expected_*``, ``first_offending_line`` and
# ``damaged_lines`` are the vocabulary of the issue-15 fixtures under ``formats/``).
IMPORT_FACTS = {
    "named_records",
    "skipped_empty_lines",
    "messages",
    "expect",
    "expected_contacts",
    "expected_connected_on",
    "first_offending_line",
    "damaged_lines",
}
TESTS = Path(__file__).parent
# Fixtures landed before the importer work they describe: their expectations are checked and expected to
# fail until it lands (non-strict). Remove an entry when its test passes (XPASS).
PENDING_ENCODING: set[str] = set()
PENDING: set[str] = set()


def entries(rels, pending: set[str]) -> list:
    """Manifest entries as test parameters, the pending ones marked."""
    return [
        pytest.param(
            rel,
            marks=pytest.mark.xfail(
                reason="issue 15 importer work not landed yet: remove it from PENDING once it passes",
                strict=False,
            ),
        )
        if rel in pending
        else rel
        for rel in sorted(rels)
    ]


DEFAULT_OWNER = "Fixture Owner"
# Record columns a fixture's ``values`` may name.
FIELDS = {
    "name",
    "first_name",
    "last_name",
    "company",
    "position",
    "url",
    "email",
    "phone",
    "connected_on",
    "email_key",
    "url_key",
}


def test_every_fixture_on_disk_is_in_the_manifest():
    on_disk = {p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*") if p.is_file()}
    generator = {"README.md", "make_fixtures.py", "manifest.json", ".gitattributes"}
    assert on_disk - generator - set(MANIFEST) == set()


@pytest.mark.parametrize("rel", sorted(MANIFEST))
def test_fixture_bytes_are_the_generated_ones(rel):
    """A fixture edited by hand (or rewritten by git) no longer reproduces its quirk."""
    data = (FIXTURES / rel).read_bytes()
    assert (len(data), hashlib.sha256(data).hexdigest()) == (MANIFEST[rel]["bytes"], MANIFEST[rel]["sha256"])


@pytest.mark.parametrize(
    "rel", entries((rel for rel, facts in MANIFEST.items() if facts.get("encoding")), PENDING_ENCODING)
)
def test_fixture_encoding_is_recognised(rel):
    stated = MANIFEST[rel]["encoding"]
    assert stated in ENCODINGS, f"{rel}: unknown encoding name {stated!r}: add it to ENCODINGS"
    if ENCODINGS[stated] is None:
        with pytest.raises(ImportFormatError):
            decode_bytes((FIXTURES / rel).read_bytes(), rel)
        return
    _, encoding = decode_bytes((FIXTURES / rel).read_bytes(), rel)
    assert encoding == ENCODINGS[stated]


def import_cli(cli, paths: list[Path], owner: str, owner_url: str = "", options: dict | None = None):
    """``graphintro import`` as a user types it; its JSON summary, or the failed result."""
    args = ["import", *map(str, paths), "--owner", owner, "--json"]
    if owner_url:
        args += ["--owner-url", owner_url]
    for option in ("format", "map"):
        if (options or {}).get(option):
            args += [f"--{option}", options[option]]
    return cli(*args)


def stored(db: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def record_at(db: Path, file_suffix: str, line: int) -> dict:
    """The record imported from ``line`` of a file (its stored path ends with ``file_suffix``)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = [
            dict(r)
            for r in conn.execute("SELECT * FROM records WHERE line = ? AND kind != 'self'", (line,))
            if r["file"].replace("\\", "/").endswith(file_suffix)
        ]
    finally:
        conn.close()
    assert len(rows) == 1, f"{len(rows)} records from {file_suffix}:{line}"
    return rows[0]


def owner_of(facts: dict) -> tuple[str, str]:
    return facts.get("owner", DEFAULT_OWNER), facts.get("owner_url", "")


@pytest.mark.parametrize("rel", entries(MANIFEST, PENDING))
def test_fixture_imports_as_the_manifest_says(cli, rel, tmp_path):
    facts = MANIFEST[rel]
    expect = facts.get("expect", {})
    if "asserted_by" in expect:
        test_file = TESTS / expect["asserted_by"]
        assert rel.split("/")[-1] in test_file.read_text(encoding="utf-8")
        return
    if not IMPORT_FACTS & set(facts):
        # A file only meaningful inside its export folder, checked by the test that imports the folder.
        assert named_by_a_test(rel), (
            f"{rel}: the manifest states nothing an import could check (add 'expect')"
        )
        return
    if "first_offending_line" in facts:
        expect = {**expect, "refused": {"line": facts["first_offending_line"]}}
    owner, owner_url = owner_of(facts)
    path = FIXTURES / rel
    if expect.get("real_name"):  # a stand-alone copy of an export's file, imported under its real name
        (tmp_path / "export").mkdir()
        path = tmp_path / "export" / expect["real_name"]
        path.write_bytes((FIXTURES / rel).read_bytes())
    if expect.get("ignored"):
        # A file of an export folder that the export's import reads past, naming it.
        folder = FIXTURES / expect["ignored"]
        owner, owner_url = next(
            owner_of(f)
            for r, f in sorted(MANIFEST.items())
            if r.startswith(expect["ignored"] + "/") and "owner" in f
        )
        result = import_cli(cli, [folder], owner, owner_url)
        assert result.exit_code == 0, result.output
        unknown = json.loads(result.output)["files"][0]["unknown_files"]
        assert path.relative_to(folder).as_posix() in unknown
        return
    if expect.get("refused_without_options"):
        plain = import_cli(cli, [path], owner, owner_url)
        assert plain.exit_code == 2 and path.name in plain.output, plain.output
    result = import_cli(cli, [path], owner, owner_url, expect.get("options"))
    if "refused" in expect:
        check_refused(cli, result, path, expect["refused"])
        return
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)["files"][0]
    db = cli.db
    rows = summary["contacts"] + summary["memberships"]
    if "named_records" in facts:
        assert rows == facts["named_records"]
    if "skipped_empty_lines" in facts:
        assert sorted(s["line"] for s in summary["skipped"]) == facts["skipped_empty_lines"]
        if "records" in facts:  # every record is a contact (or membership) or a reported skip
            assert rows + len(summary["skipped"]) == facts["records"]
    if "messages" in facts:
        check_messages(db, facts["messages"], summary)
    if "damaged_lines" in facts:  # one warning, on the first damaged line, naming them all
        damaged = facts["damaged_lines"]
        assert [(w["file"].endswith(rel), w["line"]) for w in summary["warnings"]] == [(True, damaged[0])]
        assert (
            f"line{'s' if len(damaged) > 1 else ''} {', '.join(map(str, damaged))}:"
            in (summary["warnings"][0]["reason"])
        )
    counts = Counter(
        (kind, direction) for kind, direction in stored(db, "SELECT kind, direction FROM interactions")
    )
    for kind in ("invitation", "endorsement", "recommendation"):
        if kind in expect:
            assert {d: counts[(kind, d)] for d in ("in", "out")} == {"in": 0, "out": 0} | expect[kind], kind
    if "people" in expect:
        others = stored(db, "SELECT COUNT(*) FROM people WHERE is_member = 0")[0][0]
        assert others == expect["people"]
    for table in ("positions", "skills"):
        if table in expect:
            assert stored(db, f"SELECT COUNT(*) FROM {table}")[0][0] == expect[table]
    if "groups" in expect:
        owned = stored(
            db,
            "SELECT g.name FROM memberships m JOIN groups g ON g.id = m.group_id"
            " JOIN records r ON r.id = m.record_id WHERE r.kind = 'self' ORDER BY g.name",
        )
        assert [name for (name,) in owned] == sorted(expect["groups"])
    values = list(expect.get("values", []))
    values += [
        {"line": int(line), "field": "connected_on", "value": day}
        for line, day in facts.get("expected_connected_on", {}).items()
    ]
    for value in values:
        assert value["field"] in FIELDS, value
        assert record_at(db, rel, value["line"])[value["field"]] == value["value"], value
    if "expected_contacts" in facts:
        check_contacts(db, rel, facts["expected_contacts"])
    for same in expect.get("same_person", []):
        again = import_cli(cli, [FIXTURES / same["as"]], owner, owner_url)
        assert again.exit_code == 0, again.output
        mine, theirs = record_at(db, rel, same["line"]), record_at(db, same["as"], same["as_line"])
        assert mine["person_id"] == theirs["person_id"], same


def named_by_a_test(rel: str) -> bool:
    """Whether a test other than this one names the fixture or its folder."""
    folder = rel.rsplit("/", 1)[0]
    for test_file in TESTS.glob("test_*.py"):
        if test_file.name != Path(__file__).name:
            text = test_file.read_text(encoding="utf-8")
            if rel.rsplit("/", 1)[-1] in text or folder.rsplit("/", 1)[-1] in text:
                return True
    return False


def check_contacts(db: Path, rel: str, expected: list[dict]) -> None:
    """Each expected contact is a record of the file with those fields (a person shows them)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        records = [
            dict(r)
            for r in conn.execute("SELECT * FROM records WHERE kind != 'self'")
            if r["file"].replace("\\", "/").endswith(rel)
        ]
    finally:
        conn.close()
    assert len(records) == len(expected)
    for contact in expected:
        assert any(all((r[key] or "") == (value or "") for key, value in contact.items()) for r in records), (
            contact
        )


def check_refused(cli, result, path: Path, refused: dict) -> None:
    """Exit code 2, one line naming the file (and the line when the manifest gives it), nothing written."""
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert "\n" not in message and "Traceback" not in message, message
    assert path.name in message, message
    if refused.get("line"):
        assert f":{refused['line']}" in message, message
    if cli.db.exists():
        assert stored(cli.db, "SELECT COUNT(*) FROM records")[0][0] == 0


def check_messages(db: Path, messages: dict, summary: dict) -> None:
    """Sent and received messages become interactions; drafts, sponsored mail and spam do not, and
    the import summary counts each of them by reason (what ``import`` prints as left out)."""
    left_out = summary.get("messages_left_out") or {}
    assert {reason: left_out.get(reason, 0) for reason in ("drafts", "spam", "sponsored")} == {
        reason: messages.get(reason, 0) for reason in ("drafts", "spam", "sponsored")
    }
    directions = Counter(
        d for (d,) in stored(db, "SELECT direction FROM interactions WHERE kind = 'message'")
    )
    assert {"out": directions["out"], "in": directions["in"]} == {
        "out": messages["outgoing"],
        "in": messages["incoming"],
    }
    names = {name.casefold() for (name,) in stored(db, "SELECT name FROM records")}
    assert "linkedin member" not in names, "sponsored mail made a tie"
