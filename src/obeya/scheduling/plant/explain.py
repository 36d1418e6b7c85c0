"""Why an order is late: walk back along its critical path and name what delayed it.

From the order's last operation back to its first, each start is bound by the order's
previous step, the machine's previous operation (busy with which orders), the release
or material date, or a gap: the machine down, a closure, off-shift time, or no
qualified worker free. Times are site-local, e.g. `machine L1-CNC2 down 2026-11-24
08:00-12:00`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from zoneinfo import ZoneInfo

from obeya.scheduling.plant.calendar_time import Span
from obeya.scheduling.plant.problem import Operation, OrderTarget, Placement, Problem

MAX_CAUSES = 6


class _Clock:
    """Formats minutes from the origin as site-local times."""

    def __init__(self, problem: Problem) -> None:
        self.origin = problem.origin
        self.zone = ZoneInfo(problem.timezone)

    def at(self, minute: int) -> str:
        moment = (self.origin + timedelta(minutes=minute)).astimezone(self.zone)
        return moment.strftime("%Y-%m-%d %H:%M")

    def span(self, start: int, end: int) -> str:
        first, last = self.at(start), self.at(end)
        if first[:10] == last[:10]:
            return f"{first}-{last[11:]}"
        return f"{first}-{last}"


def late_causes(
    problem: Problem, target: OrderTarget, placements: Mapping[int, Placement]
) -> tuple[str, ...]:
    """The causes that delayed a late order's critical path, most recent first."""
    clock = _Clock(problem)
    targets = {item.order_id: item for item in problem.orders}
    by_machine = _machine_sequences(placements)
    causes: list[str] = []
    index: int | None = target.operations[-1]
    while index is not None and len(causes) < MAX_CAUSES:
        operation = problem.operations[index]
        placement = placements[index]
        if operation.locked is not None:
            causes.append(
                f"{operation.order_id} step {operation.step} already done, running or frozen "
                f"on {placement.machine_id}"
            )
            break
        causes.extend(_stretch_causes(problem, clock, operation, placement))
        own = targets.get(operation.order_id, target)
        index = _binding(problem, clock, own, operation, placement, by_machine, placements, causes)
    if not causes:
        work = sum(min(problem.operations[i].durations.values()) for i in target.operations)
        causes.append(f"routing needs {work} working minutes; work could start only now")
    return tuple(dict.fromkeys(causes))[:MAX_CAUSES]


def _machine_sequences(placements: Mapping[int, Placement]) -> dict[str, list[tuple[int, int]]]:
    sequences: dict[str, list[tuple[int, int]]] = {}
    for index, placement in placements.items():
        sequences.setdefault(placement.machine_id, []).append((placement.start, index))
    for items in sequences.values():
        items.sort()
    return sequences


def _binding(
    problem: Problem,
    clock: _Clock,
    target: OrderTarget,
    operation: Operation,
    placement: Placement,
    by_machine: dict[str, list[tuple[int, int]]],
    placements: Mapping[int, Placement],
    causes: list[str],
) -> int | None:
    """Add the cause binding this start; return the order's previous step to follow, if any."""
    before = operation.predecessor
    predecessor_end = placements[before].end if before is not None else 0
    machine_end, busy_with, blocker = _machine_before(
        problem, operation, placement, by_machine, placements
    )
    bound = max(0, operation.release, predecessor_end, machine_end)
    if placement.start > bound:
        causes.extend(_gap_causes(problem, clock, operation, placement, bound))
    if machine_end >= max(predecessor_end, operation.release) and busy_with:
        causes.append(
            f"machine {placement.machine_id} busy with {', '.join(busy_with)} "
            f"until {clock.at(machine_end)}"
        )
        return blocker
    if operation.release > 0 and operation.release >= predecessor_end:
        causes.append(_release_cause(clock, target, operation.release))
        return None
    return before


def _machine_before(
    problem: Problem,
    operation: Operation,
    placement: Placement,
    by_machine: dict[str, list[tuple[int, int]]],
    placements: Mapping[int, Placement],
) -> tuple[int, list[str], int | None]:
    sequence = by_machine[placement.machine_id]
    position = sequence.index((placement.start, operation.index))
    orders: list[str] = []
    end = 0
    cursor = placement.start
    blocker = sequence[position - 1][1] if position > 0 else None
    for _, index in reversed(sequence[:position]):
        other = placements[index]
        if other.end < cursor - 60 or len(orders) >= 3:
            break
        end = max(end, other.end)
        order_id = problem.operations[index].order_id
        if order_id != operation.order_id and order_id not in orders:
            orders.append(order_id)
        cursor = other.start
    return end, orders, blocker


def _release_cause(clock: _Clock, target: OrderTarget, release: int) -> str:
    when = clock.at(release)
    if target.material_at is not None and (
        target.release_at is None or target.material_at >= target.release_at
    ):
        return f"material available only at {when}"
    return f"release date {when}"


def _gap_causes(
    problem: Problem, clock: _Clock, operation: Operation, placement: Placement, bound: int
) -> list[str]:
    calendar = problem.machines[placement.machine_id]
    gap: Span = (bound, placement.start)
    causes = _calendar_causes(problem, clock, placement.machine_id, gap)
    if calendar.working.working_between(*gap) > 0 and operation.skill is not None:
        causes.append(
            f"no worker with skill {operation.skill} free and on shift until "
            f"{clock.at(placement.start)}"
        )
    elif not causes:
        causes.append(
            f"calendar: machine {placement.machine_id} not working (shifts, breaks) "
            f"{clock.span(*gap)}"
        )
    return causes


def _stretch_causes(
    problem: Problem, clock: _Clock, operation: Operation, placement: Placement
) -> list[str]:
    if not operation.pausable:
        return []
    return _calendar_causes(problem, clock, placement.machine_id, (placement.start, placement.end))


def _calendar_causes(problem: Problem, clock: _Clock, machine_id: str, span: Span) -> list[str]:
    calendar = problem.machines[machine_id]
    causes: list[str] = []
    for start, end in calendar.down:
        if start < span[1] and span[0] < end:
            if end >= problem.horizon:
                causes.append(
                    f"machine {machine_id} down from {clock.at(start)} until further notice"
                )
            else:
                causes.append(f"machine {machine_id} down {clock.span(max(start, 0), end)}")
    for start, end, reason in calendar.closures:
        if start < span[1] and span[0] < end:
            causes.append(f"calendar: closure ({reason}) {clock.span(max(start, 0), end)}")
    return causes
