"""The ties of the store as columns (``TieColumns``): the ties numbered as they are found, a numpy
array per feature, lists only for the few ties with endorsements, recommendations or a rating note.

``collect_tie_columns`` finds the same ties with the same features, in the same order, as the
``TieFeatures`` dict ``collect_ties`` returns (which is made of it: ``TieColumns.as_dict``), but a
tie costs ~60 bytes of columns (up to twice that while they grow) instead of ~700 (BENCHMARKS.md,
"Issue 20, point 4: the graph build as columns"): the whole build of ten million ties fits in
memory, and the build scores them a column at a time (``strength.tie_logits``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from graphintro.graph.ties import (
    INFERRED_COMPANY_MAX,
    INFERRED_GROUP_MAX,
    TEAM_CLIQUE_MAX,
    Pair,
    _current_companies,
    _employers,
    _filter,
    _groups,
    _restrict,
    _team_size,
)
from graphintro.store import Store
from graphintro.strength import TieFeatures

if TYPE_CHECKING:
    import numpy as np

# (name, dtype) of each feature column; every default is 0 (a text or list code 0: none)
COLUMNS = (
    ("connected", "bool"),
    ("connected_on", "int32"),  # code in ``texts`` (0: none)
    ("sent", "int64"),
    ("received", "int64"),
    ("last_message", "int32"),  # code in ``texts`` (0: none)
    ("endorsements", "int64"),
    ("invitation_note", "bool"),
    ("invited_by_low", "bool"),
    ("invited_by_high", "bool"),
    ("shared_employers", "int32"),  # code in ``lists`` (0: none)
    ("teammates", "bool"),
    ("shared_groups", "int32"),  # code in ``lists`` (0: none)
    ("same_company", "int32"),  # code in ``texts`` (0: "")
    ("mutual", "int64"),
    ("rating", "int8"),  # 0: not rated
)
CHUNK = 200_000  # rows read from the store at a time


class TieColumns:
    """Ties numbered 0, 1, … in the order they are found, each feature of ``TieFeatures`` a numpy
    array indexed by tie number (dates and company names as codes in ``texts``, the shared
    employers and groups as codes in ``lists``); endorsement skills, recommendations and rating
    notes only for the ties that have some.

    A pair ``a < b`` is known by its key ``a * stride + b`` (``stride`` above every person id):
    sorted keys and their tie numbers find the ties of a batch of rows at once (``number``)."""

    def __init__(self, stride: int) -> None:
        import numpy as np

        self.stride = stride
        self.count = 0
        self._keys = np.empty(0, np.int64)  # sorted
        self._numbers = np.empty(0, np.int64)  # the tie number of each sorted key
        self._found: list[np.ndarray] = []  # the keys in numbering order, a batch at a time
        self._columns = {name: np.zeros(0, dtype) for name, dtype in COLUMNS}
        self.texts: list[str] = [""]
        self._text_codes: dict[str, int] = {"": 0}
        self.lists: list[tuple[str, ...]] = [()]
        self._list_codes: dict[tuple[str, ...], int] = {(): 0}
        self.endorsement_skills: dict[int, list[str]] = {}
        self.recommendations: dict[int, list[tuple[int, int, str]]] = {}
        self.rating_note: dict[int, str] = {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, name: str) -> np.ndarray:
        """The column ``name`` (a view of the ``count`` ties found)."""
        return self._columns[name][: self.count]

    def keys_of(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The keys of the pairs a–b (either order, two different people)."""
        import numpy as np

        return np.minimum(a, b) * self.stride + np.maximum(a, b)

    def number(self, keys: np.ndarray) -> np.ndarray:
        """The tie number of each key, the ties not found yet numbered in the order of their first key."""
        import numpy as np

        numbers = self.find(keys)
        new = numbers < 0
        if new.any():
            fresh, first, inverse = np.unique(keys[new], return_index=True, return_inverse=True)
            order = np.argsort(first, kind="stable")
            rank = np.empty(len(fresh), np.int64)
            rank[order] = np.arange(len(fresh))
            numbers[new] = self.count + rank[inverse.ravel()]
            at = np.searchsorted(self._keys, fresh)
            self._keys = np.insert(self._keys, at, fresh)
            self._numbers = np.insert(self._numbers, at, self.count + rank)
            self._found.append(fresh[order])
            self._grow(self.count + len(fresh))
        return numbers

    def find(self, keys: np.ndarray) -> np.ndarray:
        """The tie number of each key, -1 for a pair that is no tie."""
        import numpy as np

        keys = np.asarray(keys, dtype=np.int64)
        if not len(self._keys):
            return np.full(len(keys), -1, np.int64)
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        return np.where(self._keys[at] == keys, self._numbers[at], -1)

    def _grow(self, count: int) -> None:
        import numpy as np

        for name, column in self._columns.items():
            if len(column) < count:
                bigger = np.zeros(max(count, 2 * len(column)), column.dtype)
                bigger[: len(column)] = column
                self._columns[name] = bigger
        self.count = count

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """The two ends (lower id first) of every tie, in tie numbers' order."""
        import numpy as np

        keys = np.concatenate(self._found) if self._found else np.empty(0, np.int64)
        self._found = [keys]
        return keys // self.stride, keys % self.stride

    def text_code(self, text: str) -> int:
        code = self._text_codes.get(text)
        if code is None:
            code = self._text_codes[text] = len(self.texts)
            self.texts.append(text)
        return code

    def list_code(self, values: list[str]) -> int:
        key = tuple(values)
        code = self._list_codes.get(key)
        if code is None:
            code = self._list_codes[key] = len(self.lists)
            self.lists.append(key)
        return code

    def text_ranks(self) -> np.ndarray:
        """Each text code's rank in the texts' order (``str`` comparison), code 0 (none) last."""
        import numpy as np

        ranks = np.empty(len(self.texts), np.int64)
        ranks[sorted(range(1, len(self.texts)), key=self.texts.__getitem__)] = np.arange(len(self.texts) - 1)
        ranks[0] = len(self.texts) - 1
        return ranks

    def direct(self) -> np.ndarray:
        """``TieFeatures.direct`` of every tie."""
        import numpy as np

        connected, sent, received = self["connected"], self["sent"], self["received"]
        others = (self["endorsements"] > 0) | self.recommended()
        answers = np.where(self["invited_by_low"], received, sent)  # (the invitee's messages)
        pending = self.pending_invitation()
        return connected | np.where(pending, (answers > 0) | others, ((sent + received) > 0) | others)

    def pending_invitation(self) -> np.ndarray:
        """``TieFeatures.pending_invitation`` of every tie."""
        return ~self["connected"] & (self["invited_by_low"] != self["invited_by_high"])

    def recommended(self) -> np.ndarray:
        import numpy as np

        found = np.zeros(self.count, bool)
        found[[tie for tie, made in self.recommendations.items() if made]] = True
        return found

    def features(self, tie: int, columns: dict | None = None) -> TieFeatures:
        """The ``TieFeatures`` of the tie numbered ``tie`` (for the few ties an answer describes);
        ``columns``: the columns as lists, for many ties."""
        column = columns or self._columns
        return TieFeatures(
            connected=bool(column["connected"][tie]),
            connected_on=self.texts[column["connected_on"][tie]] or None,
            sent=int(column["sent"][tie]),
            received=int(column["received"][tie]),
            last_message=self.texts[column["last_message"][tie]] or None,
            endorsements=int(column["endorsements"][tie]),
            endorsement_skills=list(self.endorsement_skills.get(tie, [])),
            recommendations=list(self.recommendations.get(tie, [])),
            invitation_note=bool(column["invitation_note"][tie]),
            invited_by_low=bool(column["invited_by_low"][tie]),
            invited_by_high=bool(column["invited_by_high"][tie]),
            shared_employers=list(self.lists[column["shared_employers"][tie]]),
            teammates=bool(column["teammates"][tie]),
            shared_groups=list(self.lists[column["shared_groups"][tie]]),
            same_company=self.texts[column["same_company"][tie]],
            mutual=int(column["mutual"][tie]),
            rating=int(column["rating"][tie]) or None,
            rating_note=self.rating_note.get(tie, ""),
        )

    def get(self, key: Pair) -> TieFeatures | None:
        """The features of the tie ``key`` (lower id first), None when there is none."""
        import numpy as np

        found = int(self.find(np.array([key[0] * self.stride + key[1]], np.int64))[0])
        return None if found < 0 else self.features(found)

    def as_dict(self) -> dict[Pair, TieFeatures]:
        """Every tie as ``collect_ties`` returns them: ``TieFeatures`` by pair, in tie numbers' order."""
        a, b = self.pairs()
        columns = {name: self[name].tolist() for name, _ in COLUMNS}  # (Python values: no numpy scalar)
        ties: dict[Pair, TieFeatures] = defaultdict(TieFeatures)
        for tie, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
            ties[(x, y)] = self.features(tie, columns)
        return ties


