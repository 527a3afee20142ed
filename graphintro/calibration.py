"""Learning from outcomes: how well the path probabilities predict introductions, and their calibration.

Every closed ask is a label: the model said ``p`` (the path's probability when the ask was made),
and the introduction happened (outcome ``introduced``, ``met`` or ``won``) or not (``declined``,
``no-reply``); a cancelled ask was never sent and is no label.

``calibration_table`` groups the labels by decile of ``p`` and gives the expected calibration error
(Naeini, Cooper & Hauskrecht 2015; Guo et al. 2017)::

    ECE = Σ_b (n_b / N) · | observed rate_b − mean predicted_b |

From ``MIN_ASKS`` (20) labels on, path probabilities are calibrated on the team's own outcomes by
Platt scaling (Platt 1999) on the model's log-odds, fitted by maximum a posteriori with a Gaussian
prior centred on "the model is right" (slope 1, intercept 0)::

    calibrated(p) = σ(a · logit(p) + b),   (a, b) = argmin  −Σ log-likelihood + (λ / 2) · ((a − 1)² + b²)

with ``λ = PRIOR_STRENGTH``: a few outcomes move the figures little, hundreds move them to what the
team observes. ``a`` is kept positive, so the calibration is monotone: it never changes which path
is best, only the figure shown. The fit uses ``scipy.optimize.minimize`` (L-BFGS-B).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graphintro.answers import CalibrationDecile, CalibrationResult

HAPPENED = ("introduced", "met", "won")
NOT_HAPPENED = ("declined", "no-reply")
MIN_ASKS = 20
PRIOR_STRENGTH = 20.0
_EDGE = 1e-4  # probabilities are clipped into [_EDGE, 1 − _EDGE] before their log-odds


def _logit(p: float) -> float:
    p = min(max(p, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


@dataclass
class Calibration:
    """A fitted monotone map from the model's probability to the one the team observes."""

    slope: float = 1.0
    intercept: float = 0.0
    labels: int = 0

    @property
    def active(self) -> bool:
        return self.labels >= MIN_ASKS

    def __call__(self, p: float) -> float:
        """The calibrated probability (the model's own while fewer than ``MIN_ASKS`` labels exist)."""
        if not self.active:
            return p
        return 1 / (1 + math.exp(-(self.slope * _logit(p) + self.intercept)))


def fit_calibration(
    predicted: list[float], happened: list[bool], prior: float = PRIOR_STRENGTH
) -> Calibration:
    """Platt scaling with a Gaussian prior around the identity (formula in the module docstring)."""
    import numpy as np
    from scipy.optimize import minimize

    if not predicted:
        return Calibration()
    x = np.array([_logit(p) for p in predicted])
    y = np.array(happened, dtype=float)

    def loss(params):
        a, b = params
        z = a * x + b
        # −log-likelihood of Bernoulli(σ(z)), written with logaddexp to stay finite
        nll = np.sum(np.logaddexp(0, z) - y * z)
        grad_z = 1 / (1 + np.exp(-z)) - y
        penalty = prior / 2 * ((a - 1) ** 2 + b**2)
        return nll + penalty, np.array([np.sum(grad_z * x) + prior * (a - 1), np.sum(grad_z) + prior * b])

    fitted = minimize(
        loss, x0=np.array([1.0, 0.0]), jac=True, method="L-BFGS-B", bounds=[(0.05, 20.0), (-20.0, 20.0)]
    )
    return Calibration(float(fitted.x[0]), float(fitted.x[1]), len(predicted))


def outcomes(store) -> tuple[list[float], list[bool]]:
    """The labels: (the model's probability when asked, whether the introduction happened) of each
    closed ask with an outcome (cancelled asks are none)."""
    marks = ",".join("?" * (len(HAPPENED) + len(NOT_HAPPENED)))
    rows = store.conn.execute(
        f"SELECT probability, outcome FROM asks WHERE status = 'closed' AND outcome IN ({marks}) ORDER BY id",
        HAPPENED + NOT_HAPPENED,
    ).fetchall()
    return [float(p) for p, _ in rows], [outcome in HAPPENED for _, outcome in rows]


def store_calibration(store) -> Calibration:
    """The calibration fitted on the store's closed asks (inactive below ``MIN_ASKS``)."""
    predicted, happened = outcomes(store)
    if len(predicted) < MIN_ASKS:
        return Calibration(labels=len(predicted))
    return fit_calibration(predicted, happened)


def expected_calibration_error(predicted: list[float], happened: list[bool], bins: int = 10) -> float | None:
    """ECE over ``bins`` equal-width bins of predicted probability (None without labels)."""
    if not predicted:
        return None
    total = 0.0
    for rows in _deciles(predicted, happened, bins):
        if rows:
            total += len(rows) * abs(
                sum(h for _, h in rows) / len(rows) - sum(p for p, _ in rows) / len(rows)
            )
    return total / len(predicted)


def _deciles(predicted: list[float], happened: list[bool], bins: int = 10) -> list[list[tuple[float, bool]]]:
    grouped: list[list[tuple[float, bool]]] = [[] for _ in range(bins)]
    for p, h in zip(predicted, happened, strict=False):
        grouped[min(int(p * bins), bins - 1)].append((p, h))
    return grouped


def calibration_table(store) -> CalibrationResult:
    """``graphintro calibration --json``: ``{"calibration": {"closed_asks", "introduced", "ece",
    "calibrated_ece", "active", "min_asks", "slope", "intercept", "deciles": [{"from", "to", "asks",
    "introduced", "observed", "predicted"}]}}`` (``observed``/``predicted``: null for an empty decile;
    ``calibrated_ece``: the ECE of the calibrated figures on the same asks, null until active)."""
    predicted, happened = outcomes(store)
    calibration = store_calibration(store)
    deciles: list[CalibrationDecile] = []
    for index, rows in enumerate(_deciles(predicted, happened)):
        deciles.append(
            {
                "from": index / 10,
                "to": (index + 1) / 10,
                "asks": len(rows),
                "introduced": sum(h for _, h in rows),
                "observed": round(sum(h for _, h in rows) / len(rows), 4) if rows else None,
                "predicted": round(sum(p for p, _ in rows) / len(rows), 4) if rows else None,
            }
        )
    ece = expected_calibration_error(predicted, happened)
    calibrated = (
        expected_calibration_error([calibration(p) for p in predicted], happened)
        if calibration.active
        else None
    )
    return {
        "calibration": {
            "closed_asks": len(predicted),
            "introduced": sum(happened),
            "ece": round(ece, 4) if ece is not None else None,
            "calibrated_ece": round(calibrated, 4) if calibrated is not None else None,
            "active": calibration.active,
            "min_asks": MIN_ASKS,
            "slope": round(calibration.slope, 4),
            "intercept": round(calibration.intercept, 4),
            "deciles": deciles,
        }
    }
