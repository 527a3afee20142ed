"""What "the store exactly as it was" means in the tests: every row of every table."""

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
