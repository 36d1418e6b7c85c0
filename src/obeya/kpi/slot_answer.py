"""The OEE answer (CONTRACTS.md section 3) from per-slot ledgers instead of events.

Storage keeps one machine's ledger per slot (see `slots`); the answer sums them: a
`--by shift` row is the sum of the slots of that shift instance, a `--by day` row of
that local day, a machine row of all its slots, and the total of all machines. The
result is exactly `oee_answer_from_series` over the same events, because the ledger is
additive in integer microseconds (tests compare both on SQLite and PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import numpy as np

from obeya.domain.errors import InputError
from obeya.domain.plant import Plant
from obeya.domain.times import format_timestamp
from obeya.kpi.columns import Int64Array
from obeya.kpi.ledger import TimeLedger, ledger_of, total
from obeya.kpi.oee import GROUPINGS, ledger_row
from obeya.kpi.slots import SlotPlan

Grouped = dict[str, tuple[int, Int64Array]]


def _add_rows(grouped: Grouped, plan: SlotPlan, sums: Int64Array, by: str) -> None:
    """Add one line's slot sums to the shift or day rows (earliest start kept for order)."""
    for slot, values in zip(plan.slots, sums, strict=True):
        key = slot.shift_key if by == "shift" else slot.day_key
        if key is None:
            continue
        order, before = grouped.get(key, (slot.start_us, 0 * values))
        grouped[key] = (min(order, slot.start_us), before + values)


def _grouped_rows(
    plans: Mapping[tuple[str, ...], SlotPlan], sums: Mapping[tuple[str, ...], Int64Array], by: str
) -> list[dict[str, object]]:
    grouped: Grouped = {}
    for shift_ids, matrix in sums.items():
        _add_rows(grouped, plans[shift_ids], matrix, by)
    ordered = sorted(grouped.items(), key=lambda item: (item[1][0], item[0]))
    return [ledger_row(key, ledger_of(values.tolist())) for key, (_, values) in ordered]


def oee_answer_from_slots(
    plant: Plant,
    scope: str,
    window: tuple[datetime, datetime],
    by: str,
    plans: Mapping[tuple[str, ...], SlotPlan],
    matrices: Mapping[str, Int64Array],
) -> dict[str, object]:
    """The OEE answer from slot ledgers: `matrices[machine]` has one row per slot of the
    plan of the machine's line (`plans[line.shift_ids]`), columns `LEDGER_FIELDS`.

    `window` is the answer's `(from, to)` as asked (slots already stop at `now`).

    Raises:
        InputError: `by` not one of none|machine|shift|day.
        NotFoundError: the scope names nothing in the plant.
    """
    if by not in GROUPINGS:
        raise InputError(f"by {by!r} is not one of {', '.join(GROUPINGS)}")
    sums: dict[tuple[str, ...], Int64Array] = {}
    by_machine: list[tuple[str, TimeLedger]] = []
    for machine in plant.machines_in_scope(scope):
        shift_ids = plant.line(machine.line_id).shift_ids
        matrix = matrices[machine.id]
        sums[shift_ids] = sums[shift_ids] + matrix if shift_ids in sums else matrix
        by_machine.append((machine.id, ledger_of(np.sum(matrix, axis=0).tolist())))
    whole = total([ledger for _, ledger in by_machine])
    if by == "none":
        rows = [ledger_row(scope, whole)]
    elif by == "machine":
        rows = [ledger_row(key, ledger) for key, ledger in by_machine]
    else:
        rows = _grouped_rows(plans, sums, by)
    return {
        "scope": scope,
        "from": format_timestamp(window[0]),
        "to": format_timestamp(window[1]),
        "by": by,
        "rows": rows,
        "total": ledger_row("total", whole),
    }
