"""Plant schedules and the disruptions that trigger rescheduling (CONTRACTS.md section 8).

A `Schedule` is what the plant scheduler answers: operations on machines with workers,
the objective figures, late orders with their causes, orders it could not schedule and,
for a reschedule, the changes against the schedule it replaces. Its lifecycle:

    draft -> published -> superseded

Disruptions are parsed from the event strings of the contract, e.g.
`machine-down:L1-CNC2@2026-11-24T08:00:00+01:00+4h`; a bad string raises InputError
naming the part that is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cached_property

from obeya.domain.errors import InputError, InvalidTransitionError
from obeya.domain.identifiers import check_identifier
from obeya.domain.times import format_timestamp, parse_duration, parse_timestamp


class ScheduleStatus(StrEnum):
    """Where a schedule is in its lifecycle."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class SolveStatus(StrEnum):
    """What the solver proved: the `status` of the JSON answer."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


@dataclass(frozen=True)
class CrewPiece:
    """One worker's part of an operation handed over at shift change, in aware UTC."""

    worker_id: str
    start_at: datetime
    end_at: datetime


@dataclass(frozen=True)
class ScheduledOperation:
    """One routing step of one order placed on a machine, in aware UTC.

    `worker_id` names the assigned worker (None when the step needs no skill); when the
    operation is handed over at shift change, `crew` lists who works when (one piece
    after the other from start to end) and `worker_id` is the first piece's worker;
    an empty `crew` means `worker_id` works the whole operation.
    `changeover_min` is the family changeover that precedes it on its machine;
    `fixed` marks work that was done or running when the schedule was made.
    """

    order_id: str
    step: int
    machine_id: str
    start_at: datetime
    end_at: datetime
    worker_id: str | None = None
    product_id: str = ""
    changeover_min: float = 0.0
    fixed: bool = False
    crew: tuple[CrewPiece, ...] = ()

    @property
    def staffing(self) -> tuple[CrewPiece, ...]:
        """Who works when: the crew, else the worker for the whole operation (or none)."""
        if self.crew:
            return self.crew
        if self.worker_id is None:
            return ()
        return (CrewPiece(self.worker_id, self.start_at, self.end_at),)


@dataclass(frozen=True)
class LateOrder:
    """An order that ends after its due date, with the causes on its critical path."""

    order_id: str
    due_at: datetime
    end_at: datetime
    late_min: int
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unscheduled:
    """An order the scheduler could not place, and why."""

    order_id: str
    reason: str


@dataclass(frozen=True)
class ScheduleChange:
    """How one operation moved against the schedule a reschedule replaces."""

    order_id: str
    step: int
    from_machine: str | None
    to_machine: str | None
    from_start_at: datetime | None
    to_start_at: datetime | None


@dataclass(frozen=True)
class ScheduleObjective:
    """Objective figures in minutes: tardiness weighted by priority, makespan, changeovers."""

    weighted_tardiness_min: int = 0
    makespan_min: int = 0
    changeover_min: int = 0


@dataclass(frozen=True)
class Schedule:
    """A plant schedule as the scheduler answers it."""

    schedule_id: str
    created_at: datetime
    operations: tuple[ScheduledOperation, ...]
    objective: ScheduleObjective = ScheduleObjective()
    solve_status: SolveStatus = SolveStatus.FEASIBLE
    status: ScheduleStatus = ScheduleStatus.DRAFT
    late_orders: tuple[LateOrder, ...] = ()
    unscheduled: tuple[Unscheduled, ...] = ()
    changes: tuple[ScheduleChange, ...] | None = None
    previous_id: str | None = None
    disruptions: tuple[str, ...] = ()

    def operation(self, order_id: str, step: int) -> ScheduledOperation | None:
        """The operation of this order and step, or None when it is not scheduled."""
        return self._by_key.get((order_id, step))

    @cached_property
    def _by_key(self) -> dict[tuple[str, int], ScheduledOperation]:
        return {(operation.order_id, operation.step): operation for operation in self.operations}

    def publish(self) -> Schedule:
        """draft -> published."""
        return self._moved_to(ScheduleStatus.PUBLISHED, ScheduleStatus.DRAFT)

    def supersede(self) -> Schedule:
        """published -> superseded (a newer schedule replaced it)."""
        return self._moved_to(ScheduleStatus.SUPERSEDED, ScheduleStatus.PUBLISHED)

    def _moved_to(self, status: ScheduleStatus, required: ScheduleStatus) -> Schedule:
        if self.status != required:
            raise InvalidTransitionError(
                f"schedule {self.schedule_id} is {self.status}; it cannot become {status}"
            )
        return replace(self, status=status)


# --- disruptions -------------------------------------------------------------------------


@dataclass(frozen=True)
class MachineDown:
    """The machine is down from `start_at` to `end_at` (None: until further notice)."""

    machine_id: str
    start_at: datetime
    end_at: datetime | None = None


@dataclass(frozen=True)
class MachineUp:
    """The machine is back at `at` (ends an open-ended or longer down period)."""

    machine_id: str
    at: datetime


@dataclass(frozen=True)
class WorkerAbsent:
    """The worker is absent from `start_at` to `end_at`."""

    worker_id: str
    start_at: datetime
    end_at: datetime


