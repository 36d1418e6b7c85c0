"""`obeya user create`."""

from __future__ import annotations

from typing import Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

app = typer.Typer(no_args_is_help=True, help="API users and their tokens.")


@app.command("create")
@handle_errors
def create(
    name: Annotated[str, typer.Argument(help="User name (an identifier).")],
    role: Annotated[
        str,
        typer.Option(help="viewer, operator, supervisor, planner, manager or admin."),
    ],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Create a user and print its API token once (only its hash is stored)."""
    from obeya.bootstrap import bootstrap
    from obeya.services.users import create_user

    token = create_user(bootstrap(db), name, role)
    if json_output:
        print_json({"name": name, "role": role.lower(), "token": token})
    else:
        typer.echo(f"user {name} ({role.lower()}) created; token (shown only now):")
        typer.echo(token)
