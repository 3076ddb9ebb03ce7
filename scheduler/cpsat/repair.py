"""Mend a published roster after new absences, changing as few cells as possible.

Three searches, each warm-started from the previous answer and each keeping every hard
rule:

1. fewest changed cells (days before ``start`` are fixed as worked; the absences'
   own cells do not count, they must change);
2. with that many changes at most, fewest paid minutes moved;
3. with both held, the scenario's usual objective.

A search that runs out of time keeps its best answer; the result says whether the
number of changes is proven to be the minimum.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.changes import (
    Absence,
    Change,
    RepairResult,
    change_cover,
    cover_text,
    diff_rosters,
    published_grid,
    with_absences,
)
from scheduler.cpsat.model import LinearExpr, RosterModel
from scheduler.problem import Problem
from scheduler.result import Status
from scheduler.roster import Grid, grid_to_frame
from scheduler.scenario import Scenario


def repair(scenario: Scenario, published: pd.DataFrame | Grid,
           absences: Sequence[Absence] = (), *, start: dt.date | None = None,
           time_limit: float = 10.0, workers: int = 2, seed: int = 0,
           source: str = "published roster") -> RepairResult:
    """The published roster mended for ``absences`` (new approved leave).

    ``start``: the first date that may change (default: the first absence, or the
    horizon's start); earlier days stay as published. ``source`` names the published
    roster in error messages (e.g. its file). Raises
    :class:`~scheduler.io.ScenarioError` for unknown people or dates outside the horizon
    and :class:`~scheduler.roster.RosterError` for a roster that does not fit the
    scenario.
    """
    started = time.perf_counter()
    deadline = started + max(0.5, time_limit)
    old = Problem(scenario)
    before = published_grid(old, published, source)
    new_scenario = with_absences(scenario, list(absences))
    problem = Problem(new_scenario)
    if start is None:
        start = min((a.start for a in absences), default=problem.dates[0])
    first = max(0, min(problem.num_days, (start - problem.dates[0]).days))

    clash = [(a.employee, day) for a in absences for day in a.days()
             if day in problem.date_idx and problem.date_idx[day] < first
             and before[problem.employee_idx[a.employee]][problem.date_idx[day]] >= 0]
    if clash:
        emp, day = clash[0]
        return RepairResult(Status.INVALID, None, message=(
            f"{emp} is absent on {day}, before the first date that may change ({start}):"
            " move --from to that date or earlier"))

    # phases 1 and 2 on the hard rules alone (a much smaller model: seconds instead of
    # tens of seconds on a 60 x 42 team), phase 3 on the full objective
    hard = _restricted(RosterModel(problem).build_hard(), before, first)
    for (e, d, s), var in hard.x.items():  # a warm start from the published roster
        hard.model.add_hint(var, 1 if before[e][d] == s else 0)
    changed, moved = _change_exprs(hard, before, first)

    def run(model: cp_model.CpModel, objective: LinearExpr, share: float
            ) -> tuple[Any, cp_model.CpSolver]:
        model.minimize(objective)
        solver = cp_model.CpSolver()
        now = time.perf_counter()
        solver.parameters.max_time_in_seconds = max(0.05, (deadline - now) * share)
        solver.parameters.num_workers = max(1, workers)
        solver.parameters.random_seed = seed
        return solver.solve(model), solver

    found = (cp_model.OPTIMAL, cp_model.FEASIBLE)
    code, solver = run(hard.model, sum(changed), 0.4)
    if code not in found:
        status = Status.INFEASIBLE if code == cp_model.INFEASIBLE else Status.UNKNOWN
        return RepairResult(status, None, wall_time=time.perf_counter() - started, message=(
            "no roster keeps every hard rule with these absences and the fixed days"
            if status is Status.INFEASIBLE else "no mended roster found within the time limit"))
    proven = code == cp_model.OPTIMAL
    fewest = round(solver.objective_value)
    _hint_from(hard.model, solver)
    hard.model.add(sum(changed) <= fewest)
    code, solver2 = run(hard.model, moved, 0.35)
    if code in found:
        solver = solver2
    least_moved = round(solver.value(moved))
    grid = hard.grid_from(solver.boolean_value)

    full = _restricted(RosterModel(problem).build(), before, first)
    full_changed, full_moved = _change_exprs(full, before, first)
    full.model.add(sum(full_changed) <= fewest)
    full.model.add(full_moved <= least_moved)
    objective = sum(t.weight * t.expr for t in full.terms if t.weight)
    # the phase-2 roster, evaluated under the full model: its cost, and a complete warm
    # start (every auxiliary value filled in) for phase 3
    evaluation = cp_model.CpSolver()
    evaluation.parameters.num_workers = 1
    evaluation.parameters.max_time_in_seconds = 30.0
    copy = full.fixed_copy(grid)
    copy.minimize(objective)
    if evaluation.solve(copy) in found:
        penalties = full.penalties(evaluation.value)
        full.add_full_hint(list(evaluation.response_proto.solution))
        code, solver3 = run(full.model, objective, 1.0)
        if code in found and solver3.objective_value < sum(p.amount for p in penalties):
            grid = full.grid_from(solver3.boolean_value)
            penalties = full.penalties(solver3.value)
    else:  # pragma: no cover - the phase-2 roster keeps every hard rule
        penalties = []
    changes = diff_rosters(problem, before, grid)
    changes = [_with_cover(problem, grid, c) for c in changes]
    return RepairResult(
        Status.FEASIBLE, grid_to_frame(problem, grid), changes,
        changed_cells=sum(1 for c in changes if not c.forced),
        minutes_moved=_moved(problem, changes), min_changes_proven=proven,
        objective=sum(p.amount for p in penalties), penalties=penalties,
        wall_time=time.perf_counter() - started)


def _restricted(model: RosterModel, before: Grid, first: int) -> RosterModel:
    """The model with the days before ``first`` kept as published."""
    for e in range(model.problem.num_employees):
        for d in range(first):
            _fix(model, e, d, before[e][d])
    return model


def _fix(full: RosterModel, e: int, d: int, code: int) -> None:
    """Keep cell (e, d) as published."""
    for s in range(full.problem.num_shifts):
        var = full.x.get((e, d, s))
        if var is not None:
            full.model.add(var == (1 if s == code else 0))
    if code >= 0 and (e, d, code) not in full.x:
        full.model.add_bool_or([])  # the published shift is no longer possible


def _change_exprs(full: RosterModel, before: Grid, first: int
                  ) -> tuple[list[LinearExpr], LinearExpr]:
    """Per free cell: 1 when it differs from the published roster (cells that must
    change count 0), and the sum of |paid minutes after - before|."""
    p = full.problem
    changed: list[LinearExpr] = []
    moved: list[LinearExpr] = []
    for e in range(p.num_employees):
        for d in range(first, p.num_days):
            code = before[e][d]
            if code < 0:
                changed.append(full.works(e, d))
            else:
                var = full.x.get((e, d, code))
                if var is None:
                    continue  # the absence (or a shift no longer allowed): it must change
                changed.append(1 - var)
            old = p.paid_minutes[code] if code >= 0 else 0
            now = full.minutes(e, d)
            if isinstance(now, int):
                moved.append(abs(now - old))
                continue
            diff = full.model.new_int_var(0, 24 * 60, f"moved[{e},{d}]")
            full.model.add_abs_equality(diff, now - old)
            moved.append(diff)
    return changed, sum(moved)


def _hint_from(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    model.clear_hints()
    hint = model.proto.solution_hint
    values = solver.response_proto.solution
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def _moved(problem: Problem, changes: list[Change]) -> int:
    """Paid minutes moved by the changes beyond the absences themselves."""
    def mins(label: str) -> int:
        code = problem.code_of(label)
        return problem.paid_minutes[code] if code >= 0 else 0
    return sum(abs(mins(c.after) - mins(c.before)) for c in changes if not c.forced)


def _with_cover(problem: Problem, grid: Grid, change: Change) -> Change:
    return dataclasses.replace(change, cover=cover_text(change_cover(problem, grid, change)))
