"""Work-order files: CSV and Excel (.xlsx) rows to work orders and back.

Columns: `id, product, quantity, due` and optionally `release`, `priority`,
`material_available` (CONTRACTS.md section 8). Every bad row is reported with its line
(CSV) or row number (Excel) and the column; nothing is imported when any row is bad.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from obeya.domain.errors import InputError
from obeya.domain.identifiers import check_identifier
from obeya.domain.times import format_timestamp, parse_timestamp
from obeya.domain.work_orders import WorkOrder

REQUIRED = ("id", "product", "quantity", "due")
OPTIONAL = ("release", "priority", "material_available")
EXPORT_COLUMNS = (*REQUIRED, *OPTIONAL, "status")


class OrderFileError(InputError):
    """One or more rows of an order file are bad; `problems` lists them all."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{source}: {len(problems)} bad row(s), nothing imported:\n{shown}{more}")


def read_order_file(path: Path) -> list[WorkOrder]:
    """Read every order of a .csv or .xlsx file; raises OrderFileError or InputError."""
    rows = _xlsx_rows(path) if path.suffix.lower() == ".xlsx" else _csv_rows(path)
    return parse_order_rows(rows, path.name)


def parse_order_rows(
    rows: Iterable[tuple[str, Mapping[str, object]]], source: str
) -> list[WorkOrder]:
    """Orders from (location, row) pairs; collects every row error before raising."""
    orders: list[WorkOrder] = []
    problems: list[str] = []
    seen: set[str] = set()
    for location, row in rows:
        try:
            order = _order_of(row)
        except InputError as error:
            problems.append(f"{location}: {error}")
            continue
        if order.id in seen:
            problems.append(f"{location}: id: duplicate order id {order.id!r} in the file")
        seen.add(order.id)
        orders.append(order)
    if problems:
        raise OrderFileError(source, problems)
    return orders


def _csv_rows(path: Path) -> Iterator[tuple[str, Mapping[str, object]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {path}: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    _check_header(reader.fieldnames or [], path.name)
    for row in reader:
        yield f"line {reader.line_num}", {key.strip(): value for key, value in row.items() if key}


def _xlsx_rows(path: Path) -> Iterator[tuple[str, Mapping[str, object]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise InputError(f"cannot read {path} as an Excel workbook: {error}") from None
    sheet = book.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(values, ())]
    _check_header(header, path.name)
    for number, cells in enumerate(values, start=2):
        if all(cell is None or cell == "" for cell in cells):
            continue
        yield f"row {number}", dict(zip(header, cells, strict=False))


def _check_header(header: Sequence[str], source: str) -> None:
    names = {name.strip() for name in header if name}
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise InputError(
            f"{source}: missing column(s) {', '.join(missing)}; "
            f"an order file needs {', '.join(REQUIRED)}"
        )


def _cell(row: Mapping[str, object], key: str) -> object | None:
    value = row.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value.strip() if isinstance(value, str) else value


def _time(row: Mapping[str, object], key: str) -> datetime | None:
    value = _cell(row, key)
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:
        raise InputError(
            f"{key}: the Excel date {value} has no UTC offset; write it as text "
            "like 2026-11-24T06:00:00+01:00"
        )
    return parse_timestamp(value, key)


def _integer(row: Mapping[str, object], key: str, default: int | None = None) -> int:
    value = _cell(row, key)
    if value is None:
        if default is None:
            raise InputError(f"{key}: missing")
        return default
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value))
    except ValueError:
        raise InputError(f"{key}: {value!r} is not a whole number") from None


def _order_of(row: Mapping[str, object]) -> WorkOrder:
    order_id = check_identifier(_cell(row, "id"), "id: order id")
    product = check_identifier(_cell(row, "product"), "product: product id")
    quantity = _integer(row, "quantity")
    if quantity <= 0:
        raise InputError(f"quantity: must be a positive whole number, got {quantity}")
    due = _time(row, "due")
    if due is None:
        raise InputError("due: missing (an RFC 3339 timestamp with offset)")
    priority = _integer(row, "priority", default=1)
    if priority < 0:
        raise InputError(f"priority: must be 0 or more, got {priority}")
    return WorkOrder(
        id=order_id,
        product_id=product,
        quantity=quantity,
        due_at=due,
        release_at=_time(row, "release"),
        priority=priority,
        material_available_at=_time(row, "material_available"),
    )


def order_record(order: WorkOrder) -> dict[str, object]:
    """The export columns of an order (timestamps RFC 3339 UTC, empty when unset)."""
    return {
        "id": order.id,
        "product": order.product_id,
        "quantity": order.quantity,
        "due": format_timestamp(order.due_at),
        "release": "" if order.release_at is None else format_timestamp(order.release_at),
        "priority": order.priority,
        "material_available": ""
        if order.material_available_at is None
        else format_timestamp(order.material_available_at),
        "status": str(order.status),
    }


def write_order_file(orders: Iterable[WorkOrder], path: Path | None) -> str | None:
    """Write orders as CSV (to `path`, or return the text) or as .xlsx when path ends so."""
    records = [order_record(order) for order in orders]
    if path is not None and path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.append(list(EXPORT_COLUMNS))
        for record in records:
            sheet.append([record[column] for column in EXPORT_COLUMNS])
        book.save(path)
        return None
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    if path is None:
        return buffer.getvalue()
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return None
