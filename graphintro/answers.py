"""Typed answers of the questions: what ``path`` and ``experts`` return, down to each item.

Two levels, both the JSON contract that ``--json`` prints (the README documents its fields):

- the **items** (a path with its people and links, an expert, a connector, a group, a load note, a
  suggestion) are ``TypedDict``\\ s: ``paths.introductions`` and ``experts.find_experts`` build
  them as the plain dicts they always were, so ``json.dumps`` writes them byte for byte as before
  and every reader (``answer["people"]``) is unchanged, while mypy checks each key and its type;
- the **answers** (``PathAnswer``, ``ExpertsAnswer``; ``quality.TeamScores`` is the third) are
  dataclasses, which the workspace returns and ``graphintro.render.render_answer`` dispatches on
  (one renderer per type); their ``to_dict()`` keeps the library's keys in the library's order.

This module imports nothing of graphintro: the algorithms below it and every client above can
name these shapes. No ``from __future__ import annotations`` here: ``TypedDict`` reads
``NotRequired`` from the evaluated annotations (``__optional_keys__``).
"""

from dataclasses import dataclass
from typing import NotRequired, TypedDict

# -- the items ----------------------------------------------------------------------------------


class Who(TypedDict):
    """A person named in an answer: the id to act on (``#12``) and the name to show."""

    id: int
    name: str


class PathPerson(TypedDict):
    """A person on a path, with what the terminal line shows of them (either may be empty)."""

    id: int
    name: str
    company: str | None
    position: str | None


class Link(TypedDict):
    """One link of a path: its strength (0..1, rounded to 6 places) and why, in sentences."""

    strength: float
    evidence: list[str]


# "from" is a keyword: the functional form of TypedDict.
WeakestLink = TypedDict("WeakestLink", {"from": Who, "to": Who, "strength": float})


class IntroducerLoad(TypedDict):
    """The asks already made of a path's introducer (``load.IntroducerLoad.to_dict``); ``note``:
    why they were ranked lower, when they were."""

    open_asks: int
    recent_asks: int
    over_budget: bool
    note: NotRequired[str]


class LoadNote(TypedDict):
    """An introducer over their ask budget who would have been among the answers, and who is next
    (``paths.describe_load_notes``)."""

    introducer: Who
    open_asks: int
    recent_asks: int
    next: Who | None
    note: str


class Suggestion(TypedDict):
    """How to create a (better) path (``suggestions.suggest``): the action, in words, for whom, and
    the estimated gain of probability."""

    action: str
    detail: str
    people: list[Who]
    gain: float


class Introduction(TypedDict):
    """One answer of ``path``: the chain of people from the asker (or a teammate) to the target, the
    links between them, the first ask, the teammate who owns the relationship, the introducer and
    the weakest link (``paths.describe_paths``).

    ``raw_probability``: the model's own figure, once calibration is active (``probability`` is then
    the calibrated one); ``load``: when asks were made of the introducer; ``spared``: in an account's
    answers only, why the account's best introducer was passed over (``accounts``)."""

    probability: float
    hops: int
    people: list[PathPerson]
    links: list[Link]
    ask: str
    teammate: Who | None
    introducer: Who
    weakest_link: WeakestLink
    raw_probability: NotRequired[float]
    load: NotRequired[IntroducerLoad]
    spared: NotRequired[LoadNote]


class PathResult(TypedDict):
    """What ``paths.introductions`` returns; ``PathAnswer`` is its typed answer."""

    paths: list[Introduction]
    load: NotRequired[list[LoadNote]]
    suggestions: NotRequired[list[Suggestion]]


class Connector(TypedDict):
    """Someone near a topic, not an expert of it (sells to it, works at a company named after it):
    their hub score and what matched."""

    id: int
    name: str
    company: str | None
    position: str | None
    score: float
    evidence: list[str]


class Expert(Connector):
    """An expert of the topic (or a teammate who knows it): the combined score, the evidence, the
    best introduction to them (``None``: none within the hops, or a teammate) and whether a member."""

    path: Introduction | None
    member: bool


class TopicGroup(TypedDict):
    """One of the topic's hubs: a group, its hub score, how many of the team's people are in it."""

    name: str
    score: float
    members: int


class ExpertsResult(TypedDict):
    """What ``experts.find_experts`` returns; ``ExpertsAnswer`` is its typed answer."""

    topic: str
    experts: list[Expert]
    team: list[Expert]
    connectors: list[Connector]
    groups: list[TopicGroup]


class AccountOwner(TypedDict):
    """A teammate who holds relationships at an account: how many of its people they know strongly,
    and their strongest tie there."""

    id: int
    name: str
    people: int
    strongest: float


