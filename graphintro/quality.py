"""Network quality, not size: a 0–100 score for every member and for the team, from named components.

Each component is a plain function of a member's ties returning a number in [0, 1]; the score is
their weighted mean times 100 (weights in ``DEFAULT_WEIGHTS``, thresholds in ``DEFAULT_SETTINGS``,
both overridable by the ``[quality]`` table of the config file). A member's *contacts* are their
direct ties (connections, exchanges) to people outside the team; a tie is *strong* when its
strength (``graphintro.strength``) is at least ``strong_tie`` — more likely than not to carry an
introduction.

=============  ===============================================================================
strength       ½·min(1, strong share / share_ref) + ½·(1 − exp(−strong mass / mass_ref))
activity       1 − dormant share of the strong ties (no message for ``dormant_days`` before the
               member's own newest export: each member's recency is measured at their date)
diversity      mean over companies, industries, functions, seniority of H / ln K (strong ties)
brokerage      ½·(1 − Burt constraint) + ½·efficiency (effective size / n), strong ego network
reach          1 − exp(−decision makers reached / reach_ref), strong ties, ≤ 2 hops
uniqueness     people reached that no teammate reaches / max(people reached, unique_ref)
relevance      1 − exp(−target weight reached / relevance_ref), only with a targets file
=============  ===============================================================================

Size does not buy score: every component but the strong share is computed on strong ties only,
and weak contacts only dilute that share, so padding a network with weak contacts cannot raise it.

Brokerage (Burt 1992, *Structural Holes*; Burt 2004, "Structural holes and good ideas") is
computed on the graph the store really knows. An export lists a member's contacts but never the
links among them; taking its absence of links as "unlinked" would make every member a perfect
broker. So each member's ego network holds their strong contacts, the rest of the team as one
alter (tied to each contact with the strongest tie any teammate has to them: shared contacts are
redundant), and every tie the store holds among the contacts (shared groups, inferred colleagues).
Pairs of contacts the store knows nothing about still count as unlinked: brokerage stays an upper
bound where the store knows little, which is why only strong ties enter it.

Reach and uniqueness go through a member's own strong ties, never through a teammate: a teammate's
contacts are the teammate's reach (and the team's), not the member's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphintro.targets import Targets, load_targets  # noqa: F401 (load_targets: importable from here)
from graphintro.titles import FUNCTIONS, SENIORITY_LEVELS

# Component weights: one source of truth, overridable by the [quality] table of the config file.
DEFAULT_WEIGHTS: dict[str, float] = {
    "strength": 0.20,
    "activity": 0.15,
    "diversity": 0.15,
    "brokerage": 0.15,
    "reach": 0.15,
    "uniqueness": 0.10,
    "relevance": 0.10,
}
COMPONENTS = tuple(DEFAULT_WEIGHTS)
DESCRIPTIONS: dict[str, str] = {
    "strength": "share and mass of strong ties (strength ≥ 0.5)",
    "activity": "strong ties with a message in the last year",
    "diversity": "entropy of strong ties over companies, industries, functions, seniority",
    "brokerage": "Burt: low constraint and non-redundant strong contacts, on the ties the store knows",
    "reach": "decision makers reachable through strong ties within two hops",
    "uniqueness": "share of that reach no teammate duplicates",
    "relevance": "people fitting the targets file within that reach",
}
# Thresholds and reference values of the component formulas (same table of the config file).
DEFAULT_SETTINGS: dict[str, float] = {
    "strong_tie": 0.5,  # strength from which a tie is strong
    # ... for a member whose exports hold no messages (LinkedIn's Basic export): without intensity,
    # reciprocity and recency, a tie's strength rests on duration, mutual contacts, shared groups
    # and employers, and tops out lower; 0.35 is a ten-year connection, or a shorter one backed by them.
    "strong_tie_without_messages": 0.35,
    "share_ref": 0.5,  # a strong share of one half is as good as it gets
    "mass_ref": 25.0,  # strong mass giving 63 % of the mass term
    "dormant_days": 365.0,  # a strong tie without a message for this long is dormant
    "companies_ref": 50.0,  # K of the company entropy (open-ended categories)
    "industries_ref": 20.0,  # K of the industry entropy
    "min_known": 0.5,  # a diversity dimension counts when this share of the strong weight is known
    "reach_ref": 10.0,  # decision makers giving 63 % of the reach component
    "unique_ref": 20.0,  # a reach smaller than this counts as this for uniqueness
    "relevance_ref": 5.0,  # target weight giving 63 % of the relevance component
}

# -- configuration (the targets: graphintro.targets) -------------------------------------------------------------------


def load_quality_config(path: Path | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """Component weights and settings, overridden by the ``[quality]`` table of the config file."""
    from graphintro.config import ConfigError, config_path, config_table

    weights, settings = dict(DEFAULT_WEIGHTS), dict(DEFAULT_SETTINGS)
    path = path or config_path()
    for key, value in config_table("quality", path).items():
        target = weights if key in weights else settings if key in settings else None
        # TOML's true is an int to Python: a weight of "true" is a typo, not 1.
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if target is None or not number or value < 0:
            raise ConfigError(path, f"[quality] {key}: unknown weight or setting, or not a number >= 0")
        target[key] = float(value)
    return weights, settings


# -- the components -------------------------------------------------------------------------------


def strength_component(
    strengths, strong: float = 0.5, share_ref: float = 0.5, mass_ref: float = 25.0
) -> float:
    """½·min(1, s/share_ref) + ½·(1 − exp(−M/mass_ref)), where s is the share of strong ties
    (strength ≥ ``strong``) and M their summed strength (Granovetter 1973: strong ties carry
    introductions; the share penalises padding, the saturating mass rewards depth)."""
    import numpy as np

    strengths = np.asarray(strengths, dtype=float)
    if not len(strengths):
        return 0.0
    is_strong = strengths >= strong
    share = is_strong.mean()
    mass = strengths[is_strong].sum()
    return 0.5 * min(1.0, share / share_ref) + 0.5 * (1 - math.exp(-mass / mass_ref))


def activity_component(
    strengths, days_since_message, strong: float = 0.5, dormant_days: float = 365
) -> float:
    """1 − d/n over the n strong ties, d of them dormant: no message for ``dormant_days`` (or never;
    ``days_since_message`` holds NaN then). No strong tie: 0."""
    import numpy as np

    strengths = np.asarray(strengths, dtype=float)
    days = np.asarray(days_since_message, dtype=float)
    is_strong = strengths >= strong
    if not is_strong.any():
        return 0.0
    with np.errstate(invalid="ignore"):
        dormant = ~(days[is_strong] <= dormant_days)
    return float(1 - dormant.mean())


def _codes(categories):
    """Categories as integer codes, -1 where unknown (None, "" or a negative code)."""
    import numpy as np

    array = np.asarray(categories)
    if array.dtype.kind in "iu":
        return array.astype(np.int64)
    table: dict = {}
    return np.array(
        [-1 if c is None or c == "" else table.setdefault(c, len(table)) for c in categories], dtype=np.int64
    )


def shannon_entropy(categories, weights=None) -> float:
    """H = −Σ p_c ln p_c, p_c the (weighted) share of category c; unknown categories (None, "" or a
    negative code) are left out (Shannon 1948; as a network diversity index, Eagle, Macy & Claxton
    2010, "Network diversity and economic development")."""
    import numpy as np

    codes = _codes(categories)
    weights = np.ones(len(codes)) if weights is None else np.asarray(weights, dtype=float)
    known = codes >= 0
    if not known.any():
        return 0.0
    totals = np.bincount(codes[known], weights=weights[known])
    totals = totals[totals > 0]
    shares = totals / totals.sum()
    return float(-(shares * np.log(shares)).sum())


def diversity_component(
    strengths, dimensions: dict, references: dict[str, float], strong: float = 0.5, min_known: float = 0.5
) -> float:
    """Mean over dimensions d (companies, industries, functions, seniority) of min(1, H_d / ln K_d),
    H_d the strength-weighted entropy of the strong ties' categories (unknown ones left out), K_d the
    number of categories (``references``). A dimension counts when at least ``min_known`` of the
    strong weight has a known category; none counts: 0."""
    import numpy as np

    strengths = np.asarray(strengths, dtype=float)
    is_strong = strengths >= strong
    weights = strengths[is_strong]
    total = weights.sum()
    if total <= 0:
        return 0.0
    values = []
    for name, categories in dimensions.items():
        chosen = _codes(categories)[is_strong]
        if weights[chosen >= 0].sum() < min_known * total:
            continue
        values.append(min(1.0, shannon_entropy(chosen, weights) / math.log(max(references[name], 2))))
    return float(np.mean(values)) if values else 0.0


def burt_measures(ego_weights, alter_edges: tuple = ((), (), ())) -> tuple[float, float]:
    """Burt's effective size and constraint of an ego network (Burt 1992, ch. 1; networkx's
    definitions on the ego graph).

    ``ego_weights[j]`` is the weight of the tie ego–j; ``alter_edges = (rows, cols, weights)``
    lists the ties among alters, each once or in both directions. With p_xy = w_xy / Σ_z w_xz and
    m_jq = w_jq / max_z w_jz (z over x's or j's neighbours in the ego network, ego included)::

        effective size  E = Σ_j (1 − Σ_q p_iq m_jq)
        constraint      C = Σ_j (p_ij + Σ_q p_iq p_qj)²

    Cost O(alters + alter ties): no n×n matrix is built.
    """
    import numpy as np

    ego = np.asarray(ego_weights, dtype=float)
    n = len(ego)
    if n == 0 or ego.sum() <= 0:
        return 0.0, 1.0
    rows, cols, weights = (np.asarray(x) for x in alter_edges)
    rows, cols, weights = rows.astype(np.int64), cols.astype(np.int64), weights.astype(float)
    keep = rows != cols
    rows, cols, weights = rows[keep], cols[keep], weights[keep]
    # Undirected: every tie in both directions, each pair once.
    pairs = np.unique(np.stack([np.minimum(rows, cols), np.maximum(rows, cols)]), axis=1, return_index=True)[
        1
    ]
    a, b, w = rows[pairs], cols[pairs], weights[pairs]
    src, dst, wt = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([w, w])
    total = ego + np.bincount(src, weights=wt, minlength=n)
    largest = ego.copy()
    np.maximum.at(largest, src, wt)
    p_ego = ego / ego.sum()
    redundancy = np.bincount(src, weights=p_ego[dst] * wt / largest[src], minlength=n)
    effective_size = float(np.sum(1 - redundancy))
    indirect = np.bincount(dst, weights=p_ego[src] * wt / total[src], minlength=n)
    constraint = float(np.sum((p_ego + indirect) ** 2))
    return effective_size, constraint


def brokerage_component(effective_size: float, constraint: float, alters: int) -> float:
    """½·(1 − C) + ½·E/n: few constraints and non-redundant contacts (Burt 2004). No alter: 0."""
    if alters <= 0:
        return 0.0
    return 0.5 * max(0.0, 1 - constraint) + 0.5 * max(0.0, min(1.0, effective_size / alters))


def reach_component(decision_makers: int, reach_ref: float = 10.0) -> float:
    """1 − exp(−D / reach_ref), D the decision makers reachable through strong ties within two hops."""
    return 1 - math.exp(-decision_makers / reach_ref)


def uniqueness_component(unique: int, reached: int, unique_ref: float = 20.0) -> float:
    """U / max(R, unique_ref): the share of the R people reached that no teammate reaches, a small
    reach counting as ``unique_ref`` so that one unique contact is not 100 %."""
    return unique / max(reached, unique_ref, 1)


def relevance_component(target_weight: float, relevance_ref: float = 5.0) -> float:
    """1 − exp(−T / relevance_ref), T the summed fit (``Targets.weight``) of the people reached."""
    return 1 - math.exp(-target_weight / relevance_ref)


def combine(components: dict[str, float], weights: dict[str, float]) -> float:
    """100 · Σ w_c x_c / Σ w_c over the components present (relevance only with targets)."""
    total = sum(weights[name] for name in components)
    if total <= 0:
        return 0.0
    return 100 * sum(weights[name] * value for name, value in components.items()) / total


# -- scoring a store -------------------------------------------------------------------------------


@dataclass
class MemberScore:
    id: int
    name: str
    score: float
    contacts: int
    components: dict[str, float]
    details: dict[str, int | float] = field(default_factory=dict)
    as_of: str = ""  # a member's recency is measured against their own newest export
    evidence: dict | None = None  # what their exports lack, when they lack something

    def to_dict(self) -> dict:
        found = {
            "id": self.id,
            "name": self.name,
            "score": round(float(self.score), 1),
            "contacts": self.contacts,
            "components": {k: round(float(v), 4) for k, v in self.components.items()},
            "details": self.details,
        }
        if self.as_of:
            found["as_of"] = self.as_of
        if self.evidence:
            found["evidence"] = self.evidence
        return found


@dataclass
class TeamScores:
    members: list[MemberScore]
    team: MemberScore
    as_of: str = ""

    def to_dict(self) -> dict:
        team = self.team.to_dict()
        team.pop("id"), team.pop("name")
        return {"as_of": self.as_of, "members": [m.to_dict() for m in self.members], "team": team}


def score_team(
    store,
    graph=None,
    targets: Targets | None = None,
    weights: dict[str, float] | None = None,
    settings: dict[str, float] | None = None,
    network=None,
) -> TeamScores:
    """Score every team member and the team as a whole (see the module docstring)."""
    from graphintro.team_network import load_network

    if weights is None or settings is None:
        loaded_weights, loaded_settings = load_quality_config()
        weights, settings = weights or loaded_weights, settings or loaded_settings
    net = network or load_network(store, graph, targets)
    if not net.members:
        from graphintro.errors import NotFoundError

        raise NotFoundError("the store has no team member yet: import an export with --owner")
    thresholds = {i: strong_tie_of(net, i, settings) for i in net.members}
    reach = {i: net.strong_reach(i, thresholds[i], settings["strong_tie"]) for i in net.members}
    holders = net.reach_holders(reach)
    members = [
        _score_member(net, i, reach, holders, weights, settings | {"strong_tie": thresholds[i]})
        for i in net.members
    ]
    members.sort(key=lambda m: (-m.score, m.name))
    return TeamScores(members, _score_whole_team(net, reach, weights, settings), net.as_of)


def strong_tie_of(net, index: int, settings: dict[str, float]) -> float:
    """The strength from which a member's tie is strong: ``strong_tie_without_messages`` when none of
    their exports holds messages (see ``DEFAULT_SETTINGS``), else ``strong_tie``."""
    exports = net.exports.get(net.person(index))
    if exports is not None and "messages" not in exports.evidence:
        return settings["strong_tie_without_messages"]
    return settings["strong_tie"]


def _components(
    net,
    strengths,
    days,
    people,
    strong_alters,
    ego_network,
    reached,
    unique,
    settings: dict[str, float],
    with_uniqueness: bool,
    measure_activity: bool = True,
) -> tuple[dict[str, float], dict]:
    strong = settings["strong_tie"]
    refs = {
        "companies": settings["companies_ref"],
        "industries": settings["industries_ref"],
        "functions": len(FUNCTIONS),
        "seniority": SENIORITY_LEVELS,
    }
    effective_size, constraint = burt_measures(*ego_network)
    decision_makers = int(net.decision_maker[reached].sum())
    components = {
        "strength": strength_component(strengths, strong, settings["share_ref"], settings["mass_ref"]),
        "activity": activity_component(strengths, days, strong, settings["dormant_days"]),
        "diversity": diversity_component(
            strengths, net.dimensions(people), refs, strong, settings["min_known"]
        ),
        # The rest of the team is an alter only to carry redundancy: no contact of one's own, no brokerage.
        "brokerage": brokerage_component(effective_size, constraint, len(ego_network[0]))
        if len(strong_alters)
        else 0.0,
        "reach": reach_component(decision_makers, settings["reach_ref"]),
    }
    if not measure_activity:  # no message in the member's exports: unknown, not zero (left out of the score)
        del components["activity"]
    if with_uniqueness:
        components["uniqueness"] = uniqueness_component(unique, len(reached), settings["unique_ref"])
    if net.targets:
        components["relevance"] = relevance_component(
            float(net.target_weight[reached].sum()), settings["relevance_ref"]
        )
    with_days = days[strengths >= strong]
    details = {
        "strong_ties": len(strong_alters),
        "dormant_strong_ties": int((~(with_days <= settings["dormant_days"])).sum())
        if measure_activity
        else 0,
        "decision_makers_reached": decision_makers,
        "people_reached": len(reached),
        "effective_size": round(effective_size, 2),
        "constraint": round(constraint, 4),
    }
    if with_uniqueness:
        details["unique_reach"] = int(unique)
    return components, details


def _score_member(net, i: int, reach: dict, holders, weights, settings) -> MemberScore:
    people, strengths, days = net.contacts(i)
    strong_alters = people[strengths >= settings["strong_tie"]]
    reached = reach[i]
    unique = int((holders[reached] == 1).sum())
    ego_network = net.ego_network(i, strong_alters)
    person = int(net.graph.node_ids[i])
    exports = net.exports.get(person)
    components, details = _components(
        net,
        strengths,
        days,
        people,
        strong_alters,
        ego_network,
        reached,
        unique,
        settings,
        with_uniqueness=len(net.members) > 1,
        measure_activity=exports is None or "messages" in exports.evidence,
    )
    details["pending_invitations"] = exports.pending_invitations if exports else 0
    return MemberScore(
        person,
        net.names.get(person, f"#{person}"),
        combine(components, weights),
        len(people),
        components,
        details,
        net.member_as_of(i),
        _evidence(exports, settings),
    )


def _evidence(exports, settings: dict[str, float]) -> dict | None:
    """What a member's exports lack and what importing the complete export would add (None when
    they lack nothing the score reads)."""
    from graphintro.member_exports import EVIDENCE

    if exports is None or not exports.missing:
        return None
    found = {
        "missing": exports.missing,
        "unmeasured": [] if "messages" in exports.evidence else ["activity"],
        "strong_tie": settings["strong_tie"],
        "complete_export_adds": [EVIDENCE[kind][1] for kind in exports.missing],
    }
    return found


def _score_whole_team(net, reach: dict, weights, settings) -> MemberScore:
    import numpy as np

    people, strengths, days = net.team_contacts()
    strong_alters = people[strengths >= settings["strong_tie"]]
    reached = np.unique(np.concatenate([reach[i] for i in net.members])) if net.members else people[:0]
    ego_network = net.ego_network(None, strong_alters, strengths[strengths >= settings["strong_tie"]])
    components, details = _components(
        net, strengths, days, people, strong_alters, ego_network, reached, 0, settings, with_uniqueness=False
    )
    holders = net.reach_holders(reach)
    details["members"] = len(net.members)
    details["pending_invitations"] = sum(exports.pending_invitations for exports in net.exports.values())
    details["key_person_share"] = round(float((holders[reached] == 1).mean()), 4) if len(reached) else 0.0
    return MemberScore(0, "team", combine(components, weights), len(people), components, details)


def members_named(scores: TeamScores, ids: Iterable[int]) -> TeamScores:
    """The same scores restricted to some members (``score --owner``); the team part is unchanged."""
    wanted = set(ids)
    return TeamScores([m for m in scores.members if m.id in wanted], scores.team, scores.as_of)
