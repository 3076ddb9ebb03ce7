"""A first roster one person at a time, for long horizons.

When people interact only through coverage and no coverage minimum is hard, any
combination of rows that each keep their own person's hard rules is a roster that
keeps every hard rule. Over a long horizon that is much faster to find one person at
a time than for the whole team at once: on the Curtois & Qu instances 22-24 (50-150
people x 364 days) the feasibility searches over the whole team found no roster within
300 s, while one person's row takes 0.3-1.5 s.

Even one person's row can be hard to find when it must be packed almost as densely
as the rules allow (instance 22: 232 shifts in 364 days with a month of fixed days
off, runs of 2-5 days, at least 2 days off, at most 26 weekends; CP-SAT alone, with
the full linear relaxation, found no such row in 10 s for 32 of the 50 people). So
the search first looks only among the days that
:func:`scheduler.workdays.most_workdays` chooses (every row found in under a second),
and only when that fails over the whole horizon, with the full linear relaxation and
warm-started from the best row so far.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ortools.sat.python import cp_model

from scheduler.cpsat.columns import MAX_DAYS, person_scenarios, separable
from scheduler.cpsat.model import RosterModel
from scheduler.problem import LEAVE_IDX, OFF_IDX, Problem
from scheduler.result import Status
from scheduler.roster import Grid
from scheduler.workdays import most_workdays

log = logging.getLogger("scheduler.rows")

EFFORT = 5.0  # deterministic seconds per search for one person's row


def applies(problem: Problem) -> bool:
    """True over horizons longer than ``MAX_DAYS`` (shorter ones are found fast by the
    whole-team search) when people interact only through coverage
    (:func:`scheduler.cpsat.columns.separable`) and no coverage minimum is hard."""
    return (problem.num_days > MAX_DAYS and separable(problem)
            and all(not need.min or need.min_soft for need in problem.coverage))


def first_rows(problem: Problem, *, deadline: float, workers: int, seed: int,
               stop: threading.Event | None = None) -> tuple[Grid, Status]:
    """Each person's row, found alone, and what they make:

    * ``FEASIBLE``: every row keeps its person's hard rules, so the roster keeps them all;
    * ``INFEASIBLE``: for somebody no row keeps them (proven), so no roster does;
    * ``UNKNOWN``: some rows break them; those are the closest found (the least shortfall
      of the minimums), to warm-start a whole-team search.

    Each search runs on one worker with ``seed`` and a deterministic time limit, so the
    rows are the same every time (unless ``deadline`` cuts a search short).
    """
    alone = person_scenarios(problem.scenario)

    def row(e: int) -> tuple[list[int], Status]:
        if (stop is not None and stop.is_set()) or time.perf_counter() >= deadline:
            return [], Status.UNKNOWN
        person = Problem(alone[e])
        workable = most_workdays(problem, e)
        best: list[int] = []
        for restricted in (True, False):
            model = RosterModel(person).build_feasibility(
                hint=[best] if best else None)
            if restricted:
                for (_, d, _), var in model.x.items():
                    if not workable[d]:
                        model.model.add(var == 0)
            solver = cp_model.CpSolver()
            solver.parameters.num_workers = 1
            solver.parameters.random_seed = seed
            solver.parameters.max_deterministic_time = EFFORT
            if restricted:
                # without presolve: half the time on the restricted days (Curtois & Qu
                # 24: 0.57 s a person against 1.13 s; 22 and 23 a quarter less)
                solver.parameters.cp_model_presolve = False
            else:
                # the full linear relaxation: e.g. Curtois & Qu 24, person DC (hours
                # within 12 h of the limit from shifts of 8, 10 and 12 h): a row in 2.2 s,
                # none in 10 s without it
                solver.parameters.linearization_level = 2
            solver.parameters.max_time_in_seconds = max(0.0, deadline - time.perf_counter())
            code = solver.solve(model.model)
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                best = model.grid_from(solver.boolean_value)[0]
                if round(solver.objective_value) == 0:
                    return best, Status.FEASIBLE
            if not restricted and (code == cp_model.INFEASIBLE
                                   or solver.best_objective_bound > 0.5):
                return best, Status.INFEASIBLE  # the least shortfall is above zero
            log.info("person %s: no row keeping every hard rule (%s, restricted: %s)",
                     problem.scenario.employees[e].id, solver.status_name(code), restricted)
        return best, Status.UNKNOWN

    with ThreadPoolExecutor(max(1, workers)) as pool:
        found = list(pool.map(row, range(problem.num_employees)))
    grid: Grid = []
    for e, (cells, _) in enumerate(found):
        # a person without any row found stays off (the leave days as leave)
        grid.append(cells or [LEAVE_IDX if d in problem.leave_days[e] else OFF_IDX
                              for d in range(problem.num_days)])
    states = {state for _, state in found}
    if Status.INFEASIBLE in states:
        return grid, Status.INFEASIBLE
    return grid, Status.FEASIBLE if states == {Status.FEASIBLE} else Status.UNKNOWN
