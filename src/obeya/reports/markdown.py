"""The morning report as Markdown (GitHub flavour): headline, then one table per section."""

from __future__ import annotations

from obeya.reports.context import MorningReport
from obeya.reports.formatting import headline, period_text, title
from obeya.reports.sections import Section, report_sections

_ESCAPES = str.maketrans({"|": "\\|", "<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "})


def escape_markdown(text: str) -> str:
    """Make user text safe inside a Markdown table cell (no pipes, no raw HTML)."""
    return text.translate(_ESCAPES)


def _table(section: Section) -> list[str]:
    if not section.rows:
        return [f"_{section.empty}_"]
    header = "| " + " | ".join(section.headers) + " |"
    rule = "|" + "|".join("---" for _ in section.headers) + "|"
    body = ["| " + " | ".join(escape_markdown(cell) for cell in row) + " |" for row in section.rows]
    return [header, rule, *body]


def render_markdown(report: MorningReport) -> str:
    """The whole report as one Markdown document."""
    out = [f"# {escape_markdown(title(report))}", "", period_text(report), ""]
    out += [f"> {escape_markdown(notice)}" for notice in report.notices]
    out += ["", "## Headline", ""]
    out += [
        f"- **{row.line_id}** {escape_markdown(row.name)}: {headline(row)}" for row in report.lines
    ]
    out.append(f"- **{report.total.line_id}**: {headline(report.total)}")
    for section in report_sections(report):
        out += ["", f"## {section.title}", ""]
        out += [escape_markdown(sentence) for sentence in section.sentences]
        out += _table(section)
    return "\n".join(out) + "\n"
