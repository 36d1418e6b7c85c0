"""Losses: ISO 22400-2 loss ratios, Nakajima's six big losses, the waterfall, the Pareto.

Every function returns plain dicts ready for JSON (seconds as floats, ratios 0..1 or
None on a zero denominator). Definitions (docs/kpi.md has worked numbers):

- AUBT (busy time) = APT + AUST + ADET; NEE = (APT/AUBT)·E·Q; setup rate = AUST/AUBT;
  technical efficiency = APT/(APT+ADET); scrap ratio = SQ/PQ; rework ratio = RQ/PQ;
  throughput rate = PQ per hour of PBT.
- Six big losses: breakdowns = ADET stops not minor; setup = AUST; minor stops = ADET
  stops of category minor_stop or shorter than the threshold; speed = APT − Σ(PRI·PQ);
  defects = Σ(PRI·(SQ+RQ)); start-up yield = None (the events carry no start-up mark,
  start-up scrap is inside defects).
"""

from __future__ import annotations

from collections.abc import Sequence

from obeya.domain.times import format_timestamp
from obeya.kpi.columns import ADET, PDOT, to_us
from obeya.kpi.ledger import TimeLedger
from obeya.kpi.stops import CLASS_NAMES, Stop, is_minor

DEFAULT_MICRO_STOP_S = 300.0
MICROSECONDS = 1_000_000


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def loss_ratios(ledger: TimeLedger) -> dict[str, float | None]:
    """NEE, setup rate, technical efficiency, scrap and rework ratios, throughput rate."""
    busy_us = ledger.apt_us + ledger.aust_us + ledger.adet_us
    effectiveness = _ratio(ledger.pri_pq_us, ledger.apt_us)
    quality = _ratio(ledger.gq, ledger.pq)
    utilisation = _ratio(ledger.apt_us, busy_us)
    nee = None
    if utilisation is not None and effectiveness is not None and quality is not None:
        nee = utilisation * effectiveness * quality
    return {
        "nee": nee,
        "setup_rate": _ratio(ledger.aust_us, busy_us),
        "technical_efficiency": _ratio(ledger.apt_us, ledger.apt_us + ledger.adet_us),
        "scrap_ratio": _ratio(ledger.sq, ledger.pq),
        "rework_ratio": _ratio(ledger.rq, ledger.pq),
        "throughput_per_hour": _ratio(ledger.pq * 3600 * MICROSECONDS, ledger.pbt_us),
    }


def failure_statistics(
    ledger: TimeLedger, stops: Sequence[Stop], micro_stop_s: float = DEFAULT_MICRO_STOP_S
) -> dict[str, float | int | None]:
    """MTBF and MTTR of breakdowns (ADET stops that are not minor), in seconds.

    MTBF = APT / failures, MTTR = breakdown busy time / failures; None without failures.
    """
    micro_us = round(micro_stop_s * MICROSECONDS)
    failures = [s for s in stops if s.element == ADET and s.busy_us and not is_minor(s, micro_us)]
    repair_us = sum(stop.busy_us for stop in failures)
    count = len(failures)
    return {
        "failure_count": count,
        "mtbf_s": ledger.apt_us / count / MICROSECONDS if count else None,
        "mttr_s": repair_us / count / MICROSECONDS if count else None,
    }


def six_big_losses(
    ledger: TimeLedger, stops: Sequence[Stop], micro_stop_s: float = DEFAULT_MICRO_STOP_S
) -> dict[str, float | None]:
    """Nakajima's six big losses in seconds (see the module docstring)."""
    micro_us = round(micro_stop_s * MICROSECONDS)
    minor_us = sum(stop.busy_us for stop in stops if is_minor(stop, micro_us))
    return {
        "breakdown_s": (ledger.adet_us - minor_us) / MICROSECONDS,
        "setup_s": ledger.aust_us / MICROSECONDS,
        "minor_stop_s": minor_us / MICROSECONDS,
        "speed_s": (ledger.apt_us - ledger.pri_pq_us) / MICROSECONDS,
        "defect_s": ledger.pri_defect_us / MICROSECONDS,
        "startup_s": None,
        "micro_stop_threshold_s": micro_stop_s,
    }


def loss_waterfall(
    ledger: TimeLedger, stops: Sequence[Stop], micro_stop_s: float = DEFAULT_MICRO_STOP_S
) -> list[dict[str, object]]:
    """From PBT down to fully productive time Σ(PRI·GQ): each step's loss and what remains."""
    micro_us = round(micro_stop_s * MICROSECONDS)
    minor_us = sum(stop.busy_us for stop in stops if is_minor(stop, micro_us))
    steps = [
        ("idle", ledger.adot_us),
        ("unknown", ledger.unknown_us),
        ("breakdowns", ledger.adet_us - minor_us),
        ("minor_stops", minor_us),
        ("setup", ledger.aust_us),
        ("speed", ledger.apt_us - ledger.pri_pq_us),
        ("defects", ledger.pri_defect_us),
    ]
    remaining = ledger.pbt_us
    waterfall: list[dict[str, object]] = [
        {"step": "planned_busy_time", "loss_s": 0.0, "remaining_s": remaining / MICROSECONDS}
    ]
    for name, loss in steps:
        remaining -= loss
        waterfall.append(
            {"step": name, "loss_s": loss / MICROSECONDS, "remaining_s": remaining / MICROSECONDS}
        )
    return waterfall


def downtime_pareto(stops: Sequence[Stop]) -> list[dict[str, object]]:
    """Unplanned, setup, idle and unknown stop time by reason, largest first.

    Planned downtime (PDOT) is not a loss and is left out; a stop without a reason is
    listed under reason None. Sorted by seconds, then stop count, then reason.
    """
    table: dict[tuple[str | None, str], list[int]] = {}
    for stop in stops:
        if stop.element == PDOT or not stop.busy_us:
            continue
        key = (stop.interval.reason, CLASS_NAMES[stop.element])
        entry = table.setdefault(key, [0, 0])
        entry[0] += stop.busy_us
        entry[1] += 1
    whole = sum(entry[0] for entry in table.values())
    ordered = sorted(table.items(), key=lambda item: (-item[1][0], -item[1][1], str(item[0])))
    return [
        {
            "reason": reason,
            "element": element,
            "duration_s": busy / MICROSECONDS,
            "stop_count": count,
            "share": _ratio(busy, whole),
        }
        for (reason, element), (busy, count) in ordered
    ]


def unexplained_stops(stops: Sequence[Stop]) -> list[dict[str, object]]:
    """`down` stops with no reason (after reassignments): machine, from, to, duration."""
    found = [s for s in stops if s.interval.reason is None and s.interval.state == "down"]
    found.sort(key=lambda stop: (stop.interval.start_at, stop.interval.machine_id))
    return [
        {
            "machine": stop.interval.machine_id,
            "from": format_timestamp(stop.interval.start_at),
            "to": format_timestamp(stop.interval.end_at),
            "duration_s": (to_us(stop.interval.end_at) - to_us(stop.interval.start_at))
            / MICROSECONDS,
        }
        for stop in found
    ]
