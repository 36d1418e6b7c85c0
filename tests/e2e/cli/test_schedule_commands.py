"""`obeya schedule` end to end: solve, publish, reschedule with a change list, Gantt.

Every schedule the engine returns has passed its independent checker; here the answer's
shape (CONTRACTS.md section 8) and its stored lifecycle are checked.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from tests.e2e.cli.conftest import FIXTURES, Obeya

NOW = "2026-11-30T05:00:00Z"


@pytest.fixture
def planned(initialised: Obeya) -> Obeya:
    assert initialised("orders", "import", str(FIXTURES / "orders_good.csv")).code == 0
    return initialised


def _solve(obeya: Obeya) -> dict[str, object]:
    outcome = obeya("schedule", "solve", "--time-limit", "1", "--now", NOW, "--json")
    assert outcome.code == 0, outcome.stderr
    answer: dict[str, object] = outcome.json()
    return answer


def test_solve_answers_the_contract_shape_with_every_step_scheduled(planned: Obeya) -> None:
    answer = _solve(planned)
    assert {
        "schedule_id",
        "status",
        "objective",
        "operations",
        "late_orders",
        "unscheduled",
    } <= set(answer)
    assert answer["status"] in ("optimal", "feasible")
    assert set(answer["objective"]) >= {  # type: ignore[arg-type]
        "weighted_tardiness_min",
        "makespan_min",
        "changeover_min",
    }
    steps = sorted((op["order"], op["step"]) for op in answer["operations"])  # type: ignore[attr-defined]
    assert steps == [("WO-1", 10), ("WO-1", 20), ("WO-2", 10), ("WO-2", 20)]
    assert "changes" not in answer
    for op in answer["operations"]:  # type: ignore[attr-defined]
        assert op["end"].endswith("Z") and op["start"] < op["end"]


def test_an_order_does_not_start_before_its_material_is_there(planned: Obeya) -> None:
    answer = _solve(planned)
    first = min(
        datetime.fromisoformat(op["start"])
        for op in answer["operations"]  # type: ignore[attr-defined]
        if op["order"] == "WO-2"
    )
    assert first >= datetime.fromisoformat("2026-11-30T08:00:00+00:00")


def test_a_breakdown_moves_work_off_the_machine_and_lists_the_changes(planned: Obeya) -> None:
    solved = _solve(planned)
    assert planned("schedule", "publish", str(solved["schedule_id"])).code == 0
    outcome = planned(
        "schedule",
        "reschedule",
        "--event",
        "machine-down:L1-CNC1@2026-11-30T05:00:00Z+4h",
        "--time-limit",
        "1",
        "--now",
        NOW,
        "--json",
    )
    assert outcome.code == 0, outcome.stderr
    answer = outcome.json()
    assert answer.get("changes"), "a reschedule lists what moved"
    for op in answer["operations"]:
        if op["machine"] == "L1-CNC1":
            assert op["start"] >= "2026-11-30T09:00:00Z" or op["end"] <= NOW
    shown = planned("schedule", "show", "--json").json()
    assert shown["schedule_id"] == solved["schedule_id"], "the published one stays current"
    assert shown["state"] == "published"


def test_rescheduling_with_a_malformed_event_is_a_usage_error(planned: Obeya) -> None:
    _solve(planned)
    outcome = planned("schedule", "reschedule", "--event", "machine-down:L1-CNC1", "--json")
    assert outcome.code == 2
    assert "machine-down" in outcome.stderr
    assert outcome.stdout == ""


def test_rescheduling_before_any_schedule_says_to_solve_first(planned: Obeya) -> None:
    outcome = planned("schedule", "reschedule", "--event", "rush-order:WO-1")
    assert outcome.code == 2 and "schedule solve" in outcome.stderr


def test_the_gantt_is_a_self_contained_page_with_every_operation(
    planned: Obeya, tmp_path: Path
) -> None:
    _solve(planned)
    page = tmp_path / "plan.html"
    assert planned("schedule", "gantt", "-o", str(page)).code == 0
    html = page.read_text()
    assert "WO-1" in html and "WO-2" in html and "L1-SAW" in html
    external = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in external and "https://" not in external, "no external resources"
    assert "<script src" not in html and "<link" not in html


def test_solving_shows_progress_with_the_incumbent_and_bound_on_stderr(planned: Obeya) -> None:
    outcome = planned("schedule", "solve", "--time-limit", "1", "--now", NOW)
    assert outcome.code == 0, outcome.stderr
    assert "incumbent" in outcome.stderr and "bound" in outcome.stderr
    assert "incumbent" not in outcome.stdout
