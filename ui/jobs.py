"""A solve running in a background thread, reporting progress to the page that polls it.

The thread never touches Streamlit: it writes into this object (under a lock) and the
page reads a snapshot on each poll.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import pandas as pd

from scheduler import Progress, Result, RosterError, Scenario, SolveCallbacks, solve


@dataclass(frozen=True)
class Point:
    """One progress event: seconds since the start, cost of the best roster, bound."""

    time: float
    objective: float | None
    bound: float | None


@dataclass(frozen=True)
class Snapshot:
    elapsed: float
    points: list[Point]
    done: bool
    stopping: bool


@dataclass
class Solved:
    """A finished solve and the scenario it was solved for."""

    scenario: Scenario
    scenario_key: str
    result: Result
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


def _number(value: float) -> float | None:
    return None if value != value or value in (float("inf"), float("-inf")) else float(value)


class SolveJob(SolveCallbacks):
    """Runs :func:`scheduler.solve` in a thread; ``stop()`` keeps the best roster."""

    def __init__(self, scenario: Scenario, scenario_key: str, *, time_limit: float,
                 workers: int, seed: int, hint: pd.DataFrame | None = None) -> None:
        self.scenario = scenario
        self.scenario_key = scenario_key
        self.time_limit = float(time_limit)
        self.workers = int(workers)
        self.seed = int(seed)
        self.hint = hint
        self.stop_event = threading.Event()
        self.done_event = threading.Event()
        self._lock = threading.Lock()
        self._points: list[Point] = []
        self.started = time.monotonic()
        self.finished: float | None = None
        self.solved: Solved | None = None
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="roster-solve", daemon=True)

    def start(self) -> SolveJob:
        self.started = time.monotonic()
        self._thread.start()
        return self

    # ------------------------------------------------------------ solver thread
    def _run(self) -> None:
        try:
            try:
                result = self._solve(self.hint)
            except RosterError:  # the previous roster no longer fits the scenario
                result = self._solve(None)
            self.solved = Solved(self.scenario, self.scenario_key, result)
        except Exception as exc:  # shown on the page as a message, never a traceback
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.finished = time.monotonic()
            self.done_event.set()

    def _solve(self, hint: pd.DataFrame | None) -> Result:
        return solve(self.scenario, time_limit=self.time_limit, workers=self.workers,
                     seed=self.seed, callbacks=self, stop=self.stop_event, hint=hint)

    def on_solution(self, progress: Progress) -> None:
        # the bound is taken from on_bound only: rosters evaluated on their own (the
        # warm starts) report their own cost as the bound
        self._add(Point(progress.time, _number(progress.objective), None))

    def on_bound(self, progress: Progress) -> None:
        self._add(Point(progress.time, None, _number(progress.bound)))

    def _add(self, point: Point) -> None:
        with self._lock:
            self._points.append(point)

    # ------------------------------------------------------------ page side
    def stop(self) -> None:
        self.stop_event.set()

    @property
    def done(self) -> bool:
        return self.done_event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.done_event.wait(timeout)

    def snapshot(self) -> Snapshot:
        with self._lock:
            points = list(self._points)
        end = self.finished if self.finished is not None else time.monotonic()
        return Snapshot(end - self.started, points, self.done, self.stop_event.is_set())
