"""The morning report on a real database: the KPI engine's numbers, stops, CLI formats."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from obeya.bootstrap import bootstrap
from obeya.cli.main import app
from obeya.domain.errors import NotFoundError
from obeya.services.events import explain_stop, ingest_payload
from obeya.services.floor import add_action, report_incident
from obeya.services.kpi import oee
from obeya.services.plant import init_database
from obeya.services.quality_nonconformance import NewNonconformance, record_nonconformance
from obeya.services.report import line_view, morning_report, render_report
from obeya.services.runtime import Runtime

PLANT = Path(__file__).resolve().parents[1] / "fixtures" / "plant_small.yaml"
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 26, tzinfo=UTC)


def state(event_id: str, ts: str, machine: str, value: str, **extra: str) -> dict[str, object]:
    return {"id": event_id, "ts": ts, "machine": machine, "kind": "state", "state": value, **extra}


COUNT = {"kind": "count", "good": 100, "scrap": 2, "product": "P-100"}
EVENTS = [
    state("c1", "2026-11-24T05:00:00Z", "L1-CNC1", "running"),
    state("c2", "2026-11-24T06:00:00Z", "L1-CNC1", "down"),
    state("c3", "2026-11-24T06:30:00Z", "L1-CNC1", "running"),
    {"id": "c4", "ts": "2026-11-24T07:00:00Z", "machine": "L1-CNC1", **COUNT},
    state("s1", "2026-11-24T05:00:00Z", "L1-SAW", "running"),
    state("s2", "2026-11-24T08:00:00Z", "L1-SAW", "down", reason="tool-breakage"),
    state("s3", "2026-11-24T08:20:00Z", "L1-SAW", "running"),
]


@pytest.fixture
def url(database_url: str) -> str:
    """A fresh SQLite file, then a fresh PostgreSQL schema (tests/conftest.py)."""
    return database_url


@pytest.fixture
def runtime(url: str) -> Runtime:
    runtime = bootstrap(url)
    init_database(runtime, PLANT.read_text(), source=str(PLANT))
    result = ingest_payload(runtime, json.dumps(EVENTS).encode())
    assert result.accepted == len(EVENTS)
    return runtime


def test_every_line_figure_is_the_kpi_engines(runtime: Runtime) -> None:
    report = morning_report(runtime, DAY, now=NOW)
    answer = oee(runtime, "line:L1", report.start_at, report.end_at, now=NOW)["total"]
    (line,) = report.lines
    assert (line.produced_count, line.good_count, line.scrap_count) == (102, 100, 2)
    assert line.availability == answer["availability"]
    assert line.oee == answer["oee"]
    assert report.total.oee == answer["oee"]


def test_a_down_stop_without_reason_is_unexplained_until_an_operator_explains_it(
    runtime: Runtime,
) -> None:
    before = morning_report(runtime, DAY, now=NOW)
    assert [(s.machine_id, s.duration_s) for s in before.unexplained] == [("L1-CNC1", 1800.0)]
    stop_at = datetime(2026, 11, 24, 6, tzinfo=UTC)
    explain_stop(runtime, "L1-CNC1", stop_at, "spindle", "ann", "<script>x</script>")
    after = morning_report(runtime, DAY, now=NOW)
    assert after.unexplained == ()
    explained = [s for s in after.long_stops if s.machine_id == "L1-CNC1"]
    assert explained[0].reason == "spindle"
    assert explained[0].comment == "<script>x</script>"
    assert "&lt;script&gt;x&lt;/script&gt;" in str(render_report(after, "html"))


def test_the_loss_pareto_lists_stop_time_by_reason_largest_first(runtime: Runtime) -> None:
    """The saw's 20 min stop starts at 09:00 local: the 15 min break is not a loss."""
    report = morning_report(runtime, DAY, now=NOW)
    assert [(loss.reason, loss.duration_s) for loss in report.losses] == [
        (None, 1800.0),
        ("tool-breakage", 300.0),
    ]


