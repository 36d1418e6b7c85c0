"""Turning stored measurements into SPC subgroups, charts and alarm candidates.

Pure helpers of `obeya.services.quality`. Grouping rules (docs/quality.md):

- a measurement with a `subgroup` key joins the subgroup of that label;
- measurements without one are taken in time order (then event id) in consecutive
  groups of the characteristic's subgroup size, labelled by the RFC 3339 time of their
  first measurement (`#2`, `#3` ... appended when two groups start at the same instant);
  a trailing group that is not full yet is pending;
- subgroups are ordered by their first measurement; only those whose first measurement
  falls in the window are charted; a subgroup whose size differs from the
  characteristic's is reported as incomplete and not charted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from obeya.domain.times import format_timestamp
from obeya.quality import ChartRequest, ChartType, ControlChart, Table, build_charts
from obeya.quality.data import Row
from obeya.quality.rules import parse_rule_set
from obeya.storage.clock import from_us

Measurement = Mapping[str, Any]


@dataclass(frozen=True)
class Subgroup:
    """Measurements charted as one point: label, values, and where/when it closed."""

    label: str
    values: tuple[float, ...]
    first_us: int
    last_us: int
    machine_id: str


@dataclass(frozen=True)
class Grouping:
    """The complete subgroups, the incomplete ones, and how many measurements wait."""

    complete: tuple[Subgroup, ...]
    incomplete: tuple[Subgroup, ...]
    pending_count: int


def _subgroup(label: str, items: Sequence[Measurement]) -> Subgroup:
    values = tuple(float(item["value"]) for item in items)
    last = items[-1]
    return Subgroup(label, values, int(items[0]["ts_us"]), int(last["ts_us"]), last["machine_id"])


def _time_label(first_us: int, taken: set[str]) -> str:
    base = format_timestamp(from_us(first_us))
    label, number = base, 1
    while label in taken:
        number += 1
        label = f"{base}#{number}"
    return label


def group_measurements(measurements: Sequence[Measurement], size: int) -> Grouping:
    """Group one characteristic's measurements (sorted by time) into subgroups."""
    keyed: dict[str, list[Measurement]] = {}
    loose: list[Measurement] = []
    for item in measurements:
        if item["subgroup"] is None:
            loose.append(item)
        else:
            keyed.setdefault(str(item["subgroup"]), []).append(item)
    groups = [_subgroup(label, items) for label, items in keyed.items()]
    taken = set(keyed)
    full_count = len(loose) - len(loose) % size
    for start in range(0, full_count, size):
        chunk = loose[start : start + size]
        label = _time_label(int(chunk[0]["ts_us"]), taken)
        taken.add(label)
        groups.append(_subgroup(label, chunk))
    groups.sort(key=lambda group: (group.first_us, group.label))
    complete = tuple(group for group in groups if len(group.values) == size)
    incomplete = tuple(group for group in groups if len(group.values) != size)
    return Grouping(complete, incomplete, len(loose) - full_count)


def in_window(
    groups: Sequence[Subgroup], start_us: int | None, end_us: int | None
) -> list[Subgroup]:
    """The subgroups whose first measurement lies in `[start, end)` (open ends allowed)."""
    return [
        group
        for group in groups
        if (start_us is None or group.first_us >= start_us)
        and (end_us is None or group.first_us < end_us)
    ]


def chart_subgroups(
    groups: Sequence[Subgroup],
    chart_type: str,
    rules: str,
    phase_one: str | None,
    source: str,
) -> list[ControlChart]:
    """The engine's charts over these subgroups (phase I: `phase_one`, else all).

    Raises:
        InputError: when the engine refuses the data (too few points, no variation,
            a `phase_one` that names no subgroups).
    """
    rows: list[Row] = []
    for group in groups:
        for value in group.values:
            cells = {"subgroup": group.label, "value": repr(value)}
            rows.append(Row(line=len(rows) + 1, cells=cells))
    table = Table(source=source, columns=("subgroup", "value"), rows=tuple(rows))
    request = ChartRequest(
        ChartType(chart_type), "value", "subgroup", None, phase_one, parse_rule_set(rules)
    )
    return build_charts(table, request)


def alarm_candidates(
    charts: Sequence[ControlChart], groups: Sequence[Subgroup]
) -> list[dict[str, Any]]:
    """One alarm row (without characteristic) per violation of every chart."""
    by_label = {group.label: group for group in groups}
    candidates: list[dict[str, Any]] = []
    for chart in charts:
        values = {point.subgroup: point.value for point in chart.points}
        for violation in chart.violations:
            group = by_label[violation.subgroup]
            candidates.append(
                {
                    "machine_id": group.machine_id,
                    "chart": chart.chart,
                    "subgroup": violation.subgroup,
                    "rule": violation.rule,
                    "value": values.get(violation.subgroup),
                    "at_us": group.last_us,
                }
            )
    return candidates
