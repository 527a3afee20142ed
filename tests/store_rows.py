"""What "the store exactly as it was" means in the tests: every row of every table; and a store copied whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(db: Path) -> list:
    """Every row of every table, in table and rowid order."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        return [(t, conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()) for t in tables]
    finally:
        conn.close()


def copy_store(source: Path, target: Path) -> Path:
    """``target``: a consistent copy of the store ``source`` (SQLite's backup). A file copy taken while
    a server writes or checkpoints the store can be torn; this one cannot."""
    from_conn, to_conn = sqlite3.connect(source), sqlite3.connect(target)
    try:
        from_conn.backup(to_conn)
    finally:
        from_conn.close()
        to_conn.close()
    return target
