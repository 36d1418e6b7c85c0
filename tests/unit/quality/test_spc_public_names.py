"""The public names of obeya.quality are curated: a new export is a deliberate change."""

from __future__ import annotations

from types import ModuleType

import obeya.quality


def test_the_public_names_are_exactly_the_curated_list() -> None:
    public = {
        name
        for name in dir(obeya.quality)
        if not name.startswith("_")
        and name != "annotations"
        and not isinstance(getattr(obeya.quality, name), ModuleType)
    }
    assert public == set(obeya.quality.__all__)
    assert len(obeya.quality.__all__) == len(set(obeya.quality.__all__))
