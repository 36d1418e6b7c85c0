"""Shifting bottleneck detection by the active period method (Roser, Nakano, Tanaka 2001/2002).

A machine is active while `running`, in `setup` or `down` (working, being set up or
being repaired); it is inactive while `idle` (waiting: starved or blocked), in
`planned_stop`, `offline`, or with no state known. Touching active intervals make one
active period. At each instant the machine whose current active period is the longest
is the bottleneck (ties: the earlier-starting period, then line order). The chain of
bottleneck periods follows; where two consecutive ones overlap, both machines are
shifting bottlenecks for the overlap; the rest of each bottleneck period is sole.
Periods cut by the window are clipped and count with their duration inside the window.
The utilisation method is given beside it: each machine's share of active time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from obeya.domain.calendars import merge
from obeya.domain.events import MachineState
from obeya.domain.plant import Plant
from obeya.domain.times import format_timestamp
from obeya.kpi.columns import from_us, to_us
from obeya.kpi.timeline import StateInterval, check_window, fold_intervals, stop_time

ACTIVE_STATES = frozenset({MachineState.RUNNING, MachineState.SETUP, MachineState.DOWN})
MICROSECONDS = 1_000_000


@dataclass(frozen=True)
class ActivePeriod:
    """One machine's uninterrupted active time `[start_us, end_us)`; rank = line order."""

    machine_id: str
    rank: int
    start_us: int
    end_us: int

    @property
    def length_us(self) -> int:
        """The period's length inside the window, in microseconds."""
        return self.end_us - self.start_us


def active_periods(
    machine_id: str, rank: int, intervals: Sequence[StateInterval]
) -> list[ActivePeriod]:
    """Merge a machine's touching active intervals into active periods."""
    spans = merge(
        (interval.start_at, interval.end_at)
        for interval in intervals
        if interval.state in ACTIVE_STATES
    )
    return [ActivePeriod(machine_id, rank, to_us(start), to_us(end)) for start, end in spans]


def _strongest(periods: Sequence[ActivePeriod], start_us: int) -> ActivePeriod | None:
    covering = [p for p in periods if p.start_us <= start_us < p.end_us]
    if not covering:
        return None
    return max(covering, key=lambda p: (p.length_us, -p.start_us, -p.rank))


def bottleneck_chain(periods: Sequence[ActivePeriod]) -> list[ActivePeriod]:
    """The bottleneck periods in time order: the longest active period at each instant."""
    bounds = sorted({p.start_us for p in periods} | {p.end_us for p in periods})
    chain: list[ActivePeriod] = []
    for start_us in bounds[:-1]:
        strongest = _strongest(periods, start_us)
        if strongest is not None and (not chain or chain[-1] != strongest):
            chain.append(strongest)
    return chain


@dataclass(frozen=True)
class Piece:
    """A stretch of the chain: `sole` (one machine) or `shifting` (two machines)."""

    kind: str
    machines: tuple[str, ...]
    start_us: int
    end_us: int

    @property
    def length_us(self) -> int:
        """The piece's length in microseconds."""
        return self.end_us - self.start_us


def _overlap(first: ActivePeriod, second: ActivePeriod) -> tuple[int, int] | None:
    start, end = max(first.start_us, second.start_us), min(first.end_us, second.end_us)
    return (start, end) if start < end and first.machine_id != second.machine_id else None


