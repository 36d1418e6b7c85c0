"""The report renderers: numbers and times for people, escaping, traffic lights, periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obeya.domain.calendars import Calendar, Shift
from obeya.domain.errors import InputError
from obeya.reports.adherence import traffic_light
from obeya.reports.context import LineRow, MorningReport, StopRow
from obeya.reports.formatting import minutes, output_vs_plan, percent
from obeya.reports.html import render_html
from obeya.reports.markdown import escape_markdown, render_markdown
from obeya.reports.period import parse_report_date, report_period
from obeya.reports.text import render_text

TWO_SHIFTS = Calendar(
    shifts=(
        Shift("early", time(6), time(14), (0, 1, 2, 3, 4)),
        Shift("night", time(22), time(6), (0, 1, 2, 3, 4)),
    )
)


def line_row(key: str = "L1", oee: float | None = 0.5, planned: float | None = 100) -> LineRow:
    return LineRow(key, "Shaft line", planned, 80, 78, 2, 0.8, 0.7, 0.975, oee, 0.6, "red")


def small_report(comment: str = "ok") -> MorningReport:
    at = datetime(2026, 11, 24, 6, tzinfo=UTC)
    stop = StopRow("L1-CNC1", at, at.replace(hour=7), 3600.0, "spindle", comment)
    return MorningReport(
        site_name="Demo <Works>",
        timezone="Europe/Berlin",
        scope="site",
        period_label="2026-11-24",
        start_at=at,
        end_at=at.replace(day=25),
        generated_at=at.replace(day=25),
        lines=(line_row(),),
        total=line_row("site"),
        long_stops=(stop,),
    )


def test_a_ratio_without_denominator_prints_as_not_available() -> None:
    assert percent(None) == "n/a"
    assert percent(0.6134) == "61.3 %"


def test_durations_print_as_hours_and_minutes() -> None:
    assert minutes(3900) == "1 h 05 min"
    assert minutes(42 * 60) == "42 min"


def test_output_against_plan_states_the_share_of_plan() -> None:
    assert output_vs_plan(line_row()) == "80 of 100 planned (80.0 %)"
    assert output_vs_plan(line_row(planned=None)) == "80 produced (no plan)"


def test_the_traffic_light_is_green_at_target_amber_close_to_it_and_red_below() -> None:
    assert traffic_light(0.80, 0.80) == "green"
    assert traffic_light(0.75, 0.80) == "amber"
    assert traffic_light(0.50, 0.80) == "red"
    assert traffic_light(None, 0.80) == "none"
    assert traffic_light(0.5, None) == "none"


@given(st.floats(0, 2, allow_nan=False), st.floats(0.01, 1, allow_nan=False))
def test_a_higher_oee_never_gets_a_worse_light(oee: float, target: float) -> None:
    rank = {"red": 0, "amber": 1, "green": 2}
    assert rank[traffic_light(oee + 0.01, target)] >= rank[traffic_light(oee, target)]


def test_a_comment_with_a_script_tag_stays_text_in_html_and_markdown() -> None:
    report = small_report("<script>alert(1)</script>")
    html = render_html(report)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Demo &lt;Works&gt;" in html
    assert "<script>" not in render_markdown(report)


def test_a_pipe_in_user_text_cannot_break_a_markdown_table() -> None:
    assert escape_markdown("a | b\nc") == "a \\| b c"


def test_every_renderer_shows_the_long_stop_and_its_reason() -> None:
    report = small_report()
    for text in (render_html(report), render_markdown(report), render_text(report)):
        assert "L1-CNC1" in text
        assert "spindle" in text
        assert "1 h 00 min" in text


def test_the_html_report_is_self_contained_with_an_inline_svg_chart() -> None:
    html = render_html(small_report())
    assert "<svg" in html
    assert "<script" not in html
    assert 'src="http' not in html and "<link" not in html


def test_the_production_day_runs_from_the_first_shift_start_to_the_last_shift_end() -> None:
    period = report_period(TWO_SHIFTS, "Europe/Berlin", date(2026, 11, 24))
    assert period.start_at == datetime(2026, 11, 24, 5, tzinfo=UTC)
    assert period.end_at == datetime(2026, 11, 25, 5, tzinfo=UTC)
    assert period.notices == ()


def test_one_shift_gives_that_shift_only() -> None:
    period = report_period(TWO_SHIFTS, "Europe/Berlin", date(2026, 11, 24), "night")
    assert period.start_at == datetime(2026, 11, 24, 21, tzinfo=UTC)
    assert period.end_at == datetime(2026, 11, 25, 5, tzinfo=UTC)


def test_a_day_without_shifts_says_so_and_shows_the_calendar_day() -> None:
    period = report_period(TWO_SHIFTS, "Europe/Berlin", date(2026, 11, 28))
    assert period.start_at == datetime(2026, 11, 27, 23, tzinfo=UTC)
    assert "no shift is planned on 2026-11-28" in period.notices[0]


def test_an_unknown_shift_is_an_input_error_naming_the_option() -> None:
    with pytest.raises(InputError, match="--shift 'late'"):
        report_period(TWO_SHIFTS, "Europe/Berlin", date(2026, 11, 24), "late")


def test_a_date_that_is_not_a_calendar_date_names_the_option() -> None:
    with pytest.raises(InputError, match="--date '2026-13-01'"):
        parse_report_date("2026-13-01")
