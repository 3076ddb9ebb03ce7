"""The most working days of one person (scheduler.workdays) against brute force: every
work/off pattern of a short horizon judged by the independent checker."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import NO_SOFT, day, make_scenario

from scheduler import Problem, check
from scheduler.problem import LEAVE_IDX, OFF_IDX
from scheduler.roster import Grid, grid_to_frame
from scheduler.workdays import most_workdays

WEDNESDAY = "2026-11-04"  # 12 days from here hold two weekends


def person(num_days: int = 12, rules: dict[str, Any] | None = None,
           employee: dict[str, Any] | None = None, **extra: Any) -> Problem:
    base = {"min_days_off_per_week": None, "max_consecutive_work_days": None,
            "min_rest_hours": None}
    return Problem(make_scenario(num_days=num_days, start=WEDNESDAY,
                                 people=[{"id": "P1", "shifts": ["D"], **(employee or {})}],
                                 rules={**base, **(rules or {})}, weights=NO_SOFT, **extra))


def as_grid(problem: Problem, pattern: tuple[bool, ...]) -> Grid:
    d_shift = problem.shift_idx["D"]
    return [[LEAVE_IDX if d in problem.leave_days[0] else d_shift if work else OFF_IDX
             for d, work in enumerate(pattern)]]


def brute_force(problem: Problem) -> int:
    """The most working days among all patterns the checker accepts."""
    best = -1
    for pattern in itertools.product((False, True), repeat=problem.num_days):
        if sum(pattern) <= best or any(pattern[d] for d in problem.leave_days[0]):
            continue
        report = check(problem.scenario, grid_to_frame(problem, as_grid(problem, pattern)))
        if report.ok:
            best = sum(pattern)
    return best


CASES: dict[str, dict[str, Any]] = {
    "runs": dict(rules={"max_consecutive_work_days": 3, "min_consecutive_work_days": 2,
                        "min_consecutive_days_off": 2}),
    "weekends": dict(rules={"max_consecutive_work_days": 4, "max_weekends_worked": 1}),
    "own limits and fixed days": dict(
        employee={"max_consecutive_work_days": 2, "min_consecutive_days_off": 2},
        locks=[{"employee": "P1", "date": day(3, WEDNESDAY).isoformat(), "shift": "OFF"},
               {"employee": "P1", "date": day(6, WEDNESDAY).isoformat(), "shift": "D"}],
        leave=[{"employee": "P1", "start": day(9, WEDNESDAY).isoformat()}]),
    "history": dict(
        rules={"max_consecutive_work_days": 4, "min_consecutive_work_days": 3,
               "min_consecutive_days_off": 2, "max_weekends_worked": 1},
        employee={"history": ["OFF", "D", "D", "D"]}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_most_workdays__matches_brute_force(case: str) -> None:
    problem = person(**CASES[case])
    row = most_workdays(problem, 0)
    assert len(row) == problem.num_days
    report = check(problem.scenario, _frame(problem, row))
    assert report.ok, report.violations
    assert sum(row) == brute_force(problem)


def test_most_workdays__without_limits_every_free_day() -> None:
    problem = person(leave=[{"employee": "P1", "start": day(2, WEDNESDAY).isoformat()}])
    row = most_workdays(problem, 0)
    assert row == [d != 2 for d in range(12)]


def test_most_workdays__impossible_is_all_off() -> None:
    # a lock to work on day 0 and on day 2 with day 1 off, but at least two days off
    locks = [{"employee": "P1", "date": day(d, WEDNESDAY).isoformat(), "shift": s}
             for d, s in ((0, "D"), (1, "OFF"), (2, "D"))]
    problem = person(rules={"min_consecutive_days_off": 2}, locks=locks)
    assert most_workdays(problem, 0) == [False] * 12


def _frame(problem: Problem, row: list[bool]) -> Any:
    return grid_to_frame(problem, as_grid(problem, tuple(row)))
