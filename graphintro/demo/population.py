"""The synthetic population: everyone who can appear in an export, drawn from the catalogues.

A pool of people with French and English names (accents, particles, namesakes at different
companies) working at real big employers and fictional SMEs, with mixed French/English titles at
six seniority levels. The first ``reserved`` people are the members and the planted people of the
scenario (``scenario.py``), placed where the stories need them; random sampling never picks them.
Popularity is heavy-tailed, so some people appear in several members' exports.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from graphintro.demo.catalogues import (
    BIG_COMPANIES,
    EMOJI,
    FEMALE,
    FUNCTION_INDEX,
    FUNCTIONS,
    LAST,
    LEVEL_WEIGHTS,
    MALE,
    PROSPECTIA,
    SME_CORES,
    SME_FORMS,
    SME_PLACES,
    SME_PREFIXES,
    SPECIAL_COMPANIES,
    TEAM,
    TITLES,
    Company,
)
from graphintro.demo.scenario import PLANTED_MEMBERS, PLANTED_PEOPLE, planted_slots
from graphintro.demo.writers.linkedin import PROFILE_URL


@lru_cache(maxsize=65_536)
def fold_name(text: str) -> str:
    """ASCII slug of a name ("Hélène Le Gall" → "helene-le-gall"): LinkedIn slugs and e-mails carry no accents."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


@dataclass
class Pool:
    """Everyone who can appear in an export, as parallel columns (cheap at 300k people).

    Indices below ``reserved`` are the members and planted people: random sampling never picks
    them, so the planted ties are exactly where the scenarios put them.
    """

    first: list[str]
    last: list[str]
    female: list[bool]
    slug: list[str]
    company: np.ndarray
    title: list[str]
    level: np.ndarray
    function: np.ndarray
    shares_email: np.ndarray
    companies: list[Company]
    reserved: int
    cdf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    boss_cdf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    company_order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    company_starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    function_people: list[np.ndarray] = field(default_factory=list)
    employer: list[str] = field(default_factory=list)

    def url(self, person: int) -> str:
        return PROFILE_URL + self.slug[person]

    def name(self, person: int) -> str:
        return f"{self.first[person].strip()} {self.last[person].strip()}"

    def email(self, person: int) -> str:
        """Work address at the employer's domain: what address books and group lists hold."""
        return f"{fold_name(self.first[person])}.{fold_name(self.last[person])}@{self.companies[self.company[person]][2]}"

    def people_at(self, company: int) -> np.ndarray:
        return self.company_order[self.company_starts[company] : self.company_starts[company + 1]]


def zipf(count: int, exponent: float) -> np.ndarray:
    """Normalised Zipf weights: a few very common names or companies, a long tail."""
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _make_companies(rng: np.random.Generator, count: int) -> list[Company]:
    """Special, big and fictional SME companies; a few SMEs carry commas to exercise CSV quoting."""
    companies = list(SPECIAL_COMPANIES) + list(BIG_COMPANIES)
    seen = {name for name, _, _ in companies}
    while len(companies) < count:
        if rng.random() < 0.04:
            a, b = rng.choice(len(LAST), 2, replace=False)
            name, industry = f"{LAST[a]}, {LAST[b]} & Associés", "Law Practice"
        else:
            core, industry = SME_CORES[rng.integers(len(SME_CORES))]
            name = (
                SME_PREFIXES[rng.integers(len(SME_PREFIXES))]
                + core
                + SME_PLACES[rng.integers(len(SME_PLACES))]
                + SME_FORMS[rng.integers(len(SME_FORMS))]
            )
        if name not in seen:
            seen.add(name)
            companies.append(Company(name, industry, fold_name(name.split(",")[0]).replace("-", "") + ".fr"))
    return companies


def company_weights(companies: list[Company]) -> np.ndarray:
    """About a third of people at the big names, the rest spread over SMEs; nobody random at 0-3."""
    weights = np.zeros(len(companies))
    big = len(BIG_COMPANIES)
    weights[4 : 4 + big] = 0.35 / big
    smes = len(companies) - 4 - big
    if smes:
        weights[4 + big :] = 0.65 * zipf(smes, 0.8)
    return weights / weights.sum()


