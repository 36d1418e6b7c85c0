"""Scrap and rework per station (an extra of the line file beyond the contract)."""

from __future__ import annotations

import pytest

from obeya.domain.errors import FileFormatError

from .helpers import assert_close, assert_littles_law, line_from, simulate

OPEN = "horizon: 100000\nwarmup: 1000\nreplications: 10\narrivals: {dist: exponential, mean: 2}\n"


def test_rework_on_an_exponential_station_acts_like_a_slower_m_m_1() -> None:
    """Exponential mean 0.8 processed again with probability 0.2: the total time is a
    geometric sum of exponentials, exponential with mean 0.8/(1 - 0.2) = 1, so the
    station is an M/M/1 with lambda 0.5, mu 1: utilization 0.5 and Wq = 1.

    Source: Gross et al., Fundamentals of Queueing Theory, 4th ed., section 2.2 (M/M/1);
    the geometric sum of exponentials: Ross, Introduction to Probability Models, ch. 5.
    """
    process = "{dist: exponential, mean: 0.8}"
    summary, _ = simulate(
        line_from(OPEN + f"stations:\n  - {{id: S1, rework: 0.2, process: {process}}}\n")
    )
    station = summary.stations[0][1]
    assert_close(station["utilization"], 0.5)
    assert_close(station["queue_time"], 1.0)
    assert_close(summary.line["throughput"], 0.5)


def test_scrap_takes_its_share_out_of_the_throughput() -> None:
    """With 10 % scrap at the first of two stations, 90 % of the arrivals leave as good
    parts: throughput 0.45 and scrap 0.05 per time unit (flow balance)."""
    text = OPEN.replace("100000", "40000") + (
        "stations:\n"
        "  - {id: S1, scrap: 0.1, process: {dist: exponential, mean: 1}}\n"
        "  - {id: S2, process: {dist: exponential, mean: 1}}\n"
    )
    summary, _ = simulate(line_from(text), with_line=False)
    assert_close(summary.line["throughput"], 0.45)
    assert_close(summary.line["scrap"], 0.05)
    assert_close(summary.stations[1][1]["utilization"], 0.45)


def test_a_conwip_line_releases_a_new_part_for_every_scrapped_one() -> None:
    stations = "".join(
        f"  - {{id: S{i}, scrap: 0.05, process: {{dist: constant, value: 1}}}}\n" for i in range(3)
    )
    text = "horizon: 5000\nwarmup: 100\nreplications: 2\nrelease: {policy: conwip, wip: 3}\n"
    summary, _ = simulate(line_from(text + "stations:\n" + stations), with_line=False)
    assert summary.line["wip"].mean == pytest.approx(3.0)
    assert summary.line["scrap"].mean is not None and summary.line["scrap"].mean > 0
    # three constant stations of 1 with 3 parts: one part leaves (good or scrap) per time unit
    total = summary.line["throughput"].mean + summary.line["scrap"].mean
    assert total == pytest.approx(1.0, abs=2e-3)


def test_without_scrap_littles_law_holds_for_the_whole_line_with_rework() -> None:
    text = OPEN.replace("100000", "5000") + (
        "stations:\n  - {id: S1, rework: 0.3, process: {dist: exponential, mean: 0.5}}\n"
    )
    _, runs = simulate(line_from(text))
    assert_littles_law(runs[0])


@pytest.mark.parametrize(
    ("station", "key"),
    [
        ("{id: S1, scrap: 1.5, process: {dist: constant, value: 1}}", "stations[0].scrap"),
        ("{id: S1, rework: -0.1, process: {dist: constant, value: 1}}", "stations[0].rework"),
        (
            "{id: S1, scrap: 0.5, rework: 0.5, process: {dist: constant, value: 1}}",
            "stations[0].rework",
        ),
        ("{id: S1, scrap: lots, process: {dist: constant, value: 1}}", "stations[0].scrap"),
    ],
)
def test_bad_scrap_or_rework_shares_name_the_key_and_line(station: str, key: str) -> None:
    with pytest.raises(FileFormatError) as caught:
        line_from("horizon: 10\nstations:\n  - " + station + "\n")
    assert caught.value.key == key
    assert caught.value.line == 4
