"""Benchmark: simulation speed, the line engine against a bare SimPy model, and the plant.

1. A 5-station open tandem line (Poisson arrivals every 2 time units, exponential
   stations of mean 1, unlimited buffers) for 1,000,000 time units, about 500,000 parts.
   obeya's engine (`LineModel`, with all its statistics) beside a minimal hand-written
   SimPy model of the same line (a process per station and a `simpy.Store` per buffer,
   no statistics but the parts counted), measured in the same run with the same block
   samplers. Figures: median seconds, events per second (SimPy events scheduled) and
   parts per second; the ratio obeya speed / bare speed (target >= 0.8). The same line
   with a shared operator pool that is never short (the same parts) measures the cost
   of the operator bookkeeping against the plain engine.
2. One year of the demo plant (obeya.plantfile, about 15 machines) through
   `simulate_plant`, against its budget of 60 s on one core.

Run: `python benchmarks/simulation.py [--horizon T] [--repeat R] [--only line|plant]`.
"""

from __future__ import annotations

import argparse
import statistics
import time as clock
from collections.abc import Callable, Generator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np
import simpy

from obeya.simulation.distributions import Distribution, Sampler
from obeya.simulation.experiment import replication_streams
from obeya.simulation.line_model import LineModel
from obeya.simulation.line_spec import LineSpec, StationSpec

STATION_COUNT = 5
ARRIVAL_MEAN = 2.0
PROCESS_MEAN = 1.0


def tandem_line(horizon: float) -> LineSpec:
    """The benchmark line: 5 exponential stations, Poisson arrivals, unlimited buffers."""
    process = Distribution("exponential", {"mean": PROCESS_MEAN})
    stations = tuple(StationSpec(f"S{i + 1}", process) for i in range(STATION_COUNT))
    arrivals = Distribution("exponential", {"mean": ARRIVAL_MEAN})
    return LineSpec(stations, horizon=horizon, replications=1, seed=1, arrivals=arrivals)


def run_obeya(spec: LineSpec) -> tuple[int, int]:
    """One replication of obeya's engine: (events scheduled, parts out)."""
    model = LineModel(spec, replication_streams(spec, 0))
    figures = model.run()
    events = next(model.env._eid)  # every event scheduled on SimPy's queue
    return events, round(figures.line["throughput"] * spec.horizon)


def run_bare(spec: LineSpec) -> tuple[int, int]:
    """The same line as a textbook SimPy model: a process per station, Stores as buffers."""
    streams = replication_streams(spec, 0)
    assert spec.arrivals is not None
    arrival = spec.arrivals.sampler(streams[0])
    processes = [s.process.sampler(streams[1 + 3 * i]) for i, s in enumerate(spec.stations)]
    env = simpy.Environment()
    buffers = [simpy.Store(env) for _ in spec.stations]
    done = [0]

    def source() -> Generator[Any, Any, None]:
        while True:
            yield env.timeout(arrival())
            yield buffers[0].put(env.now)

    def station(index: int, process: Sampler) -> Generator[Any, Any, None]:
        last = index == len(buffers) - 1
        while True:
            part = yield buffers[index].get()
            yield env.timeout(process())
            if last:
                done[0] += 1
            else:
                yield buffers[index + 1].put(part)

    env.process(source())
    for index, process in enumerate(processes):
        env.process(station(index, process))
    env.run(until=spec.horizon)
    return next(env._eid), done[0]


def median_s(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median wall time of `repeat` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = clock.perf_counter()
        result = action()
        times.append(clock.perf_counter() - started)
    return statistics.median(times), result


def line_benchmark(horizon: float, repeat: int) -> None:
    """Part 1: print obeya's engine beside the bare SimPy model."""
    spec = tandem_line(horizon)
    obeya_s, obeya_result = median_s(lambda: run_obeya(spec), repeat)
    bare_s, bare_result = median_s(lambda: run_bare(spec), repeat)
    assert isinstance(obeya_result, tuple) and isinstance(bare_result, tuple)
    (obeya_events, obeya_parts), (bare_events, bare_parts) = obeya_result, bare_result
    print(f"tandem line, {STATION_COUNT} stations, horizon {horizon:,.0f}; medians of {repeat}")
    print(
        f"obeya engine     {obeya_s:7.2f} s  {obeya_events / obeya_s:11,.0f} events/s  "
        f"{obeya_parts / obeya_s:9,.0f} parts/s  ({obeya_parts:,} parts)"
    )
    print(
        f"bare SimPy model {bare_s:7.2f} s  {bare_events / bare_s:11,.0f} events/s  "
        f"{bare_parts / bare_s:9,.0f} parts/s  ({bare_parts:,} parts)"
    )
    ratio = bare_s / obeya_s
    print(f"speed ratio obeya/bare (time per part, same parts): {ratio:.2f} (target >= 0.8)")
    staffed = replace(
        spec,
        operators=STATION_COUNT,
        stations=tuple(replace(station, operator="process") for station in spec.stations),
    )
    staffed_s, staffed_result = median_s(lambda: run_obeya(staffed), repeat)
    assert isinstance(staffed_result, tuple) and staffed_result[1] == obeya_parts
    print(
        f"obeya engine, every station needing one of {STATION_COUNT} shared operators "
        f"(never short, same parts): {staffed_s:7.2f} s; time ratio to the plain engine "
        f"{staffed_s / obeya_s:.2f} (target <= 1.2)"
    )


def plant_benchmark() -> None:
    """Part 2: one year of the demo plant through the plant simulator."""
    try:
        from obeya.plantfile.demo import demo_plant
    except ImportError as error:
        print(f"plant: obeya.plantfile.demo is not available ({error}); skipped")
        return
    from obeya.simulation.plant_model import simulate_plant

    plant = demo_plant()
    start_at, end_at = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    started, cpu_started = clock.perf_counter(), clock.process_time()
    events = sum(1 for _ in simulate_plant(plant, start_at, end_at, seed=1))
    seconds, cpu = clock.perf_counter() - started, clock.process_time() - cpu_started
    print(
        f"plant: one year, {len(plant.machines)} machines, {events:,} events: "
        f"{seconds:.2f} s wall, "
        f"{cpu:.2f} s CPU ({events / cpu:,.0f} events/s); budget 60 s on one core: {cpu / 60:.0%}"
    )


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--horizon", type=float, default=1_000_000.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["line", "plant"], help="Run one part only.")
    options = parser.parse_args()
    if options.only != "plant":
        line_benchmark(options.horizon, options.repeat)
    if options.only != "line":
        plant_benchmark()


if __name__ == "__main__":
    np.seterr(all="raise")
    main()
