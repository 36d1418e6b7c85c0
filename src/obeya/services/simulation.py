"""Use cases of simulation on the ledger: fitted failure distributions, schedule robustness.

`fit_machine` reads a machine's state intervals from the event ledger (the KPI engine's
timeline folding) and fits the line file's `failures: {up, repair}` distributions.
`robustness` executes the published (or a named) schedule many times under variable
durations (`obeya.simulation.robustness`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.kpi.timeline import fold_intervals
from obeya.services.runtime import Runtime
from obeya.services.schedule_records import from_record
from obeya.services.scheduling import get_schedule
from obeya.simulation.fitting import fit_durations, up_and_repair_times
from obeya.simulation.robustness import schedule_robustness
from obeya.storage.clock import to_us


def fit_machine(
    runtime: Runtime, machine_id: str, start_at: datetime, end_at: datetime
) -> dict[str, Any]:
    """Fitted up time between unplanned stops (TBF) and repair time (TTR), in minutes.

    Answers `{"machine", "from", "to", "time_unit": "min", "up": fit|null,
    "repair": fit|null, "failures": {"up": dist, "repair": dist}|null}` where a fit is
    `DurationFit.as_json()` and `failures` is the line-file snippet of the best fits.
    Raises:
        InputError: when the window is empty or naive, or the machine is unknown.
    """
    if end_at <= start_at:
        raise InputError("--to must be after --from")
    if machine_id not in {machine.id for machine in runtime.plant().machines}:
        raise InputError(f"--machine: no machine {machine_id!r} in the plant")
    with runtime.uow() as uow:
        events = uow.events.for_machines([machine_id], to_us(start_at), to_us(end_at))
    intervals = fold_intervals(events, start_at, end_at).get(machine_id, [])
    runs = [
        (str(item.state), (item.end_at - item.start_at).total_seconds() / 60) for item in intervals
    ]
    up_times, repair_times = up_and_repair_times(runs)
    up = fit_durations(up_times) if len(up_times) >= 2 else None
    repair = fit_durations(repair_times) if len(repair_times) >= 2 else None
    failures = (
        None
        if up is None or repair is None
        else {"up": up.best.distribution, "repair": repair.best.distribution}
    )
    return {
        "machine": machine_id,
        "from": start_at.isoformat(),
        "to": end_at.isoformat(),
        "time_unit": "min",
        "up": None if up is None else up.as_json(),
        "repair": None if repair is None else repair.as_json(),
        "failures": failures,
    }


def robustness(
    runtime: Runtime,
    schedule_id: str | None = None,
    *,
    replications: int = 200,
    seed: int = 1,
    duration_cv: float = 0.2,
) -> dict[str, Any]:
    """Execute a stored schedule (default: the published one, else the newest draft).

    Per order the probability of finishing by its due date and the expected tardiness
    (minutes); per machine the expected idle and blocked minutes. Raises:
        InputError: when there is no schedule, or the parameters are out of range.
    """
    if replications < 1 or duration_cv < 0:
        raise InputError("--replications must be >= 1 and --duration-cv >= 0")
    record = get_schedule(runtime, schedule_id)
    if record is None:
        raise InputError("there is no schedule yet: run `obeya schedule solve` first")
    schedule = from_record(record)
    with runtime.uow() as uow:
        due_at = {order.id: order.due_at for order in uow.orders.list()}
    report = schedule_robustness(schedule, due_at, replications, seed, duration_cv)
    return {
        "schedule_id": schedule.schedule_id,
        "state": record.get("state"),
        "duration_cv": duration_cv,
        "seed": seed,
        **report.as_json(),
    }
