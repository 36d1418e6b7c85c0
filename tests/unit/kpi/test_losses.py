"""Loss figures of the worked shift, computed by hand (see kpi_builders.worked_shift_events)."""

from __future__ import annotations

import pytest
from kpi_builders import EARLY, Events, at, make_plant, worked_shift_events

from obeya.kpi.report import losses_answer

PLANT = make_plant((EARLY,))


def worked_losses(micro_stop_s: float = 300.0) -> dict[str, object]:
    """The losses answer of the worked shift, window 05:00-14:00 UTC."""
    return losses_answer(
        PLANT, "machine:M1", at(5), at(14), worked_shift_events(), {"WO-1": "P-100"},
        micro_stop_s=micro_stop_s,
    )  # fmt: skip


def test_loss_ratios_follow_from_the_worked_ledger() -> None:
    """Busy time = APT 17400 + AUST 1800 + ADET 4200 = 23400 s; PBT 7 h; PQ 161."""
    ratios = worked_losses()["ratios"]
    assert ratios == {
        "nee": pytest.approx(9360 / 23400 * 155 / 161),
        "setup_rate": pytest.approx(1800 / 23400),
        "technical_efficiency": pytest.approx(17400 / 21600),
        "scrap_ratio": pytest.approx(4 / 161),
        "rework_ratio": pytest.approx(2 / 161),
        "throughput_per_hour": pytest.approx(161 / 7),
    }


def test_mtbf_and_mttr_count_the_two_breakdowns() -> None:
    """Breakdowns 60 min (tool-breakage) and 10 min (no reason): MTTR 2100 s,
    MTBF = APT/2 = 8700 s."""
    failures = worked_losses()["failures"]
    assert failures == {"failure_count": 2, "mtbf_s": 8700.0, "mttr_s": 2100.0}


def test_six_big_losses_split_downtime_speed_and_quality() -> None:
    """Speed = 17400 − 9360 = 8040 s; defects = 60 s × (4 + 2) = 360 s."""
    losses = worked_losses()["six_big_losses"]
    assert losses == {
        "breakdown_s": 4200.0,
        "setup_s": 1800.0,
        "minor_stop_s": 0.0,
        "speed_s": 8040.0,
        "defect_s": 360.0,
        "startup_s": None,
        "micro_stop_threshold_s": 300.0,
    }


def test_a_larger_micro_stop_threshold_turns_the_short_breakdown_into_a_minor_stop() -> None:
    """Threshold 15 min: the 10 min stop is minor; one failure remains."""
    answer = worked_losses(micro_stop_s=900.0)
    losses = answer["six_big_losses"]
    assert isinstance(losses, dict)
    assert (losses["breakdown_s"], losses["minor_stop_s"]) == (3600.0, 600.0)
    assert answer["failures"] == {"failure_count": 1, "mtbf_s": 17400.0, "mttr_s": 3600.0}


def test_the_waterfall_runs_from_planned_busy_time_to_fully_productive_time() -> None:
    """25200 − 1200 idle − 600 unknown − 4200 − 0 − 1800 = APT 17400; − 8040 − 360 = 9000."""
    steps = [
        (step["step"], step["remaining_s"])
        for step in worked_losses()["waterfall"]  # type: ignore[attr-defined]
    ]
    assert steps == [
        ("planned_busy_time", 25200.0),
        ("idle", 24000.0),
        ("unknown", 23400.0),
        ("breakdowns", 19200.0),
        ("minor_stops", 19200.0),
        ("setup", 17400.0),
        ("speed", 9360.0),
        ("defects", 9000.0),
    ]


def test_the_pareto_sorts_downtime_by_reason_and_leaves_out_planned_time() -> None:
    """Breaks and planned stops are not losses; ties at 600 s sort by reason/element."""
    pareto = [
        (entry["reason"], entry["element"], entry["duration_s"], entry["stop_count"])
        for entry in worked_losses()["pareto"]  # type: ignore[attr-defined]
    ]
    assert pareto == [
        ("tool-breakage", "adet", 3600.0, 1),
        (None, "aust", 1800.0, 1),
        ("starved", "adot", 1200.0, 1),
        (None, "adet", 600.0, 1),
        (None, "unknown", 600.0, 1),
    ]


def test_unexplained_stops_list_down_time_without_a_reason() -> None:
    """The 11:30-11:40 UTC stop has no reason; a later assignment explains it."""
    assert worked_losses()["unexplained_stops"] == [
        {
            "machine": "M1",
            "from": "2026-11-23T11:30:00Z",
            "to": "2026-11-23T11:40:00Z",
            "duration_s": 600.0,
        }
    ]
    make = Events("M1")
    events = [*worked_shift_events(), make.assign(at(15), at(11, 30), "breakdown", "late")]
    answer = losses_answer(PLANT, "machine:M1", at(5), at(14), events, {})
    assert answer["unexplained_stops"] == []


def test_a_minor_stop_reason_makes_a_long_stop_minor() -> None:
    """Category minor_stop books the stop as minor whatever its length (1 h here)."""
    make = Events()
    events = [make.state(at(5), "down", "micro-stop"), make.state(at(6), "running")]
    answer = losses_answer(PLANT, "machine:M1", at(5), at(13), events, {})
    losses = answer["six_big_losses"]
    assert isinstance(losses, dict)
    assert (losses["minor_stop_s"], losses["breakdown_s"]) == (3600.0, 0.0)