def _title_weights() -> np.ndarray:
    """Seniority pyramid: many individual contributors, few executives."""
    levels = np.array([level for _, _, level, _ in TITLES])
    weights = np.array([LEVEL_WEIGHTS[level] / np.sum(levels == level) for level in levels])
    return weights / weights.sum()


def _random_names(rng: np.random.Generator, size: int, forbidden: set[str]) -> tuple[list, list, list]:
    """First/last names with Zipf frequencies, re-drawing any that would collide with a planted name."""
    female = rng.random(size) < 0.5
    female_first = rng.choice(len(FEMALE), size, p=zipf(len(FEMALE), 0.7))
    male_first = rng.choice(len(MALE), size, p=zipf(len(MALE), 0.7))
    lasts = rng.choice(len(LAST), size, p=zipf(len(LAST), 0.6))
    first = [
        FEMALE[f] if is_f else MALE[m]
        for is_f, f, m in zip(female.tolist(), female_first.tolist(), male_first.tolist(), strict=True)
    ]
    last = [LAST[i] for i in lasts.tolist()]
    for index in range(size):
        while f"{first[index]} {last[index]}" in forbidden:
            last[index] = LAST[int(rng.integers(len(LAST)))]
    return first, last, female.tolist()


def _slugs(first: list[str], last: list[str]) -> list[str]:
    """LinkedIn-style slugs: the first holder of a name gets the bare ``prenom-nom``, later ones a hex suffix.

    The suffix is a bijective hash of the index, hence unique without bookkeeping.
    """
    seen: set[str] = set()
    slugs = []
    for index, (given, family) in enumerate(zip(first, last, strict=True)):
        base = f"{fold_name(given)}-{fold_name(family)}"
        if base in seen:
            base = f"{base}-{(index * 2654435761) & 0xFFFFFFFF:08x}"
        seen.add(base)
        slugs.append(base)
    return slugs


def _decorate(rng: np.random.Generator, first: list[str], title: list[str], start: int) -> None:
    """Profile quirks seen in real exports: emoji and stray spaces in names and positions."""
    size = len(first)
    for index in np.flatnonzero(rng.random(size) < 0.004).tolist():
        if index >= start:
            first[index] = f"{first[index]} {EMOJI[index % len(EMOJI)]}"
    for index in np.flatnonzero(rng.random(size) < 0.004).tolist():
        if index >= start:
            title[index] = f"{title[index]} {EMOJI[(index + 2) % len(EMOJI)]}"
    for index in np.flatnonzero(rng.random(size) < 0.005).tolist():
        if index >= start:
            title[index] = f" {title[index]} "


def _index_pool(pool: Pool, rng: np.random.Generator, block: int) -> None:
    """Sampling structures: popularity CDFs (plain and boss-biased), people by company and by function.

    The shallow member's block is made unpopular, otherwise its three companies would crowd
    everybody's exports.
    """
    popularity = rng.pareto(1.3, len(pool.first)) + 1.0
    popularity[: pool.reserved] = 0.0
    popularity[pool.reserved : pool.reserved + block] *= 0.1
    pool.cdf = np.cumsum(popularity)
    pool.boss_cdf = np.cumsum(popularity * np.where(pool.level >= 4, 4.0, 1.0))
    pool.company_order = np.argsort(pool.company, kind="stable")
    pool.company_starts = np.searchsorted(
        pool.company[pool.company_order], np.arange(len(pool.companies) + 1)
    )
    unreserved = np.arange(len(pool.first)) >= pool.reserved
    pool.function_people = [np.flatnonzero((pool.function == f) & unreserved) for f in range(len(FUNCTIONS))]
    pool.employer = [pool.companies[c][0] for c in pool.company.tolist()]


def company_index(companies: list[Company], name: str) -> int:
    return next(index for index, (company, _, _) in enumerate(companies) if company == name)


