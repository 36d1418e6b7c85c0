"""How simulated machines of a plant behave: stop rates, durations, reasons, quality.

The defaults give a plant with an OEE of roughly 60-75 %: a stop every 40 minutes of
running on average (most of them micro-stops), running at 80-95 % of the ideal rate,
2 % scrap and 1 % rework. One breakdown in four comes without a reason, so that the
operator has something to explain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from obeya.domain.plant import Plant
from obeya.domain.reasons import Reason, ReasonCategory


@dataclass(frozen=True)
class MachineBehaviour:
    """Parameters of the plant simulator (times in minutes, shares in 0..1)."""

    running_between_stops_min: float = 40.0
    breakdown_share: float = 0.12
    micro_stop_share: float = 0.63  # the rest of the stops are idle (starved) periods
    breakdown_mean_min: float = 25.0
    micro_stop_min: tuple[float, float] = (1.0, 5.0)
    idle_mean_min: float = 8.0
    unexplained_share: float = 0.25
    slowest_speed: float = 0.80  # actual rate / ideal rate, drawn per run
    fastest_speed: float = 0.95
    scrap_share: float = 0.02
    rework_share: float = 0.01
    count_every_min: float = 10.0
    campaign_mean_min: float = 240.0
    default_cycle_s: float = 60.0  # machines that no routing names


@dataclass(frozen=True)
class StopReasons:
    """The reason codes the simulator uses, taken from the plant's reason tree."""

    breakdowns: tuple[str, ...]
    micro_stops: tuple[str, ...]
    starved: str | None
    no_order: str | None
    changeover: str | None


def stop_reasons(plant: Plant) -> StopReasons:
    """Pick reasons by category from the plant's tree (leaves where there are children)."""
    parents = {reason.parent for reason in plant.reasons if reason.parent}
    leaves = [reason for reason in plant.reasons if reason.code not in parents]
    idle = _codes(leaves, ReasonCategory.IDLE)
    starved = _preferred(idle, "starved")
    return StopReasons(
        breakdowns=_codes(leaves, ReasonCategory.UNPLANNED),
        micro_stops=_codes(leaves, ReasonCategory.MINOR_STOP),
        starved=starved,
        no_order=_preferred(idle, "no-order") if "no-order" in idle else starved,
        changeover=_preferred(_codes(plant.reasons, ReasonCategory.SETUP), "changeover"),
    )


def _codes(reasons: Sequence[Reason], category: ReasonCategory) -> tuple[str, ...]:
    return tuple(reason.code for reason in reasons if reason.category == category)


def _preferred(codes: Sequence[str], wanted: str) -> str | None:
    if wanted in codes:
        return wanted
    return codes[0] if codes else None
