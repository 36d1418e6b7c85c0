"""Heuristics, CP-SAT, tabu search and `solve()` give valid schedules and sound bounds."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jobshop_strategies import job_shops

from obeya.domain.errors import InputError
from obeya.scheduling.formats import read_instance
from obeya.scheduling.jobshop.cpsat import IntervalModel, Restrictions, SolverSettings
from obeya.scheduling.jobshop.heuristics import (
    RULES,
    best_dispatch_schedule,
    dispatch_schedule,
    left_shift,
)
from obeya.scheduling.jobshop.problem import (
    JobShopProblem,
    Schedule,
    ScheduledOperation,
    SolveStatus,
)
from obeya.scheduling.jobshop.solve import Progress, solve
from obeya.scheduling.jobshop.validate import validate


def small_problems() -> st.SearchStrategy[JobShopProblem]:
    """Random (flexible) job shops: up to 4 jobs, 3 machines, 4 operations per job."""
    return job_shops(max_jobs=4, max_machines=3, max_operations=4, max_duration=9)


@given(problem=small_problems(), seed=st.integers(0, 1000))
@settings(max_examples=60, deadline=None)
def test_every_dispatching_rule_gives_a_valid_schedule(problem: JobShopProblem, seed: int) -> None:
    for rule in RULES.values():
        assert validate(problem, dispatch_schedule(problem, rule, random.Random(seed))) == []


@given(problem=small_problems(), seed=st.integers(0, 1000))
@settings(max_examples=60, deadline=None)
def test_left_shifting_keeps_a_schedule_valid_and_never_longer(
    problem: JobShopProblem, seed: int
) -> None:
    schedule = dispatch_schedule(problem, RULES["MWKR"], random.Random(seed))
    delay = seed % 7
    delayed = Schedule.of(
        [
            ScheduledOperation(e.job, e.op, e.machine, e.start + delay, e.end + delay)
            for e in schedule.operations
        ]
    )
    shifted = left_shift(problem, delayed)
    assert validate(problem, shifted) == []
    assert shifted.makespan <= schedule.makespan


def test_left_shifting_closes_an_idle_gap(two_by_two_problem: JobShopProblem) -> None:
    late = Schedule.of(
        [
            ScheduledOperation(0, 0, 0, 5, 8),
            ScheduledOperation(0, 1, 1, 8, 10),
            ScheduledOperation(1, 0, 1, 0, 2),
            ScheduledOperation(1, 1, 0, 9, 13),
        ]
    )
    shifted = left_shift(two_by_two_problem, late)
    assert validate(two_by_two_problem, shifted) == []
    assert [(e.start, e.end) for e in shifted.operations] == [(0, 3), (3, 5), (0, 2), (3, 7)]


@given(problem=small_problems())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_solver_schedule_is_valid_and_above_its_lower_bound(problem: JobShopProblem) -> None:
    result = solve(problem, time_limit_s=1.0, workers=1, seed=3)
    assert validate(problem, result.schedule) == []
    assert result.makespan == result.schedule.makespan
    assert result.makespan >= result.lower_bound >= problem.trivial_lower_bound()
    job_lengths = [sum(op.min_duration for op in ops) for ops in problem.jobs]
    assert result.lower_bound >= max(job_lengths)
    assert result.makespan <= best_dispatch_schedule(problem, seed=3).makespan


def test_ft06_solves_to_its_optimum_55(shared_instance: Callable[[str], Path]) -> None:
    """Fisher and Thompson (1963), the 6x6 instance: the optimal makespan is 55."""
    problem = read_instance(shared_instance("jobshop/ft06.txt"))
    result = solve(problem, time_limit_s=5.0, workers=2, seed=0)
    assert validate(problem, result.schedule) == []
    assert (result.status, result.makespan, result.lower_bound) == (SolveStatus.OPTIMAL, 55, 55)


def test_mk01_reaches_a_valid_schedule_near_its_optimum(
    shared_instance: Callable[[str], Path],
) -> None:
    """Brandimarte (1993) mk01: optimum 40 (shared best_known.json); 10 % slack allowed."""
    problem = read_instance(shared_instance("fjsp/brandimarte/mk01.txt"))
    result = solve(problem, time_limit_s=3.0, workers=2, seed=0)
    assert validate(problem, result.schedule) == []
    assert 40 <= result.makespan <= 44
    assert result.lower_bound <= 40


def test_the_hinted_model_never_lengthens_its_hint(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    start = best_dispatch_schedule(problem)
    model = IntervalModel(problem, Restrictions(horizon=start.makespan))
    model.hint(start)
    settings = SolverSettings(
        time_limit_s=60,
        workers=2,
        deterministic_limit=0.05,
        interleave=True,
    )
    outcome = model.solve(settings)
    assert outcome.schedule is not None
    assert validate(problem, outcome.schedule) == []
    assert outcome.schedule.makespan <= start.makespan


def test_a_horizon_below_every_schedule_leaves_the_search_without_a_schedule(
    two_by_two_problem: JobShopProblem,
) -> None:
    model = IntervalModel(two_by_two_problem, Restrictions(horizon=6))
    outcome = model.solve(SolverSettings(time_limit_s=5.0, workers=1))
    assert outcome.schedule is None
    assert outcome.proven


def test_the_same_seed_and_work_limit_give_the_same_schedule(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    runs = [solve(problem, time_limit_s=60, workers=2, seed=7, work_limit=0.1) for _ in range(2)]
    assert runs[0].schedule == runs[1].schedule
    assert validate(problem, runs[0].schedule) == []


def test_progress_reports_never_increase_the_makespan(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    reports: list[Progress] = []
    result = solve(problem, time_limit_s=2.0, workers=2, on_progress=reports.append)
    makespans = [report.makespan for report in reports]
    assert makespans == sorted(makespans, reverse=True)
    assert makespans[-1] == result.makespan


@pytest.mark.parametrize(("time_limit_s", "workers"), [(0.0, 1), (1.0, 0)])
def test_a_bad_time_limit_or_worker_count_is_refused(
    two_by_two_problem: JobShopProblem, time_limit_s: float, workers: int
) -> None:
    with pytest.raises(InputError):
        solve(two_by_two_problem, time_limit_s=time_limit_s, workers=workers)


def test_the_answer_json_numbers_from_zero_with_the_contract_keys(
    two_by_two_problem: JobShopProblem,
) -> None:
    answer = solve(two_by_two_problem, time_limit_s=1.0).to_json()
    assert set(answer) == {"status", "makespan", "lower_bound", "runtime_s", "schedule"}
    assert answer["status"] == "optimal"
    assert answer["makespan"] == 7
    assert {(e["job"], e["op"]) for e in answer["schedule"]} == {(0, 0), (0, 1), (1, 0), (1, 1)}
