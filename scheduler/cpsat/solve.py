"""Solve a scenario with CP-SAT and turn the answer into a solver-free :class:`Result`."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Mapping
from typing import Any

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.cpsat import rows
from scheduler.cpsat.columns import applies, column_start
from scheduler.cpsat.explain import explain_infeasibility
from scheduler.cpsat.model import RosterModel, Term
from scheduler.problem import Problem
from scheduler.result import Penalty, Progress, Result, Status
from scheduler.roster import Grid, frame_to_grid, grid_to_frame
from scheduler.scenario import Scenario
from scheduler.service import roster_service

log = logging.getLogger("scheduler.solve")

# Share of the time left after the column-generation start that the completion (the full
# model with the dive's people held) gets; the whole model has the rest. Against 40 % on
# Curtois & Qu (60 s, seeds 0-2): 12 4092, 4065, 4187 against 4607, 4168, 4178; 8 1309,
# 1402, 1311 against 1306, 1309, 1307; 5-7 and 9-11 the same (benchmarks/README.md).
COMPLETION_SHARE = 0.7

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.MODEL_INVALID: Status.INVALID,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


class SolveCallbacks:
    """Progress hooks; override what you need (all default to doing nothing).

    ``on_solution`` is called from the solver's thread for every improving roster;
    keep it short. Stop a running solve with the ``stop`` event of :func:`solve`.
    """

    def on_start(self, num_variables: int, num_constraints: int) -> None:
        """The model is built and the search begins."""

    def on_solution(self, progress: Progress) -> None:
        """A better roster was found."""

    def on_bound(self, progress: Progress) -> None:
        """The proven lower bound improved."""

    def on_end(self, result: Result) -> None:
        """The search is over; ``result`` is what :func:`solve` returns."""


class _Relay(cp_model.CpSolverSolutionCallback):
    """Reports improving rosters; the objective is recomputed from the penalty terms.

    (Presolve may loosen ``penalty == max(...)`` to ``>=`` for variables used only in
    the objective, so the solver's own objective value of a non-optimal solution can be
    above the roster's true cost; the terms evaluated on the solution are exact.)
    """

    def __init__(self, callbacks: SolveCallbacks, start: float, terms: list[Term]) -> None:
        super().__init__()
        self.terms = terms
        self.callbacks = callbacks
        self.start = start
        self.progress: list[Progress] = []
        self.first: float | None = None
        self.bound = float("-inf")
        self.target: int | None = None  # a proven lower bound: a roster costing it ends the search

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.start
        if self.first is None:
            self.first = now
        cost = sum(t.weight * int(self.value(t.expr)) for t in self.terms if t.weight)
        if self.progress and cost >= min(p.objective for p in self.progress
                                         if p.objective == p.objective):
            return  # not an improvement on a roster reported earlier
        event = Progress(now, float(cost), self.best_objective_bound)
        self.progress.append(event)
        self.callbacks.on_solution(event)
        if self.target is not None and cost <= self.target:
            self.stop_search()

    def on_bound(self, bound: float) -> None:
        now = time.perf_counter() - self.start
        self.bound = bound
        objective = self.progress[-1].objective if self.progress else float("nan")
        event = Progress(now, objective, bound)
        self.progress.append(event)
        self.callbacks.on_bound(event)


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    callbacks: SolveCallbacks | None = None,
    stop: threading.Event | None = None,
    hint: pd.DataFrame | Grid | None = None,
    log_search: bool = False,
    explain_time_limit: float | None = 30.0,
    solver_params: Mapping[str, Any] | None = None,
) -> Result:
    """Build the CP-SAT model of ``scenario``, solve it and return a :class:`Result`.

    The search runs in three phases within ``time_limit``:

    1. a roster that keeps every hard rule (in the feasibility model a minimum that
       cannot be met shows as a positive optimum: then no roster exists); when people
       interact only through coverage (over at most 84 days), a start by column
       generation then fixes most of the team (up to half the time,
       :mod:`scheduler.cpsat.columns`) and the full model completes the roster; over
       longer horizons the first roster is found one person at a time
       (:mod:`scheduler.cpsat.rows`);
    2. the objective without the fairness rules (40% of the remaining time), which
       finds good cover fast and gives a lower bound;
    3. the full objective, warm-started from the best roster so far.

    Parameters
    ----------
    time_limit
        Seconds of wall time for all phases together.
    workers
        Parallel search workers. One worker with a fixed ``seed`` gives the same roster
        every time.
    callbacks
        Progress hooks (:class:`SolveCallbacks`): every improving roster under the full
        objective, with times counted from the start.
    stop
        Set this event from another thread to stop early; the best roster so far is kept.
    hint
        A previous roster (long table or grid) used as a warm start.
    explain_time_limit
        When no roster exists, up to this many more seconds go to finding the smallest
        set of conflicting rule instances and the closest roster
        (:attr:`Result.explanation`); ``None`` skips it.
    solver_params
        CP-SAT parameters (``SatParameters`` field names, e.g.
        ``{"subsolvers": ["max_lp", "core"]}``) for the optimisation phases 2 and 3;
        they override the defaults chosen here. An unknown name is a ``ValueError``.
    """
    callbacks = callbacks or SolveCallbacks()
    options = _check_params(solver_params)
    started = time.perf_counter()
    deadline = started + max(0.05, float(time_limit))
    problem = Problem(scenario)
    hint_grid = (frame_to_grid(problem, hint, "warm start", skip_outside=True)
                 if isinstance(hint, pd.DataFrame) else hint)

    full = RosterModel(problem).build()
    proto = full.model.proto
    num_vars, num_cons = len(proto.variables), len(proto.constraints)
    log.info("model: %d variables, %d constraints", num_vars, num_cons)
    callbacks.on_start(num_vars, num_cons)

    def finish(result: Result) -> Result:
        result.warnings = list(problem.calendar_notes)
        if result.roster is not None and scenario.demand:
            result.service = roster_service(problem, best.grid)
        result.wall_time = time.perf_counter() - started
        result.num_variables, result.num_constraints = num_vars, num_cons
        callbacks.on_end(result)
        return result

    relay = _Relay(callbacks, started, full.terms)
    best = _Incumbent(full, relay, seed)
    stopped = False
    # Phase 1: any roster that keeps the hard rules (or the proof that none exists). A
    # warm start that keeps them all is that roster already.
    if hint_grid is None or not best.offer(hint_grid):
        outcome, start_grid, stopped = _first_roster(problem, hint_grid, deadline, workers,
                                                     seed, stop, log_search)
        if start_grid is None:
            result = Result(outcome, None, stopped=stopped, message={
                Status.INFEASIBLE: "no roster satisfies every hard rule",
                Status.INVALID: "the model is invalid",
            }.get(outcome, "no roster found within the time limit"))
            if outcome is Status.INFEASIBLE and explain_time_limit is not None and not stopped:
                result.explanation = explain_infeasibility(
                    problem, time_limit=explain_time_limit, seed=seed)
            return finish(result)
        log.info("phase 1: a roster keeping every hard rule after %.2fs",
                 time.perf_counter() - started)
        if not best.offer(start_grid):  # pragma: no cover - phase 1 keeps every hard rule
            return finish(Result(Status.UNKNOWN, None, message="internal error: the first"
                                 " roster breaks a hard rule"))

    lower = 0.0  # a proven lower bound of every roster's cost
    # Phase 1b: when people interact only through coverage, a start by column
    # generation (scheduler.cpsat.columns) fixes most of the team; the full model
    # completes the roster for the others.
    if applies(problem) and not (stopped or time.perf_counter() >= deadline):
        start = column_start(problem, best.grid, deadline=_share(deadline, 0.5),
                             workers=workers, seed=seed, stop=stop)
        stopped = stop is not None and stop.is_set()
        if start is not None:
            lower = max(lower, start.bound)
            relay.target = _proven(lower) if lower > 0 else None
        if start is not None and not stopped and best.objective > _proven(lower):
            completion = _Run(full.fixed_copy(start.grid, start.fixed),
                              _share(deadline, COMPLETION_SHARE),
                              workers, seed, stop, log_search, relay=relay, options=options)
            stopped = completion.stopped
            if completion.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                best.take(completion.solver)
            log.info("phase 1b (columns, %d of %d people fixed): %s after %.2fs",
                     len(start.fixed), problem.num_employees,
                     completion.solver.status_name(completion.code),
                     time.perf_counter() - started)

    # Phase 2: everything but fairness, warm-started from that roster. This smaller
    # model finds good cover much faster, and its bound is a bound of the full model
    # (every penalty is non-negative).
    weights = scenario.rules.weights
    if (weights.fair_hours or weights.fair_evenings or weights.fair_weekends) and not (
            stopped or time.perf_counter() >= deadline):
        primary = RosterModel(problem).build(hint=best.grid, fairness=False)
        second = _Run(primary.model, _share(deadline, 0.4), workers, seed, stop, log_search,
                      options=options)
        stopped = second.stopped
        if second.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            lower = max(lower, second.solver.best_objective_bound)
            best.offer(primary.grid_from(second.solver.boolean_value))
        log.info("phase 2 (without fairness): %s after %.2fs",
                 second.solver.status_name(second.code), time.perf_counter() - started)

    # Phase 3: the full objective, warm-started from the best roster with every
    # auxiliary value filled in (a complete hint is accepted at once).
    proven = _proven(lower)
    if not stopped and best.objective > proven and time.perf_counter() < deadline:
        full.add_full_hint(best.values)
        relay.target = proven if proven > 0 else None
        third = _Run(full.model, deadline, workers, seed, stop, log_search, relay=relay,
                     report_bounds=True, options=options)
        stopped = third.stopped
        if third.code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            lower = max(lower, third.solver.best_objective_bound)
            best.take(third.solver)
            rotation = scenario.rules.rotation
            if rotation is not None and rotation.mode == "soft":
                # the rotation offsets are not functions of the roster: evaluate the
                # final roster with the best offsets (its exact cost)
                best.offer(best.grid)
    bound = float(min(_proven(lower), best.objective))
    status = Status.OPTIMAL if best.objective <= bound else Status.FEASIBLE
    return finish(Result(
        status=status, roster=grid_to_frame(problem, best.grid), objective=best.objective,
        best_bound=bound, penalties=best.penalties, time_to_first=relay.first,
        progress=relay.progress, stopped=stopped))


def _first_roster(problem: Problem, hint: Grid | None, deadline: float, workers: int,
                  seed: int, stop: threading.Event | None,
                  log_search: bool) -> tuple[Status, Grid | None, bool]:
    """A roster keeping every hard rule: (status, roster or None, stopped by the user).

    Two searches race, each with half the workers (at least two each): the hard rules
    alone (often fastest on large teams) and the elastic feasibility model (fastest when
    contract minimums make plain search wander; its optimum above zero proves that no
    roster exists). With one worker only the elastic model runs, so that the result is
    reproducible.

    When people interact only through coverage over a long horizon
    (:func:`scheduler.cpsat.rows.applies`), each person's row is sought alone first;
    when some are not found, the closest rows warm-start the race.
    """
    if hint is None and rows.applies(problem):
        grid, found = rows.first_rows(problem, deadline=deadline, workers=workers,
                                      seed=seed, stop=stop)
        stopped = stop is not None and stop.is_set()
        if found is not Status.UNKNOWN or stopped:
            return found, grid if found is Status.FEASIBLE else None, stopped
        hint = grid  # the closest rows warm-start the whole-team search
    elastic = RosterModel(problem).build_feasibility(hint=hint)
    strict = RosterModel(problem).build_hard(hint=hint) if workers > 1 else None
    race = threading.Event()
    runs: dict[str, _Run] = {}

    def run(name: str, model: RosterModel, share: int, **options: Any) -> None:
        runs[name] = _Run(model.model, deadline, share, seed, stop, log_search, race=race,
                          **options)
        race.set()  # whatever it found (a roster, a proof, nothing) ends the race

    if strict is None:
        run("elastic", elastic, workers, stop_at_objective=0)
    else:
        # each side gets at least two workers: one CP-SAT worker runs a single search
        # strategy, which can miss for minutes a roster that two find in seconds
        half = max(2, workers // 2)
        threads = [threading.Thread(target=run, args=("elastic", elastic,
                                                      max(2, workers - half)),
                                    kwargs={"stop_at_objective": 0}, daemon=True),
                   threading.Thread(target=run, args=("strict", strict, half),
                                    kwargs={"first_solution": True}, daemon=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    stopped = any(r.stopped for r in runs.values())
    for name, r in runs.items():
        if r.code == cp_model.MODEL_INVALID:
            log.error("%s model invalid: %s", name, r.solver.solution_info())
            return Status.INVALID, None, stopped
    e = runs["elastic"]
    elastic_cost = (round(e.solver.objective_value)
                    if e.code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None)
    if elastic_cost == 0:
        return Status.FEASIBLE, elastic.grid_from(e.solver.boolean_value), stopped
    s = runs.get("strict")
    if strict is not None and s is not None and s.code in (cp_model.OPTIMAL,
                                                           cp_model.FEASIBLE):
        return Status.FEASIBLE, strict.grid_from(s.solver.boolean_value), stopped
    # the bound is reported even when the search stopped before any solution
    elastic_bound = (e.solver.best_objective_bound
                     if e.code in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.UNKNOWN)
                     else 0.0)
    if (e.code == cp_model.INFEASIBLE or (s is not None and s.code == cp_model.INFEASIBLE)
            or elastic_bound > 0.5):
        return Status.INFEASIBLE, None, stopped
    return Status.UNKNOWN, None, stopped


def _proven(lower: float) -> int:
    """Every penalty is an integer: a floating-point lower bound rounded up (a bound of
    0.9999999999999998 proves 1)."""
    return math.ceil(lower - 1e-6)


def _share(deadline: float, share: float) -> float:
    """A deadline ``share`` of the way from now to ``deadline``."""
    now = time.perf_counter()
    return now + max(0.0, deadline - now) * share


class _Incumbent:
    """The best roster so far under the full objective, with every variable's value."""

    def __init__(self, full: RosterModel, relay: _Relay, seed: int) -> None:
        self.full = full
        self.relay = relay
        self.seed = seed
        self.objective: int = 0
        self.grid: Grid = []
        self.values: list[int] = []
        self.penalties: list[Penalty] = []

    def offer(self, grid: Grid) -> bool:
        """Evaluate a roster (every assignment fixed) and keep it if it is better.

        False when the roster breaks a hard rule (or cannot be evaluated).
        """
        run = _Run(self.full.fixed_copy(grid), time.perf_counter() + 60.0, 1, self.seed, None,
                   False, relay=self.relay)
        if run.code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        self.take(run.solver)
        return True

    def take(self, solver: cp_model.CpSolver) -> None:
        penalties = self.full.penalties(solver.value)
        objective = sum(p.amount for p in penalties)
        if self.grid and objective >= self.objective:
            return
        self.objective, self.penalties = objective, penalties
        self.grid = self.full.grid_from(solver.boolean_value)
        self.values = list(solver.response_proto.solution)


class _Run:
    """One CP-SAT search with a deadline, an optional stop event and callbacks."""

    def __init__(self, model: cp_model.CpModel, deadline: float, workers: int, seed: int,
                 stop: threading.Event | None, log_search: bool, *,
                 relay: _Relay | None = None, stop_at_objective: int | None = None,
                 report_bounds: bool = False, first_solution: bool = False,
                 race: threading.Event | None = None,
                 options: Mapping[str, Any] | None = None) -> None:
        self.solver = solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(0.01, deadline - time.perf_counter())
        params.num_workers = max(1, int(workers))
        params.random_seed = int(seed)
        params.log_search_progress = log_search
        if stop_at_objective is not None:
            params.absolute_gap_limit = 0.5  # integer objective: stop on a proven optimum
        params.stop_after_first_solution = first_solution
        if options is not None:  # the optimisation phases: portfolio, then the caller's
            _set_params(params, params_for_workers(params.num_workers))
            _set_params(params, options)
        callback: cp_model.CpSolverSolutionCallback | None = relay
        if relay is not None and report_bounds:
            solver.best_bound_callback = relay.on_bound
        elif stop_at_objective is not None:
            callback = _StopAt(stop_at_objective)
            target = stop_at_objective

            def on_bound(bound: float) -> None:
                if bound > target + 0.5:  # the target is out of reach: proven
                    solver.stop_search()

            solver.best_bound_callback = on_bound
        stopped = threading.Event()
        done = threading.Event()
        watcher = None
        if stop is not None or race is not None:
            def watch() -> None:
                while not done.wait(0.05):
                    if stop is not None and stop.is_set():
                        stopped.set()
                        solver.stop_search()
                        return
                    if race is not None and race.is_set():
                        solver.stop_search()
                        return

            watcher = threading.Thread(target=watch, name="solve-stop-watcher", daemon=True)
            watcher.start()
        try:
            self.code = solver.solve(model, callback)
        finally:
            done.set()
            if watcher is not None:
                watcher.join()
        self.stopped = stopped.is_set()


def _check_params(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The caller's CP-SAT parameters, checked against ``SatParameters`` once."""
    options = dict(options or {})
    try:
        _set_params(cp_model.CpSolver().parameters, options)
    except ValueError as exc:
        raise ValueError(f"solver_params: {exc}") from None
    return options


def _set_params(params: Any, options: Mapping[str, Any]) -> None:
    for name, value in options.items():
        if name.startswith("_") or not hasattr(params, name):
            raise ValueError(f"{name!r} is not a CP-SAT parameter")
        try:
            if isinstance(value, (list, tuple)):
                field = getattr(params, name)
                field.clear()
                field.extend(list(value))
            else:
                setattr(params, name, value)
        except (AttributeError, TypeError) as exc:
            raise ValueError(f"{name!r} cannot be set to {value!r}") from exc


# Full-problem searches in the order they are given workers; one worker is always left to
# the large-neighbourhood moves. The LP with every cut (max_lp) comes first: on rosters
# its bound and its own rosters are the best of all (benchmarks/README.md).
_PORTFOLIO = ("max_lp", "core", "default_lp", "quick_restart", "no_lp", "reduced_costs",
              "pseudo_costs")


def params_for_workers(workers: int) -> dict[str, Any]:
    """The CP-SAT settings of the optimisation phases for a number of workers.

    One worker: a single search with the full linear relaxation. Two to seven: that
    search plus ``workers - 2`` others of the portfolio and one worker of neighbourhood
    moves. Eight or more: CP-SAT's own portfolio, which has them all.
    """
    if workers <= 1:
        return {"linearization_level": 2}
    if workers >= 8:
        return {}
    return {"subsolvers": list(_PORTFOLIO[:workers - 1])}


class _StopAt(cp_model.CpSolverSolutionCallback):
    def __init__(self, target: int) -> None:
        super().__init__()
        self.target = target

    def on_solution_callback(self) -> None:
        if self.objective_value <= self.target:
            self.stop_search()
