"""Time-weighted charts for small shifts: EWMA and tabular CUSUM (Montgomery, chapter 9).

Both monitor a statistic x_i (an individual value, or a subgroup mean of n values) with
target mu0 and standard deviation sigma_x = sigma / sqrt(n).

- EWMA: z_0 = mu0, z_i = lambda x_i + (1 - lambda) z_(i-1); exact limits
  mu0 +- L sigma_x sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2i))). Defaults
  lambda = 0.2, L = 3. The chart-level limits are None (they vary); the steady-state
  limits (i -> infinity) are given as details.
- CUSUM: K = k sigma_x, H = h sigma_x; C+_i = max(0, x_i - (mu0 + K) + C+_(i-1)),
  C-_i = max(0, (mu0 - K) - x_i + C-_(i-1)), both starting at 0; N+ and N- count the
  periods since each sum was last zero. Defaults k = 0.5, h = 5. Each point's value is
  the larger side, signed (C+ when C+ >= C-, else -C-), plotted against -H and +H; the
  point also carries c_plus, c_minus, n_plus, n_minus and the monitored statistic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.charts.model import ChartPoint, ControlChart, FloatArray, PhasePlan

DEFAULT_EWMA_WEIGHT = 0.2
DEFAULT_EWMA_WIDTH = 3.0
DEFAULT_CUSUM_REFERENCE = 0.5
DEFAULT_CUSUM_DECISION = 5.0


def _check_positive(value: float, option: str) -> None:
    if not value > 0.0:
        raise InputError(f"{option} must be positive, got {value:g}")


def ewma_chart(
    labels: Sequence[str],
    statistics: FloatArray,
    plan: PhasePlan,
    *,
    target: float,
    sigma_statistic: float,
    weight: float = DEFAULT_EWMA_WEIGHT,
    width: float = DEFAULT_EWMA_WIDTH,
) -> ControlChart:
    """The EWMA chart of `statistics` (see the module docstring).

    Raises:
        InputError: when lambda is outside (0, 1] or L or sigma is not positive.
    """
    if not 0.0 < weight <= 1.0:
        raise InputError(f"--lambda must be in (0, 1], got {weight:g}")
    _check_positive(width, "--width (L)")
    _check_positive(sigma_statistic, "sigma")
    points: list[ChartPoint] = []
    smoothed = target
    for index, (label, value) in enumerate(zip(labels, statistics, strict=True)):
        smoothed = weight * float(value) + (1.0 - weight) * smoothed
        factor = weight / (2.0 - weight) * (1.0 - (1.0 - weight) ** (2 * (index + 1)))
        half_width = width * sigma_statistic * math.sqrt(factor)
        points.append(
            ChartPoint(
                subgroup=label,
                value=smoothed,
                lcl=target - half_width,
                ucl=target + half_width,
                phase=plan.phase(index),
                excluded=plan.excluded[index],
                extra={"statistic": float(value)},
            )
        )
    steady = width * sigma_statistic * math.sqrt(weight / (2.0 - weight))
    details = {
        "lambda": weight,
        "width": width,
        "target": target,
        "sigma_statistic": sigma_statistic,
        "steady_lcl": target - steady,
        "steady_ucl": target + steady,
    }
    return ControlChart(
        "ewma", target, None, None, None, tuple(points), run_rules=False, details=details
    )


def cusum_chart(
    labels: Sequence[str],
    statistics: FloatArray,
    plan: PhasePlan,
    *,
    target: float,
    sigma_statistic: float,
    reference: float = DEFAULT_CUSUM_REFERENCE,
    decision: float = DEFAULT_CUSUM_DECISION,
) -> ControlChart:
    """The tabular CUSUM of `statistics` (see the module docstring).

    Raises:
        InputError: when k is negative or h or sigma is not positive.
    """
    if reference < 0.0:
        raise InputError(f"--k must not be negative, got {reference:g}")
    _check_positive(decision, "--h")
    _check_positive(sigma_statistic, "sigma")
    slack, interval = reference * sigma_statistic, decision * sigma_statistic
    upper = lower = 0.0
    upper_count = lower_count = 0
    points: list[ChartPoint] = []
    for index, (label, value) in enumerate(zip(labels, statistics, strict=True)):
        upper = max(0.0, float(value) - (target + slack) + upper)
        lower = max(0.0, (target - slack) - float(value) + lower)
        upper_count = upper_count + 1 if upper > 0.0 else 0
        lower_count = lower_count + 1 if lower > 0.0 else 0
        extra = {
            "statistic": float(value),
            "c_plus": upper,
            "c_minus": lower,
            "n_plus": upper_count,
            "n_minus": lower_count,
        }
        signed = upper if upper >= lower else -lower
        points.append(
            ChartPoint(label, signed, -interval, interval, plan.phase(index), extra=extra)
        )
    details = {"k": reference, "h": decision, "target": target, "sigma_statistic": sigma_statistic}
    return ControlChart(
        "cusum", 0.0, -interval, interval, None, tuple(points), run_rules=False, details=details
    )


def cusum_signals(chart: ControlChart) -> list[tuple[int, str]]:
    """The (point index, side) pairs where C+ or C- exceeds the decision interval H."""
    signals: list[tuple[int, str]] = []
    for index, point in enumerate(chart.points):
        for key, side in (("c_plus", "upper"), ("c_minus", "lower")):
            value = point.extra.get(key)
            if isinstance(value, float) and chart.ucl is not None and value > chart.ucl:
                signals.append((index, side))
    return signals


def statistics_of(samples: Sequence[FloatArray]) -> FloatArray:
    """The monitored statistic per subgroup: the value itself, or the subgroup mean."""
    return np.array([float(sample.mean()) for sample in samples])
