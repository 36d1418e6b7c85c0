"""Reading orlib, taillard and fjs instances, and the errors for malformed files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError, InputError
from obeya.scheduling.formats import InstanceFormat, parse_instance, read_instance

ORLIB = """# a comment before the size line
2 3
0 3 1 2 2 2
0 2 2 1 1 4
"""

TAILLARD = """2 3
3 2 2
2 1 4
1 2 3
1 3 2
"""

FJS = """2 3 1.5
2 2 1 4 2 6 1 3 2
1 1 1 3
"""


def test_orlib_reads_jobs_machines_and_durations_numbered_from_zero() -> None:
    problem = parse_instance(ORLIB, InstanceFormat.ORLIB)
    assert (problem.job_count, problem.machine_count) == (2, 3)
    assert [(m.machine, m.duration) for op in problem.jobs[1] for m in op.modes] == [
        (0, 2),
        (2, 1),
        (1, 4),
    ]


def test_taillard_numbers_machines_from_one_and_pairs_times_with_machines() -> None:
    problem = parse_instance(TAILLARD, InstanceFormat.TAILLARD)
    assert [(m.machine, m.duration) for op in problem.jobs[0] for m in op.modes] == [
        (0, 3),
        (1, 2),
        (2, 2),
    ]
    assert [(m.machine, m.duration) for op in problem.jobs[1] for m in op.modes] == [
        (0, 2),
        (2, 1),
        (1, 4),
    ]


def test_fjs_reads_alternative_machines_numbered_from_one() -> None:
    problem = parse_instance(FJS, InstanceFormat.FJS)
    assert problem.is_flexible
    first = problem.jobs[0][0]
    assert [(m.machine, m.duration) for m in first.modes] == [(0, 4), (1, 6)]
    assert [len(ops) for ops in problem.jobs] == [2, 1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(ORLIB, InstanceFormat.ORLIB), (TAILLARD, InstanceFormat.TAILLARD), (FJS, InstanceFormat.FJS)],
)
def test_auto_detects_each_format(text: str, expected: InstanceFormat) -> None:
    assert parse_instance(text) == parse_instance(text, expected)


def test_auto_detects_fjs_without_the_average_on_the_size_line() -> None:
    text = "2 3\n2 2 1 4 2 6 1 3 2\n1 1 1 3\n"
    assert parse_instance(text).is_flexible


@pytest.mark.parametrize(
    ("text", "instance_format", "line", "words"),
    [
        ("", InstanceFormat.ORLIB, 1, "empty"),
        ("2\n0 1\n", InstanceFormat.ORLIB, 1, "size line"),
        ("2 x\n0 1\n0 1\n", InstanceFormat.ORLIB, 1, "number of machines"),
        ("2 2\n0 1 1 1\n", InstanceFormat.ORLIB, 2, "expected 2 job lines"),
        ("2 2\n0 1 1 1\n0 1 1\n", InstanceFormat.ORLIB, 3, "expected 4 numbers"),
        ("2 2\n0 1 1 1\n0 1 5 1\n", InstanceFormat.ORLIB, 3, "machine 5 outside 0..1"),
        ("2 2\n0 1 1 1\n0 1 1 -3\n", InstanceFormat.ORLIB, 3, "negative duration"),
        ("1 2 1\n1 2 1 4 1 5\n", InstanceFormat.FJS, 2, "listed twice"),
        ("1 2\n0 1 1 1\n\n0 1 1 1\n", InstanceFormat.ORLIB, 4, "unexpected data"),
        ("1 2\n3 4\n0 2\n", InstanceFormat.TAILLARD, 3, "machine 0 outside 1..2"),
        ("1 2 1\n2 1 1 4 1\n", InstanceFormat.FJS, 2, "operation 2"),
        ("1 2 1\n1 1 1 4 7\n", InstanceFormat.FJS, 2, "extra numbers"),
        ("1 2 1\n1 1 3 4\n", InstanceFormat.FJS, 2, "machine 3 outside 1..2"),
        ("1 2 1\n1 0\n", InstanceFormat.FJS, 2, "needs 0 machine duration pairs"),
    ],
)
def test_malformed_files_name_the_line_and_the_problem(
    text: str, instance_format: InstanceFormat, line: int, words: str
) -> None:
    with pytest.raises(FileFormatError) as caught:
        parse_instance(text, instance_format, source="bad.txt")
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith("bad.txt: ")


def test_a_missing_file_is_an_input_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(InputError, match=r"missing\.txt"):
        read_instance(missing)


def test_ft06_from_the_shared_benchmarks_has_six_jobs_on_six_machines(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("jobshop/ft06.txt"))
    assert (problem.name, problem.job_count, problem.machine_count) == ("ft06", 6, 6)
    assert problem.operation_count == 36


def test_mk01_from_the_shared_benchmarks_is_detected_as_flexible(
    shared_instance: Callable[[str], Path],
) -> None:
    problem = read_instance(shared_instance("fjsp/brandimarte/mk01.txt"))
    assert (problem.job_count, problem.machine_count, problem.operation_count) == (10, 6, 55)
    assert problem.is_flexible


def test_an_orlib_job_may_visit_the_same_machine_twice() -> None:
    problem = parse_instance("1 2\n0 3 0 4\n", InstanceFormat.ORLIB)
    assert [op.modes[0].machine for op in problem.jobs[0]] == [0, 0]
