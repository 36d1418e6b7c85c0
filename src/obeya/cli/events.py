"""`obeya ingest` and `obeya events rejected|explain`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

app = typer.Typer(no_args_is_help=True, help="The event ledger: rejected inputs, stop reasons.")

FORMATS = ("jsonl", "csv", "shdr")


@handle_errors
def ingest(
    source: Annotated[str, typer.Argument(help="An event file, or `mqtt` to subscribe.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="jsonl, csv or shdr (default: by suffix).")
    ] = None,
    machine: Annotated[
        str | None, typer.Option("--machine", help="Machine id (needed for shdr).")
    ] = None,
    broker: Annotated[
        str, typer.Option(help="MQTT broker URL (with `mqtt`).")
    ] = "mqtt://127.0.0.1:1883",
    topic: Annotated[str, typer.Option(help="MQTT topic filter (with `mqtt`).")] = "obeya/#",
    client_id: Annotated[
        str | None,
        typer.Option(help="MQTT client id of the persistent session (with `mqtt`)."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import events from a file (jsonl, csv, shdr), or subscribe to MQTT with `mqtt`.

    Answers {"accepted", "duplicates", "rejected", "errors"}; exit 1 when any was rejected.
    """
    from obeya.bootstrap import bootstrap
    from obeya.domain.errors import InputError
    from obeya.services.events import ingest_path

    runtime = bootstrap(db)
    if source == "mqtt":
        from obeya.services.mqtt import run_mqtt_ingestion

        def ready() -> None:
            typer.echo(f"subscribed to {topic} on {broker}; Ctrl+C stops", err=True)

        result = run_mqtt_ingestion(runtime, broker, topic, client_id, on_ready=ready)
        if json_output:
            print_json(
                {
                    "accepted": result.accepted,
                    "duplicates": result.duplicates,
                    "rejected": result.rejected,
                    "errors": list(result.errors[:100]),
                }
            )
        return
    path = Path(source)
    chosen = fmt or path.suffix.lstrip(".").lower()
    if chosen not in FORMATS:
        raise InputError(f"--format must be one of {', '.join(FORMATS)} (got {chosen!r})")
    if chosen == "shdr" and machine is None:
        raise InputError("--machine is needed with --format shdr (SHDR lines name no machine)")
    if not path.is_file():
        raise InputError(f"cannot read {path}: no such file")
    result = ingest_path(runtime, path, chosen, machine)
    answer = {
        "accepted": result.accepted,
        "duplicates": result.duplicates,
        "rejected": result.rejected,
        "errors": list(result.errors),
    }
    if json_output:
        print_json(answer)
    else:
        typer.echo(
            f"{result.accepted} accepted, {result.duplicates} duplicates, "
            f"{result.rejected} rejected"
        )
        for error in result.errors[:20]:
            typer.echo(f"  {error}", err=True)
    if result.rejected:
        raise typer.Exit(1)


@app.command("rejected")
@handle_errors
def rejected(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show rejected inputs (the dead-letter table) with their raw payload and reason."""
    from obeya.bootstrap import bootstrap
    from obeya.services.events import rejected_events

    rows = rejected_events(bootstrap(db), limit)
    if json_output:
        print_json({"rejected": rows})
        return
    for row in rows:
        typer.echo(f"{row['received_at']} {row['source']}: {row['reason']}")
        typer.echo(f"    {row['raw'][:200]}")


@app.command("explain")
@handle_errors
def explain(
    machine: Annotated[str, typer.Option(help="Machine id.")],
    stop: Annotated[str, typer.Option(help="Start of the stop (RFC 3339 with offset).")],
    reason: Annotated[str, typer.Option(help="Reason code from the plant's reason tree.")],
    by: Annotated[str, typer.Option(help="Who explains it.")] = "cli",
    comment: Annotated[str | None, typer.Option(help="Free text.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Assign or change the reason of a stop (history keeps every assignment)."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.events import explain_stop

    result = explain_stop(
        bootstrap(db), machine, parse_timestamp(stop, "--stop"), reason, by, comment
    )
    if json_output:
        print_json({"accepted": result.accepted, "duplicates": result.duplicates})
    else:
        typer.echo(f"stop of {machine} at {stop}: reason {reason}")


@app.command("intervals")
@handle_errors
def intervals(
    machine: Annotated[str, typer.Option(help="Machine id.")],
    start: Annotated[str, typer.Option("--from", help="Window start (RFC 3339 with offset).")],
    end: Annotated[str, typer.Option("--to", help="Window end, exclusive (RFC 3339).")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """A machine's state intervals (from the derived interval table), cut at the window."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.intervals import interval_answer, state_intervals

    found = state_intervals(
        bootstrap(db), machine, parse_timestamp(start, "--from"), parse_timestamp(end, "--to")
    )
    rows = interval_answer(found)
    if json_output:
        print_json({"machine": machine, "intervals": rows})
        return
    for row in rows:
        reason = f" ({row['reason']})" if row["reason"] else ""
        typer.echo(f"{row['start']} {row['end']} {row['state']}{reason}")
