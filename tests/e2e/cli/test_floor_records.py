"""`obeya action` and `obeya incident`: records people keep, shown in the morning report."""

from __future__ import annotations

from tests.e2e.cli.conftest import Obeya


def test_an_action_is_opened_listed_and_closed(initialised: Obeya) -> None:
    opened = initialised(
        "action", "add", "Quick-change tool holders on CNC1", "--owner", "W001", "--line", "L1",
        "--loss", "changeover", "--due", "2026-12-04T12:00:00+01:00", "--json",
    )  # fmt: skip
    assert opened.code == 0, opened.stderr
    action_id = opened.json()["id"]
    listed = initialised("action", "list", "--json").json()["actions"]
    assert [(row["action_id"], row["loss_reason"], row["due_at"]) for row in listed] == [
        (action_id, "changeover", "2026-12-04T11:00:00Z")
    ]
    assert initialised("action", "done", str(action_id), "--json").json()["status"] == "done"
    assert initialised("action", "list", "--json").json()["actions"] == []


def test_an_action_against_an_unknown_loss_or_line_is_refused(initialised: Obeya) -> None:
    unknown_loss = initialised("action", "add", "Fix it", "--loss", "gremlins")
    assert unknown_loss.code == 2 and "gremlins" in unknown_loss.stderr
    unknown_line = initialised("action", "add", "Fix it", "--line", "L9")
    assert unknown_line.code == 2 and "L9" in unknown_line.stderr
    assert initialised("action", "list", "--json").json()["actions"] == []
    assert initialised("action", "done", "999").code == 2


def test_incidents_are_recorded_and_listed_by_window(initialised: Obeya) -> None:
    recorded = initialised(
        "incident", "report", "--kind", "near_miss", "--description", "Chip guard left open",
        "--at", "2026-11-24T07:30:00+01:00", "--line", "L1", "--json",
    )  # fmt: skip
    assert recorded.code == 0, recorded.stderr
    window = ("--from", "2026-11-24T00:00:00Z", "--to", "2026-11-25T00:00:00Z")
    rows = initialised("incident", "list", *window, "--json").json()["incidents"]
    assert rows == [
        {
            "at": "2026-11-24T06:30:00Z",
            "kind": "near_miss",
            "line_id": "L1",
            "description": "Chip guard left open",
        }
    ]
    later = ("--from", "2026-11-25T00:00:00Z", "--to", "2026-11-26T00:00:00Z")
    assert initialised("incident", "list", *later, "--json").json()["incidents"] == []


def test_an_incident_of_an_unknown_kind_is_refused(initialised: Obeya) -> None:
    outcome = initialised("incident", "report", "--kind", "oops", "--description", "x")
    assert outcome.code == 2 and "near_miss" in outcome.stderr


def test_the_morning_report_shows_the_open_action_and_the_incident(initialised: Obeya) -> None:
    initialised("action", "add", "Second saw blade in stock", "--line", "L1")
    initialised(
        "incident", "report", "--kind", "first_aid", "--description", "Cut finger at deburring",
        "--at", "2026-11-24T08:00:00+01:00", "--line", "L1",
    )  # fmt: skip
    outcome = initialised("report", "shift", "--date", "2026-11-24", "--format", "md")
    assert outcome.code == 0, outcome.stderr
    assert "Second saw blade in stock" in outcome.stdout
    assert "Cut finger at deburring" in outcome.stdout
