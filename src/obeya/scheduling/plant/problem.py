"""The plant scheduling problem as validated, solver-agnostic dataclasses.

All times are integer minutes from the origin (`now`, rounded down to the minute);
durations are working minutes. `build.problem_from_plant` makes one from the plant,
the orders and the disruptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from obeya.domain.schedules import ScheduledOperation, Unscheduled
from obeya.scheduling.plant.calendar_time import Span, WorkingTime, to_minute, to_minute_up

KEEP_MIN = 15
"""An operation keeps its place when it stays on its machine within this many minutes."""


@dataclass(frozen=True)
class ObjectiveWeights:
    """Weights of the combined objective, per minute (see docs/scheduling.md).

    tardiness: per minute late times the order's priority; makespan: per minute of the
    last end; changeover: per changeover minute; start_move: per minute an operation's
    start moves against the previous schedule; machine_change: per operation moved to
    another machine than in the previous schedule; disturbance: per untouched operation
    (`Problem.anchored`, rescheduling only) that changes machine or moves its start by
    more than `KEEP_MIN` minutes.
    """

    tardiness: int = 20
    makespan: int = 1
    changeover: int = 5
    start_move: int = 1
    machine_change: int = 120
    disturbance: int = 3000

    def __post_init__(self) -> None:
        names = ("tardiness", "makespan", "changeover", "start_move", "machine_change")
        for name in (*names, "disturbance"):
            if getattr(self, name) < 0:
                raise ValueError(f"objective weight {name} must be 0 or more")


CrewSpan = tuple[str, int, int]
"""One worker's part of a handed-over operation: worker id, start and end minute."""


@dataclass(frozen=True)
class Placement:
    """Where and when an operation runs: minutes from the origin.

    `worker_id` staffs the whole operation, unless `crew` hands it over at shift change:
    then the crew spans follow each other without a gap from `start` to `end`, and
    `worker_id` is the first span's worker.
    """

    machine_id: str
    start: int
    end: int
    worker_id: str | None = None
    crew: tuple[CrewSpan, ...] = ()

    @classmethod
    def of(cls, scheduled: ScheduledOperation, origin: datetime) -> Placement:
        """The placement of a scheduled operation, in minutes from `origin`."""
        crew = tuple(
            (
                piece.worker_id,
                to_minute(piece.start_at, origin),
                to_minute_up(piece.end_at, origin),
            )
            for piece in scheduled.crew
        )
        return cls(
            scheduled.machine_id,
            to_minute(scheduled.start_at, origin),
            to_minute_up(scheduled.end_at, origin),
            scheduled.worker_id,
            crew,
        )

    @property
    def staffing(self) -> tuple[CrewSpan, ...]:
        """Who works when: the crew, else the worker for the whole operation (or none)."""
        if self.crew:
            return self.crew
        if self.worker_id is None:
            return ()
        return ((self.worker_id, self.start, self.end),)


@dataclass(frozen=True)
class Operation:
    """One routing step of one order.

    `durations` maps each eligible machine to working minutes (quantity x cycle + setup);
    `predecessor` is the index of the order's previous operation; `release` the earliest
    start; `locked` a placement that must stay (done, running or frozen work).
    """

    index: int
    order_id: str
    step: int
    product_id: str
    family: str | None
    durations: Mapping[str, int]
    skill: str | None
    pausable: bool
    predecessor: int | None
    release: int
    locked: Placement | None = None
    done: bool = False


@dataclass(frozen=True)
class OrderTarget:
    """An order's due date (minutes), weight (priority), operations and release causes."""

    order_id: str
    due: int
    weight: int
    operations: tuple[int, ...]
    release_at: datetime | None = None
    material_at: datetime | None = None


@dataclass(frozen=True)
class MachineCalendar:
    """A machine's working time, its down periods and closures (minutes), for causes."""

    machine_id: str
    working: WorkingTime
    down: tuple[Span, ...] = ()
    closures: tuple[tuple[int, int, str], ...] = ()

    @cached_property
    def longest_stretch_min(self) -> int:
        """Minutes of the longest working stretch (what a non-pausable step can use)."""
        return max((end - start for start, end in self.working.stretches), default=0)


@dataclass(frozen=True)
class WorkerCalendar:
    """A worker's skills and on-shift time (shifts minus absences), in minutes."""

    worker_id: str
    skills: frozenset[str]
    on_shift: WorkingTime
    absent: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Everything the solvers and the checker need, in minutes from `origin`.

    `anchored` (rescheduling only) holds the operations the disruption does not touch:
    moving one of them costs `weights.disturbance` (see `repair.keep_and_insert`).
    """

    origin: datetime
    timezone: str
    horizon: int
    operations: tuple[Operation, ...]
    orders: tuple[OrderTarget, ...]
    machines: Mapping[str, MachineCalendar]
    workers: tuple[WorkerCalendar, ...]
    changeovers: Mapping[tuple[str, str], int]
    weights: ObjectiveWeights = ObjectiveWeights()
    previous: Mapping[tuple[str, int], Placement] = field(default_factory=dict)
    unscheduled: tuple[Unscheduled, ...] = ()
    anchored: frozenset[int] = frozenset()

    def changeover_min(self, from_family: str | None, to_family: str | None) -> int:
        """Changeover minutes when a machine switches families (0 when unknown/same)."""
        if from_family is None or to_family is None or from_family == to_family:
            return 0
        return self.changeovers.get((from_family, to_family), 0)

    def qualified(self, skill: str | None) -> tuple[WorkerCalendar, ...]:
        """The workers with this skill, in id order."""
        if skill is None:
            return ()
        return tuple(worker for worker in self.workers if skill in worker.skills)

    @property
    def has_changeovers(self) -> bool:
        """True when some family switch costs time."""
        return any(minutes > 0 for minutes in self.changeovers.values())

    def previous_machine(self, operation: Operation) -> str | None:
        """The machine this operation had in the previous schedule, if any."""
        placement = self.previous.get((operation.order_id, operation.step))
        return None if placement is None else placement.machine_id
