"""The team: its members (profile, career, networking style), their ties to each other, the groups.

Everything shared between the members' exports is drawn once from the seed here (``build_world``):
the population, each member's roster entry, the teammate ties (a pair's connection date and thread
are the same in both exports) and the groups with who belongs to which.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from graphintro.demo.catalogues import (
    AEROLINE,
    CYBER_CONSEIL,
    FUNCTION_INDEX,
    FUNCTIONS,
    GROUP_BASES,
    GROUP_PLACES,
    LOCATIONS,
    SKILLS,
    TEAM,
    TITLES,
)
from graphintro.demo.clock import FIRST_DAY, NOW_DAY, ordinal
from graphintro.demo.population import Pool, build_pool, company_weights
from graphintro.demo.scenario import EXPERT_GROUP, PLANTED_PEOPLE, Position, planted_positions


@dataclass
class Style:
    """How a member networks: how many contacts, from where, how old, how talkative."""

    contacts: int
    colleague_share: float = 0.25
    active_share: float = 0.12
    age_scale_days: float = 1000.0
    boss_bias: bool = False
    recent_only: bool = False


@dataclass
class Member:
    """A member's own profile: what Positions, Profile, Skills and Ad_Targeting say."""

    person: int
    positions: list[Position]
    skills: list[str]
    location: tuple[str, str]
    style: Style
    groups: list[int] = field(default_factory=list)

    @property
    def companies(self) -> list[str]:
        return [company for company, *_ in self.positions]


def _member_style(index: int, members: int, contacts: int, rnd: random.Random) -> Style:
    """Deep member 1 (old, diverse, talkative, bosses), shallow last member (many, recent, silent)."""
    if members >= 3 and index == 1:
        return Style(int(contacts * 1.2), 0.1, 0.35, 2200.0, boss_bias=True)
    if members >= 3 and index == members - 1:
        return Style(2 * contacts, 0.0, 0.0, 30.0, recent_only=True)
    if index == 0:
        return Style(contacts, 0.25, 0.15, 1200.0)
    return Style(int(contacts * rnd.uniform(0.7, 1.3)))


def _random_positions(pool: Pool, rng: np.random.Generator, person: int, location: str) -> list[Position]:
    """2-4 jobs, newest first, in the same function with seniority growing over time."""
    jobs = int(rng.integers(2, 5))
    start = NOW_DAY - int(rng.integers(180, 8 * 365))
    positions: list[Position] = [(pool.employer[person], pool.title[person].strip(), location, start, None)]
    weights = company_weights(pool.companies)
    same_function = [
        t for t in TITLES if FUNCTION_INDEX[t[3]] == pool.function[person] and t[2] <= pool.level[person]
    ]
    for _ in range(jobs - 1):
        end = start - int(rng.integers(15, 90))
        start = max(FIRST_DAY - 4 * 365, end - int(rng.integers(365, 6 * 365)))
        company = pool.companies[int(rng.choice(len(pool.companies), p=weights))][0]
        masculine, feminine, _, _ = same_function[int(rng.integers(len(same_function)))]
        positions.append((company, feminine if pool.female[person] else masculine, location, start, end))
    return positions


def _member_skills(pool: Pool, rnd: random.Random, person: int, key: str | None) -> list[str]:
    """Skills of the member's function plus general ones; David's include Cybersécurité (Inès endorses it)."""
    own = list(SKILLS[FUNCTIONS[pool.function[person]]])
    skills = rnd.sample(own, min(4, len(own))) + rnd.sample(SKILLS["general"], 2)
    if key == "introducer":
        skills += ["Cybersécurité", "Achats", "Partenariats"]
    if key == "user":
        skills += ["Négociation", "Cloud Computing"]
    return list(dict.fromkeys(skills))


