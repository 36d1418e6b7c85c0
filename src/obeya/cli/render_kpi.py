"""Terminal tables for KPI answers."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _ratio(value: object) -> str:
    return "-" if value is None else f"{float(str(value)) * 100:.1f} %"


def _hours(seconds: object) -> str:
    return f"{float(str(seconds)) / 3600:.2f} h"


def print_oee(answer: dict[str, Any]) -> None:
    """OEE rows and the total as a table."""
    table = Table(title=f"OEE {answer['scope']}  {answer['from']} .. {answer['to']}")
    for column in ("key", "PBT", "APT", "ADET", "AUST", "ADOT", "good", "scrap"):
        table.add_column(column, justify="left" if column == "key" else "right")
    for column in ("A", "E", "Q", "OEE"):
        table.add_column(column, justify="right")
    for row in [*answer["rows"], answer["total"]]:
        table.add_row(
            str(row["key"]),
            _hours(row["pbt_s"]),
            _hours(row["apt_s"]),
            _hours(row["adet_s"]),
            _hours(row["aust_s"]),
            _hours(row["adot_s"]),
            str(row["gq"]),
            str(row["sq"]),
            _ratio(row["availability"]),
            _ratio(row["effectiveness"]),
            _ratio(row["quality"]),
            _ratio(row["oee"]),
        )
    Console().print(table)
