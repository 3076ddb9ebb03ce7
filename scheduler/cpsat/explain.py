"""Why no roster exists: a minimal set of conflicting hard-rule instances.

Method: every hard-rule instance (a shift's minimum on a date, a person's week, a leave
day, a lock...) sits behind its own enforcement literal (:meth:`RosterModel.build_guarded`).
One worker solves with all of them as assumptions; on infeasibility CP-SAT returns a
sufficient subset. That subset is shrunk by deletion — drop one instance, re-solve with
the rest: still infeasible means it was not needed (and the new, smaller core is taken),
feasible means it is necessary — and the final set is verified on its own, because the
solver's core is sufficient but neither minimal nor guaranteed free of extra literals.
Each step has a share of the time limit; a step that runs out of time keeps the
instance and the set is reported as not proven minimal.

The closest roster: the same guarded model where every instance outside the set is
enforced and the instances of the set may be broken at a large cost, plus the usual
soft rules; the independent checker then lists exactly what that roster breaks.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.checker import check
from scheduler.cpsat.model import Guard, RosterModel
from scheduler.explain import Explanation, WhyNot, describe_instance, shift_wish_of
from scheduler.problem import Problem
from scheduler.result import Penalty, totals_by_rule
from scheduler.roster import Grid, frame_to_grid, grid_to_frame
from scheduler.scenario import Scenario

# Breaking a leave day or a lock is worse than missing a minimum: the closest roster
# breaks those last.
_RELAX_COST = {"leave": 8, "locks": 4}
_BREAK = 1_000_000


def _solve(model: cp_model.CpModel, assumptions: list[cp_model.IntVar], seconds: float,
           seed: int) -> tuple[Any, list[int]]:
    """Solve under assumptions; on infeasibility also the sufficient assumption indices."""
    model.clear_assumptions()
    model.add_assumptions(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # cores need a single worker
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = seed
    code = solver.solve(model)
    core = (list(solver.sufficient_assumptions_for_infeasibility())
            if code == cp_model.INFEASIBLE else [])
    return code, core


def explain_infeasibility(scenario: Scenario | Problem, *, time_limit: float = 30.0,
                          seed: int = 0, relax: bool = True) -> Explanation:
    """The smallest set of hard-rule instances found that together admit no roster.

    Returns an :class:`Explanation` with no conflicts (and a message) when a roster
    exists or when the search ran out of time before proving anything.
    """
    started = time.perf_counter()
    deadline = started + max(0.1, time_limit)
    problem = scenario if isinstance(scenario, Problem) else Problem(scenario)
    guarded = RosterModel(problem).build_guarded()
    out = _conflict(problem, guarded, deadline, seed)
    if relax and out.conflicts:
        necessary = [guarded.guards[c.instance] for c in out.conflicts]
        _closest_roster(problem, necessary, max(1.0, deadline - time.perf_counter()), seed,
                        out)
    out.wall_time = time.perf_counter() - started
    return out


def _conflict(problem: Problem, guarded: RosterModel, deadline: float, seed: int
              ) -> Explanation:
    """Core, deletion and verification on a guarded model (see the module docstring)."""
    guards = list(guarded.guards.values())
    by_index = {g.literal.index: g for g in guards}

    def left() -> float:
        return deadline - time.perf_counter()

    code, core_idx = _solve(guarded.model, [g.literal for g in guards], left() * 0.5, seed)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Explanation(message="a roster exists: nothing to explain")
    if code != cp_model.INFEASIBLE:
        return Explanation(message="no proof of infeasibility within the time limit")
    core = [by_index[i] for i in core_idx if i in by_index]
    if not core:  # infeasible even with no instance enforced: the structure itself
        return Explanation(proven=True, minimal=True, message=(
            "no roster exists even with every rule instance relaxed (check the shifts "
            "each person may work)"))

    # deletion: try to drop each instance in turn (cover and leave last, so that the
    # set keeps the instances a supervisor can act on)
    core.sort(key=lambda g: g.rule in ("coverage_min", "holiday_cover", "leave"))
    necessary: list[Guard] = []
    complete = True
    while core:
        candidate = core.pop(0)
        if left() <= 0:
            complete = False
            necessary.append(candidate)
            continue
        rest = necessary + core
        code, sub = _solve(guarded.model, [g.literal for g in rest],
                           left() / (len(core) + 2), seed)
        if code == cp_model.INFEASIBLE:
            keep = set(sub)
            core = [g for g in core if g.literal.index in keep]
            necessary = [g for g in necessary if g.literal.index in keep]
        else:
            necessary.append(candidate)
            complete = complete and code in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    # verify the final set alone
    code, _ = _solve(guarded.model, [g.literal for g in necessary], max(left(), 1.0), seed)
    proven = code == cp_model.INFEASIBLE
    necessary.sort(key=lambda g: (g.day if g.day is not None else -1, g.rule,
                                  g.employee if g.employee is not None else -1))
    out = Explanation(
        conflicts=[describe_instance(problem, g.rule, g.employee, g.day, g.data, g.detail)
                   for g in necessary],
        proven=proven, minimal=proven and complete)
    if not proven:
        out.message = "the conflicting set could not be verified within the time limit"
    return out


def _closest_roster(problem: Problem, conflict: list[Guard], seconds: float, seed: int,
                    out: Explanation) -> None:
    """Fill ``out.relaxed_*``: the best roster when the conflicting instances may break."""
    relaxed = RosterModel(problem)
    relaxed.guarded = True
    relaxed.relaxed = True  # minimums get a slack per missing head / minute
    relaxed.make_assignment_vars()
    relaxed.add_hard_rules()
    relaxed.add_soft_rules(fairness=False)
    breakable = {(g.rule, g.employee, g.day, g.detail) for g in conflict}
    broken = []
    for key, g in relaxed.guards.items():
        if key in breakable:
            broken.append(_RELAX_COST.get(g.rule, 1) * _BREAK * (1 - g.literal))
        else:
            relaxed.model.add(g.literal == 1)
    objective = (sum(t.weight * t.expr for t in relaxed.terms if t.weight) + sum(broken)
                 + sum(_BREAK // 100 * t.weight * t.expr for t in relaxed.slack))
    relaxed.model.minimize(objective)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.random_seed = seed
    code = solver.solve(relaxed.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    grid = relaxed.grid_from(solver.boolean_value)
    out.relaxed_roster = grid_to_frame(problem, grid)
    out.relaxed_violations = check(problem, grid).violations


def why_not(scenario: Scenario, roster: pd.DataFrame | Grid, penalty: Penalty, *,
            time_limit: float = 10.0, workers: int = 2, seed: int = 0) -> WhyNot:
    """Why a day-off or shift wish of ``roster`` was not met.

    The wish is made hard: if no roster then keeps every hard rule, the minimal set of
    rule instances in the way is returned; otherwise the best roster found within the
    time limit that meets it is compared with ``roster``, rule by rule.
    """
    started = time.perf_counter()
    deadline = started + max(0.5, time_limit)
    problem = Problem(scenario)
    grid = (frame_to_grid(problem, roster, "roster") if isinstance(roster, pd.DataFrame)
            else roster)
    meet = _wish_constraint(problem, penalty)
    out = WhyNot(penalty)

    guarded = RosterModel(problem).build_guarded()
    meet(guarded)
    conflict = _conflict(problem, guarded, started + (deadline - started) * 0.5, seed)
    if conflict.conflicts:
        out.conflicts, out.proven = conflict.conflicts, conflict.proven
        return out
    if conflict.message.startswith("no proof"):
        out.message = "undecided within the time limit"
        return out

    full = RosterModel(problem).build(hint=grid)
    meet(full)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    code = solver.solve(full.model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        out.message = "no roster meeting it was found within the time limit"
        return out
    after = totals_by_rule(full.penalties(solver.value))
    before = check(problem, grid).by_rule()
    out.cost_delta = {rule: after.get(rule, 0) - before.get(rule, 0)
                      for rule in sorted(set(after) | set(before))}
    out.extra_cost = sum(out.cost_delta.values())
    return out


def _wish_constraint(problem: Problem, penalty: Penalty) -> Callable[[RosterModel], None]:
    """A function that makes the penalised wish hard in a model."""
    if penalty.rule not in ("day_off_wish", "shift_wish") or penalty.employee is None \
            or penalty.date is None:
        raise ValueError(f"only day-off and shift wishes can be explained, not {penalty.rule}")
    e = problem.employee_idx[penalty.employee]
    d = problem.date_idx[penalty.date]
    if penalty.rule == "day_off_wish":
        def off(m: RosterModel) -> None:
            for var in m.shifts_of(e, d):
                m.model.add(var == 0)
        return off
    wish = shift_wish_of(problem, penalty)
    if wish is None:
        raise ValueError(f"no shift wish of {penalty.employee} on {penalty.date}")
    s = problem.shift_idx[wish.shift]

    def shift(m: RosterModel) -> None:
        var = m.x.get((e, d, s))
        if wish.want:
            m.model.add_bool_or([] if var is None else [var])
        elif var is not None:
            m.model.add(var == 0)
    return shift