def collect_ties(
    store: Store, only: set[int] | None = None, inferred: bool = True
) -> dict[Pair, TieFeatures]:
    """The features of every tie in the store, or of the ties among the people ``only``, one
    ``TieFeatures`` per tie (for a few ties, or the Neo4j mirror: the graph build reads the columns)."""
    return collect_tie_columns(store, only, inferred).as_dict()


def collect_tie_columns(store: Store, only: set[int] | None = None, inferred: bool = True) -> TieColumns:
    """The features of every tie in the store, or of the ties among the people ``only``, as columns:
    ``collect_ties``'s ties and features, in its order (phase by phase as there)."""
    conn = store.conn
    top = conn.execute("SELECT MAX(id) FROM people").fetchone()[0] or 0
    stride = max(top, *only) + 1 if only else top + 1
    if stride > 1 << 31:  # (a pair's key, lower * stride + higher, must fit in 64 bits)
        raise OverflowError(f"person ids up to {stride - 1}: too large for the tie keys")
    ties = TieColumns(stride)
    people_filter, args = _filter(conn, only)
    _connections(ties, conn, people_filter, args)
    _interactions(ties, conn, people_filter, args)
    where, member_args = _restrict("id", only)
    members = {
        row[0]
        for row in conn.execute(
            "SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL" + where, member_args
        )
    }
    _teammates(ties, members, only, _team_size(conn))
    _shared_employers(ties, _employers(conn, only), _current_companies(conn, only))
    groups = _groups(conn, only)
    if inferred:
        _inferred(conn, ties, members, groups, only)
    _shared_groups(ties, groups["by_person"])
    _mutual(ties, members)
    _ratings(store, ties, only)
    return ties


