"""The independent feasibility checker for job shop schedules (no solver inside).

Every schedule obeya prints passes `validate()` first; a violation is a bug in the
solver, never something to show as a result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from obeya.scheduling.jobshop.problem import JobShopProblem, Schedule, ScheduledOperation


class ViolationKind(StrEnum):
    """The families of infeasibility `validate()` detects."""

    MISSING = "missing"
    UNKNOWN_OPERATION = "unknown_operation"
    DUPLICATE = "duplicate"
    NEGATIVE_START = "negative_start"
    INELIGIBLE_MACHINE = "ineligible_machine"
    WRONG_DURATION = "wrong_duration"
    PRECEDENCE = "precedence"
    OVERLAP = "overlap"


@dataclass(frozen=True)
class Violation:
    """One reason a schedule is infeasible, with a message naming the operations."""

    kind: ViolationKind
    message: str


def validate(problem: JobShopProblem, schedule: Schedule) -> list[Violation]:
    """Check `schedule` against `problem`; an empty list means feasible.

    Checks: every operation scheduled exactly once and nothing else; starts >= 0;
    each operation on an eligible machine for exactly its duration there; operations of
    a job in order (end of one <= start of the next); no two operations overlapping on
    a machine (zero-length operations overlap nothing).
    """
    violations = _check_coverage(problem, schedule)
    entries = _unique_known_entries(problem, schedule)
    for entry in entries.values():
        violations.extend(_check_entry(problem, entry))
    violations.extend(_check_precedence(problem, entries))
    violations.extend(_check_overlap(entries))
    return violations


def _name(job: int, op: int) -> str:
    return f"job {job} operation {op}"


def _check_coverage(problem: JobShopProblem, schedule: Schedule) -> list[Violation]:
    violations: list[Violation] = []
    seen: set[tuple[int, int]] = set()
    for entry in schedule.operations:
        key = (entry.job, entry.op)
        if not _is_known(problem, entry):
            message = f"{_name(*key)} is not in the problem"
            violations.append(Violation(ViolationKind.UNKNOWN_OPERATION, message))
        elif key in seen:
            message = f"{_name(*key)} is scheduled more than once"
            violations.append(Violation(ViolationKind.DUPLICATE, message))
        seen.add(key)
    for job, operations in enumerate(problem.jobs):
        for op in range(len(operations)):
            if (job, op) not in seen:
                message = f"{_name(job, op)} is not scheduled"
                violations.append(Violation(ViolationKind.MISSING, message))
    return violations


def _is_known(problem: JobShopProblem, entry: ScheduledOperation) -> bool:
    return 0 <= entry.job < problem.job_count and 0 <= entry.op < len(problem.jobs[entry.job])


def _unique_known_entries(
    problem: JobShopProblem, schedule: Schedule
) -> dict[tuple[int, int], ScheduledOperation]:
    entries: dict[tuple[int, int], ScheduledOperation] = {}
    for entry in schedule.operations:
        if _is_known(problem, entry):
            entries.setdefault((entry.job, entry.op), entry)
    return entries


def _check_entry(problem: JobShopProblem, entry: ScheduledOperation) -> list[Violation]:
    name = _name(entry.job, entry.op)
    violations: list[Violation] = []
    if entry.start < 0:
        message = f"{name} starts at {entry.start}, before 0"
        violations.append(Violation(ViolationKind.NEGATIVE_START, message))
    duration = problem.operation(entry.job, entry.op).duration_on(entry.machine)
    if duration is None:
        message = f"{name} runs on machine {entry.machine}, which is not eligible"
        violations.append(Violation(ViolationKind.INELIGIBLE_MACHINE, message))
    elif entry.end - entry.start != duration:
        message = (
            f"{name} lasts {entry.end - entry.start} on machine {entry.machine}, "
            f"its duration there is {duration}"
        )
        violations.append(Violation(ViolationKind.WRONG_DURATION, message))
    return violations


def _check_precedence(
    problem: JobShopProblem, entries: dict[tuple[int, int], ScheduledOperation]
) -> list[Violation]:
    violations: list[Violation] = []
    for job, operations in enumerate(problem.jobs):
        for op in range(1, len(operations)):
            before, after = entries.get((job, op - 1)), entries.get((job, op))
            if before is not None and after is not None and after.start < before.end:
                message = (
                    f"{_name(job, op)} starts at {after.start}, before {_name(job, op - 1)} "
                    f"ends at {before.end}"
                )
                violations.append(Violation(ViolationKind.PRECEDENCE, message))
    return violations


def _check_overlap(entries: dict[tuple[int, int], ScheduledOperation]) -> list[Violation]:
    by_machine: dict[int, list[ScheduledOperation]] = defaultdict(list)
    for entry in entries.values():
        if entry.end > entry.start:
            by_machine[entry.machine].append(entry)
    violations: list[Violation] = []
    for machine, machine_entries in sorted(by_machine.items()):
        machine_entries.sort(key=lambda entry: (entry.start, entry.end))
        latest = machine_entries[0]
        for entry in machine_entries[1:]:
            if entry.start < latest.end:
                message = (
                    f"{_name(entry.job, entry.op)} [{entry.start}, {entry.end}) overlaps "
                    f"{_name(latest.job, latest.op)} [{latest.start}, {latest.end}) "
                    f"on machine {machine}"
                )
                violations.append(Violation(ViolationKind.OVERLAP, message))
            if entry.end > latest.end:
                latest = entry
    return violations
