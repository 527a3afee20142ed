"""No recoverable message text: the store keeps who wrote to whom and when, never the text, nor any
hash of it (a short message's hash is undone by a word list: "Sure", "Thank you"...)."""

import csv
import hashlib
import sqlite3

from graphintro.ingest import import_paths
from graphintro.store import SCRUBBING_MIGRATIONS, Store

MESSAGE_KEY_MIGRATION = min(SCRUBBING_MIGRATIONS)  # the migration that rewrote content-hash keys

OWNER, OWNER_URL = "Alice Membre", "https://www.linkedin.com/in/alice-membre"
# What a 21-word list recovered from a real export's store: short, common messages.
SHORT = [
    "Sure",
    "Thank you",
    "Thanks!",
    "Yes",
    "No",
    "OK",
    "Merci",
    "Merci !",
    "Avec plaisir",
    "Bonjour",
    "Hello",
    "Great",
    "Congrats!",
    "Félicitations !",
    "Bravo",
    "Super",
    "Parfait",
    "D'accord",
    "Hi",
    "Thanks",
    "Oui",
]
HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
]


def write_export(folder, extra: int = 0):
    """A LinkedIn export whose messages are the word list, some of them twice in the same second."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "Connections.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
        )
        for n in range(3):
            writer.writerow(
                [
                    f"Peer{n}",
                    "Contact",
                    f"https://www.linkedin.com/in/peer-{n}",
                    "",
                    "Acme",
                    "VP",
                    "12 Mar 2020",
                ]
            )
    rows = []
    for i, text in enumerate(SHORT + SHORT[:extra]):
        n = i % 3
        peer, url = f"Peer{n} Contact", f"https://www.linkedin.com/in/peer-{n}"
        second = i // 4 if i < len(SHORT) else 40 + i  # four messages share each second: told apart by rank
        at = f"2026-10-01 10:{second // 60:02d}:{second % 60:02d} UTC"
        if i % 2:
            rows.append([f"conv-{n}", "", peer, url, OWNER, OWNER_URL, at, "", text, "INBOX"])
        else:
            rows.append([f"conv-{n}", "", OWNER, OWNER_URL, peer, url, at, "", text, "INBOX"])
    with open(folder / "messages.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return folder


def hashes_of(text: str) -> set[str]:
    """Every hash of ``text`` a store could have kept, in full or cut short, in either case."""
    found = set()
    for algorithm in ("sha1", "sha256", "md5", "blake2b", "sha512"):
        for data in (text.encode(), text.strip().encode(), text.lower().encode()):
            digest = hashlib.new(algorithm, data).hexdigest()
            for length in (8, 10, 12, 16, 20, len(digest)):
                found |= {digest[:length], digest[:length].upper()}
    return found


def database_bytes(db) -> bytes:
    return b"".join(p.read_bytes() for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def message_keys(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT key FROM interactions WHERE kind = 'message'"))


def test_no_hash_of_a_message_appears_in_the_database(tmp_path):
    db = tmp_path / "store.db"
    with Store(db) as store:
        import_paths(store, [write_export(tmp_path / "export")], owner=OWNER, owner_url=OWNER_URL)
    assert len(message_keys(db)) == len(SHORT)  # every message kept, those of the same second too
    data = database_bytes(db).lower()
    for text in SHORT:
        for digest in hashes_of(text):
            assert digest.lower().encode() not in data, (text, digest)
    for text in ("Avec plaisir", "Félicitations !", "Thank you"):
        assert text.lower().encode() not in data


def test_the_migration_rewrites_old_content_hashes_away(tmp_path):
    """A store of an older graphintro (keys ending with a SHA-1 of the text) opens rewritten:
    the same keys as a fresh import, no digest left in the file, and a newer export adds only its news."""
    db = tmp_path / "old.db"
    export = write_export(tmp_path / "export")
    with Store(db) as store:
        import_paths(store, [export], owner=OWNER, owner_url=OWNER_URL)
    fresh = message_keys(db)
    planted = []
    with sqlite3.connect(db) as conn:  # turn it into what graphintro wrote before: content hashes
        rows = conn.execute("SELECT id, key FROM interactions WHERE kind = 'message' ORDER BY id").fetchall()
        for number, (row_id, key) in enumerate(rows):
            digest = hashlib.sha1(SHORT[number % len(SHORT)].encode()).hexdigest()[:12]
            planted.append(digest)
            conn.execute(
                "UPDATE interactions SET key = ? WHERE id = ?", (key[: key.rindex("|") + 1] + digest, row_id)
            )
        conn.execute(f"PRAGMA user_version = {MESSAGE_KEY_MIGRATION - 1}")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert all(d.encode() in database_bytes(db) for d in planted)  # the old store did hold them

    with Store(db) as store:
        assert store.schema_version >= MESSAGE_KEY_MIGRATION
    assert message_keys(db) == fresh
    data = database_bytes(db)
    assert not [d for d in planted if d.encode() in data]

    with Store(db) as store:  # a newer export: the same messages plus two
        before = store.conn.execute("SELECT COUNT(*) FROM interactions WHERE kind = 'message'").fetchone()[0]
        import_paths(store, [write_export(tmp_path / "newer", extra=2)], owner=OWNER, owner_url=OWNER_URL)
        after = store.conn.execute("SELECT COUNT(*) FROM interactions WHERE kind = 'message'").fetchone()[0]
    assert after - before == 2
