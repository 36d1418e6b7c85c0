"""The morning report as PDF: the self-contained HTML printed by WeasyPrint (A4)."""

from __future__ import annotations

from obeya.reports.context import MorningReport
from obeya.reports.html import render_html


def render_pdf(report: MorningReport) -> bytes:
    """The report as PDF bytes. WeasyPrint is imported here only (it is slow to load)."""
    import weasyprint

    document: bytes = weasyprint.HTML(string=render_html(report)).write_pdf()
    return document
