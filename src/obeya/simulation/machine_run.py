"""One simulated machine of the plant simulator: its states, counts and orders over time.

Times are POSIX seconds (floats) inside, whole-second UTC datetimes on the events.
Randomness comes from `random.Random` seeded with a text naming the seed, the machine
(and the week, see plant_model), so each machine's story is the same whatever other
machines the plant has.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from obeya.domain.events import (
    CountRecorded,
    MachineState,
    OrderAction,
    OrderMarked,
    ShopFloorEvent,
    StateChanged,
)
from obeya.domain.plant import Plant
from obeya.domain.work_orders import WorkOrder
from obeya.simulation.plant_behaviour import MachineBehaviour, StopReasons

LAST_RANK = 999  # the rank of a state repeated at the start of a window (plant_model)


@dataclass(frozen=True)
class Job:
    """What a machine makes: a product (or None), its ideal cycle, setup; maybe an order."""

    product_id: str | None
    family: str | None
    cycle_s: float
    setup_min: float
    order_id: str | None = None
    quantity: int = 0


def eligible_jobs(plant: Plant, machine_id: str) -> list[Job]:
    """One job per product whose routing has a step this machine can run."""
    jobs = []
    for product in plant.products:
        for step in product.routing:
            if machine_id in step.cycle_s:
                jobs.append(
                    Job(product.id, product.family, step.cycle_s[machine_id], step.setup_min)
                )
                break
    return jobs


def assign_orders(plant: Plant, orders: Sequence[WorkOrder]) -> dict[str, list[Job]]:
    """Each routing step of each order (by due date) goes to one eligible machine.

    Among eligible machines, the one with the least work assigned so far (in ideal
    seconds) takes the step. Orders of unknown products are skipped.
    """
    load: dict[str, float] = {}
    work: dict[str, list[Job]] = {}
    known = {product.id: product for product in plant.products}
    for order in sorted(orders, key=lambda item: (item.due_at, item.id)):
        product = known.get(order.product_id)
        if product is None:
            continue
        for step in product.routing:
            machine_id = min(step.cycle_s, key=lambda m: (load.get(m, 0.0), m))
            cycle = step.cycle_s[machine_id]
            load[machine_id] = load.get(machine_id, 0.0) + cycle * order.quantity
            job = Job(product.id, product.family, cycle, step.setup_min, order.id, order.quantity)
            work.setdefault(machine_id, []).append(job)
    return work


class MachineRun:
    """Generates one machine's events over a sequence of working segments.

    `stream` seeds its `random.Random` (a string: the same text, the same story).
    """

    def __init__(
        self,
        plant: Plant,
        machine_id: str,
        stream: str,
        behaviour: MachineBehaviour,
        reasons: StopReasons,
        orders: Sequence[Job] | None,
    ) -> None:
        self.plant = plant
        self.machine_id = machine_id
        self.behaviour = behaviour
        self.reasons = reasons
        self.random = random.Random(stream)
        self.orders = None if orders is None else deque(orders)
        self.choices = eligible_jobs(plant, machine_id) or [
            Job(None, None, behaviour.default_cycle_s, 0.0)
        ]
        self.job: Job | None = None
        self.left = 0.0  # campaign seconds or order units still to make
        self.setup_left_s = 0.0
        self.fraction = 0.0
        self.state: tuple[MachineState, str | None] | None = None
        self.last_second = -1
        self.rank = 0  # events of this machine already stamped in `last_second`

    def events(
        self, segments: Iterable[tuple[float, float]], begin: float, end: float | None
    ) -> Iterator[ShopFloorEvent]:
        """The events of every segment from `begin`, `planned_stop` where segments end."""
        for start, stop in segments:
            if self.state is None and start > begin:
                yield from self._set_state(begin, MachineState.PLANNED_STOP, None)
            yield from self._segment(start, stop)
            if end is None or stop < end:
                yield from self._set_state(stop, MachineState.PLANNED_STOP, None)

    # -- one working segment -----------------------------------------------------

    def _segment(self, now: float, stop: float) -> Iterator[ShopFloorEvent]:
        while now < stop:
            if self.job is None or self.left <= 0:
                yield from self._next_job(now)
                if self.job is None:
                    yield from self._set_state(now, MachineState.IDLE, self.reasons.no_order)
                    return
            if self.setup_left_s > 0:
                yield from self._set_state(now, MachineState.SETUP, self.reasons.changeover)
                step = min(self.setup_left_s, stop - now)
                self.setup_left_s -= step
                now += step
                continue
            now = yield from self._run(now, stop)
            if now < stop and self.left > 0:
                now = yield from self._stop(now, stop)

    def _next_job(self, now: float) -> Iterator[ShopFloorEvent]:
        previous = self.job
        if previous is not None and previous.order_id is not None:
            yield self._order(now, previous.order_id, OrderAction.STOP)
        if self.orders is not None:
            self.job = self.orders.popleft() if self.orders else None
            if self.job is None:
                return
            self.left = float(self.job.quantity)
            assert self.job.order_id is not None
            yield self._order(now, self.job.order_id, OrderAction.START)
        else:
            self.job = self.random.choice(self.choices)
            self.left = self.random.expovariate(1.0 / (60 * self.behaviour.campaign_mean_min))
        if previous is None or previous.product_id != self.job.product_id:
            extra = self.plant.changeover_min(
                previous.family if previous else None, self.job.family
            )
            self.setup_left_s = 60 * (self.job.setup_min + extra)

    def _run(self, now: float, stop: float) -> Generator[ShopFloorEvent, None, float]:
        job = self.job
        assert job is not None
        behaviour = self.behaviour
        speed = self.random.uniform(behaviour.slowest_speed, behaviour.fastest_speed)
        cycle = job.cycle_s / speed
        length = self.random.expovariate(1.0 / (60 * behaviour.running_between_stops_min))
        if job.order_id is None:
            length = min(length, self.left)
        else:
            length = min(length, max(self.left - self.fraction, 0.0) * cycle + 1e-6)
        end = min(now + length, stop)
        yield from self._set_state(now, MachineState.RUNNING, None)
        step = 60 * behaviour.count_every_min
        while now < end:
            until = min(now + step, end)
            units = self._produce(until - now, cycle)
            if job.order_id is None:
                self.left -= until - now
            if units:
                yield self._count(until, units, job.product_id)
            now = until
        if job.order_id is None and self.left < 1.0:
            self.left = 0.0  # the campaign is over (within a second of running)
        return now

    def _produce(self, seconds: float, cycle: float) -> int:
        self.fraction += seconds / cycle
        units = int(self.fraction)
        self.fraction -= units
        job = self.job
        if job is not None and job.order_id is not None:
            units = min(units, math.ceil(self.left))
            self.left -= units
        return units

    def _stop(self, now: float, stop: float) -> Generator[ShopFloorEvent, None, float]:
        behaviour, draw = self.behaviour, self.random.random()
        if draw < behaviour.breakdown_share:
            explained = self.random.random() >= behaviour.unexplained_share
            reason = self._pick(self.reasons.breakdowns) if explained else None
            state, minutes = MachineState.DOWN, self._lognormal(behaviour.breakdown_mean_min)
        elif draw < behaviour.breakdown_share + behaviour.micro_stop_share:
            reason = self._pick(self.reasons.micro_stops)
            state, minutes = MachineState.DOWN, self.random.uniform(*behaviour.micro_stop_min)
        else:
            reason = self.reasons.starved
            state, minutes = MachineState.IDLE, self._lognormal(behaviour.idle_mean_min)
        yield from self._set_state(now, state, reason)
        return min(now + 60 * minutes, stop)

    def _pick(self, codes: Sequence[str]) -> str | None:
        return self.random.choice(codes) if codes else None

    def _lognormal(self, mean: float) -> float:
        """A lognormal duration with this mean and a coefficient of variation of 0.8."""
        sigma2 = math.log(1 + 0.8**2)
        return self.random.lognormvariate(math.log(mean) - sigma2 / 2, math.sqrt(sigma2))

    # -- events ------------------------------------------------------------------

    def _stamp(self, second: int) -> tuple[str, datetime]:
        """Id and time of the next event, in whole POSIX `second` (never decreasing).

        The id is `sim-<machine>-<n>` with n = second * 1000 + rank within the second:
        deterministic, increasing, and unique across simulations of disjoint windows.
        """
        if second == self.last_second:
            self.rank += 1  # a handful per second at most: never near LAST_RANK
        else:
            self.last_second, self.rank = second, 0
        return f"sim-{self.machine_id}-{second * 1000 + self.rank}", _moment(second)

    def _set_state(
        self, now: float, state: MachineState, reason: str | None
    ) -> Iterator[ShopFloorEvent]:
        if self.state == (state, reason):
            return
        self.state = (state, reason)
        event_id, at = self._stamp(math.floor(now))
        yield StateChanged(event_id, at, self.machine_id, state, reason)

    def _count(self, now: float, units: int, product_id: str | None) -> CountRecorded:
        scrap = rework = 0
        behaviour, draw = self.behaviour, self.random.random
        for _ in range(units):
            value = draw()
            if value < behaviour.scrap_share:
                scrap += 1
            elif value < behaviour.scrap_share + behaviour.rework_share:
                rework += 1
        event_id, at = self._stamp(math.ceil(now) - 1)  # strictly before a shift end at `now`
        good = units - scrap - rework
        return CountRecorded(event_id, at, self.machine_id, good, scrap, rework, product_id)

    def _order(self, now: float, order_id: str, action: OrderAction) -> OrderMarked:
        event_id, at = self._stamp(math.floor(now))
        return OrderMarked(event_id, at, self.machine_id, order_id, action)


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
