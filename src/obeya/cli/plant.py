"""`obeya init` and `obeya plant validate|show|export`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, fail, handle_errors, print_json

app = typer.Typer(no_args_is_help=True, help="Check, show and export the plant model.")

PlantFileArgument = Annotated[Path, typer.Argument(help="Plant file (YAML, format 1).")]


def read_text(path: Path) -> str:
    """The text of a file; unreadable -> exit 2 with the reason."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"cannot read {path}: {error}") from None


@app.command("validate")
@handle_errors
def validate(
    file: PlantFileArgument,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Check a plant file; errors name the key path and the line (exit 2)."""
    from obeya.plantfile import PlantFileError
    from obeya.services.plant import plant_summary, validate_plant

    try:
        check = validate_plant(read_text(file), source=file.name, strict=strict)
    except PlantFileError as error:
        if json_output:
            problems = [str(problem) for problem in error.problems]
            print_json({"valid": False, "errors": problems, "warnings": []})
        raise
    assert check.plant is not None
    summary = plant_summary(check.plant)
    warnings = [str(warning) for warning in check.warnings]
    if json_output:
        print_json({"valid": True, "counts": summary["counts"], "errors": [], "warnings": warnings})
        return
    counts = ", ".join(f"{value} {key}" for key, value in summary["counts"].items())
    typer.echo(f"{file.name}: valid ({counts})")
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


@app.command("show")
@handle_errors
def show(db: DbOption = None, json_output: JsonOption = False) -> None:
    """Show the plant in force: site, lines, machines."""
    from obeya.bootstrap import bootstrap
    from obeya.services.plant import plant_summary

    summary = plant_summary(bootstrap(db).plant())
    if json_output:
        print_json(summary)
        return
    from rich.console import Console
    from rich.tree import Tree

    site = summary["site"]
    tree = Tree(f"[bold]{site['name']}[/] ({site['id']}, {site['timezone']})")
    for area in summary["areas"]:
        branch = tree.add(f"area {area['id']}")
        for line in area["lines"]:
            twig = branch.add(f"line {line['id']}: {line['name']}")
            for machine in line["machines"]:
                kind = f" [{machine['class']}]" if machine["class"] else ""
                twig.add(f"{machine['id']}: {machine['name']}{kind}")
    Console().print(tree)


@app.command("export")
@handle_errors
def export(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write.")] = None,
    db: DbOption = None,
) -> None:
    """Write the plant in force as a plant file (to standard output by default)."""
    from obeya.bootstrap import bootstrap
    from obeya.services.plant import export_current

    text = export_current(bootstrap(db))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@handle_errors
def init(
    plant: Annotated[Path | None, typer.Option("--plant", help="Plant file to load.")] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Create or migrate the database and load a plant file."""
    from obeya.bootstrap import bootstrap, database_url
    from obeya.services.plant import init_database

    text = None if plant is None else read_text(plant)
    loaded = init_database(bootstrap(db), text, source=plant.name if plant else "plant.yaml")
    answer = {
        "database": database_url(db),
        "plant": None if loaded is None else loaded.site.id,
        "machines": 0 if loaded is None else len(loaded.machines),
    }
    if json_output:
        print_json(answer)
    else:
        what = f"plant {answer['plant']} loaded" if loaded else "schema up to date"
        typer.echo(f"{answer['database']}: {what}")
