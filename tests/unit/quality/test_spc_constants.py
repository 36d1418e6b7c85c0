"""Control chart constants against closed forms and the published tables."""

from __future__ import annotations

import math

import pytest

from obeya.domain.errors import InputError
from obeya.quality.constants import c4, constants_for, d2, d3

# Montgomery, Introduction to Statistical Quality Control, Appendix Table VI
# ("Factors for constructing variables control charts"), as printed.
PUBLISHED = {
    2: {"d2": 1.128, "d3": 0.853, "c4": 0.7979, "A2": 1.880, "A3": 2.659, "D4": 3.267,
        "B4": 3.267, "D3": 0.0, "B3": 0.0},
    5: {"d2": 2.326, "d3": 0.864, "c4": 0.9400, "A2": 0.577, "A3": 1.427, "D4": 2.114,
        "B4": 2.089, "D3": 0.0, "B3": 0.0},
    10: {"d2": 3.078, "d3": 0.797, "c4": 0.9727, "A2": 0.308, "A3": 0.975, "D4": 1.777,
         "B4": 1.716, "D3": 0.223, "B3": 0.284},
    25: {"d2": 3.931, "d3": 0.708, "c4": 0.9896, "A2": 0.153, "A3": 0.606, "D4": 1.541,
         "B4": 1.435, "D3": 0.459, "B3": 0.565},
}  # fmt: skip


def _printed_decimals(value: float) -> int:
    text = f"{value}"
    return len(text.split(".")[1]) if "." in text else 0


@pytest.mark.parametrize("n", sorted(PUBLISHED))
def test_computed_constants_round_to_the_published_table(n: int) -> None:
    """Montgomery, Appendix Table VI: every factor agrees to every printed digit."""
    constants = constants_for(n)
    for name, printed in PUBLISHED[n].items():
        computed = getattr(constants, name)
        assert round(computed, _printed_decimals(printed)) == pytest.approx(printed), name


def test_range_constants_for_pairs_match_their_closed_forms() -> None:
    """For n = 2, R = |X1 - X2| is half-normal: d2 = 2/sqrt(pi), d3 = sqrt(2 - 4/pi)."""
    assert d2(2) == pytest.approx(2 / math.sqrt(math.pi), rel=1e-9)
    assert d3(2) == pytest.approx(math.sqrt(2 - 4 / math.pi), rel=1e-7)


def test_mean_range_of_three_matches_its_closed_form() -> None:
    """For n = 3, E[R] = 3/sqrt(pi) (Tippett 1925)."""
    assert d2(3) == pytest.approx(3 / math.sqrt(math.pi), rel=1e-9)


def test_c4_of_two_is_the_half_normal_mean() -> None:
    assert c4(2) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-12)


@pytest.mark.parametrize("n", [0, 1, 101])
def test_subgroup_sizes_outside_the_supported_range_are_refused(n: int) -> None:
    with pytest.raises(InputError, match="subgroup size"):
        constants_for(n)