def _chunks(cursor):
    while rows := cursor.fetchmany(CHUNK):
        yield rows


def _connections(ties: TieColumns, conn, people_filter: str, args: list) -> None:
    """Connections listed in an export (not ended), the earliest date either side gives."""
    import numpy as np

    numbers, codes = [], []
    for rows in _chunks(
        conn.execute(
            "SELECT o.person_id, r.person_id, r.connected_on FROM records r JOIN records o ON o.id = r.owner_record_id"
            f" WHERE r.is_connection = 1 AND r.ended_at IS NULL AND o.person_id != r.person_id {people_filter}",
            args,
        )
    ):
        owners, people, dates = zip(*rows, strict=True)
        count = len(rows)
        keys = ties.keys_of(np.fromiter(owners, np.int64, count), np.fromiter(people, np.int64, count))
        numbers.append(ties.number(keys))
        codes.append(np.fromiter((ties.text_code(d) if d else 0 for d in dates), np.int32, count))
    if not numbers:
        return
    ties["connected"][:] = True  # (every tie found so far is a connection)
    _earliest(ties, "connected_on", np.concatenate(numbers), np.concatenate(codes), latest=False)


def _earliest(ties: TieColumns, name: str, numbers: np.ndarray, codes: np.ndarray, latest: bool) -> None:
    """The column ``name`` of ties ``numbers``: the first (or ``latest``: the last) of their texts
    ``codes`` in ``str`` order, code 0 (none) left out; the others keep theirs."""
    import numpy as np

    ranks = ties.text_ranks()  # (code 0's rank, the last, is never looked up)
    by_rank = np.empty(len(ranks), np.int32)
    by_rank[ranks] = np.arange(len(ranks), dtype=np.int32)
    given = codes != 0
    numbers, values = numbers[given], ranks[codes[given]]
    column = ties[name]
    if latest:
        best = np.full(ties.count, -1, np.int64)
        np.maximum.at(best, numbers, values)
    else:
        best = np.full(ties.count, len(ranks), np.int64)
        np.minimum.at(best, numbers, values)
    found = (best >= 0) & (best < len(ranks))
    column[found] = by_rank[best[found]]


