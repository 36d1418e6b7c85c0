"""The `obeya` command: the root Typer application and its command groups.

Each group lives in its own module and imports its heavy engine lazily, inside the
command function, so that `obeya --help` starts fast.
"""

from __future__ import annotations

import typer

from obeya.cli import jobshop, quality, simulation

app = typer.Typer(
    name="obeya",
    help="Obeya: production management for the people who run factories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.add_typer(jobshop.app, name="jobshop")
app.add_typer(quality.app, name="spc")
app.add_typer(simulation.app, name="simulate")


def run() -> None:
    """Console-script entry point."""
    app()
