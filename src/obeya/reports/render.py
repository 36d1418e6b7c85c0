"""The report's output formats: html, pdf, md, text, the JSON document, a terminal headline."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from obeya.domain.errors import InputError
from obeya.domain.times import format_timestamp
from obeya.reports.context import MorningReport
from obeya.reports.formatting import headline, period_text, title
from obeya.reports.html import render_html, render_report_body
from obeya.reports.markdown import render_markdown
from obeya.reports.pdf import render_pdf
from obeya.reports.text import render_text

REPORT_FORMATS = ("html", "pdf", "md", "text")


def render_report(report: MorningReport, fmt: str) -> str | bytes:
    """The report in `fmt` (html, pdf, md or text): text, or bytes for PDF.

    Raises:
        InputError: naming `--format` when the format is not one of REPORT_FORMATS.
    """
    if fmt == "html":
        return render_html(report)
    if fmt == "md":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    if fmt == "pdf":
        return render_pdf(report)
    raise InputError(f"--format {fmt!r} is not one of {', '.join(REPORT_FORMATS)}")


def report_headline(
    report: MorningReport,
) -> tuple[str, str, tuple[str, ...], list[tuple[str, str]]]:
    """(title, period, notices, [(line sentence, status)]) for a terminal view."""
    rows = [(f"{row.line_id}: {headline(row)}", row.status) for row in report.lines]
    rows.append((f"{report.total.line_id}: {headline(report.total)}", report.total.status))
    return title(report), period_text(report), report.notices, rows


def report_fragment(report: MorningReport) -> str:
    """The report's HTML fragment for the dashboard's report page."""
    return render_report_body(report)


def report_document(report: MorningReport) -> dict[str, Any]:
    """The report context as a JSON-ready dict (times RFC 3339 UTC)."""

    def plain(value: object) -> object:
        if isinstance(value, datetime):
            return format_timestamp(value)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    document: dict[str, Any] = plain(asdict(report))  # type: ignore[assignment]
    return document
