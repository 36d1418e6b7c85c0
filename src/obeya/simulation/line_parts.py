"""The plain objects of the line engine: parts, stations, machines, queue entries.

No SimPy process per part or machine: these are slotted objects the engine moves
around, and `Call` is the one-callback event it pushes onto SimPy's queue.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from obeya.simulation.distributions import Sampler

IDLE, BUSY, BLOCKED, DOWN, SETUP, WAITING = 0, 1, 2, 3, 4, 5  # WAITING: for an operator
NO_OPERATOR, OPERATOR_PROCESS, OPERATOR_SETUP = 0, 1, 2  # when a station needs an operator
NORMAL = 1  # SimPy's priority of ordinary events


class Call:
    """A one-callback event for SimPy's queue: `Environment.step` calls `callbacks`."""

    __slots__ = ("_ok", "callbacks")

    def __init__(self, callback: Callable[[Any], None]) -> None:
        self.callbacks = [callback]
        self._ok = True


class Part:
    __slots__ = ("entered_at", "product", "station_entered_at")

    def __init__(self, now: float, product: int = 0) -> None:
        self.entered_at = now
        self.station_entered_at = now
        self.product = product  # index in the line's product mix


class Station:
    __slots__ = (
        "area",
        "blocked_upstream",
        "capacity",
        "changeover",
        "idle",
        "index",
        "left_count",
        "machines",
        "next",
        "operator_mode",
        "process",
        "quality",
        "queue",
        "queue_area",
        "repair",
        "rework_share",
        "scrap_share",
        "sojourn_sum",
        "started_count",
        "state_time",
        "up",
        "wait_sum",
    )  # fmt: skip

    def __init__(self, index: int, capacity: float, process: Sampler) -> None:
        self.index = index
        self.capacity = capacity
        self.process = process
        self.up: Sampler | None = None
        self.repair: Sampler | None = None
        self.changeover: Sampler | None = None
        self.quality: Sampler | None = None  # uniform draws deciding rework and scrap
        self.rework_share = self.scrap_share = 0.0
        self.operator_mode = NO_OPERATOR
        self.queue: deque[Part] = deque()
        self.idle: list[Machine] = []
        self.blocked_upstream: deque[Machine] = deque()
        self.machines: list[Machine] = []
        self.next: Station | None = None
        self.state_time = [0.0] * 6  # by state: IDLE ... WAITING
        self.reset_counters()

    def reset_counters(self) -> None:
        self.area = self.queue_area = self.sojourn_sum = self.wait_sum = 0.0
        self.left_count = self.started_count = 0


class Machine:
    __slots__ = (
        "on_fail",
        "on_finish",
        "on_repaired",
        "on_set_up",
        "part",
        "pending_setup",
        "product",
        "since",
        "state",
        "station",
        "up_left",
        "work_left",
    )  # fmt: skip

    on_finish: Callable[[Any], None]
    on_fail: Callable[[Any], None]
    on_repaired: Callable[[Any], None]
    on_set_up: Callable[[Any], None]

    def __init__(self, station: Station) -> None:
        self.station = station
        self.state = IDLE
        self.since = 0.0
        self.part: Part | None = None
        self.product: int | None = None  # the product it is set up for (None: any)
        self.up_left = 0.0
        self.work_left = 0.0
        self.pending_setup = False  # waiting for an operator to change over (else to process)