class AccountCoverage(TypedDict):
    """One account of ``accounts``: who the team knows there, who owns the relationships, how well it
    is covered, and the best introductions to its people."""

    company: str
    people_known: int
    decision_makers: int
    owners: list[AccountOwner]
    single_threaded: bool
    coverage: float
    answers: list[Introduction]
    suggestions: list[Suggestion]


class AccountsResult(TypedDict):
    """What ``accounts.account_coverage`` returns (``accounts --json``), best covered first."""

    accounts: list[AccountCoverage]


class ContactRow(TypedDict):
    """A contact ``contacts`` lists (valuable or dormant): the tie, its worth, when it was last
    used, through which teammate, and why it is listed."""

    id: int
    name: str
    company: str | None
    position: str | None
    strength: float
    value: float
    last_message: str | None
    through: Who
    reasons: list[str]


class KeyPersonRisk(TypedDict):
    """An account whose strong ties all go through one teammate."""

    company: str
    member: Who
    people: int
    decision_makers: int
    target: bool


class MemberOverlap(TypedDict):
    """Two teammates and how much their contacts overlap (Jaccard)."""

    members: list[Who]
    shared: int
    jaccard: float


class ContactsResult(TypedDict):
    """What ``contacts.rank_contacts`` returns (``contacts --json``)."""

    owner: Who | None
    valuable: list[ContactRow]
    dormant: list[ContactRow]
    key_person_risk: list[KeyPersonRisk]
    overlaps: list[MemberOverlap]


class InboxItem(TypedDict):
    """Something a teammate has not answered: a message, an invitation or an ask, since when."""

    member: Who
    kind: str
    contact: Who
    since: str
    days: int


class InboxResult(TypedDict):
    """What ``inbox.waiting`` returns (``inbox --json``)."""

    inbox: list[InboxItem]


# "from" is a keyword: the functional form (as ``WeakestLink``)
CalibrationDecile = TypedDict(
    "CalibrationDecile",
    {
        "from": float,
        "to": float,
        "asks": int,
        "introduced": int,
        "observed": float | None,
        "predicted": float | None,
    },
)


class CalibrationSummary(TypedDict):
    """How the model's probabilities compared with the asks' outcomes, and the fit applied."""

    closed_asks: int
    introduced: int
    ece: float | None
    calibrated_ece: float | None
    active: bool
    min_asks: int
    slope: float
    intercept: float
    deciles: list[CalibrationDecile]


class CalibrationResult(TypedDict):
    """What ``calibration.calibration_table`` returns (``calibration --json``)."""

    calibration: CalibrationSummary


class AskMessages(TypedDict):
    """The drafted ask: the request to the introducer and the blurb to forward to the target."""

    to_introducer: str
    forwardable: str


class DraftedAsk(TypedDict):
    """An ask as recorded: who asks whom to introduce them to whom, through which path."""

    id: int
    requester: Who
    teammate: Who | None
    introducer: Who
    target: Who
    probability: float
    status: str
    created: str
    message: AskMessages
    path: Introduction


class AskResult(TypedDict):
    """What ``asks.make_ask`` returns (``ask --json``); ``load`` when the introducers have asks."""

    ask: DraftedAsk
    load: NotRequired[list[LoadNote]]


# -- the answers --------------------------------------------------------------------------------


@dataclass
class PathAnswer:
    """``path``: the ``k`` best warm introductions (``paths.introductions``), each with its people,
    links and their evidence; ``load``: the introducers ranked lower for being over their ask
    budget, and why; ``suggestions``: how to create a better answer, when the best is weak (or there
    is none)."""

    paths: list[Introduction]
    load: list[LoadNote] | None = None
    suggestions: list[Suggestion] | None = None

    @classmethod
    def from_dict(cls, data: PathResult) -> "PathAnswer":
        return cls(paths=data["paths"], load=data.get("load"), suggestions=data.get("suggestions"))

    def to_dict(self) -> PathResult:
        """``{"paths"}``, then ``"load"`` and ``"suggestions"`` when the answer has them."""
        found: PathResult = {"paths": self.paths}
        if self.load is not None:
            found["load"] = self.load
        if self.suggestions is not None:
            found["suggestions"] = self.suggestions
        return found


@dataclass
class ExpertsAnswer:
    """``experts``: outside experts of ``topic`` with the way to reach each, the teammates who
    know it, the connectors near it and the topic's groups (``experts.find_experts``)."""

    topic: str
    experts: list[Expert]
    team: list[Expert]
    connectors: list[Connector]
    groups: list[TopicGroup]

    @classmethod
    def from_dict(cls, data: ExpertsResult) -> "ExpertsAnswer":
        return cls(
            topic=data["topic"],
            experts=data["experts"],
            team=data["team"],
            connectors=data["connectors"],
            groups=data["groups"],
        )

    def to_dict(self) -> ExpertsResult:
        return {
            "topic": self.topic,
            "experts": self.experts,
            "team": self.team,
            "connectors": self.connectors,
            "groups": self.groups,
        }