def _interactions(ties: TieColumns, conn, people_filter: str, args: list) -> None:
    """Messages, endorsements, recommendations and invitations, seen from either side of the tie
    (``ties._add_interaction_rows``): when both ends exported, each direction counts the larger of
    the two views instead of their sum."""
    import numpy as np

    numbers_seen, last_codes = [], []
    count_rows: list[tuple[np.ndarray, ...]] = []
    for rows in _chunks(
        conn.execute(
            "SELECT o.person_id, r.person_id, i.kind, i.direction, COUNT(*), MAX(i.at), GROUP_CONCAT(i.detail, '|')"
            " FROM interactions i JOIN records r ON r.id = i.record_id JOIN records o ON o.id = r.owner_record_id"
            f" WHERE o.person_id != r.person_id {people_filter} GROUP BY 1, 2, 3, 4",
            args,
        )
    ):
        count = len(rows)
        owners = np.fromiter((row[0] for row in rows), np.int64, count)
        peers = np.fromiter((row[1] for row in rows), np.int64, count)
        numbers = ties.number(ties.keys_of(owners, peers))
        kinds = [row[2] for row in rows]
        low_to_high = (owners < peers) == np.fromiter((row[3] == "out" for row in rows), bool, count)
        n = np.fromiter((row[4] for row in rows), np.int64, count)
        message = np.fromiter((kind == "message" for kind in kinds), bool, count)
        endorsement = np.fromiter((kind == "endorsement" for kind in kinds), bool, count)
        count_rows.append((numbers, low_to_high, message, endorsement, n))
        numbers_seen.append(numbers[message])
        last_codes.append(
            np.fromiter(
                (
                    ties.text_code(row[5]) if row[5] else 0
                    for row, m in zip(rows, message.tolist(), strict=True)
                    if m
                ),
                np.int32,
                int(message.sum()),
            )
        )
        listed = numbers.tolist()
        for i, kind in enumerate(kinds):
            if kind == "endorsement":
                skills = [s for s in (rows[i][6] or "").split("|") if s]
                if skills:
                    ties.endorsement_skills.setdefault(listed[i], []).extend(skills)
            elif kind == "recommendation":
                owner, peer, _, direction, _, last, _ = rows[i]
                recommender, recommended = (peer, owner) if direction == "in" else (owner, peer)
                ties.recommendations.setdefault(listed[i], []).append(
                    (recommender, recommended, (last or "")[:4])
                )
            elif kind == "invitation":
                (ties["invited_by_low"] if low_to_high[i] else ties["invited_by_high"])[listed[i]] = True
                if "personal message" in (rows[i][6] or ""):
                    ties["invitation_note"][listed[i]] = True
    if not count_rows:
        return
    # Each (tie, kind, direction) counts the larger view; endorsements add both directions up.
    numbers, low_to_high, message, endorsement, n = (
        np.concatenate(part) for part in zip(*count_rows, strict=True)
    )
    for name, rows_of in (("sent", message & low_to_high), ("received", message & ~low_to_high)):
        np.maximum.at(ties[name], numbers[rows_of], n[rows_of])  # (from 0: set here only)
    for rows_of in (endorsement & low_to_high, endorsement & ~low_to_high):
        most = np.zeros(ties.count, np.int64)
        np.maximum.at(most, numbers[rows_of], n[rows_of])
        ties["endorsements"][:] += most
    _earliest(ties, "last_message", np.concatenate(numbers_seen), np.concatenate(last_codes), latest=True)


def _teammates(ties: TieColumns, members: set[int], only: set[int] | None, team_size: int) -> None:
    """Members of a small team can all ask each other; in a large one, being teammates only
    strengthens ties the exports show (``ties._add_teammates``)."""
    import numpy as np

    team = np.array(sorted(members if only is None else members & only), np.int64)
    if len(team) < 2:
        return
    if team_size <= TEAM_CLIQUE_MAX:
        low, high = np.triu_indices(len(team), k=1)
        numbers = ties.number(team[low] * ties.stride + team[high])
        ties["teammates"][numbers] = True
        return
    a, b = ties.pairs()
    ties["teammates"][np.isin(a, team) & np.isin(b, team)] = True


