"""The ``ties`` frame: each tie with its strength and, a column at a time, the evidence features behind it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphintro.dataframes.interactions import _interaction_views
from graphintro.dataframes.typed import _dates, _frame, _pair_keys, _pairs, read_columns

if TYPE_CHECKING:
    import pandas as pd

    from graphintro.store import Store


# Tie features as columns (boolean, integer or date), after ``a``, ``b``, ``strength`` and ``direct``.
TIE_FEATURES = (
    "connected",
    "connected_on",
    "messages_a_to_b",
    "messages_b_to_a",
    "last_message",
    "endorsements",
    "recommendations",
    "invitation_note",
    "pending_invitation",
    "shared_employers",
    "teammates",
    "shared_groups",
    "same_company",
    "mutual",
    "rating",
)


TIE_COLUMNS = {
    "a": "int64",
    "b": "int64",
    "strength": "float64",
    "direct": "bool",
    "connected": "bool",
    "connected_on": "datetime",
    "messages_a_to_b": "int64",
    "messages_b_to_a": "int64",
    "last_message": "datetime",
    "endorsements": "int64",
    "recommendations": "int64",
    "invitation_note": "bool",
    "pending_invitation": "bool",
    "shared_employers": "int64",
    "teammates": "bool",
    "shared_groups": "int64",
    "same_company": "bool",
    "mutual": "int64",
    "rating": "Int64",
}


def ties_frame(store: Store, views: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per tie (``a`` < ``b``): its strength as every answer uses it (the graph cache), whether
    it is real (``direct``: a connection or an exchange, not inferred from a shared context), and the
    evidence the strength is computed from (``graphintro.strength``: messages each way, endorsements,
    recommendations, shared employers and groups, mutual contacts, a manual 1-5 ``rating``).

    The features are those ``graph.collect_ties`` gives each tie (a test compares every column on
    the demo team and the hostile corpus), computed a column at a time: a million ties in seconds,
    where a million ``TieFeatures`` objects take a minute and more."""
    import numpy as np
    import pandas as pd

    from graphintro.graph import load_graph

    graph = load_graph(store)
    frame = _tie_features(store, views)
    # The strengths as the graph cache holds them (what every answer uses), looked up by pair at once.
    ends = np.repeat(np.arange(len(graph.node_ids)), np.diff(graph.indptr))
    upper = ends < graph.indices
    strengths = pd.Series(
        graph.strength[upper].astype("float64"),
        index=_pair_keys(graph.node_ids[ends[upper]], graph.node_ids[graph.indices[upper]]),
    )
    frame["strength"] = strengths.reindex(_pair_keys(frame["a"].to_numpy(), frame["b"].to_numpy())).to_numpy()
    return _frame(frame, TIE_COLUMNS)


