"""The independent checker catches each kind of infeasibility in hand-made schedules."""

from __future__ import annotations

import pytest

from obeya.domain.errors import InputError
from obeya.scheduling.jobshop.problem import (
    JobShopProblem,
    Mode,
    Operation,
    Schedule,
    ScheduledOperation,
)
from obeya.scheduling.jobshop.validate import ViolationKind, validate


def entry(job: int, op: int, machine: int, start: int, end: int) -> ScheduledOperation:
    return ScheduledOperation(job, op, machine, start, end)


GOOD = [entry(0, 0, 0, 0, 3), entry(0, 1, 1, 3, 5), entry(1, 0, 1, 0, 2), entry(1, 1, 0, 3, 7)]


def kinds(problem: JobShopProblem, entries: list[ScheduledOperation]) -> set[ViolationKind]:
    return {violation.kind for violation in validate(problem, Schedule.of(entries))}


def test_a_feasible_schedule_has_no_violation(two_by_two_problem: JobShopProblem) -> None:
    assert validate(two_by_two_problem, Schedule.of(GOOD)) == []
    assert Schedule.of(GOOD).makespan == 7


def test_an_operation_left_out_is_missing(two_by_two_problem: JobShopProblem) -> None:
    assert kinds(two_by_two_problem, GOOD[:3]) == {ViolationKind.MISSING}


def test_an_operation_scheduled_twice_is_a_duplicate(two_by_two_problem: JobShopProblem) -> None:
    assert kinds(two_by_two_problem, [*GOOD, entry(0, 0, 0, 10, 13)]) == {ViolationKind.DUPLICATE}


def test_an_operation_not_in_the_problem_is_unknown(two_by_two_problem: JobShopProblem) -> None:
    extra = entry(2, 0, 0, 10, 13)
    assert kinds(two_by_two_problem, [*GOOD, extra]) == {ViolationKind.UNKNOWN_OPERATION}


def test_a_start_before_zero_is_caught(two_by_two_problem: JobShopProblem) -> None:
    entries = [entry(1, 0, 1, -1, 1), *GOOD[0:2], GOOD[3]]
    assert kinds(two_by_two_problem, entries) == {ViolationKind.NEGATIVE_START}


def test_a_machine_the_operation_cannot_use_is_caught(two_by_two_problem: JobShopProblem) -> None:
    entries = [entry(0, 0, 1, 10, 13), *GOOD[1:]]
    found = kinds(two_by_two_problem, entries)
    assert ViolationKind.INELIGIBLE_MACHINE in found


def test_a_wrong_duration_is_caught(two_by_two_problem: JobShopProblem) -> None:
    entries = [entry(0, 0, 0, 0, 2), *GOOD[1:]]
    assert kinds(two_by_two_problem, entries) == {ViolationKind.WRONG_DURATION}


def test_starting_before_the_previous_operation_of_the_job_ends_is_caught(
    two_by_two_problem: JobShopProblem,
) -> None:
    entries = [GOOD[0], entry(0, 1, 1, 2, 4), GOOD[2], GOOD[3]]
    violations = validate(two_by_two_problem, Schedule.of(entries))
    assert {v.kind for v in violations} == {ViolationKind.PRECEDENCE}
    assert "job 0 operation 1 starts at 2" in violations[0].message


def test_two_operations_at_once_on_a_machine_overlap(two_by_two_problem: JobShopProblem) -> None:
    entries = [GOOD[0], GOOD[1], GOOD[2], entry(1, 1, 0, 2, 6)]
    violations = validate(two_by_two_problem, Schedule.of(entries))
    assert {v.kind for v in violations} == {ViolationKind.OVERLAP}
    assert "on machine 0" in violations[0].message


def test_an_alternative_machine_with_its_own_duration_is_accepted(
    flexible_problem: JobShopProblem,
) -> None:
    entries = [entry(0, 0, 1, 0, 6), entry(0, 1, 1, 6, 8), entry(1, 0, 0, 0, 3)]
    assert validate(flexible_problem, Schedule.of(entries)) == []


def test_the_duration_of_the_other_machine_is_wrong_on_this_one(
    flexible_problem: JobShopProblem,
) -> None:
    entries = [entry(0, 0, 1, 0, 4), entry(0, 1, 1, 6, 8), entry(1, 0, 0, 0, 3)]
    assert kinds(flexible_problem, entries) == {ViolationKind.WRONG_DURATION}


def test_zero_length_operations_overlap_nothing() -> None:
    problem = JobShopProblem(1, ((Operation((Mode(0, 5),)),), (Operation((Mode(0, 0),)),)))
    assert validate(problem, Schedule.of([entry(0, 0, 0, 0, 5), entry(1, 0, 0, 2, 2)])) == []


@pytest.mark.parametrize(
    ("machine_count", "jobs", "words"),
    [
        (0, ((Operation((Mode(0, 1),)),),), "at least one machine"),
        (1, (), "at least one job"),
        (1, ((Operation(()),),), "no eligible machine"),
        (1, ((Operation((Mode(1, 1),)),),), "machine 1 outside 0..0"),
        (1, ((Operation((Mode(0, -1),)),),), "negative duration"),
        (2, ((Operation((Mode(0, 1), Mode(0, 2))),),), "listed twice"),
    ],
)
def test_invalid_problems_are_refused_with_the_reason(
    machine_count: int, jobs: tuple[tuple[Operation, ...], ...], words: str
) -> None:
    with pytest.raises(InputError, match=words):
        JobShopProblem(machine_count, jobs)
