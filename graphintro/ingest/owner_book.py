"""The records an owner already has, to recognise a contact seen again in a newer export."""

from __future__ import annotations

from collections import defaultdict


class _OwnerBook:
    """The records an owner already has, to recognise a contact seen again in a newer export."""

    def __init__(self) -> None:
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name_company: dict[tuple[str, str], int] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)

    def add(self, record_id: int, name_key_: str, company_key_: str, url_key: str, email_key: str) -> None:
        if url_key:
            self.by_url.setdefault(url_key, record_id)
        if email_key:
            self.by_email.setdefault(email_key, record_id)
        if name_key_:
            self.by_name_company.setdefault((name_key_, company_key_), record_id)
            if record_id not in self.by_name[name_key_]:
                self.by_name[name_key_].append(record_id)

    def find(self, nkey: str, ckey: str, url_key: str, email_key: str, name_alone: bool) -> int | None:
        """The owner's record for this person: URL, email, name + company, or a name unique on both sides."""
        if url_key:
            return self.by_url.get(url_key)
        if email_key and email_key in self.by_email:
            return self.by_email[email_key]
        if (nkey, ckey) in self.by_name_company:
            return self.by_name_company[(nkey, ckey)]
        if name_alone and len(self.by_name.get(nkey, ())) == 1:
            return self.by_name[nkey][0]
        return None
