"""`obeya simulate`: line simulation (CONTRACTS.md section 6) and what-if comparison.

    obeya simulate LINE.yaml [--json] [--workers N] [--seed K] [--replications R]
    obeya simulate compare SCENARIOS.yaml [--json] [--chart out.png] [--workers N]
    obeya simulate plant PLANT.yaml|demo --from T --to T -o EVENTS.jsonl [--seed K] [--json]
    obeya simulate fit --machine ID --from T --to T [--db URL] [--json]
    obeya simulate robustness [--schedule ID] [--replications N] [--seed K] [--db URL] [--json]

`obeya simulate LINE.yaml` is short for `obeya simulate run LINE.yaml`. The simulation
engine (simpy, numpy, scipy) and matplotlib are imported inside the commands only.
Exit codes: 0 done; 2 unreadable or invalid file (the message names file, key and line),
unknown machine or schedule, or no schedule yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from obeya.cli.common import DbOption, handle_errors, print_json
from obeya.domain.errors import InputError

if TYPE_CHECKING:
    from obeya.domain.plant import Plant
    from obeya.simulation.scenarios import Comparison
    from obeya.simulation.statistics import Estimate, Summary


class _RunByDefault(TyperGroup):
    """A group that runs `run` when no subcommand is named: `obeya simulate LINE.yaml`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # a click Context
        names_command = bool(args) and args[0] in self.commands
        if args and not names_command and args[0] not in ("--help", "-h"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_RunByDefault,
    no_args_is_help=True,
    help="Simulate a production line (obeya simulate LINE.yaml) or compare what-if scenarios.",
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
WorkersOption = Annotated[
    int | None, typer.Option("--workers", min=1, help="Processes for replications (all cores).")
]


@app.command("run")
def run_line(
    line_file: Annotated[Path, typer.Argument(help="Line file (obeya-line: 1).")],
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    seed: Annotated[int | None, typer.Option(min=0, help="Overrides the file's seed.")] = None,
    replications: Annotated[
        int | None, typer.Option(min=1, help="Overrides the file's replications.")
    ] = None,
) -> None:
    """Simulate LINE_FILE: throughput, WIP, cycle time and station figures with 95 % CIs."""
    from dataclasses import replace

    from obeya.simulation.experiment import run_experiment
    from obeya.simulation.line_file import read_line_file

    with _input_errors():
        spec = read_line_file(line_file)
    if seed is not None:
        spec = replace(spec, seed=seed)
    if replications is not None:
        spec = replace(spec, replications=replications)
    with _progress(spec.replications, "replications") as advance:
        summary = run_experiment(spec, workers, advance)
    if as_json:
        typer.echo(json.dumps(summary.as_json()))
    else:
        _print_summary(summary, spec.time_unit)


@app.command("compare")
def compare_scenarios(
    scenario_file: Annotated[Path, typer.Argument(help="Scenario file (obeya-scenarios: 1).")],
    as_json: JsonOption = False,
    workers: WorkersOption = None,
    chart: Annotated[Path | None, typer.Option(help="Write a bar chart (PNG, SVG, PDF).")] = None,
) -> None:
    """Run the base line and every scenario with common random numbers; compare them."""
    from obeya.simulation.scenarios import compare, read_scenario_file

    with _input_errors():
        scenario_set = read_scenario_file(scenario_file)
    total = scenario_set.base.replications * (1 + len(scenario_set.scenarios))
    with _progress(total, "replications") as advance:
        comparison = compare(scenario_set, workers, advance)
    if chart is not None:
        _write_chart(comparison, chart)
    if as_json:
        typer.echo(json.dumps(comparison.as_json()))
    else:
        _print_comparison(comparison, scenario_set.base.time_unit)


@app.command("plant")
def simulate_plant_events(
    plant_file: Annotated[str, typer.Argument(help="Plant file (obeya: 1), or `demo`.")],
    start: Annotated[str, typer.Option("--from", help="Start, RFC 3339 with offset.")],
    end: Annotated[str, typer.Option("--to", help="End, RFC 3339 with offset.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL file to write.")],
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = 1,
    as_json: JsonOption = False,
) -> None:
    """Write simulated shop-floor events (CONTRACTS.md section 2) of every machine as JSONL."""
    from obeya.domain.times import parse_timestamp
    from obeya.simulation.event_json import event_to_json
    from obeya.simulation.plant_model import simulate_plant

    with _input_errors():
        start_at, end_at = parse_timestamp(start, "--from"), parse_timestamp(end, "--to")
        if end_at <= start_at:
            raise InputError("--to must be after --from")
        plant = _load_plant(plant_file)
    count = 0
    try:
        with output.open("w", encoding="utf-8") as sink:
            for event in simulate_plant(plant, start_at, end_at, seed):
                sink.write(json.dumps(event_to_json(event)) + "\n")
                count += 1
    except OSError as error:
        typer.echo(f"error: {output}: cannot write: {error.strerror}", err=True)
        raise typer.Exit(2) from None
    answer = {"events": count, "machines": len(plant.machines), "output": str(output)}
    typer.echo(json.dumps(answer) if as_json else f"wrote {count} events to {output}")


@app.command("fit")
@handle_errors
def fit_machine(
    machine: Annotated[str, typer.Option("--machine", help="Machine id.")],
    start: Annotated[str, typer.Option("--from", help="Start, RFC 3339 with offset.")],
    end: Annotated[str, typer.Option("--to", help="End, RFC 3339 with offset.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fit up time between unplanned stops and repair time of MACHINE from the ledger."""
    from obeya.bootstrap import bootstrap
    from obeya.domain.times import parse_timestamp
    from obeya.services.simulation import fit_machine as fit

    answer = fit(
        bootstrap(db), machine, parse_timestamp(start, "--from"), parse_timestamp(end, "--to")
    )
    if as_json:
        print_json(answer)
        return
    _print_fit(answer)


@app.command("robustness")
@handle_errors
def schedule_robustness(
    schedule: Annotated[
        str | None, typer.Option("--schedule", help="Schedule id (default: the published one).")
    ] = None,
    replications: Annotated[int, typer.Option(min=1, help="Executions of the schedule.")] = 200,
    seed: Annotated[int, typer.Option(min=0, help="Random seed.")] = 1,
    duration_cv: Annotated[
        float, typer.Option(min=0, help="Coefficient of variation of operation durations.")
    ] = 0.2,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Execute a schedule under variable durations: on-time probability, idle and blocked."""
    from obeya.bootstrap import bootstrap
    from obeya.services.simulation import robustness

    answer = robustness(
        bootstrap(db), schedule, replications=replications, seed=seed, duration_cv=duration_cv
    )
    if as_json:
        print_json(answer)
        return
    _print_robustness(answer)


def _print_fit(answer: dict[str, Any]) -> None:
    import yaml

    typer.echo(f"# {answer['machine']} {answer['from']} .. {answer['to']}, minutes")
    for name in ("up", "repair"):
        fit = answer[name]
        if fit is None:
            typer.echo(f"# {name}: fewer than 2 complete observations")
            continue
        ranking = ", ".join(f"{c['dist']} D={c['ks_statistic']}" for c in fit["candidates"])
        typer.echo(f"# {name}: {fit['count']} observations, mean {fit['mean']}; {ranking}")
    if answer["failures"] is not None:
        snippet = {"failures": answer["failures"]}
        typer.echo(yaml.safe_dump(snippet, default_flow_style=None, sort_keys=False), nl=False)


def _print_robustness(answer: dict[str, Any]) -> None:
    typer.echo(
        f"schedule {answer['schedule_id']} ({answer['state']}), "
        f"{answer['replications']} executions, duration cv {answer['duration_cv']}"
    )
    for order in answer["orders"]:
        typer.echo(
            f"  order {order['order']}: on time {order['on_time_probability']:.1%}, "
            f"expected tardiness {order['expected_tardiness_min']:.1f} min"
        )
    for machine in answer["machines"]:
        typer.echo(
            f"  machine {machine['machine']}: idle {machine['expected_idle_min']:.1f} min, "
            f"blocked {machine['expected_blocked_min']:.1f} min"
        )


def _load_plant(name: str) -> Plant:
    """The demo plant for `demo`, else the plant file at `name` (raises FileFormatError)."""
    from obeya.plantfile import demo_plant, load_plant_file

    return demo_plant() if name == "demo" else load_plant_file(name)


@contextmanager
def _input_errors() -> Iterator[None]:
    """Turn obeya's input errors into a message on stderr and exit code 2."""
    try:
        yield
    except InputError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr; yields `advance(done_count)`."""
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(what, total=total)
        yield lambda done: progress.update(task, completed=done)


def _text(value: Estimate, signed: bool = False) -> str:
    if value.mean is None:
        return "-"
    mean = f"{value.mean:+.4g}" if signed else f"{value.mean:.4g}"
    if value.low is None or value.high is None:
        return mean
    return f"{mean} ± {(value.high - value.low) / 2:.2g}"


def _print_summary(summary: Summary, time_unit: str) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    line = Table(title=f"Line, {summary.replications} replications (95 % CI)")
    line.add_column("figure")
    line.add_column("value", justify="right")
    units = {
        "throughput": f"parts/{time_unit}",
        "wip": "parts",
        "cycle_time": time_unit,
        "scheduled_share": "share of calendar time",
    }
    for name, value in summary.line.items():
        line.add_row(f"{name} ({units.get(name, f'parts/{time_unit}')})", _text(value))
    console.print(line)
    stations = Table(title="Stations (means; utilization to down are fractions of time)")
    names: tuple[str, ...] = ("utilization", "blocked", "starved", "down", "setup")
    if summary.stations and "operator_wait" in summary.stations[0][1]:
        names = (*names, "operator_wait")
    names = (*names, "wip", "cycle_time")
    for column in ("station", *names):
        stations.add_column(column, justify="left" if column == "station" else "right")
    for station_id, figures in summary.stations:
        means = (figures[name].mean for name in names)
        stations.add_row(station_id, *("-" if m is None else f"{m:.4g}" for m in means))
    console.print(stations)


def _print_comparison(comparison: Comparison, time_unit: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="What-if (difference to base, paired 95 % CI)")
    table.add_column("figure")
    table.add_column("base", justify="right")
    for name, _, _ in comparison.scenarios:
        table.add_column(name, justify="right")
    for figure in ("throughput", "wip", "cycle_time"):
        cells = [
            f"{_text(summary.line[figure])}\n(Δ {_text(differences[figure], signed=True)})"
            for _, summary, differences in comparison.scenarios
        ]
        table.add_row(figure, _text(comparison.base.line[figure]), *cells)
    Console().print(table)
    Console().print(f"time unit: {time_unit}")


def _write_chart(comparison: Comparison, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = ["base", *(name for name, _, _ in comparison.scenarios)]
    summaries = [comparison.base, *(summary for _, summary, _ in comparison.scenarios)]
    figure, axes = plt.subplots(1, 3, figsize=(4 + 1.2 * len(names), 4))
    for axis, figure_name in zip(axes, ("throughput", "wip", "cycle_time"), strict=True):
        estimates = [summary.line[figure_name] for summary in summaries]
        means = [e.mean or 0.0 for e in estimates]
        errors = [_half_width(e) for e in estimates]
        axis.bar(names, means, yerr=errors, capsize=4, color="#4878a8")
        axis.set_title(figure_name.replace("_", " "))
        axis.tick_params(axis="x", rotation=30)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _half_width(value: Estimate) -> float:
    return 0.0 if value.low is None or value.high is None else (value.high - value.low) / 2
