"""`obeya schedule solve|reschedule|show|publish|gantt`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

app = typer.Typer(no_args_is_help=True, help="Finite-capacity plant scheduling.")

TimeLimit = Annotated[float, typer.Option("--time-limit", help="Seconds to improve.")]
Seed = Annotated[int, typer.Option(help="Random seed (same seed, same schedule).")]
Workers = Annotated[int, typer.Option(help="CP-SAT search workers.")]
Now = Annotated[
    str | None, typer.Option("--now", help="Plan from this instant (default: now; RFC 3339).")
]


@contextmanager
def _progress(
    enabled: bool, time_limit_s: float
) -> Iterator[Callable[[float, float], None] | None]:
    """A progress bar on stderr with the incumbent and bound; nothing with --json."""
    if not enabled:
        yield None
        return
    from obeya.cli.progress import solver_progress

    with solver_progress(time_limit_s) as report:
        yield report


def _now(text: str | None) -> Any:
    from obeya.domain.times import parse_timestamp

    return None if text is None else parse_timestamp(text, "--now")


def _emit(answer: dict[str, Any], json_output: bool) -> None:
    if json_output:
        print_json(answer)
    else:
        _summary(answer)
    if answer["status"] == "infeasible" or answer["unscheduled"]:
        raise typer.Exit(1)


def _summary(answer: dict[str, Any]) -> None:
    objective = answer["objective"]
    typer.echo(
        f"schedule {answer['schedule_id']} ({answer.get('state', '?')}, {answer['status']}): "
        f"{len(answer['operations'])} operations, weighted tardiness "
        f"{objective['weighted_tardiness_min']} min, makespan {objective['makespan_min']} min, "
        f"changeovers {objective['changeover_min']} min"
    )
    for late in answer["late_orders"]:
        causes = "; ".join(late["causes"]) or "no cause found"
        typer.echo(f"  late {late['order']} by {late['late_min']} min: {causes}")
    for item in answer["unscheduled"]:
        typer.echo(f"  not scheduled {item['order']}: {item['reason']}")
    for item in answer["operations"]:
        if item.get("crew"):
            typer.echo(
                f"  hand-over {item['order']}/{item['step']} on {item['machine']}: "
                f"{_crew_text(item['crew'])} (UTC)"
            )
    for change in answer.get("changes", []):
        typer.echo(
            f"  moved {change['order']}/{change['step']}: {change['from_machine']} "
            f"{change['from_start']} -> {change['to_machine']} {change['to_start']}"
        )


def _crew_text(crew: list[dict[str, str]]) -> str:
    """`W1 06:00-14:00, W2 14:00-16:30` from the crew's ISO instants (UTC)."""
    return ", ".join(f"{p['worker_id']} {p['start'][11:16]}-{p['end'][11:16]}" for p in crew)


@app.command("solve")
@handle_errors
def solve(
    time_limit: TimeLimit = 10.0,
    seed: Seed = 1,
    workers: Workers = 2,
    now: Now = None,
    frozen_hours: Annotated[float, typer.Option(help="Keep the next N hours as published.")] = 0,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Schedule all open orders; stored as a draft. Exit 1 when orders stay unscheduled."""
    from obeya.bootstrap import bootstrap
    from obeya.services.scheduling import solve_schedule

    with _progress(not json_output, time_limit) as report:
        answer = solve_schedule(
            bootstrap(db),
            time_limit_s=time_limit,
            seed=seed,
            workers=workers,
            now=_now(now),
            frozen_hours=frozen_hours,
            on_progress=report,
        )
    _emit(answer, json_output)


@app.command("reschedule")
@handle_errors
def reschedule(
    event: Annotated[str, typer.Option(help="e.g. machine-down:L1-CNC2@2026-11-25T08:00:00Z+4h")],
    time_limit: TimeLimit = 10.0,
    seed: Seed = 1,
    workers: Workers = 2,
    now: Now = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Repair the current schedule after an event; answers the change list."""
    from obeya.bootstrap import bootstrap
    from obeya.services.scheduling import reschedule as repair

    with _progress(not json_output, time_limit) as report:
        answer = repair(
            bootstrap(db),
            event,
            time_limit_s=time_limit,
            seed=seed,
            workers=workers,
            now=_now(now),
            on_progress=report,
        )
    _emit(answer, json_output)


@app.command("show")
@handle_errors
def show(
    schedule_id: Annotated[str | None, typer.Argument(help="Default: the current one.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show a stored schedule (default: the published one, else the newest draft)."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.errors import InputError
    from obeya.services.scheduling import get_schedule

    answer = get_schedule(bootstrap(db), schedule_id)
    if answer is None:
        raise InputError("there is no schedule yet: run `obeya schedule solve` first")
    if json_output:
        print_json(answer)
    else:
        _summary(answer)


@app.command("publish")
@handle_errors
def publish(
    schedule_id: Annotated[str, typer.Argument(help="The draft to publish.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Publish a draft; the schedule published before becomes superseded."""
    from obeya.bootstrap import bootstrap
    from obeya.services.scheduling import publish_schedule

    answer = publish_schedule(bootstrap(db), schedule_id)
    if json_output:
        print_json({"schedule_id": schedule_id, "state": answer["state"]})
    else:
        typer.echo(f"schedule {schedule_id} published")


@app.command("gantt")
@handle_errors
def gantt(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")],
    schedule_id: Annotated[str | None, typer.Option("--schedule", help="Schedule id.")] = None,
    db: DbOption = None,
) -> None:
    """Write a self-contained HTML Gantt (by machine and by order, late orders marked)."""
    from obeya.bootstrap import bootstrap
    from obeya.services.scheduling import gantt_html

    output.write_text(gantt_html(bootstrap(db), schedule_id), encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)
