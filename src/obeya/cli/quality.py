"""`obeya spc` commands: control charts with rule alarms, and process capability.

Commands on the database (characteristics, monitor, alarms) are in
`obeya.cli.quality_ledger`; `obeya nc` (nonconformances) is `nc_app`, from
`obeya.cli.nonconformance`.

The engine (numpy, scipy) is imported inside each command so `obeya --help` stays fast.
Exit codes: 0 with results (rule violations are results), 2 on a usage error or
unreadable input, with a message naming the file, line, column or option on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from obeya.cli import nonconformance, quality_ledger
from obeya.domain.errors import InputError

app = typer.Typer(
    no_args_is_help=True,
    help="Statistical process control: control charts, run rules and capability.",
)

DataOption = Annotated[
    Path, typer.Option("--data", help="CSV (or tab/space separated) file with a header line.")
]
ValueOption = Annotated[str, typer.Option("--value", help="Column holding the measurement/count.")]
SubgroupOption = Annotated[
    str | None,
    typer.Option("--subgroup", help="Column grouping rows into subgroups / labelling points."),
]
PhaseOption = Annotated[
    str | None,
    typer.Option("--phase1", help="FIRST-LAST subgroup labels (inclusive) estimating limits."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]

app.add_typer(quality_ledger.characteristic_app, name="characteristic")
app.command("monitor")(quality_ledger.monitor)
app.command("alarms")(quality_ledger.alarms)
app.command("acknowledge")(quality_ledger.acknowledge)
nc_app = nonconformance.app


def _run(work: Callable[[], tuple[dict[str, Any], str]], as_json: bool) -> None:
    """Run `work`, print its answer, and turn input errors into exit code 2."""
    try:
        answer, text = work()
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(json.dumps(answer) if as_json else text)


@app.command("chart")
def chart(
    chart_type: Annotated[
        str, typer.Option("--type", help="xbar-r|xbar-s|imr|p|np|c|u|ewma|cusum")
    ],
    data: DataOption,
    value: ValueOption,
    subgroup: SubgroupOption = None,
    size: Annotated[
        str | None, typer.Option("--size", help="Sample-size column (p, np, u charts).")
    ] = None,
    phase1: PhaseOption = None,
    rules: Annotated[str, typer.Option("--rules", help="we|nelson|none")] = "we",
    exclude_flagged: Annotated[
        bool,
        typer.Option(
            "--exclude-flagged",
            help="Drop phase I points beyond the limits from the estimate, re-estimate once.",
        ),
    ] = False,
    weight: Annotated[float, typer.Option("--lambda", help="EWMA weight.")] = 0.2,
    width: Annotated[float, typer.Option("--width", help="EWMA limit width L (sigmas).")] = 3.0,
    reference: Annotated[float, typer.Option("--k", help="CUSUM reference k (sigmas).")] = 0.5,
    decision: Annotated[float, typer.Option("--h", help="CUSUM decision interval h.")] = 5.0,
    target: Annotated[
        float | None, typer.Option("--target", help="EWMA/CUSUM target (default: phase I mean).")
    ] = None,
    sigma: Annotated[
        float | None, typer.Option("--sigma", help="EWMA/CUSUM process sigma (default: estimated).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Compute a control chart (two for xbar-r, xbar-s, imr) with its rule violations."""

    def work() -> tuple[dict[str, Any], str]:
        from obeya.quality.analysis import ChartRequest, ChartType, build_charts
        from obeya.quality.data import read_table
        from obeya.quality.render import charts_answer, charts_text
        from obeya.quality.rules import parse_rule_set

        try:
            kind = ChartType(chart_type)
        except ValueError:
            raise InputError(
                f"--type must be one of {', '.join(ChartType)}, got {chart_type!r}"
            ) from None
        request = ChartRequest(
            kind, value, subgroup, size, phase1, parse_rule_set(rules), exclude_flagged,
            weight, width, reference, decision, target, sigma,
        )  # fmt: skip
        charts = build_charts(read_table(data), request)
        return charts_answer(charts), charts_text(charts)

    _run(work, as_json)


@app.command("capability")
def capability(
    data: DataOption,
    value: ValueOption,
    lsl: Annotated[float | None, typer.Option("--lsl", help="Lower specification limit.")] = None,
    usl: Annotated[float | None, typer.Option("--usl", help="Upper specification limit.")] = None,
    subgroup: SubgroupOption = None,
    phase1: PhaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Cp, Cpk, Pp, Ppk with 95 % intervals, normality test and histogram."""

    def work() -> tuple[dict[str, Any], str]:
        from obeya.quality.analysis import capability_study
        from obeya.quality.data import read_table
        from obeya.quality.render import capability_answer, capability_text

        study = capability_study(read_table(data), value, subgroup, (lsl, usl), phase1)
        return capability_answer(study), capability_text(study)

    _run(work, as_json)
