"""Terminal tables for KPI answers."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _console() -> Console:
    """A console; when output is not a terminal, wide enough for the tables."""
    console = Console()
    return console if console.is_terminal else Console(width=160)


def _ratio(value: object) -> str:
    return "-" if value is None else f"{float(str(value)) * 100:.1f}%"


def _hours(seconds: object) -> str:
    return f"{float(str(seconds)) / 3600:.1f}"


def print_oee(answer: dict[str, Any]) -> None:
    """OEE rows and the total as a table."""
    table = Table(title=f"OEE {answer['scope']}  {answer['from']} .. {answer['to']}")
    table.add_column("key", no_wrap=True)
    for column in ("PBT h", "APT h", "ADET h", "AUST h", "ADOT h", "good", "scrap"):
        table.add_column(column, justify="right")
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
    _console().print(table)


def print_bottleneck(answer: dict[str, Any]) -> None:
    """Sole and shifting bottleneck shares per machine."""
    table = Table(title=f"Bottleneck {answer.get('line')}: {answer.get('bottleneck')}")
    for column in ("machine", "sole", "shifting", "active"):
        table.add_column(column, justify="left" if column == "machine" else "right")
    for row in answer.get("machines", []):
        table.add_row(
            str(row["machine"]),
            _ratio(row.get("sole_share")),
            _ratio(row.get("shifting_share")),
            _ratio(row.get("active_share")),
        )
    _console().print(table)


def print_losses(answer: dict[str, Any]) -> None:
    """The downtime Pareto, the six big losses and the unexplained stops."""
    console = _console()
    pareto = Table(title=f"Downtime Pareto {answer['scope']}")
    for column in ("reason", "element", "minutes", "stops", "share"):
        pareto.add_column(column, justify="left" if column in ("reason", "element") else "right")
    for row in answer["pareto"]:
        pareto.add_row(
            str(row["reason"]),
            str(row["element"]),
            f"{row['duration_s'] / 60:.1f}",
            str(row["stop_count"]),
            _ratio(row["share"]),
        )
    console.print(pareto)
    losses = Table(title="Six big losses")
    losses.add_column("loss")
    losses.add_column("hours", justify="right")
    for key, value in answer["six_big_losses"].items():
        if key.endswith("_s") and key != "micro_stop_threshold_s":
            losses.add_row(key.removesuffix("_s"), "-" if value is None else _hours(value))
    console.print(losses)
    console.print(f"unexplained stops: {len(answer['unexplained_stops'])}")