def build_pool(rng: np.random.Generator, members: int, contacts: int) -> tuple[Pool, dict[str, int], int]:
    """The pool: members, planted people, the shallow member's recent-contacts block, then everyone else."""
    slots = planted_slots(members)
    reserved = members + len(PLANTED_PEOPLE)
    block = int(2.3 * contacts) if members >= 3 else 0
    size = reserved + block + max(2 * contacts, members * contacts // 3)
    companies = _make_companies(rng, int(np.clip(size // 25, 60, 4000)))
    forbidden = {f"{p[0]} {p[1]}" for p in (*PLANTED_PEOPLE.values(), *PLANTED_MEMBERS.values())}
    first, last, female = _random_names(rng, size, forbidden)
    company = rng.choice(len(companies), size, p=company_weights(companies))
    sopra = company_index(companies, "Sopra Steria")
    company[reserved : reserved + block] = rng.choice([TEAM, PROSPECTIA, sopra], block, p=[0.4, 0.3, 0.3])
    title_index = rng.choice(len(TITLES), size, p=_title_weights())
    title = [TITLES[t][1] if f else TITLES[t][0] for t, f in zip(title_index.tolist(), female, strict=True)]
    level = np.array([TITLES[t][2] for t in range(len(TITLES))])[title_index]
    function = np.array([FUNCTION_INDEX[TITLES[t][3]] for t in range(len(TITLES))])[title_index]
    pool = Pool(
        first, last, female, [], company, title, level, function, rng.random(size) < 0.03, companies, reserved
    )
    _place_planted(pool, rng, slots, members)
    pool.slug = _slugs(pool.first, pool.last)
    _decorate(rng, pool.first, pool.title, reserved)
    _index_pool(pool, rng, block)
    return pool, slots, block


def _place_planted(pool: Pool, rng: np.random.Generator, slots: dict[str, int], members: int) -> None:
    """Overwrite the reserved slots with the planted people; members are mostly at the team's employer."""
    for key, (first, last, female, company, title, function, level) in PLANTED_PEOPLE.items():
        _set_person(
            pool,
            slots[key],
            first,
            last,
            female,
            company_index(pool.companies, company),
            title,
            function,
            level,
        )
    for key, (first, last, female, title, function, level) in PLANTED_MEMBERS.items():
        if key in slots:
            _set_person(pool, slots[key], first, last, female, TEAM, title, function, level)
    for member in range(members):
        if member not in (0, 1, members - 1) and rng.random() < 0.75:
            pool.company[member] = TEAM


def _set_person(
    pool: Pool,
    index: int,
    first: str,
    last: str,
    female: bool,
    company: int,
    title: str,
    function: str,
    level: int,
) -> None:
    pool.first[index], pool.last[index], pool.female[index] = first, last, female
    pool.company[index], pool.title[index] = company, title
    pool.function[index], pool.level[index] = FUNCTION_INDEX[function], level
    pool.shares_email[index] = False


def sample_people(
    pool: Pool,
    rng: np.random.Generator,
    count: int,
    cdf: np.ndarray,
    candidates: np.ndarray | None = None,
    colleague_share: float = 0.0,
) -> np.ndarray:
    """Distinct unreserved people: a share among ``candidates`` (colleagues), the rest by popularity."""
    picked = np.zeros(0, dtype=np.int64)
    rounds = 0
    while len(picked) < count and rounds < 50:
        rounds += 1
        need = count - len(picked)
        parts = [picked]
        if candidates is not None and len(candidates):
            parts.append(rng.choice(candidates, int(need * colleague_share * 1.3) + 1))
        parts.append(np.searchsorted(cdf, rng.random(int(need * 1.5) + 10) * cdf[-1], side="right"))
        merged = np.concatenate(parts)
        merged = merged[merged >= pool.reserved]
        _, first_seen = np.unique(merged, return_index=True)
        picked = merged[np.sort(first_seen)]
    return picked[:count]