@dataclass(frozen=True)
class RushOrder:
    """The order becomes the most urgent one."""

    order_id: str


@dataclass(frozen=True)
class MaterialLate:
    """The order's material arrives only at `available_at`."""

    order_id: str
    available_at: datetime


@dataclass(frozen=True)
class OperationLong:
    """The operation of this order and step takes `extra` longer than planned."""

    order_id: str
    step: int
    extra: timedelta


Disruption = MachineDown | MachineUp | WorkerAbsent | RushOrder | MaterialLate | OperationLong

_DURATION_TAIL = re.compile(r"[0-9]+[dhms](?:[0-9]+[dhms])*")


def parse_disruption(text: str) -> Disruption:
    """Parse one disruption event string of CONTRACTS.md section 8.

    Raises:
        InputError: naming the part of the string that is wrong.
    """
    kind, colon, body = text.strip().partition(":")
    if not colon or not body:
        raise InputError(f"event {text!r}: expected KIND:DETAILS, e.g. machine-down:M1@TIME+4h")
    parser = _PARSERS.get(kind)
    if parser is None:
        raise InputError(
            f"event {text!r}: unknown kind {kind!r}; expected one of {', '.join(_PARSERS)}"
        )
    return parser(body, text)


def format_disruption(disruption: Disruption) -> str:
    """The event string of a disruption (the inverse of `parse_disruption`)."""
    match disruption:
        case MachineDown(machine_id, start_at, end_at):
            tail = "" if end_at is None else f"+{_minutes(end_at - start_at)}m"
            return f"machine-down:{machine_id}@{format_timestamp(start_at)}{tail}"
        case MachineUp(machine_id, at):
            return f"machine-up:{machine_id}@{format_timestamp(at)}"
        case WorkerAbsent(worker_id, start_at, end_at):
            minutes = _minutes(end_at - start_at)
            return f"worker-absent:{worker_id}@{format_timestamp(start_at)}+{minutes}m"
        case RushOrder(order_id):
            return f"rush-order:{order_id}"
        case MaterialLate(order_id, available_at):
            return f"material-late:{order_id}@{format_timestamp(available_at)}"
        case OperationLong(order_id, step, extra):
            return f"operation-long:{order_id}/{step}+{_minutes(extra)}m"


def _minutes(span: timedelta) -> int:
    return int(span.total_seconds() // 60)


def _split_at(body: str, text: str, what: str) -> tuple[str, str]:
    name, at, rest = body.partition("@")
    if not at or not rest:
        raise InputError(f"event {text!r}: expected {what}@TIME")
    return check_identifier(name, f"event {text!r}: {what}"), rest


def _split_duration(rest: str) -> tuple[str, str | None]:
    head, plus, tail = rest.rpartition("+")
    if plus and _DURATION_TAIL.fullmatch(tail):
        return head, tail
    return rest, None


def _time(part: str, text: str, what: str) -> datetime:
    return parse_timestamp(part, f"event {text!r}: {what}")


def _duration(part: str, text: str) -> timedelta:
    return parse_duration(part, f"event {text!r}: duration")


def _machine_down(body: str, text: str) -> Disruption:
    machine_id, rest = _split_at(body, text, "MACHINE")
    start, tail = _split_duration(rest)
    start_at = _time(start, text, "start")
    end_at = None if tail is None else start_at + _duration(tail, text)
    return MachineDown(machine_id, start_at, end_at)


def _machine_up(body: str, text: str) -> Disruption:
    machine_id, rest = _split_at(body, text, "MACHINE")
    return MachineUp(machine_id, _time(rest, text, "time"))


def _worker_absent(body: str, text: str) -> Disruption:
    worker_id, rest = _split_at(body, text, "WORKER")
    start, tail = _split_duration(rest)
    if tail is None:
        raise InputError(f"event {text!r}: expected WORKER@START+DURATION (duration like 4h)")
    start_at = _time(start, text, "start")
    return WorkerAbsent(worker_id, start_at, start_at + _duration(tail, text))


def _rush_order(body: str, text: str) -> Disruption:
    return RushOrder(check_identifier(body, f"event {text!r}: ORDER"))


def _material_late(body: str, text: str) -> Disruption:
    order_id, rest = _split_at(body, text, "ORDER")
    return MaterialLate(order_id, _time(rest, text, "time"))


def _operation_long(body: str, text: str) -> Disruption:
    target, plus, tail = body.rpartition("+")
    order_id, slash, step = target.partition("/")
    if not plus or not slash:
        raise InputError(f"event {text!r}: expected ORDER/STEP+DURATION, e.g. WO-1/20+30m")
    if not step.isdigit():
        raise InputError(f"event {text!r}: STEP {step!r} is not a step number")
    order = check_identifier(order_id, f"event {text!r}: ORDER")
    return OperationLong(order, int(step), _duration(tail, text))


_PARSERS = {
    "machine-down": _machine_down,
    "machine-up": _machine_up,
    "worker-absent": _worker_absent,
    "rush-order": _rush_order,
    "material-late": _material_late,
    "operation-long": _operation_long,
}
