"""Run rules: each hand-made sequence triggers exactly one rule, at its completing point.

Sequences are in sigma units around a center of 0 with limits -3 and +3.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.quality.rules import RuleSet, find_violations, parse_rule_set


def _violations(values: list[float], rule_set: RuleSet) -> list[tuple[int, str]]:
    count = len(values)
    return find_violations(values, 0.0, [-3.0] * count, [3.0] * count, rule_set)


WITHIN_ONE_SIGMA_NO_PATTERN = [0.5, -0.5, 0.0] * 5  # 15 points: stratification only

CASES = [
    (RuleSet.WESTERN_ELECTRIC, [0.0, 0.0, 0.0, 3.5], (3, "we-1")),
    (RuleSet.WESTERN_ELECTRIC, [0.0, 2.5, 0.0, 2.5], (3, "we-2")),
    (RuleSet.WESTERN_ELECTRIC, [0.0, 1.5, 1.5, 0.0, 1.5, 1.5], (5, "we-3")),
    (RuleSet.WESTERN_ELECTRIC, [0.5] * 8, (7, "we-4")),
    (RuleSet.NELSON, [0.0, 0.0, 0.0, -3.5], (3, "nelson-1")),
    (RuleSet.NELSON, [-0.5] * 9, (8, "nelson-2")),
    (RuleSet.NELSON, [-0.9, -0.6, -0.3, 0.1, 0.4, 0.7], (5, "nelson-3")),
    (RuleSet.NELSON, [0.5, -0.5] * 7, (13, "nelson-4")),
    (RuleSet.NELSON, [0.0, -2.5, 0.0, -2.5], (3, "nelson-5")),
    (RuleSet.NELSON, [0.0, -1.5, -1.5, 0.0, -1.5, -1.5], (5, "nelson-6")),
    (RuleSet.NELSON, WITHIN_ONE_SIGMA_NO_PATTERN, (14, "nelson-7")),
    (RuleSet.NELSON, [1.5, -1.5] * 4, (7, "nelson-8")),
]


@pytest.mark.parametrize(("rule_set", "values", "expected"), CASES, ids=[c[2][1] for c in CASES])
def test_each_hand_made_sequence_triggers_exactly_its_rule(
    rule_set: RuleSet, values: list[float], expected: tuple[int, str]
) -> None:
    """Western Electric Handbook (1956) rules 1-4; Nelson, JQT 16(4) 1984, tests 1-8."""
    assert _violations(values, rule_set) == [expected]


def test_one_point_short_of_each_pattern_triggers_nothing() -> None:
    for rule_set, values, _ in CASES:
        assert _violations(values[:-1], rule_set) == [], values


def test_a_longer_run_is_reported_again_at_each_further_point() -> None:
    assert _violations([0.5] * 10, RuleSet.WESTERN_ELECTRIC) == [
        (7, "we-4"),
        (8, "we-4"),
        (9, "we-4"),
    ]


def test_two_of_three_needs_both_points_on_the_same_side() -> None:
    assert _violations([0.0, 2.5, -2.5], RuleSet.WESTERN_ELECTRIC) == []


def test_points_exactly_on_a_limit_are_not_beyond_it() -> None:
    assert _violations([3.0, -3.0], RuleSet.NELSON) == []


def test_zones_follow_each_points_own_limits() -> None:
    """With varying limits (p, u charts) sigma is (ucl - center)/3 per point."""
    found = find_violations([0.25, 0.25], 0.2, [0.0, 0.17], [0.35, 0.23], RuleSet.WESTERN_ELECTRIC)
    assert found == [(1, "we-1")]


def test_run_rules_can_be_limited_to_points_beyond_the_limits() -> None:
    values = [0.5] * 8 + [3.5]
    count = len(values)
    found = find_violations(values, 0.0, [-3.0] * count, [3.0] * count,
                            RuleSet.WESTERN_ELECTRIC, run_rules=False)  # fmt: skip
    assert found == [(8, "we-1")]


def test_an_unknown_rule_set_is_refused_naming_the_option() -> None:
    with pytest.raises(InputError, match="--rules"):
        parse_rule_set("westinghouse")


@given(count=st.integers(min_value=1, max_value=60), center=st.floats(-1e6, 1e6))
def test_constant_data_on_the_center_line_trigger_only_stratification(
    count: int, center: float
) -> None:
    """Only Nelson 7 (15 points within 1 sigma) fires on constant data at the center."""
    for rule_set in RuleSet:
        found = find_violations(
            [center] * count, center, [center - 3.0] * count, [center + 3.0] * count, rule_set
        )
        expected = (
            [(index, "nelson-7") for index in range(14, count)]
            if rule_set is RuleSet.NELSON
            else []
        )
        assert found == expected


@given(
    steps=st.lists(st.integers(-12, 11), min_size=1, max_size=40),
    offset=st.floats(-1e3, 1e3),
    scale=st.floats(0.01, 100.0),
)
def test_rule_detection_is_invariant_to_a_change_of_units(
    steps: list[int], offset: float, scale: float
) -> None:
    """Measuring in other units (x -> offset + scale x, limits alike) changes no verdict.

    Values are quarter-sigma points off the zone boundaries, so rounding cannot move one
    across a boundary.
    """
    values = [0.5 * step + 0.25 for step in steps]
    count = len(values)
    for rule_set in (RuleSet.WESTERN_ELECTRIC, RuleSet.NELSON):
        moved = find_violations(
            [offset + scale * v for v in values], offset,
            [offset - 3.0 * scale] * count, [offset + 3.0 * scale] * count, rule_set,
        )  # fmt: skip
        assert moved == _violations(values, rule_set)
