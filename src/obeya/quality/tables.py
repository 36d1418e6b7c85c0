"""From a data table to chart inputs: subgroups, labelled points and the phase I plan.

Every check here names the file, the line and the column (or the option) at fault.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from obeya.domain.errors import FileFormatError, InputError
from obeya.quality.charts.model import FloatArray, PhasePlan
from obeya.quality.data import Table


@dataclass(frozen=True)
class Subgroups:
    """Measurements grouped by subgroup label, in order of first appearance.

    `lines` holds the file line of each subgroup's first row.
    """

    labels: tuple[str, ...]
    samples: tuple[FloatArray, ...]
    lines: tuple[int, ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """The number of measurements in each subgroup."""
        return tuple(len(sample) for sample in self.samples)


def row_labels(table: Table, subgroup_column: str | None) -> list[str]:
    """The label of each row: the subgroup column, or the row number from 1."""
    if subgroup_column is None:
        return [str(number) for number in range(1, len(table.rows) + 1)]
    return [label.strip() for label in table.texts(subgroup_column)]


def group_rows(table: Table, value_column: str, subgroup_column: str | None) -> Subgroups:
    """Group the numeric `value_column` by `subgroup_column` (each row alone without it).

    Raises:
        FileFormatError: on an unknown column or a non-numeric value (naming the line).
    """
    values = table.numbers(value_column)
    labels = row_labels(table, subgroup_column)
    grouped: dict[str, list[float]] = {}
    first_lines: dict[str, int] = {}
    for row, label, value in zip(table.rows, labels, values, strict=True):
        grouped.setdefault(label, []).append(value)
        first_lines.setdefault(label, row.line)
    if not grouped:
        raise FileFormatError("the file has no data rows", source=table.source)
    return Subgroups(
        labels=tuple(grouped),
        samples=tuple(np.array(sample, dtype=float) for sample in grouped.values()),
        lines=tuple(first_lines[label] for label in grouped),
    )


def check_equal_sizes(table: Table, groups: Subgroups, column: str, *, smallest: int) -> int:
    """The common subgroup size, at least `smallest`.

    Raises:
        FileFormatError: naming the first subgroup (and its line) that is too small or
            differs in size from the first subgroup.
    """
    first = groups.sizes[0]
    for label, size, line in zip(groups.labels, groups.sizes, groups.lines, strict=True):
        if size < smallest:
            raise FileFormatError(
                f"subgroup {label!r} has {size} measurement(s); this chart needs subgroups "
                f"of at least {smallest} (use --subgroup, or the imr chart for individuals)",
                source=table.source, line=line, key=column,
            )  # fmt: skip
        if size != first:
            raise FileFormatError(
                f"subgroup {label!r} has {size} measurements but the first has {first}; "
                "subgroups must have equal sizes",
                source=table.source, line=line, key=column,
            )  # fmt: skip
    return first


def unique_labels(table: Table, subgroup_column: str | None) -> list[str]:
    """One label per row, all distinct (attribute and individuals charts).

    Raises:
        FileFormatError: naming the line of a repeated label.
    """
    labels = row_labels(table, subgroup_column)
    seen: dict[str, int] = {}
    for row, label in zip(table.rows, labels, strict=True):
        if label in seen:
            raise FileFormatError(
                f"label {label!r} repeats (first at line {seen[label]}); this chart takes "
                "one row per point",
                source=table.source, line=row.line, key=subgroup_column,
            )  # fmt: skip
        seen[label] = row.line
    if not labels:
        raise FileFormatError("the file has no data rows", source=table.source)
    return labels


def check_counts_within_sizes(table: Table, counts: FloatArray, sizes: FloatArray) -> None:
    """Raise FileFormatError at the first row whose count exceeds its sample size."""
    for row, count, size in zip(table.rows, counts, sizes, strict=True):
        if count > size:
            raise FileFormatError(
                f"{count:g} nonconforming units in a sample of {size:g}",
                source=table.source, line=row.line,
            )  # fmt: skip


def phase_plan(labels: tuple[str, ...] | list[str], spec: str | None) -> PhasePlan:
    """The phase I plan of `--phase1 FIRST-LAST` (labels inclusive, in file order).

    A label may itself contain '-': the split is the one whose two sides are both
    labels. Without a spec every point is phase I.

    Raises:
        InputError: naming --phase1 when the range is malformed, ambiguous, names an
            unknown label, or runs backwards.
    """
    if spec is None:
        return PhasePlan.all_phase_one(len(labels))
    position = {label: index for index, label in enumerate(labels)}
    splits = [
        (position[spec[:cut]], position[spec[cut + 1 :]])
        for cut, character in enumerate(spec)
        if character == "-" and spec[:cut] in position and spec[cut + 1 :] in position
    ]
    if len(splits) != 1:
        problem = "is ambiguous" if splits else "does not name two subgroup labels of the data"
        raise InputError(f"--phase1 {spec!r} {problem}; write FIRST-LAST, e.g. 1-25")
    first, last = splits[0]
    if last < first:
        raise InputError(f"--phase1 {spec!r}: the last subgroup comes before the first")
    phase_one = tuple(first <= index <= last for index in range(len(labels)))
    return PhasePlan(phase_one=phase_one, excluded=(False,) * len(labels))