def _build_roster(
    pool: Pool, rng: np.random.Generator, slots: dict[str, int], members: int, contacts: int
) -> list[Member]:
    """Each member's profile, career and networking style."""
    by_index = {index: key for key, index in slots.items() if index < members}
    roster = []
    for index in range(members):
        rnd = random.Random(f"{index}:{rng.integers(1 << 30)}")
        key = by_index.get(index)
        location = LOCATIONS[0] if key else LOCATIONS[int(rng.integers(len(LOCATIONS)))]
        positions = (
            planted_positions(key, pool.companies[TEAM].name, pool.title[index])
            if key
            else _random_positions(pool, rng, index, location[0])
        )
        roster.append(
            Member(
                index,
                positions,
                _member_skills(pool, rnd, index, key),
                location,
                _member_style(index, members, contacts, rnd),
            )
        )
    return roster


@dataclass
class TeamTie:
    """A link between two members, seen from ``owner``: same date and same thread in both exports."""

    other: int
    day: int
    sent: int
    received: int
    last_active: int | None


@dataclass
class Group:
    name: str
    description: str
    functions: tuple[int, ...]
    created: int


@dataclass
class World:
    seed: int
    members: int
    contacts: int
    pool: Pool
    slots: dict[str, int]
    block: int
    roster: list[Member]
    team_ties: list[list[TeamTie]]
    groups: list[Group]
    planted: dict[str, str]


def build_world(seed: int, members: int, contacts: int) -> World:
    """Everything shared between exports, drawn once from the seed."""
    rng = np.random.default_rng([seed, 1])
    pool, slots, block = build_pool(rng, members, contacts)
    roster = _build_roster(pool, rng, slots, members, contacts)
    groups = _make_groups(rng, members, contacts)
    _choose_member_groups(rng, pool, roster, groups, slots)
    team_ties = _team_ties(np.random.default_rng([seed, 2]), members, contacts)
    world = World(seed, members, contacts, pool, slots, block, roster, team_ties, groups, {})
    world.planted = _planted_names(world)
    return world


def _planted_names(world: World) -> dict[str, str]:
    """The names tests and the demo script look up; only the user when the team is too small for stories."""
    pool, slots = world.pool, world.slots
    planted = {"user": pool.name(0), "team_company": pool.companies[TEAM][0]}
    if world.members < 3:
        return planted
    for key in ("introducer", "weak_introducer", *PLANTED_PEOPLE):
        if key != "namesake_twin":
            planted[key] = pool.name(slots[key])
    planted.update(
        target_company=pool.companies[AEROLINE][0],
        topic="cybersécurité",
        decoy_company=pool.companies[CYBER_CONSEIL][0],
        expert_group=EXPERT_GROUP,
        shallow_member=pool.name(slots["weak_introducer"]),
        deep_member=pool.name(slots["introducer"]),
    )
    return planted


def _team_ties(rng: np.random.Generator, members: int, contacts: int) -> list[list[TeamTie]]:
    """Members know most teammates (a bounded number in big teams); pairs share one date and thread."""
    ties: list[list[TeamTie]] = [[] for _ in range(members)]
    if members < 2:
        return ties
    a, b = _teammate_pairs(rng, members, contacts)
    days = NOW_DAY - 1 - np.minimum(rng.exponential(1100, len(a)).astype(int), NOW_DAY - 1 - FIRST_DAY)
    recent = NOW_DAY - 1 - rng.integers(0, 30, len(a))
    active = rng.random(len(a)) < 0.3
    sent, received = message_counts(rng, len(a))
    for i, j, day, fresh, talk, s, r in zip(
        a.tolist(),
        b.tolist(),
        days.tolist(),
        recent.tolist(),
        active.tolist(),
        sent.tolist(),
        received.tolist(),
        strict=True,
    ):
        shallow = members >= 3 and j == members - 1
        day = fresh if shallow else day
        s, r = (s, r) if talk and not shallow else (0, 0)
        last_active = None
        if members >= 3 and (i, j) == (0, 1):
            day, s, r, last_active = ordinal(2019, 3, 11), 24, 22, NOW_DAY - 1
        elif members >= 3 and (i, j) == (0, members - 1):
            day = ordinal(2026, 10, 27)
        ties[i].append(TeamTie(j, day, s, r, last_active))
        ties[j].append(TeamTie(i, day, r, s, last_active))
    return ties


