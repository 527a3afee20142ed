"""Hostile input: every importer either imports or refuses with a clear error, never crashes, never half-writes."""

import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import csv_files, vcard_files, zip_files

from graphintro.errors import GraphintroError
from graphintro.ingest import import_paths
from graphintro.store import Store

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def snapshot(db: Path):
    conn = sqlite3.connect(db)
    try:
        return [
            conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("people", "records", "imports")
        ]
    finally:
        conn.close()


def import_or_refuse(tmp_path: Path, name: str, data: bytes, fmt: str | None = None) -> None:
    """The property: success, or a GraphintroError with a one-line message naming the file, store unchanged."""
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / "fuzz.db"
    with Store(db) as store:
        before = snapshot(db)
        try:
            import_paths(store, [path], owner="Fuzz Owner", fmt=fmt)
        except GraphintroError as error:
            message = str(error)
            assert "\n" not in message and name in message, message
            assert snapshot(db) == before
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@SETTINGS
@given(data=csv_files(), fmt=st.sampled_from([None, "linkedin", "csv", "groups", "viadeo"]))
def test_csv_inputs(tmp_path, data, fmt):
    import_or_refuse(tmp_path, "input.csv", data, fmt)


@SETTINGS
@given(data=vcard_files())
def test_vcard_inputs(tmp_path, data):
    import_or_refuse(tmp_path, "cards.vcf", data)


@SETTINGS
@given(data=zip_files())
def test_zip_inputs_never_write_outside(tmp_path, data):
    import_or_refuse(tmp_path, "export.zip", data)
    assert not (tmp_path.parent / "evil.csv").exists() and not Path("/abs/Connections.csv").exists()


@SETTINGS
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes(tmp_path, data):
    import_or_refuse(tmp_path, "blob.csv", data)


def test_zip_bomb_is_refused_before_it_is_read(tmp_path):
    import zipfile

    bomb = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", b"First Name,Last Name\n" + b"a" * (600 * 1024 * 1024))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    db = tmp_path / "bomb.db"
    with Store(db):
        pass
    before = snapshot(db)
    with Store(db) as store:
        try:
            import_paths(store, [bomb], owner="Owner")
        except GraphintroError as error:
            # The whole message: the folder pytest makes for this test's name holds "refused" already.
            assert str(error) == f"{bomb}:Connections.csv: refused: decompresses to too much data (zip bomb?)"
        else:
            raise AssertionError("a 600 MB member was read")
    assert snapshot(db) == before
