"""Process capability: Cp, Cpk, Pp, Ppk with 95 % confidence intervals, normality, histogram.

With N measurements of mean mu, specification limits LSL and USL:

- sigma within: mean over subgroups of R_i / d2(n_i) (R-bar / d2 for equal sizes); for
  individuals MR-bar / d2(2). Sigma overall: the sample standard deviation (N - 1).
- Cp = (USL - LSL) / (6 sigma_within); Cpk = min(USL - mu, mu - LSL) / (3 sigma_within);
  Pp and Ppk the same with sigma_overall. With one limit only, Cp and Pp are None and
  Cpk, Ppk use the given side.
- Cp (and Pp) interval, chi-square (Montgomery eq. 8.19) with nu = N - 1:
  Cp sqrt(chi2(alpha/2; nu) / nu) <= Cp <= Cp sqrt(chi2(1 - alpha/2; nu) / nu),
  chi2(q; nu) being the q quantile.
- Cpk (and Ppk) interval, Bissell (1990) as in Montgomery eq. 8.20:
  Cpk (1 -+ z(1 - alpha/2) sqrt(1 / (9 N Cpk^2) + 1 / (2 (N - 1)))).
- Normality: Shapiro-Wilk (3 <= N <= 5000), normal when p >= 0.05.
- Histogram: numpy's "auto" bins over the data; the limits are given beside it.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.charts.model import FloatArray
from obeya.quality.constants import constants_for

CONFIDENCE = 0.95
NORMALITY_LEVEL = 0.05
SHAPIRO_WILK_LARGEST = 5000


@dataclass(frozen=True)
class Index:
    """A capability index with its confidence interval (None when undefined)."""

    value: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Normality:
    """A Shapiro-Wilk test result; figures are None when N is outside 3..5000."""

    method: str
    statistic: float | None
    p_value: float | None
    normal: bool | None


@dataclass(frozen=True)
class Histogram:
    """Bin edges (one more than counts) and counts, with the specification limits."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]
    lsl: float | None
    usl: float | None


@dataclass(frozen=True)
class CapabilityStudy:
    """A capability study of one characteristic."""

    count: int
    mean: float
    sigma_within: float
    sigma_overall: float
    lsl: float | None
    usl: float | None
    cp: Index
    cpk: Index
    pp: Index
    ppk: Index
    below_lsl_count: int
    above_usl_count: int
    normality: Normality
    histogram: Histogram


def sigma_within(samples: Sequence[FloatArray]) -> float:
    """Within-subgroup sigma: mean R_i/d2(n_i), or MR-bar/d2(2) when all sizes are 1.

    Raises:
        InputError: with fewer than 2 values, or mixed sizes 1 and more.
    """
    sizes = {len(sample) for sample in samples}
    if sizes == {1}:
        values = np.concatenate(samples)
        if len(values) < 2:
            raise InputError("capability needs at least 2 measurements")
        return float(np.abs(np.diff(values)).mean()) / constants_for(2).d2
    if 1 in sizes:
        raise InputError("subgroups of 1 measurement mixed with larger subgroups")
    return float(np.mean([np.ptp(s) / constants_for(len(s)).d2 for s in samples]))


def chi_square_interval(index: float | None, count: int) -> Index:
    """The chi-square confidence interval of Cp or Pp from `count` measurements."""
    if index is None:
        return Index(None, None, None)
    from scipy import stats

    freedom = count - 1
    alpha = 1.0 - CONFIDENCE
    low = index * math.sqrt(float(stats.chi2.ppf(alpha / 2, freedom)) / freedom)
    high = index * math.sqrt(float(stats.chi2.ppf(1 - alpha / 2, freedom)) / freedom)
    return Index(index, low, high)


def bissell_interval(index: float | None, count: int) -> Index:
    """Bissell's normal-approximation confidence interval of Cpk or Ppk."""
    if index is None:
        return Index(None, None, None)
    from scipy import stats

    quantile = float(stats.norm.ppf(1 - (1.0 - CONFIDENCE) / 2))
    spread = quantile * math.sqrt(1.0 / (9.0 * count) + index**2 / (2.0 * (count - 1)))
    return Index(index, index - spread, index + spread)


def _potential(lsl: float | None, usl: float | None, sigma: float) -> float | None:
    return None if lsl is None or usl is None else (usl - lsl) / (6.0 * sigma)


def _actual(mean: float, lsl: float | None, usl: float | None, sigma: float) -> float:
    sides = [(usl - mean) / (3 * sigma)] if usl is not None else []
    sides += [(mean - lsl) / (3 * sigma)] if lsl is not None else []
    return min(sides)


def normality(values: FloatArray) -> Normality:
    """The Shapiro-Wilk test of `values` (figures None when N is outside 3..5000)."""
    if not 3 <= len(values) <= SHAPIRO_WILK_LARGEST or float(np.ptp(values)) == 0.0:
        return Normality("shapiro-wilk", None, None, None)
    from scipy import stats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        statistic, p_value = stats.shapiro(values)
    return Normality(
        "shapiro-wilk", float(statistic), float(p_value), bool(p_value >= NORMALITY_LEVEL)
    )


def histogram(values: FloatArray, lsl: float | None, usl: float | None) -> Histogram:
    """Histogram of `values` with numpy's automatic bins, and the specification limits."""
    counts, edges = np.histogram(values, bins="auto")
    return Histogram(tuple(map(float, edges)), tuple(map(int, counts)), lsl, usl)


def capability(
    samples: Sequence[FloatArray], lsl: float | None, usl: float | None
) -> CapabilityStudy:
    """A capability study of the measurements grouped in `samples` (subgroups or singles).

    Raises:
        InputError: when no limit is given, LSL > USL, there are fewer than 2 values,
            or the data show no variation.
    """
    if lsl is None and usl is None:
        raise InputError("give --lsl, --usl or both")
    if lsl is not None and usl is not None and lsl > usl:
        raise InputError(f"--lsl {lsl:g} is above --usl {usl:g}")
    values = np.concatenate(samples).astype(float)
    if len(values) < 2:
        raise InputError("capability needs at least 2 measurements")
    within, overall = sigma_within(samples), float(values.std(ddof=1))
    if within <= 0.0 or overall <= 0.0:
        raise InputError("the measurements show no variation: capability is undefined")
    mean, count = float(values.mean()), len(values)
    return CapabilityStudy(
        count=count,
        mean=mean,
        sigma_within=within,
        sigma_overall=overall,
        lsl=lsl,
        usl=usl,
        cp=chi_square_interval(_potential(lsl, usl, within), count),
        cpk=bissell_interval(_actual(mean, lsl, usl, within), count),
        pp=chi_square_interval(_potential(lsl, usl, overall), count),
        ppk=bissell_interval(_actual(mean, lsl, usl, overall), count),
        below_lsl_count=int(np.sum(values < lsl)) if lsl is not None else 0,
        above_usl_count=int(np.sum(values > usl)) if usl is not None else 0,
        normality=normality(values),
        histogram=histogram(values, lsl, usl),
    )
