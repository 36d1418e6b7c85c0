"""`obeya report shift|daily`: the morning report as HTML, PDF, Markdown or text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from obeya.cli.common import DbOption, JsonOption, fail, handle_errors, print_json

if TYPE_CHECKING:
    from obeya.reports.context import MorningReport

STATUS_STYLES = {"green": "green", "amber": "yellow", "red": "bold red"}
app = typer.Typer(no_args_is_help=True, help="The morning report.")

DateOption = Annotated[
    str | None,
    typer.Option("--date", help="Production day YYYY-MM-DD (default: the last complete one)."),
]
ScopeOption = Annotated[str, typer.Option(help="site, area:ID or line:ID.")]


def _write(content: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(content, bytes):
            raise fail("--format pdf needs -o FILE (PDF is not printed to a terminal)")
        sys.stdout.write(content)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def _print_rich(report: MorningReport) -> None:
    """The report in the terminal with rich tables (user text is never read as markup)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from obeya.services.report import report_headline, report_sections

    console = Console()
    title, period, notices, headline = report_headline(report)
    console.rule(Text(title, style="bold"))
    console.print(Text(period, style="dim"))
    for notice in notices:
        console.print(Text(f"! {notice}", style="yellow"))
    for line_text, status in headline:
        console.print(Text(f"  {line_text}", style=STATUS_STYLES.get(status, "")))
    for section in report_sections(report):
        table = Table(title=section.title, title_justify="left", show_edge=False)
        for header in section.headers:
            table.add_column(header)
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print()
        for sentence in section.sentences:
            console.print(Text(sentence, style="dim"))
        console.print(table if section.rows else Text(f"{section.title}: {section.empty}"))


@app.command("shift")
@handle_errors
def shift(
    date: DateOption = None,
    shift_id: Annotated[
        str | None, typer.Option("--shift", help="One shift of the day (default: all).")
    ] = None,
    scope: ScopeOption = "site",
    fmt: Annotated[str, typer.Option("--format", help="html, pdf, md or text.")] = "text",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """The morning report of a production day or one shift."""
    from obeya.bootstrap import bootstrap
    from obeya.services.report import (
        REPORT_FORMATS,
        morning_report,
        parse_report_date,
        render_report,
        report_document,
    )

    if fmt not in REPORT_FORMATS:
        raise fail(f"--format {fmt!r} is not one of {', '.join(REPORT_FORMATS)}")
    day = parse_report_date(date) if date else None
    report = morning_report(bootstrap(db), day, shift_id, scope)
    if json_output:
        print_json(report_document(report))
        return
    if fmt == "text" and output is None and sys.stdout.isatty():
        _print_rich(report)
        return
    _write(render_report(report, fmt), output)


@app.command("daily")
@handle_errors
def daily(
    to_dir: Annotated[Path, typer.Option("--to-dir", help="Folder to write the files into.")],
    date: DateOption = None,
    scope: ScopeOption = "site",
    formats: Annotated[str, typer.Option(help="Comma-separated formats to write.")] = "html,pdf,md",
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write the day's report files `morning-report-DATE.{html,pdf,md}` (for cron)."""
    from obeya.bootstrap import bootstrap
    from obeya.services.report import (
        REPORT_FORMATS,
        morning_report,
        parse_report_date,
        render_report,
    )

    chosen = [item.strip() for item in formats.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in REPORT_FORMATS]
    if unknown or not chosen:
        raise fail(f"--formats {formats!r}: each must be one of {', '.join(REPORT_FORMATS)}")
    day = parse_report_date(date) if date else None
    report = morning_report(bootstrap(db), day, None, scope)
    stem = f"morning-report-{report.period_label}".replace("/", "-").replace(" ", "-")
    suffixes = {"html": "html", "pdf": "pdf", "md": "md", "text": "txt"}
    written = []
    for fmt in chosen:
        path = to_dir / f"{stem}.{suffixes[fmt]}"
        _write(render_report(report, fmt), path)
        written.append(str(path))
    if json_output:
        print_json({"files": written, "period": report.period_label, "scope": report.scope})
