"""CP-SAT variables: one start/end per free operation, one optional interval per machine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from obeya.scheduling.plant.calendar_time import WorkingTime
from obeya.scheduling.plant.problem import Operation, Placement, Problem

FOLLOWERS = 12


@dataclass
class OperationVariables:
    """Start, end and per-machine presence and interval of one free operation."""

    start: cp_model.IntVar
    end: cp_model.IntVar
    interval: cp_model.IntervalVar
    presences: dict[str, cp_model.IntVar] = field(default_factory=dict)
    intervals: dict[str, cp_model.IntervalVar] = field(default_factory=dict)


@dataclass
class Variables:
    """The model, the working-minute axis and every free operation's variables.

    Times in the model are working minutes on the axis: the union of all machines'
    working time, so breaks and off-shift time take no room (see docs/scheduling.md).
    """

    model: cp_model.CpModel
    axis: WorkingTime
    horizon: int
    operations: dict[int, OperationVariables] = field(default_factory=dict)
    shiftable: set[int] = field(default_factory=set)

    def to_axis(self, minute: int) -> int:
        """A real minute (from the origin) as a working minute on the axis."""
        return self.axis.cumulative(minute)


def working_axis(problem: Problem) -> WorkingTime:
    """The union of every machine's working time."""
    stretches = [
        span for calendar in problem.machines.values() for span in calendar.working.stretches
    ]
    return WorkingTime(tuple(stretches))


def make_variables(
    problem: Problem, free: set[int], incumbent: Mapping[int, Placement], axis: WorkingTime
) -> Variables:
    """Variables of every unlocked operation: free ones choose among their machines;
    the others (shiftable) keep their incumbent machine and their order on it but may
    move in time."""
    model = cp_model.CpModel()
    latest = max((axis.cumulative(p.end) for p in incumbent.values()), default=0)
    extra = sum(
        max(problem.operations[i].durations.values())
        for i in incumbent
        if problem.operations[i].locked is None
    )
    horizon = latest + extra + 1
    variables = Variables(model, axis, horizon)
    movable = free | _followers_on_machines(problem, free, incumbent)
    for index in sorted(movable):
        operation = problem.operations[index]
        if operation.locked is not None:
            continue
        if index in free:
            durations = dict(operation.durations)
        else:
            machine_id = incumbent[index].machine_id
            durations = {machine_id: operation.durations[machine_id]}
            variables.shiftable.add(index)
        variables.operations[index] = _entry(model, axis, horizon, operation, durations)
    return variables


def _followers_on_machines(
    problem: Problem, free: set[int], incumbent: Mapping[int, Placement]
) -> set[int]:
    """Up to `FOLLOWERS` operations after the free ones on each of their machines: they
    keep machine and order but may shift, which gives the free operations room."""
    machines: dict[str, int] = {}
    for index in free:
        for machine_id in problem.operations[index].durations:
            start = incumbent[index].start
            machines[machine_id] = min(machines.get(machine_id, start), start)
    queues: dict[str, list[tuple[int, int]]] = {machine_id: [] for machine_id in machines}
    for index, placement in incumbent.items():
        first = machines.get(placement.machine_id)
        if first is not None and index not in free and placement.start >= first:
            queues[placement.machine_id].append((placement.start, index))
    chosen: set[int] = set()
    for queue in queues.values():
        chosen.update(index for _, index in sorted(queue)[:FOLLOWERS])
    return {index for index in chosen if problem.operations[index].locked is None}


def _entry(
    model: cp_model.CpModel,
    axis: WorkingTime,
    horizon: int,
    operation: Operation,
    durations: dict[str, int],
) -> OperationVariables:
    name = f"{operation.order_id}/{operation.step}"
    earliest = axis.cumulative(max(0, operation.release))
    start = model.new_int_var(earliest, max(earliest, horizon), f"start {name}")
    end = model.new_int_var(0, horizon, f"end {name}")
    size = model.new_int_var(min(durations.values()), max(durations.values()), f"size {name}")
    entry = OperationVariables(start, end, model.new_interval_var(start, size, end, name))
    for machine_id, duration in durations.items():
        present = model.new_bool_var(f"{name} on {machine_id}")
        entry.presences[machine_id] = present
        entry.intervals[machine_id] = model.new_optional_interval_var(
            start, duration, end, present, f"{name} {machine_id}"
        )
        model.add(size == duration).only_enforce_if(present)
    model.add_exactly_one(entry.presences.values())
    return entry
