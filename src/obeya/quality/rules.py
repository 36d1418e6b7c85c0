"""Run rules: Western Electric (1956) and Nelson (1984).

Each point is standardised as z = (x - center) / s, where s = (ucl - center) / 3 is the
point's own one-sigma distance (so varying limits give varying zones). "Beyond k sigma"
is strict (|z| > k); a point exactly on the center line is on neither side. A pattern
is reported at the point that completes it; a pattern that goes on (a longer run) is
reported again at each further point, and the completing point itself must satisfy the
pattern's condition (for "2 of 3", the last point is one of the two).

Western Electric Statistical Quality Control Handbook (1956):
- we-1: one point beyond the control limits (x > ucl or x < lcl).
- we-2: 2 of 3 consecutive points beyond 2 sigma, on the same side.
- we-3: 4 of 5 consecutive points beyond 1 sigma, on the same side.
- we-4: 8 consecutive points on the same side of the center line.

Nelson, "The Shewhart control chart - tests for special causes", JQT 16(4), 1984:
- nelson-1: one point beyond the control limits.
- nelson-2: 9 points in a row on the same side of the center line.
- nelson-3: 6 points in a row steadily increasing or decreasing (ties break the run).
- nelson-4: 14 points in a row alternating up and down (ties break the run).
- nelson-5: 2 of 3 points in a row beyond 2 sigma, on the same side.
- nelson-6: 4 of 5 points in a row beyond 1 sigma, on the same side.
- nelson-7: 15 points in a row within 1 sigma of the center line, either side
  (stratification: it fires on data that vary too little, including constant data).
- nelson-8: 8 points in a row beyond 1 sigma, either side (mixture).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

import numpy as np

from obeya.domain.errors import InputError
from obeya.quality.charts.model import FloatArray

Test = Callable[[FloatArray, FloatArray, int], bool]
"""A rule test: (values, standardised values, index of the completing point) -> fires."""


class RuleSet(StrEnum):
    """Which run rules to apply: Western Electric, Nelson, or none but the limits."""

    WESTERN_ELECTRIC = "we"
    NELSON = "nelson"
    NONE = "none"


def standardise(
    values: FloatArray, center: float, lcls: Sequence[float | None], ucls: Sequence[float | None]
) -> FloatArray:
    """z = (x - center) / s per point, with s = (ucl - center) / 3 (or center - lcl)."""
    z = np.zeros(len(values))
    for index, value in enumerate(values):
        upper, lower = ucls[index], lcls[index]
        spread = (upper - center) / 3.0 if upper is not None else None
        if spread is None and lower is not None:
            spread = (center - lower) / 3.0
        deviation = float(value) - center
        if spread and spread > 0.0:
            z[index] = deviation / spread
        else:
            z[index] = 0.0 if deviation == 0.0 else np.copysign(np.inf, deviation)
    return z


def _k_of_m_beyond(k: int, m: int, threshold: float) -> Test:
    def test(_: FloatArray, z: FloatArray, index: int) -> bool:
        if index < m - 1 or abs(z[index]) <= threshold:
            return False
        side = np.sign(z[index])
        window = z[index - m + 1 : index + 1] * side
        return int(np.sum(window > threshold)) >= k

    return test


def _run_same_side(length: int) -> Test:
    def test(_: FloatArray, z: FloatArray, index: int) -> bool:
        if index < length - 1:
            return False
        window = z[index - length + 1 : index + 1]
        return bool(np.all(window > 0) or np.all(window < 0))

    return test


def _trend(length: int) -> Test:
    def test(values: FloatArray, _: FloatArray, index: int) -> bool:
        if index < length - 1:
            return False
        steps = np.diff(values[index - length + 1 : index + 1])
        return bool(np.all(steps > 0) or np.all(steps < 0))

    return test


def _alternating(length: int) -> Test:
    def test(values: FloatArray, _: FloatArray, index: int) -> bool:
        if index < length - 1:
            return False
        signs = np.sign(np.diff(values[index - length + 1 : index + 1]))
        return bool(np.all(signs != 0) and np.all(signs[1:] == -signs[:-1]))

    return test


def _run_within(length: int, threshold: float, inside: bool) -> Test:
    def test(_: FloatArray, z: FloatArray, index: int) -> bool:
        if index < length - 1:
            return False
        window = np.abs(z[index - length + 1 : index + 1])
        return bool(np.all(window < threshold) if inside else np.all(window > threshold))

    return test


RUN_RULES: dict[RuleSet, dict[str, Test]] = {
    RuleSet.WESTERN_ELECTRIC: {
        "we-2": _k_of_m_beyond(2, 3, 2.0),
        "we-3": _k_of_m_beyond(4, 5, 1.0),
        "we-4": _run_same_side(8),
    },
    RuleSet.NELSON: {
        "nelson-2": _run_same_side(9),
        "nelson-3": _trend(6),
        "nelson-4": _alternating(14),
        "nelson-5": _k_of_m_beyond(2, 3, 2.0),
        "nelson-6": _k_of_m_beyond(4, 5, 1.0),
        "nelson-7": _run_within(15, 1.0, inside=True),
        "nelson-8": _run_within(8, 1.0, inside=False),
    },
    RuleSet.NONE: {},
}


def parse_rule_set(text: str) -> RuleSet:
    """The rule set named `we`, `nelson` or `none`.

    Raises:
        InputError: naming `--rules` for any other text.
    """
    try:
        return RuleSet(text)
    except ValueError:
        raise InputError(f"--rules must be we, nelson or none, got {text!r}") from None


def beyond_limits_rule(rule_set: RuleSet) -> str:
    """The name of the 'one point beyond the limits' rule in a rule set."""
    return "nelson-1" if rule_set is RuleSet.NELSON else "we-1"


def find_violations(
    values: Sequence[float],
    center: float,
    lcls: Sequence[float | None],
    ucls: Sequence[float | None],
    rule_set: RuleSet,
    *,
    run_rules: bool = True,
) -> list[tuple[int, str]]:
    """The (point index, rule name) pairs that fire, by point then rule order.

    Rule 1 (beyond the limits) is always tested; the other rules of the set only when
    `run_rules` is True.
    """
    array = np.asarray(values, dtype=float)
    z = standardise(array, center, lcls, ucls)
    tests = RUN_RULES[rule_set] if run_rules else {}
    first_rule = beyond_limits_rule(rule_set)
    found: list[tuple[int, str]] = []
    for index, value in enumerate(array):
        lower, upper = lcls[index], ucls[index]
        if (upper is not None and value > upper) or (lower is not None and value < lower):
            found.append((index, first_rule))
        found.extend((index, name) for name, test in tests.items() if test(array, z, index))
    return found
