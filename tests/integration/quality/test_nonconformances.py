"""Nonconformances: validated records, defect Pareto, first-pass yield and scrap cost."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from obeya.domain.errors import InputError
from obeya.domain.work_orders import WorkOrder
from obeya.services.quality import (
    NewNonconformance,
    first_pass_yield_report,
    list_nonconformances,
    nonconformance_pareto,
    quality_summary,
    record_nonconformance,
)
from obeya.services.runtime import Runtime

AT = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
WINDOW = (datetime(2026, 11, 24, 6, 0, tzinfo=UTC), datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
SCRATCH = NewNonconformance("P-100", "scratch", 4, "scrap", machine_id="L1-CNC1", found_at=AT)


def _count(
    event_id: str, machine: str, hour: int, good: int, scrap: int, rework: int
) -> dict[str, object]:
    return {
        "id": event_id, "ts": f"2026-11-24T{hour:02d}:00:00Z", "machine": machine,
        "kind": "count", "good": good, "scrap": scrap, "rework": rework, "product": "P-100",
    }  # fmt: skip


@pytest.fixture
def shift_of_work(runtime: Runtime, client: TestClient) -> Runtime:
    """100 units of P-100 finished on L1 in the early shift; 10 of them nonconforming.

    The saw's 100 (step 10) and a count after the window do not count as produced.
    """
    counts = [
        _count("c1", "L1-CNC1", 7, 40, 3, 2),
        _count("c2", "L1-CNC2", 9, 50, 0, 5),
        _count("c3", "L1-SAW", 7, 100, 0, 0),
        _count("c4", "L1-CNC1", 15, 30, 0, 0),
    ]
    response = client.post("/api/v1/events", content=json.dumps(counts))
    assert response.json()["accepted"] == 4, response.text
    for report in (
        SCRATCH,
        replace(SCRATCH, defect="undersize", quantity=3, disposition="rework"),
        replace(SCRATCH, defect="burr", quantity=1, disposition="use-as-is", machine_id="L1-CNC2"),
        replace(SCRATCH, quantity=2, found_at=AT + timedelta(hours=3)),
        replace(SCRATCH, defect="dent", quantity=7, found_at=AT + timedelta(hours=9)),
    ):
        record_nonconformance(runtime, report, "W001")
    return runtime


def test_a_report_takes_its_line_from_the_machine(runtime: Runtime) -> None:
    stored = record_nonconformance(runtime, SCRATCH, "W001")
    assert (stored["line"], stored["disposition"], stored["quantity"]) == ("L1", "scrap", 4)
    assert list_nonconformances(runtime) == [stored]


def test_a_report_without_a_machine_takes_the_products_only_line(runtime: Runtime) -> None:
    stored = record_nonconformance(runtime, replace(SCRATCH, machine_id=None))
    assert stored["line"] == "L1"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": -2}, "quantity"),
        ({"quantity": 0}, "quantity"),
        ({"product_id": "P-999"}, "product"),
        ({"machine_id": "L9-X"}, "machine"),
        ({"disposition": "burn"}, "disposition"),
        ({"shift_id": "late"}, "shift"),
        ({"worker_id": "W999"}, "worker"),
        ({"defect": "two words"}, "defect"),
        ({"line_id": "L2", "machine_id": None}, "line"),
        ({"order_id": "WO-404"}, "order"),
    ],
)
def test_a_bad_report_is_refused_naming_the_field_and_nothing_is_written(
    runtime: Runtime, change: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError, match=rf"^{field}"):
        record_nonconformance(runtime, replace(SCRATCH, **change))  # type: ignore[arg-type]
    assert list_nonconformances(runtime) == []


def test_pareto_ranks_defects_by_units_in_the_window(shift_of_work: Runtime) -> None:
    """By hand: scratch 4 + 2 = 6, undersize 3, burr 1 (dent is after the window)."""
    answer = nonconformance_pareto(shift_of_work, *WINDOW)
    assert answer["total_quantity"] == 10
    rows = [
        (r["defect"], r["quantity"], r["share"], r["cumulative_share"]) for r in answer["defects"]
    ]
    assert rows == [
        ("scratch", 6, pytest.approx(0.6), pytest.approx(0.6)),
        ("undersize", 3, pytest.approx(0.3), pytest.approx(0.9)),
        ("burr", 1, pytest.approx(0.1), pytest.approx(1.0)),
    ]


def test_first_pass_yield_counts_the_last_step_and_every_nonconforming_unit(
    shift_of_work: Runtime,
) -> None:
    """By hand: produced 45 + 55 = 100 on the lathes; 10 nonconforming; FPY 0.9; scrap
    6 units at 12.5 = 75."""
    answer = first_pass_yield_report(shift_of_work, *WINDOW, {"P-100": 12.5})
    assert answer["rows"] == [
        {
            "product": "P-100", "line": "L1", "produced_count": 100, "nonconforming_count": 10,
            "scrap_count": 6, "first_pass_yield": pytest.approx(0.9), "scrap_cost": 75.0,
        }
    ]  # fmt: skip
    assert (answer["scrap_cost_total"], answer["problems"]) == (75.0, [])


def test_a_scrapped_product_without_a_unit_cost_is_refused(shift_of_work: Runtime) -> None:
    with pytest.raises(InputError, match="P-100"):
        first_pass_yield_report(shift_of_work, *WINDOW, {"P-200": 3.0})


def test_more_nonconforming_than_produced_is_a_problem_not_a_yield(shift_of_work: Runtime) -> None:
    late = (WINDOW[0], WINDOW[1] + timedelta(hours=4))  # dent 7 more, counts 30 more
    record_nonconformance(shift_of_work, replace(SCRATCH, quantity=200, found_at=AT))
    answer = first_pass_yield_report(shift_of_work, *late)
    assert answer["rows"][0]["first_pass_yield"] is None
    assert "only 130 produced" in answer["problems"][0]


def test_the_summary_gives_yield_scrap_and_pareto_for_a_line(shift_of_work: Runtime) -> None:
    summary = quality_summary(shift_of_work, *WINDOW, scope="line:L1")
    assert summary["first_pass_yield"][0]["first_pass_yield"] == pytest.approx(0.9)
    assert summary["scrap_by_product"] == [{"product": "P-100", "scrap_count": 6}]
    assert summary["defect_pareto"][0]["defect"] == "scratch"
    only_cnc2 = quality_summary(shift_of_work, *WINDOW, scope="machine:L1-CNC2")
    assert [row["defect"] for row in only_cnc2["defect_pareto"]] == ["burr"]
    assert only_cnc2["first_pass_yield"][0]["produced_count"] == 55


def test_the_api_records_for_operators_and_lists_for_viewers(
    client_as: Callable[[str], TestClient],
) -> None:
    body = {"product": "P-100", "defect": "scratch", "quantity": 2, "disposition": "rework",
            "machine": "L1-CNC1", "at": "2026-11-24T08:00:00+01:00"}  # fmt: skip
    viewer = client_as("viewer")
    assert viewer.post("/api/v1/nonconformances", json=body).status_code == 403
    operator = client_as("operator")
    response = operator.post("/api/v1/nonconformances", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["found_at"] == "2026-11-24T07:00:00Z"
    assert response.json()["recorded_by"] == "user-operator"
    listed = viewer.get("/api/v1/nonconformances").json()["nonconformances"]
    assert len(listed) == 1
    pareto = viewer.get("/api/v1/nonconformances/pareto", params={"from": "2026-11-24T00:00:00Z"})
    assert pareto.json()["defects"][0] == {
        "defect": "scratch", "quantity": 2, "share": 1.0, "cumulative_share": 1.0,
    }  # fmt: skip


def test_the_api_refuses_a_negative_quantity_naming_it(client: TestClient) -> None:
    body = {"product": "P-100", "defect": "scratch", "quantity": -1, "disposition": "scrap"}
    response = client.post("/api/v1/nonconformances", json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("quantity")
    assert client.get("/api/v1/nonconformances").json()["nonconformances"] == []


def test_a_count_without_a_product_takes_the_product_of_the_running_order(
    runtime: Runtime, client: TestClient
) -> None:
    """By hand: WO-1 (P-100) starts on L1-CNC2 at 06:30; a count of 20 at 07:00 names no
    product; after the order stops at 08:00 a count of 5 belongs to no product."""
    with runtime.uow() as uow:
        uow.orders.add_all([WorkOrder("WO-1", "P-100", 100, WINDOW[1])])
        uow.commit()
    base = {"machine": "L1-CNC2"}
    events = [
        {**base, "id": "o1", "ts": "2026-11-24T06:30:00Z", "kind": "order", "order": "WO-1",
         "action": "start"},
        {**base, "id": "k1", "ts": "2026-11-24T07:00:00Z", "kind": "count", "good": 20, "scrap": 0},
        {**base, "id": "o2", "ts": "2026-11-24T08:00:00Z", "kind": "order", "order": "WO-1",
         "action": "stop"},
        {**base, "id": "k2", "ts": "2026-11-24T09:00:00Z", "kind": "count", "good": 5, "scrap": 0},
    ]  # fmt: skip
    assert client.post("/api/v1/events", content=json.dumps(events)).json()["accepted"] == 4
    rows = first_pass_yield_report(runtime, *WINDOW)["rows"]
    assert [(row["product"], row["produced_count"]) for row in rows] == [("P-100", 20)]
