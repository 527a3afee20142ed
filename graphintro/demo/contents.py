"""What each file of the team says, as data, before any serialisation.

A member's LinkedIn archive is an ``Export`` (connections, threads, invitations, endorsements,
recommendations, with absolute timestamps), so that the earlier snapshot of the history scenario
is a filter of it; the address books and the group list are lists of people and rows. The
randomness of each is drawn from its own generator seeded by (seed, member), so one file does not
change when another one does.
"""

from __future__ import annotations

import base64
import random
from dataclasses import dataclass, field

import numpy as np

from graphintro.demo.catalogues import (
    BIG_COMPANIES,
    COLLEAGUE_TEXTS,
    FUNCTION_INDEX,
    FUNCTIONS,
    INVITATION_NOTES,
    MESSAGES,
    RECOMMENDATIONS,
    SKILLS,
    SPONSORED,
    TITLES,
)
from graphintro.demo.clock import DAY, EARLIER_DAY, FIRST_DAY, NOW_DAY, ordinal
from graphintro.demo.population import Pool, sample_people
from graphintro.demo.scenario import PlantedTie, planted_memberships, planted_ties
from graphintro.demo.world import Group, Member, World, message_counts
from graphintro.demo.writers.linkedin import iso_day


@dataclass
class Export:
    """What one LinkedIn archive says, as data, so that an earlier snapshot is a filter of it.

    Timestamps are absolute seconds (day ordinal * 86400 + seconds of the day).
    """

    owner: int
    connections: list[tuple[int, int]] = field(default_factory=list)  # (person, day)
    messages: list[tuple[int, str, int, bool, str, str]] = field(default_factory=list)
    sponsored: list[tuple[int, str, str]] = field(default_factory=list)  # (stamp, subject, content)
    invitations: list[tuple[int, int, bool, str]] = field(
        default_factory=list
    )  # (stamp, person, outgoing, text)
    endorsed_by: list[tuple[int, int, str]] = field(default_factory=list)  # (stamp, person, skill)
    endorsed: list[tuple[int, int, str]] = field(default_factory=list)
    recommendations: list[tuple[int, int, str]] = field(default_factory=list)
    blank: set[int] = field(default_factory=set)
    job_override: dict[int, tuple[str, str]] = field(default_factory=dict)


def _bulk_contacts(
    world: World, member: Member, rng: np.random.Generator, already: int
) -> tuple[np.ndarray, np.ndarray]:
    """The member's ordinary connections and the day each was made, topping ``already`` up to the target."""
    pool, style = world.pool, member.style
    count = max(0, style.contacts - already)
    if style.recent_only:
        block = np.arange(pool.reserved, pool.reserved + world.block)
        people = rng.choice(block, min(len(block), count), replace=False)
        old = rng.random(len(people)) < 0.05
        days = np.where(
            old,
            NOW_DAY - 31 - rng.integers(0, 700, len(people)),
            NOW_DAY - 1 - rng.integers(0, 30, len(people)),
        )
        return people, days
    names = member.companies
    companies = [c for c in range(len(pool.companies)) if pool.companies[c][0] in names]
    colleagues = np.concatenate([pool.people_at(c) for c in companies]) if companies else None
    cdf = pool.boss_cdf if style.boss_bias else pool.cdf
    people = sample_people(pool, rng, count, cdf, colleagues, style.colleague_share)
    career = min(day for *_, day, _ in member.positions)
    ages = rng.exponential(style.age_scale_days, len(people)).astype(int)
    days = np.maximum(NOW_DAY - 1 - ages, max(career, FIRST_DAY))
    return people, days


def _thread(
    rnd: random.Random,
    sent: int,
    received: int,
    first_day: int,
    last_active: int | None,
    texts: tuple[str, ...] = MESSAGES,
) -> list[tuple[int, bool, str]]:
    """One conversation as (stamp, outgoing, text), newest first.

    Messages cluster before a last-activity day that leans towards the recent past: recency and
    reciprocity are what tie strength reads, so both vary realistically between ties.
    """
    if last_active is None:
        last_active = NOW_DAY - 1 - min(int(rnd.expovariate(1 / 300)), max(0, NOW_DAY - 1 - first_day))
    span = max(1, min(last_active - first_day + 1, int(rnd.expovariate(1 / 120)) + 1))
    directions = [True] * sent + [False] * received
    rnd.shuffle(directions)
    days = sorted((last_active - rnd.randrange(span) for _ in directions[1:]), reverse=True)
    days.insert(0, last_active)
    return [
        (day * DAY + rnd.randrange(7 * 3600, 22 * 3600), outgoing, rnd.choice(texts))
        for day, outgoing in zip(days, directions, strict=True)
    ]


