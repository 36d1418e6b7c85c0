"""Independent feasibility checker for plant schedules: no solver, no placement code.

`validate(problem, schedule)` returns one message per violation (empty: feasible):
unknown or duplicate operations, missing steps, ineligible machines, locked work moved,
release and material dates, durations in working time, non-working time used (a
pausable operation may pause over it), precedence within orders, overlaps and
changeover gaps per machine, and workers: qualified, on shift, not double-booked. An
operation handed over at shift change is checked piece by piece: its crew must follow
on without a gap from its start to its end, so every working minute has one worker.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

from obeya.domain.schedules import Schedule, ScheduledOperation
from obeya.scheduling.plant.problem import (
    CrewSpan,
    Operation,
    Placement,
    Problem,
    WorkerCalendar,
)

Item = tuple[Operation, Placement]
Booking = tuple[int, int, Operation]


def validate(problem: Problem, schedule: Schedule) -> list[str]:
    """Every violation of the problem's rules in the schedule, as messages for people."""
    errors: list[str] = []
    items = _items(problem, schedule.operations, errors)
    _check_completeness(problem, schedule, items, errors)
    for operation, placement in items:
        errors.extend(_check_operation(problem, operation, placement))
    _check_precedence(problem, items, errors)
    _check_machines(problem, items, errors)
    _check_workers(problem, items, errors)
    return errors


def _name(operation: Operation) -> str:
    return f"order {operation.order_id} step {operation.step}"


def _items(
    problem: Problem, operations: Iterable[ScheduledOperation], errors: list[str]
) -> list[Item]:
    known = {(op.order_id, op.step): op for op in problem.operations}
    seen: set[tuple[str, int]] = set()
    items: list[Item] = []
    for scheduled in operations:
        key = (scheduled.order_id, scheduled.step)
        if key not in known:
            errors.append(f"order {key[0]} step {key[1]}: not an operation of the problem")
            continue
        if key in seen:
            errors.append(f"order {key[0]} step {key[1]}: scheduled twice")
            continue
        seen.add(key)
        items.append((known[key], Placement.of(scheduled, problem.origin)))
    return items


def _check_completeness(
    problem: Problem, schedule: Schedule, items: list[Item], errors: list[str]
) -> None:
    placed = {operation.index for operation, _ in items}
    unscheduled = {item.order_id for item in schedule.unscheduled}
    for target in problem.orders:
        missing = [i for i in target.operations if i not in placed]
        if missing and target.order_id not in unscheduled:
            steps = ", ".join(str(problem.operations[i].step) for i in missing)
            errors.append(
                f"order {target.order_id}: steps {steps} neither scheduled nor unscheduled"
            )


def _check_operation(problem: Problem, operation: Operation, placement: Placement) -> list[str]:
    name = _name(operation)
    if operation.locked is not None:
        if placement != operation.locked:
            return [f"{name}: done, running or frozen work was moved"]
        return []
    if placement.machine_id not in operation.durations:
        return [f"{name}: machine {placement.machine_id} is not eligible"]
    errors: list[str] = []
    if placement.start < max(0, operation.release):
        errors.append(f"{name}: starts before its release, material date or now")
    duration = operation.durations[placement.machine_id]
    working = problem.machines[placement.machine_id].working
    if operation.pausable:
        if working.working_between(placement.start, placement.end) != duration:
            errors.append(f"{name}: does not get exactly {duration} working minutes")
        if not (
            working.covers(placement.start, placement.start + 1)
            and working.covers(placement.end - 1, placement.end)
        ):
            errors.append(f"{name}: starts or ends in non-working time")
    else:
        if placement.end - placement.start != duration:
            errors.append(f"{name}: lasts {placement.end - placement.start} min, not {duration}")
        if not working.covers(placement.start, placement.end):
            errors.append(f"{name}: not pausable but runs into non-working time")
    return errors


def _check_precedence(problem: Problem, items: list[Item], errors: list[str]) -> None:
    ends = {operation.index: placement.end for operation, placement in items}
    for operation, placement in items:
        before = operation.predecessor
        if before is not None and before in ends and ends[before] > placement.start:
            errors.append(f"{_name(operation)}: starts before the previous step ends")


def _check_machines(problem: Problem, items: list[Item], errors: list[str]) -> None:
    by_machine: dict[str, list[Item]] = {}
    for item in items:
        by_machine.setdefault(item[1].machine_id, []).append(item)
    for machine_id, group in by_machine.items():
        group.sort(key=lambda item: (item[1].start, item[1].end))
        for (first, one), (second, two) in itertools.pairwise(group):
            if two.start < one.end:
                errors.append(f"machine {machine_id}: {_name(first)} and {_name(second)} overlap")
                continue
            if second.locked is not None:
                continue  # both already ran or are frozen: the gap is history
            needed = problem.changeover_min(first.family, second.family)
            calendar = problem.machines.get(machine_id)
            if (
                needed
                and calendar
                and calendar.working.working_between(one.end, two.start) < needed
            ):
                errors.append(
                    f"machine {machine_id}: no {needed} min changeover before {_name(second)}"
                )


def _check_workers(problem: Problem, items: list[Item], errors: list[str]) -> None:
    workers = {worker.worker_id: worker for worker in problem.workers}
    by_worker: dict[str, list[Booking]] = {}
    for operation, placement in items:
        if operation.skill is None or operation.locked is not None:
            continue
        errors.extend(_check_crew(problem, workers, operation, placement))
        for worker_id, start, end in placement.staffing:
            by_worker.setdefault(worker_id, []).append((start, end, operation))
    for operation, placement in items:
        if operation.locked is None:
            continue
        for worker_id, start, end in placement.staffing:
            if worker_id in by_worker:
                by_worker[worker_id].append((start, end, operation))
    for worker_id, group in by_worker.items():
        group.sort(key=lambda booking: booking[0])
        for (_, first_end, first), (second_start, _, second) in itertools.pairwise(group):
            if second_start < first_end:
                errors.append(
                    f"worker {worker_id}: {_name(first)} and {_name(second)} at the same time"
                )


def _check_crew(
    problem: Problem,
    workers: Mapping[str, WorkerCalendar],
    operation: Operation,
    placement: Placement,
) -> list[str]:
    """The staffing of one operation: a gapless crew of qualified workers on shift."""
    name = _name(operation)
    crew = placement.staffing
    if not crew or any(worker_id not in workers for worker_id, _, _ in crew):
        return [f"{name}: needs a worker with skill {operation.skill}"]
    errors = _check_cover(name, placement, crew)
    if placement.crew and placement.worker_id != crew[0][0]:
        errors.append(f"{name}: worker {placement.worker_id} does not start the crew")
    calendar = problem.machines.get(placement.machine_id)
    for worker_id, start, end in crew:
        worker = workers[worker_id]
        if operation.skill not in worker.skills:
            errors.append(f"{name}: worker {worker_id} lacks {operation.skill}")
        pieces = calendar.working.pieces(start, end) if calendar else []
        if not all(worker.on_shift.covers(low, high) for low, high in pieces):
            errors.append(f"{name}: worker {worker_id} is not on shift")
    return errors


def _check_cover(name: str, placement: Placement, crew: tuple[CrewSpan, ...]) -> list[str]:
    """The crew's pieces follow each other without gap or overlap from start to end."""
    bounds = [placement.start]
    for _, start, end in crew:
        if start != bounds[-1] or end <= start:
            return [f"{name}: the crew does not cover it from start to end without a gap"]
        bounds.append(end)
    if bounds[-1] != placement.end:
        return [f"{name}: the crew does not cover it from start to end without a gap"]
    return []
