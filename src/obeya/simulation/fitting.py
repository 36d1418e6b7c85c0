"""Distributions fitted to observed durations, answered as line-file distributions.

`fit_durations(values)` fits exponential, lognormal and gamma by maximum likelihood
and ranks them by the Kolmogorov–Smirnov statistic D (the largest distance between the
empirical and the fitted distribution function; smaller is better). The answer also
carries the observed values as an `empirical` distribution, in the line file's
notation (docs/simulation.md, "Distributions"): `exponential {mean}`, `lognormal {mean,
sd}` of the time itself, `gamma {mean, cv}`.

`up_and_repair_times(intervals)` turns a machine's state intervals into the samples the
line engine's operation-dependent failures need: working time between unplanned stops
and the length of each unplanned stop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

EMPIRICAL_LIMIT = 200  # at most this many values in an `empirical` snippet (evenly spaced)


@dataclass(frozen=True)
class Fit:
    """One fitted distribution: its line-file form and its KS statistic D (0..1)."""

    distribution: dict[str, object]
    ks_statistic: float


@dataclass(frozen=True)
class DurationFit:
    """Every candidate fit of one sample, best (smallest D) first, and the sample."""

    count: int
    mean: float
    fits: tuple[Fit, ...]
    empirical: dict[str, object]

    @property
    def best(self) -> Fit:
        """The candidate with the smallest KS statistic."""
        return self.fits[0]

    def as_json(self) -> dict[str, object]:
        """JSON-ready: count, mean, best, every candidate with D, the empirical form."""
        return {
            "count": self.count,
            "mean": round(self.mean, 6),
            "best": self.best.distribution,
            "candidates": [
                {**fit.distribution, "ks_statistic": round(fit.ks_statistic, 6)}
                for fit in self.fits
            ],
            "empirical": self.empirical,
        }


def fit_durations(values: Sequence[float]) -> DurationFit:
    """Fit exponential, lognormal and gamma to positive `values`; rank them by KS D.

    Raises:
        ValueError: with fewer than 2 values or a value <= 0.
    """
    sample = np.asarray(values, dtype=float)
    if sample.size < 2 or bool(np.any(sample <= 0)):
        raise ValueError("need at least 2 durations, all > 0")
    fits = sorted(
        (_exponential(sample), _lognormal(sample), _gamma(sample)),
        key=lambda fit: fit.ks_statistic,
    )
    return DurationFit(int(sample.size), float(sample.mean()), tuple(fits), _empirical(sample))


def _ks(sample: np.ndarray, frozen: object) -> float:
    return float(stats.kstest(sample, frozen.cdf).statistic)  # type: ignore[attr-defined]


def _exponential(sample: np.ndarray) -> Fit:
    mean = float(sample.mean())
    return Fit({"dist": "exponential", "mean": _round(mean)}, _ks(sample, stats.expon(0, mean)))


def _lognormal(sample: np.ndarray) -> Fit:
    logs = np.log(sample)
    mu, sigma = float(logs.mean()), float(logs.std())
    mean = math.exp(mu + sigma * sigma / 2)
    sd = mean * math.sqrt(math.expm1(sigma * sigma))
    frozen = stats.lognorm(max(sigma, 1e-12), 0, math.exp(mu))
    return Fit({"dist": "lognormal", "mean": _round(mean), "sd": _round(sd)}, _ks(sample, frozen))


def _gamma(sample: np.ndarray) -> Fit:
    """Maximum likelihood; equal values (no spread) answer the constant `cv: 0`, D = 0."""
    if float(sample.std()) <= 1e-9 * float(sample.mean()):
        return Fit({"dist": "gamma", "mean": _round(float(sample.mean())), "cv": 0.0}, 0.0)
    try:
        shape, _, scale = stats.gamma.fit(sample, floc=0)
    except (ValueError, RuntimeError):  # the solver failed: method of moments instead
        shape = float(sample.mean() / sample.std()) ** 2
        scale = float(sample.mean()) / shape
    mean, cv = shape * scale, 1 / math.sqrt(shape)
    frozen = stats.gamma(shape, 0, scale)
    return Fit({"dist": "gamma", "mean": _round(mean), "cv": _round(cv)}, _ks(sample, frozen))


def _empirical(sample: np.ndarray) -> dict[str, object]:
    ordered = np.sort(sample)
    if ordered.size > EMPIRICAL_LIMIT:
        picks = np.linspace(0, ordered.size - 1, EMPIRICAL_LIMIT).round().astype(int)
        ordered = ordered[picks]
    return {"dist": "empirical", "values": [_round(float(value)) for value in ordered]}


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def up_and_repair_times(
    states: Sequence[tuple[str, float]],
) -> tuple[list[float], list[float]]:
    """Working time between unplanned stops and stop lengths, from (state, seconds) runs.

    `states` is a machine's state intervals in time order (state name, duration). A
    repair is a maximal run of consecutive `down` intervals; the up time before it is the
    `running` time since the previous repair ended (operation-dependent failures, as in
    the line engine). The up time before the first stop and a stop still open at the
    end are censored by the window and left out.
    """
    up_times: list[float] = []
    repair_times: list[float] = []
    working: float | None = None  # None until the first repair ends
    down: float | None = None
    censored = bool(states) and states[0][0] == "down"  # began before the window
    for state, seconds in states:
        if state == "down":
            if down is None and working is not None:
                up_times.append(working)
            down = (down or 0.0) + seconds
            continue
        if down is not None:
            if not censored:
                repair_times.append(down)
            down, working, censored = None, 0.0, False
        if state == "running" and working is not None:
            working += seconds
    return [value for value in up_times if value > 0], repair_times