def _shared_employers(
    ties: TieColumns, employers: dict[int, dict[str, str]], companies: dict[int, dict[str, str]]
) -> None:
    """Companies both ends worked at (one of them may still be there), on the ties found so far
    (``ties._add_shared_employers``)."""
    import numpy as np

    if not employers:
        return
    a, b = ties.pairs()
    telling = np.array(sorted(employers), np.int64)
    column = ties["shared_employers"]
    nothing: dict[str, str] = {}
    for tie in np.flatnonzero(np.isin(a, telling) | np.isin(b, telling)).tolist():
        x, y = int(a[tie]), int(b[tie])
        ex, ey = employers.get(x, nothing), employers.get(y, nothing)
        shared = (ex.keys() & (ey.keys() | companies.get(y, nothing).keys())) | (
            ey.keys() & companies.get(x, nothing).keys()
        )
        if shared:
            column[tie] = ties.list_code(sorted({ex.get(k) or ey.get(k) or k for k in shared}))


def _shared_groups(ties: TieColumns, in_groups: dict[int, set[str]]) -> None:
    """The groups both ends belong to, on every tie (inferred ones included)."""
    import numpy as np

    if not in_groups:
        return
    a, b = ties.pairs()
    grouped = np.array(sorted(in_groups), np.int64)
    column = ties["shared_groups"]
    for tie in np.flatnonzero(np.isin(a, grouped) & np.isin(b, grouped)).tolist():
        shared = in_groups[int(a[tie])] & in_groups[int(b[tie])]
        if shared:
            column[tie] = ties.list_code(sorted(shared))


def _inferred(conn, ties: TieColumns, members: set[int], groups: dict, only: set[int] | None) -> None:
    """Weak ties from a shared context (``ties._add_inferred``): a member and their current
    colleagues, small groups, group hosts; numbered in the order that finds them."""
    from array import array

    import numpy as np

    by_company: dict[str, list[int]] = defaultdict(list)
    company_name: dict[str, str] = {}
    where, args = _restrict("id", only)
    for person, key, company in conn.execute(
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''" + where,
        args,
    ):
        by_company[key].append(person)
        company_name.setdefault(key, company)
    ends, others, names = array("q"), array("q"), array("i")
    for key, people in by_company.items():
        company_members = [p for p in people if p in members]
        if not company_members or len(people) < 2:
            continue
        size = (
            len(people)
            if only is None
            else conn.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM people WHERE company_key = ? AND merged_into IS NULL LIMIT ?)",
                (key, INFERRED_COMPANY_MAX + 1),
            ).fetchone()[0]
        )
        if size > INFERRED_COMPANY_MAX:
            continue
        code = ties.text_code(company_name[key])
        for member in company_members:
            for other in people:
                if other != member:
                    ends.append(member)
                    others.append(other)
                    names.append(code)
    colleagues = len(ends)
    for name, people in groups["by_group"].items():
        hosts = [p for p, role, _ in people if role in {"owner", "manager"}]
        if groups["sizes"].get(name, len(people)) <= INFERRED_GROUP_MAX:
            linked = [(a, b) for i, (a, _, _) in enumerate(people) for (b, _, _) in people[i + 1 :]]
        else:
            linked = [(h, p) for h in hosts for p, _, posts in people if posts > 0]
        for a, b in linked:
            if a != b:
                ends.append(a)
                others.append(b)
    if not len(ends):
        return
    numbers = ties.number(ties.keys_of(np.frombuffer(ends, np.int64), np.frombuffer(others, np.int64)))
    ties["same_company"][numbers[:colleagues]] = np.frombuffer(names, np.int32)


