"""The tabu search: valid schedules, never worse than its start, repeatable, effective."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from jobshop_strategies import job_shops

from obeya.scheduling.formats import read_instance
from obeya.scheduling.jobshop.heuristics import RULES, dispatch_schedule
from obeya.scheduling.jobshop.problem import (
    JobShopProblem,
    Mode,
    Operation,
    Schedule,
    ScheduledOperation,
)
from obeya.scheduling.jobshop.tabu import TabuSearch
from obeya.scheduling.jobshop.validate import validate


def problems() -> st.SearchStrategy[JobShopProblem]:
    """Random (flexible) job shops up to 5 jobs x 4 machines; zero durations included."""
    return job_shops(max_jobs=5, max_machines=4, max_operations=5, max_duration=12)


def start_schedule(problem: JobShopProblem, seed: int) -> Schedule:
    """A dispatching schedule with random tie-breaks: a varied feasible start."""
    rule = list(RULES.values())[seed % len(RULES)]
    return dispatch_schedule(problem, rule, random.Random(seed))


@given(problem=problems(), seed=st.integers(0, 10_000))
@settings(max_examples=150, deadline=None)
def test_the_best_schedule_is_valid_and_never_longer_than_the_start(
    problem: JobShopProblem, seed: int
) -> None:
    start = start_schedule(problem, seed)
    search = TabuSearch(problem, start, seed)
    search.run(300)
    best = search.best_schedule()
    assert validate(problem, best) == []
    assert best.makespan == search.best_makespan
    assert best.makespan <= start.makespan


@given(problem=problems(), seed=st.integers(0, 10_000))
@settings(max_examples=40, deadline=None)
def test_running_in_slices_gives_the_same_search_as_one_run(
    problem: JobShopProblem, seed: int
) -> None:
    start = start_schedule(problem, seed)
    whole = TabuSearch(problem, start, seed)
    whole.run(400)
    sliced = TabuSearch(problem, start, seed)
    for _ in range(8):
        sliced.run(50)
    assert sliced.iterations == whole.iterations
    assert sliced.best_schedule() == whole.best_schedule()


def test_the_same_seed_repeats_the_search_and_another_seed_differs(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    start = start_schedule(problem, 0)
    runs = []
    for seed in (1, 1, 2):
        search = TabuSearch(problem, start, seed)
        search.run(3000)
        runs.append(search.best_schedule())
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_it_reaches_the_optimum_of_ft06(shared_instance: Callable[[str], Path]) -> None:
    """Fisher and Thompson's 6x6 instance: optimal makespan 55 (Fisher & Thompson 1963)."""
    problem = read_instance(shared_instance("jobshop/ft06.txt"))
    search = TabuSearch(problem, start_schedule(problem, 0), 0)
    search.run(20_000)
    assert search.best_makespan == 55
    assert not search.finished  # the trivial lower bound is below 55


def test_it_stops_at_a_proven_lower_bound(shared_instance: Callable[[str], Path]) -> None:
    problem = read_instance(shared_instance("jobshop/ft06.txt"))
    search = TabuSearch(problem, start_schedule(problem, 0), 0, lower_bound=55)
    search.run(1_000_000)
    assert search.best_makespan == 55
    assert search.finished
    assert search.iterations < 1_000_000


def test_it_improves_ft10_well_below_the_dispatching_rules(
    shared_instance: Callable[[str], Path],
) -> None:
    """ft10 (10x10, optimum 930): 20,000 iterations come within 3 % of the optimum."""
    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    start = start_schedule(problem, 0)
    search = TabuSearch(problem, start, 0)
    search.run(20_000)
    assert start.makespan > 1000
    assert 930 <= search.best_makespan <= 958


def test_an_operation_moves_to_another_machine_when_that_shortens_the_schedule() -> None:
    """Four 5-unit operations that may run on either machine, all started on machine 0."""
    either = Operation((Mode(0, 5), Mode(1, 5)))
    problem = JobShopProblem(2, tuple((either,) for _ in range(4)))
    start = Schedule.of([ScheduledOperation(job, 0, 0, 5 * job, 5 * job + 5) for job in range(4)])
    search = TabuSearch(problem, start, 0)
    search.run(100)
    best = search.best_schedule()
    assert best.makespan == 10
    assert sorted(entry.machine for entry in best.operations) == [0, 0, 1, 1]


def test_a_flexible_instance_reaches_its_optimum(shared_instance: Callable[[str], Path]) -> None:
    """Brandimarte's mk01 (1993): the optimum 40 is its lower bound (Mastrolilli 2000)."""
    problem = read_instance(shared_instance("fjsp/brandimarte/mk01.txt"))
    start = start_schedule(problem, 0)
    search = TabuSearch(problem, start, 0, lower_bound=40)
    search.run(200_000)
    assert start.makespan > 40
    assert search.best_makespan == 40
    assert validate(problem, search.best_schedule()) == []


def test_a_stopped_search_is_not_driven_further(shared_instance: Callable[[str], Path]) -> None:
    """The solve phase stops searches that stalled near the bound; the driver obeys."""
    import time

    from obeya.scheduling.jobshop.solve import _search_until

    problem = read_instance(shared_instance("jobshop/ft10.txt"))
    search = TabuSearch(problem, start_schedule(problem, 0), 0)
    search.stop()
    _search_until(search, time.monotonic() + 60)
    assert search.stopped
    assert search.iterations == 0
