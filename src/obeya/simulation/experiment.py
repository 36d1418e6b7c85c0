"""Replications of a line: independent seeded streams, run over a process pool.

Replication r of seed s always draws from the same streams, whatever the number of
workers, so the same seed gives the same answer on 1 or 16 cores. Stream layout: the
seed's `SeedSequence` spawns one child per replication; each child spawns one stream
for arrivals and three per station (process, up, repair). What-if scenarios reuse the
same layout, so a changed station keeps its own streams (common random numbers).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from obeya.simulation.line_build import stream_count
from obeya.simulation.line_calendar import to_calendar
from obeya.simulation.line_model import LineModel
from obeya.simulation.line_spec import LineSpec
from obeya.simulation.statistics import ReplicationFigures, Summary, summarize

Progress = Callable[[int], None]


def replication_streams(spec: LineSpec, replication: int) -> list[np.random.Generator]:
    """The random streams of replication number `replication` (from 0) of `spec.seed`."""
    children = np.random.SeedSequence(spec.seed).spawn(replication + 1)
    streams = children[replication].spawn(stream_count(spec))
    return [np.random.Generator(np.random.PCG64(child)) for child in streams]


def run_replication(spec: LineSpec, replication: int) -> ReplicationFigures:
    """Simulate replication number `replication` (from 0) of `spec`.

    A line with a calendar runs on the scheduled clock; rates come back per calendar time.
    """
    streams = replication_streams(spec, replication)
    if spec.calendar is None:
        return LineModel(spec, streams).run()
    figures = LineModel(spec.calendar.warp(spec), streams).run()
    return to_calendar(figures, spec.calendar.scheduled_share(spec))


def run_replications(
    spec: LineSpec, workers: int | None = None, progress: Progress | None = None
) -> list[ReplicationFigures]:
    """All `spec.replications` replications, in replication order.

    `workers` is the number of processes (None: every core; 1: in this process);
    `progress` is called with the number of replications finished so far.
    """
    count = spec.replications
    workers = min(workers or os.cpu_count() or 1, count)
    if workers <= 1:
        return _run_here(spec, range(count), progress)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_replication, spec, r) for r in range(count)]
        results: list[ReplicationFigures] = []
        for future in futures:
            results.append(future.result())
            if progress is not None:
                progress(len(results))
        return results


def run_experiment(
    spec: LineSpec, workers: int | None = None, progress: Progress | None = None
) -> Summary:
    """Replicate `spec` and summarize: mean and 95 % CI of every figure."""
    runs = run_replications(spec, workers, progress)
    return summarize([station.id for station in spec.stations], runs)


def _run_here(
    spec: LineSpec, replications: Sequence[int], progress: Progress | None
) -> list[ReplicationFigures]:
    results: list[ReplicationFigures] = []
    for replication in replications:
        results.append(run_replication(spec, replication))
        if progress is not None:
            progress(len(results))
    return results
