"""The morning report's quality part: alarms with point and rule, a small SVG control chart."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from tests.integration.quality_web.conftest import in_control, shifted

from obeya.reports.spc_chart import HEIGHT, WIDTH, ControlSeries, control_chart_svg
from obeya.services.events import ingest_payload
from obeya.services.quality import monitor
from obeya.services.report import morning_report, render_report
from obeya.services.runtime import Runtime

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def test_the_report_lists_the_alarm_with_its_point_and_rule_and_draws_its_chart(
    runtime: Runtime,
) -> None:
    ingest_payload(runtime, json.dumps(in_control() + shifted()).encode())
    monitor(runtime)
    report = morning_report(runtime, DAY, now=NOW)
    html = str(render_report(report, "html"))
    section = html[html.index('<section id="spc-alarms">') :]
    section = section[: section.index("</section>")]
    assert "<td>xbar subgroup 21 = 74.05</td><td>we-1</td><td>open</td>" in section
    assert section.count('<figure class="control-chart">') == 1
    assert 'aria-label="P-100.diameter xbar chart, last 21 points"' in section
    assert "21: we-1" in section
    assert "<script" not in html


def test_a_report_without_alarms_draws_no_control_chart(runtime: Runtime) -> None:
    ingest_payload(runtime, json.dumps(in_control()).encode())
    monitor(runtime)
    html = str(render_report(morning_report(runtime, DAY, now=NOW), "html"))
    assert '<figure class="control-chart">' not in html
    assert "no SPC rule violation in this period." in html


values = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=40)


@given(values, st.floats(-1e6, 1e6, allow_nan=False))
def test_every_point_of_a_report_chart_lies_inside_its_box(
    points: list[float], center: float
) -> None:
    labels = tuple(str(index) for index in range(len(points)))
    series = ControlSeries(
        "c", "imr", center, labels, tuple(points), (None,) * len(points), (None,) * len(points),
        {labels[-1]: ("we-1",)},
    )  # fmt: skip
    svg = control_chart_svg(series)
    for pair in svg.values.split():
        x, y = map(float, pair.split(","))
        assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    assert 0 <= svg.center_y <= HEIGHT
    assert [marker.text for marker in svg.markers] == [f"{labels[-1]}: we-1"]
    assert re.fullmatch(r"[-0-9.e+]+", svg.top_text)
