"""The ledger table gives exactly the answer computed from events, and stays up to date.

On SQLite and PostgreSQL: random events over a week with a DST change and a closure,
two lines planned differently; many windows (shift/day aligned and not) by every
grouping; the cached answer (cold, then warm) equals `oee_answer_from_series` over the
same rows; late events, reason assignments and changed work orders are seen at once.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from obeya.bootstrap import bootstrap
from obeya.domain.errors import InputError
from obeya.domain.events import (
    CountRecorded,
    MachineState,
    MeasurementRecorded,
    OrderAction,
    OrderMarked,
    ShopFloorEvent,
    StateChanged,
    StopReasonAssigned,
)
from obeya.domain.work_orders import WorkOrder
from obeya.kpi.ledger import LEDGER_FIELDS
from obeya.kpi.oee import oee_answer_from_series
from obeya.services import kpi
from obeya.services.plant import init_database
from obeya.services.runtime import Runtime
from obeya.storage.tables import KPI_LEDGER_COLUMNS

PLANT = """obeya: 1
site: {id: demo, name: Demo Works, timezone: Europe/Berlin}
calendar:
  shifts:
    - {id: early, start: "06:00", end: "14:00", days: [mon, tue, wed, thu, fri],
       breaks: [{start: "09:00", minutes: 15}, {start: "12:00", minutes: 30}]}
    - {id: night, start: "22:00", end: "06:00", days: [mon, tue, wed, thu, fri, sun],
       breaks: [{start: "23:50", minutes: 20}]}
  closures:
    - {start: "2026-10-27T10:00:00+01:00", end: "2026-10-27T12:40:00+01:00", reason: meeting}
areas:
  - id: machining
    lines:
      - id: L1
        name: Shaft line
        machines:
          - {id: L1-SAW, name: Saw}
          - {id: L1-CNC1, name: Lathe 1}
      - id: L2
        name: Day line
        shifts: [early]
        machines:
          - {id: L2-MILL, name: Mill}
reasons:
  - {code: breakdown, category: unplanned, children: [{code: spindle}, {code: tool-breakage}]}
  - {code: micro-stop, category: minor_stop}
  - {code: changeover, category: setup}
  - {code: starved, category: idle}
  - {code: preventive-maintenance, category: planned}
products:
  - id: P-100
    name: Shaft
    routing:
      - step: 10
        machines: {L1-SAW: 12, L2-MILL: 40}
      - step: 20
        machines: {L1-CNC1: 95}
  - id: P-200
    name: Flange
    routing:
      - step: 10
        machines: {L1-CNC1: 50}
