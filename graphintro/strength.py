"""Tie strength: how likely an introduction through a link is to work, and the evidence for it.

Model. Gilbert & Karahalios (2009, "Predicting tie strength with social media") found recency of
contact, intimacy, intensity and duration the best predictors of tie strength, with structural
features (mutual friends) next; Granovetter (1973) defines strength as "a combination of the amount
of time, the emotional intensity, the intimacy and the reciprocal services". We follow them with a
logistic model over the evidence an export holds::

    z = base
        + duration    * min(years connected, 10) / 10                      (duration)
        + messages    * min(log(1 + messages) / log(1 + 50), 1)            (intensity)
        + reciprocity * min(sent, received) / max(sent, received)          (intimacy: both ways)
        + recency     * exp(-days since last message / 180)                (recency)
        + endorsements* min(endorsements, 5) / 5                           (reciprocal services)
        + recommendation * [a recommendation exists]                       (intimacy, services)
        + invitation_note * [the invitation came with a personal message]
        + shared_employer * [both worked at the same company]
        + teammates   * [both are members of the team]
        + shared_groups * min(groups in common, 3) / 3
        + mutual      * min(log(1 + mutual contacts) / log(1 + 20), 1)     (structure)
    strength = 1 / (1 + exp(-z))

``base`` is ``connected_base`` for a real connection (or any message or endorsement between the
two) and ``inferred_base`` for a tie only inferred from a shared current company or group, so that
inferred ties stay weak. An invitation nobody accepted is no connection: unless the invitee
wrote back, that tie takes ``inferred_base`` and the inviter's messages do not count (LinkedIn
repeats an invitation's note as a message). A manual rating (``graphintro tie rate A B 1..5``) overrides everything:
1 → 0.1, 2 → 0.3, 3 → 0.5, 4 → 0.7, 5 → 0.9. Dates are measured against the export that tells
about the tie (``member_exports.tie_reference``: the newest export of a member at either end, else the
store's latest export), so the same data always gives the same strengths, and an export made earlier
than a teammate's is not made older by it.

The weights live in ``DEFAULT_WEIGHTS`` and can be overridden by the ``[strength]`` table of the
config file (``$GRAPHINTRO_CONFIG``, else ``~/.config/graphintro/config.toml``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

# config_path: importable from here, where it was first.
from graphintro.config import ConfigError, config_path, config_table

DEFAULT_WEIGHTS: dict[str, float] = {
    "connected_base": -1.6,
    "inferred_base": -3.2,
    "duration": 1.0,
    "messages": 2.0,
    "reciprocity": 0.6,
    "recency": 1.2,
    "endorsements": 0.6,
    "recommendation": 1.0,
    "invitation_note": 0.4,
    "shared_employer": 0.8,
    "teammates": 1.0,
    "shared_groups": 0.5,
    "mutual": 0.8,
    "recency_days": 180.0,
}
RATING_STRENGTH = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}
# Strengths stay inside (0, 1]: -log(strength) is a path cost, so zero would be an infinite one.
MIN_STRENGTH = 1e-4
# Mutual contacts count up to this many (``mutual_term``): a catch-up counts no further
# (``graph.catchup``), as the term is the same from there.
MUTUAL_SATURATES = 20


def load_weights(path: Path | None = None) -> dict[str, float]:
    """Default weights, overridden by the ``[strength]`` table of the config file if there is one."""
    weights = dict(DEFAULT_WEIGHTS)
    path = path or config_path()
    for key, value in config_table("strength", path).items():
        if key not in weights or not isinstance(value, (int, float)):
            raise ConfigError(path, f"[strength] {key}: unknown weight or not a number")
        weights[key] = float(value)
    return weights


@dataclass
class TieFeatures:
    """Everything the store knows about the link between two people."""

    connected: bool = False
    connected_on: str | None = None
    sent: int = 0  # messages from the lower person id to the higher one
    received: int = 0  # messages the other way
    last_message: str | None = None
    endorsements: int = 0
    endorsement_skills: list[str] = field(default_factory=list)
    recommendations: list[tuple[int, int, str]] = field(
        default_factory=list
    )  # (recommender, recommended, year)
    invitation_note: bool = False
    invited_by_low: bool = False  # the lower person id sent an invitation to the higher one
    invited_by_high: bool = False
    shared_employers: list[str] = field(default_factory=list)
    teammates: bool = False
    shared_groups: list[str] = field(default_factory=list)
    same_company: str = ""  # inferred: both currently at this company
    mutual: int = 0
    rating: int | None = None
    rating_note: str = ""

    @property
    def messages(self) -> int:
        return self.sent + self.received

    @property
    def pending_invitation(self) -> bool:
        """One of the two invited the other, who never accepted: not a connection (crossed
        invitations, each inviting the other, are no refusal)."""
        return not self.connected and self.invited_by_low != self.invited_by_high

    @property
    def direct(self) -> bool:
        """A real tie (a connection or an exchange), as opposed to one inferred from a shared context.

        An invitation nobody accepted is none, even with its note (LinkedIn repeats the note as a
        message): only something coming back from the invitee makes an exchange of it."""
        if self.connected:
            return True
        if self.pending_invitation:
            answers = self.received if self.invited_by_low else self.sent
            return answers > 0 or self.endorsements > 0 or bool(self.recommendations)
        return self.messages > 0 or self.endorsements > 0 or bool(self.recommendations)


def _days_between(earlier: str | None, later: date) -> float | None:
    day = _day(earlier) if earlier else None
    return None if day is None else max(0.0, (later - day).days)


@lru_cache(maxsize=1 << 16)
def _day(text: str) -> date | None:
    """The date an ISO date or date-time starts with: a million ties share a few thousand days."""
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def tie_strength(features: TieFeatures, weights: dict[str, float], as_of: date) -> float:
    """Strength in (0, 1] of one tie (formula in the module docstring)."""
    if features.rating is not None:
        return RATING_STRENGTH[features.rating]
    return strength_of(tie_logit(features, weights, as_of) + mutual_term(features.mutual, weights))


def tie_logit(features: TieFeatures, weights: dict[str, float], as_of: date) -> float:
    """The tie's logit without its mutual contacts, the one term that depends on ties other than this
    one: the graph cache keeps it, so that a tie whose mutual count alone changed is scored again
    without reading the store (``strength_of(logit + mutual_term(...))``, bit for bit ``tie_strength``'s
    sum, which adds the mutual term last). A rated tie has its rating's strength instead."""
    w = weights
    z = w["connected_base"] if features.direct or features.teammates else w["inferred_base"]
    days = _days_between(features.connected_on, as_of)
    if days is not None:
        z += w["duration"] * min(days / 365.25, 10) / 10
    if features.messages and not (features.pending_invitation and not features.direct):
        # (the messages of an invitation nobody answered are its own note, repeated: no exchange)
        z += w["messages"] * min(math.log1p(features.messages) / math.log1p(50), 1)
        z += w["reciprocity"] * min(features.sent, features.received) / max(features.sent, features.received)
        since = _days_between(features.last_message, as_of)
        if since is not None:
            z += w["recency"] * math.exp(-since / w["recency_days"])
    z += w["endorsements"] * min(features.endorsements, 5) / 5
    z += w["recommendation"] * bool(features.recommendations)
    z += w["invitation_note"] * features.invitation_note
    z += w["shared_employer"] * bool(features.shared_employers)
    z += w["teammates"] * features.teammates
    z += w["shared_groups"] * min(len(features.shared_groups), 3) / 3
    return z