def _without(start: int, end: int, holes: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces = [(start, end)]
    for hole_start, hole_end in holes:
        pieces = [
            part
            for piece_start, piece_end in pieces
            for part in (
                (piece_start, min(piece_end, hole_start)),
                (max(piece_start, hole_end), piece_end),
            )
            if part[0] < part[1]
        ]
    return pieces


def bottleneck_pieces(chain: Sequence[ActivePeriod]) -> list[Piece]:
    """Sole and shifting pieces of the chain, sorted by start."""
    overlaps = [_overlap(chain[i], chain[i + 1]) for i in range(len(chain) - 1)]
    overlaps = [None, *overlaps, None]
    pieces: list[Piece] = []
    for index, period in enumerate(chain):
        before, after = overlaps[index], overlaps[index + 1]
        holes = [hole for hole in (before, after) if hole is not None]
        for start, end in _without(period.start_us, period.end_us, holes):
            pieces.append(Piece("sole", (period.machine_id,), start, end))
        if after is not None:
            pair = (period.machine_id, chain[index + 1].machine_id)
            pieces.append(Piece("shifting", pair, *after))
    pieces.sort(key=lambda piece: (piece.start_us, piece.end_us))
    return pieces


def active_period_analysis(
    intervals: Mapping[str, Sequence[StateInterval]],
    machine_ids: Sequence[str],
    start_at: datetime,
    end_at: datetime,
) -> dict[str, object]:
    """Sole and shifting bottleneck time and shares per machine, and the pieces' timeline.

    `intervals` must lie inside `[start_at, end_at)` (as `fold_intervals` gives them).
    """
    window_us = to_us(end_at) - to_us(start_at)
    periods = [
        period
        for rank, machine_id in enumerate(machine_ids)
        for period in active_periods(machine_id, rank, intervals.get(machine_id, ()))
    ]
    pieces = bottleneck_pieces(bottleneck_chain(periods))
    machines = [_machine_row(m, periods, pieces, window_us) for m in machine_ids]
    return {
        "from": format_timestamp(start_at),
        "to": format_timestamp(end_at),
        "method": "active-period",
        "machines": machines,
        "bottleneck": _bottleneck(machine_ids, pieces),
        "periods": [_piece_row(piece) for piece in pieces],
    }


def _machine_row(
    machine_id: str, periods: Sequence[ActivePeriod], pieces: Sequence[Piece], window_us: int
) -> dict[str, object]:
    mine = [piece for piece in pieces if machine_id in piece.machines]
    sole = sum(piece.length_us for piece in mine if piece.kind == "sole")
    shifting = sum(piece.length_us for piece in mine if piece.kind == "shifting")
    active = sum(period.length_us for period in periods if period.machine_id == machine_id)
    return {
        "machine": machine_id,
        "sole_s": sole / MICROSECONDS,
        "shifting_s": shifting / MICROSECONDS,
        "sole_share": sole / window_us if window_us else None,
        "shifting_share": shifting / window_us if window_us else None,
        "active_share": active / window_us if window_us else None,
        "active_s": active / MICROSECONDS,
    }


def _bottleneck(machine_ids: Sequence[str], pieces: Sequence[Piece]) -> str | None:
    """The machine with the most sole + shifting time (ties: more sole, then line order)."""
    best: tuple[int, int] = (0, 0)
    chosen: str | None = None
    for machine_id in machine_ids:
        mine = [piece for piece in pieces if machine_id in piece.machines]
        sole = sum(piece.length_us for piece in mine if piece.kind == "sole")
        weight = (sum(piece.length_us for piece in mine), sole)
        if weight > best:
            best, chosen = weight, machine_id
    return chosen


def _piece_row(piece: Piece) -> dict[str, object]:
    return {
        "kind": piece.kind,
        "machines": list(piece.machines),
        "from": format_timestamp(from_us(piece.start_us)),
        "to": format_timestamp(from_us(piece.end_us)),
        "duration_s": piece.length_us / MICROSECONDS,
    }


def bottleneck_answer(
    plant: Plant,
    line_id: str,
    start_at: datetime,
    end_at: datetime,
    events: Iterable[object],
    now: datetime | None = None,
) -> dict[str, object]:
    """The answer of `obeya kpi bottleneck --line ID --from T --to T --json`.

    With `now` before `to`, shares are of `[from, now)`; `to` is reported as asked.

    Raises:
        InputError: a naive or empty window.
        NotFoundError: no such line.
    """
    check_window(start_at, end_at)
    line = plant.line(line_id)
    stop_at = stop_time(start_at, end_at, now)
    intervals = fold_intervals(events, start_at, stop_at) if stop_at > start_at else {}
    machine_ids = [machine.id for machine in line.machines]
    answer = active_period_analysis(intervals, machine_ids, start_at, stop_at)
    return {"line": line_id, **answer, "to": format_timestamp(end_at)}
