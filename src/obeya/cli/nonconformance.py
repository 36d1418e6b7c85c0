"""`obeya nc record|list|pareto|fpy`: nonconformance reports, defect Pareto, first-pass yield.

Exit codes: 0 results; 1 `fpy` found products with more nonconforming units than
produced (their yield is null, listed in `problems`); 2 bad input (a clear message naming
the field on stderr; nothing written).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json
from obeya.domain.errors import InputError

app = typer.Typer(
    no_args_is_help=True, help="Nonconformances: record, list, defect Pareto, first-pass yield."
)

FromOption = Annotated[str | None, typer.Option("--from", help="Window start (RFC 3339).")]
ToOption = Annotated[str | None, typer.Option("--to", help="Window end, exclusive (RFC 3339).")]


def _moment(text: str | None, option: str) -> datetime | None:
    from obeya.domain.times import parse_timestamp

    return None if text is None else parse_timestamp(text, option)


@app.command("record")
@handle_errors
def record(
    product: Annotated[str, typer.Option("--product", help="Product id.")],
    defect: Annotated[str, typer.Option("--defect", help="Defect code.")],
    quantity: Annotated[int, typer.Option("--quantity", help="Nonconforming units (>= 1).")],
    disposition: Annotated[
        str, typer.Option("--disposition", help="scrap|rework|use-as-is|return-to-supplier")
    ],
    order: Annotated[str | None, typer.Option("--order", help="Work order.")] = None,
    machine: Annotated[str | None, typer.Option("--machine", help="Machine.")] = None,
    line: Annotated[str | None, typer.Option("--line", help="Line (without --machine).")] = None,
    shift: Annotated[str | None, typer.Option("--shift", help="Shift id.")] = None,
    worker: Annotated[str | None, typer.Option("--worker", help="Worker id.")] = None,
    at: Annotated[str | None, typer.Option("--at", help="When found (default now).")] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who records it.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record units that failed inspection, with the defect and the disposition."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import NewNonconformance, record_nonconformance

    report = NewNonconformance(
        product, defect, quantity, disposition, order, machine, line, shift, worker,
        _moment(at, "--at"),
    )  # fmt: skip
    answer = record_nonconformance(bootstrap(db), report, by)
    if json_output:
        print_json(answer)
    else:
        typer.echo(f"nonconformance {answer['id']} recorded on line {answer['line']}")


@app.command("list")
@handle_errors
def list_all(
    start: FromOption = None,
    end: ToOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List nonconformance reports found in the window, oldest first."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import list_nonconformances

    rows = list_nonconformances(bootstrap(db), _moment(start, "--from"), _moment(end, "--to"))
    if json_output:
        print_json({"nonconformances": rows})
        return
    for row in rows:
        typer.echo(
            f"#{row['id']} {row['found_at']} {row['product']} {row['line']} {row['defect']} "
            f"x{row['quantity']} {row['disposition']}"
        )


@app.command("pareto")
@handle_errors
def pareto(
    start: FromOption = None,
    end: ToOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Nonconforming units per defect code, largest first, with cumulative shares."""
    from obeya.bootstrap import bootstrap
    from obeya.services.quality import nonconformance_pareto

    answer = nonconformance_pareto(bootstrap(db), _moment(start, "--from"), _moment(end, "--to"))
    if json_output:
        print_json(answer)
        return
    for row in answer["defects"]:
        typer.echo(f"{row['defect']:<24} {row['quantity']:>6} {row['cumulative_share']:6.1%}")


def _unit_costs(texts: list[str]) -> dict[str, float] | None:
    if not texts:
        return None
    costs: dict[str, float] = {}
    for text in texts:
        product, separator, cost = text.partition("=")
        try:
            costs[product.strip()] = float(cost)
        except ValueError:
            separator = ""
        if not separator or not product.strip():
            raise InputError(f"--unit-cost: write PRODUCT=COST (e.g. P-100=12.5), got {text!r}")
    return costs


@app.command("fpy")
@handle_errors
def fpy(
    start: Annotated[str, typer.Option("--from", help="Window start (RFC 3339).")],
    end: Annotated[str, typer.Option("--to", help="Window end, exclusive (RFC 3339).")],
    unit_cost: Annotated[
        list[str] | None, typer.Option("--unit-cost", help="PRODUCT=COST of one unit (repeat).")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """First-pass yield and scrap by product and line (produced from the ledger's counts)."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.quality import first_pass_yield_report

    answer = first_pass_yield_report(
        bootstrap(db),
        parse_timestamp(start, "--from"),
        parse_timestamp(end, "--to"),
        _unit_costs(unit_cost or []),
    )
    if json_output:
        print_json(answer)
    else:
        for row in answer["rows"]:
            figure = "-" if row["first_pass_yield"] is None else f"{row['first_pass_yield']:.1%}"
            typer.echo(f"{row['product']} {row['line']}: FPY {figure} of {row['produced_count']}")
        for problem in answer["problems"]:
            typer.echo(f"problem: {problem}", err=True)
    if answer["problems"]:
        raise typer.Exit(1)
