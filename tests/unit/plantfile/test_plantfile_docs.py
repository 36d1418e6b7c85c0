"""docs/plant-file.md stays true: its example loads, and every key it lists is read."""

from __future__ import annotations

import re
from pathlib import Path

from obeya.plantfile import export_plant, load_plant
from obeya.plantfile.load import OPTIONAL_KEYS, TOP_LEVEL_KEYS

DOCS = Path(__file__).resolve().parents[3] / "docs" / "plant-file.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_documented_example_loads_strictly_and_round_trips() -> None:
    plant = load_plant(_yaml_blocks()[0], "plant-file.md", strict=True)
    assert plant.product("P-100").step(30).skill is None
    assert plant.product("P-100").step(20).skill == "lathe"
    assert load_plant(export_plant(plant)) == plant


def test_the_documented_top_level_keys_are_the_ones_read() -> None:
    text = DOCS.read_text(encoding="utf-8")
    table = text.split("### Top level", 1)[1].split("###", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", table, flags=re.MULTILINE)
    assert documented == [*TOP_LEVEL_KEYS, *OPTIONAL_KEYS]
