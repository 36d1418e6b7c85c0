"""Fitting durations: censoring at the window edges, ranking by KS, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.simulation.fitting import EMPIRICAL_LIMIT, fit_durations, up_and_repair_times


def test_idle_time_does_not_count_as_up_time_and_edges_are_censored() -> None:
    runs = [
        ("running", 7.0),  # before the first stop: censored
        ("down", 2.0),
        ("running", 10.0),
        ("idle", 50.0),
        ("running", 5.0),
        ("down", 1.0),
        ("down", 3.0),  # the same stop, two reasons
        ("running", 4.0),
        ("down", 9.0),  # still open at the end: censored
    ]
    assert up_and_repair_times(runs) == ([15.0, 4.0], [2.0, 4.0])


def test_a_stop_running_at_the_window_start_is_left_out() -> None:
    runs = [("down", 5.0), ("running", 3.0), ("down", 2.0), ("running", 1.0)]
    assert up_and_repair_times(runs) == ([3.0], [2.0])


def test_lognormal_data_is_best_fitted_by_the_lognormal() -> None:
    values = np.random.default_rng(4).lognormal(1.0, 0.8, 3000)
    fit = fit_durations(values.tolist())
    assert fit.best.distribution["dist"] == "lognormal"
    expected_mean = float(np.exp(1.0 + 0.8**2 / 2))
    assert fit.best.distribution["mean"] == pytest.approx(expected_mean, rel=0.05)


def test_gamma_data_recovers_its_coefficient_of_variation() -> None:
    values = np.random.default_rng(5).gamma(4.0, 2.5, 3000)  # mean 10, cv 0.5
    fits = fit_durations(values.tolist()).fits
    gamma = next(f for f in fits if f.distribution["dist"] == "gamma")
    assert gamma.distribution["mean"] == pytest.approx(10.0, rel=0.03)
    assert gamma.distribution["cv"] == pytest.approx(0.5, rel=0.05)


def test_the_empirical_snippet_is_capped_and_sorted() -> None:
    values = np.random.default_rng(6).exponential(3.0, 1000).tolist()
    empirical = fit_durations(values).empirical["values"]
    assert isinstance(empirical, list) and len(empirical) == EMPIRICAL_LIMIT
    assert empirical == sorted(empirical)


@pytest.mark.parametrize("values", [[], [1.0], [1.0, 0.0], [2.0, -1.0]])
def test_too_few_or_non_positive_durations_are_refused(values: list[float]) -> None:
    with pytest.raises(ValueError, match="at least 2 durations"):
        fit_durations(values)


@given(st.lists(st.floats(0.01, 1e4), min_size=2, max_size=60))
def test_candidates_are_ranked_and_ks_statistics_are_fractions(values: list[float]) -> None:
    fit = fit_durations(values)
    statistics = [f.ks_statistic for f in fit.fits]
    assert statistics == sorted(statistics)
    assert all(0 <= value <= 1 for value in statistics)
    assert fit.count == len(values)


@given(st.lists(st.tuples(st.sampled_from(["running", "idle", "down"]), st.floats(0.1, 100))))
def test_up_and_repair_times_never_exceed_the_observed_time(
    runs: list[tuple[str, float]],
) -> None:
    ups, repairs = up_and_repair_times(runs)
    running = sum(s for state, s in runs if state == "running")
    down = sum(s for state, s in runs if state == "down")
    assert sum(ups) <= running + 1e-9 and sum(repairs) <= down + 1e-9
    assert all(value > 0 for value in ups + repairs)
