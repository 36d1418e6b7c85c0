"""Control chart constants computed exactly for normal data, for any subgroup size n >= 2.

- d2(n) = E[R]/sigma, the mean of the relative range of n standard normal values:
  d2 = integral over x of 1 - Phi(x)^n - (1 - Phi(x))^n.
- d3(n) = sd[R]/sigma, from E[R^2] = 2 * double integral over x < y of
  1 - Phi(y)^n - (1 - Phi(x))^n + (Phi(y) - Phi(x))^n (Tippett 1925).
- c4(n) = E[s]/sigma = sqrt(2/(n-1)) * Gamma(n/2) / Gamma((n-1)/2).
- A2 = 3/(d2 sqrt n), D3 = max(0, 1 - 3 d3/d2), D4 = 1 + 3 d3/d2,
  A3 = 3/(c4 sqrt n), B3 = max(0, 1 - 3 sqrt(1 - c4^2)/c4), B4 = 1 + 3 sqrt(1 - c4^2)/c4.

The integrals use scipy (imported when first needed) and are cached per n. They agree
with the published tables (Montgomery, Appendix Table VI) to every printed digit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from obeya.domain.errors import InputError

LARGEST_SUBGROUP_SIZE = 100
"""Subgroups above this size are refused: range and s charts are meant for small n."""

_BOUND = 12.0
"""Integration bound in standard deviations; Phi(-12) is below 1e-32."""


@dataclass(frozen=True)
class ControlConstants:
    """The Shewhart chart constants for subgroups of size `n` (names as in the tables)."""

    n: int
    d2: float
    d3: float
    c4: float
    A2: float
    A3: float
    D3: float
    D4: float
    B3: float
    B4: float


def _check_size(n: int) -> None:
    if not 2 <= n <= LARGEST_SUBGROUP_SIZE:
        raise InputError(
            f"subgroup size must be between 2 and {LARGEST_SUBGROUP_SIZE} for chart "
            f"constants, got {n}"
        )


@cache
def d2(n: int) -> float:
    """The mean relative range E[R]/sigma of n normal values.

    Raises:
        InputError: when n is outside 2..LARGEST_SUBGROUP_SIZE.
    """
    _check_size(n)
    from scipy import integrate, special

    def integrand(x: float) -> float:
        return float(1.0 - special.ndtr(x) ** n - special.ndtr(-x) ** n)

    value, _ = integrate.quad(integrand, -_BOUND, _BOUND, epsabs=1e-12, epsrel=1e-12, limit=200)
    return float(value)


@cache
def d3(n: int) -> float:
    """The standard deviation of the relative range sd[R]/sigma of n normal values.

    Raises:
        InputError: when n is outside 2..LARGEST_SUBGROUP_SIZE.
    """
    _check_size(n)
    from scipy import integrate, special

    def integrand(y: float, x: float) -> float:
        lower, upper = special.ndtr(x), special.ndtr(y)
        return float(1.0 - upper**n - special.ndtr(-x) ** n + (upper - lower) ** n)

    second_moment, _ = integrate.dblquad(
        integrand, -_BOUND, _BOUND, lambda x: x, lambda x: _BOUND, epsabs=1e-10, epsrel=1e-10
    )
    return math.sqrt(2.0 * float(second_moment) - d2(n) ** 2)


def c4(n: int) -> float:
    """The bias factor E[s]/sigma of the sample standard deviation of n normal values.

    Raises:
        InputError: when n is outside 2..LARGEST_SUBGROUP_SIZE.
    """
    _check_size(n)
    log_ratio = math.lgamma(n / 2) - math.lgamma((n - 1) / 2)
    return math.sqrt(2.0 / (n - 1)) * math.exp(log_ratio)


@cache
def constants_for(n: int) -> ControlConstants:
    """All chart constants for subgroups of size n.

    Raises:
        InputError: when n is outside 2..LARGEST_SUBGROUP_SIZE.
    """
    mean_range, range_spread, bias = d2(n), d3(n), c4(n)
    s_spread = 3.0 * math.sqrt(1.0 - bias**2) / bias
    return ControlConstants(
        n=n,
        d2=mean_range,
        d3=range_spread,
        c4=bias,
        A2=3.0 / (mean_range * math.sqrt(n)),
        A3=3.0 / (bias * math.sqrt(n)),
        D3=max(0.0, 1.0 - 3.0 * range_spread / mean_range),
        D4=1.0 + 3.0 * range_spread / mean_range,
        B3=max(0.0, 1.0 - s_spread),
        B4=1.0 + s_spread,
    )