def day_number(text: str | None) -> int:
    """The proleptic ordinal of the day an ISO date or date-time starts with (as ``_days_between``
    reads it), 0 for none or one that is no date."""
    day = _day(text) if text else None
    return 0 if day is None else day.toordinal()


def tie_logits(columns: dict, weights: dict[str, float], reference):
    """``tie_logit`` of many ties at once, bit for bit: numpy arrays of the features (``columns``:
    ``direct``, ``teammates``, ``pending_invitation``, ``connected_day`` and ``last_message_day``
    as ``day_number``s, ``sent``, ``received``, ``endorsements``, ``recommended``,
    ``invitation_note``, ``shared_employer``, ``shared_groups`` counted) and each tie's reference
    day (``date.toordinal``).

    The same float operations in the same order: each term is added where ``tie_logit`` adds it
    (``np.where``, never a zero added in its place), additions, products, quotients and ``min``
    are IEEE-exact in numpy as in Python, and the terms with a logarithm or an exponential are
    computed by ``math`` on each distinct count or number of days (a few thousand), then looked up."""
    import numpy as np

    w, c = weights, columns
    z = np.where(c["direct"] | c["teammates"], w["connected_base"], w["inferred_base"])
    dated = c["connected_day"] > 0
    days = np.maximum(0.0, (reference - c["connected_day"]).astype(np.float64))
    z = np.where(dated, z + w["duration"] * np.minimum(days / 365.25, 10.0) / 10.0, z)
    sent, received = c["sent"], c["received"]
    messages = sent + received
    talked = (messages > 0) & ~(c["pending_invitation"] & ~c["direct"])
    z = np.where(
        talked, z + _looked_up(messages, lambda m: w["messages"] * min(math.log1p(m) / math.log1p(50), 1)), z
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        both = (w["reciprocity"] * np.minimum(sent, received).astype(np.float64)) / np.maximum(
            sent, received
        ).astype(np.float64)
    z = np.where(talked, z + both, z)
    recent = talked & (c["last_message_day"] > 0)
    since = np.where(recent, reference - c["last_message_day"], 0)
    z = np.where(
        recent,
        z + _looked_up(since, lambda d: w["recency"] * math.exp(-max(0.0, d) / w["recency_days"])),
        z,
    )
    z = z + w["endorsements"] * np.minimum(c["endorsements"], 5).astype(np.float64) / 5.0
    z = z + w["recommendation"] * c["recommended"].astype(np.float64)
    z = z + w["invitation_note"] * c["invitation_note"].astype(np.float64)
    z = z + w["shared_employer"] * c["shared_employer"].astype(np.float64)
    z = z + w["teammates"] * c["teammates"].astype(np.float64)
    return z + w["shared_groups"] * np.minimum(c["shared_groups"], 3).astype(np.float64) / 3.0


def strengths_of(logits, mutual, weights: dict[str, float]):
    """``strength_of(logit + mutual_term(mutual))`` of many ties, bit for bit (``math`` on each
    distinct value, looked up)."""
    total = logits + _looked_up(mutual, lambda m: mutual_term(m, weights))
    return _looked_up(total, strength_of)


def _looked_up(values, function):
    """``function`` of each value, computed once per distinct value by the scalar code."""
    import numpy as np

    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([function(v) for v in distinct.tolist()], dtype=np.float64)[inverse.ravel()]


def mutual_term(mutual: int, weights: dict[str, float]) -> float:
    """The logit's term for ``mutual`` mutual contacts (structure: Granovetter's overlap)."""
    return weights["mutual"] * min(math.log1p(mutual) / math.log1p(MUTUAL_SATURATES), 1)


def strength_of(logit: float) -> float:
    """The strength a logit stands for, kept within [MIN_STRENGTH, 1]."""
    return max(MIN_STRENGTH, min(1.0, 1 / (1 + math.exp(-logit))))


def rate_tie(store, a: int, b: int, rating: int, note: str = "") -> float:
    """Record a manual rating of the tie a–b (1..5) and return the strength it stands for."""
    from graphintro.errors import UsageError
    from graphintro.store import now_iso

    if rating not in RATING_STRENGTH:
        raise UsageError("a rating is 1, 2, 3, 4 or 5")
    if a == b:
        raise UsageError("a tie needs two different people")
    low, high = sorted((a, b))
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO tie_ratings (a_id, b_id, rating, note, rated_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT(a_id, b_id) DO UPDATE SET rating = excluded.rating, note = excluded.note,"
            " rated_at = excluded.rated_at",
            (low, high, rating, note, now_iso()),
        )
    return RATING_STRENGTH[rating]


def tie_evidence(features: TieFeatures, as_of: date, names: dict[int, str] | None = None) -> list[str]:
    """The tie's evidence as short sentences a person reads ("62 messages, last on 2026-09-20")."""
    names = names or {}
    said: list[str] = []
    if features.rating is not None:
        note = f": {features.rating_note}" if features.rating_note else ""
        said.append(f"rated {features.rating}/5 by hand{note}")
    if features.teammates:
        said.append("teammates")
    if features.connected:
        if features.connected_on:
            days = int(_days_between(features.connected_on, as_of) or 0)
            years = days / 365.25  # for the wording only: days stay whole (no round trip through years)
            age = f"{years:.0f} years" if years >= 1.5 else ("1 year" if years >= 0.75 else f"{days} days")
            said.append(f"connected since {features.connected_on[:10]} ({age})")
        else:
            said.append("connected")
    if features.messages:
        both = " both ways" if features.sent and features.received else ""
        last = f", last on {features.last_message[:10]}" if features.last_message else ""
        said.append(f"{features.messages} message{'s' * (features.messages > 1)}{both}{last}")
    if features.endorsements:
        skills = ", ".join(sorted(set(features.endorsement_skills))[:3])
        said.append(
            f"{features.endorsements} endorsement{'s' * (features.endorsements > 1)}"
            + (f" ({skills})" if skills else "")
        )
    for recommender, recommended, year in features.recommendations:
        said.append(
            f"{names.get(recommender, 'one')} recommended {names.get(recommended, 'the other')}"
            + (f" in {year}" if year else "")
        )
    if features.invitation_note:
        said.append("invitation with a personal message")
    if features.pending_invitation:
        said.append("invitation not accepted")
    for company in features.shared_employers[:2]:
        said.append(f"both worked at {company}")
    if features.same_company and not features.direct:
        said.append(f"both at {features.same_company} (inferred)")
    if features.shared_groups:
        groups = ", ".join(features.shared_groups[:2]) + ("…" if len(features.shared_groups) > 2 else "")
        said.append(
            f"{len(features.shared_groups)} group{'s' * (len(features.shared_groups) > 1)} in common: {groups}"
        )
    if features.mutual:
        said.append(f"{features.mutual} mutual contact{'s' * (features.mutual > 1)}")
    return said