def _tie_features(store: Store, views: pd.DataFrame | None = None) -> pd.DataFrame:
    """``collect_ties`` of the whole store, column by column (same ties, same features)."""
    import numpy as np
    import pandas as pd

    from graphintro.graph import INFERRED_COMPANY_MAX, INFERRED_GROUP_MAX, TEAM_CLIQUE_MAX

    conn = store.conn

    def query(sql: str, columns: list[str]) -> pd.DataFrame:
        return read_columns(store, sql, columns)

    # Connections listed in an export (not ended): the earliest date either side gives.
    links = _pairs(
        query(
            "SELECT o.person_id, r.person_id, COALESCE(r.connected_on, '') FROM records r JOIN records o ON o.id = r.owner_record_id"
            " WHERE r.is_connection = 1 AND r.ended_at IS NULL AND o.person_id != r.person_id",
            ["x", "y", "connected_on"],
        ),
        "x",
        "y",
    )
    links["connected_on"] = _dates(links["connected_on"])
    ties = links.groupby(["a", "b"], sort=False).agg(connected_on=("connected_on", "min")).reset_index()
    ties["connected"] = True

    # Interactions, seen from either side: each direction counts the larger of the two views.
    seen = views if views is not None else _interaction_views(store)
    ties = ties.merge(seen[["a", "b"]].drop_duplicates(), on=["a", "b"], how="outer")
    ties["connected"] = ties["connected"].fillna(False).astype(bool)
    counted = (
        seen[seen["kind"].isin(["message", "endorsement"])]
        .groupby(["a", "b", "kind", "low_to_high"])["n"]
        .max()
    )
    counted = counted.reset_index()
    for kind, up, column in (("message", True, "sent"), ("message", False, "received")):
        part = counted[(counted["kind"] == kind) & (counted["low_to_high"] == up)][["a", "b", "n"]]
        ties = ties.merge(part.rename(columns={"n": column}), on=["a", "b"], how="left")
    endorsed = counted[counted["kind"] == "endorsement"].groupby(["a", "b"])["n"].sum().rename("endorsements")
    ties = ties.merge(endorsed.reset_index(), on=["a", "b"], how="left")
    messages = seen[(seen["kind"] == "message") & seen["last"].notna()]
    ties = ties.merge(
        messages.groupby(["a", "b"])["last"].max().rename("last_message").reset_index(),
        on=["a", "b"],
        how="left",
    )
    recommended = seen[seen["kind"] == "recommendation"].groupby(["a", "b"]).size().rename("recommendations")
    ties = ties.merge(recommended.reset_index(), on=["a", "b"], how="left")
    invited = seen[seen["kind"] == "invitation"]
    flags = (
        invited.assign(by_low=invited["low_to_high"], by_high=~invited["low_to_high"])
        .groupby(["a", "b"])
        .agg(
            invited_by_low=("by_low", "max"),
            invited_by_high=("by_high", "max"),
            invitation_note=("note", "max"),
        )
    )
    ties = ties.merge(flags.reset_index(), on=["a", "b"], how="left")
    for column in ("sent", "received", "endorsements", "recommendations"):
        ties[column] = ties[column].fillna(0).astype("int64")
    for column in ("invited_by_low", "invited_by_high", "invitation_note"):
        ties[column] = ties[column].fillna(False).astype(bool)

    # Teammates: every two members of a small team; in a large one, members the exports already link.
    members = np.array(
        sorted(
            row[0]
            for row in conn.execute("SELECT id FROM people WHERE is_member = 1 AND merged_into IS NULL")
        ),
        dtype=np.int64,
    )

    def is_member(ids):
        return np.isin(np.asarray(ids), members)

    if len(members) <= TEAM_CLIQUE_MAX and len(members) > 1:
        low, high = np.triu_indices(len(members), k=1)
        clique = pd.DataFrame({"a": members[low], "b": members[high]})
        ties = ties.merge(clique, on=["a", "b"], how="outer")
        ties["teammates"] = is_member(ties["a"]) & is_member(ties["b"])
    else:
        ties["teammates"] = is_member(ties["a"]) & is_member(ties["b"]) if len(members) > 1 else False
    ties = _fill_new(ties)

    # Shared past employers (members' Positions.csv), on the ties known so far (not the inferred ones).
    ties["shared_employers"] = _shared_employers(conn, ties, query)

    # Inferred ties: a member and their current colleagues (companies of at most INFERRED_COMPANY_MAX
    # people), the members of small groups, a large group's hosts and its active members.
    people = query(
        "SELECT id, company_key, company FROM people WHERE merged_into IS NULL AND company_key != ''",
        ["id", "company_key", "company"],
    )
    people["member"] = is_member(people["id"])
    sizes = people.groupby("company_key")["id"].transform("size")
    with_member = people.groupby("company_key")["member"].transform("max")
    eligible = people[(sizes >= 2) & (sizes <= INFERRED_COMPANY_MAX) & with_member]
    colleagues = eligible[eligible["member"]][["id", "company_key"]].merge(
        eligible[["id", "company_key"]], on="company_key", suffixes=("_m", "_o")
    )
    colleagues = _pairs(colleagues[colleagues["id_m"] != colleagues["id_o"]], "id_m", "id_o")[["a", "b"]]
    colleagues = colleagues.drop_duplicates()
    colleagues["same_company"] = True
    memberships = query(
        "SELECT r.person_id, g.name, m.role, m.posts FROM memberships m JOIN records r"
        " ON r.id = m.record_id JOIN groups g ON g.id = m.group_id",
        ["person", "group", "role", "posts"],
    )
    memberships["row"] = np.arange(len(memberships))
    group_size = memberships.groupby("group")["person"].transform("size")
    small = memberships[group_size <= INFERRED_GROUP_MAX]
    in_small = small.merge(small, on="group", suffixes=("_x", "_y"))
    in_small = in_small[
        (in_small["row_x"] < in_small["row_y"]) & (in_small["person_x"] != in_small["person_y"])
    ]
    large = memberships[group_size > INFERRED_GROUP_MAX]
    hosts = large[large["role"].isin(["owner", "manager"])]
    posters = large[large["posts"] > 0]
    hosted = hosts.merge(posters, on="group", suffixes=("_x", "_y"))
    hosted = hosted[hosted["person_x"] != hosted["person_y"]]
    grouped = pd.concat(
        [
            _pairs(in_small, "person_x", "person_y")[["a", "b"]],
            _pairs(hosted, "person_x", "person_y")[["a", "b"]],
        ]
    ).drop_duplicates()
    ties = ties.merge(colleagues, on=["a", "b"], how="outer").merge(grouped, on=["a", "b"], how="outer")
    ties["same_company"] = ties["same_company"].fillna(False).astype(bool)
    ties = _fill_new(ties)

    # Groups in common, by name, for every tie.
    ties["shared_groups"] = _shared_groups(ties, memberships[["person", "group"]].drop_duplicates())

    # Direct (a connection or an exchange), then mutual contacts over the direct ties.
    messages_total = ties["sent"] + ties["received"]
    pending = ~ties["connected"] & (ties["invited_by_low"] != ties["invited_by_high"])
    answers = np.where(ties["invited_by_low"], ties["received"], ties["sent"])
    others = (ties["endorsements"] > 0) | (ties["recommendations"] > 0)
    ties["pending_invitation"] = pending
    real = ties["connected"] | np.where(pending, (answers > 0) | others, (messages_total > 0) | others)
    ties["mutual"] = _mutual_counts(ties["a"].to_numpy(), ties["b"].to_numpy(), real.to_numpy(), members)
    ties["direct"] = real | ties["teammates"]

    # Manual ratings, on the people their ids stand for now.
    ratings = {}
    for a, b, rating in conn.execute("SELECT a_id, b_id, rating FROM tie_ratings ORDER BY rated_at"):
        a, b = store.resolve_id(a), store.resolve_id(b)
        if a != b:
            ratings[(min(a, b), max(a, b))] = rating
    ties["rating"] = pd.array([None] * len(ties), dtype="Int64")
    if ratings:
        rated = pd.DataFrame([(a, b, r) for (a, b), r in ratings.items()], columns=["a", "b", "rated"])
        ties = ties.merge(rated, on=["a", "b"], how="outer")
        ties = _fill_new(ties)
        ties["rating"] = ties["rated"].astype("Int64")
    ties = ties.rename(columns={"sent": "messages_a_to_b", "received": "messages_b_to_a"})
    ties = ties.sort_values(["a", "b"], ignore_index=True)
    return ties[[name for name in TIE_COLUMNS if name != "strength"]]


