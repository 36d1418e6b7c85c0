"""The losses answer of a scope and window: ratios, six big losses, waterfall, Pareto.

It composes the ledger (`oee`), the folded intervals (`timeline`) and the stops
(`stops`) into one JSON-ready dict; see `losses` for the definitions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from obeya.domain.plant import Plant
from obeya.domain.times import format_timestamp
from obeya.kpi.ledger import total
from obeya.kpi.losses import (
    DEFAULT_MICRO_STOP_S,
    downtime_pareto,
    failure_statistics,
    loss_ratios,
    loss_waterfall,
    six_big_losses,
    unexplained_stops,
)
from obeya.kpi.oee import ledger_row, machine_ledgers, machine_series
from obeya.kpi.stops import Stop, stops_of
from obeya.kpi.timeline import check_window, fold_intervals, stop_time
from obeya.kpi.windows import whole_window


def losses_answer(
    plant: Plant,
    scope: str,
    start_at: datetime,
    end_at: datetime,
    events: Iterable[object],
    order_products: Mapping[str, str],
    now: datetime | None = None,
    micro_stop_s: float = DEFAULT_MICRO_STOP_S,
) -> dict[str, object]:
    """Every loss figure of a scope over `[start_at, end_at)` (same inputs as `oee_answer`).

    Raises:
        InputError: a naive or empty window.
        NotFoundError: the scope names nothing in the plant.
    """
    check_window(start_at, end_at)
    materialised = list(events)
    machines = plant.machines_in_scope(scope)
    stop_at = stop_time(start_at, end_at, now)
    series = machine_series(plant, materialised, order_products)
    intervals = fold_intervals(materialised, start_at, stop_at) if stop_at > start_at else {}
    categories = {reason.code: reason.category for reason in plant.reasons}
    ledgers = []
    stops: list[Stop] = []
    for machine in machines:
        shift_ids = plant.line(machine.line_id).shift_ids
        window = whole_window(plant, shift_ids, start_at, stop_at, machine.id)
        ledgers.extend(machine_ledgers(series.get(machine.id), categories, [window]))
        stops.extend(stops_of(intervals.get(machine.id, []), window, categories))
    whole = total(ledgers)
    return {
        "scope": scope,
        "from": format_timestamp(start_at),
        "to": format_timestamp(end_at),
        "ledger": ledger_row("total", whole),
        "ratios": loss_ratios(whole),
        "failures": failure_statistics(whole, stops, micro_stop_s),
        "six_big_losses": six_big_losses(whole, stops, micro_stop_s),
        "waterfall": loss_waterfall(whole, stops, micro_stop_s),
        "pareto": downtime_pareto(stops),
        "unexplained_stops": unexplained_stops(stops),
    }