def _teammate_pairs(rng: np.random.Generator, members: int, contacts: int) -> tuple[np.ndarray, np.ndarray]:
    """Connected member pairs (i < j): each pair with probability ``share``, then topped up so that
    nobody knows fewer than 70 % of the expected number of teammates ("most" of a small team)."""
    share = min(0.85, max(3.0, 0.2 * contacts) / (members - 1))
    a, b = np.triu_indices(members, 1)
    keep = rng.random(len(a)) < share
    if members >= 3:
        keep |= (a == 0) & ((b == 1) | (b == members - 1))
    a, b = a[keep], b[keep]
    degree = np.bincount(np.concatenate([a, b]), minlength=members)
    need = math.ceil(0.7 * share * (members - 1))
    present = set(zip(a.tolist(), b.tolist(), strict=True))
    for member in np.flatnonzero(degree < need).tolist():
        for other in rng.permutation(members).tolist():
            pair = (min(member, other), max(member, other))
            if degree[member] >= need:
                break
            if other != member and pair not in present:
                present.add(pair)
                degree[member] += 1
                degree[other] += 1
    pairs = np.array(sorted(present), dtype=np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def message_counts(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Heavy-tailed conversation sizes (most short, some dozens), split between both directions."""
    total = np.minimum(1 + (rng.pareto(1.3, size) * 2).astype(int), 90)
    sent = rng.binomial(total, rng.beta(2, 2, size))
    return sent, total - sent


def _make_groups(rng: np.random.Generator, members: int, contacts: int) -> list[Group]:
    """About 8 groups for a small team, ~200 for 1,000 × 1,000: base topics, then regional variants."""
    count = int(
        np.clip(
            round(8 * math.sqrt(members * contacts / 1500)), 8, len(GROUP_BASES) * (1 + len(GROUP_PLACES))
        )
    )
    groups = []
    for index in range(count):
        stem, place, functions, description = GROUP_BASES[index % len(GROUP_BASES)]
        variant = index // len(GROUP_BASES)
        if variant:
            place = GROUP_PLACES[variant - 1]
            description = f"{description} Antenne {place}."
        name = f"{stem} {place}".strip()
        created = date(2008 + int(rng.integers(0, 15)), int(rng.integers(1, 13)), 1).toordinal()
        groups.append(Group(name, description, tuple(FUNCTION_INDEX[f] for f in functions), created))
    return groups


def _choose_member_groups(
    rng: np.random.Generator, pool: Pool, roster: list[Member], groups: list[Group], slots: dict[str, int]
) -> None:
    """2-6 groups per member, favouring their function; the planted members get the story's groups."""
    for member in roster:
        weights = np.array([3.0 if pool.function[member.person] in g.functions else 1.0 for g in groups])
        count = min(len(groups), int(rng.integers(2, 7)))
        member.groups = sorted(
            rng.choice(len(groups), count, replace=False, p=weights / weights.sum()).tolist()
        )
    if "weak_introducer" not in slots:
        return
    sales, purchasing = _group_index(groups, "Sales Leaders"), _group_index(groups, "Achats & Supply Chain")
    roster[0].groups = sorted({*roster[0].groups, sales})
    roster[1].groups = sorted({*roster[1].groups, 0, purchasing})
    roster[slots["weak_introducer"]].groups = [sales]


def _group_index(groups: list[Group], name: str) -> int:
    return next(index for index, group in enumerate(groups) if group.name == name)


# --------------------------------------------------------------------------------------------
# One member's export, before serialisation
# --------------------------------------------------------------------------------------------
