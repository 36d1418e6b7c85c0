"""Capability indices, their confidence intervals, normality and histogram."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.quality.analysis import capability_study
from obeya.quality.capability import bissell_interval, capability, chi_square_interval
from obeya.quality.data import Table


def _individuals(values: np.ndarray) -> list[np.ndarray]:
    return [np.array([value]) for value in values]


def test_piston_ring_capability_matches_the_book(spc_table: Callable[[str], Table]) -> None:
    """Montgomery (1991) pp. 206-213 and the capability discussion after it: specifications
    74.000 +- 0.05 and sigma = R-bar/d2 = 0.02276/2.326 = 0.0099 give Cp = 1.68 (the book
    rounds sigma to 0.0099; unrounded Cp = 0.1 / (6 * 0.009785) = 1.7033)."""
    study = capability_study(
        spc_table("pistonrings.txt"), "diameter", "sample", (73.95, 74.05), "1-25"
    )
    assert study.count == 125
    assert study.sigma_within == pytest.approx(0.02276 / 2.326, rel=5e-4)
    assert study.cp.value == pytest.approx(0.1 / (6 * 0.0099), abs=0.03)
    assert study.cp.value == pytest.approx(1.7033, abs=5e-4)
    assert study.cpk.value == pytest.approx((74.05 - 74.00118) / (3 * 0.0097853), abs=5e-4)
    assert study.normality.normal is True


def test_cp_confidence_interval_matches_the_book() -> None:
    """Montgomery, Introduction to SQC (6th ed.), eq. 8.19 example: LSL 38, USL 62, n = 20,
    s = 1.75 give Cp = 2.29 and, from that rounded Cp, 1.57 <= Cp <= 3.01."""
    assert pytest.approx(2.29, abs=5e-3) == 24 / (6 * 1.75)
    interval = chi_square_interval(2.29, 20)
    assert (interval.low, interval.high) == pytest.approx((1.57, 3.01), abs=5e-3)


def test_cpk_confidence_interval_matches_the_book() -> None:
    """Montgomery, Introduction to SQC (6th ed.), eq. 8.20 example (Bissell): n = 20 and
    Cpk = 1.33 give 0.88 <= Cpk <= 1.78."""
    interval = bissell_interval(1.33, 20)
    assert (interval.low, interval.high) == pytest.approx((0.88, 1.78), abs=5e-3)


def test_individuals_use_the_moving_range_for_sigma_within() -> None:
    values = np.array([1.0, 3.0, 2.0, 5.0])
    study = capability([np.array([v]) for v in values], 0.0, 6.0)
    assert study.sigma_within == pytest.approx((2 + 1 + 3) / 3 / 1.1283791670955126)
    assert study.sigma_overall == pytest.approx(float(values.std(ddof=1)))


def test_one_sided_specifications_give_cpk_but_no_cp() -> None:
    study = capability([np.array([1.0, 2.0]), np.array([2.0, 4.0])], None, 10.0)
    assert study.cp.value is None and study.pp.value is None
    sigma = (1.0 + 2.0) / 2 / 1.1283791670955126
    assert study.cpk.value == pytest.approx((10.0 - 2.25) / (3 * sigma))


def test_specification_limits_the_wrong_way_round_are_refused() -> None:
    with pytest.raises(InputError, match="--lsl 5 is above --usl 1"):
        capability([np.array([1.0, 2.0])], 5.0, 1.0)


def test_a_study_needs_at_least_one_limit_and_some_variation() -> None:
    with pytest.raises(InputError, match="--lsl, --usl"):
        capability([np.array([1.0, 2.0])], None, None)
    with pytest.raises(InputError, match="no variation"):
        capability([np.array([2.0, 2.0]), np.array([2.0, 2.0])], 0.0, 4.0)


def test_histogram_counts_every_measurement_and_carries_the_limits() -> None:
    generator = np.random.default_rng(7)
    study = capability([generator.normal(0, 1, 5) for _ in range(20)], -4.0, 4.0)
    assert sum(study.histogram.counts) == 100
    assert len(study.histogram.edges) == len(study.histogram.counts) + 1
    assert (study.histogram.lsl, study.histogram.usl) == (-4.0, 4.0)


def test_clearly_non_normal_data_fail_the_normality_test() -> None:
    generator = np.random.default_rng(11)
    study = capability(_individuals(generator.exponential(1.0, 200)), 0.0, 10.0)
    assert study.normality.normal is False
    assert study.normality.p_value is not None and study.normality.p_value < 0.05


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(5, 200))
def test_intervals_contain_their_estimate_and_cpk_never_exceeds_cp(seed: int, count: int) -> None:
    generator = np.random.default_rng(seed)
    study = capability(_individuals(generator.normal(10, 1, count)), 6.0, 14.0)
    for index in (study.cp, study.cpk, study.pp, study.ppk):
        assert index.low is not None and index.high is not None and index.value is not None
        assert index.low < index.value < index.high
    assert study.cpk.value <= study.cp.value  # type: ignore[operator]
    assert study.ppk.value <= study.pp.value  # type: ignore[operator]
