"""Shewhart charts for counts: p, np, c and u (Montgomery, chapter 7).

With D_i defectives (or c_i defects) in samples of n_i, summed over phase I:

- p: p-bar = sum D / sum n; point D_i/n_i; limits p-bar +- 3 sqrt(p-bar (1 - p-bar) / n_i).
- np (constant n): center n p-bar; limits n p-bar +- 3 sqrt(n p-bar (1 - p-bar)).
- c: c-bar = mean c; limits c-bar +- 3 sqrt(c-bar).
- u: u-bar = sum c / sum n; point c_i/n_i; limits u-bar +- 3 sqrt(u-bar / n_i).

A negative lower limit is set to 0. When sample sizes vary, each point carries its own
limits and the chart-level limits are None.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.charts.model import (
    ChartPoint,
    ControlChart,
    FloatArray,
    PhasePlan,
    check_variation,
)


def _varying_limits_chart(
    name: str,
    labels: Sequence[str],
    values: FloatArray,
    plan: PhasePlan,
    center: float,
    half_widths: FloatArray,
) -> ControlChart:
    lcls = np.maximum(center - half_widths, 0.0)
    ucls = center + half_widths
    points = tuple(
        ChartPoint(
            subgroup=label,
            value=float(values[index]),
            lcl=float(lcls[index]),
            ucl=float(ucls[index]),
            phase=plan.phase(index),
            excluded=plan.excluded[index],
        )
        for index, label in enumerate(labels)
    )
    constant = bool(np.all(half_widths == half_widths[0]))
    lcl = float(lcls[0]) if constant else None
    ucl = float(ucls[0]) if constant else None
    return ControlChart(name, center, lcl, ucl, None, points)


def p_chart(
    labels: Sequence[str], defectives: FloatArray, sizes: FloatArray, plan: PhasePlan
) -> ControlChart:
    """The p chart of fractions nonconforming (see the module docstring).

    Raises:
        InputError: when a count exceeds its sample size, phase I is too short, or
            phase I has no nonconforming (or only nonconforming) units.
    """
    _check_not_above_size(labels, defectives, sizes)
    plan.check_enough("p")
    estimate = plan.estimate
    center = float(defectives[estimate].sum() / sizes[estimate].sum())
    check_variation(center * (1.0 - center), "p")
    half_widths = 3.0 * np.sqrt(center * (1.0 - center) / sizes)
    return _varying_limits_chart("p", labels, defectives / sizes, plan, center, half_widths)


def np_chart(
    labels: Sequence[str], defectives: FloatArray, sizes: FloatArray, plan: PhasePlan
) -> ControlChart:
    """The np chart of numbers nonconforming in samples of constant size.

    Raises:
        InputError: when sample sizes differ, a count exceeds its sample size, phase I
            is too short, or phase I shows no variation.
    """
    if not np.all(sizes == sizes[0]):
        raise InputError("the np chart needs a constant sample size; use a p chart instead")
    _check_not_above_size(labels, defectives, sizes)
    plan.check_enough("np")
    estimate = plan.estimate
    fraction = float(defectives[estimate].sum() / sizes[estimate].sum())
    check_variation(fraction * (1.0 - fraction), "np")
    size = float(sizes[0])
    center = size * fraction
    half_widths = np.full(len(labels), 3.0 * np.sqrt(center * (1.0 - fraction)))
    return _varying_limits_chart("np", labels, defectives, plan, center, half_widths)


def c_chart(labels: Sequence[str], defects: FloatArray, plan: PhasePlan) -> ControlChart:
    """The c chart of defects per sample (constant inspection unit).

    Raises:
        InputError: when phase I is too short or has no defects at all.
    """
    plan.check_enough("c")
    center = float(defects[plan.estimate].mean())
    check_variation(center, "c")
    half_widths = np.full(len(labels), 3.0 * np.sqrt(center))
    return _varying_limits_chart("c", labels, defects, plan, center, half_widths)


def u_chart(
    labels: Sequence[str], defects: FloatArray, sizes: FloatArray, plan: PhasePlan
) -> ControlChart:
    """The u chart of defects per inspection unit (sizes may vary and be fractional).

    Raises:
        InputError: when phase I is too short or has no defects at all.
    """
    plan.check_enough("u")
    estimate = plan.estimate
    center = float(defects[estimate].sum() / sizes[estimate].sum())
    check_variation(center, "u")
    half_widths = 3.0 * np.sqrt(center / sizes)
    return _varying_limits_chart("u", labels, defects / sizes, plan, center, half_widths)


def _check_not_above_size(labels: Sequence[str], defectives: FloatArray, sizes: FloatArray) -> None:
    for label, count, size in zip(labels, defectives, sizes, strict=True):
        if count > size:
            raise InputError(
                f"subgroup {label!r}: {count:g} nonconforming units in a sample of {size:g}"
            )
