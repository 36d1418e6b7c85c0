"""The storage fast path (rows, no event objects) gives the same OEE as the event path.

Both read the same ledger on SQLite and PostgreSQL; the event path feeds domain events
to `oee_answer`, the fast path hands per-machine rows to `oee_answer_from_series`.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from obeya.bootstrap import bootstrap
from obeya.domain.events import (
    CountRecorded,
    MachineState,
    ShopFloorEvent,
    StateChanged,
    StopReasonAssigned,
)
from obeya.kpi.oee import oee_answer
from obeya.services import kpi
from obeya.services.plant import init_database
from obeya.storage.clock import to_us

PLANT = Path(__file__).resolve().parents[2] / "fixtures" / "plant_small.yaml"
MACHINES = ("L1-SAW", "L1-CNC1", "L1-CNC2")
REASONS = (None, None, "spindle", "changeover", "starved", "micro-stop")
START = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def _events(seed: int) -> list[ShopFloorEvent]:
    rng = random.Random(seed)
    events: list[ShopFloorEvent] = []
    for number in range(400):
        machine = rng.choice(MACHINES)
        at = START + timedelta(seconds=rng.randrange(0, 5 * 86400))
        if number % 5 == 4:
            events.append(
                CountRecorded(f"c{number}", at, machine, rng.randrange(0, 9), 1, 0, "P-100")
            )
        else:
            state = rng.choice(list(MachineState))
            events.append(StateChanged(f"s{number}", at, machine, state, rng.choice(REASONS)))
    stops = [event for event in events if isinstance(event, StateChanged)][:20]
    for number, stop in enumerate(stops):
        events.append(
            StopReasonAssigned(
                f"r{number}",
                stop.at + timedelta(hours=1),
                stop.machine_id,
                stop.at,
                "tool-breakage",
            )
        )
    return events


@pytest.mark.parametrize("by", ["none", "machine", "shift", "day"])
def test_the_fast_path_and_the_event_path_agree(database_url: str, by: str) -> None:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT.read_text(), source=PLANT.name)
    runtime.sink().append(_events(seed=7))
    start, end = START + timedelta(days=1), START + timedelta(days=4, hours=5)
    fast = kpi.oee(runtime, "line:L1", start, end, by)
    with runtime.uow() as uow:
        events = uow.events.for_machines(MACHINES, to_us(start), to_us(end))
    slow = oee_answer(runtime.plant(), "line:L1", start, end, by, events, {})
    assert fast == slow
    assert fast["total"]["pbt_s"] > 0
    runtime.engine.dispose()