def _fill_new(ties: pd.DataFrame) -> pd.DataFrame:
    """Ties an outer merge just added: no evidence of any kind (zeros, False, no date)."""
    for column in (
        "sent",
        "received",
        "endorsements",
        "recommendations",
        "shared_employers",
        "shared_groups",
        "mutual",
    ):
        if column in ties:
            ties[column] = ties[column].fillna(0).astype("int64")
    for column in (
        "connected",
        "invited_by_low",
        "invited_by_high",
        "invitation_note",
        "teammates",
        "same_company",
        "direct",
        "pending_invitation",
    ):
        if column in ties:
            ties[column] = ties[column].fillna(False).astype(bool)
    return ties


def _shared_employers(conn, ties: pd.DataFrame, query):
    """How many past employers the two ends share: one's employer (members' Positions.csv) that is
    the other's employer or current company, as ``collect_ties`` (counted by company key)."""
    import numpy as np
    import pandas as pd

    employers = query(
        "SELECT DISTINCT o.person_id, p.company_key FROM positions p JOIN records o"
        " ON o.id = p.record_id WHERE p.company_key != ''",
        ["person", "key"],
    )
    if employers.empty:
        return np.zeros(len(ties), dtype=np.int64)
    current = query(
        "SELECT id, company_key FROM people WHERE merged_into IS NULL AND company_key != ''",
        ["person", "key"],
    )
    codes, keys = pd.factorize(pd.concat([employers["key"], current["key"]], ignore_index=True))
    employers["key"], current["key"] = codes[: len(employers)], codes[len(employers) :]
    width = len(keys)

    def encoded(frame):
        return np.unique(frame["person"].to_numpy(dtype=np.int64) * width + frame["key"].to_numpy())

    past, now = encoded(employers), encoded(current)
    either = np.union1d(past, now)

    def holds(table, people, company):
        wanted = people.astype(np.int64) * width + company
        position = np.searchsorted(table, wanted).clip(max=len(table) - 1)
        return table[position] == wanted

    pairs = pd.DataFrame({"tie": np.arange(len(ties)), "a": ties["a"].to_numpy(), "b": ties["b"].to_numpy()})
    # a's employers held by b (as employer or current company), then b's employers that are a's
    # current company: together the keys of (Ea ∩ (Eb ∪ Cb)) ∪ (Eb ∩ Ca).
    from_a = pairs.merge(employers.rename(columns={"person": "a"}), on="a")
    from_a = from_a[holds(either, from_a["b"].to_numpy(), from_a["key"].to_numpy())]
    from_b = pairs.merge(employers.rename(columns={"person": "b"}), on="b")
    from_b = from_b[holds(now, from_b["a"].to_numpy(), from_b["key"].to_numpy())]
    shared = pd.concat([from_a[["tie", "key"]], from_b[["tie", "key"]]]).drop_duplicates()
    return np.bincount(shared["tie"].to_numpy(), minlength=len(ties)).astype(np.int64)


