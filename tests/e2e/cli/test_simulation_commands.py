"""`obeya simulate robustness` and `obeya simulate fit` end to end on a test database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tests.e2e.cli.conftest import FIXTURES, Obeya

NOW = "2026-11-30T05:00:00Z"


@pytest.fixture
def solved(initialised: Obeya) -> tuple[Obeya, str]:
    """Orders imported and a schedule solved (a draft); its id."""
    assert initialised("orders", "import", str(FIXTURES / "orders_good.csv")).code == 0
    outcome = initialised("schedule", "solve", "--time-limit", "1", "--now", NOW, "--json")
    assert outcome.code == 0, outcome.stderr
    return initialised, str(outcome.json()["schedule_id"])


def test_robustness_answers_every_order_and_machine_of_the_schedule(
    solved: tuple[Obeya, str],
) -> None:
    obeya, schedule_id = solved
    outcome = obeya("simulate", "robustness", "--replications", "50", "--seed", "3", "--json")
    assert outcome.code == 0, outcome.stderr
    answer = outcome.json()
    assert answer["schedule_id"] == schedule_id
    assert answer["replications"] == 50
    assert [order["order"] for order in answer["orders"]] == ["WO-1", "WO-2"]
    for order in answer["orders"]:
        assert 0 <= order["on_time_probability"] <= 1
        assert order["expected_tardiness_min"] >= 0
    assert answer["machines"]
    for machine in answer["machines"]:
        assert 0 <= machine["expected_blocked_min"] <= machine["expected_idle_min"] + 1e-9


def test_robustness_of_a_named_schedule_is_repeatable_with_a_seed(
    solved: tuple[Obeya, str],
) -> None:
    obeya, schedule_id = solved
    arguments = ("simulate", "robustness", "--schedule", schedule_id, "--seed", "5", "--json")
    first, second = obeya(*arguments), obeya(*arguments)
    assert first.code == 0, first.stderr
    assert first.json() == second.json()


def test_robustness_without_durations_variability_finishes_as_planned(
    solved: tuple[Obeya, str],
) -> None:
    obeya, _ = solved
    outcome = obeya("simulate", "robustness", "--duration-cv", "0", "--json")
    plan = obeya("schedule", "show", "--json").json()
    late = {item["order"] for item in plan["late_orders"]}
    for order in outcome.json()["orders"]:
        assert order["on_time_probability"] == (0.0 if order["order"] in late else 1.0)


def test_robustness_without_a_schedule_is_a_usage_error(initialised: Obeya) -> None:
    outcome = initialised("simulate", "robustness", "--json")
    assert outcome.code == 2
    assert "obeya schedule solve" in outcome.stderr
    assert outcome.stdout == ""


def test_robustness_of_an_unknown_schedule_names_it(solved: tuple[Obeya, str]) -> None:
    obeya, _ = solved
    outcome = obeya("simulate", "robustness", "--schedule", "no-such", "--json")
    assert outcome.code == 2
    assert "no-such" in outcome.stderr


def test_fit_of_an_unknown_machine_names_the_option(initialised: Obeya) -> None:
    outcome = initialised(
        "simulate", "fit", "--machine", "X9", "--from", NOW, "--to", "2026-12-01T00:00:00Z"
    )
    assert outcome.code == 2
    assert "--machine" in outcome.stderr and "X9" in outcome.stderr


def test_fit_with_a_naive_timestamp_is_a_usage_error(initialised: Obeya) -> None:
    outcome = initialised(
        "simulate", "fit", "--machine", "L1-SAW", "--from", "2026-11-30T05:00", "--to", NOW
    )
    assert outcome.code == 2
    assert "--from" in outcome.stderr


def _failure_events(path: Path) -> None:
    """A saw alternating 100 min running and 10 min down, 30 times (JSONL)."""
    from obeya.domain.events import MachineState, StateChanged
    from obeya.simulation.event_json import event_to_json

    at = datetime(2026, 11, 2, tzinfo=UTC)
    lines = []
    for number in range(30):
        for state, minutes in ((MachineState.RUNNING, 100 + number % 3), (MachineState.DOWN, 10)):
            event = StateChanged(f"fit-{number}-{state}", at, "L1-SAW", state)
            lines.append(json.dumps(event_to_json(event)))
            at += timedelta(minutes=minutes)
    path.write_text("\n".join(lines) + "\n")


def test_fit_answers_a_failures_snippet_from_the_ledger(initialised: Obeya, tmp_path: Path) -> None:
    events = tmp_path / "failures.jsonl"
    _failure_events(events)
    assert initialised("ingest", str(events)).code == 0
    window = ("--from", "2026-11-02T00:00:00Z", "--to", "2026-11-05T00:00:00Z")
    outcome = initialised("simulate", "fit", "--machine", "L1-SAW", *window, "--json")
    assert outcome.code == 0, outcome.stderr
    answer = outcome.json()
    assert answer["repair"]["count"] == 29  # the last stop is still open at the window end
    assert answer["repair"]["mean"] == pytest.approx(10.0)
    assert answer["up"]["mean"] == pytest.approx(101.0, abs=0.1)
    assert set(answer["failures"]) == {"up", "repair"}
    text = initialised("simulate", "fit", "--machine", "L1-SAW", *window)
    assert text.code == 0 and "failures:" in text.stdout and "repair:" in text.stdout
