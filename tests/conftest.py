"""Shared helpers: tiny hand-made scenarios and rosters written as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from scheduler import Problem, Result, Scenario, Status, check, solve
from scheduler.problem import LEAVE_IDX, OFF_IDX
from scheduler.roster import Grid

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
MONDAY = "2026-11-02"  # a Monday in a 30-day month

# D: 08:30-17:30 with a lunch hour (8 h); E: 15:00-23:30 with a break (8 h).
# E ends 23:30, D starts 08:30: 9 h of rest, under the default 11 h.
SHIFTS = [
    {"id": "D", "name": "白班", "family": "day", "segments": ["08:30-12:30", "13:30-17:30"]},
    {"id": "E", "name": "晚班", "family": "evening", "segments": ["15:00-19:00", "19:30-23:30"]},
]

NO_SOFT = {"coverage_min_soft": 0, "coverage_target": 0, "coverage_excess": 0,
           "day_off_wish": 0, "shift_wish": 0, "fair_hours": 0, "fair_evenings": 0,
           "fair_weekends": 0, "rotation": 0, "interval_short": 0, "interval_excess": 0}


def make_scenario(num_days: int = 7, people: int | list[dict[str, Any]] = 1,
                  start: str = MONDAY, rules: dict[str, Any] | None = None,
                  weights: dict[str, int] | None = None, **extra: Any) -> Scenario:
    """A small scenario; ``weights`` overrides the defaults, ``rules`` the rule parameters."""
    employees = (people if isinstance(people, list)
                 else [{"id": f"P{i + 1}"} for i in range(people)])
    rule_data: dict[str, Any] = dict(rules or {})
    if weights is not None:
        rule_data["weights"] = weights
    data: dict[str, Any] = {
        "horizon": {"start": start, "num_days": num_days},
        "shifts": extra.pop("shifts", SHIFTS),
        "employees": employees,
        "rules": rule_data,
    }
    data.update(extra)
    return Scenario.model_validate(data)


def grid(problem: Problem, rows: dict[str, str]) -> Grid:
    """A roster from text, one token per day: a shift id, ``-`` for OFF, ``L`` for LEAVE."""
    out: Grid = []
    for emp in problem.scenario.employees:
        tokens = rows[emp.id].split()
        assert len(tokens) == problem.num_days, f"{emp.id}: {len(tokens)} tokens"
        codes = []
        for tok in tokens:
            if tok == "-":
                codes.append(OFF_IDX)
            elif tok == "L":
                codes.append(LEAVE_IDX)
            else:
                codes.append(problem.shift_idx[tok])
        out.append(codes)
    return out


def day(offset: int, start: str = MONDAY) -> dt.date:
    return dt.date.fromisoformat(start) + dt.timedelta(days=offset)


def solve_exact(scenario: Scenario, time_limit: float = 20.0) -> Result:
    """Solve to proven optimality on one worker and confirm with the independent checker."""
    result = solve(scenario, time_limit=time_limit, workers=1, seed=0)
    assert result.status is Status.OPTIMAL, result.summary()
    assert result.roster is not None
    report = check(scenario, result.roster)
    assert report.ok, report.violations
    assert report.total == result.objective
    assert sum(p.amount for p in result.penalties) == result.objective
    return result


def cells(result: Result, employee: str) -> list[str]:
    assert result.roster is not None
    frame = result.roster
    return list(frame.loc[frame["employee_id"] == employee, "shift_id"])


@pytest.fixture
def scenarios_dir() -> Path:
    return SCENARIOS
