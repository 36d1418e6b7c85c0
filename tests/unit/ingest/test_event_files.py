"""JSONL and CSV event files, and `ingest_file` feeding a sink in batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ingest_fakes import MemorySink

from obeya.domain.errors import InputError
from obeya.domain.events import CountRecorded, MeasurementRecorded, RejectedEvent
from obeya.ingest.files import ingest_file, read_csv_events, read_jsonl


def line(event_id: str, **changes: object) -> str:
    obj: dict[str, object] = {
        "id": event_id,
        "ts": "2026-11-24T07:40:00Z",
        "machine": "L1-CNC1",
        "kind": "count",
        "good": 1,
    }
    obj.update(changes)
    return json.dumps(obj)


def test_a_bad_jsonl_line_is_rejected_with_its_line_number_and_the_rest_is_read() -> None:
    lines = [line("a"), "", "# comment", "{broken", line("b", good=-2), line("c")]
    items = list(read_jsonl(lines, name="shift.jsonl"))
    assert [item.event_id for item in items if not isinstance(item, RejectedEvent)] == ["a", "c"]
    rejects = [item for item in items if isinstance(item, RejectedEvent)]
    assert [reject.source for reject in rejects] == ["shift.jsonl:4", "shift.jsonl:5"]
    assert rejects[0].raw == "{broken" and "malformed JSON" in rejects[0].reason
    assert (
        rejects[1].event_id == "b" and "good must be an integer >= 0, got -2" in rejects[1].reason
    )


def test_csv_cells_convert_by_key_and_empty_cells_are_absent() -> None:
    rows = [
        "id,ts,machine,kind,good,scrap,product,characteristic,value",
        "c1,2026-11-24T07:40:00Z,L1-CNC1,count,12,,P-100,,",
        "m1,2026-11-24T07:41:00Z,L1-CNC1,measurement,,,,bore-d,74.012",
    ]
    count, measurement = list(read_csv_events(rows))
    assert isinstance(count, CountRecorded)
    assert (count.good_count, count.scrap_count, count.product_id) == (12, 0, "P-100")
    assert isinstance(measurement, MeasurementRecorded) and measurement.value == 74.012


def test_a_csv_cell_that_is_not_a_number_is_rejected_naming_the_key_and_line() -> None:
    rows = ["id,ts,machine,kind,good", "c1,2026-11-24T07:40:00Z,L1-CNC1,count,twelve"]
    (reject,) = list(read_csv_events(rows, name="counts.csv"))
    assert isinstance(reject, RejectedEvent)
    assert reject.source == "counts.csv:2"
    assert "good must be an integer >= 0, got 'twelve'" in reject.reason


def test_a_csv_row_with_too_many_cells_is_rejected() -> None:
    rows = ["id,ts,machine,kind,good", "c1,2026-11-24T07:40:00Z,L1-CNC1,count,1,surplus"]
    (reject,) = list(read_csv_events(rows, name="counts.csv"))
    assert isinstance(reject, RejectedEvent) and "more cells" in reject.reason


def test_a_csv_without_an_id_column_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"counts\.csv: line 1: the CSV header must name"):
        list(read_csv_events(["when,what"], name="counts.csv"))


def test_the_machine_option_fills_a_missing_csv_machine_column() -> None:
    rows = ["id,ts,kind,good", "c1,2026-11-24T07:40:00Z,count,3"]
    (count,) = list(read_csv_events(rows, machine_id="L1-SAW"))
    assert isinstance(count, CountRecorded) and count.machine_id == "L1-SAW"


def test_ingesting_a_file_feeds_the_sink_in_batches_and_counts_everything(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [line(f"e{n}") for n in range(25)] + ["nonsense"]
    path.write_text("\n".join(lines) + "\n")
    sink = MemorySink()
    result = ingest_file(path, "jsonl", sink, batch_size=10)
    assert (result.accepted, result.duplicates, result.rejected) == (25, 0, 1)
    assert sink.batch_count == 3
    assert result.errors[0].startswith("events.jsonl:26: malformed JSON")


def test_ingesting_the_same_file_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(line(f"e{n}") for n in range(7)))
    sink = MemorySink()
    ingest_file(path, "jsonl", sink)
    again = ingest_file(path, "jsonl", sink)
    assert (again.accepted, again.duplicates) == (0, 7)
    assert len(sink.events) == 7


def test_an_unknown_machine_is_rejected_when_the_plant_is_known(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text(line("a") + "\n" + line("b", machine="L9-X") + "\n")
    result = ingest_file(path, "jsonl", MemorySink(), known_machines={"L1-CNC1"})
    assert (result.accepted, result.rejected) == (1, 1)
    assert "machine 'L9-X' is not a machine of the plant" in result.errors[0]


@pytest.mark.parametrize(
    ("fmt", "machine", "message"),
    [
        ("xml", None, "format 'xml' is not one of jsonl, csv, shdr"),
        ("shdr", None, "--machine is required for SHDR"),
    ],
)
def test_bad_options_are_input_errors(
    tmp_path: Path, fmt: str, machine: str | None, message: str
) -> None:
    path = tmp_path / "x.txt"
    path.write_text("")
    with pytest.raises(InputError, match=message):
        ingest_file(path, fmt, MemorySink(), machine_id=machine)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        ingest_file(tmp_path / "absent.jsonl", "jsonl", MemorySink())


@settings(max_examples=30, deadline=None)
@given(ids=st.lists(st.integers(0, 40), max_size=60), batch=st.integers(1, 20))
def test_batch_size_never_changes_what_is_stored(ids: list[int], batch: int) -> None:
    lines = [line(f"e{n}") for n in ids]
    sink = MemorySink()
    from obeya.ingest.files import ingest_items

    result = ingest_items(read_jsonl(lines), sink, batch_size=batch)
    assert result.accepted == len(set(ids))
    assert result.duplicates == len(ids) - len(set(ids))
