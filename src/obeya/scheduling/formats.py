"""Readers for the standard scheduling benchmark formats: orlib, taillard and fjs.

- orlib: first line `n m`, then one line per job of `m` pairs `machine duration`,
  machines numbered from 0.
- taillard: first line `n m`, then `n` lines of processing times, then `n` lines of
  machine numbers (numbered from 1).
- fjs (Brandimarte): first line `jobs machines [average-flexibility]`; one line per job:
  `k` operations, each `r` then `r` pairs `machine duration`, machines numbered from 1.

Blank lines and lines starting with `#` are skipped anywhere. Errors are
`FileFormatError`s naming the source and the 1-based line number.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from obeya.domain.errors import FileFormatError, InputError
from obeya.scheduling.jobshop.problem import JobShopProblem, Mode, Operation


class InstanceFormat(StrEnum):
    """The file formats `read_instance()` understands; `auto` detects among them."""

    AUTO = "auto"
    ORLIB = "orlib"
    TAILLARD = "taillard"
    FJS = "fjs"


@dataclass(frozen=True)
class _Line:
    number: int
    tokens: tuple[str, ...]


def read_instance(
    path: Path, instance_format: InstanceFormat = InstanceFormat.AUTO
) -> JobShopProblem:
    """Read a job shop instance from `path`, named after the file stem.

    Raises:
        InputError: the file cannot be read.
        FileFormatError: the content is malformed (names the file and line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the instance file ({error})") from error
    return parse_instance(text, instance_format, source=str(path), name=path.stem)


def parse_instance(
    text: str,
    instance_format: InstanceFormat = InstanceFormat.AUTO,
    *,
    source: str = "<text>",
    name: str = "",
) -> JobShopProblem:
    """Parse instance `text` in `instance_format` (detected when `auto`).

    Raises:
        FileFormatError: malformed content, with the line number.
    """
    lines = _significant_lines(text)
    if instance_format is InstanceFormat.AUTO:
        instance_format = detect_format(lines, source)
    parsers = {
        InstanceFormat.ORLIB: _parse_orlib,
        InstanceFormat.TAILLARD: _parse_taillard,
        InstanceFormat.FJS: _parse_fjs,
    }
    machine_count, jobs, last_line = parsers[instance_format](lines, source)
    try:
        return JobShopProblem(machine_count, jobs, name=name)
    except InputError as error:
        raise FileFormatError(str(error), source=source, line=last_line) from error


def _significant_lines(text: str) -> list[_Line]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped and not stripped.startswith("#"):
            lines.append(_Line(number, tuple(stripped.split())))
    return lines


def detect_format(lines: list[_Line], source: str) -> InstanceFormat:
    """Guess the format from the shape of the lines after the size line.

    Three numbers on the size line, or job lines whose length varies, mean fjs; `n`
    lines of `2m` numbers mean orlib; `2n` lines of `m` numbers mean taillard.

    Raises:
        FileFormatError: an empty file or an unreadable size line.
    """
    job_count, machine_count = _size(lines, source, allow_average=True)
    if len(lines[0].tokens) == 3:
        return InstanceFormat.FJS
    body = lines[1:]
    lengths = {len(line.tokens) for line in body}
    if len(body) == 2 * job_count and lengths == {machine_count}:
        return InstanceFormat.TAILLARD
    if len(body) == job_count and lengths == {2 * machine_count}:
        return InstanceFormat.ORLIB
    if body and _fits_fjs(body[0]):
        return InstanceFormat.FJS
    return InstanceFormat.ORLIB


def _fits_fjs(line: _Line) -> bool:
    try:
        numbers = [int(token) for token in line.tokens]
    except ValueError:
        return False
    position, remaining = 1, numbers[0]
    while remaining > 0 and position < len(numbers):
        position += 1 + 2 * numbers[position]
        remaining -= 1
    return remaining == 0 and position == len(numbers)


def _size(lines: list[_Line], source: str, *, allow_average: bool) -> tuple[int, int]:
    if not lines:
        raise FileFormatError("empty instance: no size line", source=source, line=1)
    first = lines[0]
    expected = "`jobs machines [average]`" if allow_average else "`jobs machines`"
    if len(first.tokens) not in ((2, 3) if allow_average else (2,)):
        raise FileFormatError(
            f"size line must be {expected}, got {' '.join(first.tokens)!r}",
            source=source,
            line=first.number,
        )
    job_count = _integer(first.tokens[0], first, source, "number of jobs")
    machine_count = _integer(first.tokens[1], first, source, "number of machines")
    if job_count < 1 or machine_count < 1:
        message = f"need at least one job and one machine, got {job_count} {machine_count}"
        raise FileFormatError(message, source=source, line=first.number)
    return job_count, machine_count


def _integer(token: str, line: _Line, source: str, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        message = f"{what} must be an integer, got {token!r}"
        raise FileFormatError(message, source=source, line=line.number) from None


_Parsed = tuple[int, tuple[tuple[Operation, ...], ...], int]


def _expect_lines(lines: list[_Line], count: int, source: str, what: str) -> None:
    body = lines[1:]
    if len(body) < count:
        last = lines[-1].number
        message = f"expected {count} {what} lines after the size line, found {len(body)}"
        raise FileFormatError(message, source=source, line=last)
    if len(body) > count:
        message = f"unexpected data after the last of {count} {what} lines"
        raise FileFormatError(message, source=source, line=body[count].number)


def _numbers(line: _Line, count: int, source: str, what: str) -> list[int]:
    if len(line.tokens) != count:
        message = f"expected {count} numbers ({what}), found {len(line.tokens)}"
        raise FileFormatError(message, source=source, line=line.number)
    return [_integer(token, line, source, what) for token in line.tokens]


def _parse_orlib(lines: list[_Line], source: str) -> _Parsed:
    job_count, machine_count = _size(lines, source, allow_average=False)
    _expect_lines(lines, job_count, source, "job")
    jobs = []
    for line in lines[1:]:
        numbers = _numbers(line, 2 * machine_count, source, "machine duration pairs")
        pairs = zip(numbers[0::2], numbers[1::2], strict=True)
        operations = tuple(
            _operation([(machine, duration)], line, source, (0, machine_count - 1))
            for machine, duration in pairs
        )
        jobs.append(operations)
    return machine_count, tuple(jobs), lines[-1].number


def _parse_taillard(lines: list[_Line], source: str) -> _Parsed:
    job_count, machine_count = _size(lines, source, allow_average=False)
    _expect_lines(lines, 2 * job_count, source, "time and machine")
    times = lines[1 : 1 + job_count]
    machines = lines[1 + job_count :]
    jobs = []
    for time_line, machine_line in zip(times, machines, strict=True):
        durations = _numbers(time_line, machine_count, source, "processing times")
        numbers = _numbers(machine_line, machine_count, source, "machine numbers")
        operations = tuple(
            _operation([(machine, duration)], machine_line, source, (1, machine_count))
            for machine, duration in zip(numbers, durations, strict=True)
        )
        jobs.append(operations)
    return machine_count, tuple(jobs), lines[-1].number


def _parse_fjs(lines: list[_Line], source: str) -> _Parsed:
    job_count, machine_count = _size(lines, source, allow_average=True)
    _expect_lines(lines, job_count, source, "job")
    jobs = tuple(_fjs_job(line, source, machine_count) for line in lines[1:])
    return machine_count, jobs, lines[-1].number


def _fjs_job(line: _Line, source: str, machine_count: int) -> tuple[Operation, ...]:
    numbers = [_integer(token, line, source, "fjs job line") for token in line.tokens]
    operation_count, position = numbers[0], 1
    operations = []
    for index in range(operation_count):
        if position >= len(numbers):
            message = f"job line ends before operation {index + 1} of {operation_count}"
            raise FileFormatError(message, source=source, line=line.number)
        mode_count = numbers[position]
        pairs = numbers[position + 1 : position + 1 + 2 * mode_count]
        if mode_count < 1 or len(pairs) != 2 * mode_count:
            message = f"operation {index + 1} needs {mode_count} machine duration pairs"
            raise FileFormatError(message, source=source, line=line.number)
        modes = list(zip(pairs[0::2], pairs[1::2], strict=True))
        operations.append(_operation(modes, line, source, (1, machine_count)))
        position += 1 + 2 * mode_count
    if position != len(numbers):
        message = f"{len(numbers) - position} extra numbers after {operation_count} operations"
        raise FileFormatError(message, source=source, line=line.number)
    return tuple(operations)


def _operation(
    modes: list[tuple[int, int]], line: _Line, source: str, numbering: tuple[int, int]
) -> Operation:
    first, last = numbering
    for machine, duration in modes:
        problem = None
        if not first <= machine <= last:
            problem = f"machine {machine} outside {first}..{last}"
        elif duration < 0:
            problem = f"negative duration {duration} on machine {machine}"
        elif [other for other, _ in modes].count(machine) > 1:
            problem = f"machine {machine} listed twice for one operation"
        if problem:
            raise FileFormatError(problem, source=source, line=line.number)
    first_machine = first
    return Operation(tuple(Mode(machine - first_machine, duration) for machine, duration in modes))
