"""`obeya kpi oee|bottleneck|losses`."""

from __future__ import annotations

from typing import Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

app = typer.Typer(no_args_is_help=True, help="KPIs by ISO 22400-2 from the event ledger.")

FromOption = Annotated[str, typer.Option("--from", help="Window start (RFC 3339 with offset).")]
ToOption = Annotated[str, typer.Option("--to", help="Window end, exclusive (RFC 3339).")]


@app.command("oee")
@handle_errors
def oee(
    scope: Annotated[str, typer.Option(help="machine:ID, line:ID, area:ID or site.")],
    start: FromOption,
    end: ToOption,
    by: Annotated[str, typer.Option(help="none, machine, shift or day.")] = "none",
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """OEE with its time ledger, quantities and A, E, Q (CONTRACTS.md section 3)."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.kpi import oee as compute

    answer = compute(
        bootstrap(db), scope, parse_timestamp(start, "--from"), parse_timestamp(end, "--to"), by
    )
    if json_output:
        print_json(answer)
        return
    from obeya.cli.render_kpi import print_oee

    print_oee(answer)


@app.command("bottleneck")
@handle_errors
def bottleneck(
    line: Annotated[str, typer.Option(help="Line id.")],
    start: FromOption,
    end: ToOption,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Active-period bottleneck analysis (Roser): sole and shifting shares per machine."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.kpi import bottleneck as compute

    answer = compute(
        bootstrap(db), line, parse_timestamp(start, "--from"), parse_timestamp(end, "--to")
    )
    if json_output:
        print_json(answer)
        return
    from obeya.cli.render_kpi import print_bottleneck

    print_bottleneck(answer)


@app.command("losses")
@handle_errors
def losses(
    scope: Annotated[str, typer.Option(help="machine:ID, line:ID, area:ID or site.")],
    start: FromOption,
    end: ToOption,
    micro_stop: Annotated[
        float, typer.Option("--micro-stop", help="Unplanned stops shorter (s) are minor stops.")
    ] = 300.0,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Losses: NEE, six big losses, downtime Pareto, waterfall, unexplained stops."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.kpi import losses as compute

    answer = compute(
        bootstrap(db),
        scope,
        parse_timestamp(start, "--from"),
        parse_timestamp(end, "--to"),
        micro_stop_s=micro_stop,
    )
    if json_output:
        print_json(answer)
        return
    from obeya.cli.render_kpi import print_losses

    print_losses(answer)


@app.command("rebuild")
@handle_errors
def rebuild(db: DbOption = None) -> None:
    """Forget the stored per-slot ledgers; the next queries recompute them from events."""
    from obeya.bootstrap import bootstrap
    from obeya.services.kpi import rebuild_ledger_cache

    rebuild_ledger_cache(bootstrap(db))
    typer.echo("per-slot ledgers cleared; they are rebuilt from the events as queries need them")
