"""The solve() API: result fields, determinism, progress callbacks, stopping, warm start."""

from __future__ import annotations

import threading

import pandas as pd
from conftest import NO_SOFT, SCENARIOS, make_scenario

from scheduler import (
    Progress,
    Result,
    Scenario,
    SolveCallbacks,
    Status,
    check,
    load_scenario,
    solve,
)


def team() -> Scenario:
    """Five people, two weeks, many equally good rosters; no fairness rules, so that one
    worker proves the optimum within a second."""
    weights = {**NO_SOFT, "coverage_target": 1000, "coverage_excess": 100,
               "day_off_wish": 300}
    return make_scenario(num_days=14, people=5, weights=weights, coverage=[
        {"shift": "D", "min": 1, "target": 2}, {"shift": "E", "min": 1, "target": 3}],
        day_off_wishes=[{"employee": "P2", "date": "2026-11-03"}])


def test_result_fields() -> None:
    sc = team()
    result = solve(sc, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert result.is_feasible() and result.has_roster
    assert result.gap == 0.0
    assert result.best_bound == result.objective
    assert result.time_to_first is not None and result.time_to_first <= result.wall_time
    assert result.num_variables > 0 and result.num_constraints > 0
    frame = result.penalties_frame()
    assert list(frame.columns) == ["rule", "employee_id", "date", "amount", "detail"]
    assert frame["amount"].sum() == result.objective
    assert "status: optimal" in result.summary()


def test_one_worker_and_a_seed_give_the_same_roster() -> None:
    sc = team()
    first = solve(sc, time_limit=20, workers=1, seed=7)
    second = solve(sc, time_limit=20, workers=1, seed=7)
    assert first.status is Status.OPTIMAL
    assert first.roster is not None and second.roster is not None
    pd.testing.assert_frame_equal(first.roster, second.roster)


class Recorder(SolveCallbacks):
    def __init__(self) -> None:
        self.started: tuple[int, int] | None = None
        self.solutions: list[Progress] = []
        self.ended: Result | None = None

    def on_start(self, num_variables: int, num_constraints: int) -> None:
        self.started = (num_variables, num_constraints)

    def on_solution(self, progress: Progress) -> None:
        self.solutions.append(progress)

    def on_end(self, result: Result) -> None:
        self.ended = result


def test_callbacks_report_every_improving_roster() -> None:
    rec = Recorder()
    result = solve(load_scenario(SCENARIOS / "taobao_three_shift.yaml"), time_limit=3,
                   callbacks=rec)
    assert rec.started == (result.num_variables, result.num_constraints)
    assert rec.ended is result
    objectives = [p.objective for p in rec.solutions]
    assert objectives and objectives == sorted(objectives, reverse=True)
    assert objectives[-1] == result.objective


class StopAfterFirst(SolveCallbacks):
    def __init__(self, stop: threading.Event) -> None:
        self.stop = stop

    def on_solution(self, progress: Progress) -> None:
        self.stop.set()


def test_stop_keeps_the_best_roster_so_far() -> None:
    scenario = load_scenario(SCENARIOS / "outsourcing_multishop.yaml")
    stop = threading.Event()
    result = solve(scenario, time_limit=60, stop=stop, callbacks=StopAfterFirst(stop))
    assert result.stopped
    assert result.wall_time < 30
    assert result.status in (Status.FEASIBLE, Status.OPTIMAL)
    assert result.roster is not None
    report = check(scenario, result.roster)
    assert report.ok and report.total == result.objective


def test_warm_start_from_a_previous_roster() -> None:
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    before = solve(scenario, time_limit=5)
    assert before.roster is not None and before.objective is not None
    again = solve(scenario, time_limit=2, hint=before.roster)
    assert again.objective is not None
    assert again.progress and again.progress[0].objective <= before.objective
    assert again.objective <= before.objective


def test_infeasible_result() -> None:
    result = solve(load_scenario(SCENARIOS / "infeasible_small.yaml"), time_limit=5)
    assert result.status is Status.INFEASIBLE
    assert result.roster is None and not result.is_feasible()
    assert "no roster" in result.message


def test_solver_params_reach_the_search_and_bad_names_are_refused() -> None:
    import pytest

    from scheduler.cpsat.solve import params_for_workers

    sc = team()
    # a search portfolio given by the caller still proves the optimum
    result = solve(sc, time_limit=20, workers=2,
                   solver_params={"subsolvers": ["default_lp"], "linearization_level": 0})
    assert result.status is Status.OPTIMAL and result.roster is not None
    assert check(sc, result.roster).total == result.objective
    # a limit given by the caller is obeyed: no time for the optimisation phases
    tiny = solve(sc, time_limit=20, workers=1, solver_params={"max_time_in_seconds": 0.0})
    assert tiny.has_roster and tiny.wall_time < 10
    with pytest.raises(ValueError, match="'no_such_option' is not a CP-SAT parameter"):
        solve(sc, time_limit=5, solver_params={"no_such_option": 1})
    with pytest.raises(ValueError, match="'linearization_level' cannot be set to 'high'"):
        solve(sc, time_limit=5, solver_params={"linearization_level": "high"})
    assert params_for_workers(1) == {"linearization_level": 2}
    assert params_for_workers(2) == {"subsolvers": ["max_lp"]}
    assert params_for_workers(4)["subsolvers"][0] == "max_lp"
    assert params_for_workers(8) == {}
