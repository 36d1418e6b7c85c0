"""The `obeya` command: the root Typer application and its command groups.

Each group lives in its own module and imports its heavy engine lazily, inside the
command function, so that `obeya --help` starts fast.
"""

from __future__ import annotations

import typer

from obeya.cli import (
    events,
    floor,
    jobshop,
    kpi,
    orders,
    plant,
    quality,
    report,
    schedule,
    server,
    simulation,
    users,
)

app = typer.Typer(
    name="obeya",
    help="Obeya: production management for the people who run factories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

app.command("demo")(server.demo)
app.command("init")(plant.init)
app.command("serve")(server.serve)
app.command("ingest")(events.ingest)
app.add_typer(plant.app, name="plant")
app.add_typer(orders.app, name="orders")
app.add_typer(users.app, name="user")
app.add_typer(events.app, name="events")
app.add_typer(kpi.app, name="kpi")
app.add_typer(floor.actions_app, name="action")
app.add_typer(floor.incidents_app, name="incident")
app.add_typer(schedule.app, name="schedule")
app.add_typer(report.app, name="report")
app.add_typer(jobshop.app, name="jobshop")
app.add_typer(quality.app, name="spc")
app.add_typer(quality.nc_app, name="nc")
app.add_typer(simulation.app, name="simulate")


def run() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    run()
