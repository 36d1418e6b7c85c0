"""`obeya orders import|list|export|release|cancel`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, handle_errors, print_json

if TYPE_CHECKING:
    from obeya.domain.work_orders import OrderStatus

app = typer.Typer(no_args_is_help=True, help="Work orders: import, list, release, export.")


@app.command("import")
@handle_errors
def import_(
    file: Annotated[Path, typer.Argument(help="Orders as .csv or .xlsx.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import orders (columns id, product, quantity, due [, release, priority,
    material_available]); every row or none."""
    from obeya.bootstrap import bootstrap
    from obeya.services.orders import import_orders

    count = import_orders(bootstrap(db), file)
    if json_output:
        print_json({"imported": count})
    else:
        typer.echo(f"{count} order(s) imported from {file.name}")


@app.command("list")
@handle_errors
def list_(
    status: Annotated[
        list[str] | None, typer.Option("--status", help="Only these statuses.")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List orders by due date."""
    from obeya.bootstrap import bootstrap
    from obeya.services.order_files import order_record
    from obeya.services.orders import list_orders

    wanted = [_status(text) for text in status or []]
    records = [order_record(order) for order in list_orders(bootstrap(db), wanted)]
    if json_output:
        print_json({"orders": records})
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "product", "quantity", "due", "priority", "status")
    for record in records:
        table.add_row(
            *(str(record[key]) for key in ("id", "product", "quantity", "due")),
            str(record["priority"]),
            str(record["status"]),
        )
    Console().print(table)


def _status(text: str) -> OrderStatus:
    from obeya.domain.errors import InputError
    from obeya.domain.work_orders import OrderStatus

    try:
        return OrderStatus(text)
    except ValueError:
        names = ", ".join(item.value for item in OrderStatus)
        raise InputError(f"--status {text!r} is not one of {names}") from None


@app.command("export")
@handle_errors
def export(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help=".csv or .xlsx (default: CSV to stdout)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export every order with its status."""
    from obeya.bootstrap import bootstrap
    from obeya.services.order_files import write_order_file
    from obeya.services.orders import list_orders

    text = write_order_file(list_orders(bootstrap(db)), output)
    if text is not None:
        typer.echo(text, nl=False)


def _change(action: str, order_ids: list[str], db: str | None, json_output: bool) -> None:
    from obeya.bootstrap import bootstrap
    from obeya.services import orders

    changed = getattr(orders, f"{action}_orders")(bootstrap(db), order_ids)
    if json_output:
        print_json({"orders": [{"id": order.id, "status": str(order.status)} for order in changed]})
    else:
        for order in changed:
            typer.echo(f"{order.id}: {order.status}")


@app.command("release")
@handle_errors
def release(
    order_ids: Annotated[list[str], typer.Argument(help="Order ids.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Release planned orders to the floor (all or none)."""
    _change("release", order_ids, db, json_output)


@app.command("cancel")
@handle_errors
def cancel(
    order_ids: Annotated[list[str], typer.Argument(help="Order ids.")],
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Cancel open orders (all or none)."""
    _change("cancel", order_ids, db, json_output)
