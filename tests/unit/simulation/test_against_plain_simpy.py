"""The engine against a plain SimPy model of the same line, part for part.

A textbook SimPy model (a process per part, resources for machines and for the places
of each station) has the contract's semantics: blocking after service, FIFO buffers.
Drawing the same streams, both must send out exactly the same number of parts.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest
import simpy

from obeya.simulation.experiment import replication_streams, run_replication
from obeya.simulation.line_spec import LineSpec

from .helpers import line_from


def _plain_simpy_departures(spec: LineSpec, replication: int) -> int:
    """Parts leaving after the warm-up in a process-per-part SimPy model of `spec`.

    A part holds a place of its station (servers + buffer places) from entering it until
    it gets a place downstream, and its machine from starting until then too: that is
    blocking after service.
    """
    streams = replication_streams(spec, replication)
    assert spec.arrivals is not None
    arrival = spec.arrivals.sampler(streams[0])
    env = simpy.Environment()
    unlimited = 10**9
    places = [
        simpy.Resource(env, unlimited if s.buffer is None else s.servers + s.buffer)
        for s in spec.stations
    ]
    machines = [simpy.Resource(env, s.servers) for s in spec.stations]
    processes = [s.process.sampler(streams[1 + 3 * i]) for i, s in enumerate(spec.stations)]
    counted = [0]

    def part() -> Generator[Any, Any, None]:
        held: tuple[Any, Any, int] | None = None
        for index in range(len(places)):
            place = places[index].request()
            yield place
            if held is not None:
                machines[held[2]].release(held[1])
                places[held[2]].release(held[0])
            machine = machines[index].request()
            yield machine
            yield env.timeout(processes[index]())
            held = (place, machine, index)
        assert held is not None
        machines[held[2]].release(held[1])
        places[held[2]].release(held[0])
        if env.now > spec.warmup:
            counted[0] += 1

    def source() -> Generator[Any, Any, None]:
        while True:
            yield env.timeout(arrival())
            env.process(part())

    env.process(source())
    env.run(until=spec.warmup + spec.horizon)
    return counted[0]


@pytest.mark.parametrize("buffers", [("", "", ""), ("", "buffer: 0, ", "buffer: 2, ")])
def test_the_engine_sends_out_exactly_the_parts_of_a_plain_simpy_model(
    buffers: tuple[str, str, str],
) -> None:
    stations = "".join(
        f"  - {{id: S{i}, {buffer}process: {{dist: {dist}}}}}\n"
        for i, (buffer, dist) in enumerate(
            zip(
                buffers,
                (
                    "exponential, mean: 0.9",
                    "gamma, mean: 0.8, cv: 0.5",
                    "uniform, low: 0.5, high: 1.2",
                ),
                strict=True,
            )
        )
    )
    spec = line_from(
        "horizon: 3000\nwarmup: 200\nreplications: 3\n"
        "arrivals: {dist: exponential, mean: 1.0}\nstations:\n" + stations
    )
    for replication in range(spec.replications):
        figures = run_replication(spec, replication)
        departures = round(figures.line["throughput"] * spec.horizon)
        assert departures == _plain_simpy_departures(spec, replication)
