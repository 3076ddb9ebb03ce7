"""The first roster one person at a time over long horizons (scheduler.cpsat.rows)."""

from __future__ import annotations

import time
from typing import Any

from conftest import NO_SOFT, day, make_scenario

from scheduler import Problem, Status, check, solve
from scheduler.cpsat.columns import MAX_DAYS
from scheduler.cpsat.rows import applies, first_rows
from scheduler.roster import grid_to_frame
from scheduler.scenario import Scenario

WEEKS = 14
# runs of 2-5 working days, at least 2 days off, half the weekends: at most 5 days of
# 7 worked, so 70 days of 98; with one day locked off, 68 must still be worked
RULES: dict[str, Any] = {
    "max_consecutive_work_days": 5, "min_consecutive_work_days": 2,
    "min_consecutive_days_off": 2, "max_weekends_worked": WEEKS // 2,
    "min_days_off_per_week": None, "holiday_cover": [], "holiday_max_spread": None,
}


def dense(min_days: int = 68, people: int = 3, **extra: Any) -> Scenario:
    staff = [{"id": f"P{i + 1}", "shifts": ["D", "E"], "min_hours_total": 8 * min_days}
             for i in range(people)]
    extra.setdefault("coverage", [{"shift": "D", "target": 1}, {"shift": "E", "target": 1}])
    extra.setdefault("weights", dict(NO_SOFT, coverage_target=100, shift_wish=10))
    return make_scenario(
        num_days=7 * WEEKS, people=staff, rules=RULES,
        locks=[{"employee": "P1", "date": day(9).isoformat(), "shift": "OFF"}],
        shift_wishes=[{"employee": "P2", "date": day(3).isoformat(), "shift": "E"}],
        **extra)


def test_applies__long_separable_horizons_without_hard_minimums() -> None:
    assert applies(Problem(dense()))
    assert MAX_DAYS < 7 * WEEKS
    short = make_scenario(num_days=MAX_DAYS, people=2, weights=NO_SOFT, rules=RULES)
    assert not applies(Problem(short))
    hard = dense(coverage=[{"shift": "D", "min": 1}])
    assert not applies(Problem(hard))
    soft = dense(coverage=[{"shift": "D", "min": 1, "min_soft": True}])
    assert applies(Problem(soft))
    fair = dense(weights=dict(NO_SOFT, fair_hours=1))
    assert not applies(Problem(fair))


def test_first_rows__every_row_keeps_its_persons_rules() -> None:
    sc = dense()
    problem = Problem(sc)
    grid, found = first_rows(problem, deadline=time.perf_counter() + 60, workers=2,
                             seed=0)
    assert found is Status.FEASIBLE
    # one worker per row and a fixed seed: the same rows every time
    again, _ = first_rows(problem, deadline=time.perf_counter() + 60, workers=1, seed=0)
    assert again == grid
    report = check(sc, grid_to_frame(problem, grid))
    assert report.ok, report.violations
    d_or_e = {problem.shift_idx["D"], problem.shift_idx["E"]}
    for e in range(problem.num_employees):
        assert sum(code in d_or_e for code in grid[e]) >= 68


def test_first_rows__a_person_without_a_row_proves_infeasibility() -> None:
    # 99 days of work in 98
    problem = Problem(dense(min_days=99, people=2))
    grid, found = first_rows(problem, deadline=time.perf_counter() + 60, workers=1, seed=0)
    assert found is Status.INFEASIBLE
    assert len(grid) == 2 and all(len(row) == problem.num_days for row in grid)


def test_first_rows__rows_not_found_in_time_are_the_closest() -> None:
    # 71 days of 98 is more than the rules allow anybody, but hard to prove: the
    # searches end on their time limits with the least shortfall found
    sc = dense(min_days=71, people=2)
    problem = Problem(sc)
    grid, found = first_rows(problem, deadline=time.perf_counter() + 60, workers=1, seed=0)
    assert found is not Status.FEASIBLE
    report = check(sc, grid_to_frame(problem, grid))
    assert {v.rule for v in report.violations} == {"total_hours"}
    worked = [sum(code >= 0 for code in row) for row in grid]
    assert min(worked) >= 68


def test_solve__long_horizon_through_rows_agrees_with_the_checker() -> None:
    sc = dense()
    first = solve(sc, time_limit=10, workers=1, seed=0)
    assert first.status in (Status.OPTIMAL, Status.FEASIBLE), first.summary()
    assert first.roster is not None
    report = check(sc, first.roster)
    assert report.ok, report.violations
    assert report.total == first.objective
    assert first.time_to_first is not None and first.time_to_first < 10


def test_solve__long_horizon_no_roster_is_infeasible() -> None:
    result = solve(dense(min_days=99, people=2), time_limit=30, workers=1, seed=0,
                   explain_time_limit=None)
    assert result.status is Status.INFEASIBLE, result.summary()
