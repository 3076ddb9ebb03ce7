"""The start by column generation: when it applies, the pricing of one person, the
master LP against the checker, and the dive's hint."""

from __future__ import annotations

import time
from typing import Any

import pytest
from conftest import NO_SOFT, grid, make_scenario

from scheduler import Problem, Status, check, solve
from scheduler.cpsat import columns
from scheduler.cpsat.columns import (
    MAX_DAYS,
    Master,
    Pricing,
    applies,
    column_start,
    person_scenarios,
    separable,
)
from scheduler.problem import OFF_IDX
from scheduler.roster import grid_to_frame
from scheduler.scenario import Scenario

HOLIDAY = "2026-10-01"  # National Day 2026


def cover_scenario(num_days: int = 7, people: int = 3, rules: dict[str, Any] | None = None,
                   **extra: Any) -> Scenario:
    """Soft cover only (any rows together keep every hard rule), with skills and wishes."""
    staff = [{"id": f"P{i + 1}", "skills": ["vip"] if i == 0 else []} for i in range(people)]
    weights = dict(NO_SOFT, coverage_target=100, coverage_excess=10, day_off_wish=30,
                   shift_wish=20)
    return make_scenario(
        num_days=num_days, people=staff, weights=weights,
        rules={"min_rest_hours": 11, "max_consecutive_work_days": 5, **(rules or {})},
        coverage=[{"shift": "D", "target": 2}, {"shift": "E", "target": 1},
                  {"shift": "D", "skill": "vip", "target": 1, "weekdays": ["mon"]}],
        day_off_wishes=[{"employee": "P2", "date": "2026-11-04"}],
        shift_wishes=[{"employee": "P3", "date": "2026-11-03", "shift": "E"}], **extra)


def test_separable__only_coverage_ties_people() -> None:
    assert separable(Problem(cover_scenario()))
    # fairness with a weight ties people together; with one person it does not
    assert not separable(Problem(make_scenario(people=2)))
    assert separable(Problem(make_scenario(people=1)))
    assert not separable(Problem(cover_scenario(rules={"rotation": {"cycle": ["day"]}})))
    meeting = {"meeting": {"min_attendance": 1}}
    assert not separable(Problem(make_scenario(people=2, weights=NO_SOFT, rules=meeting)))
    # holiday cover only matters when the horizon has a holiday
    cover = {"holiday_cover": [{"family": "day", "min": 1}], "holiday_max_spread": None}
    assert not separable(Problem(make_scenario(people=2, weights=NO_SOFT, rules=cover,
                                               start=HOLIDAY)))
    assert separable(Problem(make_scenario(people=2, weights=NO_SOFT, rules=cover)))
    spread = {"holiday_max_spread": 1}
    assert not separable(Problem(make_scenario(people=2, weights=NO_SOFT, rules=spread,
                                               start=HOLIDAY)))


def test_applies__two_people_or_more_over_a_horizon_the_pricing_can_handle() -> None:
    assert applies(Problem(cover_scenario()))
    assert not applies(Problem(make_scenario(people=1, weights=NO_SOFT)))
    assert applies(Problem(make_scenario(people=2, weights=NO_SOFT)))
    # long horizons cross New Year's Day: no holiday rules here
    plain: dict[str, Any] = {"holiday_cover": [], "holiday_max_spread": None}
    for days, expected in ((MAX_DAYS, True), (MAX_DAYS + 1, False)):
        sc = make_scenario(num_days=days, people=2, weights=NO_SOFT, rules=plain)
        assert separable(Problem(sc))
        assert applies(Problem(sc)) is expected
    assert not applies(Problem(make_scenario(people=2)))


def test_pricing__finds_the_row_the_prices_ask_for() -> None:
    sc = cover_scenario()
    pricing = Pricing(person_scenarios(sc)[0], seed=0)
    d, e = sc.shifts[0].id, sc.shifts[1].id
    assert (d, e) == ("D", "E")
    # D pays 50 on every day but Thursday (one day off a week): D on the six others
    rows = pricing.rows({(day, 0): 50.0 for day in range(7) if day != 3})
    best, cost = rows[-1]
    assert cost == 0
    assert sum(1 for code in best if code == 0) == 6
    assert best[3] == OFF_IDX
    # a price below the wish's weight leaves the day off the person wished for
    p2 = Pricing(person_scenarios(sc)[1], seed=0)
    row, cost = p2.rows({(2, 0): 20.0})[-1]
    assert row[2] == OFF_IDX and cost == 0
    row, cost = p2.rows({(2, 0): 40.0})[-1]
    assert row[2] == 0 and cost == 30