def _pair_random(seed: int, a: int, b: int) -> random.Random:
    """A generator for the pair's thread that both members' exports reproduce identically."""
    low, high = min(a, b), max(a, b)
    return random.Random((seed << 42) ^ (low << 21) ^ high)


def _conversation_id(seed: int, a: int, b: int) -> str:
    """LinkedIn-like opaque ids (``2-<base64>``), shared by both sides of a pair."""
    low, high = min(a, b), max(a, b)
    return "2-" + base64.b64encode(f"{seed}-{low}-{high}-conversation".encode()).decode()


def _add_thread(export: Export, world: World, person: int, thread: list, owner_sent_first: bool) -> None:
    """Append a thread to the export, oriented from the owner's side."""
    conversation = _conversation_id(world.seed, export.owner, person)
    low, high = min(export.owner, person), max(export.owner, person)
    folder = "ARCHIVE" if (low * 31 + high) % 9 == 0 else "INBOX"
    for stamp, outgoing, text in thread:
        mine = outgoing if owner_sent_first else not outgoing
        export.messages.append((stamp, conversation, person, mine, text, folder))


def build_export(world: World, index: int) -> Export:
    """All the facts of member ``index``'s archive: team ties, planted ties, then ordinary contacts."""
    rng = np.random.default_rng([world.seed, 3, index])
    rnd = random.Random(world.seed * 1_000_003 + index)
    member, export = world.roster[index], Export(owner=index)
    _add_team_ties(world, export)
    planted = planted_ties(world.slots, world.members, index)
    _add_planted_ties(world, export, planted)
    people, days = _bulk_contacts(world, member, rng, len(export.connections))
    if index == 0:  # guarantee contacts "new since" the earlier snapshot of the history scenario
        days[:4] = EARLIER_DAY + 1 + rng.integers(0, NOW_DAY - EARLIER_DAY - 2, min(4, len(days)))
    _add_bulk_ties(world, export, member, people, days, rng, rnd)
    _add_extras(world, export, member, rnd, {tie.person for tie in planted})
    return export


def _add_team_ties(world: World, export: Export) -> None:
    for tie in world.team_ties[export.owner]:
        export.connections.append((tie.other, tie.day))
        if tie.sent + tie.received:
            owner_is_low = export.owner < tie.other
            sent, received = (tie.sent, tie.received) if owner_is_low else (tie.received, tie.sent)
            texts = COLLEAGUE_TEXTS if tie.last_active else MESSAGES  # only the planted pair is scripted
            thread = _thread(
                _pair_random(world.seed, export.owner, tie.other),
                sent,
                received,
                tie.day,
                tie.last_active,
                texts,
            )
            _add_thread(export, world, tie.other, thread, owner_is_low)
        if tie.day >= NOW_DAY - 150:  # the newer member (higher index) sent the invitation
            stamp = (tie.day - 1) * DAY + 18 * 3600 + 12 * 60 + (export.owner + tie.other) % 60
            export.invitations.append((stamp, tie.other, export.owner > tie.other, ""))


def _add_planted_ties(world: World, export: Export, ties: list[PlantedTie]) -> None:
    pool = world.pool
    for tie in ties:
        if tie.day:
            export.connections.append((tie.person, tie.day))
        if tie.sent + tie.received:
            thread = _thread(
                _pair_random(world.seed, export.owner, tie.person),
                tie.sent,
                tie.received,
                tie.day,
                tie.last_active,
                tie.texts,
            )
            _add_thread(export, world, tie.person, thread, True)
        if tie.invited_on:
            export.invitations.append(
                (tie.invited_on * DAY + 10 * 3600 + 7 * 60, tie.person, tie.outgoing, "")
            )
        since = max(tie.day, ordinal(2023, 1, 1))
        for offset, skill in enumerate(tie.endorsed_by):
            export.endorsed_by.append(((since + 40 + offset) * DAY + 11 * 3600, tie.person, skill))
        for offset, skill in enumerate(tie.endorses):
            export.endorsed.append(((since + 60 + offset) * DAY + 15 * 3600, tie.person, skill))
        if tie.recommends:
            text = RECOMMENDATIONS[0].format(first=pool.first[export.owner])
            export.recommendations.append(((since + 90) * DAY + 5 * 3600 + 28 * 60, tie.person, text))


