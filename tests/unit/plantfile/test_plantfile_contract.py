"""The contract example of CONTRACTS.md section 1 loads, and means what it says."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from obeya.domain.errors import FileFormatError
from obeya.domain.reasons import ReasonCategory
from obeya.plantfile import PlantFileError, check_plant, load_plant, load_plant_file

from .examples import CONTRACT_EXAMPLE, VALID_PLANT


def test_the_contract_example_loads_into_the_plant_it_describes() -> None:
    plant = load_plant(CONTRACT_EXAMPLE)
    assert plant.site.timezone == "Europe/Berlin"
    assert [machine.id for machine in plant.machines] == ["L1-SAW", "L1-CNC1"]
    assert plant.machine("L1-CNC1").machine_class == "lathe"
    assert plant.line("L1").area_id == "machining"
    assert plant.product("P-100").step(20).cycle_s == {"L1-CNC1": 95.0, "L1-CNC2": 110.0}
    assert plant.product("P-100").step(10).setup_min == 10.0
    assert plant.worker("W001").shift_ids == ("early",)


def test_the_contract_example_shift_crosses_midnight_and_keeps_its_breaks() -> None:
    plant = load_plant(CONTRACT_EXAMPLE)
    early, night = plant.calendar.shifts
    assert (early.start, early.end, early.weekdays) == (time(6), time(14), (0, 1, 2, 3, 4))
    assert [(pause.start, pause.minutes) for pause in early.breaks] == [
        (time(9), 15),
        (time(12), 30),
    ]
    assert night.crosses_midnight


def test_a_closure_with_an_offset_is_stored_in_utc() -> None:
    closure = load_plant(CONTRACT_EXAMPLE).calendar.closures[0]
    assert closure.start_at == datetime(2026, 12, 23, 23, 0, tzinfo=UTC)
    assert closure.end_at == datetime(2026, 12, 26, 23, 0, tzinfo=UTC)
    assert closure.reason == "holiday"


def test_children_inherit_their_parents_category() -> None:
    plant = load_plant(CONTRACT_EXAMPLE)
    assert plant.reason("spindle").category is ReasonCategory.UNPLANNED
    assert plant.reason("spindle").parent == "breakdown"
    assert plant.reason("spindle").own_category is None
    assert plant.reason("micro-stop").category is ReasonCategory.MINOR_STOP


def test_a_child_may_set_its_own_category() -> None:
    text = VALID_PLANT.replace("[{code: spindle}]", "[{code: spindle, category: minor_stop}]")
    assert load_plant(text).reason("spindle").category is ReasonCategory.MINOR_STOP


def test_a_step_needs_the_class_of_its_first_machine_by_default() -> None:
    plant = load_plant(CONTRACT_EXAMPLE)
    assert plant.product("P-100").step(20).skill == "lathe"
    assert plant.product("P-100").step(10).skill is None  # L1-SAW has no class


def test_skill_null_says_the_step_needs_no_operator() -> None:
    plant = load_plant(VALID_PLANT)
    assert plant.product("F-1").step(10).skill is None
    assert plant.product("P-100").step(20).pausable is False


def test_the_optional_keys_are_kept() -> None:
    plant = load_plant(VALID_PLANT)
    line = plant.line("L1")
    assert (line.oee_target, line.shift_ids) == (0.8, ("early",))
    assert plant.machine("L1-CNC1").connector == {"mtconnect": {"execution": {"FEED_HOLD": "idle"}}}
    assert plant.changeover_min("shafts", "flanges") == 40.0
    assert plant.product("P-100").bom[0].unit == "m"


def test_the_routing_machine_missing_from_the_contract_example_is_a_warning() -> None:
    check = check_plant(CONTRACT_EXAMPLE)
    assert check.errors == ()
    assert [warning.key for warning in check.warnings] == [
        "products[0].routing[1].machines.L1-CNC2"
    ]
    assert check.warnings[0].line == 33


def test_strict_loading_turns_warnings_into_errors() -> None:
    with pytest.raises(PlantFileError) as caught:
        load_plant(CONTRACT_EXAMPLE, strict=True)
    assert "no machine 'L1-CNC2' in areas; did you mean 'L1-CNC1'?" in str(caught.value)


def test_a_plant_file_on_disk_loads_and_its_errors_name_the_path(tmp_path: Path) -> None:
    good = tmp_path / "plant.yaml"
    good.write_text(VALID_PLANT, encoding="utf-8")
    assert load_plant_file(good).site.id == "demo"
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID_PLANT.replace("obeya: 1", "obeya: 2"), encoding="utf-8")
    with pytest.raises(FileFormatError, match=r"bad\.yaml: obeya: unsupported format version 2"):
        load_plant_file(bad)


def test_a_missing_or_binary_file_is_a_file_format_error(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="cannot read the file"):
        load_plant_file(tmp_path / "absent.yaml")
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00obeya")
    with pytest.raises(FileFormatError, match="not UTF-8 text"):
        load_plant_file(binary)
