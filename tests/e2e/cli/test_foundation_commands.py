"""The foundation commands' JSON shapes and exit codes (CONTRACTS.md sections 1, 4, 8)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.e2e.cli.conftest import FIXTURES, Obeya


def test_init_loads_the_plant_and_answers_with_its_size(obeya: Obeya) -> None:
    outcome = obeya("init", "--plant", str(FIXTURES / "plant_small.yaml"), "--json")
    assert outcome.code == 0, outcome.stderr
    assert outcome.json()["plant"] == "demo"
    assert outcome.json()["machines"] == 3


def test_plant_validate_names_the_key_and_line_of_an_error(obeya: Obeya, tmp_path: Path) -> None:
    text = (FIXTURES / "plant_small.yaml").read_text()
    broken = text.replace("{id: L1-CNC2, name: Lathe 2", "{id: L1-CNC1, name: Lathe 2")
    path = tmp_path / "broken.yaml"
    path.write_text(broken)
    outcome = obeya("plant", "validate", str(path))
    assert outcome.code == 2
    line = (
        broken.splitlines().index(
            next(row for row in broken.splitlines() if "name: Lathe 2" in row)
        )
        + 1
    )
    assert "L1-CNC1" in outcome.stderr
    assert f"line {line}" in outcome.stderr
    assert "machines[2]" in outcome.stderr


def test_a_command_on_a_database_without_tables_says_to_run_init(obeya: Obeya) -> None:
    outcome = obeya("plant", "show", "--json")
    assert outcome.code == 2
    assert "obeya init" in outcome.stderr


def test_plant_show_lists_lines_and_machines(initialised: Obeya) -> None:
    answer = initialised("plant", "show", "--json").json()
    machines = [m["id"] for m in answer["areas"][0]["lines"][0]["machines"]]
    assert machines == ["L1-SAW", "L1-CNC1", "L1-CNC2"]


def test_exported_plant_loads_and_exports_to_the_same_text(
    initialised: Obeya, tmp_path: Path
) -> None:
    first = initialised("plant", "export")
    assert first.code == 0
    exported = tmp_path / "exported.yaml"
    exported.write_text(first.stdout)
    assert initialised("init", "--plant", str(exported)).code == 0
    assert initialised("plant", "export").stdout == first.stdout


def test_orders_import_list_release_and_export(initialised: Obeya, tmp_path: Path) -> None:
    imported = initialised("orders", "import", str(FIXTURES / "orders_good.csv"), "--json")
    assert imported.code == 0, imported.stderr
    assert imported.json() == {"imported": 2}
    listed = initialised("orders", "list", "--json").json()["orders"]
    assert [order["id"] for order in listed] == ["WO-1", "WO-2"]
    assert listed[0]["due"] == "2026-11-30T13:00:00Z"
    released = initialised("orders", "release", "WO-2", "--json").json()
    assert released == {"orders": [{"id": "WO-2", "status": "released"}]}
    again = initialised("orders", "release", "WO-2")
    assert again.code == 1 and "released" in again.stderr
    rows = list(csv.DictReader(io.StringIO(initialised("orders", "export").stdout)))
    assert [(row["id"], row["status"]) for row in rows] == [
        ("WO-1", "planned"),
        ("WO-2", "released"),
    ]


def test_a_bad_order_file_names_each_bad_row_and_imports_nothing(initialised: Obeya) -> None:
    outcome = initialised("orders", "import", str(FIXTURES / "orders_bad.csv"))
    assert outcome.code == 2
    assert "line 3: quantity" in outcome.stderr
    assert "line 4: due" in outcome.stderr and "offset" in outcome.stderr
    assert initialised("orders", "list", "--json").json() == {"orders": []}


def test_orders_for_an_unknown_product_are_refused(initialised: Obeya, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("id,product,quantity,due\nWO-9,P-999,5,2026-12-01T10:00:00Z\n")
    outcome = initialised("orders", "import", str(path))
    assert outcome.code == 2 and "P-999" in outcome.stderr


def test_orders_round_trip_through_excel(initialised: Obeya, tmp_path: Path) -> None:
    initialised("orders", "import", str(FIXTURES / "orders_good.csv"))
    workbook = tmp_path / "orders.xlsx"
    assert initialised("orders", "export", "-o", str(workbook)).code == 0
    from openpyxl import load_workbook

    sheet = load_workbook(workbook).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["id", "product", "quantity", "due"]
    assert sheet.max_row == 3


def test_user_create_prints_a_token_once(initialised: Obeya) -> None:
    answer = initialised("user", "create", "anna", "--role", "supervisor", "--json").json()
    assert answer["role"] == "supervisor" and answer["token"].startswith("oby_")
    duplicate = initialised("user", "create", "anna", "--role", "viewer")
    assert duplicate.code == 1
    bad_role = initialised("user", "create", "ben", "--role", "boss")
    assert bad_role.code == 2 and "viewer" in bad_role.stderr


def test_ingest_answers_counts_and_keeps_going_past_bad_lines(initialised: Obeya) -> None:
    outcome = initialised("ingest", str(FIXTURES / "events_small.jsonl"), "--json")
    answer = outcome.json()
    assert set(answer) == {"accepted", "duplicates", "rejected", "errors"}
    assert (answer["accepted"], answer["duplicates"], answer["rejected"]) == (4, 0, 4)
    assert outcome.code == 1, "rejected events are problems the caller must see"
    again = initialised("ingest", str(FIXTURES / "events_small.jsonl"), "--json").json()
    assert (again["accepted"], again["duplicates"]) == (0, 4)
    rejected = initialised("events", "rejected", "--json").json()["rejected"]
    assert any("not json at all" in row["raw"] for row in rejected)


def test_kpi_oee_answers_the_contract_shape(initialised: Obeya) -> None:
    initialised("ingest", str(FIXTURES / "events_small.jsonl"))
    outcome = initialised(
        "kpi",
        "oee",
        "--scope",
        "line:L1",
        "--from",
        "2026-11-24T00:00:00Z",
        "--to",
        "2026-11-25T00:00:00Z",
        "--by",
        "machine",
        "--json",
    )
    assert outcome.code == 0, outcome.stderr
    answer = outcome.json()
    assert answer["scope"] == "line:L1" and answer["by"] == "machine"
    assert answer["from"] == "2026-11-24T00:00:00Z"
    fields = {
        "key",
        "pot_s",
        "pdot_s",
        "pbt_s",
        "apt_s",
        "aust_s",
        "adet_s",
        "adot_s",
        "unknown_s",
        "outside_pot_s",
        "pq",
        "gq",
        "sq",
        "rq",
        "outside_pot_pq",
        "availability",
        "effectiveness",
        "quality",
        "oee",
    }
    assert fields <= set(answer["total"])
    assert [row["key"] for row in answer["rows"]] == ["L1-SAW", "L1-CNC1", "L1-CNC2"]
    cnc1 = answer["rows"][1]
    assert cnc1["gq"] == 12 and cnc1["sq"] == 1


def test_kpi_oee_without_an_offset_is_a_usage_error(initialised: Obeya) -> None:
    outcome = initialised(
        "kpi",
        "oee",
        "--scope",
        "site",
        "--from",
        "2026-11-24T00:00:00",
        "--to",
        "2026-11-25T00:00:00Z",
        "--json",
    )
    assert outcome.code == 2 and "offset" in outcome.stderr
    assert outcome.stdout == ""


def test_a_routing_naming_an_undefined_machine_is_a_warning_unless_strict(
    obeya: Obeya, tmp_path: Path
) -> None:
    text = (FIXTURES / "plant_small.yaml").read_text()
    path = tmp_path / "contract-example.yaml"
    path.write_text(text.replace("          - {id: L1-CNC2, name: Lathe 2, class: lathe}\n", ""))
    relaxed = obeya("plant", "validate", str(path), "--json")
    assert relaxed.code == 0, relaxed.stderr
    answer = relaxed.json()
    assert answer["valid"] is True and answer["errors"] == []
    assert any("L1-CNC2" in warning for warning in answer["warnings"])
    strict = obeya("plant", "validate", str(path), "--strict", "--json")
    assert strict.code == 2 and "L1-CNC2" in strict.stderr
    assert strict.json()["valid"] is False
