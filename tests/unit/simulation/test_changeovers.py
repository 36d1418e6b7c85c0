"""Product mix and changeovers (an extra of the line file beyond the contract)."""

from __future__ import annotations

from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError
from obeya.simulation.scenarios import compare, read_scenario_file

from .helpers import assert_close, line_from, simulate

MIX = "products: [{id: A, share: 0.5}, {id: B, share: 0.5}]\n"


def test_a_changeover_at_every_product_switch_costs_its_share_of_time() -> None:
    """Saturated station, constant process 1, changeover 1, products A/B half and half
    drawn independently: a switch happens with probability 1/2, so a part takes 1.5 on
    average: throughput 2/3 and setup 1/3 of the time (renewal-reward theorem; Ross,
    Introduction to Probability Models, ch. 7)."""
    text = (
        "horizon: 30000\nwarmup: 100\nreplications: 10\n"
        + MIX
        + (
            "stations:\n  - {id: S1, process: {dist: constant, value: 1},"
            " changeover: {dist: constant, value: 1}}\n"
        )
    )
    summary, _ = simulate(line_from(text))
    assert_close(summary.line["throughput"], 2 / 3)
    assert_close(summary.stations[0][1]["setup"], 1 / 3)


def test_a_product_mix_without_changeover_time_loses_nothing() -> None:
    text = (
        "horizon: 2000\nreplications: 2\n"
        + MIX
        + ("stations:\n  - {id: S1, process: {dist: constant, value: 1}}\n")
    )
    summary, _ = simulate(line_from(text))
    assert summary.stations[0][1]["setup"].mean == 0.0
    assert summary.line["throughput"].mean == pytest.approx(1.0, abs=1e-3)


def test_halving_the_changeover_raises_throughput_in_a_what_if(tmp_path: Path) -> None:
    (tmp_path / "line.yaml").write_text(
        "obeya-line: 1\nhorizon: 5000\nreplications: 4\n" + MIX + "stations:\n"
        "  - {id: S1, process: {dist: exponential, mean: 1},"
        " changeover: {dist: exponential, mean: 2}}\n"
        "  - {id: S2, buffer: 2, process: {dist: exponential, mean: 1}}\n"
    )
    (tmp_path / "smed.yaml").write_text(
        "obeya-scenarios: 1\nbase: line.yaml\nscenarios:\n"
        "  - {name: smed, changes: [{station: S1, changeover_scale: 0.5}]}\n"
    )
    comparison = compare(read_scenario_file(tmp_path / "smed.yaml"), workers=1)
    difference = comparison.scenarios[0][2]["throughput"]
    assert difference.low is not None and difference.low > 0


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("products: [{id: A, share: 0.5}, {id: B, share: 0.4}]\n", "products"),
        ("products: [{id: A, share: 0.5}, {id: A, share: 0.5}]\n", "products[1].id"),
        ("products: [{id: A, share: 0}, {id: B, share: 1}]\n", "products[0].share"),
        ("products: {A: 1}\n", "products"),
        ("products: [{id: A, share: 1}]\n", "stations[0].changeover"),
    ],
)
def test_a_bad_product_mix_names_the_key(text: str, key: str) -> None:
    station = "stations:\n  - {id: S1, process: {dist: constant, value: 1}"
    station += ", changeover: {dist: constant, value: 1}}\n"
    with pytest.raises(FileFormatError) as caught:
        line_from("horizon: 10\n" + text + station)
    assert caught.value.key == key
    assert caught.value.line is not None