def test_open_actions_and_incidents_of_the_period_are_listed(runtime: Runtime) -> None:
    add_action(runtime, "Fix the spindle", owner="bob", line_id="L1", loss_reason="spindle")
    at = datetime(2026, 11, 24, 9, tzinfo=UTC)
    report_incident(runtime, at, "near_miss", "forklift too fast", line_id="L1")
    report = morning_report(runtime, DAY, now=NOW)
    assert [a.title for a in report.actions] == ["Fix the spindle"]
    assert [i.description for i in report.incidents] == ["forklift too fast"]


def test_an_unknown_line_is_a_not_found_error(runtime: Runtime) -> None:
    with pytest.raises(NotFoundError, match="NOPE"):
        morning_report(runtime, DAY, scope="line:NOPE", now=NOW)


def test_an_empty_period_explains_itself(runtime: Runtime) -> None:
    report = morning_report(runtime, date(2026, 11, 17), now=NOW)
    assert any("no machine events" in notice for notice in report.notices)
    assert "no machine events" in str(render_report(report, "text"))


def test_the_cli_writes_each_format(runtime: Runtime, url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt, magic in (("pdf", b"%PDF"), ("html", b"<!doctype html>"), ("md", b"# Morning")):
        out = tmp_path / f"report.{fmt}"
        args = ["report", "shift", "--date", "2026-11-24", "--format", fmt, "-o", str(out)]
        result = runner.invoke(app, [*args, "--db", url])
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)


def test_the_cli_prints_one_json_document(runtime: Runtime, url: str) -> None:
    args = ["report", "shift", "--date", "2026-11-24", "--json", "--db", url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lines"][0]["produced_count"] == 102


def test_the_daily_command_writes_the_days_files(
    runtime: Runtime, url: str, tmp_path: Path
) -> None:
    args = ["report", "daily", "--date", "2026-11-24", "--to-dir", str(tmp_path / "out")]
    result = CliRunner().invoke(app, [*args, "--formats", "md,html", "--db", url])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == ["morning-report-2026-11-24.html", "morning-report-2026-11-24.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2026-02-30"], "--date '2026-02-30'"),
        (["--scope", "line:NOPE"], "no line 'NOPE'"),
        (["--shift", "late"], "--shift 'late'"),
        (["--format", "docx"], "--format 'docx'"),
        (["--format", "pdf"], "needs -o FILE"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_it(
    runtime: Runtime, url: str, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["report", "shift", *args, "--db", url])
    assert result.exit_code == 2
    assert message in result.stderr


def test_the_line_view_has_shift_rows_of_the_kpi_engine_and_a_state_timeline(
    runtime: Runtime,
) -> None:
    view = line_view(runtime, "L1", DAY, now=NOW)
    report = view["report"]
    answer = oee(runtime, "line:L1", report.start_at, report.end_at, "shift", now=NOW)
    assert view["shifts"] == answer["rows"]
    assert [row["key"] for row in view["shifts"]] == ["2026-11-24/early", "2026-11-24/night"]
    saw = [(state, reason) for _, _, state, reason in view["timeline"]["L1-SAW"]]
    assert saw == [("running", None), ("down", "tool-breakage"), ("running", None)]


def test_a_running_period_says_its_figures_stop_now(runtime: Runtime) -> None:
    report = morning_report(runtime, DAY, now=datetime(2026, 11, 24, 12, tzinfo=UTC))
    assert any("still running" in notice for notice in report.notices)


def test_a_nonconformance_of_the_period_fills_the_quality_section(runtime: Runtime) -> None:
    found_at = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    spec = NewNonconformance("P-100", "burr", 2, "scrap", machine_id="L1-CNC1", found_at=found_at)
    record_nonconformance(runtime, spec, by="qa")
    report = morning_report(runtime, DAY, now=NOW)
    assert [(d.defect, d.quantity) for d in report.defects] == [("burr", 2)]
    assert report.yields[0].nonconforming_count == 2
    assert "burr" in str(render_report(report, "md"))