def test_master__lp_of_one_roster_is_its_cost_by_the_checker() -> None:
    sc = cover_scenario()
    problem = Problem(sc)
    roster = grid(problem, {"P1": "D D - E E - -", "P2": "D - D D - E -",
                            "P3": "E E - - D D D"})
    report = check(sc, grid_to_frame(problem, roster))
    assert report.ok, report.violations
    master = Master(problem)
    for e, alone in enumerate(person_scenarios(sc)):
        cost = Pricing(alone, seed=0).cost(tuple(roster[e]))
        assert cost is not None
        assert master.add(e, tuple(roster[e]), cost)
        assert not master.add(e, tuple(roster[e]), cost)  # a row joins once
    assert master.solve()
    assert master.value() == pytest.approx(report.total)
    assert report.total > 0


def test_num_parts__whole_up_to_part_then_at_most_parts() -> None:
    part, parts, days = columns.PART, columns.PARTS, columns.PART_DAYS
    assert columns.num_parts(0, days) == columns.num_parts(part, days) == 1
    assert columns.num_parts(part + 1, days) == 2
    assert columns.num_parts(part * parts, days) == parts
    assert columns.num_parts(part * parts * 3, days) == parts  # larger parts, not more
    assert columns.num_parts(part * parts, days + 1) == 1  # longer rows: whole


def test_pricing_time__in_proportion_to_the_row_never_shorter_than_four_weeks() -> None:
    first, longest = columns.PRICING_TIME
    assert columns.pricing_time(28) == columns.pricing_time(14) == (first, longest)
    assert columns.pricing_time(84) == pytest.approx((3 * first, 3 * longest))
    assert columns.pricing_time(42) == pytest.approx((1.5 * first, 1.5 * longest))


@pytest.mark.parametrize("part", [columns.PART, 1], ids=["whole-team", "one-per-part"])
def test_column_start__hint_keeps_the_rules_and_costs_at_least_the_lp(
        part: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # one person per part: each round prices one person; a pass that finds nothing is
    # confirmed by a round over everyone, which gives the bound
    monkeypatch.setattr(columns, "PART", part)
    # three people for three places a day: with a day off a week, some cover is missing
    sc = cover_scenario(num_days=14, people=3)
    problem = Problem(sc)
    first = solve(sc, time_limit=5, workers=1, seed=0)
    assert first.roster is not None
    start = column_start(problem, _grid(problem, first.roster), deadline=time.perf_counter() + 5,
                         workers=1, seed=0)
    assert start is not None
    assert start.columns >= problem.num_employees
    # a pass over the team is one round, or one round per person
    assert start.rounds >= (1 if part >= problem.num_employees else 2 * problem.num_employees)
    report = check(sc, grid_to_frame(problem, start.grid))
    assert report.ok, report.violations
    # the hint is made of the master's rows and keeps the fixed people's rows: the LP
    # over those rows costs at most as much
    assert start.lp_value <= report.total + 1e-6
    assert start.fixed  # the dive fixed somebody
    # the Lagrangian bound holds for the optimum, and is not trivial
    optimum = solve(sc, time_limit=20, workers=1, seed=0)
    assert optimum.status is Status.OPTIMAL and optimum.objective is not None
    assert optimum.objective >= 600
    assert 0.5 * optimum.objective <= start.bound <= optimum.objective + 1e-6


def test_solve__separable_team_through_the_start_is_optimal() -> None:
    sc = cover_scenario(num_days=14, people=4)
    result = solve(sc, time_limit=20, workers=1, seed=0)
    assert result.status is Status.OPTIMAL, result.summary()
    assert result.roster is not None
    report = check(sc, result.roster)
    assert report.ok and report.total == result.objective


def _grid(problem: Problem, frame: Any) -> list[list[int]]:
    from scheduler.roster import frame_to_grid

    return frame_to_grid(problem, frame, "roster")
