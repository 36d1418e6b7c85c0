"""Shewhart charts for measurements: X-bar and R, X-bar and S, individuals and moving range.

Formulas (Montgomery, *Introduction to Statistical Quality Control*, chapter 6), with
sums over the phase I subgroups that estimate the limits:

- X-bar/R: center X-double-bar, limits X-double-bar +- A2 R-bar; R chart center R-bar,
  limits D3 R-bar and D4 R-bar; sigma = R-bar / d2.
- X-bar/S: limits X-double-bar +- A3 s-bar; S chart center s-bar, limits B3 s-bar and
  B4 s-bar; sigma = s-bar / c4.
- Individuals: sigma = MR-bar / d2(2) with MR_i = |x_i - x_(i-1)|; limits x-bar +- 3 sigma;
  MR chart center MR-bar, limits 0 and D4(2) MR-bar. A moving range estimates the limits
  only when both of its points do.

Subgroups must all have the same size n >= 2 (X-bar charts).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.charts.model import (
    ControlChart,
    FloatArray,
    PhasePlan,
    check_variation,
    constant_limits_chart,
)
from obeya.quality.constants import constants_for


def subgroup_size(samples: Sequence[FloatArray]) -> int:
    """The common size of the subgroups.

    Raises:
        InputError: when sizes differ or are below 2.
    """
    sizes = {len(sample) for sample in samples}
    if len(sizes) != 1:
        raise InputError(f"X-bar charts need subgroups of equal size, found sizes {sorted(sizes)}")
    size = sizes.pop()
    if size < 2:
        raise InputError("X-bar charts need subgroups of at least 2 measurements")
    return size


def xbar_r(
    labels: Sequence[str], samples: Sequence[FloatArray], plan: PhasePlan
) -> list[ControlChart]:
    """The X-bar and R charts of the subgroups (see the module docstring).

    Raises:
        InputError: on unequal or too small subgroups, too few phase I subgroups, or
            phase I data without variation.
    """
    constants = constants_for(subgroup_size(samples))
    plan.check_enough("xbar-r")
    means = np.array([sample.mean() for sample in samples])
    ranges = np.array([np.ptp(sample) for sample in samples], dtype=float)
    estimate = plan.estimate
    center, mean_range = float(means[estimate].mean()), float(ranges[estimate].mean())
    check_variation(mean_range, "xbar-r")
    half_width = constants.A2 * mean_range
    sigma = mean_range / constants.d2
    return [
        constant_limits_chart(
            "xbar", labels, means, plan, (center, center - half_width, center + half_width),
            sigma=sigma,
        ),
        constant_limits_chart(
            "r", labels, ranges, plan,
            (mean_range, constants.D3 * mean_range, constants.D4 * mean_range),
            run_rules=False,
        ),
    ]  # fmt: skip


def xbar_s(
    labels: Sequence[str], samples: Sequence[FloatArray], plan: PhasePlan
) -> list[ControlChart]:
    """The X-bar and S charts of the subgroups (see the module docstring).

    Raises:
        InputError: on unequal or too small subgroups, too few phase I subgroups, or
            phase I data without variation.
    """
    constants = constants_for(subgroup_size(samples))
    plan.check_enough("xbar-s")
    means = np.array([sample.mean() for sample in samples])
    deviations = np.array([sample.std(ddof=1) for sample in samples])
    estimate = plan.estimate
    center, mean_deviation = float(means[estimate].mean()), float(deviations[estimate].mean())
    check_variation(mean_deviation, "xbar-s")
    half_width = constants.A3 * mean_deviation
    sigma = mean_deviation / constants.c4
    return [
        constant_limits_chart(
            "xbar", labels, means, plan, (center, center - half_width, center + half_width),
            sigma=sigma,
        ),
        constant_limits_chart(
            "s", labels, deviations, plan,
            (mean_deviation, constants.B3 * mean_deviation, constants.B4 * mean_deviation),
            run_rules=False,
        ),
    ]  # fmt: skip


def moving_ranges(values: FloatArray, estimate: np.ndarray) -> tuple[FloatArray, float]:
    """The moving ranges |x_i - x_(i-1)| (one fewer than values) and their phase I mean.

    A moving range enters the mean only when both of its points estimate the limits.

    Raises:
        InputError: when no moving range lies inside phase I.
    """
    ranges = np.abs(np.diff(values))
    usable = estimate[1:] & estimate[:-1]
    if not usable.any():
        raise InputError("no two consecutive phase I values: cannot compute a moving range")
    return ranges, float(ranges[usable].mean())


def individuals_sigma(values: FloatArray, plan: PhasePlan) -> float:
    """Process sigma from individuals: MR-bar / d2(2).

    Raises:
        InputError: when phase I is too short or shows no variation.
    """
    _, mean_moving_range = moving_ranges(values, plan.estimate)
    check_variation(mean_moving_range, "individuals")
    return mean_moving_range / constants_for(2).d2


def individuals_moving_range(
    labels: Sequence[str], values: FloatArray, plan: PhasePlan
) -> list[ControlChart]:
    """The individuals (i) and moving range (mr) charts (see the module docstring).

    Raises:
        InputError: when phase I is too short or shows no variation.
    """
    plan.check_enough("imr")
    ranges, mean_moving_range = moving_ranges(values, plan.estimate)
    check_variation(mean_moving_range, "imr")
    constants = constants_for(2)
    sigma = mean_moving_range / constants.d2
    center = float(values[plan.estimate].mean())
    range_plan = PhasePlan(plan.phase_one[1:], plan.excluded[1:])
    return [
        constant_limits_chart(
            "i", labels, values, plan, (center, center - 3 * sigma, center + 3 * sigma),
            sigma=sigma,
        ),
        constant_limits_chart(
            "mr", labels[1:], ranges, range_plan,
            (mean_moving_range, constants.D3 * mean_moving_range,
             constants.D4 * mean_moving_range),
            run_rules=False,
        ),
    ]  # fmt: skip
