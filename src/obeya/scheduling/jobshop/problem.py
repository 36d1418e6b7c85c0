"""Job shop problems and schedules: validated, solver-agnostic dataclasses.

A job is a sequence of operations processed in order. Each operation runs on one machine
chosen among its eligible ones (its modes: a machine and a processing time). A classic
job shop has exactly one mode per operation; a flexible job shop (FJSP) may have several.
Jobs, operations and machines are numbered from 0; times are integer time units.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from obeya.domain.errors import InputError


@dataclass(frozen=True)
class Mode:
    """One way to process an operation: on `machine` for `duration` time units."""

    machine: int
    duration: int


@dataclass(frozen=True)
class Operation:
    """An operation and the machines it may run on (at least one mode)."""

    modes: tuple[Mode, ...]

    @property
    def min_duration(self) -> int:
        """The shortest processing time over the eligible machines (time units)."""
        return min(mode.duration for mode in self.modes)

    @property
    def max_duration(self) -> int:
        """The longest processing time over the eligible machines (time units)."""
        return max(mode.duration for mode in self.modes)

    def duration_on(self, machine: int) -> int | None:
        """The processing time on `machine`, or None when the machine is not eligible."""
        for mode in self.modes:
            if mode.machine == machine:
                return mode.duration
        return None


@dataclass(frozen=True)
class JobShopProblem:
    """A (flexible) job shop instance; validated on construction.

    Raises:
        InputError: no job, no machine, an operation without a mode, a machine number
            outside `0..machine_count-1`, a negative duration, or a machine listed twice
            for one operation.
    """

    machine_count: int
    jobs: tuple[tuple[Operation, ...], ...]
    name: str = ""

    def __post_init__(self) -> None:
        if self.machine_count < 1:
            raise InputError(f"a job shop needs at least one machine, got {self.machine_count}")
        if not self.jobs:
            raise InputError("a job shop needs at least one job")
        for job, operations in enumerate(self.jobs):
            for index, operation in enumerate(operations):
                self._check_operation(job, index, operation)

    def _check_operation(self, job: int, index: int, operation: Operation) -> None:
        where = f"job {job} operation {index}"
        if not operation.modes:
            raise InputError(f"{where}: no eligible machine")
        machines = [mode.machine for mode in operation.modes]
        if len(set(machines)) != len(machines):
            raise InputError(f"{where}: a machine is listed twice")
        for mode in operation.modes:
            if not 0 <= mode.machine < self.machine_count:
                raise InputError(
                    f"{where}: machine {mode.machine} outside 0..{self.machine_count - 1}"
                )
            if mode.duration < 0:
                raise InputError(f"{where}: negative duration {mode.duration}")

    @property
    def job_count(self) -> int:
        """The number of jobs."""
        return len(self.jobs)

    @property
    def operation_count(self) -> int:
        """The number of operations over all jobs."""
        return sum(len(operations) for operations in self.jobs)

    @property
    def is_flexible(self) -> bool:
        """True when some operation has more than one eligible machine."""
        return any(len(op.modes) > 1 for ops in self.jobs for op in ops)

    def operation(self, job: int, index: int) -> Operation:
        """The operation `index` of `job` (both from 0)."""
        return self.jobs[job][index]

    def horizon(self) -> int:
        """A makespan no schedule needs to exceed: every longest mode run in series."""
        return sum(op.max_duration for ops in self.jobs for op in ops)

    def trivial_lower_bound(self) -> int:
        """max(longest job, heaviest machine load, total work spread over all machines).

        Uses each operation's shortest mode; the machine load counts only operations
        with a single eligible machine, which are sure to load it.
        """
        job_length = max(sum(op.min_duration for op in ops) for ops in self.jobs)
        loads = [0] * self.machine_count
        for ops in self.jobs:
            for op in ops:
                if len(op.modes) == 1:
                    loads[op.modes[0].machine] += op.modes[0].duration
        total = sum(op.min_duration for ops in self.jobs for op in ops)
        spread = -(-total // self.machine_count)
        return max(job_length, max(loads), spread)


@dataclass(frozen=True, order=True)
class ScheduledOperation:
    """Operation `op` of `job` runs on `machine` over `[start, end)` (time units)."""

    job: int
    op: int
    machine: int
    start: int
    end: int


@dataclass(frozen=True)
class Schedule:
    """A schedule: one entry per operation, sorted by job then operation."""

    operations: tuple[ScheduledOperation, ...]

    @property
    def makespan(self) -> int:
        """The end of the last operation (0 for an empty schedule)."""
        return max((entry.end for entry in self.operations), default=0)

    def by_key(self) -> dict[tuple[int, int], ScheduledOperation]:
        """The entries keyed by (job, op); a later duplicate wins."""
        return {(entry.job, entry.op): entry for entry in self.operations}

    @classmethod
    def of(cls, entries: list[ScheduledOperation]) -> Schedule:
        """A schedule from entries in any order."""
        return cls(tuple(sorted(entries)))


class SolveStatus(StrEnum):
    """How good the answer is: `optimal` when the makespan equals the lower bound."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
