"""The planted scenarios, typed: who the stories are about and the facts they promise.

With ``members >= 3`` (the names are returned in ``Team.planted``):

* ``user`` — member 0, Camille Rousseau, the person running the demo.
* ``introducer`` — member 1, David Nguyen: same company as Camille, connected since 2019, dozens
  of recent messages both ways, endorsements and recommendations both ways.
* ``weak_introducer`` — the last member, Kevin Lambert: joined last month, connected to Camille
  on 2026-10-27, no messages, no endorsements.
* ``target`` — Zoé Fontaine, Directrice des achats at ``target_company`` "Aéroline Systèmes".
  Strong tie with David (former colleague at Safran, connected 2018, many recent messages,
  she recommended him), weak tie with Kevin (connected 2026-10-20, no messages), not a contact
  of Camille. Three colleagues of hers at Aéroline Systèmes (``target_vp_sales``,
  ``target_head_engineering``, ``target_buyer``) are reachable only through teammates: the
  expected best path is Camille → David → Zoé, not Camille → Kevin → Zoé.
* ``topic`` "cybersécurité": the ``expert`` Inès Moreau is an RSSI at Thales, owner of the
  group ``expert_group`` with hundreds of posts, endorsed by David for Cybersécurité / ISO 27001
  (``Endorsement_Given_Info.csv``), listed with her skills in member 2's vCard, a contact of
  David and member 3. The ``decoy`` Paul Girard is a "Commercial" at "CyberSécurité Conseil
  SAS" — the topic is in his company's name, not in what he does — and a contact of Camille.
* ``shallow_member`` (Kevin) has about twice the mean number of contacts, nearly all connected
  in the last month, from three companies, and no messages; ``deep_member`` (David) has
  long-standing, diverse, active ties with many decision makers.
* ``namesake`` — two different Thomas Martin (Orange, in Camille's export with a URL; Capgemini,
  in member 2's vCard and member 3's spreadsheet without one): merging them on the name alone
  would fabricate a path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from graphintro.demo.catalogues import EXPERT_TEXTS, LOCATIONS, MESSAGES, TARGET_TEXTS
from graphintro.demo.clock import NOW_DAY, ordinal


class PlantedPerson(NamedTuple):
    """A planted non-member: who they are and where they work."""

    first: str
    last: str
    female: bool
    company: str
    title: str
    function: str
    level: int


class PlantedMember(NamedTuple):
    """A planted member (0, 1 and the last one); members work at the team's employer."""

    first: str
    last: str
    female: bool
    title: str
    function: str
    level: int


# (start, end) of a position: day ordinals, ``None`` for the current job.
Position = tuple[str, str, str, int, int | None]  # company, title, location, start, end


PLANTED_PEOPLE: dict[str, PlantedPerson] = {
    "target": PlantedPerson(
        "Zoé", "Fontaine", True, "Aéroline Systèmes", "Directrice des achats", "purchasing", 4
    ),
    "target_vp_sales": PlantedPerson(
        "Marc-Antoine", "Bérard", False, "Aéroline Systèmes", "VP Sales", "sales", 4
    ),
    "target_head_engineering": PlantedPerson(
        "Gaëlle",
        "Le Gall",
        True,
        "Aéroline Systèmes",
        "Head of Engineering",
        "engineering",
        4,
    ),
    "target_buyer": PlantedPerson(
        "Hélène", "Marchand", True, "Aéroline Systèmes", "Acheteuse senior", "purchasing", 2
    ),
    "expert": PlantedPerson(
        "Inès",
        "Moreau",
        True,
        "Thales",
        "RSSI – Responsable de la sécurité des systèmes d'information",
        "cyber",
        4,
    ),
    "decoy": PlantedPerson("Paul", "Girard", False, "CyberSécurité Conseil SAS", "Commercial", "sales", 1),
    "namesake": PlantedPerson("Thomas", "Martin", False, "Orange", "Chef de projet", "general", 2),
    "namesake_twin": PlantedPerson("Thomas", "Martin", False, "Capgemini", "Data Engineer", "data", 1),
}
PLANTED_MEMBERS: dict[str, PlantedMember] = {
    "user": PlantedMember("Camille", "Rousseau", True, "Responsable grands comptes", "sales", 3),
    "introducer": PlantedMember("David", "Nguyen", False, "Directeur des partenariats", "sales", 4),
    "weak_introducer": PlantedMember("Kevin", "Lambert", False, "Business Developer", "sales", 1),
}
EXPERT_GROUP = "Cybersécurité & Sécurité informatique France"


