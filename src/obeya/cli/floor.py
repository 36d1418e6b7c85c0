"""`obeya action add|list|done` and `obeya incident report|list`: records people keep."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

actions_app = typer.Typer(no_args_is_help=True, help="Improvement (kaizen) actions.")
incidents_app = typer.Typer(no_args_is_help=True, help="Safety incidents and near misses.")

LineOption = Annotated[str | None, typer.Option("--line", help="Line id.")]


def _stamps(record: dict[str, Any]) -> dict[str, Any]:
    from datetime import datetime

    from obeya.domain.times import format_timestamp

    return {
        key: format_timestamp(value) if isinstance(value, datetime) else value
        for key, value in record.items()
    }


@actions_app.command("add")
@handle_errors
def add_action(
    title: Annotated[str, typer.Argument(help="What will be done.")],
    owner: Annotated[str | None, typer.Option(help="Who does it.")] = None,
    line: LineOption = None,
    loss: Annotated[
        str | None, typer.Option("--loss", help="The stop reason (loss) it attacks.")
    ] = None,
    due: Annotated[str | None, typer.Option(help="Due (RFC 3339 with offset).")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Open an improvement action tied to the loss it attacks (shown in the morning report)."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.floor import add_action as add

    due_at = None if due is None else parse_timestamp(due, "--due")
    action_id = add(bootstrap(db), title, owner, line, loss, due_at)
    if json_output:
        print_json({"id": action_id, "status": "open"})
    else:
        typer.echo(f"action {action_id} opened")


@actions_app.command("list")
@handle_errors
def list_actions(
    line: LineOption = None, db: DbOption = None, json_output: JsonOption = False
) -> None:
    """Open actions (of a line and of no line in particular)."""
    from obeya.bootstrap import bootstrap
    from obeya.services.floor import open_actions

    rows = [_stamps(asdict(row)) for row in open_actions(bootstrap(db), [line] if line else [])]
    if json_output:
        print_json({"actions": rows})
        return
    for row in rows:
        typer.echo(f"{row['action_id']}: {row['title']} ({row['owner'] or 'no owner'})")


@actions_app.command("done")
@handle_errors
def done(
    action_id: Annotated[int, typer.Argument(help="Action id.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Close an action."""
    from obeya.bootstrap import bootstrap
    from obeya.services.floor import close_action

    close_action(bootstrap(db), action_id)
    if json_output:
        print_json({"id": action_id, "status": "done"})
    else:
        typer.echo(f"action {action_id} done")


@incidents_app.command("report")
@handle_errors
def report(
    kind: Annotated[str, typer.Option(help="near_miss, first_aid, lost_time or property_damage.")],
    description: Annotated[str, typer.Option(help="What happened.")],
    at: Annotated[str | None, typer.Option(help="When (RFC 3339; default now).")] = None,
    line: LineOption = None,
    by: Annotated[str | None, typer.Option(help="Who reports it.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a safety incident or near miss (the morning report's safety section)."""
    from datetime import UTC, datetime

    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.floor import report_incident

    when = datetime.now(UTC) if at is None else parse_timestamp(at, "--at")
    incident_id = report_incident(bootstrap(db), when, kind, description, line, by)
    if json_output:
        print_json({"id": incident_id})
    else:
        typer.echo(f"incident {incident_id} recorded")


@incidents_app.command("list")
@handle_errors
def list_incidents(
    start: Annotated[str, typer.Option("--from", help="Window start (RFC 3339).")],
    end: Annotated[str, typer.Option("--to", help="Window end (RFC 3339).")],
    line: LineOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Incidents in a window, oldest first."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.floor import incidents_between

    found = incidents_between(
        bootstrap(db),
        parse_timestamp(start, "--from"),
        parse_timestamp(end, "--to"),
        [line] if line else [],
    )
    rows = [_stamps(asdict(row)) for row in found]
    if json_output:
        print_json({"incidents": rows})
        return
    for row in rows:
        typer.echo(f"{row['at']} {row['kind']} {row['line_id'] or '-'}: {row['description']}")
