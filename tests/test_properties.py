"""Property tests: the solver and the independent checker agree on random small teams.

* every roster the solver returns has no hard violation and the checker's total is the
  solver's objective (and the penalty breakdown adds up to it);
* on very small instances, brute force over every roster confirms optimality and
  infeasibility;
* a roster the checker accepts is accepted by the model when every cell is locked, at
  the checker's cost.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler import Problem, Scenario, Status, check, solve
from scheduler.problem import LEAVE_IDX, OFF_IDX
from scheduler.roster import Grid

SHIFT_POOL = [
    {"id": "D", "family": "day", "segments": ["08:00-12:00", "13:00-17:00"]},
    {"id": "E", "family": "evening", "segments": ["14:00-18:00", "19:00-23:00"]},
    {"id": "N", "family": "night", "segments": ["23:00-03:00", "03:30-07:30"]},
    {"id": "H", "family": "half", "segments": ["10:00-15:30"]},
]


@st.composite
def scenarios(draw: st.DrawFn, max_people: int = 3, max_days: int = 6) -> Scenario:
    num_shifts = draw(st.integers(1, 3))
    pool: list[dict[str, Any]] = list(SHIFT_POOL)
    if draw(st.booleans()):
        pool = list(draw(st.permutations(SHIFT_POOL)))
    shifts = pool[:num_shifts]
    ids = [s["id"] for s in shifts]
    num_days = draw(st.integers(1, max_days))
    # November (no holidays) or around National Day 2026 (holidays 1-7 October)
    base = draw(st.sampled_from([dt.date(2026, 11, 2), dt.date(2026, 9, 28)]))
    start = base + dt.timedelta(days=draw(st.integers(0, 6)))
    dates = [start + dt.timedelta(days=i) for i in range(num_days)]
    people = []
    for i in range(draw(st.integers(1, max_people))):
        emp: dict[str, Any] = {"id": f"P{i}", "skills": draw(st.lists(
            st.sampled_from(["pre", "after"]), unique=True, max_size=2))}
        if draw(st.booleans()):
            emp["shifts"] = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
        if draw(st.integers(0, 3)) == 0:
            emp["max_hours_per_week"] = draw(st.sampled_from([8, 16, 24]))
        if draw(st.integers(0, 3)) == 0:
            emp["min_hours_total"] = draw(st.sampled_from([8, 16]))
        if draw(st.integers(0, 4)) == 0:
            emp["max_shifts"] = {draw(st.sampled_from(ids)): draw(st.integers(0, 2))}
        if draw(st.integers(0, 4)) == 0:
            emp["contract_hours_per_week"] = draw(st.sampled_from([20, 40]))
        emp["history"] = draw(st.lists(st.sampled_from([*ids, "OFF"]), max_size=4))
        if draw(st.integers(0, 5)) == 0:
            emp["max_consecutive_work_days"] = draw(st.integers(1, 3))
        if draw(st.integers(0, 5)) == 0:
            emp["min_consecutive_work_days"] = draw(st.integers(1, 3))
        if draw(st.integers(0, 5)) == 0:
            emp["min_consecutive_days_off"] = draw(st.integers(1, 3))
        if draw(st.integers(0, 5)) == 0:
            emp["max_weekends_worked"] = draw(st.integers(0, 1))
        people.append(emp)
    pids = [p["id"] for p in people]
    coverage = []
    for _ in range(draw(st.integers(0, 3))):
        lo = draw(st.integers(0, 2))
        rule: dict[str, Any] = {"shift": draw(st.sampled_from(ids)), "min": lo,
                                "target": lo + draw(st.integers(0, 1)),
                                "min_soft": draw(st.booleans())}
        skilled: list[str] = [sk for p in people for sk in p["skills"]]
        if draw(st.booleans()) and skilled:
            rule["skill"] = draw(st.sampled_from(skilled))
        if draw(st.integers(0, 3)) == 0:
            rule["under_weight"] = draw(st.integers(0, 60))
        if draw(st.integers(0, 3)) == 0:
            rule["over_weight"] = draw(st.integers(0, 20))
        scope = draw(st.sampled_from(["all", "dates", "day_types"]))
        if scope == "dates":
            rule["dates"] = [draw(st.sampled_from(dates)).isoformat()]
        elif scope == "day_types":
            rule["day_types"] = [draw(st.sampled_from(["workday", "weekend"]))]
        coverage.append(rule)
    leave = []
    if draw(st.booleans()):
        leave.append({"employee": draw(st.sampled_from(pids)),
                      "start": draw(st.sampled_from(dates)).isoformat()})
    cells = [(p, d) for p in pids for d in dates]
    wish_cells = draw(st.lists(st.sampled_from(cells), unique=True, max_size=2))
    day_off = [{"employee": p, "date": d.isoformat(), "weight": draw(st.integers(0, 50))}
               for p, d in wish_cells]
    shift_wishes = [{"employee": p, "date": d.isoformat(), "shift": draw(st.sampled_from(ids)),
                     "want": draw(st.booleans())}
                    for p, d in draw(st.lists(st.sampled_from(cells), unique=True, max_size=2))]
    leave_cells = {(lv["employee"], dt.date.fromisoformat(lv["start"])) for lv in leave}
    locks = [{"employee": p, "date": d.isoformat(),
              "shift": draw(st.sampled_from([*ids, "OFF"]))}
             for p, d in draw(st.lists(st.sampled_from(cells), unique=True, max_size=1))
             if (p, d) not in leave_cells]
    rules: dict[str, Any] = {
        "max_consecutive_work_days": draw(st.sampled_from([None, 1, 2, 3, 6])),
        "min_days_off_per_week": draw(st.sampled_from([None, 0, 1, 2])),
        "min_days_off_per_month": draw(st.sampled_from([None, None, 4, 8])),
        "min_rest_hours": draw(st.sampled_from([None, 11, 14])),
        "min_consecutive_work_days": draw(st.sampled_from([None, None, None, 2, 3])),
        "min_consecutive_days_off": draw(st.sampled_from([None, None, None, 2])),
        "max_weekends_worked": draw(st.sampled_from([None, None, None, 0, 1])),
        "fair_hours_tolerance": draw(st.sampled_from([0, 8])),
        "fair_evenings_tolerance": draw(st.integers(0, 1)),
        "fair_weekends_tolerance": draw(st.integers(0, 1)),
        "weights": {
            "coverage_min_soft": draw(st.integers(0, 90)),
            "coverage_target": draw(st.integers(0, 60)),
            "coverage_excess": draw(st.integers(0, 20)),
            "day_off_wish": draw(st.integers(0, 30)),
            "shift_wish": draw(st.integers(0, 30)),
            "fair_hours": draw(st.integers(0, 1)),
            "fair_evenings": draw(st.integers(0, 20)),
            "fair_weekends": draw(st.integers(0, 20)),
        },
    }
    if draw(st.booleans()) and len(ids) > 1:
        rules["forbidden_successions"] = [{"first": ids[0], "then": ids[1]}]
    families = sorted({s["family"] for s in shifts})
    rules["holiday_cover"] = [{"family": f, "min": draw(st.integers(0, 1))}
                              for f in draw(st.lists(st.sampled_from(families), unique=True,
                                                     max_size=2))]
    rules["holiday_max_spread"] = draw(st.sampled_from([None, 0, 1]))
    rules["min_holiday_days_off"] = draw(st.integers(0, 2))
    if draw(st.booleans()):
        rules["meeting"] = {"weekday": draw(st.sampled_from(["mon", "tue", "wed"])),
                            "start": "13:30", "end": "14:00",
                            "min_attendance": draw(st.sampled_from([None, 1]))}
    rules["weights"]["meeting"] = draw(st.integers(0, 20))
    if draw(st.integers(0, 2)) == 0:
        cycle = draw(st.lists(st.sampled_from(families), min_size=1, max_size=3))
        rules["rotation"] = {"cycle": cycle, "mode": draw(st.sampled_from(["hard", "soft"])),
                             "change_days": draw(st.sampled_from([["sat", "sun"], ["sun"]]))}
        if draw(st.booleans()):
            rules["rotation"]["anchor"] = "2026-09-28"
        rules["weights"]["rotation"] = draw(st.integers(0, 30))
        for emp in people:
            if draw(st.integers(0, 2)) == 0:
                emp["crew"] = "A"
            elif draw(st.integers(0, 2)) == 0:
                emp["rotation_offset"] = draw(st.integers(0, len(cycle) - 1))
        if any(e.get("crew") == "A" for e in people) and draw(st.booleans()):
            for emp in people:
                if emp.get("crew") == "A":
                    emp["rotation_offset"] = 0
    for emp in people:
        emp["holiday_days_worked"] = draw(st.integers(0, 1))
    return Scenario.model_validate({
        "horizon": {"start": start.isoformat(), "num_days": num_days}, "shifts": shifts,
        "employees": people, "coverage": coverage, "leave": leave,
        "day_off_wishes": day_off, "shift_wishes": shift_wishes, "locks": locks,
        "rules": rules})


def all_rosters(problem: Problem) -> itertools.product[tuple[int, ...]]:
    options = []
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            if d in problem.leave_days[e]:
                options.append([LEAVE_IDX])
            else:
                options.append([OFF_IDX, *sorted(problem.allowed[e])])
    return itertools.product(*options)


def to_grid(problem: Problem, flat: tuple[int, ...]) -> Grid:
    n = problem.num_days
    return [list(flat[e * n:(e + 1) * n]) for e in range(problem.num_employees)]


def brute_force(problem: Problem) -> tuple[int | None, Grid | None]:
    best: int | None = None
    best_grid = None
    for flat in all_rosters(problem):
        grid = to_grid(problem, flat)
        report = check(problem, grid)
        if report.ok and (best is None or report.total < best):
            best, best_grid = report.total, grid
    return best, best_grid


SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(scenarios())
def test_solver_rosters_pass_the_checker_at_the_same_cost(scenario: Scenario) -> None:
    result = solve(scenario, time_limit=10, workers=1)
    assert result.status is not Status.UNKNOWN, result.summary()
    if result.roster is not None:
        assert result.roster is not None
        report = check(scenario, result.roster)
        assert report.violations == []
        assert report.total == result.objective
        assert sum(p.amount for p in result.penalties) == result.objective
        assert report.by_rule() == result.by_rule()


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios(max_people=2, max_days=3))
def test_brute_force_agrees_on_optimum_and_infeasibility(scenario: Scenario) -> None:
    problem = Problem(scenario)
    best, _ = brute_force(problem)
    result = solve(scenario, time_limit=10, workers=1)
    if best is None:
        assert result.status is Status.INFEASIBLE
    else:
        assert result.status is Status.OPTIMAL
        assert result.objective == best


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scenarios(max_people=2, max_days=3), st.randoms(use_true_random=False))
def test_a_roster_the_checker_accepts_is_accepted_by_the_model(scenario: Scenario,
                                                               rng: Any) -> None:
    problem = Problem(scenario)
    accepted = [to_grid(problem, flat) for flat in all_rosters(problem)]
    accepted = [g for g in accepted if check(problem, g).ok]
    if not accepted:
        return
    grid = rng.choice(accepted)
    locks = [{"employee": emp.id, "date": problem.dates[d].isoformat(),
              "shift": "OFF" if grid[e][d] < 0 else problem.label_of(grid[e][d])}
             for e, emp in enumerate(scenario.employees) for d in range(problem.num_days)
             if grid[e][d] != LEAVE_IDX]
    fixed = scenario.replace(locks=locks)
    result = solve(fixed, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert result.objective == check(problem, grid).total
    assert result.roster is not None
    assert list(result.roster["shift_id"]) == [
        problem.label_of(code) for row in grid for code in row]
