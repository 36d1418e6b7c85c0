"""Use cases of quality: characteristics, SPC monitoring with alarms, the quality summary.

Measurements arrive as ledger events (`kind: measurement`); `monitor` charts the stored
measurements of each characteristic with the SPC engine (`obeya.quality`) and records
every rule violation once as an alarm. Nonconformances live in
`obeya.services.quality_nonconformance` and are re-exported here. See docs/quality.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.identifiers import check_identifier
from obeya.domain.times import format_timestamp
from obeya.quality import charts_answer
from obeya.services.quality_characteristics import (
    CHART_TYPES,
    RULE_SETS,
    NewCharacteristic,
    characteristic_answer,
    validate_characteristic,
)
from obeya.services.quality_monitor import (
    Subgroup,
    alarm_candidates,
    chart_subgroups,
    group_measurements,
    in_window,
)
from obeya.services.quality_nonconformance import (
    NewNonconformance,
    list_nonconformances,
    nonconformance_pareto,
    record_nonconformance,
)
from obeya.services.quality_yield import first_pass_yield_report, summary_figures
from obeya.services.runtime import Runtime
from obeya.storage.clock import from_us, maybe_us, to_us
from obeya.storage.quality_records import require_quality_schema

__all__ = [
    "CHART_TYPES",
    "RULE_SETS",
    "NewCharacteristic",
    "NewNonconformance",
    "acknowledge_alarm",
    "add_characteristic",
    "alarm_answer",
    "characteristic_chart",
    "first_pass_yield_report",
    "list_alarms",
    "list_characteristics",
    "list_nonconformances",
    "monitor",
    "nonconformance_pareto",
    "open_alarms",
    "quality_summary",
    "record_nonconformance",
]


def add_characteristic(runtime: Runtime, spec: NewCharacteristic) -> dict[str, Any]:
    """Define a characteristic; returns it as stored.

    Raises:
        InputError: a field is invalid (see `validate_characteristic`).
        ConflictError: the id is taken.
    """
    validate_characteristic(spec, runtime.plant())
    with runtime.uow() as uow:
        uow.quality.characteristics.create(**asdict(spec))
        row = uow.quality.characteristics.get(spec.id)
        uow.commit()
    return characteristic_answer(row)


def list_characteristics(runtime: Runtime) -> list[dict[str, Any]]:
    """Every characteristic, by id."""
    require_quality_schema(runtime.engine)
    with runtime.uow() as uow:
        return [characteristic_answer(row) for row in uow.quality.characteristics.all()]


def alarm_answer(row: dict[str, Any]) -> dict[str, Any]:
    """A stored alarm as its JSON object (`open` while not acknowledged)."""
    acknowledged_us = row["acknowledged_us"]
    return {
        "id": row["id"],
        "characteristic": row["characteristic_id"],
        "machine": row["machine_id"],
        "chart": row["chart"],
        "subgroup": row["subgroup"],
        "rule": row["rule"],
        "value": row["value"],
        "at": format_timestamp(from_us(row["at_us"])),
        "raised_at": format_timestamp(from_us(row["raised_us"])),
        "open": acknowledged_us is None,
        "acknowledged_at": None
        if acknowledged_us is None
        else format_timestamp(from_us(acknowledged_us)),
        "acknowledged_by": row["acknowledged_by"],
    }


def list_alarms(
    runtime: Runtime, open_only: bool = False, since: datetime | None = None
) -> list[dict[str, Any]]:
    """Alarms by signal time (only unacknowledged ones with `open_only`)."""
    require_quality_schema(runtime.engine)
    with runtime.uow() as uow:
        rows = uow.quality.alarms.since(open_only, maybe_us(since))
    return [alarm_answer(row) for row in rows]


def open_alarms(runtime: Runtime, since: datetime | None = None) -> list[dict[str, Any]]:
    """Unacknowledged alarms whose signal is at or after `since` (for report and dashboard)."""
    return list_alarms(runtime, open_only=True, since=since)


def acknowledge_alarm(runtime: Runtime, alarm_id: int, by: str) -> dict[str, Any]:
    """Acknowledge an alarm (it stops being open); raises NotFoundError."""
    check_identifier(by, "user")
    require_quality_schema(runtime.engine)
    with runtime.uow() as uow:
        uow.quality.alarms.acknowledge(alarm_id, by)
        row = uow.quality.alarms.list(limit=1, id=alarm_id)[0]
        uow.commit()
    return alarm_answer(row)


def _chart_one(
    runtime: Runtime, row: dict[str, Any], measurements: list[dict[str, Any]], window: Window
) -> dict[str, Any]:
    grouping = group_measurements(measurements, int(row["subgroup_size"]))
    groups = in_window(grouping.complete, window.start_us, window.end_us)
    answer: dict[str, Any] = {
        "characteristic": row["id"],
        "chart_type": row["chart_type"],
        "rules": row["rules"],
        "measurement_count": len(measurements),
        "subgroup_count": len(groups),
        "pending_count": grouping.pending_count,
        "incomplete_subgroups": _incomplete(grouping.incomplete),
        "charts": [],
        "alarms": [],
    }
    if len(groups) < 2:
        answer["status"] = "waiting"
        return answer
    try:
        charts = chart_subgroups(
            groups, row["chart_type"], row["rules"], window.phase_one, f"characteristic {row['id']}"
        )
    except InputError as error:
        answer.update(status="error", problem=str(error))
        return answer
    answer.update(charts_answer(charts), status="charted")
    answer["alarms"] = _record_alarms(runtime, row["id"], alarm_candidates(charts, groups))
    return answer


def _incomplete(groups: tuple[Subgroup, ...]) -> list[dict[str, Any]]:
    return [{"subgroup": group.label, "count": len(group.values)} for group in groups]


def _record_alarms(
    runtime: Runtime, characteristic_id: str, candidates: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = []
    with runtime.uow() as uow:
        for candidate in candidates:
            new = uow.quality.alarms.raise_once(characteristic_id=characteristic_id, **candidate)
            key = (candidate["chart"], candidate["subgroup"], candidate["rule"])
            stored = uow.quality.alarms.signal(characteristic_id, *key)
            answers.append({**alarm_answer(stored), "new": new})
        uow.commit()
    return answers


@dataclass(frozen=True)
class Window:
    """The monitored window (`[start, end)`, open ends allowed) and the phase I labels."""

    start_us: int | None = None
    end_us: int | None = None
    phase_one: str | None = None


def monitor(
    runtime: Runtime,
    characteristic_id: str | None = None,
    start_at: datetime | None = None,
    end_at: datetime | None = None,
    phase_one: str | None = None,
) -> dict[str, Any]:
    """Chart stored measurements per characteristic and record new violations as alarms.

    Answers `{"characteristics": [...], "alarms": [...], "unknown_characteristics": [...]}`;
    each characteristic's entry has the `charts` of CONTRACTS.md section 7.

    Raises:
        InputError: when `end_at` is not after `start_at`.
        NotFoundError: when `characteristic_id` names no characteristic.
    """
    if start_at is not None and end_at is not None and end_at <= start_at:
        raise InputError("--to must be after --from")
    require_quality_schema(runtime.engine)
    window = Window(maybe_us(start_at), maybe_us(end_at), phase_one)
    with runtime.uow() as uow:
        records = uow.quality.characteristics
        rows = [records.get(characteristic_id)] if characteristic_id else records.all()
        measured = uow.quality.measurements.of(row["id"] for row in rows)
        unknown = uow.quality.measurements.unknown(row["id"] for row in records.all())
    by_characteristic: dict[str, list[dict[str, Any]]] = {}
    for measurement in measured:
        by_characteristic.setdefault(measurement["characteristic"], []).append(measurement)
    results = [
        _chart_one(runtime, row, by_characteristic.get(row["id"], []), window) for row in rows
    ]
    return {
        "characteristics": results,
        "alarms": [alarm for result in results for alarm in result["alarms"]],
        "unknown_characteristics": [
            {"characteristic": name, "measurement_count": count}
            for name, count in sorted(unknown.items())
        ],
    }


def characteristic_chart(
    runtime: Runtime,
    characteristic_id: str,
    start_at: datetime | None = None,
    end_at: datetime | None = None,
) -> dict[str, Any]:
    """The monitor's answer for one characteristic (charts, alarms, status)."""
    answer = monitor(runtime, characteristic_id, start_at, end_at)
    result: dict[str, Any] = answer["characteristics"][0]
    return result


def quality_summary(
    runtime: Runtime, start_at: datetime, end_at: datetime, scope: str | None = None
) -> dict[str, Any]:
    """Quality figures of a window for the morning report and the dashboard.

    `scope` is `line:ID`, `area:ID`, `machine:ID` or `site` (None: the whole plant).
    Answers alarms signalled in the window (open or not), first-pass yield by product
    and line, scrapped units by product and the defect Pareto.

    Raises:
        InputError: when `end_at` is not after `start_at`.
        NotFoundError: when the scope names nothing.
    """
    plant = runtime.plant()
    machines = {machine.id for machine in plant.machines_in_scope(scope or "site")}
    figures = summary_figures(runtime, plant, start_at, end_at, machines)
    end_us = to_us(end_at)
    with runtime.uow() as uow:
        rows = uow.quality.alarms.since(False, to_us(start_at))
    alarms = [
        alarm_answer(row) for row in rows if row["machine_id"] in machines and row["at_us"] < end_us
    ]
    return {
        "from": format_timestamp(start_at),
        "to": format_timestamp(end_at),
        "scope": scope or "site",
        "alarms": alarms,
        "open_alarm_count": sum(1 for alarm in alarms if alarm["open"]),
        **figures,
    }