def _add_bulk_ties(
    world: World,
    export: Export,
    member: Member,
    people: np.ndarray,
    days: np.ndarray,
    rng: np.random.Generator,
    rnd: random.Random,
) -> None:
    """Ordinary connections, some of them with conversations; a few rows emptied as in real exports."""
    active = rng.random(len(people)) < member.style.active_share
    sent, received = message_counts(rng, len(people))
    silent = []
    for person, day, talk, s, r in zip(
        people.tolist(), days.tolist(), active.tolist(), sent.tolist(), received.tolist(), strict=True
    ):
        export.connections.append((person, day))
        if talk:
            _add_thread(export, world, person, _thread(rnd, s, r, day, None), True)
        else:
            silent.append(person)
        if day >= NOW_DAY - 150 and rnd.random() < 0.6:
            outgoing = rnd.random() < (0.9 if member.style.recent_only else 0.4)
            note = rnd.choice(INVITATION_NOTES) if rnd.random() < 0.2 and not member.style.recent_only else ""
            export.invitations.append(
                ((day - rnd.randrange(4)) * DAY + rnd.randrange(8 * 3600, 21 * 3600), person, outgoing, note)
            )
    blank_count = min(len(silent), max(1, round(len(silent) * 0.012)))
    export.blank = set(rnd.sample(silent, blank_count))


