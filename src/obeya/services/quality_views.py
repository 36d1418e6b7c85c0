"""What the dashboard shows of quality: alarms per line, charts per characteristic, capability.

Pure assembly over `obeya.services.quality` for the overview, the line page and the
`/quality` page (docs/dashboard.md). Charts are the monitor's answer over the whole
stored history of a characteristic (the same charts the SPC watcher raises alarms on).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.quality.capability import capability
from obeya.quality.render import capability_answer
from obeya.reports.spc_chart import ControlSeries, control_series
from obeya.services.quality import (
    characteristic_chart,
    list_characteristics,
    list_nonconformances,
    nonconformance_pareto,
    open_alarms,
)
from obeya.services.quality_monitor import group_measurements
from obeya.services.runtime import Runtime

RECENT = timedelta(days=30)
RECENT_NONCONFORMANCE_COUNT = 20
RULE_TEXT = {
    "1": "a point beyond the control limits",
    "we-2": "2 of 3 points beyond 2 sigma, same side",
    "we-3": "4 of 5 points beyond 1 sigma, same side",
    "we-4": "8 points in a row on one side of the center line",
    "nelson-2": "9 points in a row on one side of the center line",
    "nelson-3": "6 points in a row steadily increasing or decreasing",
    "nelson-4": "14 points in a row alternating up and down",
    "nelson-5": "2 of 3 points beyond 2 sigma, same side",
    "nelson-6": "4 of 5 points beyond 1 sigma, same side",
    "nelson-7": "15 points in a row within 1 sigma of the center line",
    "nelson-8": "8 points in a row beyond 1 sigma, either side",
}


def rule_text(rule: str) -> str:
    """A rule id in words (`we-1` -> "a point beyond the control limits"); unknown: the id."""
    if rule.endswith("-1"):
        return RULE_TEXT["1"]
    return RULE_TEXT.get(rule, rule)


def _line_by_machine(plant: Plant) -> dict[str, str]:
    return {machine.id: line.id for line in plant.lines for machine in line.machines}


def alarm_counts_by_line(runtime: Runtime) -> list[dict[str, Any]]:
    """Open SPC alarms per line (lines without any are left out), by line id."""
    plant = runtime.plant()
    line_of = _line_by_machine(plant)
    counts: dict[str, int] = {}
    for alarm in open_alarms(runtime):
        line_id = line_of.get(alarm["machine"] or "", "")
        counts[line_id] = counts.get(line_id, 0) + 1
    names = {line.id: line.name for line in plant.lines}
    return [
        {"line": line_id, "name": names.get(line_id, ""), "open_alarm_count": count}
        for line_id, count in sorted(counts.items())
    ]


def line_characteristic_ids(runtime: Runtime, line_id: str) -> list[str]:
    """Characteristics measured at a routing step that one of the line's machines can run.

    Raises:
        NotFoundError: when the plant has no such line.
    """
    plant = runtime.plant()
    machines = {machine.id for machine in plant.line(line_id).machines}
    products = {product.id: product for product in plant.products}
    found: list[str] = []
    for row in list_characteristics(runtime):
        product = products.get(row["product"])
        steps = [] if product is None else [s for s in product.routing if s.step == row["step"]]
        if any(machines & set(step.machine_ids) for step in steps):
            found.append(row["id"])
    return found


def _violation_rows(chart: dict[str, Any]) -> list[dict[str, Any]]:
    values = {point["subgroup"]: point["value"] for point in chart["points"]}
    return [
        {
            "chart": chart["chart"],
            "subgroup": violation["subgroup"],
            "value": values.get(violation["subgroup"]),
            "rule": violation["rule"],
            "rule_text": rule_text(violation["rule"]),
        }
        for violation in chart["violations"]
    ]


def characteristic_view(runtime: Runtime, row: dict[str, Any]) -> dict[str, Any]:
    """One characteristic: its definition, charts, violations in words and open alarms."""
    answer = characteristic_chart(runtime, row["id"])
    alarms = [alarm for alarm in open_alarms(runtime) if alarm["characteristic"] == row["id"]]
    for alarm in alarms:
        alarm["rule_text"] = rule_text(alarm["rule"])
    return {
        "characteristic": row,
        "status": answer["status"],
        "problem": answer.get("problem"),
        "subgroup_count": answer["subgroup_count"],
        "charts": answer["charts"],
        "violations": [found for chart in answer["charts"] for found in _violation_rows(chart)],
        "open_alarms": alarms,
    }


def line_quality(runtime: Runtime, line_id: str) -> list[dict[str, Any]]:
    """The line page's Quality section: one view per characteristic of the line.

    Raises:
        NotFoundError: when the plant has no such line.
    """
    wanted = set(line_characteristic_ids(runtime, line_id))
    rows = [row for row in list_characteristics(runtime) if row["id"] in wanted]
    return [characteristic_view(runtime, row) for row in rows]


def capability_view(runtime: Runtime, row: dict[str, Any]) -> dict[str, Any]:
    """Cp, Cpk, Pp, Ppk and the histogram of a characteristic's complete subgroups.

    Answers `{"study": ...}` (the `obeya spc capability --json` answer) or
    `{"problem": "..."}` when no study is possible (no limits, too few values).
    """
    with runtime.uow() as uow:
        measurements = uow.quality.measurements.of([row["id"]])
    grouping = group_measurements(measurements, int(row["subgroup_size"]))
    samples = [np.array(group.values, dtype=float) for group in grouping.complete]
    if not samples:
        return {"problem": "no complete subgroup measured yet"}
    try:
        return {"study": capability_answer(capability(samples, row["lsl"], row["usl"]))}
    except InputError as error:
        return {"problem": str(error)}


def quality_page(runtime: Runtime, characteristic_id: str | None) -> dict[str, Any]:
    """The `/quality` page: characteristics, the chosen one's charts and capability,
    recent nonconformances and the defect Pareto of the last 30 days.

    Raises:
        NotFoundError: when `characteristic_id` names no characteristic.
    """
    rows = list_characteristics(runtime)
    chosen = next((row for row in rows if row["id"] == characteristic_id), None)
    if characteristic_id and chosen is None:
        characteristic_chart(runtime, characteristic_id)  # raises NotFoundError
    chosen = chosen or (rows[0] if rows else None)
    start_at = datetime.now(UTC) - RECENT
    return {
        "characteristics": rows,
        "chosen": None if chosen is None else characteristic_view(runtime, chosen),
        "capability": None if chosen is None else capability_view(runtime, chosen),
        "nonconformances": list_nonconformances(runtime)[-RECENT_NONCONFORMANCE_COUNT:][::-1],
        "pareto": nonconformance_pareto(runtime, start_at),
        "open_alarms": open_alarms(runtime),
    }


def _until_last_alarm(chart: dict[str, Any], subgroups: set[str]) -> dict[str, Any]:
    labels = [point["subgroup"] for point in chart["points"]]
    last = max((index for index, label in enumerate(labels) if label in subgroups), default=-1)
    return {**chart, "points": chart["points"][: last + 1]}


def report_control_series(
    runtime: Runtime, alarms: list[dict[str, Any]]
) -> tuple[ControlSeries, ...]:
    """One report chart per (characteristic, chart) with alarms: the points up to the
    last alarmed one (at most 40), so a past period's alarm stays in view."""
    wanted: dict[tuple[str, str], set[str]] = {}
    for alarm in alarms:
        wanted.setdefault((alarm["characteristic"], alarm["chart"]), set()).add(alarm["subgroup"])
    found: list[ControlSeries] = []
    for characteristic_id in sorted({key[0] for key in wanted}):
        answer = characteristic_chart(runtime, characteristic_id)
        for chart in answer["charts"]:
            subgroups = wanted.get((characteristic_id, chart["chart"]))
            if subgroups:
                trimmed = _until_last_alarm(chart, subgroups)
                found.append(control_series(characteristic_id, trimmed))
    return tuple(found)
