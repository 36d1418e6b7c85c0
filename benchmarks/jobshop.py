"""Job shop benchmark: obeya's solver against a plain CP-SAT interval model, same run.

    python benchmarks/jobshop.py [--time-limit 30] [--workers 2] [--set ta01-ta10]

Sets: `ta01-ta10`, `ta21-ta30`, `ta31-ta50`, `mk` (mk01-mk10), a range such as
`ta01-ta05` or `mk01-mk05`, or a comma-separated list of names (`ft10,la21,mk03`).
Instances and best known values come from ../shared/benchmarks beside the repository;
Taillard instances absent there (ta31-ta50: 30x15 and 30x20) are regenerated from their
published seeds by `taillard.py` (checked against the shared ta01-ta10 and ta21-ta30).
The tabu-search kernel is compiled (or loaded from numba's cache) before the first
solve; that one-time cost is printed apart. For each instance it
prints the best known makespan, obeya's makespan and gap, the plain model's (no hint, no
neighbourhood search, same workers, seed and time) makespan and gap, then the mean gaps.
Gap = (makespan - best known) / best known.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

import taillard

from obeya.scheduling.formats import read_instance
from obeya.scheduling.jobshop.cpsat import SolverSettings, solve_plain
from obeya.scheduling.jobshop.problem import JobShopProblem
from obeya.scheduling.jobshop.solve import solve
from obeya.scheduling.jobshop.tabu import warm_up
from obeya.scheduling.jobshop.validate import validate

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "benchmarks"


def instance_path(name: str) -> Path:
    """The file of instance `name` (mk* in fjsp/brandimarte, the rest in jobshop)."""
    if name.startswith("mk"):
        return SHARED / "fjsp" / "brandimarte" / f"{name}.txt"
    return SHARED / "jobshop" / f"{name}.txt"


def load(name: str) -> tuple[JobShopProblem, int]:
    """Instance `name` and its best-known makespan: from the shared files, else generated."""
    path = instance_path(name)
    if not path.exists() and name in taillard.TAILLARD:
        return taillard.taillard_instance(name), taillard.best_known(name)
    family = "fjsp" if name.startswith("mk") else "jobshop"
    table = json.loads((SHARED / family / "best_known.json").read_text())
    return read_instance(path), int(table[name]["best_known"])


def expand(selection: str) -> list[str]:
    """Instance names from `mk`, a range `ta01-ta10`, or a comma-separated list."""
    if selection == "mk":
        return [f"mk{index:02d}" for index in range(1, 11)]
    names: list[str] = []
    for part in selection.split(","):
        match = re.fullmatch(r"([a-z]+)(\d+)-([a-z]+)(\d+)", part)
        if match and match.group(1) == match.group(3):
            prefix, first, last = match.group(1), int(match.group(2)), int(match.group(4))
            names += [f"{prefix}{index:02d}" for index in range(first, last + 1)]
        else:
            names.append(part)
    return names


def gap(makespan: int, reference: int) -> float:
    """The relative gap in percent."""
    return 100.0 * (makespan - reference) / reference


def run(names: list[str], time_limit_s: float, workers: int, seed: int) -> None:
    """Solve each instance both ways and print one line each, then the mean gaps."""
    print(
        f"time limit {time_limit_s} s, {workers} workers, seed {seed}, load average {_load()}",
        flush=True,
    )
    started = time.monotonic()
    warm_up()
    print(f"tabu kernel compiled or loaded from cache in {time.monotonic() - started:.1f} s")
    print(f"{'instance':10} {'best':>6} {'obeya':>6} {'gap %':>7} {'plain':>6} {'gap %':>7}")
    obeya_gaps, plain_gaps = [], []
    for name in names:
        problem, reference = load(name)
        result = solve(problem, time_limit_s=time_limit_s, workers=workers, seed=seed)
        settings = SolverSettings(time_limit_s=time_limit_s, workers=workers, seed=seed)
        started = time.monotonic()
        plain = solve_plain(problem, settings)
        plain_runtime_s = time.monotonic() - started
        if plain.schedule is None or validate(problem, plain.schedule):
            print(f"{name}: the plain model found no valid schedule", file=sys.stderr)
            continue
        obeya_gaps.append(gap(result.makespan, reference))
        plain_gaps.append(gap(plain.schedule.makespan, reference))
        print(
            f"{name:10} {reference:6d} {result.makespan:6d} {obeya_gaps[-1]:7.2f} "
            f"{plain.schedule.makespan:6d} {plain_gaps[-1]:7.2f}"
            f"   (runtimes {result.runtime_s:.1f} s / {plain_runtime_s:.1f} s)",
            flush=True,
        )
    if obeya_gaps:
        print(
            f"{'mean':10} {'':6} {'':6} {statistics.mean(obeya_gaps):7.2f} "
            f"{'':6} {statistics.mean(plain_gaps):7.2f}"
        )
        print(
            f"{'median':10} {'':6} {'':6} {statistics.median(obeya_gaps):7.2f} "
            f"{'':6} {statistics.median(plain_gaps):7.2f}"
        )
    print(f"load average at the end {_load()}")


def _load() -> str:
    """The 1, 5 and 15 minute load averages of the machine, for the run conditions."""
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def main() -> None:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--set", default="ta01-ta10", help="ta01-ta10, ta21-ta30, mk, ...")
    arguments = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"benchmark instances absent: {SHARED}")
    run(expand(arguments.set), arguments.time_limit, arguments.workers, arguments.seed)


if __name__ == "__main__":
    main()