def _add_extras(world: World, export: Export, member: Member, rnd: random.Random, planted: set[int]) -> None:
    """Endorsements, recommendations, pending invitations and sponsored mail around the ordinary ties."""
    pool = world.pool
    if member.style.recent_only:
        return
    talked = {person for _, _, person, *_ in export.messages}
    old = NOW_DAY - 3 * 365
    candidates = [
        p
        for p, day in export.connections
        if p >= pool.reserved and p not in export.blank and (p in talked or day < old)
    ]
    for person in rnd.sample(candidates, min(len(candidates), round(member.style.contacts * 0.04))):
        stamp = (NOW_DAY - rnd.randrange(2, 1500)) * DAY + rnd.randrange(DAY)
        export.endorsed_by.append((stamp, person, rnd.choice(member.skills)))
    for person in rnd.sample(candidates, min(len(candidates), round(member.style.contacts * 0.02))):
        stamp = (NOW_DAY - rnd.randrange(2, 1500)) * DAY + rnd.randrange(DAY)
        export.endorsed.append((stamp, person, rnd.choice(SKILLS[FUNCTIONS[pool.function[person]]])))
    for person in rnd.sample(candidates, min(len(candidates), rnd.randrange(0, 3))):
        stamp = (NOW_DAY - rnd.randrange(30, 2500)) * DAY + rnd.randrange(DAY)
        export.recommendations.append(
            (stamp, person, rnd.choice(RECOMMENDATIONS).format(first=pool.first[export.owner].strip()))
        )
    for _ in range(max(1, member.style.contacts // 100)):
        stranger = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        stamp = (NOW_DAY - rnd.randrange(1, 60)) * DAY + rnd.randrange(DAY)
        export.invitations.append((stamp, stranger, True, rnd.choice(INVITATION_NOTES)))
    for _ in range(rnd.randrange(2, 6)):
        subject, content = rnd.choice(SPONSORED)
        stamp = (NOW_DAY - rnd.randrange(1, 400)) * DAY + rnd.randrange(DAY)
        export.sponsored.append((stamp, subject, content.format(first=pool.first[export.owner].strip())))


def earlier_snapshot(world: World, later: Export, rnd: random.Random) -> tuple[Export, dict[str, str]]:
    """Member 0's export one month earlier: newer ties absent, lost ties present, old jobs shown."""
    pool, cut = world.pool, EARLIER_DAY * DAY
    known = {person for person, _ in later.connections}
    lost: list[int] = []
    while len(lost) < 4:
        person = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        if person not in known and person not in lost:
            lost.append(person)
    kept = [(p, day) for p, day in later.connections if day < EARLIER_DAY]
    movable = sorted(p for p, _ in kept if p >= pool.reserved and p not in later.blank)
    movers = rnd.sample(movable, 3)
    earlier = Export(
        owner=later.owner,
        connections=kept + [(p, FIRST_DAY + rnd.randrange(3000)) for p in lost],
        messages=[m for m in later.messages if m[0] < cut],
        sponsored=[m for m in later.sponsored if m[0] < cut],
        invitations=[i for i in later.invitations if i[0] < cut],
        endorsed_by=[e for e in later.endorsed_by if e[0] < cut],
        endorsed=[e for e in later.endorsed if e[0] < cut],
        recommendations=[r for r in later.recommendations if r[0] < cut],
        blank=set(later.blank),
    )
    for person in movers:
        previous = _previous_job(pool, rnd, person)
        earlier.job_override[person] = previous
    names = {
        "job_changes": "; ".join(pool.name(p) for p in movers),
        "lost_contacts": "; ".join(pool.name(p) for p in lost),
    }
    return earlier, names


def _previous_job(pool: Pool, rnd: random.Random, person: int) -> tuple[str, str]:
    """A different employer and a more junior title of the same function."""
    current = pool.employer[person]
    company = current
    while company == current:
        company = BIG_COMPANIES[rnd.randrange(len(BIG_COMPANIES))][0]
    options = [
        t
        for t in TITLES
        if FUNCTION_INDEX[t[3]] == pool.function[person] and t[2] <= max(1, pool.level[person])
    ]
    masculine, feminine, _, _ = rnd.choice(options)
    return company, feminine if pool.female[person] else masculine


def address_book_people(
    world: World, export: Export, rnd: random.Random, share: float, extra: float
) -> list[tuple[int, bool]]:
    """People for an address book: part of the member's LinkedIn contacts (``True``) and others (``False``).

    Overlapping people keep their name and company, so identity resolution can match them.
    """
    pool = world.pool
    linked = sorted(p for p, _ in export.connections if p >= pool.reserved and p not in export.blank)
    chosen = [(p, True) for p in rnd.sample(linked, int(len(linked) * share))]
    known = set(linked)
    while len(chosen) < int(len(linked) * (share + extra)):
        person = pool.reserved + rnd.randrange(len(pool.first) - pool.reserved)
        if person not in known:
            known.add(person)
            chosen.append((person, False))
    return chosen


def _group_people(world: World, rng: np.random.Generator, group: Group, size: int) -> list[int]:
    """Mostly people of the group's functions, the rest by popularity (only some known to the team)."""
    pool = world.pool
    topical = np.concatenate([pool.function_people[f] for f in group.functions])
    picked = rng.choice(topical, min(len(topical), int(size * 0.6)), replace=False)
    popular = sample_people(pool, rng, size, pool.cdf)
    merged = np.concatenate([picked, popular])
    _, first_seen = np.unique(merged, return_index=True)
    return merged[np.sort(first_seen)][:size].tolist()


def _rows_of_group(
    world: World, rng: np.random.Generator, index: int, group: Group, size: int
) -> list[tuple]:
    """One group's rows: owner first, a few managers, members; posts heavy-tailed, mostly zero."""
    pool = world.pool
    people = _group_people(world, rng, group, size)
    people += [m.person for m in world.roster if index in m.groups]
    roles = {person: "member" for person in people}
    for rank, person in enumerate(people[: 1 + int(rng.integers(0, 4))]):
        roles[person] = "owner" if rank == 0 else "manager"
    planted = planted_memberships(world.slots, world.members, group.name)
    for person, role, _ in planted:
        roles[person] = role
        if role == "owner":
            roles.update({p: "manager" for p, r in roles.items() if r == "owner" and p != person})
    posts = {p: n for p, _, n in planted}
    rows = []
    for number, person in enumerate(dict.fromkeys([*[p for p, _, _ in planted], *people])):
        role = roles[person]
        count = posts.get(person, _posts(rng, role))
        joined = iso_day(
            group.created
            if role == "owner"
            else group.created + int(rng.integers(0, max(1, NOW_DAY - 1 - group.created)))
        )
        url = "" if number % 10 == 9 else pool.url(person)
        email = pool.email(person) if number % 4 == 1 or not url else ""
        rows.append((group.name, pool.name(person), url, email, role, count, joined, group.description))
    return rows


def _posts(rng: np.random.Generator, role: str) -> int:
    if role == "owner":
        return int(20 + rng.pareto(1.2) * 40)
    if role == "manager":
        return int(5 + rng.pareto(1.2) * 15)
    return 0 if rng.random() < 0.7 else int(1 + rng.pareto(1.5) * 3)


def group_rows(world: World) -> list[tuple]:
    """groups.csv's rows: one per (group, person), the group's description repeated on each row."""
    rng = np.random.default_rng([world.seed, 4])
    pool_size = len(world.pool.first)
    mean = float(np.clip(pool_size / 15, 20, 500))
    rows = []
    for index, group in enumerate(world.groups):
        size = int(np.clip(mean * rng.lognormal(0, 0.6), 8, pool_size // 3))
        rows += _rows_of_group(world, rng, index, group, size)
    return rows


# --------------------------------------------------------------------------------------------
# Per-member driver
# --------------------------------------------------------------------------------------------
