"""The public names of the plant scheduler stay what the CLI and services import."""

from __future__ import annotations

from pathlib import Path

import obeya.scheduling.plant as plant_scheduling
from obeya.domain import schedules


def test_the_public_names_are_exactly_the_facade() -> None:
    assert sorted(plant_scheduling.__all__) == [
        "InfeasibleScheduleError",
        "reschedule",
        "schedule_answer",
        "solve_plan",
        "validate",
        "validate_plan",
    ]
    for name in plant_scheduling.__all__:
        assert getattr(plant_scheduling, name) is not None


def test_the_domain_schedules_module_imports_no_engine() -> None:
    source = Path(schedules.__file__ or "").read_text(encoding="utf-8")
    assert "ortools" not in source and "obeya.scheduling" not in source
    assert isinstance(schedules.parse_disruption("rush-order:WO-1"), schedules.RushOrder)
