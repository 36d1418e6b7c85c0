"""`fit_machine` recovers known exponential failure parameters from a stored ledger.

Events are generated with up times (working time between failures) of mean 120 min,
split by idle spells that must not count, and repairs of mean 15 min; stored on SQLite
and PostgreSQL, folded back by the KPI engine and fitted.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from obeya.bootstrap import bootstrap
from obeya.domain.errors import InputError
from obeya.domain.events import MachineState, ShopFloorEvent, StateChanged
from obeya.services.plant import init_database
from obeya.services.simulation import fit_machine

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"
START = datetime(2026, 1, 5, tzinfo=UTC)
UP_MEAN_MIN, REPAIR_MEAN_MIN, FAILURE_COUNT = 120.0, 15.0, 1500


def _ledger(seed: int) -> tuple[list[ShopFloorEvent], list[float], list[float], datetime]:
    """Events of L1-SAW, the up and repair minutes drawn, and the end of the history."""
    rng = np.random.default_rng(seed)
    events: list[ShopFloorEvent] = []
    ups, repairs = [], []
    at = START
    for number in range(FAILURE_COUNT):
        up, repair = float(rng.exponential(UP_MEAN_MIN)), float(rng.exponential(REPAIR_MEAN_MIN))
        first = up * float(rng.uniform())
        for part, (state, minutes) in enumerate(
            [("running", first), ("idle", float(rng.exponential(30))), ("running", up - first)]
        ):
            events.append(StateChanged(f"e{number}-{part}", at, "L1-SAW", MachineState(state)))
            at += timedelta(minutes=minutes)
        events.append(StateChanged(f"e{number}-d", at, "L1-SAW", MachineState.DOWN, "spindle"))
        at += timedelta(minutes=repair)
        ups.append(up)
        repairs.append(repair)
    events.append(StateChanged("e-last", at, "L1-SAW", MachineState.RUNNING))
    return events, ups[1:], repairs, at  # the first up time starts with the window


@pytest.fixture
def stored(database_url: str) -> tuple[object, list[float], list[float], datetime]:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    events, ups, repairs, end_at = _ledger(seed=11)
    runtime.sink().append(events)
    yield runtime, ups, repairs, end_at
    runtime.engine.dispose()


def test_the_fitted_means_are_those_of_the_generated_failures(stored: tuple) -> None:
    runtime, ups, repairs, end_at = stored
    answer = fit_machine(runtime, "L1-SAW", START, end_at + timedelta(hours=1))
    assert answer["up"]["count"] == len(ups)
    assert answer["repair"]["count"] == len(repairs)
    assert answer["up"]["mean"] == pytest.approx(np.mean(ups), rel=1e-4)
    assert answer["repair"]["mean"] == pytest.approx(np.mean(repairs), rel=1e-4)
    for fit, true_mean, count in (
        (answer["up"], UP_MEAN_MIN, len(ups)),
        (answer["repair"], REPAIR_MEAN_MIN, len(repairs)),
    ):  # within 3 standard errors of the true mean (about 8 % at 1,500 failures)
        assert abs(fit["mean"] - true_mean) < 3 * true_mean / math.sqrt(count)


def test_exponential_data_passes_the_exponential_fit_at_the_5_percent_level(
    stored: tuple,
) -> None:
    """KS critical value 1.36/sqrt(n) at 5 % (Massey 1951, JASA 46, table 1)."""
    runtime, ups, _, end_at = stored
    answer = fit_machine(runtime, "L1-SAW", START, end_at)
    exponential = next(c for c in answer["up"]["candidates"] if c["dist"] == "exponential")
    assert exponential["ks_statistic"] < 1.36 / math.sqrt(len(ups))
    assert answer["failures"]["up"]["dist"] in ("exponential", "gamma")
    assert answer["failures"]["repair"]["mean"] == pytest.approx(REPAIR_MEAN_MIN, rel=0.1)


def test_a_machine_without_failures_answers_no_snippet(stored: tuple) -> None:
    runtime, _, _, end_at = stored
    answer = fit_machine(runtime, "L1-CNC1", START, end_at)
    assert answer["up"] is None and answer["repair"] is None and answer["failures"] is None


def test_an_empty_window_is_an_input_error(stored: tuple) -> None:
    runtime, _, _, _ = stored
    with pytest.raises(InputError, match="--to"):
        fit_machine(runtime, "L1-SAW", START, START)
