"""The CP-SAT objective: weighted tardiness, makespan, changeovers and stability."""

from __future__ import annotations

from collections.abc import Mapping

from ortools.sat.python import cp_model

from obeya.scheduling.plant.cpsat.constraints import Constraints
from obeya.scheduling.plant.cpsat.variables import Variables
from obeya.scheduling.plant.problem import KEEP_MIN, Placement, Problem


class Objective:
    """Builds the weighted sum (weights of `problem.weights`, per working minute)."""

    def __init__(
        self,
        problem: Problem,
        variables: Variables,
        constraints: Constraints,
        incumbent: Mapping[int, Placement],
    ) -> None:
        self.problem = problem
        self.variables = variables
        self.constraints = constraints
        self.incumbent = incumbent
        self.model = variables.model
        self.terms: list[cp_model.LinearExprT] = []

    def add(self) -> None:
        """Minimise the weighted sum of every term."""
        weights = self.problem.weights
        self.terms.append(weights.tardiness * self._tardiness())
        self.terms.append(weights.makespan * self._makespan())
        self.terms.append(weights.changeover * self._changeover())
        self.terms.append(self._stability())
        self.model.minimize(sum(self.terms))

    def _tardiness(self) -> cp_model.LinearExprT:
        free = self.variables.operations
        terms: list[cp_model.LinearExprT] = []
        for target in self.problem.orders:
            last = target.operations[-1] if target.operations else None
            if last is None or last not in free or target.weight == 0:
                continue
            due = self.variables.to_axis(target.due)
            late = self.model.new_int_var(0, self.variables.horizon, f"late {target.order_id}")
            self.model.add(late >= free[last].end - due)
            terms.append(target.weight * late)
        return sum(terms)

    def _makespan(self) -> cp_model.LinearExprT:
        fixed_end = max(
            (
                self.variables.to_axis(p.end)
                for i, p in self.incumbent.items()
                if i not in self.variables.operations
            ),
            default=0,
        )
        makespan = self.model.new_int_var(fixed_end, self.variables.horizon, "makespan")
        for entry in self.variables.operations.values():
            self.model.add(makespan >= entry.end)
        return makespan

    def _changeover(self) -> cp_model.LinearExprT:
        return sum(minutes * arc for minutes, arc in self.constraints.changeover_terms)

    def _stability(self) -> cp_model.LinearExprT:
        weights = self.problem.weights
        terms: list[cp_model.LinearExprT] = []
        for index, entry in self.variables.operations.items():
            operation = self.problem.operations[index]
            old = self.problem.previous.get((operation.order_id, operation.step))
            if old is None:
                continue
            target = self.variables.to_axis(max(0, old.start))
            move = self.model.new_int_var(0, self.variables.horizon, "move")
            self.model.add_abs_equality(move, entry.start - target)
            terms.append(weights.start_move * move)
            kept = entry.presences.get(old.machine_id)
            if kept is not None:
                terms.append(weights.machine_change * (1 - kept))
            if index in self.problem.anchored and weights.disturbance > 0:
                terms.append(weights.disturbance * self._disturbed(move, kept))
        return sum(terms)

    def _disturbed(
        self, move: cp_model.IntVar, kept: cp_model.IntVar | None
    ) -> cp_model.LinearExprT:
        """1 when an anchored operation leaves its machine or moves more than `KEEP_MIN`
        (working) minutes; the decoded schedule is scored in real minutes."""
        if kept is None:
            return 1
        disturbed = self.model.new_bool_var("disturbed")
        self.model.add(move <= KEEP_MIN).only_enforce_if(~disturbed)
        self.model.add_implication(~kept, disturbed)
        return disturbed
