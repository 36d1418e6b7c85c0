"""`obeya jobshop` commands: solve standard job shop benchmark instances.

`obeya jobshop solve FILE --json` prints the answer of CONTRACTS.md section 5. Exit codes:
0 solved; 1 the solver produced an infeasible schedule (a bug, with the violations on
stderr); 2 unreadable or malformed input (the message names the file and line).
The solver (ortools) is imported inside the command so `obeya --help` stays fast.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from obeya.domain.errors import InputError
from obeya.scheduling.formats import InstanceFormat, read_instance

if TYPE_CHECKING:
    from obeya.scheduling.jobshop.solve import JobShopResult, Progress

app = typer.Typer(no_args_is_help=True, help="Standard job shop benchmark instances.")

DEFAULT_WORKERS = min(8, os.cpu_count() or 1)


@app.callback()
def jobshop() -> None:
    """Standard job shop benchmark instances (OR-Library, Taillard, Brandimarte)."""


@app.command("solve")
def solve_command(
    file: Annotated[Path, typer.Argument(help="Instance file (orlib, taillard or fjs).")],
    instance_format: Annotated[
        InstanceFormat, typer.Option("--format", help="File format; auto detects it.")
    ] = InstanceFormat.AUTO,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.01, help="Wall-clock limit in seconds.")
    ] = 10.0,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Tabu-search and CP-SAT threads.")
    ] = DEFAULT_WORKERS,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    work_limit: Annotated[
        float | None,
        typer.Option(
            "--work-limit",
            min=0.001,
            help="Deterministic budget (CP-SAT deterministic seconds): a reproducible "
            "answer for a given seed and workers; --time-limit stays a safety cap.",
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Minimise the makespan of a job shop or flexible job shop instance."""
    from obeya.scheduling.jobshop.solve import InvalidScheduleError, solve

    errors = Console(stderr=True)
    try:
        problem = read_instance(file, instance_format)
    except InputError as error:
        errors.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from error
    show_progress = not json_output or sys.stderr.isatty()
    _prepare_search(errors if show_progress else None)
    try:
        result = solve(
            problem,
            time_limit_s=time_limit,
            workers=workers,
            seed=seed,
            work_limit=work_limit,
            on_progress=_progress_printer(errors) if show_progress else None,
        )
    except InvalidScheduleError as error:
        errors.print(f"error: {error}", markup=False, highlight=False, soft_wrap=True)
        if json_output:
            violations = [{"kind": str(v.kind), "message": v.message} for v in error.violations]
            print(json.dumps({"error": "infeasible schedule", "violations": violations}))
        raise typer.Exit(1) from error
    if json_output:
        print(json.dumps(result.to_json()))
    else:
        print(_summary(problem.name or str(file), result, problem.job_count, problem.machine_count))


COMPILE_NOTICE_AFTER_S = 2.0


def _prepare_search(console: Console | None) -> None:
    """Load the compiled tabu search; say so when it is being compiled (first run)."""
    from obeya.scheduling.jobshop.tabu import warm_up

    ready = threading.Event()

    def notice() -> None:
        if not ready.wait(COMPILE_NOTICE_AFTER_S) and console is not None:
            console.print(
                "compiling the tabu search (once after installation, up to half a minute)...",
                markup=False,
                highlight=False,
            )

    watcher = threading.Thread(target=notice, daemon=True)
    watcher.start()
    try:
        warm_up()
    finally:
        ready.set()
        watcher.join()


def _progress_printer(console: Console) -> Callable[[Progress], None]:
    def report(progress: Progress) -> None:
        console.print(
            f"[{progress.elapsed_s:7.2f} s] {progress.phase}: makespan {progress.makespan}, "
            f"lower bound {progress.lower_bound}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )

    return report


def _summary(name: str, result: JobShopResult, job_count: int, machine_count: int) -> str:
    gap = (result.makespan - result.lower_bound) / result.makespan if result.makespan else 0.0
    return (
        f"{name}: {result.status}, makespan {result.makespan} "
        f"(lower bound {result.lower_bound}, gap {gap:.1%}); "
        f"{job_count} jobs, {machine_count} machines, "
        f"{len(result.schedule.operations)} operations; {result.runtime_s:.1f} s"
    )
