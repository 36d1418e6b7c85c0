"""Reading SPC data files: layouts, and errors that name the file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError, InputError
from obeya.quality.data import parse_table, read_table


@pytest.mark.parametrize(
    "text",
    [
        "sample,width\n1,2.5\n2,3.5\n",
        "sample\twidth\n1\t2.5\n2\t3.5\n",
        "sample width\n 1  2.5\n2 3.5\n",
    ],
    ids=["comma", "tab", "spaces"],
)
def test_comma_tab_and_space_separated_files_read_alike(text: str) -> None:
    table = parse_table(text, source="t")
    assert table.columns == ("sample", "width")
    assert table.numbers("width") == [2.5, 3.5]
    assert [row.line for row in table.rows] == [2, 3]


def test_blank_lines_are_skipped_but_line_numbers_stay_true() -> None:
    table = parse_table("x\n\n1\n\nabc\n", source="gaps.csv")
    with pytest.raises(FileFormatError, match=r"gaps.csv: x: 'abc' is not a number \(line 5\)"):
        table.numbers("x")


def test_an_unknown_column_is_refused_listing_the_columns() -> None:
    table = parse_table("a,b\n1,2\n", source="t.csv")
    with pytest.raises(
        FileFormatError, match=r"t\.csv: diameter: no such column; the columns are: a, b"
    ):
        table.numbers("diameter")


@pytest.mark.parametrize(
    ("cell", "problem"),
    [("", "empty"), ("nan", "not a finite number"), ("1.5", "whole number"), ("-2", "negative")],
)
def test_bad_counts_are_refused_naming_line_and_column(cell: str, problem: str) -> None:
    table = parse_table(f"lot,count\n1,3\n2,{cell}\n", source="c.csv")
    with pytest.raises(FileFormatError, match=rf"c.csv: count: .*{problem}.*\(line 3\)"):
        table.counts("count")


def test_zero_sample_sizes_are_refused() -> None:
    table = parse_table("n\n5\n0\n", source="s.csv")
    with pytest.raises(FileFormatError, match=r"sample size must be positive.*\(line 3\)"):
        table.sizes("n")


def test_a_row_with_missing_fields_is_refused_naming_its_line() -> None:
    with pytest.raises(FileFormatError, match=r"expected 2 fields, found 1 \(line 3\)"):
        parse_table("a,b\n1,2\n3\n", source="t.csv")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(FileFormatError, match="empty"):
        parse_table("\n\n", source="t.csv")


def test_repeated_column_names_are_refused() -> None:
    with pytest.raises(FileFormatError, match="unique"):
        parse_table("a,a\n1,2\n", source="t.csv")


def test_a_missing_file_is_an_input_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.csv"
    with pytest.raises(InputError, match=r"nothing\.csv: cannot read"):
        read_table(missing)
