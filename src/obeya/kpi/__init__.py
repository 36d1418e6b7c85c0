"""The KPI engine: ISO 22400-2 time ledger, OEE, losses and bottlenecks (pure computation).

    timeline    events -> StateInterval per machine (fold, re-fold a range)
    columns     the fast path: state columns, ISO 22400 classes, ClassClock
    counts      count columns: product via running order, PRI·PQ
    windows     planned windows: whole, by local day, by shift instance
    ledger      TimeLedger per machine and window (exact integer microseconds)
    oee         oee_answer: CONTRACTS.md section 3
    stops       stops with class and busy time
    losses      loss ratios, six big losses, waterfall, Pareto, unexplained stops
    report      losses_answer: every loss figure of a scope
    bottleneck  bottleneck_answer: the active period method

Only `obeya.domain` and numpy are imported. See docs/kpi.md.
"""

from __future__ import annotations

from obeya.kpi.bottleneck import active_period_analysis, bottleneck_answer
from obeya.kpi.columns import StateColumns, state_columns_from_rows
from obeya.kpi.counts import CountColumns
from obeya.kpi.ledger import TimeLedger
from obeya.kpi.oee import MachineSeries, machine_series, oee_answer, oee_answer_from_series
from obeya.kpi.report import losses_answer
from obeya.kpi.timeline import StateInterval, affected_range, fold_intervals

__all__ = [
    "CountColumns",
    "MachineSeries",
    "StateColumns",
    "StateInterval",
    "TimeLedger",
    "active_period_analysis",
    "affected_range",
    "bottleneck_answer",
    "fold_intervals",
    "losses_answer",
    "machine_series",
    "oee_answer",
    "oee_answer_from_series",
    "state_columns_from_rows",
]
