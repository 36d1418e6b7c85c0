"""The figures of one finished replication of the line engine."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from obeya.simulation.line_parts import Station
from obeya.simulation.statistics import ReplicationFigures

if TYPE_CHECKING:
    from obeya.simulation.line_model import LineModel


def line_figures(model: LineModel) -> ReplicationFigures:
    """The figures of a finished replication, per time unit of the horizon."""
    horizon = model.spec.horizon
    line = {
        "throughput": model.departed_count / horizon,
        "wip": model.wip_area / horizon,
        "cycle_time": _ratio(model.cycle_sum, model.departed_count),
        "lost_arrivals": model.lost_count / horizon,
        "scrap": model.scrapped_count / horizon,
    }
    operators = model.spec.operators is not None
    stations = tuple(_station_figures(s, horizon, operators) for s in model.stations)
    return ReplicationFigures(line, stations)


def _station_figures(station: Station, horizon: float, with_operators: bool) -> dict[str, float]:
    machine_time = horizon * len(station.machines)
    idle, busy, blocked, down, setup, waiting = (v / machine_time for v in station.state_time)
    figures = {
        "utilization": busy,
        "blocked": blocked,
        "starved": idle,
        "down": down,
        "setup": setup,
        "throughput": station.left_count / horizon,
        "wip": station.area / horizon,
        "cycle_time": _ratio(station.sojourn_sum, station.left_count),
        "queue_length": station.queue_area / horizon,
        "queue_time": _ratio(station.wait_sum, station.started_count),
    }
    if with_operators:
        figures["operator_wait"] = waiting
    return figures


def _ratio(total: float, count: int) -> float:
    return total / count if count else math.nan
