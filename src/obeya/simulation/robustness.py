"""Schedule robustness: execute a plant schedule under variable durations, many times.

Execution keeps the schedule's decisions (machine and sequence on each machine) and
shifts work right when reality is slower: an operation starts at the latest of its
planned start, the end of the previous operation on its machine and the end of the
previous step of its order. Its duration is the planned duration times a lognormal
factor of mean 1 and coefficient of variation `duration_cv` (operations marked `fixed`,
already done or running, keep their times).

Per order: the probability of finishing by the due date and the expected tardiness
(minutes). Per machine: expected idle time (minutes without work between the schedule's
start and the machine's last end) and expected blocked time: the part of that idle
time when the next operation's planned start had come but its order's previous step
was not finished (the machine waits on upstream work, the schedule's slack ran out).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from obeya.domain.schedules import Schedule, ScheduledOperation


@dataclass(frozen=True)
class OrderRobustness:
    """How reliably one order finishes on time."""

    order_id: str
    on_time_probability: float
    expected_tardiness_min: float


@dataclass(frozen=True)
class MachineRobustness:
    """Expected idle and blocked minutes of one machine."""

    machine_id: str
    expected_idle_min: float
    expected_blocked_min: float


@dataclass(frozen=True)
class RobustnessReport:
    """The answer of `schedule_robustness`."""

    replications: int
    orders: tuple[OrderRobustness, ...]
    machines: tuple[MachineRobustness, ...]

    def as_json(self) -> dict[str, object]:
        """JSON-ready figures, minutes and probabilities rounded to 4 decimals."""
        return {
            "replications": self.replications,
            "orders": [
                {
                    "order": o.order_id,
                    "on_time_probability": round(o.on_time_probability, 4),
                    "expected_tardiness_min": round(o.expected_tardiness_min, 4),
                }
                for o in self.orders
            ],
            "machines": [
                {
                    "machine": m.machine_id,
                    "expected_idle_min": round(m.expected_idle_min, 4),
                    "expected_blocked_min": round(m.expected_blocked_min, 4),
                }
                for m in self.machines
            ],
        }


def schedule_robustness(
    schedule: Schedule,
    due_at: Mapping[str, datetime],
    replications: int = 200,
    seed: int = 1,
    duration_cv: float = 0.2,
) -> RobustnessReport:
    """Execute `schedule` `replications` times with random durations; summarize.

    `due_at` gives each order's due date (orders without one are never late).
    Raises:
        ValueError: when replications < 1 or duration_cv < 0.
    """
    if replications < 1 or duration_cv < 0:
        raise ValueError("replications must be >= 1 and duration_cv >= 0")
    operations = sorted(schedule.operations, key=lambda op: (op.start_at, op.order_id, op.step))
    if not operations:
        return RobustnessReport(replications, (), ())
    origin = operations[0].start_at
    sigma = math.sqrt(math.log(1 + duration_cv**2))
    on_time: dict[str, int] = defaultdict(int)
    tardiness: dict[str, float] = defaultdict(float)
    idle: dict[str, float] = defaultdict(float)
    blocked: dict[str, float] = defaultdict(float)
    for child in np.random.SeedSequence(seed).spawn(replications):
        factors = np.random.default_rng(child).lognormal(-sigma * sigma / 2, sigma, len(operations))
        ends = _execute(operations, factors.tolist(), origin, idle, blocked)
        for order_id, end_min in ends.items():
            due = due_at.get(order_id)
            late = 0.0 if due is None else max(0.0, end_min - _minutes(due, origin))
            on_time[order_id] += late <= 1e-9
            tardiness[order_id] += late
    orders = tuple(
        OrderRobustness(order_id, on_time[order_id] / replications, total / replications)
        for order_id, total in sorted(tardiness.items())
    )
    machines = tuple(
        MachineRobustness(
            machine_id, idle[machine_id] / replications, blocked[machine_id] / replications
        )
        for machine_id in sorted(idle)
    )
    return RobustnessReport(replications, orders, machines)


def _execute(
    operations: list[ScheduledOperation],
    factors: list[float],
    origin: datetime,
    idle: dict[str, float],
    blocked: dict[str, float],
) -> dict[str, float]:
    """One execution (minutes from `origin`); adds idle and blocked minutes; order ends."""
    machine_free: dict[str, float] = {}
    order_end: dict[str, float] = {}
    for operation, factor in zip(operations, factors, strict=True):
        planned_start = _minutes(operation.start_at, origin)
        duration = _minutes(operation.end_at, origin) - planned_start
        ready = order_end.get(operation.order_id, 0.0)
        free = machine_free.get(operation.machine_id, 0.0)
        if operation.fixed:
            start, factor = planned_start, 1.0
        else:
            start = max(planned_start, free, ready)
            blocked[operation.machine_id] += max(0.0, ready - max(planned_start, free))
        idle[operation.machine_id] += max(0.0, start - free)
        end = start + duration * factor
        machine_free[operation.machine_id] = end
        order_end[operation.order_id] = max(order_end.get(operation.order_id, 0.0), end)
    return order_end


def _minutes(moment: datetime, origin: datetime) -> float:
    return (moment - origin).total_seconds() / 60
