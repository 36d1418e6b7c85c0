"""Reading SPC data tables: CSV, tab-separated or whitespace-separated, with a header line.

The separator is decided by the header line: a comma makes it CSV, else a tab makes it
tab-separated, else any run of spaces separates the fields (the layout of the R package
qcc's data files). Blank lines are skipped. Every error names the file, the line and
the column.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from obeya.domain.errors import FileFormatError, InputError


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the file (from 1) and its cells by column."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A table read from a file: the column names and the rows in file order."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def check_column(self, column: str) -> None:
        """Raise FileFormatError naming `column` when the table has no such column."""
        if column not in self.columns:
            known = ", ".join(self.columns)
            raise FileFormatError(
                f"no such column; the columns are: {known}", source=self.source, key=column
            )

    def texts(self, column: str) -> list[str]:
        """The cells of a column as text, in file order.

        Raises:
            FileFormatError: when the column does not exist.
        """
        self.check_column(column)
        return [row.cells[column] for row in self.rows]

    def numbers(self, column: str) -> list[float]:
        """The cells of a column as finite floats.

        Raises:
            FileFormatError: naming the line and column of an empty or non-numeric cell.
        """
        self.check_column(column)
        return [self._number(row, column) for row in self.rows]

    def counts(self, column: str) -> list[int]:
        """The cells of a column as counts (whole numbers >= 0).

        Raises:
            FileFormatError: naming the line and column of a cell that is not a count.
        """
        self.check_column(column)
        result: list[int] = []
        for row in self.rows:
            value = self._number(row, column)
            if value < 0:
                self._fail(row, column, f"a count cannot be negative, got {value:g}")
            if value != int(value):
                self._fail(row, column, f"a count must be a whole number, got {value:g}")
            result.append(int(value))
        return result

    def sizes(self, column: str) -> list[float]:
        """The cells of a column as sample sizes (numbers > 0).

        Raises:
            FileFormatError: naming the line and column of a cell that is not positive.
        """
        values = self.numbers(column)
        for row, value in zip(self.rows, values, strict=True):
            if value <= 0:
                self._fail(row, column, f"a sample size must be positive, got {value:g}")
        return values

    def _number(self, row: Row, column: str) -> float:
        text = row.cells[column].strip()
        if not text:
            self._fail(row, column, "the cell is empty; a number is needed")
        try:
            value = float(text)
        except ValueError:
            self._fail(row, column, f"{text!r} is not a number")
        if not math.isfinite(value):
            self._fail(row, column, f"{text!r} is not a finite number")
        return value

    def _fail(self, row: Row, column: str, problem: str) -> NoReturn:
        raise FileFormatError(problem, source=self.source, line=row.line, key=column)


def read_table(path: Path) -> Table:
    """Read a data table from a file.

    Raises:
        InputError: when the file cannot be read.
        FileFormatError: when it has no header, or a row has the wrong number of fields.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the data file: {error}") from error
    return parse_table(text, source=str(path))


def parse_table(text: str, *, source: str) -> Table:
    """Parse the text of a data table (see the module docstring for the layout).

    Raises:
        FileFormatError: when there is no header, a column name repeats, or a row has
            the wrong number of fields.
    """
    numbered = list(_split_lines(text))
    if not numbered:
        raise FileFormatError("the file is empty; a header line is needed", source=source)
    header_line, header = numbered[0]
    if len(set(header)) != len(header) or "" in header:
        raise FileFormatError(
            "column names must be present and unique", source=source, line=header_line
        )
    rows: list[Row] = []
    for line, fields in numbered[1:]:
        if len(fields) != len(header):
            raise FileFormatError(
                f"expected {len(header)} fields, found {len(fields)}", source=source, line=line
            )
        rows.append(Row(line=line, cells=dict(zip(header, fields, strict=True))))
    return Table(source=source, columns=tuple(header), rows=tuple(rows))


def _split_lines(text: str) -> Iterator[tuple[int, list[str]]]:
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if "," in first or "\t" in first:
        delimiter = "," if "," in first else "\t"
        for number, line in enumerate(lines, start=1):
            if line.strip():
                fields = next(csv.reader(io.StringIO(line), delimiter=delimiter))
                yield number, [field.strip() for field in fields]
        return
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line.split()
