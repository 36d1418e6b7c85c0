"""`obeya spc characteristic|monitor|alarms|acknowledge` and `obeya nc ...`, end to end.

Measurements go in through `obeya ingest` (the real ingest path); `obeya nc` is run
through `obeya.cli.quality.nc_app` until the root command registers it as `nc`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.e2e.cli.conftest import Obeya, Outcome
from typer.testing import CliRunner

from obeya.cli.quality import nc_app

RINGS = Path(__file__).resolve().parents[3] / ".." / "shared" / "research-data" / "spc"


def _rings(count: int) -> list[tuple[str, str]]:
    path = RINGS / "pistonrings.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (research data lives beside the repository)")
    rows = [line.split() for line in path.read_text().splitlines()[1:] if line.strip()]
    return [(sample, diameter) for diameter, sample, _ in rows][: count * 5]


def _jsonl(path: Path, rings: list[tuple[str, str]]) -> Path:
    lines = [
        json.dumps({
            "id": f"ring-{n}", "ts": f"2026-11-24T{6 + n // 60:02d}:{n % 60:02d}:00Z",
            "machine": "L1-CNC1", "kind": "measurement", "characteristic": "P-100.diameter",
            "value": float(diameter), "subgroup": sample,
        })
        for n, (sample, diameter) in enumerate(rings)
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def characterised(initialised: Obeya) -> Obeya:
    outcome = initialised(
        "spc", "characteristic", "add", "P-100.diameter", "--product", "P-100", "--step", "20",
        "--name", "Ring diameter", "--nominal", "74", "--lsl", "73.95", "--usl", "74.05", "--json",
    )  # fmt: skip
    assert outcome.code == 0, outcome.stderr
    return initialised


@pytest.fixture
def nc(database_url: str, initialised: Obeya) -> Obeya:
    """Run `obeya nc ARGS...` on the initialised database."""
    runner = CliRunner()

    def run(*args: str) -> Outcome:
        result = runner.invoke(nc_app, [*args], env={"OBEYA_DATABASE_URL": database_url})
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


def test_characteristics_are_added_and_listed(characterised: Obeya) -> None:
    listed = characterised("spc", "characteristic", "list", "--json").json()
    assert [(c["id"], c["chart_type"], c["subgroup_size"]) for c in listed["characteristics"]] == [
        ("P-100.diameter", "xbar-r", 5)
    ]


def test_lsl_above_usl_is_a_usage_error_naming_the_field(initialised: Obeya) -> None:
    outcome = initialised(
        "spc", "characteristic", "add", "X", "--product", "P-100", "--step", "20",
        "--name", "x", "--lsl", "2", "--usl", "1",
    )  # fmt: skip
    assert outcome.code == 2
    assert "lsl" in outcome.stderr
    assert initialised("spc", "characteristic", "list", "--json").json() == {"characteristics": []}


def test_monitor_after_ingest_gives_the_limits_of_spc_chart_on_the_same_numbers(
    characterised: Obeya, tmp_path: Path
) -> None:
    """Montgomery, Introduction to SQC (2nd ed. pp. 206-213): rings 1-25, X-bar limits
    73.98805 / 74.01430."""
    rings = _rings(25)
    assert characterised("ingest", str(_jsonl(tmp_path / "m.jsonl", rings)), "--json").code == 0
    csv = tmp_path / "rings.csv"
    csv.write_text("sample,diameter\n" + "".join(f"{s},{d}\n" for s, d in rings))
    chart = characterised(
        "spc", "chart", "--type", "xbar-r", "--data", str(csv), "--value", "diameter",
        "--subgroup", "sample", "--json",
    )  # fmt: skip
    monitored = characterised("spc", "monitor", "--characteristic", "P-100.diameter", "--json")
    assert monitored.code == 0, monitored.stderr
    charts = monitored.json()["characteristics"][0]["charts"]
    for from_ledger, from_file in zip(charts, chart.json()["charts"], strict=True):
        assert from_ledger["center"] == pytest.approx(from_file["center"], rel=1e-12)
        assert from_ledger["ucl"] == pytest.approx(from_file["ucl"], rel=1e-12)
    assert charts[0]["ucl"] == pytest.approx(74.01430, abs=1e-5)


def test_alarms_are_recorded_once_and_acknowledged(characterised: Obeya, tmp_path: Path) -> None:
    characterised("ingest", str(_jsonl(tmp_path / "m.jsonl", _rings(40))))
    first = characterised("spc", "monitor", "--phase1", "1-25", "--json").json()
    again = characterised("spc", "monitor", "--phase1", "1-25", "--json").json()
    assert len(first["alarms"]) == len(again["alarms"]) >= 3
    listed = characterised("spc", "alarms", "--open", "--json").json()["alarms"]
    assert len(listed) == len(first["alarms"])
    alarm_id = str(listed[0]["id"])
    assert characterised("spc", "acknowledge", alarm_id, "--by", "W001").code == 0
    still_open = characterised("spc", "alarms", "--open", "--json").json()["alarms"]
    assert len(still_open) == len(listed) - 1


def test_unknown_characteristics_make_the_monitor_exit_1(
    characterised: Obeya, tmp_path: Path
) -> None:
    event = {"id": "x1", "ts": "2026-11-24T06:00:00Z", "machine": "L1-CNC1",
             "kind": "measurement", "characteristic": "P-100.bore", "value": 9.99}  # fmt: skip
    (tmp_path / "x.jsonl").write_text(json.dumps(event) + "\n")
    characterised("ingest", str(tmp_path / "x.jsonl"))
    outcome = characterised("spc", "monitor", "--json")
    assert outcome.code == 1
    assert outcome.json()["unknown_characteristics"][0]["characteristic"] == "P-100.bore"


def test_a_bad_measurement_is_in_the_rejected_events(characterised: Obeya, tmp_path: Path) -> None:
    event = {"id": "x2", "ts": "2026-11-24T06:00:00Z", "machine": "L1-CNC1",
             "kind": "measurement", "characteristic": "P-100.diameter"}  # fmt: skip
    (tmp_path / "bad.jsonl").write_text(json.dumps(event) + "\n")
    assert characterised("ingest", str(tmp_path / "bad.jsonl"), "--json").code == 1
    rejected = characterised("events", "rejected", "--json").json()["rejected"]
    assert rejected[0]["event_id"] == "x2" and "value" in rejected[0]["reason"]


def test_nonconformances_are_recorded_and_ranked(nc: Obeya) -> None:
    for defect, quantity in (("scratch", "4"), ("burr", "1"), ("scratch", "2")):
        outcome = nc(
            "record", "--product", "P-100", "--defect", defect, "--quantity", quantity,
            "--disposition", "use-as-is", "--machine", "L1-CNC2", "--at", "2026-11-24T08:00:00Z",
            "--json",
        )  # fmt: skip
        assert outcome.code == 0, outcome.stderr
    assert len(nc("list", "--json").json()["nonconformances"]) == 3
    pareto = nc("pareto", "--from", "2026-11-24T00:00:00Z", "--json").json()
    assert [(row["defect"], row["quantity"]) for row in pareto["defects"]] == [
        ("scratch", 6), ("burr", 1),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("option", "value", "named"),
    [
        ("--quantity", "-3", "quantity"),
        ("--disposition", "melt", "disposition"),
        ("--product", "P-999", "product"),
        ("--machine", "L7-X", "machine"),
        ("--at", "2026-11-24T08:00:00", "--at"),
    ],
)
def test_a_bad_nonconformance_exits_2_naming_the_field_and_writes_nothing(
    nc: Obeya, option: str, value: str, named: str
) -> None:
    good = {"--product": "P-100", "--defect": "scratch", "--quantity": "1",
            "--disposition": "scrap", "--machine": "L1-CNC1"}  # fmt: skip
    good[option] = value
    outcome = nc("record", *[part for pair in good.items() for part in pair])
    assert outcome.code == 2
    assert named in outcome.stderr
    assert nc("list", "--json").json() == {"nonconformances": []}


def test_first_pass_yield_uses_the_ledgers_counts_and_unit_costs(
    nc: Obeya, initialised: Obeya, tmp_path: Path
) -> None:
    """By hand: 50 units counted on L1-CNC1; 5 scrapped at 2.5 each: FPY 0.9, cost 12.5."""
    count = {"id": "k1", "ts": "2026-11-24T07:00:00Z", "machine": "L1-CNC1", "kind": "count",
             "good": 45, "scrap": 5, "product": "P-100"}  # fmt: skip
    (tmp_path / "k.jsonl").write_text(json.dumps(count) + "\n")
    assert initialised("ingest", str(tmp_path / "k.jsonl")).code == 0
    nc("record", "--product", "P-100", "--defect", "crack", "--quantity", "5", "--disposition",
       "scrap", "--machine", "L1-CNC1", "--at", "2026-11-24T07:05:00Z")  # fmt: skip
    window = ("--from", "2026-11-24T06:00:00Z", "--to", "2026-11-24T14:00:00Z")
    answer = nc("fpy", *window, "--unit-cost", "P-100=2.5", "--json").json()
    row = answer["rows"][0]
    assert (row["produced_count"], row["first_pass_yield"], row["scrap_cost"]) == (50, 0.9, 12.5)
    bad = nc("fpy", *window, "--unit-cost", "P-100:2.5")
    assert bad.code == 2 and "--unit-cost" in bad.stderr


def test_without_json_the_commands_print_one_line_per_item(
    characterised: Obeya, nc: Obeya, tmp_path: Path
) -> None:
    characterised("ingest", str(_jsonl(tmp_path / "m.jsonl", _rings(40))))
    listed = characterised("spc", "characteristic", "list")
    assert listed.stdout.startswith("P-100.diameter  P-100/20  Ring diameter [73.95, 74.05]")
    monitored = characterised("spc", "monitor", "--phase1", "1-25")
    assert monitored.code == 0
    assert "new alarm xbar 37 we-1" in monitored.stdout
    assert "xbar 37 we-1 (open)" in characterised("spc", "alarms").stdout
    nc("record", "--product", "P-100", "--defect", "dent", "--quantity", "3", "--disposition",
       "scrap", "--at", "2026-11-24T07:00:00Z")  # fmt: skip
    fpy = nc("fpy", "--from", "2026-11-24T06:00:00Z", "--to", "2026-11-24T14:00:00Z")
    assert fpy.code == 1
    assert "FPY - of 0" in fpy.stdout and "only 0 produced" in fpy.stderr
