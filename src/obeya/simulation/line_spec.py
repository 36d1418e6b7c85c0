"""A validated production line to simulate: stations, buffers, failures, release policy.

Times are in the line's own `time_unit` (whatever the file says: min, s, h).
"""

from __future__ import annotations

from dataclasses import dataclass

from obeya.simulation.distributions import Distribution
from obeya.simulation.line_calendar import LineCalendar


@dataclass(frozen=True)
class FailureSpec:
    """Operation-dependent failures: `up` is working time between failures."""

    up: Distribution
    repair: Distribution


@dataclass(frozen=True)
class StationSpec:
    """A station of identical parallel machines (`servers`) with a buffer in front.

    `buffer` counts the places in front of the station, not the parts in process;
    None is unlimited and 0 is no buffer at all. `rework` is the share of processed
    parts processed again at once on the same machine; `scrap` the share that leaves
    the line as scrap after processing here (each in 0..1, their sum below 1).
    `changeover` is the time a machine needs before a part of another product than
    its previous one (with a product mix on the line). `operator` says when a machine
    needs one of the line's shared operators: `process` (from the start of processing to
    its end, failures included) or `setup` (during changeovers only).
    """

    id: str
    process: Distribution
    servers: int = 1
    buffer: int | None = None
    failures: FailureSpec | None = None
    scrap: float = 0.0
    rework: float = 0.0
    changeover: Distribution | None = None
    operator: str | None = None  # None, "process" or "setup": when it needs an operator


@dataclass(frozen=True)
class LineSpec:
    """A serial line: open (Poisson or other `arrivals`), saturated, or closed by CONWIP.

    With neither `arrivals` nor `conwip_wip`, the first station never lacks material.
    `products` is the mix of new parts: (product id, share), shares summing to 1.
    `horizon` and `warmup` are simulated time per replication; statistics cover the
    horizon after the warm-up. With a `calendar`, `horizon` and `warmup` are calendar
    time and the line works only in the calendar's scheduled time (see line_calendar).
    """

    stations: tuple[StationSpec, ...]
    horizon: float
    warmup: float = 0.0
    replications: int = 10
    seed: int = 1
    time_unit: str = "min"
    arrivals: Distribution | None = None
    conwip_wip: int | None = None
    products: tuple[tuple[str, float], ...] = ()
    calendar: LineCalendar | None = None
    operators: int | None = None  # the shared operator pool (None: no operators modelled)

    @property
    def is_closed(self) -> bool:
        """True for a CONWIP line (a new part is released when one leaves)."""
        return self.conwip_wip is not None

    def station_index(self, station_id: str) -> int:
        """The position of a station; raises KeyError when there is none."""
        for index, station in enumerate(self.stations):
            if station.id == station_id:
                return index
        raise KeyError(station_id)
