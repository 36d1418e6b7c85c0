"""Order files: every bad row is named with its line and column; nothing half-read."""

from __future__ import annotations

import string
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.domain.errors import InputError
from obeya.services.order_files import OrderFileError, order_record, parse_order_rows

GOOD = {"id": "WO-1", "product": "P-100", "quantity": "20", "due": "2026-11-30T14:00:00+01:00"}


def _rows(*rows: dict[str, object]) -> list[tuple[str, dict[str, object]]]:
    return [(f"line {number}", row) for number, row in enumerate(rows, start=2)]


def test_a_good_row_becomes_an_order_with_utc_times_and_default_priority() -> None:
    (order,) = parse_order_rows(_rows(GOOD), "orders.csv")
    assert order.due_at == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)
    assert order.priority == 1 and order.release_at is None


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    rows = _rows(
        {**GOOD, "quantity": "0"},
        {**GOOD, "id": "WO-2", "due": "tomorrow"},
        {**GOOD, "id": "WO 3"},
        {**GOOD, "id": "WO-4", "priority": "-1"},
    )
    with pytest.raises(OrderFileError) as raised:
        parse_order_rows(rows, "orders.csv")
    problems = raised.value.problems
    assert [problem.split(":")[0] for problem in problems] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
    ]
    assert "quantity" in problems[0] and "due" in problems[1]
    assert "id" in problems[2] and "priority" in problems[3]


def test_a_duplicate_id_in_the_file_is_an_error() -> None:
    with pytest.raises(OrderFileError, match="duplicate order id 'WO-1'"):
        parse_order_rows(_rows(GOOD, GOOD), "orders.csv")


def test_an_excel_date_without_an_offset_is_refused() -> None:
    with pytest.raises(OrderFileError, match="no UTC offset"):
        parse_order_rows(_rows({**GOOD, "due": datetime(2026, 11, 30, 14, 0)}), "orders.xlsx")


def test_an_exported_record_reads_back_as_the_same_order() -> None:
    (order,) = parse_order_rows(_rows({**GOOD, "priority": "3"}), "orders.csv")
    record = {key: str(value) for key, value in order_record(order).items()}
    (again,) = parse_order_rows(_rows(record), "export.csv")
    assert again == order


@given(
    st.dictionaries(
        st.sampled_from(["id", "product", "quantity", "due", "release", "priority"]),
        st.one_of(st.text(string.printable, max_size=30), st.integers(), st.none()),
    )
)
def test_any_row_either_parses_or_raises_an_input_error(row: dict[str, object]) -> None:
    try:
        parse_order_rows(_rows({**GOOD, **row}), "orders.csv")
    except InputError as error:
        assert str(error).startswith("orders.csv: 1 bad row")
