"""Every kind of bad plant file gives an error naming the key path and the line."""

from __future__ import annotations

import pytest

from obeya.domain.errors import FileFormatError, InputError
from obeya.plantfile import PlantFileError, check_plant, load_plant

from .examples import VALID_PLANT

# (what is wrong, text replaced, replacement, key path, line, words in the message)
CASES = [
    (
        "duplicate machine",
        "{id: L1-CNC2, class: lathe}",
        "{id: L1-CNC1, class: lathe}",
        "areas[0].lines[0].machines[2].id",
        22,
        "duplicate machine id 'L1-CNC1', first defined on line 21",
    ),
    (
        "bad identifier",
        "{id: L1-SAW, class: saw}",
        "{id: L1 SAW, class: saw}",
        "areas[0].lines[0].machines[0].id",
        20,
        "'L1 SAW' is not a valid identifier",
    ),
    (
        "unknown time zone",
        "Europe/Berlin",
        "Europe/Berln",
        "site.timezone",
        2,
        "did you mean 'Europe/Berlin'?",
    ),
    (
        "shift time",
        'end: "14:00"',
        'end: "14h"',
        "calendar.shifts[0].end",
        7,
        'expected a local time "HH:MM"',
    ),
    (
        "unknown day",
        "days: [mon, tue]}",
        "days: [mon, tues]}",
        "calendar.shifts[1].days[1]",
        10,
        "'tues' is not a day: use mon..sun; did you mean 'tue'?",
    ),
    (
        "break outside its shift",
        '{start: "12:00", minutes: 30}',
        '{start: "13:50", minutes: 30}',
        "calendar.shifts[0].breaks[1]",
        9,
        "not inside its shift 06:00-14:00",
    ),
    (
        "overlapping breaks",
        '{start: "12:00", minutes: 30}',
        '{start: "09:10", minutes: 30}',
        "calendar.shifts[0].breaks[1]",
        9,
        "overlaps break 09:00",
    ),
    (
        "duplicate shift",
        "{id: night,",
        "{id: early,",
        "calendar.shifts[1].id",
        10,
        "duplicate shift id 'early'",
    ),
    (
        "closure without offset",
        '"2026-12-24T00:00:00+01:00"',
        '"2026-12-24T00:00:00"',
        "calendar.closures[0].start",
        12,
        "has no UTC offset",
    ),
    (
        "closure ending before it starts",
        '"2026-12-27T00:00:00+01:00"',
        '"2026-12-20T00:00:00Z"',
        "calendar.closures[0].end",
        12,
        "must end after it starts",
    ),
    (
        "unknown category",
        "category: setup}",
        "category: setups}",
        "reasons[1].category",
        25,
        "did you mean 'setup'?",
    ),
    (
        "top-level reason without category",
        "{code: changeover, category: setup}",
        "{code: changeover}",
        "reasons[1].category",
        25,
        "a top-level reason needs a category",
    ),
    (
        "duplicate reason code",
        "[{code: spindle}]",
        "[{code: breakdown}]",
        "reasons[0].children[0].code",
        24,
        "duplicate reason id 'breakdown'",
    ),
    (
        "steps not ascending",
        "{step: 20,",
        "{step: 5,",
        "products[0].routing[1].step",
        31,
        "step 5 must be greater than the step before it (10)",
    ),
    (
        "zero cycle time",
        "{L1-SAW: 12}",
        "{L1-SAW: 0}",
        "products[0].routing[0].machines.L1-SAW",
        30,
        "must be > 0",
    ),
    (
        "negative setup",
        "setup_min: 10}",
        "setup_min: -1}",
        "products[0].routing[0].setup_min",
        30,
        "setup_min must be >= 0",
    ),
    (
        "pausable not a boolean",
        "pausable: false}",
        "pausable: sometimes}",
        "products[0].routing[1].pausable",
        31,
        "expected true or false",
    ),
    (
        "empty routing",
        "routing: [{step: 10, machines: {L1-CNC2: 60}, skill: null}]",
        "routing: []",
        "products[1].routing",
        33,
        "expected at least one item",
    ),
    (
        "BOM quantity",
        "quantity: 0.2",
        "quantity: 0",
        "products[0].bom[0].quantity",
        32,
        "quantity must be > 0",
    ),
    (
        "changeover to an unknown family",
        "to: flanges",
        "to: flange",
        "changeovers[0].to",
        34,
        "no product has family 'flange'; did you mean 'flanges'?",
    ),
    (
        "worker shift unknown",
        "skills: [lathe], shifts: [early]",
        "skills: [lathe], shifts: [late]",
        "workers[0].shifts[0]",
        36,
        "no shift 'late' in calendar.shifts",
    ),
    (
        "line shift unknown",
        "shifts: [early]\n        machines",
        "shifts: [erly]\n        machines",
        "areas[0].lines[0].shifts[0]",
        18,
        "did you mean 'early'?",
    ),
    (
        "oee target in percent",
        "oee_target: 0.8",
        "oee_target: 85",
        "areas[0].lines[0].oee_target",
        17,
        "a ratio in 0..1 (write 0.85, not 85)",
    ),
    (
        "unknown key",
        "oee_target: 0.8",
        "oee_targt: 0.8",
        "areas[0].lines[0].oee_targt",
        17,
        "unknown key 'oee_targt'; did you mean 'oee_target'?",
    ),
    (
        "missing key",
        ", timezone: Europe/Berlin}",
        "}",
        "site.timezone",
        2,
        "missing key 'timezone'",
    ),
    (
        "duplicate key",
        "site: {id: demo,",
        "site: {id: demo, id: other,",
        "site.id",
        2,
        "duplicate key 'id'",
    ),
    (
        "a scalar where a mapping belongs",
        "site: {id: demo, name: Demo Works, timezone: Europe/Berlin}",
        "site: demo",
        "site",
        2,
        "expected a mapping of keys, got 'demo'",
    ),
    ("format version", "obeya: 1", "obeya: 2", "obeya", 1, "unsupported format version 2"),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "line", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_a_bad_plant_file_names_the_key_path_and_the_line(
    old: str, new: str, key: str, line: int, words: str
) -> None:
    assert old in VALID_PLANT
    with pytest.raises(PlantFileError) as caught:
        load_plant(VALID_PLANT.replace(old, new, 1), "bad.yaml")
    error = caught.value
    assert len(error.problems) == 1, "one mistake must give one problem, not follow-on errors"
    assert (error.key, error.line) == (key, line)
    assert words in error.problem
    assert str(error).startswith(f"bad.yaml: {key}: ")
    assert str(error).splitlines()[0].endswith(f"(line {line})")


def test_every_error_of_a_file_is_listed_one_per_line_in_line_order() -> None:
    text = VALID_PLANT.replace("oee_target: 0.8", "oee_target: 2").replace(
        "Europe/Berlin", "Mars/Olympus"
    )
    with pytest.raises(PlantFileError) as caught:
        load_plant(text, "two.yaml")
    assert [(p.key, p.line) for p in caught.value.problems] == [
        ("site.timezone", 2),
        ("areas[0].lines[0].oee_target", 17),
    ]
    assert str(caught.value).splitlines() == [str(p) for p in caught.value.problems]


def test_a_plant_file_error_is_an_input_error_for_exit_code_2() -> None:
    with pytest.raises(InputError):
        load_plant("obeya: 2\n")


def test_text_that_is_not_yaml_names_the_line() -> None:
    with pytest.raises(FileFormatError) as caught:
        load_plant(VALID_PLANT.replace("areas:\n", "areas: [\n", 1))
    assert caught.value.line is not None and caught.value.line >= 13
    assert "not valid YAML" in str(caught.value)


def test_an_empty_file_says_what_is_expected() -> None:
    with pytest.raises(PlantFileError, match="the file is empty"):
        load_plant("# nothing here\n")


def test_a_recursive_alias_is_refused_without_crashing() -> None:
    with pytest.raises(FileFormatError, match="recursive alias"):
        load_plant("obeya: 1\nsite: &loop {id: demo, again: *loop}\n")


def test_an_alias_bomb_is_refused() -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    with pytest.raises(FileFormatError, match="expands to more than"):
        load_plant("\n".join(bomb) + "\n")


def test_check_plant_reports_errors_without_raising() -> None:
    check = check_plant(VALID_PLANT.replace("obeya: 1", "obeya: 3"))
    assert check.plant is None
    assert [error.key for error in check.errors] == ["obeya"]
