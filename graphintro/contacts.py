"""Which contacts matter: the most valuable ones and why, strong ties gone dormant, accounts that
hang on a single teammate, and teammates whose networks overlap.

Value of a contact, for the member (or team) with the strongest tie to them::

    value = strength · (1 + [decision maker] + target fit + ½·[no teammate has a strong tie to them])

Dormant: a strong tie with no message for ``dormant_days`` (``graphintro.quality`` settings).
Key-person risk: an account (a target company, or without targets a company where a member has a
strong tie to a decision maker) where a single teammate owns a relationship (``graphintro accounts``). Overlap of two
members: the Jaccard index |A ∩ B| / |A ∪ B| of their contact sets (Jaccard 1901).
"""

from __future__ import annotations

import math

from graphintro.answers import ContactRow, ContactsResult, KeyPersonRisk, MemberOverlap, Who
from graphintro.quality import load_quality_config
from graphintro.store import Store
from graphintro.targets import Targets


def rank_contacts(
    store: Store,
    owner: int | None = None,
    targets: Targets | None = None,
    limit: int = 10,
    network=None,
    settings: dict[str, float] | None = None,
) -> ContactsResult:
    """``graphintro contacts --json``: ``{"owner", "valuable", "dormant", "key_person_risk", "overlaps"}``,
    for one member (person id ``owner``) or the whole team."""
    import numpy as np

    from graphintro.errors import NotFoundError, UsageError
    from graphintro.team_network import load_network

    settings = settings or load_quality_config()[1]
    net = network or load_network(store, targets=targets)
    if not net.members:
        raise NotFoundError("the store has no team member yet: import an export with --owner")
    strong = settings["strong_tie"]
    members = net.members
    if owner is not None:
        index = net.graph.index_of(owner)
        if index is None or index not in members:
            raise UsageError(f"#{owner} is not a team member (only members' networks are ranked)")
        members = [index]
    # Every (member, contact) tie, then each contact once with their strongest member tie.
    parts = [(i, *net.contacts(i)) for i in members]
    people = np.concatenate([p[1] for p in parts]).astype(np.int64) if parts else np.zeros(0, np.int64)
    strengths = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    days = np.concatenate([p[3] for p in parts]) if parts else np.zeros(0)
    via = np.concatenate([np.full(len(p[1]), p[0]) for p in parts]) if parts else np.zeros(0, np.int64)
    order = np.lexsort((-strengths, people))
    people, strengths, days, via = people[order], strengths[order], days[order], via[order]
    first = np.r_[True, people[1:] != people[:-1]] if len(people) else np.zeros(0, bool)
    people, strengths, days, via = people[first], strengths[first], days[first], via[first]
    strong_holders = _strong_holders(net, strong)
    alone = strong_holders[people] <= 1
    value = strengths * (1 + net.decision_maker[people] + net.target_weight[people] + 0.5 * alone)

    def rows(chosen) -> list[ContactRow]:
        return _describe(
            store,
            net,
            people[chosen],
            strengths[chosen],
            days[chosen],
            via[chosen],
            value[chosen],
            alone[chosen],
            settings,
            owner is None,
        )

    best = np.argsort(-value, kind="stable")[:limit]
    with np.errstate(invalid="ignore"):
        dormant = np.flatnonzero((strengths >= strong) & ~(days <= settings["dormant_days"]))
    dormant = dormant[np.argsort(-value[dormant], kind="stable")][:limit]
    return {
        "owner": None if owner is None else {"id": owner, "name": net.names.get(owner, f"#{owner}")},
        "valuable": rows(best),
        "dormant": rows(dormant),
        "key_person_risk": single_threaded_accounts(store, net, targets, strong, owner)[:limit],
        "overlaps": overlaps(net, members[0] if owner is not None else None, limit),
    }


def _strong_holders(net, strong: float):
    """For every node, how many members have a strong direct tie to it."""
    import numpy as np

    counts = np.zeros(net.size, dtype=np.int32)
    for i in net.members:
        people, strengths, _ = net.contacts(i)
        counts[people[strengths >= strong]] += 1
    return counts


