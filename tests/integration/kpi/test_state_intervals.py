"""The derived state-interval table equals a fresh fold of the ledger, also after late events.

DESIGN.md: derived tables can be rebuilt from the events at any time. Here the table is
filled by a first read, a late event is appended inside stored history, and the next
read must equal folding every event again (`kpi.timeline.fold_intervals`).
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from obeya.bootstrap import bootstrap
from obeya.domain.events import MachineState, StateChanged, StopReasonAssigned
from obeya.kpi.timeline import fold_intervals
from obeya.services.intervals import state_intervals
from obeya.services.kpi import rebuild_ledger_cache
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.storage.clock import to_us

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"
T0 = datetime(2026, 11, 23, tzinfo=UTC)
NOW = T0 + timedelta(days=3)


def _runtime(database_url: str) -> Runtime:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text())
    rng = random.Random(3)
    runtime.sink().append(
        [
            StateChanged(
                f"s{n}",
                T0 + timedelta(minutes=rng.randrange(0, 3 * 1440)),
                "L1-CNC1",
                rng.choice(list(MachineState)),
                rng.choice([None, "spindle"]),
            )
            for n in range(200)
        ]
    )
    return runtime


def _fresh(runtime: Runtime, start: datetime, end: datetime) -> list[object]:
    with runtime.uow() as uow:
        events = uow.events.for_machines(["L1-CNC1"], to_us(start), to_us(end))
    return list(fold_intervals(events, start, min(end, NOW)).get("L1-CNC1", []))


def test_stored_intervals_equal_a_fresh_fold_of_the_events(database_url: str) -> None:
    runtime = _runtime(database_url)
    start, end = T0 + timedelta(hours=5), T0 + timedelta(days=2, hours=7)
    first = state_intervals(runtime, "L1-CNC1", start, end, now=NOW)
    assert first == _fresh(runtime, start, end)
    with runtime.uow() as uow:
        assert uow.intervals.covered_until("L1-CNC1") is not None, "the table was filled"
    assert state_intervals(runtime, "L1-CNC1", start, end, now=NOW) == first
    runtime.engine.dispose()


def test_a_late_event_and_a_reason_change_refold_only_from_where_they_touch(
    database_url: str,
) -> None:
    runtime = _runtime(database_url)
    window = (T0, NOW)
    before = state_intervals(runtime, "L1-CNC1", *window, now=NOW)
    late = StateChanged("late", T0 + timedelta(hours=30, minutes=7), "L1-CNC1", MachineState.DOWN)
    runtime.sink().append([late])
    stop = next(item for item in before if item.state is MachineState.DOWN)
    reason = StopReasonAssigned("r1", NOW, "L1-CNC1", stop.start_at, "tool-breakage")
    runtime.sink().append([reason])
    after = state_intervals(runtime, "L1-CNC1", *window, now=NOW)
    assert after == _fresh(runtime, *window)
    assert after != before
    assert any(item.start_at == late.at for item in after)
    rebuild_ledger_cache(runtime)
    assert state_intervals(runtime, "L1-CNC1", *window, now=NOW) == after
    runtime.engine.dispose()
