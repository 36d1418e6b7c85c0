"""`obeya kpi bottleneck` and `obeya kpi losses` through the real ledger."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.cli.conftest import FIXTURES, Obeya

WINDOW = ("--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z")


def test_losses_put_the_tool_breakage_on_top_of_the_pareto(initialised: Obeya) -> None:
    initialised("ingest", str(FIXTURES / "events_small.jsonl"))
    outcome = initialised("kpi", "losses", "--scope", "line:L1", *WINDOW, "--json")
    assert outcome.code == 0, outcome.stderr
    answer = outcome.json()
    top = answer["pareto"][0]
    assert top["reason"] == "tool-breakage" and top["stop_count"] == 1
    # down from 07:12:09Z to the window end (the 07:45 event had no offset and was rejected),
    # counted inside POT only: early shift ends 13:00Z, night shift starts 21:00Z.
    expected = (13 * 3600 - (7 * 3600 + 12 * 60 + 9)) + 3 * 3600 - 15 * 60 - 30 * 60
    assert abs(top["duration_s"] - expected) < 1e-6
    assert answer["failures"]["failure_count"] == 1


def test_an_unexplained_stop_is_listed_until_someone_explains_it(
    initialised: Obeya, tmp_path: Path
) -> None:
    initialised("ingest", str(FIXTURES / "events_small.jsonl"))
    stop = (
        '{"id": "saw-1", "ts": "2026-11-24T06:00:00Z", "machine": "L1-SAW", '
        '"kind": "state", "state": "down"}\n'
    )
    path = tmp_path / "stop.jsonl"
    path.write_text(stop)
    assert initialised("ingest", str(path)).code == 0
    before = initialised("kpi", "losses", "--scope", "line:L1", *WINDOW, "--json").json()
    assert [item["machine"] for item in before["unexplained_stops"]] == ["L1-SAW"]
    explained = initialised(
        "events",
        "explain",
        "--machine",
        "L1-SAW",
        "--stop",
        "2026-11-24T06:00:00Z",
        "--reason",
        "spindle",
    )
    assert explained.code == 0, explained.stderr
    after = initialised("kpi", "losses", "--scope", "line:L1", *WINDOW, "--json").json()
    assert after["unexplained_stops"] == []
    assert any(row["reason"] == "spindle" for row in after["pareto"])


def test_bottleneck_names_the_machine_that_was_active_longest(initialised: Obeya) -> None:
    initialised("ingest", str(FIXTURES / "events_small.jsonl"))
    answer = initialised("kpi", "bottleneck", "--line", "L1", *WINDOW, "--json").json()
    assert answer["bottleneck"] == "L1-CNC1"
    shares = {row["machine"]: row["sole_share"] for row in answer["machines"]}
    assert shares["L1-CNC1"] > 0 and shares["L1-SAW"] == 0


def test_bottleneck_of_an_unknown_line_is_a_usage_error(initialised: Obeya) -> None:
    outcome = initialised("kpi", "bottleneck", "--line", "L9", *WINDOW, "--json")
    assert outcome.code == 2 and "L9" in outcome.stderr
