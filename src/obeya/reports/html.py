"""The morning report as one self-contained HTML page (inline CSS and SVG, no scripts).

The same page body is embedded in the dashboard's report page; WeasyPrint prints it to
PDF. Jinja2 autoescaping is on: every user text (comments, titles) stays text.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from obeya.reports import formatting
from obeya.reports.charts import BAR_HEIGHT, oee_chart, pareto_chart
from obeya.reports.context import MorningReport
from obeya.reports.sections import report_sections
from obeya.reports.spc_chart import control_chart_svg


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The Jinja2 environment of the report templates (autoescaping on)."""
    env = Environment(
        loader=PackageLoader("obeya.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["fmt"] = formatting
    return env


def report_body_context(report: MorningReport) -> dict[str, Any]:
    """What `report_body.html` needs: the report, its sections and its charts."""
    return {
        "report": report,
        "sections": report_sections(report),
        "pareto": pareto_chart(report.losses),
        "oee_chart": oee_chart(report.lines),
        "bar_height": BAR_HEIGHT,
        "control_charts": [control_chart_svg(series) for series in report.control_charts],
    }


def render_report_body(report: MorningReport) -> str:
    """The report's HTML fragment (no <html>), for embedding in the dashboard."""
    template = environment().get_template("report_body.html")
    return template.render(**report_body_context(report))


def render_html(report: MorningReport) -> str:
    """The whole report as a self-contained HTML document."""
    template = environment().get_template("report.html")
    return template.render(body=render_report_body(report), title=formatting.title(report))
