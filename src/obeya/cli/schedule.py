"""`obeya schedule solve|reschedule|show|gantt|publish` (being written)."""

from __future__ import annotations

import typer

app = typer.Typer(no_args_is_help=True, help="Finite-capacity plant scheduling.")
