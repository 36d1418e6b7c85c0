"""`obeya spc characteristic add|list`, `obeya spc monitor`, `obeya spc alarms|acknowledge`.

Characteristics and alarms live in the database (`--db`); measurements arrive as ledger
events (`obeya ingest`, `POST /api/v1/events`). Services and the SPC engine are
imported inside each command so `obeya --help` stays fast. Exit codes: 0 results (rule
violations are results); 1 the monitor found problems (measurements of unknown
characteristics, a characteristic the engine could not chart); 2 bad input.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

characteristic_app = typer.Typer(
    no_args_is_help=True, help="Measured product characteristics (limits, chart, rules)."
)

FromOption = Annotated[str | None, typer.Option("--from", help="Window start (RFC 3339).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Window end, exclusive (RFC 3339).")]


@characteristic_app.command("add")
@handle_errors
def add(
    characteristic_id: Annotated[str, typer.Argument(metavar="ID", help="Characteristic id.")],
    product: Annotated[str, typer.Option("--product", help="Product id.")],
    step: Annotated[int, typer.Option("--step", help="Routing step number.")],
    name: Annotated[str, typer.Option("--name", help="What is measured.")],
    unit: Annotated[str, typer.Option("--unit", help="Measurement unit.")] = "mm",
    nominal: Annotated[float | None, typer.Option("--nominal", help="Nominal value.")] = None,
    lsl: Annotated[float | None, typer.Option("--lsl", help="Lower spec limit.")] = None,
    usl: Annotated[float | None, typer.Option("--usl", help="Upper spec limit.")] = None,
    subgroup_size: Annotated[
        int, typer.Option("--subgroup-size", help="Measurements per subgroup.")
    ] = 5,
    chart: Annotated[str, typer.Option("--chart", help="xbar-r|xbar-s|imr|ewma|cusum")] = "xbar-r",
    rules: Annotated[str, typer.Option("--rules", help="we|nelson|none")] = "we",
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Define a characteristic measured on a product at a routing step."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import NewCharacteristic, add_characteristic

    spec = NewCharacteristic(
        characteristic_id, product, step, name, unit, nominal, lsl, usl, subgroup_size, chart, rules
    )
    answer = add_characteristic(bootstrap(db), spec)
    if json_output:
        print_json(answer)
    else:
        typer.echo(
            f"characteristic {answer['id']} added ({answer['chart_type']}, n={subgroup_size})"
        )


@characteristic_app.command("list")
@handle_errors
def list_all(db: DbOption = None, json_output: JsonOption = False) -> None:
    """List the characteristics."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import list_characteristics

    rows = list_characteristics(bootstrap(db))
    if json_output:
        print_json({"characteristics": rows})
        return
    for row in rows:
        limits = f"[{row['lsl']}, {row['usl']}]"
        typer.echo(f"{row['id']}  {row['product']}/{row['step']}  {row['name']} {limits}")


def _text_of_monitor(answer: dict[str, Any]) -> str:
    lines: list[str] = []
    for result in answer["characteristics"]:
        head = (
            f"{result['characteristic']}: {result['status']}, {result['subgroup_count']} subgroups"
        )
        lines.append(head + (f" ({result['problem']})" if "problem" in result else ""))
        for alarm in result["alarms"]:
            flag = "new " if alarm["new"] else ""
            lines.append(f"  {flag}alarm {alarm['chart']} {alarm['subgroup']} {alarm['rule']}")
    for unknown in answer["unknown_characteristics"]:
        count = unknown["measurement_count"]
        lines.append(f"unknown characteristic {unknown['characteristic']}: {count} measurements")
    return "\n".join(lines)


@handle_errors
def monitor(
    characteristic: Annotated[
        str | None, typer.Option("--characteristic", help="Only this characteristic.")
    ] = None,
    start: FromOption = None,
    end: ToOption = None,
    phase1: Annotated[
        str | None, typer.Option("--phase1", help="FIRST-LAST subgroup labels estimating limits.")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Chart stored measurements and record each new rule violation as an alarm."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.quality import monitor as run_monitor

    start_at = None if start is None else parse_timestamp(start, "--from")
    end_at = None if end is None else parse_timestamp(end, "--to")
    answer = run_monitor(bootstrap(db), characteristic, start_at, end_at, phase1)
    if json_output:
        print_json(answer)
    else:
        typer.echo(_text_of_monitor(answer))
    failed = any(result["status"] == "error" for result in answer["characteristics"])
    if failed or answer["unknown_characteristics"]:
        raise typer.Exit(1)


@handle_errors
def alarms(
    open_only: Annotated[bool, typer.Option("--open", help="Only unacknowledged alarms.")] = False,
    start: FromOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List SPC alarms by signal time."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.quality import list_alarms

    since = None if start is None else parse_timestamp(start, "--from")
    rows = list_alarms(bootstrap(db), open_only, since)
    if json_output:
        print_json({"alarms": rows})
        return
    for row in rows:
        state = "open" if row["open"] else f"acknowledged by {row['acknowledged_by']}"
        typer.echo(
            f"#{row['id']} {row['at']} {row['characteristic']} {row['chart']} "
            f"{row['subgroup']} {row['rule']} ({state})"
        )


@handle_errors
def acknowledge(
    alarm_id: Annotated[int, typer.Argument(metavar="ALARM_ID", help="Alarm id.")],
    by: Annotated[str, typer.Option("--by", help="Who acknowledges it.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Acknowledge an alarm: it stops being open."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import acknowledge_alarm

    answer = acknowledge_alarm(bootstrap(db), alarm_id, by)
    if json_output:
        print_json(answer)
    else:
        typer.echo(f"alarm {alarm_id} acknowledged by {by}")
