"""The morning report as plain text for a terminal: aligned columns, no colour needed."""

from __future__ import annotations

from obeya.reports.context import MorningReport
from obeya.reports.formatting import headline, period_text, title
from obeya.reports.sections import Section, report_sections

MAX_CELL = 48


def _clip(cell: str) -> str:
    flat = " ".join(cell.split())
    return flat if len(flat) <= MAX_CELL else flat[: MAX_CELL - 1] + "…"


def _table(section: Section) -> list[str]:
    if not section.rows:
        return [f"  ({section.empty})"]
    rows = [section.headers, *((_clip(cell) for cell in row) for row in section.rows)]
    table = [tuple(row) for row in rows]
    widths = [max(len(row[index]) for row in table) for index in range(len(section.headers))]
    lines = [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in table
    ]
    lines.insert(1, "  " + "  ".join("-" * width for width in widths))
    return [line.rstrip() for line in lines]


def render_text(report: MorningReport) -> str:
    """The whole report as plain text (UTF-8)."""
    heading = title(report)
    out = [heading, "=" * len(heading), period_text(report), ""]
    out += [f"! {notice}" for notice in report.notices]
    out += ["", "Headline", "--------"]
    out += [f"  {row.line_id}: {headline(row)}" for row in report.lines]
    out.append(f"  {report.total.line_id}: {headline(report.total)}")
    for section in report_sections(report):
        out += ["", section.title, "-" * len(section.title)]
        out += [f"  {sentence}" for sentence in section.sentences]
        out += _table(section)
    return "\n".join(out) + "\n"