def _describe(
    store, net, people, strengths, days, via, value, alone, settings, team: bool
) -> list[ContactRow]:
    from graphintro.people import describe_people

    described = {p["id"]: p for p in describe_people(store, [net.person(i) for i in people])}
    found: list[ContactRow] = []
    for index, strength, since, member, worth, only in zip(
        people, strengths, days, via, value, alone, strict=False
    ):
        person = described[net.person(index)]
        member_name = net.names.get(net.person(member), "")
        reasons = [
            f"{'strong' if strength >= settings['strong_tie'] else 'weak'} tie ({strength:.2f})"
            + (f" with {member_name}" if team else "")
        ]
        if net.decision_maker[index]:
            reasons.append("decision maker")
        if net.target_weight[index] > 0:
            reasons.append("fits the targets" + (f" ({person['company']})" if person["company"] else ""))
        if only and len(net.members) > 1:
            reasons.append("no teammate has a strong tie to them")
        last = None if math.isnan(since) else _last_message(net, index, member)
        if last is None:
            reasons.append("never messaged")
        elif since > settings["dormant_days"]:
            reasons.append(f"no message since {last}")
        else:
            reasons.append(f"last message on {last}")
        found.append(
            {
                "id": person["id"],
                "name": person["name"],
                "company": person["company"],
                "position": person["position"],
                "strength": round(float(strength), 4),
                "value": round(float(worth), 4),
                "last_message": last,
                "through": {"id": net.person(member), "name": member_name},
                "reasons": [r for r in reasons if r],
            }
        )
    return found


def _last_message(net, index: int, member: int) -> str | None:
    """The date of the last message between ``index`` and ``member`` (ISO)."""
    from datetime import date

    day = float(net.last_message_day(member, [index])[0])
    return None if math.isnan(day) else date.fromordinal(int(day)).isoformat()


def single_threaded_accounts(
    store, net, targets: Targets | None, strong: float, owner: int | None = None
) -> list[KeyPersonRisk]:
    """Accounts only one teammate owns a relationship at (``graphintro accounts``: a strong, direct
    tie to someone there): ``[{"company", "member", "people", "decision_makers", "target"}]``, most
    decision makers first; with ``owner``, only that member's. The accounts looked at are the
    companies of the people fitting the targets, or without targets the companies where a member
    has a strong tie to a decision maker."""
    from graphintro.accounts import account_coverage
    from graphintro.identity import company_key

    wanted: set[int] = set()
    for member in net.members:
        people, strengths, _ = net.contacts(member)
        people = people[(strengths >= strong) & (net.company[people] >= 0)]
        account = net.target_weight[people] > 0 if net.targets else net.decision_maker[people]
        wanted.update(net.company[people[account]].tolist())
    names = sorted(net.company_names[c] for c in wanted)
    if not names:
        return []
    accounts = account_coverage(store, names, n=0, graph=net.graph, with_suggestions=False)["accounts"]
    target_keys = targets.companies if targets is not None else set()
    risks: list[KeyPersonRisk] = []
    for account in accounts:
        if not account["single_threaded"]:
            continue
        only = account["owners"][0]
        if owner is not None and only["id"] != owner:
            continue
        risks.append(
            {
                "company": account["company"],
                "member": {"id": only["id"], "name": only["name"]},
                "people": only["people"],
                "decision_makers": account["decision_makers"],
                "target": company_key(account["company"]) in target_keys,
            }
        )
    risks.sort(key=lambda r: (-r["decision_makers"], -r["people"], r["company"]))
    return risks


def overlaps(net, owner_index: int | None = None, limit: int = 10) -> list[MemberOverlap]:
    """Pairs of members by the overlap of their contacts (Jaccard), largest first; with
    ``owner_index``, only the pairs of that member. One sparse product, not a loop over pairs."""
    import numpy as np
    from scipy import sparse

    members = net.members
    if len(members) < 2:
        return []
    rows, cols = [], []
    for row, i in enumerate(members):
        people = net.contacts(i)[0]
        rows.append(np.full(len(people), row))
        cols.append(people)
    matrix = sparse.csr_matrix(
        (np.ones(sum(len(c) for c in cols)), (np.concatenate(rows), np.concatenate(cols))),
        shape=(len(members), net.size),
    )
    shared = (matrix @ matrix.T).toarray()
    sizes = np.diag(shared)
    first, second = np.triu_indices(len(members), 1)
    if owner_index is not None:
        mine = (np.asarray(members)[first] == owner_index) | (np.asarray(members)[second] == owner_index)
        first, second = first[mine], second[mine]
    common = shared[first, second]
    union = sizes[first] + sizes[second] - common
    keep = (common > 0) & (union > 0)
    first, second, common, union = first[keep], second[keep], common[keep], union[keep]
    jaccard = common / union
    order = np.lexsort((-common, -jaccard))[:limit]

    def who(row: int) -> Who:
        person = net.person(members[row])
        return {"id": person, "name": net.names.get(person, "")}

    return [
        {
            "members": [who(first[k]), who(second[k])],
            "shared": int(common[k]),
            "jaccard": round(float(jaccard[k]), 4),
        }
        for k in order
    ]
