"""Use cases of nonconformances: record, list, defect Pareto, first-pass yield, scrap cost.

A report names the product, the line (from the machine, else given, else the product's
only line), the defect code, the quantity and the disposition; it is validated against
the plant and stored in `nonconformance_reports`. First-pass yield is in
`obeya.services.quality_yield`. Figures are computed by `obeya.quality`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError, NotFoundError
from obeya.domain.identifiers import check_identifier
from obeya.domain.plant import Plant
from obeya.domain.quality import Disposition, Nonconformance
from obeya.domain.times import format_timestamp
from obeya.quality import defect_pareto
from obeya.services.runtime import Runtime
from obeya.storage.clock import from_us, maybe_us, to_us
from obeya.storage.event_store import now_us
from obeya.storage.quality_records import require_quality_schema


@dataclass(frozen=True)
class NewNonconformance:
    """A nonconformance to record; the line comes from the machine, else `line_id`."""

    product_id: str
    defect: str
    quantity: int
    disposition: str
    order_id: str | None = None
    machine_id: str | None = None
    line_id: str | None = None
    shift_id: str | None = None
    worker_id: str | None = None
    found_at: datetime | None = None


def parse_disposition(text: str) -> Disposition:
    """`scrap`, `rework`, `use-as-is` or `return-to-supplier` (`_` works too).

    Raises:
        InputError: naming `disposition` for anything else.
    """
    try:
        return Disposition(text.strip().lower().replace("-", "_"))
    except ValueError:
        choices = "scrap, rework, use-as-is, return-to-supplier"
        raise InputError(f"disposition: must be one of {choices}, got {text!r}") from None


def _known(kind: str, check: Any, value: str | None) -> None:
    if value is None:
        return
    try:
        check(value)
    except (NotFoundError, KeyError):
        raise InputError(f"{kind}: no {kind} {value!r} in the plant") from None


def _line_of(report: NewNonconformance, plant: Plant) -> str:
    if report.machine_id is not None:
        line_id = plant.line_of(report.machine_id).id
        if report.line_id is not None and report.line_id != line_id:
            raise InputError(f"line: machine {report.machine_id!r} is on line {line_id!r}")
        return line_id
    if report.line_id is not None:
        _known("line", plant.line, report.line_id)
        return report.line_id
    routing = plant.product(report.product_id).routing
    lines = {plant.line_of(m).id for step in routing for m in step.machine_ids}
    if len(lines) != 1:
        raise InputError(
            f"machine: product {report.product_id!r} is made on several lines; "
            "give the machine (or the line) where the units were made"
        )
    return lines.pop()


def validate_nonconformance(report: NewNonconformance, plant: Plant) -> dict[str, Any]:
    """The row to store for a report, checked against the plant.

    Raises:
        InputError: naming the field at fault (quantity, disposition, defect, product,
            machine, line, shift, worker).
    """
    if report.quantity < 1:
        raise InputError(f"quantity: must be a whole number of at least 1, got {report.quantity}")
    disposition = parse_disposition(report.disposition)
    check_identifier(report.defect, "defect")
    _known("product", plant.product, report.product_id)
    _known("machine", plant.machine, report.machine_id)
    _known("shift", plant.calendar.shift, report.shift_id)
    _known("worker", plant.worker, report.worker_id)
    line_id = _line_of(report, plant)
    found_us = to_us(report.found_at) if report.found_at is not None else now_us()
    return {
        "found_us": found_us,
        "product_id": report.product_id,
        "line_id": line_id,
        "machine_id": report.machine_id,
        "order_id": report.order_id,
        "shift_id": report.shift_id,
        "worker_id": report.worker_id,
        "defect": report.defect,
        "quantity": report.quantity,
        "disposition": str(disposition),
    }


def nonconformance_answer(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored report as its JSON object."""
    return {
        "id": row["id"],
        "found_at": format_timestamp(from_us(row["found_us"])),
        "product": row["product_id"],
        "line": row["line_id"],
        "machine": row["machine_id"],
        "order": row["order_id"],
        "shift": row["shift_id"],
        "worker": row["worker_id"],
        "defect": row["defect"],
        "quantity": row["quantity"],
        "disposition": row["disposition"],
        "recorded_by": row["recorded_by"],
        "recorded_at": format_timestamp(from_us(row["created_us"])),
    }


def record_nonconformance(
    runtime: Runtime, report: NewNonconformance, by: str | None = None
) -> dict[str, Any]:
    """Store a nonconformance report; nothing is written when a field is invalid.

    Raises:
        InputError: naming the field at fault; an unknown work order too.
    """
    row = validate_nonconformance(report, runtime.plant())
    with runtime.uow() as uow:
        if report.order_id is not None:
            _check_order(uow.orders.get, report)
        new_id = uow.quality.nonconformances.add(**row, recorded_by=by, created_us=now_us())
        stored = uow.quality.nonconformances.list(limit=1, id=new_id)[0]
        uow.commit()
    return nonconformance_answer(stored)


def _check_order(get: Any, report: NewNonconformance) -> None:
    try:
        order = get(report.order_id)
    except NotFoundError:
        raise InputError(f"order: no work order {report.order_id!r}") from None
    if order.product_id != report.product_id:
        raise InputError(
            f"order: work order {report.order_id!r} makes {order.product_id!r}, "
            f"not {report.product_id!r}"
        )


def _reports(
    runtime: Runtime, start_at: datetime | None, end_at: datetime | None
) -> list[dict[str, Any]]:
    if start_at is not None and end_at is not None and end_at <= start_at:
        raise InputError("--to must be after --from")
    require_quality_schema(runtime.engine)
    with runtime.uow() as uow:
        return uow.quality.nonconformances.between(maybe_us(start_at), maybe_us(end_at))


def list_nonconformances(
    runtime: Runtime, start_at: datetime | None = None, end_at: datetime | None = None
) -> list[dict[str, Any]]:
    """Reports found in `[start, end)` (open ends allowed), oldest first."""
    return [nonconformance_answer(row) for row in _reports(runtime, start_at, end_at)]


def domain_records(
    runtime: Runtime, start_at: datetime | None, end_at: datetime | None
) -> list[tuple[Nonconformance, str | None]]:
    """Reports found in `[start, end)` as domain records, each with its machine (or None)."""
    return [
        (
            Nonconformance(
                str(row["id"]),
                row["product_id"],
                row["line_id"],
                row["defect"],
                row["quantity"],
                Disposition(row["disposition"]),
                from_us(row["found_us"]),
            ),
            row["machine_id"],
        )
        for row in _reports(runtime, start_at, end_at)
    ]


def _window(start_at: datetime | None, end_at: datetime | None) -> dict[str, str | None]:
    return {
        "from": None if start_at is None else format_timestamp(start_at),
        "to": None if end_at is None else format_timestamp(end_at),
    }


def pareto_rows(records: Sequence[Nonconformance]) -> list[dict[str, Any]]:
    """The defect Pareto as JSON rows (units per defect code, largest first)."""
    return [
        {
            "defect": row.defect,
            "quantity": row.quantity,
            "share": row.share,
            "cumulative_share": row.cumulative_share,
        }
        for row in defect_pareto(records)
    ]


def nonconformance_pareto(
    runtime: Runtime, start_at: datetime | None = None, end_at: datetime | None = None
) -> dict[str, Any]:
    """Nonconforming units per defect code, largest first, with shares (0..1)."""
    records = [record for record, _ in domain_records(runtime, start_at, end_at)]
    return {
        **_window(start_at, end_at),
        "total_quantity": sum(record.quantity for record in records),
        "defects": pareto_rows(records),
    }