"""
MACHINES = ("L1-SAW", "L1-CNC1", "L2-MILL")
REASONS = (None, None, "spindle", "changeover", "starved", "micro-stop")
START = datetime(2026, 10, 22, tzinfo=UTC)  # Thursday; Berlin leaves DST on Sunday 25th
DAY = timedelta(days=1)
LATE_AT = START + timedelta(days=4, hours=7)  # Monday 08:00 Berlin: inside the early shift


def _events(seed: int, count: int = 600) -> list[ShopFloorEvent]:
    rng = random.Random(seed)
    events: list[ShopFloorEvent] = []
    for number in range(count):
        machine = rng.choice(MACHINES)
        at = START + timedelta(seconds=rng.randrange(0, 7 * 86400))
        if number % 5 == 4:
            product = rng.choice(("P-100", None))
            events.append(CountRecorded(f"c{number}", at, machine, rng.randrange(9), 1, 0, product))
        elif number % 25 == 3:
            events.append(OrderMarked(f"o{number}", at, machine, "WO-1", OrderAction.START))
        else:
            state = rng.choice(list(MachineState))
            events.append(StateChanged(f"s{number}", at, machine, state, rng.choice(REASONS)))
    stops = [event for event in events if isinstance(event, StateChanged)][:25]
    for number, stop in enumerate(stops):
        events.append(
            StopReasonAssigned(
                f"r{number}", stop.at + timedelta(hours=1), stop.machine_id, stop.at, "starved"
            )
        )
    return events


def _runtime(database_url: str, seed: int = 7) -> Runtime:
    runtime = bootstrap(database_url)
    init_database(runtime, PLANT, source="cache plant")
    with runtime.uow() as uow:
        uow.orders.add_all(
            [
                WorkOrder("WO-1", "P-100", 10, START + 9 * DAY),
                WorkOrder("WO-9", "P-200", 10, START + 9 * DAY),
            ]
        )
        uow.commit()
    runtime.sink().append(_events(seed))
    return runtime


def _fresh(runtime: Runtime, scope: str, window: tuple[datetime, datetime], by: str) -> object:
    """The answer computed from events alone (no ledger table)."""
    plant = runtime.plant()
    series = kpi.machine_series(runtime, plant, scope, *window)
    return oee_answer_from_series(plant, scope, *window, by, series)


def _stored_count(runtime: Runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT COUNT(*) FROM kpi_slot_ledgers").scalar_one())


WINDOWS = [
    (START, START + 7 * DAY),
    (START + timedelta(hours=5), START + timedelta(days=3, hours=13)),  # shift bounds (UTC+2)
    (START + timedelta(hours=7, minutes=13), START + timedelta(days=5, hours=2, seconds=7)),
    (START + timedelta(days=4, hours=23), START + timedelta(days=5, hours=23)),  # local day
    (START + timedelta(days=2, hours=1), START + timedelta(days=2, hours=2)),  # inside a slot
]


def test_the_table_columns_are_the_ledger_fields_in_order() -> None:
    """Storage cannot import the KPI engine, so the column list is written twice."""
    assert KPI_LEDGER_COLUMNS == LEDGER_FIELDS


@pytest.mark.parametrize("by", ["none", "machine", "shift", "day"])
def test_cold_and_warm_answers_equal_the_answer_from_events(database_url: str, by: str) -> None:
    runtime = _runtime(database_url)
    for window in WINDOWS:
        for scope in ("site", "line:L1", "machine:L2-MILL"):
            cold = kpi.oee(runtime, scope, *window, by)
            warm = kpi.oee(runtime, scope, *window, by)
            assert cold == warm == _fresh(runtime, scope, window, by), (scope, window)
    assert _stored_count(runtime) > 50
    runtime.engine.dispose()


@pytest.mark.parametrize(
    "late",
    [
        StateChanged("late-s", LATE_AT, "L1-CNC1", MachineState.RUNNING),
        CountRecorded("late-c", LATE_AT, "L1-CNC1", 50, 3, 1, "P-100"),
        OrderMarked("late-o", LATE_AT, "L1-CNC1", "WO-9", OrderAction.START),
    ],
    ids=["state", "count", "order"],
)
def test_a_late_event_in_the_middle_is_seen_by_the_next_query(
    database_url: str, late: ShopFloorEvent
) -> None:
    runtime = _runtime(database_url)
    anchor = CountRecorded("anchor", LATE_AT + timedelta(seconds=1), "L1-CNC1", 5, 0, 0, None)
    runtime.sink().append([anchor])  # counted for the order in force: the late one if any
    window = (START, START + 7 * DAY)
    before = kpi.oee(runtime, "line:L1", *window, "shift")
    runtime.sink().append([late])
    after = kpi.oee(runtime, "line:L1", *window, "shift")
    assert after == _fresh(runtime, "line:L1", window, "shift")
    assert after != before
    runtime.engine.dispose()


def test_a_late_reason_assignment_reclassifies_the_stop_in_the_stored_slots(
    database_url: str,
) -> None:
    runtime = _runtime(database_url)
    stop_at = START + timedelta(days=1, hours=6, minutes=3)
    runtime.sink().append([StateChanged("stop", stop_at, "L1-SAW", MachineState.DOWN)])
    window = (START, START + 7 * DAY)
    before = kpi.oee(runtime, "machine:L1-SAW", *window, "day")
    assignment = StopReasonAssigned("why", stop_at + DAY, "L1-SAW", stop_at, "changeover")
    runtime.sink().append([assignment])
    after = kpi.oee(runtime, "machine:L1-SAW", *window, "day")
    assert after == _fresh(runtime, "machine:L1-SAW", window, "day")
    assert after["total"]["aust_s"] > before["total"]["aust_s"]
    runtime.engine.dispose()


def test_a_duplicate_or_a_measurement_marks_nothing_dirty(database_url: str) -> None:
    runtime = _runtime(database_url)
    kpi.oee(runtime, "site", START, START + 7 * DAY, "none")
    runtime.sink().append(_events(seed=7)[:10])
    measurement = MeasurementRecorded("m1", START + DAY, "L1-SAW", "diameter", 20.01, "g1")
    runtime.sink().append([measurement])
    with runtime.engine.connect() as connection:
        dirty = connection.exec_driver_sql("SELECT COUNT(*) FROM kpi_dirty").scalar_one()
    assert dirty == 0
    runtime.engine.dispose()


def test_a_work_order_changing_product_refreshes_the_counts_it_named(database_url: str) -> None:
    runtime = _runtime(database_url)
    window = (START, START + 7 * DAY)
    kpi.oee(runtime, "site", *window, "machine")
    with runtime.uow() as uow:
        uow.orders.save(WorkOrder("WO-1", "P-200", 10, START + 9 * DAY))
        uow.commit()
    assert kpi.oee(runtime, "site", *window, "machine") == _fresh(
        runtime, "site", window, "machine"
    )
    runtime.engine.dispose()


def test_a_new_plant_file_clears_the_table(database_url: str) -> None:
    runtime = _runtime(database_url)
    window = (START, START + 7 * DAY)
    kpi.oee(runtime, "site", *window, "shift")
    init_database(runtime, PLANT.replace('end: "14:00"', 'end: "15:00"'), source="changed")
    assert kpi.oee(runtime, "site", *window, "shift") == _fresh(runtime, "site", window, "shift")
    runtime.engine.dispose()


def test_a_window_beyond_now_stores_only_finished_slots(database_url: str) -> None:
    runtime = _runtime(database_url)
    now = datetime.now(UTC)
    window = (now - DAY, now + DAY)
    runtime.sink().append(
        [StateChanged("now-s", now - timedelta(hours=3), "L2-MILL", MachineState.RUNNING)]
    )
    answer = kpi.oee(runtime, "machine:L2-MILL", *window, "day")
    assert answer == _fresh(runtime, "machine:L2-MILL", window, "day")
    with runtime.engine.connect() as connection:
        latest = connection.exec_driver_sql("SELECT MAX(end_us) FROM kpi_slot_ledgers").scalar()
    assert latest is None or latest <= int(datetime.now(UTC).timestamp() * 1e6)
    runtime.engine.dispose()


def test_overlapping_shifts_are_answered_from_events_and_store_nothing(database_url: str) -> None:
    runtime = _runtime(database_url)
    overlapping = PLANT.replace(
        '    - {id: night, start: "22:00"',
        '    - {id: late, start: "12:00", end: "20:00", days: [mon]}\n'
        '    - {id: night, start: "22:00"',
    )
    init_database(runtime, overlapping, source="overlapping shifts")
    window = (START, START + 7 * DAY)
    assert kpi.oee(runtime, "site", *window, "shift") == _fresh(runtime, "site", window, "shift")
    assert _stored_count(runtime) == 0
    runtime.engine.dispose()


def test_an_unknown_grouping_is_refused_naming_the_choices(database_url: str) -> None:
    runtime = _runtime(database_url)
    with pytest.raises(InputError, match="none, machine, shift, day"):
        kpi.oee(runtime, "site", START, START + DAY, "week")
    runtime.engine.dispose()
