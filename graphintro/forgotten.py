"""Who stays forgotten: the salted hashes that ``graphintro forget`` keeps of an erased person.

``graphintro.privacy`` erases a person and records these hashes; every import checks its rows
against them (``is_forgotten``), so an old export does not bring the person back. Only hashes are
kept, never a name, a URL or an e-mail address.
"""

from __future__ import annotations

import hashlib

from graphintro.identity import company_key, name_key, normalize_email, normalize_url

_SALT = b"graphintro-forgotten-v1"


def identity_hashes(name: str, company: str, url: str, email: str) -> set[str]:
    """Hashes of the keys that identify an appearance; the forgotten table holds only these."""
    keys = set()
    if normalize_url(url):
        keys.add("url:" + normalize_url(url))
    if normalize_email(email):
        keys.add("email:" + normalize_email(email))
    if name_key(name) and company_key(company):
        keys.add(f"name:{name_key(name)}|{company_key(company)}")
    return {hashlib.sha256(_SALT + key.encode()).hexdigest() for key in keys}


def is_forgotten(conn, name: str, company: str, url: str, email: str) -> bool:
    """Whether an appearance has the identity of someone erased (read by every import, row by row)."""
    hashes = identity_hashes(name, company, url, email)
    if not hashes:
        return False
    marks = ",".join("?" * len(hashes))
    return (
        conn.execute(
            f"SELECT 1 FROM forgotten WHERE key_hash IN ({marks}) LIMIT 1", sorted(hashes)
        ).fetchone()
        is not None
    )
