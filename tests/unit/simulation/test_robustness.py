"""Schedule robustness: on-time probability, tardiness, idle and blocked time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from obeya.domain.schedules import Schedule, ScheduledOperation
from obeya.simulation.robustness import schedule_robustness

T0 = datetime(2026, 11, 23, 6, tzinfo=UTC)


def _op(order: str, step: int, machine: str, start_min: int, end_min: int) -> ScheduledOperation:
    return ScheduledOperation(
        order, step, machine, T0 + timedelta(minutes=start_min), T0 + timedelta(minutes=end_min)
    )


def _schedule() -> Schedule:
    """WO-1 saw 0-60 then lathe 60-120; WO-2 saw 60-90 then lathe 150-200."""
    return Schedule(
        "s1",
        T0,
        (
            _op("WO-1", 10, "SAW", 0, 60),
            _op("WO-1", 20, "LATHE", 60, 120),
            _op("WO-2", 10, "SAW", 60, 90),
            _op("WO-2", 20, "LATHE", 150, 200),
        ),
    )


DUE = {"WO-1": T0 + timedelta(minutes=120), "WO-2": T0 + timedelta(minutes=300)}


def test_without_variability_the_schedule_runs_as_planned() -> None:
    report = schedule_robustness(_schedule(), DUE, replications=3, duration_cv=0.0)
    assert [(o.order_id, o.on_time_probability) for o in report.orders] == [
        ("WO-1", 1.0),
        ("WO-2", 1.0),
    ]
    machines = {m.machine_id: m for m in report.machines}
    assert machines["LATHE"].expected_idle_min == pytest.approx(60 + 30)
    assert machines["SAW"].expected_idle_min == pytest.approx(0)
    assert machines["LATHE"].expected_blocked_min == pytest.approx(0)


def test_an_order_planned_to_end_at_its_due_date_is_late_about_half_the_time() -> None:
    report = schedule_robustness(_schedule(), DUE, replications=400, seed=3, duration_cv=0.3)
    first, second = report.orders
    assert 0.3 < first.on_time_probability < 0.7
    assert first.expected_tardiness_min > 0
    assert second.on_time_probability > 0.99  # 100 minutes of slack
    lathe = next(m for m in report.machines if m.machine_id == "LATHE")
    assert lathe.expected_blocked_min > 0  # the saw is sometimes late for the lathe


def test_a_late_order_reports_its_tardiness_in_minutes() -> None:
    due = {"WO-1": T0 + timedelta(minutes=100)}
    report = schedule_robustness(_schedule(), due, replications=2, duration_cv=0.0)
    assert report.orders[0].expected_tardiness_min == pytest.approx(20)
    assert report.orders[0].on_time_probability == 0.0
    assert report.as_json()["orders"][0] == {
        "order": "WO-1",
        "on_time_probability": 0.0,
        "expected_tardiness_min": 20.0,
    }


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="replications"):
        schedule_robustness(_schedule(), DUE, replications=0)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), cv=st.floats(0.0, 1.0))
def test_results_repeat_for_a_seed_and_stay_in_range(seed: int, cv: float) -> None:
    first = schedule_robustness(_schedule(), DUE, replications=20, seed=seed, duration_cv=cv)
    assert first == schedule_robustness(
        _schedule(), DUE, replications=20, seed=seed, duration_cv=cv
    )
    for order in first.orders:
        assert 0.0 <= order.on_time_probability <= 1.0 and order.expected_tardiness_min >= 0
    for machine in first.machines:
        assert 0.0 <= machine.expected_blocked_min <= machine.expected_idle_min + 1e-9
