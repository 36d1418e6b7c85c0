"""Plant scheduling: finite capacity on calendars, CP-SAT with LNS, rescheduling, causes.

Entry points: `solve_plan`, `reschedule`, `validate_plan`, `schedule_answer`.
"""

from __future__ import annotations

from obeya.scheduling.plant.answer import schedule_answer
from obeya.scheduling.plant.check import validate_plan
from obeya.scheduling.plant.reschedule import reschedule
from obeya.scheduling.plant.solve import InfeasibleScheduleError, solve_plan
from obeya.scheduling.plant.validate import validate

__all__ = [
    "InfeasibleScheduleError",
    "reschedule",
    "schedule_answer",
    "solve_plan",
    "validate",
    "validate_plan",
]
