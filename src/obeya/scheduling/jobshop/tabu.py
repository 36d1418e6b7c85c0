"""Tabu search for (flexible) job shops, started from a schedule (see `tabu_kernel`).

`TabuSearch` keeps one search's state between calls, so a driver can run it in slices
of iterations and look at the clock in between; `run()` releases the GIL, so searches
with different seeds run side by side in threads.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np

from obeya.scheduling.jobshop import tabu_kernel
from obeya.scheduling.jobshop.problem import (
    JobShopProblem,
    Mode,
    Operation,
    Schedule,
    ScheduledOperation,
)

_SEARCH: Callable[..., int] = tabu_kernel.search
"""The compiled search, typed for the call (numba's dispatcher takes any arguments)."""

COUNTERS = 5
STALL_ITERATIONS_PER_OPERATION = 100
"""Iterations without a new best, per operation, before going back to the best."""


def warm_up() -> None:
    """Compile the kernel now (or load it from numba's cache) on a tiny problem.

    The first call in a fresh installation compiles for some seconds and caches the
    machine code; later processes load it in about a second. `solve()` calls this
    before its clock starts, so the time limit is the search's.
    """
    global _warm
    if _warm:
        return
    problem = JobShopProblem(
        2,
        (
            (Operation((Mode(0, 2),)), Operation((Mode(1, 3), Mode(0, 4)))),
            (Operation((Mode(1, 2),)), Operation((Mode(0, 1),))),
        ),
    )
    start = Schedule.of(
        [
            ScheduledOperation(0, 0, 0, 0, 2),
            ScheduledOperation(0, 1, 1, 2, 5),
            ScheduledOperation(1, 0, 1, 0, 2),
            ScheduledOperation(1, 1, 0, 2, 3),
        ]
    )
    TabuSearch(problem, start, 0).run(5)
    _warm = True


_warm = False


def _random_state(seed: int) -> int:
    """A non-zero 64-bit xorshift state spread from `seed` (golden-ratio multiplier)."""
    return (seed * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) % 2**64 or 1


class TabuSearch:
    """One tabu search over `problem`, starting from the feasible `start` schedule."""

    def __init__(
        self, problem: JobShopProblem, start: Schedule, seed: int, lower_bound: int = 0
    ) -> None:
        self.problem = problem
        self._keys: list[tuple[int, int]] = [
            (job, index) for job, ops in enumerate(problem.jobs) for index in range(len(ops))
        ]
        number = {key: i for i, key in enumerate(self._keys)}
        n = len(self._keys)
        self._jpred = np.full(n, -1, np.int64)
        self._jsucc = np.full(n, -1, np.int64)
        for job, ops in enumerate(problem.jobs):
            for index in range(1, len(ops)):
                a, b = number[(job, index - 1)], number[(job, index)]
                self._jsucc[a], self._jpred[b] = b, a
        modes = [problem.operation(*key).modes for key in self._keys]
        self._mode_count = np.array([len(m) for m in modes], np.int64)
        self._mode_start = np.concatenate(([0], np.cumsum(self._mode_count)[:-1])).astype(np.int64)
        self._mode_machine = np.array([mode.machine for m in modes for mode in m], np.int64)
        self._mode_duration = np.array([mode.duration for m in modes for mode in m], np.int64)
        self._machine = np.zeros(n, np.int64)
        self._dur = np.zeros(n, np.int64)
        self._mpred = np.full(n, -1, np.int64)
        self._msucc = np.full(n, -1, np.int64)
        self._mfirst = np.full(problem.machine_count, -1, np.int64)
        self._mlast = np.full(problem.machine_count, -1, np.int64)
        self._load(start, number)
        self._best = [
            array.copy()
            for array in (self._machine, self._mpred, self._msucc, self._mfirst, self._mlast)
        ]
        self._tabu_order = np.zeros((n, n), np.int64)
        self._tabu_machine = np.zeros((n, problem.machine_count), np.int64)
        self._counters = np.zeros(COUNTERS, np.int64)
        self._rng = np.array(
            [(seed * 0x9E3779B97F4A7C15 + 0x2545F4914F6CDD1D) % 2**64 or 1], np.uint64
        )
        self._lower_bound = max(lower_bound, problem.trivial_lower_bound())
        self.tenure_min = max(4, round(math.sqrt(n) / 2.5))
        self.tenure_spread = max(3, 2 * self.tenure_min // 3)
        self.stall_limit = STALL_ITERATIONS_PER_OPERATION * n
        self.stopped = False

    def _load(self, schedule: Schedule, number: dict[tuple[int, int], int]) -> None:
        by_machine: dict[int, list[tuple[int, int, int]]] = {}
        for entry in schedule.operations:
            i = number[(entry.job, entry.op)]
            self._machine[i] = entry.machine
            self._dur[i] = entry.end - entry.start
            by_machine.setdefault(entry.machine, []).append((entry.start, entry.end, i))
        for machine, entries in by_machine.items():
            sequence = [i for _, _, i in sorted(entries)]
            self._mfirst[machine], self._mlast[machine] = sequence[0], sequence[-1]
            for a, b in itertools.pairwise(sequence):
                self._msucc[a], self._mpred[b] = b, a

    @property
    def iterations(self) -> int:
        """Iterations made so far."""
        return int(self._counters[0])

    @property
    def best_makespan(self) -> int:
        """The best makespan found so far (0 before the first run)."""
        return int(self._counters[1])

    def stop(self) -> None:
        """Ask the driver running this search in slices to stop after the current slice."""
        self.stopped = True

    @property
    def finished(self) -> bool:
        """True when the best makespan meets the lower bound: nothing left to find."""
        return 0 < self.best_makespan <= self._lower_bound

    def run(self, iterations: int) -> int:
        """Search `iterations` more iterations (fewer once optimal); the best makespan."""
        best = _SEARCH(
            self._jpred,
            self._jsucc,
            self._mode_start,
            self._mode_count,
            self._mode_machine,
            self._mode_duration,
            self._machine,
            self._dur,
            self._mpred,
            self._msucc,
            self._mfirst,
            self._mlast,
            *self._best,
            self._tabu_order,
            self._tabu_machine,
            self._counters,
            self._rng,
            iterations,
            self.stall_limit,
            self.tenure_min,
            self.tenure_spread,
            self._lower_bound,
        )
        return int(best)

    def best_schedule(self) -> Schedule:
        """The best schedule found, semi-active (every operation as early as possible)."""
        machine, mpred, msucc, _, _ = self._best
        n = len(self._keys)
        durations = np.array(
            [
                self.problem.operation(*key).duration_on(int(machine[i])) or 0
                for i, key in enumerate(self._keys)
            ],
            np.int64,
        )
        heads = np.zeros(n, np.int64)
        tails = np.zeros(n, np.int64)
        scratch = np.zeros(n, np.int64), np.zeros(n, np.int64)
        tabu_kernel.heads_and_tails(
            self._jpred, self._jsucc, mpred, msucc, durations, heads, tails, *scratch
        )
        return Schedule.of(
            [
                ScheduledOperation(
                    job, index, int(machine[i]), int(heads[i]), int(heads[i] + durations[i])
                )
                for i, (job, index) in enumerate(self._keys)
            ]
        )
