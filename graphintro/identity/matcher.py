"""Deciding who is the same person: ``IdentityIndex`` matches each incoming record against the
people already known (by URL, then email, then name and company, exact then near-identical),
looking up in the store (``IdentitySource``) only what its rows could be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice
from math import floor
from typing import Protocol, TypeAlias

from graphintro.identity.keys import company_key, email_company_key, name_key
from graphintro.identity.similar import (
    COMPANY_FUZZY_MIN,
    NAME_FUZZY_MIN,
    _rapidfuzz,
    companies_agree,
)


@dataclass(slots=True)
class Candidate:
    """What the matcher needs to know about one person already in the store.

    Kept for every person a first load writes (millions at a ten-million-tie team's import): its
    keys are tuples, in the order they were seen, not sets (an empty tuple costs nothing, one key
    48 bytes against a set's 216); nothing asks them in any order but the one they were seen in."""

    person_id: int
    name_key: str
    company_keys: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    is_member: bool = False
    name_keys: tuple[str, ...] = ()  # every spelling of the name seen


# The people of one name at one company (``IdentityIndex.by_company`` and friends): most are one
# person, kept as the bare id; a second person makes it the set the two would always have made,
# built in the same order (hence iterated in the same order).
_Ids: TypeAlias = int | set[int]


def _put(ids_by: dict[str, _Ids], key: str, person_id: int) -> None:
    """``person_id`` added to ``ids_by[key]`` (see ``_Ids``)."""
    ids = ids_by.get(key)
    if ids is None:
        ids_by[key] = person_id
    elif isinstance(ids, int):
        if ids != person_id:
            ids_by[key] = {ids, person_id}
    else:
        ids.add(person_id)


def _drop(ids_by: dict[str, _Ids], key: str, person_id: int) -> None:
    """``person_id`` taken out of ``ids_by[key]`` (see ``_Ids``); the key goes with its last person."""
    ids = ids_by.get(key)
    if ids is None:
        return
    if isinstance(ids, int):
        if ids == person_id:
            del ids_by[key]
    elif person_id in ids:
        ids.discard(person_id)
        if not ids:
            del ids_by[key]


def _each(ids: _Ids) -> Iterable[int]:
    """The people of an ``_Ids``."""
    return (ids,) if isinstance(ids, int) else ids


def _count(ids: _Ids) -> int:
    return 1 if isinstance(ids, int) else len(ids)


def _merge(found: set[int], ids: _Ids) -> None:
    """``found |= ids``, as it was with ``ids`` a set (one id: the same insertion)."""
    if isinstance(ids, int):
        found.add(ids)
    else:
        found |= ids


class _NamesByLength:
    """The names seen at one company, by length, each with its rank among them (for the fuzzy search).

    Two names of lengths too far apart cannot be ``NAME_FUZZY_MIN`` similar: ``fuzz.ratio`` is at most
    ``100 * (1 - |a - b| / (a + b))``. Searching only the lengths that can reach it finds the very
    name ``process.extractOne`` finds among all of them: the best, and the first of the best."""

    __slots__ = ("buckets", "count")

    def __init__(self) -> None:
        self.count = 0
        self.buckets: dict[int, tuple[list[str], list[int]]] = {}

    def closest(self, key: str, names: dict[str, _Ids]) -> str | None:
        """The name of ``names`` (only ever appended to) most similar to ``key``, if similar enough."""
        fuzz, process = _rapidfuzz()
        if len(names) > self.count:
            for name in islice(names, self.count, None):
                self.append(name)
        size = len(key)
        found: tuple[float, int, str] | None = None
        for length, (bucket, ranks) in self.buckets.items():
            if 100 * abs(length - size) > (100 - NAME_FUZZY_MIN + 1) * (length + size):
                continue  # (a margin of one point: extractOne's own cutoff decides)
            hit = process.extractOne(key, bucket, scorer=fuzz.ratio, score_cutoff=NAME_FUZZY_MIN)
            if hit is not None:
                score, rank = hit[1], ranks[hit[2]]
                if found is None or score > found[0] or (score == found[0] and rank < found[1]):
                    found = (score, rank, hit[0])
        return found[2] if found else None

    def append(self, name: str) -> None:
        """The next name of the company."""
        bucket = self.buckets.get(len(name))
        if bucket is None:
            bucket = self.buckets[len(name)] = ([], [])
        bucket[0].append(name)
        bucket[1].append(self.count)
        self.count += 1


class _CompanyBlocks:
    """Company keys indexed so that those a key may agree with (``token_set_ratio`` at least
    ``COMPANY_FUZZY_MIN``) are found without comparing it with every key: ``candidates`` is a
    superset of them, which rapidfuzz then judges as before. Comparing each new key with every key
    seen was quadratic in the keys (2,615 at 1,000 x 1,000: a third of the writer over 100 members).

    Two keys reach the threshold only if (rapidfuzz's ``token_set_ratio``, its words split on
    whitespace) they share a word, or, sharing none, the two strings of their sorted words are
    within an Indel distance of (100 - threshold) % of their lengths together: then the lengths are
    close, and when the key's string is cut into one piece more than that distance, one piece at
    least is whole in the other's string, hence that piece's rarest trigram. A key too short for
    pieces of three is compared with every key of a length in range; a key with characters outside
    ASCII (whose whitespace may not be Python's) with every key. Every bound follows from
    ``threshold`` (``COMPANY_FUZZY_MIN`` unless given), so that another threshold misses nothing."""

    __slots__ = ("by_gram", "by_length", "by_word", "keys", "odd", "share")

    def __init__(self, threshold: float = COMPANY_FUZZY_MIN) -> None:
        if not 0 < threshold <= 100:
            raise ValueError(f"a token_set_ratio threshold is in (0, 100], not {threshold}")
        self.share = Fraction(threshold) / 100  # exact: no float rounding in the bounds below
        self.keys: list[str] = []
        self.odd: list[str] = []  # not ASCII: always a candidate
        self.by_word: dict[str, list[str]] = defaultdict(list)
        self.by_gram: dict[str, list[str]] = defaultdict(list)
        self.by_length: dict[int, list[str]] = defaultdict(list)

    def __eq__(self, other: object) -> bool:
        """The same keys in the same order (what the rest is built from)."""
        return isinstance(other, _CompanyBlocks) and self.keys == other.keys

    def add(self, key: str) -> None:
        self.keys.append(key)
        if not key.isascii():
            self.odd.append(key)
            return
        words = set(key.split())
        for word in words:
            self.by_word[word].append(key)
        joined = " ".join(sorted(words))
        self.by_length[len(joined)].append(key)
        for gram in {joined[at : at + 3] for at in range(len(joined) - 2)}:
            self.by_gram[gram].append(key)

    def candidates(self, key: str) -> list[str]:
        """The keys added that may agree with ``key`` (all of them, when in doubt)."""
        words = set(key.split())
        if not key.isascii() or not words:
            return self.keys
        found = set(self.odd)
        for word in words:
            found.update(self.by_word.get(word, ()))
        joined = " ".join(sorted(words))
        size = len(joined)
        # No word shared: a ratio of at least m = threshold / 100 is an Indel distance
        # d <= (1 - m) (size + other) (+ 1, a margin for the float arithmetic), and d >= |size - other|:
        # other <= ((2 - m) size + 1) / m and other >= (m size - 1) / (2 - m).
        share = self.share
        shortest = max(1, floor((share * size - 1) / (2 - share)) - 1)
        longest = floor(((2 - share) * size + 1) / share) + 1
        pieces = floor((1 - share) * (size + longest)) + 2  # the largest d, plus one
        if size < 3 * pieces:
            for length in range(shortest, longest + 1):
                found.update(self.by_length.get(length, ()))
        else:
            for number in range(pieces):
                piece = joined[number * size // pieces : (number + 1) * size // pieces]
                rarest = min(
                    (self.by_gram.get(piece[at : at + 3], ()) for at in range(len(piece) - 2)), key=len
                )
                found.update(rarest)
        return list(found)


def _has_host(urls: tuple[str, ...], host: str) -> bool:
    return any(u.split("/", 1)[0] == host for u in urls)


class IdentitySource(Protocol):
    """Where an ``IdentityIndex`` looks up people it has not seen yet (the store, in practice)."""

    def person_with_url(self, url_key: str) -> int | None: ...
    def person_with_email(self, email_key: str) -> int | None: ...
    def people_named(self, name_key: str) -> list[int]: ...
    def names_at(self, company_key: str, limit: int) -> list[tuple[str, int]]: ...
    def appearances(self, person_id: int) -> list[tuple[str, str, str, str, bool]]: ...
    def people_with_urls(self, url_keys: list[str]) -> list[tuple[str, int]]: ...
    def people_with_emails(self, email_keys: list[str]) -> list[tuple[str, int]]: ...
    def people_named_many(self, name_keys: list[str]) -> list[tuple[str, int]]: ...
    def some_named(self, name_key: str, limit: int) -> list[int]: ...
    def companies_of_named(self, name_key: str) -> list[str]: ...
    def named_at(self, name_key: str, company_keys: list[str]) -> list[int]: ...
    def appearances_of(self, person_ids: list[int]) -> list[tuple[int, str, str, str, str, bool]]: ...


class IdentityIndex:
    """Index of the people in a store, to match incoming records quickly.

    Lookups go to the in-memory maps first and, for what they have not seen yet, to the
    ``source`` (the store's indexed columns), so that an import reads only the people its rows
    could be, never the whole store. Each new record is then registered with ``add`` so that later
    rows of the same import see it too. Without a source the index is purely in memory: it
    must then be told every record of the store (an index built from an empty store is).

    Near-identical names are looked for among the people of a company only up to
    ``company_max`` of them: beyond, the exact name + company rule alone decides.
    """

    def __init__(self, source: IdentitySource | None = None, company_max: int | None = None) -> None:
        self.source = source
        self.company_max = company_max
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name: dict[str, dict[int, Candidate]] = defaultdict(dict)
        self.by_company: dict[str, dict[str, _Ids]] = defaultdict(dict)
        self.people: dict[int, Candidate] = {}
        self._loaded_people: set[int] = set()
        self._loaded_names: set[str] = set()  # names whose every namesake is loaded
        # Name key -> the company keys of its namesakes in the source (any of their records), and the
        # (name, company) pairs whose namesakes at an agreeing company are loaded (``_load_named_at``).
        self._named_companies: dict[str, list[str]] = {}
        self._loaded_named_at: set[tuple[str, str]] = set()
        self._loaded_companies: set[str] = set()
        self._huge_companies: set[str] = set()
        self._names_by_length: dict[str, _NamesByLength] = {}
        self._absent_urls: set[str] = set()
        self._absent_emails: set[str] = set()
        # name key -> company key -> the people seen with both (not necessarily in one record).
        self._name_companies: dict[str, dict[str, _Ids]] = defaultdict(dict)
        self._company_keys = _CompanyBlocks()  # every company key seen, in order
        self._company_index: set[str] = set()
        self._asked = _CompanyBlocks()  # the keys of ``_close``
        # (company key, URL host) -> name key -> the people of that name at the company with no
        # URL on that host: the only ones a record with a new URL there could be. Kept for the
        # companies asked about, by an index that holds every record (no source).
        self._open: dict[tuple[str, str], dict[str, _Ids]] = {}
        self._open_hosts: dict[str, set[str]] = defaultdict(set)
        self._close: dict[str, set[str]] = {}  # company key -> the keys seen that ``company_agrees`` with it

    def prefetch(self, url_keys: Iterable[str], email_keys: Iterable[str], name_keys: Iterable[str]) -> None:
        """Look up, in a few queries, everyone the rows of a file could be by URL or email (instead of
        row by row); ``name_keys`` (the rows' names) are read row by row, as ``match`` needs them."""
        if self.source is None:
            return
        people: set[int] = set()
        urls = sorted({u for u in url_keys if u and u not in self.by_url and u not in self._absent_urls})
        found = dict(self.source.people_with_urls(urls)) if urls else {}
        for url_key, person_id in found.items():
            self.by_url.setdefault(url_key, person_id)
        self._absent_urls.update(set(urls) - set(found))
        people.update(found.values())
        emails = sorted(
            {e for e in email_keys if e and e not in self.by_email and e not in self._absent_emails}
        )
        found = dict(self.source.people_with_emails(emails)) if emails else {}
        for email_key, person_id in found.items():
            self.by_email.setdefault(email_key, person_id)
        self._absent_emails.update(set(emails) - set(found))
        people.update(found.values())
        # The namesakes of ``name_keys`` are not loaded: ``match`` reads only those the rule can take
        # (``_load_named_at``), a few of the hundreds a common name has in a large store.
        self._load_people(sorted(people - self._loaded_people))

    def _load_people(self, person_ids: list[int]) -> None:
        if not person_ids or self.source is None:
            return
        self._loaded_people.update(person_ids)
        for person_id, name, company, url_key, email_key, is_member in self.source.appearances_of(person_ids):
            self.add(person_id, name, company, url_key, email_key, is_member)

    def add(
        self,
        person_id: int,
        name: str,
        company: str | None,
        url_key: str = "",
        email_key: str = "",
        is_member: bool = False,
        *,
        nkey: str | None = None,
        ckey: str | None = None,
    ) -> None:
        """Register one appearance of ``person_id`` (``nkey`` and ``ckey``: its keys, when known).

        A person of the source not loaded yet is loaded first: what the index knows of anyone is then
        always all of them (the source's appearances, and everything told since), which the lookups of
        ``_load_named_at``, made once per name, count on."""
        if self.source is not None and person_id not in self._loaded_people:
            self.person(person_id)
        candidate = self.people.get(person_id)
        key = name_key(name) if nkey is None else nkey
        if candidate is None:
            candidate = Candidate(person_id, key, is_member=is_member)
            self.people[person_id] = candidate
        if is_member and not candidate.is_member:
            candidate.is_member = is_member
        if ckey is None:
            ckey = company_key(company)
        if ckey:
            if ckey not in candidate.company_keys:
                if ckey not in self._company_index:
                    self._new_company(ckey)
                candidate.company_keys += (ckey,)
                for known in candidate.name_keys:
                    _put(self._name_companies[known], ckey, person_id)
            if key:
                self._company_name(ckey, key, person_id)
        if key:
            self.by_name[key][person_id] = candidate
            if key not in candidate.name_keys:
                candidate.name_keys += (key,)
                for known in candidate.company_keys:
                    _put(self._name_companies[key], known, person_id)
        if url_key:
            if url_key not in candidate.urls:
                if self._open:
                    self._close_to_host(candidate, url_key.split("/", 1)[0])
                candidate.urls += (url_key,)
            self.by_url.setdefault(url_key, person_id)
            self._absent_urls.discard(url_key)
        if email_key:
            self.by_email.setdefault(email_key, person_id)
            self._absent_emails.discard(email_key)

    def keep_companies_of(self, old: IdentityIndex) -> None:
        """Take what ``old`` knows of company keys alone, for an index that replaces it (an import's
        slice, ``ingest.writer``).

        Which company keys are the same company (``_agreeing``: each key compared once with every
        key seen, ``token_set_ratio``) is a fact about the keys, not about the people an index holds.
        A new index would compare every key again with all the others: a third of the writer's time
        in the slices after its index is dropped (py-spy, 100 x 3,000 team, an index dropped at every
        slice). Kept, this index only compares the keys it has not seen, and finds the same agreeing
        keys: those it has no people for never meet a name of its own."""
        self._company_keys = old._company_keys
        self._company_index = old._company_index
        self._close = old._close
        self._asked = old._asked

    def _new_company(self, ckey: str) -> None:
        """A company key seen for the first time: the companies already compared with all the
        others are compared with it too (``token_set_ratio`` is symmetric)."""
        self._company_keys.add(ckey)
        self._company_index.add(ckey)
        if self._close:
            fuzz, process = _rapidfuzz()
            for other, _, _ in process.extract(
                ckey,
                self._asked.candidates(ckey),
                scorer=fuzz.token_set_ratio,
                score_cutoff=COMPANY_FUZZY_MIN,
                limit=None,
            ):
                self._close[other].add(ckey)

    def _agreeing(self, ckey: str) -> set[str]:
        """The company keys seen that are the same company as ``ckey`` (``company_agrees``), itself included.

        Compared with every key once, in one call, then kept up to date by ``_new_company``: a row
        is matched by looking up its name with these companies, not by comparing companies again."""
        close = self._close.get(ckey)
        if close is None:
            fuzz, process = _rapidfuzz()
            close = self._close[ckey] = {ckey} | {
                other
                for other, _, _ in process.extract(
                    ckey,
                    self._company_keys.candidates(ckey),
                    scorer=fuzz.token_set_ratio,
                    score_cutoff=COMPANY_FUZZY_MIN,
                    limit=None,
                )
            }
            self._asked.add(ckey)
        return close

    def known_whole(self, person_id: int) -> None:
        """Every record of ``person_id`` is (and will be) told with ``add``: never read it from the source.

        (Nothing to remember without a source: an index in memory, a first load's, never reads one.)"""
        if self.source is not None:
            self._loaded_people.add(person_id)

    def person(self, person_id: int) -> Candidate | None:
        """Everything known of a person: all their appearances are loaded on first use."""
        if self.source is not None and person_id not in self._loaded_people:
            self._loaded_people.add(person_id)
            for name, company, url_key, email_key, is_member in self.source.appearances(person_id):
                self.add(person_id, name, company, url_key, email_key, is_member)
        return self.people.get(person_id)

    def _with_url(self, url_key: str) -> int | None:
        return self._keyed(url_key, self.by_url, self._absent_urls, "person_with_url")

    def _with_email(self, email_key: str) -> int | None:
        return self._keyed(email_key, self.by_email, self._absent_emails, "person_with_email")

    def _keyed(self, key: str, known: dict[str, int], absent: set[str], lookup: str) -> int | None:
        """The person with a URL or an email: from memory, else from the source (then remembered)."""
        if key not in known and key not in absent and self.source is not None:
            found = getattr(self.source, lookup)(key)
            if found is None:
                absent.add(key)
            else:
                self.person(found)
                known.setdefault(key, found)
        return known.get(key)

    def _named(self, key: str) -> dict[int, Candidate]:
        if self.source is not None and key not in self._loaded_names:
            self._loaded_names.add(key)
            for person_id in self.source.people_named(key):
                self.person(person_id)
        return self.by_name.get(key, {})

    def _only_named(self, key: str) -> Candidate | None:
        """The one person named ``key``, if there is exactly one (else None).

        Read from the source only when there may be one: a common name's hundreds of namesakes in a
        large store are counted up to two, not loaded."""
        if self.source is not None and key not in self._loaded_names:
            some = set(self.source.some_named(key, 2))
            some.update(self.by_name.get(key, ()))
            if len(some) != 1:
                return None
        same_name = self._named(key)
        return next(iter(same_name.values())) if len(same_name) == 1 else None

    def _load_named_at(self, key: str, ckey: str) -> None:
        """Load the people of the source named ``key`` who were seen at a company that agrees with
        ``ckey`` (``_agreeing``): the only namesakes ``_same_name_and_company`` can find.

        The company keys of the name's namesakes are asked once per name; who of them agrees is the
        same set whatever else the index holds (an agreeing key is one ``company_agrees`` with
        ``ckey``). People told to the index since are loaded whole by ``add``, so a key they gained
        in the store since is in memory already."""
        if self.source is None or key in self._loaded_names or (key, ckey) in self._loaded_named_at:
            return
        self._loaded_named_at.add((key, ckey))
        companies = self._named_companies.get(key)
        if companies is None:
            companies = self._named_companies[key] = self.source.companies_of_named(key)
        if not companies:
            return
        fuzz, process = _rapidfuzz()
        agreeing = {
            other
            for other, _, _ in process.extract(
                ckey, companies, scorer=fuzz.token_set_ratio, score_cutoff=COMPANY_FUZZY_MIN, limit=None
            )
        }
        if ckey in companies:
            agreeing.add(ckey)
        if agreeing:
            found = self.source.named_at(key, sorted(agreeing))
            self._load_people(sorted(set(found) - self._loaded_people))

    def _company_name(self, ckey: str, key: str, person_id: int) -> None:
        hosts = self._open_hosts.get(ckey)
        if hosts:
            candidate = self.people.get(person_id)
            if candidate is not None:
                for host in hosts:
                    if not _has_host(candidate.urls, host):
                        _put(self._open[(ckey, host)], key, person_id)
        names = self.by_company[ckey]
        ids = names.get(key)
        if ids is None:
            names[key] = person_id
            by_length = self._names_by_length.get(ckey)
            if by_length is not None and by_length.count == len(names) - 1:
                by_length.append(key)
        elif ids != person_id:  # (the same person at the same company again: nothing to add)
            _put(names, key, person_id)

    def _names_at(self, ckey: str) -> dict[str, _Ids]:
        """Names seen at a company; empty for a company too big to search (see ``names_at``)."""
        if ckey in self._huge_companies:
            return {}
        if ckey not in self._loaded_companies:
            # Decided once, on the first look, from the source or from memory alike.
            self._loaded_companies.add(ckey)
            limit = self.company_max if self.company_max is not None else 1 << 62
            if self.source is not None:
                rows = self.source.names_at(ckey, limit + 1)
                if len(rows) > limit:
                    self._huge_companies.add(ckey)
                    return {}
                for key, person_id in rows:
                    self._company_name(ckey, key, person_id)
            elif sum(_count(ids) for ids in self.by_company.get(ckey, {}).values()) > limit:
                self._huge_companies.add(ckey)
                return {}
        return self.by_company.get(ckey, {})

    def match(
        self,
        name: str,
        company: str | None,
        url_key: str = "",
        email_key: str = "",
        *,
        nkey: str | None = None,
        ckey: str | None = None,
    ) -> tuple[int | None, str]:
        """Best existing person for a record, and why: ``(person_id, reason)`` or ``(None, "new")``.

        ``nkey`` and ``ckey`` are the name and company keys of the record, when already known."""
        if url_key:
            # (most rows of a team's exports are someone already known by URL: asked first, in memory)
            found = self.by_url.get(url_key)
            if found is None:
                found = self._with_url(url_key)
            if found is not None:
                return found, "same profile URL"
        found = self._with_email(email_key) if email_key else None
        if found is not None and not self._urls_conflict(found, url_key):
            return found, "same email"
        key = name_key(name) if nkey is None else nkey
        own_ckey = company_key(company) if ckey is None else ckey
        ckey = own_ckey or email_company_key(email_key)
        if not key:
            return None, "new"
        only = self._only_named(key)
        if (
            only is not None
            and only.is_member
            and not only.company_keys
            and not self._urls_conflict(only.person_id, url_key)
        ):
            # A teammate whose export told no company: their name in a colleague's list is them.
            return only.person_id, "same name as a team member"
        if not ckey:
            return None, "new"
        self._load_named_at(key, ckey)
        exact = [
            pid for pid in self._same_name_and_company(key, ckey) if not self._urls_conflict(pid, url_key)
        ]
        if len(exact) == 1:
            return exact[0], (
                "same name and company" if own_ckey else "same name, company of the email domain"
            )
        if exact:
            return None, "new"
        return self._fuzzy_name_at_company(key, ckey, url_key)

    def _same_name_and_company(self, key: str, ckey: str) -> set[int]:
        """The people named ``key`` (loaded by ``_named``) who were seen at the company ``ckey``,
        or at one ``company_agrees`` with it."""
        companies = self._name_companies.get(key)
        if not companies:
            return set()
        close = self._agreeing(ckey)
        found: set[int] = set()
        if len(companies) <= len(close):
            for other, ids in companies.items():
                if other in close:
                    _merge(found, ids)
        else:
            for other in close:
                known = companies.get(other)
                if known is not None:
                    _merge(found, known)
        return found

    def _open_to(self, ckey: str, host: str) -> dict[str, _Ids]:
        """The names at ``ckey`` of people with no URL on ``host`` (see ``_open``)."""
        found = self._open.get((ckey, host))
        if found is None:
            found = self._open[(ckey, host)] = {}
            self._open_hosts[ckey].add(host)
            for name, ids in self.by_company.get(ckey, {}).items():
                for person_id in _each(ids):
                    if not _has_host(self.people[person_id].urls, host):
                        _put(found, name, person_id)
        return found

    def _close_to_host(self, candidate: Candidate, host: str) -> None:
        """``candidate`` now has a URL on ``host``: no longer open there at any of their companies."""
        if _has_host(candidate.urls, host):
            return
        for ckey in candidate.company_keys:
            names = self._open.get((ckey, host))
            if names:
                for name in candidate.name_keys:
                    _drop(names, name, candidate.person_id)

    def _fuzzy_name_at_company(self, key: str, ckey: str, url_key: str) -> tuple[int | None, str]:
        """Near-identical names (a typo, a missing hyphen) at exactly the same company."""
        names = self._names_at(ckey)
        if not names:
            return None, "new"
        if url_key and self.source is None:
            # People with another URL on the same network are someone else (``_urls_conflict``): when
            # no name near enough belongs to anyone else, the search of every name would find nobody.
            fuzz, process = _rapidfuzz()
            open_names = self._open_to(ckey, url_key.split("/", 1)[0])
            if (
                not open_names
                or process.extractOne(key, list(open_names), scorer=fuzz.ratio, score_cutoff=NAME_FUZZY_MIN)
                is None
            ):
                return None, "new"
        by_length = self._names_by_length.get(ckey)
        if by_length is None:
            by_length = self._names_by_length[ckey] = _NamesByLength()
        best = by_length.closest(key, names)
        if best is None:
            return None, "new"
        ids = [pid for pid in _each(names[best]) if not self._urls_conflict(pid, url_key)]
        if len(ids) == 1:
            return ids[0], "similar name, same company"
        return None, "new"

    def match_owner(self, name: str, company: str | None, url_key: str) -> tuple[int | None, str]:
        """Person for an export's owner: URL, then name + company, then a unique name among people.

        The owner's name was typed by the user for this very purpose, so a name that designates
        exactly one member (or, failing that, exactly one person) is taken, which a contact row's
        name alone never is.
        """
        found, reason = self.match(name, company, url_key)
        if found is not None:
            return found, reason
        key = name_key(name)
        same_name = [c for c in self._named(key).values() if not self._urls_conflict(c.person_id, url_key)]
        members = [c for c in same_name if c.is_member]
        if len(members) == 1:
            return members[0].person_id, "owner name (team member)"
        if (
            not members
            and len(same_name) == 1
            and not (
                company
                and same_name[0].company_keys
                and not companies_agree({company_key(company)}, same_name[0].company_keys)
            )
        ):
            return same_name[0].person_id, "owner name"
        return None, "new"

    def _urls_conflict(self, person_id: int, url_key: str) -> bool:
        """Two different profile URLs of the same network are two different people."""
        if not url_key:
            return False
        candidate = self.person(person_id)
        if candidate is None:
            return False
        host = url_key.split("/", 1)[0]
        return any(u.split("/", 1)[0] == host and u != url_key for u in candidate.urls)
