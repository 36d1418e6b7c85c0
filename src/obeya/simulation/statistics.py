"""Figures of replications, their means and Student-t 95 % confidence intervals.

A figure that has no value in a replication (a cycle time with no part finished) is NaN
there; estimates skip NaN replications and are None when no replication has a value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

LINE_FIGURES = ("throughput", "wip", "cycle_time", "lost_arrivals", "scrap")
STATION_FIGURES = (
    "utilization", "blocked", "starved", "down", "setup",
    "throughput", "wip", "cycle_time", "queue_length", "queue_time",
)  # fmt: skip


@dataclass(frozen=True)
class ReplicationFigures:
    """What one replication measured: line figures and one mapping per station."""

    line: dict[str, float]
    stations: tuple[dict[str, float], ...]


@dataclass(frozen=True)
class Estimate:
    """A mean over replications with its 95 % confidence interval (None: undefined)."""

    mean: float | None
    low: float | None
    high: float | None
    standard_error: float | None

    def as_json(self) -> dict[str, object]:
        """`{"mean": m, "ci95": [lo, hi]}`; `ci95` is null with fewer than 2 values."""
        ci95 = None if self.low is None else [_rounded(self.low), _rounded(self.high)]
        return {"mean": _rounded(self.mean), "ci95": ci95}


def estimate(values: Sequence[float]) -> Estimate:
    """Mean and Student-t 95 % confidence interval of `values` (NaN values skipped)."""
    kept = [value for value in values if not math.isnan(value)]
    if not kept:
        return Estimate(None, None, None, None)
    mean = math.fsum(kept) / len(kept)
    if len(kept) < 2:
        return Estimate(mean, None, None, None)
    variance = math.fsum((value - mean) ** 2 for value in kept) / (len(kept) - 1)
    standard_error = math.sqrt(variance / len(kept))
    half_width = t_quantile_975(len(kept) - 1) * standard_error
    return Estimate(mean, mean - half_width, mean + half_width, standard_error)


def t_quantile_975(degrees_of_freedom: int) -> float:
    """The 97.5 % quantile of Student's t distribution (two-sided 95 % interval)."""
    from scipy.stats import t

    return float(t.ppf(0.975, degrees_of_freedom))


@dataclass(frozen=True)
class Summary:
    """Estimates over replications for the line and for every station (by id)."""

    replications: int
    line: dict[str, Estimate]
    stations: tuple[tuple[str, dict[str, Estimate]], ...]

    def as_json(self) -> dict[str, object]:
        """The answer of `obeya simulate LINE.yaml --json` (CONTRACTS.md section 6)."""
        answer: dict[str, object] = {"replications": self.replications}
        answer.update({name: value.as_json() for name, value in self.line.items()})
        answer["stations"] = [
            {"id": station_id, **{name: value.as_json() for name, value in figures.items()}}
            for station_id, figures in self.stations
        ]
        return answer


def summarize(station_ids: Sequence[str], runs: Sequence[ReplicationFigures]) -> Summary:
    """Estimates of every line and station figure over the replications `runs`.

    The figures are those of the first run (the contract's, plus calendar figures when
    the line has shifts), in its order.
    """
    line_names = list(runs[0].line) if runs else list(LINE_FIGURES)
    station_names = list(runs[0].stations[0]) if runs else list(STATION_FIGURES)
    line = {name: estimate([run.line[name] for run in runs]) for name in line_names}
    stations = tuple(
        (
            station_id,
            {name: estimate([run.stations[i][name] for run in runs]) for name in station_names},
        )
        for i, station_id in enumerate(station_ids)
    )
    return Summary(len(runs), line, stations)


def paired_difference(
    name: str, base: Sequence[ReplicationFigures], other: Sequence[ReplicationFigures]
) -> Estimate:
    """Mean and 95 % CI of `other - base` for a line figure, paired by replication."""
    pairs = zip(base, other, strict=True)
    return estimate([other_run.line[name] - base_run.line[name] for base_run, other_run in pairs])


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
