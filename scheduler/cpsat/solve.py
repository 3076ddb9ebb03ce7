"""Solve a scenario with CP-SAT and turn the answer into a solver-free :class:`Result`."""

from __future__ import annotations

import logging
import threading
import time

import pandas as pd
from ortools.sat.python import cp_model

from scheduler.cpsat.model import RosterModel
from scheduler.problem import Problem
from scheduler.result import Progress, Result, Status
from scheduler.roster import Grid, frame_to_grid, grid_to_frame
from scheduler.scenario import Scenario

log = logging.getLogger("scheduler.solve")

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
    def __init__(self, callbacks: SolveCallbacks, start: float) -> None:
        super().__init__()
        self.callbacks = callbacks
        self.start = start
        self.progress: list[Progress] = []
        self.first: float | None = None
        self.bound = float("-inf")

    def on_solution_callback(self) -> None:
        now = time.perf_counter() - self.start
        if self.first is None:
            self.first = now
        event = Progress(now, self.objective_value, self.best_objective_bound)
        self.progress.append(event)
        self.callbacks.on_solution(event)

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
) -> Result:
    """Build the CP-SAT model of ``scenario``, solve it and return a :class:`Result`.

    Parameters
    ----------
    time_limit
        Seconds of wall time for the search.
    workers
        Parallel search workers. One worker with a fixed ``seed`` gives the same roster
        every time.
    callbacks
        Progress hooks (:class:`SolveCallbacks`).
    stop
        Set this event from another thread to stop early; the best roster so far is kept.
    hint
        A previous roster (long table or grid) used as a warm start.
    """
    callbacks = callbacks or SolveCallbacks()
    started = time.perf_counter()
    problem = Problem(scenario)
    hint_grid = frame_to_grid(problem, hint) if isinstance(hint, pd.DataFrame) else hint
    built = RosterModel(problem).build(hint=hint_grid)
    proto = built.model.proto
    num_vars, num_cons = len(proto.variables), len(proto.constraints)
    log.info("model: %d variables, %d constraints", num_vars, num_cons)

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = max(0.01, float(time_limit))
    params.num_workers = max(1, int(workers))
    params.random_seed = int(seed)
    params.log_search_progress = log_search
    relay = _Relay(callbacks, started)
    solver.best_bound_callback = relay.on_bound
    callbacks.on_start(num_vars, num_cons)

    watcher_done = threading.Event()
    stopped = threading.Event()
    watcher = None
    if stop is not None:
        def watch() -> None:
            while not watcher_done.wait(0.05):
                if stop.is_set():
                    stopped.set()
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, name="solve-stop-watcher", daemon=True)
        watcher.start()
    try:
        code = solver.solve(built.model, relay)
    finally:
        watcher_done.set()
        if watcher is not None:
            watcher.join()

    status = _STATUS.get(code, Status.UNKNOWN)
    result = Result(status=status, roster=None, wall_time=time.perf_counter() - started,
                    time_to_first=relay.first, progress=relay.progress,
                    num_variables=num_vars, num_constraints=num_cons,
                    stopped=stopped.is_set())
    if status in (Status.OPTIMAL, Status.FEASIBLE):
        grid = built.grid_from(solver.boolean_value)
        result.roster = grid_to_frame(problem, grid)
        result.objective = round(solver.objective_value)
        result.best_bound = solver.best_objective_bound
        result.penalties = built.penalties(solver.value)
    elif status is Status.INFEASIBLE:
        result.message = "no roster satisfies every hard rule"
    elif status is Status.UNKNOWN:
        result.message = "no roster found within the time limit"
    else:
        result.message = "the model is invalid: " + solver.solution_info()
    callbacks.on_end(result)
    return result
