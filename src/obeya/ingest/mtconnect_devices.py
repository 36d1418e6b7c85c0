"""Which MTConnect data items carry execution, availability and the part counter.

Data item keys differ by device (`pexecution` on the Okuma, `execution` on the Mazak).
The device model (MTConnectDevices XML, versions 1.x and 2.x) names each item's `type`;
without one, `classify_key` guesses from the key's name.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from obeya.domain.errors import FileFormatError
from obeya.ingest.signals import Signal

_TYPES = {
    "EXECUTION": Signal.EXECUTION,
    "AVAILABILITY": Signal.AVAILABILITY,
    "PART_COUNT": Signal.PART_COUNT,
}


@dataclass(frozen=True)
class DataItemInfo:
    """A data item of the device model: its MTConnect type and category."""

    type: str
    category: str


def local_name(tag: str) -> str:
    """The tag without its XML namespace (`{urn:...}Execution` -> `Execution`)."""
    return tag.rsplit("}", 1)[-1]


def parse_devices(text: str | bytes, source: str = "devices") -> dict[str, DataItemInfo]:
    """Map every data item's `name` and `id` to its type and category.

    When several devices share a key, the first one in the file wins.

    Raises:
        FileFormatError: when the text is not XML.
    """
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise FileFormatError(
            f"not an MTConnectDevices XML document: {error}", source=source
        ) from None
    items: dict[str, DataItemInfo] = {}
    for element in root.iter():
        if local_name(element.tag) != "DataItem":
            continue
        info = DataItemInfo(element.get("type", "").upper(), element.get("category", "").upper())
        for key in (element.get("name"), element.get("id")):
            if key:
                items.setdefault(key, info)
    return items


def load_devices(path: str | Path) -> dict[str, DataItemInfo]:
    """Read a device model file; see `parse_devices`.

    Raises:
        FileFormatError: when the file cannot be read or is not XML.
    """
    path = Path(path)
    try:
        return parse_devices(path.read_bytes(), source=str(path))
    except OSError as error:
        raise FileFormatError(f"cannot read the file: {error.strerror}", source=str(path)) from None


def classify_key(key: str, devices: dict[str, DataItemInfo] | None) -> Signal | None:
    """The signal a data item key carries, from the device model or the key's name.

    Name heuristics (case-insensitive, without a device model): a key containing
    `execution` is the execution state; `part_count`, `partcount` (also `PartCountAct`)
    the part counter; `avail` the availability.
    """
    if devices:
        info = devices.get(key)
        return _TYPES.get(info.type) if info else None
    lowered = key.lower()
    if "execution" in lowered:
        return Signal.EXECUTION
    if "part_count" in lowered or "partcount" in lowered:
        return Signal.PART_COUNT
    if "avail" in lowered:
        return Signal.AVAILABILITY
    return None


def is_condition(key: str, devices: dict[str, DataItemInfo] | None) -> bool:
    """True when the device model declares the key a CONDITION (it spans five fields)."""
    info = devices.get(key) if devices else None
    return info is not None and info.category == "CONDITION"
