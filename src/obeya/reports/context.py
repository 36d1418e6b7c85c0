"""The morning report's context: plain, frozen dataclasses that the renderers draw.

The service `obeya.services.report` fills them from the KPI engine, the schedule and the
floor records; the renderers (`markdown`, `text`, `html`, `pdf`) only format them. Times
are aware UTC datetimes (`*_at`), durations seconds (`*_s`), ratios 0..1 or None.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from obeya.reports.spc_chart import ControlSeries

GREEN = "green"
AMBER = "amber"
RED = "red"
NO_TARGET = "none"


@dataclass(frozen=True)
class LineRow:
    """One line's (or the scope total's) output and OEE over the period.

    `planned_count` is the scheduled quantity (unit-operations) inside the period,
    None without a schedule; `status` is green, amber, red or none (no target or OEE).
    """

    line_id: str
    name: str
    planned_count: float | None
    produced_count: int
    good_count: int
    scrap_count: int
    availability: float | None
    effectiveness: float | None
    quality: float | None
    oee: float | None
    oee_target: float | None
    status: str
    unknown_s: float = 0.0


@dataclass(frozen=True)
class LossRow:
    """A Pareto bar: stop time of one reason (None: no reason given) and its count."""

    reason: str | None
    element: str
    duration_s: float
    stop_count: int
    share: float | None


@dataclass(frozen=True)
class StopRow:
    """A stop of one machine: when, how long (inside planned busy time), why."""

    machine_id: str
    start_at: datetime
    end_at: datetime
    duration_s: float
    reason: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class BottleneckRow:
    """A line's bottleneck of the period by the active period method (None: no data)."""

    line_id: str
    machine_id: str | None
    sole_share: float | None
    shifting_share: float | None


@dataclass(frozen=True)
class OrderRow:
    """A late or at-risk work order: due, (planned or actual) end, lateness, causes."""

    order_id: str
    due_at: datetime
    end_at: datetime | None
    late_min: float | None
    causes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    """An open improvement action and the loss reason it attacks."""

    action_id: int
    title: str
    owner: str | None
    line_id: str | None
    loss_reason: str | None
    due_at: datetime | None


@dataclass(frozen=True)
class IncidentRow:
    """A safety incident or near miss reported inside the period."""

    at: datetime
    kind: str
    line_id: str | None
    description: str


@dataclass(frozen=True)
class QualityAlarmRow:
    """An SPC rule violation signalled in the period (open until acknowledged)."""

    characteristic: str
    machine_id: str | None
    chart: str
    rule: str
    at: datetime
    is_open: bool
    subgroup: str = ""
    value: float | None = None


@dataclass(frozen=True)
class YieldRow:
    """First-pass yield of one product on one line over the period (None: unknown)."""

    product_id: str
    line_id: str | None
    produced_count: int
    nonconforming_count: int
    first_pass_yield: float | None


@dataclass(frozen=True)
class DefectRow:
    """A bar of the defect Pareto: nonconforming units of one defect code."""

    defect: str
    quantity: int
    share: float | None


@dataclass(frozen=True)
class MorningReport:
    """Everything the morning report shows, for one scope and period.

    `unexplained` holds the longest unexplained stops (at most 30); `unexplained_count`
    and `unexplained_s` count them all. `notices` are sentences shown at the top (no
    shifts planned, no events, no schedule...): never an empty chart without a word.
    """

    site_name: str
    timezone: str
    scope: str
    period_label: str
    start_at: datetime
    end_at: datetime
    generated_at: datetime
    lines: tuple[LineRow, ...]
    total: LineRow
    notices: tuple[str, ...] = ()
    losses: tuple[LossRow, ...] = ()
    long_stops: tuple[StopRow, ...] = ()
    unexplained: tuple[StopRow, ...] = ()
    unexplained_count: int = 0
    unexplained_s: float = 0.0
    bottlenecks: tuple[BottleneckRow, ...] = ()
    late_orders: tuple[OrderRow, ...] = ()
    at_risk: tuple[OrderRow, ...] = ()
    incidents: tuple[IncidentRow, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    quality_notes: tuple[str, ...] = field(default_factory=tuple)
    quality_alarms: tuple[QualityAlarmRow, ...] = ()
    yields: tuple[YieldRow, ...] = ()
    defects: tuple[DefectRow, ...] = ()
    control_charts: tuple[ControlSeries, ...] = ()
