"""Fixtures for the job shop harness tests: small hand-made problems and shared data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from obeya.scheduling.jobshop.problem import JobShopProblem, Mode, Operation

SHARED_BENCHMARKS = Path(__file__).resolve().parents[4] / ".." / "shared" / "benchmarks"


@pytest.fixture
def shared_instance() -> Callable[[str], Path]:
    """Finds a benchmark file in ../shared/benchmarks; skips the test when it is absent."""

    def find(relative: str) -> Path:
        path = SHARED_BENCHMARKS / relative
        if not path.exists():
            pytest.skip(f"research data absent: {path}")
        return path

    return find


def single(machine: int, duration: int) -> Operation:
    """An operation with one eligible machine."""
    return Operation((Mode(machine, duration),))


@pytest.fixture
def two_by_two_problem() -> JobShopProblem:
    """Job 0: machine 0 for 3 then machine 1 for 2; job 1: machine 1 for 2 then 0 for 4."""
    return JobShopProblem(
        machine_count=2,
        jobs=((single(0, 3), single(1, 2)), (single(1, 2), single(0, 4))),
        name="two-by-two",
    )


@pytest.fixture
def flexible_problem() -> JobShopProblem:
    """Two jobs; job 0's first operation may run on machine 0 (4) or machine 1 (6)."""
    either = Operation((Mode(0, 4), Mode(1, 6)))
    return JobShopProblem(
        machine_count=2,
        jobs=((either, single(1, 2)), (single(0, 3),)),
        name="flexible",
    )