def planted_slots(members: int) -> dict[str, int]:
    """Pool index of every planted person: members first, then the planted non-members."""
    slots = {"user": 0}
    if members >= 2:
        slots["introducer"] = 1
    if members >= 3:
        slots["weak_introducer"] = members - 1
    for offset, key in enumerate(PLANTED_PEOPLE):
        slots[key] = members + offset
    return slots


def planted_positions(key: str, team: str, title: str) -> list[Position]:
    """Career histories that make the stories true (David and Zoé were colleagues at Safran, ...):
    ``team`` is the team's employer, ``title`` the member's current title."""

    def day(year: int, month: int) -> int:
        return ordinal(year, month, 1)

    paris = LOCATIONS[0][0]
    histories = {
        "user": [
            (team, title, paris, day(2019, 3), None),
            ("Capgemini", "Ingénieure d'affaires", paris, day(2014, 9), day(2019, 2)),
            ("Orange", "Commerciale", paris, day(2011, 6), day(2014, 8)),
        ],
        "introducer": [
            (team, title, paris, day(2019, 1), None),
            ("Safran", "Responsable achats", paris, day(2012, 4), day(2018, 12)),
            ("Thales", "Acheteur", paris, day(2008, 9), day(2012, 3)),
        ],
        "weak_introducer": [
            (team, title, paris, day(2026, 10), None),
            ("Prospectia", "Sales Development Representative", paris, day(2024, 5), day(2026, 9)),
            ("Sopra Steria", "Commercial", paris, day(2022, 9), day(2024, 4)),
        ],
    }
    return histories[key]


@dataclass
class PlantedTie:
    """A scripted tie of a member: the facts the scenarios promise, nothing random.

    ``day`` 0 marks a teammate, whose connection and thread already come from the team ties.
    """

    person: int
    day: int
    sent: int = 0
    received: int = 0
    last_active: int | None = None
    recommends: bool = False
    endorsed_by: tuple[str, ...] = ()
    endorses: tuple[str, ...] = ()
    invited_on: int | None = None
    outgoing: bool = True
    texts: tuple[str, ...] = MESSAGES


def planted_ties(slots: dict[str, int], members: int, member: int) -> list[PlantedTie]:
    """The scenario ties of ``member`` (``slots``: pool index of each planted person); ties to
    teammates only add endorsements and recommendations."""
    if members < 3:
        return []
    s, last, d = slots, members - 1, ordinal
    others = list(range(2, last)) or [1]
    ties: dict[int, list[PlantedTie]] = {m: [] for m in range(members)}
    ties[0] += [
        PlantedTie(s["introducer"], 0, recommends=True, endorsed_by=("Négociation",), endorses=("Achats",)),
        PlantedTie(s["decoy"], d(2024, 3, 14)),
        PlantedTie(s["namesake"], d(2017, 6, 2), sent=2, received=3),
    ]
    ties[1] += [
        PlantedTie(s["user"], 0, recommends=True, endorsed_by=("Achats",), endorses=("Négociation",)),
        PlantedTie(
            s["target"],
            d(2018, 5, 14),
            sent=19,
            received=17,
            last_active=NOW_DAY - 4,
            recommends=True,
            endorsed_by=("Achats", "Négociation"),
            texts=TARGET_TEXTS,
        ),
        PlantedTie(
            s["expert"],
            d(2020, 9, 8),
            sent=7,
            received=6,
            endorsed_by=("Cybersécurité",),
            endorses=("Cybersécurité", "ISO 27001", "Sécurité informatique"),
            texts=EXPERT_TEXTS,
        ),
        PlantedTie(s["target_buyer"], d(2017, 2, 20), sent=3, received=2),
    ]
    ties[last].append(PlantedTie(s["target"], d(2026, 10, 20), invited_on=d(2026, 10, 19)))
    ties[others[0]].append(PlantedTie(s["target_vp_sales"], d(2022, 11, 3), sent=4, received=5))
    ties[others[-1]].append(PlantedTie(s["target_head_engineering"], d(2021, 4, 12), sent=1, received=2))
    if members >= 5:
        ties[3].append(PlantedTie(s["expert"], d(2023, 1, 17), sent=2, received=2))
    return ties[member]


def planted_memberships(slots: dict[str, int], members: int, group: str) -> list[tuple[int, str, int]]:
    """(person, role, posts) the scenarios promise in ``group``: Inès owns the cyber group with many posts."""
    if members < 3:
        return []
    return {
        EXPERT_GROUP: [(slots["expert"], "owner", 412)],
        "Achats & Supply Chain": [(slots["target"], "manager", 57)],
        "Sales Leaders": [(slots["decoy"], "member", 3), (slots["target_vp_sales"], "member", 12)],
    }.get(group, [])
