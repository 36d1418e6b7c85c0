"""The control chart answer model, and the phase I bookkeeping every chart shares.

A chart is computed from a sequence of points (subgroups in file order). Points marked
`estimate` (phase I, not excluded) estimate the limits; all other points are plotted
against those frozen limits. Phase I points that were excluded from the estimate stay
on the chart, marked `excluded`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from obeya.domain.errors import InputError

FloatArray = npt.NDArray[np.float64]
Detail = float | int | str | None

MINIMUM_PHASE_ONE_POINTS = 2
"""Fewest subgroups (or individual values) that may estimate control limits."""


@dataclass(frozen=True)
class ChartPoint:
    """One plotted point: its subgroup label, value, limits and phase (1 or 2).

    `extra` holds chart-specific figures (CUSUM sums, the subgroup size) rendered as
    further keys of the point.
    """

    subgroup: str
    value: float
    lcl: float | None
    ucl: float | None
    phase: int
    excluded: bool = False
    extra: Mapping[str, Detail] = field(default_factory=dict)


@dataclass(frozen=True)
class Violation:
    """A rule violation, reported at the point that completes the pattern."""

    subgroup: str
    rule: str
    side: str | None = None


@dataclass(frozen=True)
class ControlChart:
    """One control chart: center line, chart-level limits (None where they vary by point).

    `sigma` is the estimated process standard deviation where meaningful (variables and
    time-weighted charts), else None. `run_rules` is False for charts on which only
    points beyond the limits are tested (ranges, standard deviations, moving ranges,
    EWMA and CUSUM statistics). `details` holds chart-specific parameters rendered as
    further keys (EWMA lambda, CUSUM k and h).
    """

    chart: str
    center: float
    lcl: float | None
    ucl: float | None
    sigma: float | None
    points: tuple[ChartPoint, ...]
    run_rules: bool = True
    violations: tuple[Violation, ...] = ()
    details: Mapping[str, Detail] = field(default_factory=dict)

    def with_violations(self, violations: Sequence[Violation]) -> ControlChart:
        """A copy of this chart carrying the given violations."""
        return replace(self, violations=tuple(violations))


@dataclass(frozen=True)
class PhasePlan:
    """Which points are phase I and which of those are excluded from the estimate."""

    phase_one: tuple[bool, ...]
    excluded: tuple[bool, ...]

    @classmethod
    def all_phase_one(cls, count: int) -> PhasePlan:
        """Every point phase I, none excluded."""
        return cls(phase_one=(True,) * count, excluded=(False,) * count)

    @property
    def estimate(self) -> npt.NDArray[np.bool_]:
        """Mask of the points whose data estimate the limits."""
        mask: npt.NDArray[np.bool_] = np.array(self.phase_one, dtype=bool) & ~np.array(
            self.excluded, dtype=bool
        )
        return mask

    def phase(self, index: int) -> int:
        """The phase number (1 or 2) of point `index`."""
        return 1 if self.phase_one[index] else 2

    def check_enough(self, what: str) -> None:
        """Raise InputError when fewer than the minimum points estimate the limits."""
        count = int(self.estimate.sum())
        if count < MINIMUM_PHASE_ONE_POINTS:
            raise InputError(
                f"{what}: phase I has {count} usable point(s); at least "
                f"{MINIMUM_PHASE_ONE_POINTS} are needed to estimate control limits "
                "(check --phase1 and --exclude-flagged)"
            )


def check_variation(spread: float, what: str) -> None:
    """Raise InputError when the phase I data show no variation at all.

    Raises:
        InputError: when `spread` is zero (limits would collapse onto the center line).
    """
    if spread <= 0.0:
        raise InputError(
            f"{what}: the phase I data show no variation, so control limits cannot be "
            "estimated; give more data or check the value column"
        )


def constant_limits_chart(
    name: str,
    labels: Sequence[str],
    values: FloatArray,
    plan: PhasePlan,
    limits: tuple[float, float, float],
    *,
    sigma: float | None = None,
    run_rules: bool = True,
) -> ControlChart:
    """A chart whose center and limits are the same for every point.

    `limits` is (center, lcl, ucl); `values` holds one value per label.
    """
    center, lcl, ucl = limits
    points = tuple(
        ChartPoint(
            subgroup=label,
            value=float(value),
            lcl=lcl,
            ucl=ucl,
            phase=plan.phase(index),
            excluded=plan.excluded[index],
        )
        for index, (label, value) in enumerate(zip(labels, values, strict=True))
    )
    return ControlChart(name, center, lcl, ucl, sigma, points, run_rules=run_rules)
