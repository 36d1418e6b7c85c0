"""SPC on the ledger: measurements posted as events, charted by the monitor, alarms kept once."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.integration.quality.conftest import measurement_events, piston_rings

from obeya.domain.errors import NotFoundError
from obeya.quality import ChartRequest, ChartType, build_charts, charts_answer, parse_table
from obeya.services.quality import list_alarms, monitor, open_alarms
from obeya.services.quality_monitor import group_measurements
from obeya.services.runtime import Runtime


def _post(client: TestClient, events: list[dict[str, object]]) -> dict[str, object]:
    response = client.post("/api/v1/events", content=json.dumps(events))
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


def _csv_charts(samples: list[tuple[str, float]], phase_one: str | None) -> list[dict[str, object]]:
    text = "sample,diameter\n" + "".join(f"{label},{value!r}\n" for label, value in samples)
    request = ChartRequest(ChartType.XBAR_R, "diameter", "sample", phase_one=phase_one)
    charts: list[dict[str, object]] = charts_answer(
        build_charts(parse_table(text, source="rings.csv"), request)
    )["charts"]
    return charts


def test_monitor_gives_the_same_limits_as_the_chart_of_the_same_numbers_in_a_file(
    diameter: Runtime, client: TestClient
) -> None:
    """Montgomery, Introduction to SQC, piston rings (2nd ed. pp. 206-213): first 25
    subgroups of 5 give X-double-bar 74.00118, limits 73.98805 / 74.01430; R-bar 0.02276,
    UCL 0.04813."""
    samples = piston_rings()[:125]
    assert _post(client, measurement_events(samples))["accepted"] == 125
    result = monitor(diameter, "P-100.diameter")["characteristics"][0]
    assert result["status"] == "charted"
    assert result["subgroup_count"] == 25
    assert result["charts"] == _csv_charts(samples, None)
    xbar, ranges = result["charts"]
    assert xbar["center"] == pytest.approx(74.00118, abs=1e-5)
    assert (xbar["lcl"], xbar["ucl"]) == pytest.approx((73.98805, 74.01430), abs=1e-5)
    assert (ranges["center"], ranges["ucl"]) == pytest.approx((0.02276, 0.04813), abs=1e-5)
    assert result["alarms"] == []


def test_phase_two_rings_above_the_limit_become_alarms_once(
    diameter: Runtime, client: TestClient
) -> None:
    """Montgomery (pp. 206-213): against the limits of samples 1-25, samples 37, 38 and 39
    plot above the X-bar UCL."""
    _post(client, measurement_events(piston_rings()))
    first = monitor(diameter, "P-100.diameter", phase_one="1-25")
    signals = {(a["chart"], a["subgroup"], a["rule"]) for a in first["alarms"]}
    assert {("xbar", label, "we-1") for label in ("37", "38", "39")} <= signals
    assert all(alarm["new"] for alarm in first["alarms"])
    second = monitor(diameter, "P-100.diameter", phase_one="1-25")
    assert [a["id"] for a in second["alarms"]] == [a["id"] for a in first["alarms"]]
    assert not any(alarm["new"] for alarm in second["alarms"])
    assert len(list_alarms(diameter)) == len(first["alarms"])


def test_an_acknowledged_alarm_is_no_longer_open(diameter: Runtime, client: TestClient) -> None:
    _post(client, measurement_events(piston_rings()))
    alarms = monitor(diameter, phase_one="1-25")["alarms"]
    response = client.post(f"/api/v1/spc/alarms/{alarms[0]['id']}/acknowledge")
    assert response.status_code == 200, response.text
    assert response.json()["acknowledged_by"] == "local"
    assert len(open_alarms(diameter)) == len(alarms) - 1
    listed = client.get("/api/v1/spc/alarms", params={"open": "true"}).json()["alarms"]
    assert alarms[0]["id"] not in [alarm["id"] for alarm in listed]


def test_measurements_without_a_subgroup_key_are_grouped_by_time(
    diameter: Runtime, client: TestClient
) -> None:
    values = [74.0 + 0.001 * ((index * 7) % 11) for index in range(23)]
    _post(client, measurement_events([(None, value) for value in values]))
    result = monitor(diameter, "P-100.diameter")["characteristics"][0]
    assert result["subgroup_count"] == 4
    assert result["pending_count"] == 3
    first_point = result["charts"][0]["points"][0]
    assert first_point["subgroup"] == "2026-11-24T06:00:00Z"
    assert first_point["value"] == pytest.approx(sum(values[:5]) / 5)


def test_the_window_selects_subgroups_by_their_first_measurement(
    diameter: Runtime, client: TestClient
) -> None:
    from datetime import UTC, datetime

    _post(client, measurement_events(piston_rings()[:125]))
    start_at = datetime(2026, 11, 24, 6, 50, tzinfo=UTC)  # minute 50: subgroup 11 begins
    result = monitor(diameter, start_at=start_at)["characteristics"][0]
    assert result["subgroup_count"] == 15
    assert result["charts"][0]["points"][0]["subgroup"] == "11"


def test_a_characteristic_with_one_subgroup_waits_for_more(
    diameter: Runtime, client: TestClient
) -> None:
    _post(client, measurement_events([("1", 74.0 + 0.001 * n) for n in range(5)]))
    result = monitor(diameter)["characteristics"][0]
    assert (result["status"], result["charts"], result["alarms"]) == ("waiting", [], [])


def test_a_subgroup_of_the_wrong_size_is_reported_and_not_charted(
    diameter: Runtime, client: TestClient
) -> None:
    samples = [*piston_rings()[:15], ("4", 74.01), ("4", 73.99)]
    _post(client, measurement_events(samples))
    result = monitor(diameter)["characteristics"][0]
    assert result["incomplete_subgroups"] == [{"subgroup": "4", "count": 2}]
    assert result["subgroup_count"] == 3


def test_measurements_of_an_unknown_characteristic_are_stored_and_reported(
    diameter: Runtime, client: TestClient
) -> None:
    events = measurement_events([(None, 1.0), (None, 2.0)], characteristic="P-100.bore")
    assert _post(client, events)["accepted"] == 2
    answer = monitor(diameter)
    assert answer["unknown_characteristics"] == [
        {"characteristic": "P-100.bore", "measurement_count": 2}
    ]


def test_a_bad_measurement_event_goes_to_the_dead_letter_table(
    diameter: Runtime, client: TestClient
) -> None:
    good, bad = measurement_events([("1", 74.0), ("1", 74.01)])
    bad["value"] = "wide"
    answer = _post(client, [good, bad])
    assert (answer["accepted"], answer["rejected"]) == (1, 1)
    rejected = client.get("/api/v1/events/rejected").json()["rejected"]
    assert rejected[0]["event_id"] == "m-1" and "value" in rejected[0]["reason"]


def test_monitoring_an_unknown_characteristic_is_not_found(diameter: Runtime) -> None:
    with pytest.raises(NotFoundError, match=r"P-100\.nothing"):
        monitor(diameter, "P-100.nothing")


def test_the_chart_route_answers_the_monitor_of_one_characteristic(
    diameter: Runtime, client: TestClient
) -> None:
    _post(client, measurement_events(piston_rings()[:125]))
    response = client.get("/api/v1/characteristics/P-100.diameter/chart")
    assert response.status_code == 200, response.text
    assert response.json()["charts"][0]["center"] == pytest.approx(74.001176, abs=1e-6)
    assert client.get("/api/v1/characteristics/nothing/chart").status_code == 404


@settings(max_examples=60, deadline=None)
@given(
    keys=st.lists(st.sampled_from([None, "a", "b", "c"]), max_size=40),
    size=st.integers(min_value=1, max_value=6),
)
def test_grouping_accounts_for_every_measurement(keys: list[str | None], size: int) -> None:
    measurements = [
        {
            "ts_us": index,
            "machine_id": "M",
            "value": float(index),
            "subgroup": key,
            "event_id": str(index),
        }
        for index, key in enumerate(keys)
    ]
    grouping = group_measurements(measurements, size)
    charted = sum(len(group.values) for group in grouping.complete)
    waiting = sum(len(group.values) for group in grouping.incomplete) + grouping.pending_count
    assert charted + waiting == len(keys)
    assert all(len(group.values) == size for group in grouping.complete)
    labels = [group.label for group in grouping.complete + grouping.incomplete]
    assert len(labels) == len(set(labels))
    firsts = [group.first_us for group in grouping.complete]
    assert firsts == sorted(firsts)


def test_the_summary_lists_the_alarms_signalled_in_the_window_on_the_scope(
    diameter: Runtime, client: TestClient
) -> None:
    from datetime import UTC, datetime

    from obeya.services.quality import quality_summary

    _post(client, measurement_events(piston_rings()))  # on L1-CNC1, 06:00 to 09:19
    raised = monitor(diameter, phase_one="1-25")["alarms"]
    day = (datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC))
    summary = quality_summary(diameter, *day, scope="line:L1")
    assert sorted(alarm["id"] for alarm in summary["alarms"]) == sorted(a["id"] for a in raised)
    assert summary["open_alarm_count"] == len(raised)
    assert quality_summary(diameter, *day, scope="machine:L1-CNC2")["alarms"] == []
    before = (day[0], datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    assert quality_summary(diameter, *before)["alarms"] == []
