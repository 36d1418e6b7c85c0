"""Building the engine's stations and machines from a line spec, and the stream layout."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING

import numpy as np

from obeya.simulation.distributions import uniform_sampler
from obeya.simulation.line_parts import OPERATOR_PROCESS, OPERATOR_SETUP, Machine, Station
from obeya.simulation.line_spec import LineSpec

if TYPE_CHECKING:
    from obeya.simulation.line_model import LineModel


def stream_count(spec: LineSpec) -> int:
    """How many random streams a replication of `spec` uses.

    Stream 0 is arrivals; station i uses 1 + 3i (process), 2 + 3i (up), 3 + 3i (repair),
    1 + 3n + i (quality draws) and 2 + 4n + i (changeovers), n being the number of
    stations; 1 + 4n draws the product of each new part.
    """
    return 2 + 5 * len(spec.stations)


def product_sampler(
    spec: LineSpec, streams: Sequence[np.random.Generator]
) -> Callable[[], int] | None:
    """Draws a product index from the mix (None: a single product)."""
    if len(spec.products) < 2:
        return None
    bounds = list(accumulate(share for _, share in spec.products))
    bounds[-1] = 1.0
    draw = uniform_sampler(streams[1 + 4 * len(spec.stations)])
    last = len(bounds) - 1
    return lambda: min(bisect_right(bounds, draw()), last)


def build_stations(
    model: LineModel, spec: LineSpec, streams: Sequence[np.random.Generator]
) -> list[Station]:
    stations: list[Station] = []
    for index, station_spec in enumerate(spec.stations):
        base = 1 + 3 * index
        capacity = float("inf") if station_spec.buffer is None else float(station_spec.buffer)
        station = Station(index, capacity, station_spec.process.sampler(streams[base]))
        if station_spec.failures is not None:
            station.up = station_spec.failures.up.sampler(streams[base + 1])
            station.repair = station_spec.failures.repair.sampler(streams[base + 2])
        if station_spec.scrap or station_spec.rework:
            station.quality = uniform_sampler(streams[1 + 3 * len(spec.stations) + index])
            station.scrap_share, station.rework_share = station_spec.scrap, station_spec.rework
        if station_spec.changeover is not None and len(spec.products) > 1:
            stream = streams[2 + 4 * len(spec.stations) + index]
            station.changeover = station_spec.changeover.sampler(stream)
        if station_spec.operator is not None:
            modes = {"process": OPERATOR_PROCESS, "setup": OPERATOR_SETUP}
            station.operator_mode = modes[station_spec.operator]
        for _ in range(station_spec.servers):
            station.machines.append(_new_machine(model, station))
        station.idle = list(station.machines)
        if stations:
            stations[-1].next = station
        stations.append(station)
    return stations


def _new_machine(model: LineModel, station: Station) -> Machine:
    machine = Machine(station)
    machine.on_finish = lambda _: model._finish(machine)
    machine.on_fail = lambda _: model._fail(machine)
    machine.on_repaired = lambda _: model._repaired(machine)
    machine.on_set_up = lambda _: model._set_up(machine)
    if station.up is not None:
        machine.up_left = station.up()
    return machine
