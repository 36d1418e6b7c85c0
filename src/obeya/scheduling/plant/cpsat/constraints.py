"""CP-SAT constraints of the plant problem, one private method per constraint family.

Operations outside the free set keep their incumbent placement and enter the model as
constants: fixed intervals on their machines and crews, bounds for their neighbours
in the order.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from ortools.sat.python import cp_model

from obeya.scheduling.plant.cpsat.variables import Variables
from obeya.scheduling.plant.problem import Placement, Problem


class Constraints:
    """Adds every constraint family to the model; keeps the changeover arcs for the cost."""

    def __init__(
        self, problem: Problem, variables: Variables, incumbent: Mapping[int, Placement]
    ) -> None:
        self.problem = problem
        self.variables = variables
        self.model = variables.model
        self.incumbent = incumbent
        self.changeover_terms: list[tuple[int, cp_model.IntVar]] = []

    def add_all(self) -> None:
        """Add precedence, release, machine, changeover and crew constraints."""
        self._precedence()
        self._release()
        self._machines()
        self._changeovers()
        self._kept_sequences()
        self._crews()

    def _fixed(self, index: int) -> tuple[int, int]:
        placement = self.incumbent[index]
        return self.variables.to_axis(placement.start), self.variables.to_axis(placement.end)

    def _precedence(self) -> None:
        free = self.variables.operations
        for operation in self.problem.operations:
            before = operation.predecessor
            if before is None or (operation.index not in free and before not in free):
                continue
            if operation.index in free and before in free:
                self.model.add(free[before].end <= free[operation.index].start)
            elif operation.index in free and before in self.incumbent:
                self.model.add(free[operation.index].start >= self._fixed(before)[1])
            elif before in free and operation.index in self.incumbent:
                self.model.add(free[before].end <= self._fixed(operation.index)[0])

    def _release(self) -> None:
        for index, entry in self.variables.operations.items():
            release = self.problem.operations[index].release
            if release > 0:
                self.model.add(entry.start >= self.variables.to_axis(release))

    def _machines(self) -> None:
        per_machine: dict[str, list[cp_model.IntervalVar]] = {m: [] for m in self.problem.machines}
        unpaused: dict[str, list[cp_model.IntervalVar]] = {m: [] for m in self.problem.machines}
        for index, entry in self.variables.operations.items():
            for machine_id, interval in entry.intervals.items():
                per_machine[machine_id].append(interval)
                if not self.problem.operations[index].pausable:
                    unpaused[machine_id].append(interval)
        for index, placement in self.incumbent.items():
            if index not in self.variables.operations:
                per_machine[placement.machine_id].extend(self._fixed_pieces(index, placement))
        for machine_id, intervals in per_machine.items():
            if not intervals:
                continue
            down, off_shift = self._blocked(machine_id)
            self.model.add_no_overlap(intervals + down)
            if unpaused[machine_id] and off_shift:
                self.model.add_no_overlap(unpaused[machine_id] + off_shift)

    def _fixed_pieces(self, index: int, placement: Placement) -> list[cp_model.IntervalVar]:
        """A fixed operation as its working pieces on the axis (pauses leave room)."""
        working = self.problem.machines[placement.machine_id].working
        pieces: list[cp_model.IntervalVar] = []
        for start, end in working.pieces(max(0, placement.start), placement.end):
            axis_start = self.variables.to_axis(start)
            pieces.append(
                self.model.new_fixed_size_interval_var(axis_start, end - start, f"fixed {index}")
            )
        return pieces

    def _blocked(
        self, machine_id: str
    ) -> tuple[list[cp_model.IntervalVar], list[cp_model.IntervalVar]]:
        """Axis time when this machine does not work: down periods, and its own shifts.

        Down periods block every operation; gaps of the machine's own shift pattern block
        only operations that cannot pause (pausable ones stretch over them when placed).
        """
        axis = self.variables.axis
        calendar = self.problem.machines[machine_id]
        down: list[cp_model.IntervalVar] = []
        off_shift: list[cp_model.IntervalVar] = []
        for start, end in axis.stretches:
            if axis.cumulative(start) > self.variables.horizon:
                break
            for gap_start, gap_end in calendar.working.gaps(start, end):
                is_down = any(s < gap_end and gap_start < e for s, e in calendar.down)
                interval = self.model.new_fixed_size_interval_var(
                    axis.cumulative(gap_start), gap_end - gap_start, f"off {machine_id}"
                )
                (down if is_down else off_shift).append(interval)
        return down, off_shift

    def _changeovers(self) -> None:
        if not self.problem.has_changeovers:
            return
        nodes: dict[str, list[int]] = {}
        for index, entry in self.variables.operations.items():
            if index in self.variables.shiftable:
                continue
            for machine_id in entry.presences:
                nodes.setdefault(machine_id, []).append(index)
        for machine_id, indices in nodes.items():
            families = {self.problem.operations[i].family for i in indices}
            if len(families) > 1:
                self._circuit(machine_id, indices)

    def _circuit(self, machine_id: str, indices: list[int]) -> None:
        operations = self.variables.operations
        arcs: list[tuple[int, int, cp_model.LiteralT]] = [(0, 0, self.model.new_bool_var(""))]
        for node, index in enumerate(indices, start=1):
            present = operations[index].presences[machine_id]
            arcs.append((node, node, present.Not()))
            arcs.append((0, node, self.model.new_bool_var("")))
            arcs.append((node, 0, self.model.new_bool_var("")))
            for other_node, other in enumerate(indices, start=1):
                if other == index:
                    continue
                arc = self.model.new_bool_var("")
                arcs.append((node, other_node, arc))
                minutes = self.problem.changeover_min(
                    self.problem.operations[index].family, self.problem.operations[other].family
                )
                self.model.add(
                    operations[index].end + minutes <= operations[other].start
                ).only_enforce_if(arc)
                if minutes:
                    self.changeover_terms.append((minutes, arc))
        self.model.add_circuit(arcs)

    def _kept_sequences(self) -> None:
        """Shiftable operations keep their order on their machine, with changeovers."""
        by_machine: dict[str, list[tuple[int, int]]] = {}
        for index in self.variables.shiftable:
            placement = self.incumbent[index]
            by_machine.setdefault(placement.machine_id, []).append((placement.start, index))
        operations = self.variables.operations
        for items in by_machine.values():
            items.sort()
            for (_, first), (_, second) in itertools.pairwise(items):
                gap = self.problem.changeover_min(
                    self.problem.operations[first].family, self.problem.operations[second].family
                )
                self.model.add(operations[first].end + gap <= operations[second].start)

    def _crews(self) -> None:
        skills = {self.problem.operations[i].skill for i in self.variables.operations} - {None}
        for skill in sorted(s for s in skills if s is not None):
            capacity = len(self.problem.qualified(skill))
            intervals: list[cp_model.IntervalVar] = [
                entry.interval
                for index, entry in self.variables.operations.items()
                if self.problem.operations[index].skill == skill
            ]
            for index, placement in self.incumbent.items():
                if index in self.variables.operations:
                    continue
                if self.problem.operations[index].skill == skill:
                    start, end = self._fixed(index)
                    if end > start and placement.end > 0:
                        intervals.append(
                            self.model.new_fixed_size_interval_var(start, end - start, "crew")
                        )
            self.model.add_cumulative(intervals, [1] * len(intervals), capacity)