def _mutual(ties: TieColumns, members: set[int]) -> None:
    """Mutual contacts over the real (not inferred) ties (``ties._add_mutual``); between two
    teammates the rest of the team does not count.

    For each tie, the real contacts of its end with fewer of them are looked up among the other
    end's (sorted keys of the real ties, a batch of ties at a time): the work is the sum over the
    ties of the smaller degree. Between two people of many real ties (``HUB_DEGREE``, teammates
    mostly) the counts come from the product of the hubs' rows of the real-tie adjacency matrix
    (scipy, imported only then: the ties among the few people of a path's evidence have no hub,
    and scipy's import cost more than a whole ``path`` question)."""
    import numpy as np

    from graphintro.graph.arrays import sorted_unique

    if not ties.count:
        return
    a, b = ties.pairs()
    real = ties.direct()
    people = sorted_unique(np.concatenate([a, b]))
    ia, ib = np.searchsorted(people, a), np.searchsorted(people, b)
    n = len(people)
    ra, rb = ia[real], ib[real]
    counts = ties["mutual"]
    if not len(ra):
        return
    # The real-tie adjacency in CSR order: each (row, column) key once, sorted (one sort, not a hash).
    real_keys = np.concatenate([ra, rb]) * n + np.concatenate([rb, ra])
    real_keys.sort()
    first = np.ones(len(real_keys), dtype=bool)
    first[1:] = real_keys[1:] != real_keys[:-1]
    repeats = np.diff(np.append(np.flatnonzero(first), len(real_keys)))  # (1 but for a tie given twice)
    real_keys = real_keys[first]
    indices = real_keys % n
    degree = np.bincount(real_keys // n, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=indptr[1:])
    is_member = np.isin(people, np.array(sorted(members), np.int64))
    both_members = is_member[ia] & is_member[ib]
    hub = degree > HUB_DEGREE
    between_hubs = hub[ia] & hub[ib]
    hubs = np.flatnonzero(hub)
    if between_hubs.any():
        from scipy import sparse

        adjacency = sparse.csr_matrix((repeats.astype(np.int32), indices, indptr), shape=(n, n))
        slot = np.full(n, -1, dtype=np.int64)
        slot[hubs] = np.arange(len(hubs))
        rows = adjacency[hubs].astype(np.int64)
        outside = rows[:, ~is_member]  # between two members the other members do not count
        chosen = np.flatnonzero(between_hubs)
        pa, pb = slot[ia[chosen]], slot[ib[chosen]]
        every = np.asarray((rows @ rows.T).tocsr()[pa, pb]).ravel()
        without_team = np.asarray((outside @ outside.T).tocsr()[pa, pb]).ravel()
        counts[chosen] = np.where(both_members[chosen], without_team, every)
    small_is_a = degree[ia] <= degree[ib]
    small = np.where(small_is_a, ia, ib)
    big = np.where(small_is_a, ib, ia)
    rest = np.flatnonzero(~between_hubs & (degree[small] > 0))
    lengths_all = degree[small[rest]]
    for chunk in np.array_split(np.arange(len(rest)), int(lengths_all.sum() // MUTUAL_CHUNK) + 1):
        if not len(chunk):
            continue
        tie_of = rest[chunk]
        lengths = lengths_all[chunk]
        tie = np.repeat(tie_of, lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        neighbour = indices[indptr[small[tie]] + offsets]
        wanted = neighbour * n + big[tie]
        position = np.searchsorted(real_keys, wanted).clip(max=len(real_keys) - 1)
        shared = real_keys[position] == wanted
        shared &= ~(both_members[tie] & is_member[neighbour])
        counts += np.bincount(tie[shared], minlength=ties.count)


# Beyond this many real ties a person is a hub (``_mutual``).
HUB_DEGREE = 64
# Neighbours looked up at a time in ``_mutual``: eight arrays of this many entries (~64 MB).
MUTUAL_CHUNK = 1_000_000


def _ratings(store: Store, ties: TieColumns, only: set[int] | None) -> None:
    """Manual ratings, on the people their ids stand for now (merges may have happened since), of
    the ties among ``only`` or all (``ties._add_ratings``): the last one of a pair counts."""
    import numpy as np

    rated = []
    for a, b, rating, note in store.conn.execute(
        "SELECT a_id, b_id, rating, note FROM tie_ratings ORDER BY rated_at"
    ).fetchall():
        a, b = store.resolve_id(a), store.resolve_id(b)
        if a == b or (only is not None and not {a, b} <= only):
            continue
        rated.append((min(a, b) * ties.stride + max(a, b), rating, note))
    if not rated:
        return
    numbers = ties.number(np.array([key for key, _, _ in rated], np.int64)).tolist()
    for tie, (_, rating, note) in zip(numbers, rated, strict=True):
        ties["rating"][tie] = rating
        ties.rating_note[tie] = note
