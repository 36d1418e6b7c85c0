"""Hypothesis strategies for random (flexible) job shops, shared by the job shop tests."""

from __future__ import annotations

from hypothesis import strategies as st

from obeya.scheduling.jobshop.problem import JobShopProblem, Mode, Operation


@st.composite
def job_shops(
    draw: st.DrawFn, max_jobs: int, max_machines: int, max_operations: int, max_duration: int
) -> JobShopProblem:
    """A job shop of 1..max_jobs jobs of 1..max_operations operations on 1..max_machines
    machines; each operation has 1..all machines eligible, durations 0..max_duration."""
    machine_count = draw(st.integers(1, max_machines))
    machines = st.integers(0, machine_count - 1)
    operation = st.lists(
        st.builds(Mode, machines, st.integers(0, max_duration)),
        min_size=1,
        max_size=machine_count,
        unique_by=lambda mode: mode.machine,
    ).map(lambda modes: Operation(tuple(modes)))
    job = st.lists(operation, min_size=1, max_size=max_operations).map(tuple)
    jobs = draw(st.lists(job, min_size=1, max_size=max_jobs).map(tuple))
    return JobShopProblem(machine_count, jobs)