def _shared_groups(ties: pd.DataFrame, memberships: pd.DataFrame):
    """Groups (by name) both ends belong to, for each tie."""
    import numpy as np
    import pandas as pd

    if memberships.empty:
        return np.zeros(len(ties), dtype=np.int64)
    codes, names = pd.factorize(memberships["group"])
    member_of = pd.DataFrame({"a": memberships["person"].to_numpy(dtype=np.int64), "group": codes})
    keys = np.unique(member_of["a"].to_numpy() * len(names) + codes)
    found = pd.DataFrame(
        {"tie": np.arange(len(ties)), "a": ties["a"].to_numpy(), "b": ties["b"].to_numpy()}
    ).merge(member_of, on="a")
    wanted = found["b"].to_numpy(dtype=np.int64) * len(names) + found["group"].to_numpy()
    position = np.searchsorted(keys, wanted).clip(max=len(keys) - 1)
    both = keys[position] == wanted
    return np.bincount(found["tie"].to_numpy()[both], minlength=len(ties)).astype(np.int64)


# Beyond this many real ties a person is a hub: the ties between two hubs (teammates, mostly) get
# their mutual contacts from a sparse matrix product instead of one look-up per shared neighbour.
HUB_DEGREE = 64


def _mutual_counts(a, b, real, members):
    """People with a real tie to both ends of each tie (``_add_mutual``); between two members the
    other members do not count.

    A tie with an end of few real ties looks that end's neighbours up among the other end's (work in
    the smaller degree). Ties between two hubs are counted at once: rows of the real-tie adjacency
    matrix of the hubs times its transpose (the second time without the members' columns, for two
    members)."""
    import numpy as np
    from scipy import sparse

    people = np.unique(np.concatenate([a, b]))
    ia, ib = np.searchsorted(people, a), np.searchsorted(people, b)
    n = len(people)
    counts = np.zeros(len(a), dtype=np.int64)
    ra, rb = ia[real], ib[real]
    if not len(ra):
        return counts
    ones = np.ones(2 * len(ra), dtype=np.int32)
    adjacency = sparse.csr_matrix((ones, (np.concatenate([ra, rb]), np.concatenate([rb, ra]))), shape=(n, n))
    adjacency.sum_duplicates()
    adjacency.sort_indices()
    degree = np.diff(adjacency.indptr)
    is_member = np.isin(people, members)
    both_members = is_member[ia] & is_member[ib]
    hub = degree > HUB_DEGREE
    between_hubs = hub[ia] & hub[ib]
    hubs = np.flatnonzero(hub)
    slot = np.full(n, -1, dtype=np.int64)  # a hub's row in the hub tables, -1 for the others
    slot[hubs] = np.arange(len(hubs))
    if between_hubs.any():
        rows = adjacency[hubs]
        outside = rows[:, ~is_member]  # the members' columns out: between two members they do not count
        chosen = np.flatnonzero(between_hubs)
        pa, pb = slot[ia[chosen]], slot[ib[chosen]]
        every = np.asarray((rows @ rows.T).tocsr()[pa, pb]).ravel()
        without_team = np.asarray((outside @ outside.T).tocsr()[pa, pb]).ravel()
        counts[chosen] = np.where(both_members[chosen], without_team, every)
    # Real ties between two hubs, as a table of hubs × hubs when it is small (a team of hundreds): the
    # neighbours of a contact are mostly members, and a look-up there is one read, not a search.
    dense = None
    if 0 < len(hubs) <= 8000:
        hub_rows = adjacency[hubs][:, hubs]
        dense = np.zeros((len(hubs), len(hubs)), dtype=bool)
        dense[np.repeat(np.arange(len(hubs)), np.diff(hub_rows.indptr)), hub_rows.indices] = True
    # The other ties, from their end with fewer real ties (at most HUB_DEGREE of them).
    small_is_a = degree[ia] <= degree[ib]
    small = np.where(small_is_a, ia, ib)
    big = np.where(small_is_a, ib, ia)
    real_keys = _pair_keys(np.repeat(np.arange(n), degree), adjacency.indices)  # sorted: CSR rows in order
    rest = np.flatnonzero(~between_hubs & (degree[small] > 0))
    lengths_all = degree[small[rest]]
    for chunk in np.array_split(np.arange(len(rest)), max(1, int(lengths_all.sum() // 5_000_000) + 1)):
        if not len(chunk):
            continue
        ties_here = rest[chunk]
        lengths = lengths_all[chunk]
        tie = np.repeat(ties_here, lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        neighbour = adjacency.indices[adjacency.indptr[small[tie]] + offsets]
        other = big[tie]
        shared = np.zeros(len(tie), dtype=bool)
        in_table = np.zeros(len(tie), dtype=bool)
        if dense is not None:
            in_table = (slot[neighbour] >= 0) & (slot[other] >= 0)
            shared[in_table] = dense[slot[neighbour[in_table]], slot[other[in_table]]]
        searched = ~in_table
        wanted = _pair_keys(neighbour[searched], other[searched])
        position = np.searchsorted(real_keys, wanted).clip(max=len(real_keys) - 1)
        shared[searched] = real_keys[position] == wanted
        shared &= ~(both_members[tie] & is_member[neighbour])
        counts += np.bincount(tie[shared], minlength=len(a))
    return counts
