"""Named fixtures of the KPI engine tests."""

from __future__ import annotations

import pytest
from kpi_builders import EARLY, make_plant

from obeya.domain.plant import Plant


@pytest.fixture
def early_shift_plant() -> Plant:
    """One machine M1, one 8 h early shift (06:00-14:00 Berlin) with two breaks."""
    return make_plant((EARLY,))
