"""The line engine: one replication of a serial line on SimPy's event queue.

Parts and machines are plain objects; there is no SimPy process per part or machine.
Each future happening (a machine finishing, failing, being repaired; an arrival) is a
tiny event pushed straight onto the `simpy.Environment` queue with one callback, and
`Environment.run` drives the clock. This is several times lighter than a process per
station (see benchmarks/simulation.py).

Semantics (CONTRACTS.md section 6):
- a part enters a station's buffer, waits, is processed on the first free machine;
- blocking after service: a finished part that finds the next buffer full stays on its
  machine (state blocked) until a place frees, first blocked first served;
- failures are operation-dependent: a machine spends `up` working time between failures
  and is repaired for `repair`; the interrupted part resumes where it stopped;
- open line: arrivals that find the first buffer full are lost (counted); saturated
  line (no arrivals, no release): the first station never lacks material; closed line
  (CONWIP): a new part is released the moment one leaves the last station.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from heapq import heappush
from typing import Any

import numpy as np
import simpy

from obeya.simulation.line_build import build_stations, product_sampler
from obeya.simulation.line_figures import line_figures
from obeya.simulation.line_parts import (
    BLOCKED,
    BUSY,
    DOWN,
    IDLE,
    NORMAL,
    OPERATOR_PROCESS,
    OPERATOR_SETUP,
    SETUP,
    WAITING,
    Call,
    Machine,
    Part,
    Station,
)
from obeya.simulation.line_spec import LineSpec
from obeya.simulation.statistics import ReplicationFigures


class LineModel:
    """One replication of `spec`, drawing from `streams` (see `line_build.stream_count`)."""

    def __init__(self, spec: LineSpec, streams: Sequence[np.random.Generator]) -> None:
        self.spec = spec
        self.env = simpy.Environment()
        self._queue: list[Any] = self.env._queue
        self._ids: Iterator[int] = self.env._eid  # SimPy's own tie-breaking sequence
        self.warmup_at = spec.warmup
        self.end_at = spec.warmup + spec.horizon
        self.stations = build_stations(self, spec, streams)
        self._arrival = spec.arrivals.sampler(streams[0]) if spec.arrivals else None
        self._saturated = spec.arrivals is None and spec.conwip_wip is None
        self._product = product_sampler(spec, streams)
        self._pending: deque[Part] = deque()
        self.departed_count = self.lost_count = self.scrapped_count = 0
        self.cycle_sum = self.wip_area = 0.0
        self._operators_free = spec.operators or 0
        self._operator_queue: deque[Machine] = deque()

    def run(self) -> ReplicationFigures:
        """Simulate warm-up plus horizon and return the figures of the horizon."""
        self._at(self.warmup_at, self._end_warmup)
        if self._saturated:
            first = self.stations[0]
            machines, first.idle = first.idle, []
            for machine in machines:
                self._free(machine)
        if self._arrival is not None:
            self._at(self._arrival(), self._arrive)
        for _ in range(self.spec.conwip_wip or 0):
            self._release()
        self.env.run(until=self.end_at)
        return self._figures()

    # -- scheduling ------------------------------------------------------------

    def _at(self, delay: float, callback: Callable[[Any], None]) -> None:
        heappush(self._queue, (self.env._now + delay, NORMAL, next(self._ids), Call(callback)))

    def _set(self, machine: Machine, state: int) -> None:
        now = self.env._now
        machine.station.state_time[machine.state] += now - machine.since
        machine.since = now
        machine.state = state

    # -- flow of parts ---------------------------------------------------------

    def _arrive(self, _: object) -> None:
        assert self._arrival is not None
        self._at(self._arrival(), self._arrive)
        first = self.stations[0]
        if first.idle or len(first.queue) < first.capacity:
            self._enter(first, self._new_part())
        elif self.env._now > self.warmup_at:
            self.lost_count += 1

    def _release(self) -> None:
        first = self.stations[0]
        part = self._new_part()
        if first.idle or len(first.queue) < first.capacity:
            self._enter(first, part)
        else:
            self._pending.append(part)

    def _new_part(self) -> Part:
        return Part(self.env._now, 0 if self._product is None else self._product())

    def _enter(self, station: Station, part: Part) -> None:
        part.station_entered_at = self.env._now
        if station.idle:
            self._start(station.idle.pop(), part)
        else:
            station.queue.append(part)

    def _start(self, machine: Machine, part: Part) -> None:
        now = self.env._now
        if now > self.warmup_at:
            station = machine.station
            entered = part.station_entered_at
            station.queue_area += now - (entered if entered > self.warmup_at else self.warmup_at)
            station.wait_sum += now - entered
            station.started_count += 1
        machine.part = part
        station = machine.station
        needs_setup = station.changeover is not None and machine.product not in (
            None,
            part.product,
        )
        machine.product = part.product
        mode = station.operator_mode
        if mode == OPERATOR_PROCESS or (mode == OPERATOR_SETUP and needs_setup):
            if not self._operators_free:
                machine.pending_setup = needs_setup
                self._set(machine, WAITING)
                self._operator_queue.append(machine)
                return
            self._operators_free -= 1
        self._begin(machine, needs_setup)

    def _begin(self, machine: Machine, needs_setup: bool) -> None:
        """Change over (when needed) or process: the machine has what it needs."""
        changeover = machine.station.changeover
        if needs_setup and changeover is not None:
            self._set(machine, SETUP)
            self._at(changeover(), machine.on_set_up)
            return
        self._set(machine, BUSY)
        self._work(machine, machine.station.process())

    def _set_up(self, machine: Machine) -> None:
        """The changeover is over: process the part (a setup operator leaves)."""
        if machine.station.operator_mode == OPERATOR_SETUP:
            self._release_operator()
        self._set(machine, BUSY)
        self._work(machine, machine.station.process())

    def _release_operator(self) -> None:
        """An operator is free: the machine waiting longest gets it, else the pool."""
        if self._operator_queue:
            machine = self._operator_queue.popleft()
            self._begin(machine, machine.pending_setup)
        else:
            self._operators_free += 1

    def _work(self, machine: Machine, work: float) -> None:
        if machine.station.up is None or work <= machine.up_left:
            machine.up_left -= work
            self._at(work, machine.on_finish)
        else:
            machine.work_left = work - machine.up_left
            self._at(machine.up_left, machine.on_fail)

    def _fail(self, machine: Machine) -> None:
        self._set(machine, DOWN)
        assert machine.station.repair is not None
        self._at(machine.station.repair(), machine.on_repaired)

    def _repaired(self, machine: Machine) -> None:
        assert machine.station.up is not None
        machine.up_left = machine.station.up()
        self._set(machine, BUSY)
        self._work(machine, machine.work_left)

    def _finish(self, machine: Machine) -> None:
        part = machine.part
        assert part is not None
        station = machine.station
        if station.quality is not None and self._rework_or_scrap(machine, part):
            return
        if station.operator_mode == OPERATOR_PROCESS:
            self._release_operator()
        after = station.next
        if after is None:
            self._leave(station, part)
            self._depart(part)
        elif after.idle or len(after.queue) < after.capacity:
            self._leave(station, part)
            self._enter(after, part)
        else:
            self._set(machine, BLOCKED)
            after.blocked_upstream.append(machine)
            return
        machine.part = None
        self._free(machine)

    def _rework_or_scrap(self, machine: Machine, part: Part) -> bool:
        """Decide the quality of a finished part; True when it does not move on."""
        station = machine.station
        assert station.quality is not None
        draw = station.quality()
        if draw < station.rework_share:
            self._work(machine, station.process())  # reworked at once on the same machine
            return True
        if draw < station.rework_share + station.scrap_share:
            if station.operator_mode == OPERATOR_PROCESS:
                self._release_operator()
            self._leave(station, part)
            self._scrap(part)
            machine.part = None
            self._free(machine)
            return True
        return False

    def _free(self, machine: Machine) -> None:
        """The machine has no part: take the next one or become idle (starved)."""
        station = machine.station
        if station.queue:
            self._start(machine, station.queue.popleft())
            self._refill(station)
        elif station.blocked_upstream:
            upstream = station.blocked_upstream.popleft()
            part = upstream.part
            assert part is not None
            self._leave(upstream.station, part)
            upstream.part = None
            part.station_entered_at = self.env._now
            self._start(machine, part)
            self._free(upstream)
        elif station.index == 0 and (self._saturated or self._pending):
            part = self._pending.popleft() if self._pending else self._new_part()
            part.station_entered_at = self.env._now
            self._start(machine, part)
        else:
            self._set(machine, IDLE)
            station.idle.append(machine)

    def _refill(self, station: Station) -> None:
        """A buffer place freed: the first part waiting upstream moves in."""
        if station.blocked_upstream:
            upstream = station.blocked_upstream.popleft()
            part = upstream.part
            assert part is not None
            self._leave(upstream.station, part)
            upstream.part = None
            self._enter(station, part)
            self._free(upstream)
        elif station.index == 0 and self._pending:
            self._enter(station, self._pending.popleft())

    def _leave(self, station: Station, part: Part) -> None:
        now = self.env._now
        if now > self.warmup_at:
            entered = part.station_entered_at
            station.area += now - (entered if entered > self.warmup_at else self.warmup_at)
            station.sojourn_sum += now - entered
            station.left_count += 1

    def _depart(self, part: Part) -> None:
        now = self.env._now
        if now > self.warmup_at:
            entered = part.entered_at
            self.wip_area += now - (entered if entered > self.warmup_at else self.warmup_at)
            self.cycle_sum += now - entered
            self.departed_count += 1
        if self.spec.conwip_wip is not None:
            self._release()

    def _scrap(self, part: Part) -> None:
        now = self.env._now
        if now > self.warmup_at:
            entered = part.entered_at
            self.wip_area += now - (entered if entered > self.warmup_at else self.warmup_at)
            self.scrapped_count += 1
        if self.spec.conwip_wip is not None:
            self._release()

    # -- statistics ------------------------------------------------------------

    def _end_warmup(self, _: object) -> None:
        for station in self.stations:
            for machine in station.machines:
                self._set(machine, machine.state)
            station.state_time = [0.0] * len(station.state_time)

    def _figures(self) -> ReplicationFigures:
        now = self.end_at
        for station in self.stations:
            for machine in station.machines:
                self._set(machine, machine.state)
        parts_left = list(self._pending)
        for station in self.stations:
            for part in station.queue:
                self._count_left(station, part, now, queued=True)
            for machine in station.machines:
                if machine.part is not None:
                    self._count_left(station, machine.part, now, queued=False)
            parts_left.extend(station.queue)
            parts_left.extend(m.part for m in station.machines if m.part is not None)
        for part in parts_left:
            self.wip_area += now - max(part.entered_at, self.warmup_at)
        return line_figures(self)

    def _count_left(self, station: Station, part: Part, now: float, *, queued: bool) -> None:
        """Time-average contributions of a part still in `station` at the end."""
        station.area += now - max(part.station_entered_at, self.warmup_at)
        if queued:
            station.queue_area += now - max(part.station_entered_at, self.warmup_at)
