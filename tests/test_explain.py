"""Why no roster exists: each classic conflict names the right rules, people and dates,
and the named set is minimal (checked with the independent checker)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import NO_SOFT, SCENARIOS, day, make_scenario
from ortools.sat.python import cp_model

from scheduler import Problem, check, load_scenario, solve
from scheduler.cpsat.explain import explain_infeasibility
from scheduler.cpsat.model import RosterModel
from scheduler.explain import Explanation, describe_penalty
from scheduler.result import Penalty, Status, Violation


def _solve_guarded(problem: Problem, assume: list[tuple[Any, ...]]
                   ) -> tuple[Any, RosterModel, cp_model.CpSolver]:
    """Assume the given instances; keep as many other instances as possible."""
    model = RosterModel(problem).build_guarded()
    chosen = [model.guards[k].literal for k in assume]
    model.model.add_assumptions(chosen)
    model.model.maximize(sum(g.literal for k, g in model.guards.items() if k not in assume))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 20
    return solver.solve(model.model), model, solver


def _matches(v: Violation, instance: tuple[Any, ...], problem: Problem) -> bool:
    rule, e, d, _ = instance
    if v.rule != rule:
        return False
    if e is not None and v.employee != problem.scenario.employees[e].id:
        return False
    dated = rule in ("coverage_min", "holiday_cover", "leave", "locks", "meeting")
    return not (dated and d is not None and v.date != problem.dates[d])


def assert_minimal(problem: Problem, explanation: Explanation) -> None:
    keys = [c.instance for c in explanation.conflicts]
    assert keys and explanation.proven and explanation.minimal
    code, _, _ = _solve_guarded(problem, keys)
    assert code == cp_model.INFEASIBLE
    for i, dropped in enumerate(keys):
        rest = keys[:i] + keys[i + 1:]
        code, model, solver = _solve_guarded(problem, rest)
        assert code in (cp_model.OPTIMAL, cp_model.FEASIBLE), f"without {dropped} still infeasible"
        grid = model.grid_from(solver.boolean_value)
        broken = check(problem, grid).violations
        # the roster keeps every other instance of the set (judged by the checker)
        for instance in rest:
            assert not any(_matches(v, instance, problem) for v in broken), (instance, broken)
        # and breaks the dropped one: the set really needed it
        assert any(v.rule == dropped[0] for v in broken), (dropped, broken)


def _rules(explanation: Explanation) -> list[str]:
    return sorted(c.rule for c in explanation.conflicts)


def test_coverage_vs_leave_names_the_people_on_leave() -> None:
    scenario = make_scenario(
        7, 3, weights=NO_SOFT,
        coverage=[{"shift": "D", "min": 2, "dates": [day(2).isoformat()]}],
        leave=[{"employee": "P1", "start": day(2).isoformat()},
               {"employee": "P2", "start": day(1).isoformat(), "end": day(3).isoformat()}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "leave", "leave"]
    leave = [c for c in ex.conflicts if c.rule == "leave"]
    assert sorted(c.employees[0] for c in leave) == ["P1", "P2"]
    assert all(c.dates == (day(2),) for c in ex.conflicts)
    cover = next(c for c in ex.conflicts if c.rule == "coverage_min")
    assert "2026-11-04" in cover.text_en and "at least 2" in cover.text_en
    assert "P1, P2 are on leave" in cover.text_en
    assert "请假" in cover.text_zh and "至少需要 2 人" in cover.text_zh
    assert_minimal(Problem(scenario), ex)


def test_rest_vs_coverage_names_the_evening_then_day() -> None:
    scenario = make_scenario(
        2, 2, weights=NO_SOFT,
        coverage=[{"shift": "E", "min": 2, "dates": [day(0).isoformat()]},
                  {"shift": "D", "min": 2, "dates": [day(1).isoformat()]}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "coverage_min", "min_rest"]
    rest = next(c for c in ex.conflicts if c.rule == "min_rest")
    assert rest.employees[0] in ("P1", "P2") and rest.dates == (day(0), day(1))
    assert "less than 11 hours of rest" in rest.text_en and "休息不足 11 小时" in rest.text_zh
    assert_minimal(Problem(scenario), ex)


def test_six_on_one_off_vs_coverage() -> None:
    scenario = make_scenario(7, 1, weights=NO_SOFT, coverage=[{"shift": "D", "min": 1}])
    ex = explain_infeasibility(scenario, time_limit=20)
    rules = _rules(ex)
    assert rules.count("coverage_min") == 7
    assert len(rules) == 8
    assert rules[-1] in ("max_consecutive_work_days", "weekly_day_off")
    assert {c.dates[0] for c in ex.conflicts if c.rule == "coverage_min"} == {
        day(k) for k in range(7)}
    assert_minimal(Problem(scenario), ex)


def test_six_on_one_off_across_the_boundary_names_the_history() -> None:
    # P1 worked the last 5 days of October; 2 more days in a row would make 7
    scenario = make_scenario(
        2, [{"id": "P1", "history": ["D"] * 5}], weights=NO_SOFT,
        rules={"min_days_off_per_week": 0}, coverage=[{"shift": "D", "min": 1}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "coverage_min", "max_consecutive_work_days"]
    run = next(c for c in ex.conflicts if c.rule == "max_consecutive_work_days")
    assert "counting the days worked before the period" in run.text_en
    assert "含上期已上班的天数" in run.text_zh
    assert_minimal(Problem(scenario), ex)


def test_holiday_minimum_vs_leave() -> None:
    # National Day 2026: October 1-7 are holidays in the official calendar
    scenario = make_scenario(
        3, 2, start="2026-10-01", weights=NO_SOFT,
        rules={"holiday_cover": [{"family": "evening", "min": 2}], "holiday_max_spread": None},
        leave=[{"employee": "P2", "start": "2026-10-02"}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["holiday_cover", "leave"]
    assert all(c.dates == (dt.date(2026, 10, 2),) for c in ex.conflicts)
    cover = next(c for c in ex.conflicts if c.rule == "holiday_cover")
    assert "holiday" in cover.text_en and "evening" in cover.text_en
    assert_minimal(Problem(scenario), ex)


def test_lock_to_a_shift_the_person_may_not_work() -> None:
    scenario = make_scenario(
        3, [{"id": "P1", "shifts": ["D"]}], weights=NO_SOFT,
        locks=[{"employee": "P1", "date": day(1).isoformat(), "shift": "E"}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["locks"]
    assert "may not work" in ex.conflicts[0].text_en
    assert_minimal(Problem(scenario), ex)


def test_feasible_scenario_has_nothing_to_explain() -> None:
    scenario = make_scenario(7, 2, weights=NO_SOFT, coverage=[{"shift": "D", "min": 1}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert not ex.conflicts and "roster exists" in ex.message


def test_solve_carries_the_explanation_and_the_closest_roster() -> None:
    scenario = load_scenario(SCENARIOS / "infeasible_small.yaml")
    result = solve(scenario, time_limit=10, workers=2)
    assert result.status is Status.INFEASIBLE and result.roster is None
    ex = result.explanation
    assert ex is not None and ex.minimal
    assert "coverage_min" in _rules(ex)
    assert ex.relaxed_roster is not None
    # the closest roster breaks only minimums of the conflict, and misses as few
    # heads as possible: 3 people each need a day off -> 3 missing heads in the week
    broken = check(scenario, ex.relaxed_roster).violations
    assert broken == ex.relaxed_violations
    assert {v.rule for v in broken} == {"coverage_min"}
    frame = ex.relaxed_roster
    worked = frame[frame["shift_id"] != "OFF"].groupby("date").size()
    assert 7 * 3 - int(worked.sum()) == 3
    text = ex.text("zh")
    assert "以下规则无法同时满足" in text and "最接近的排班表" in text


def test_penalty_sentences() -> None:
    scenario = make_scenario(7, [{"id": "A05", "name": "王芳"}], weights=NO_SOFT)
    problem = Problem(scenario)
    wish = Penalty("day_off_wish", 300, "A05", day(3), "day-off wish")
    assert describe_penalty(problem, wish) == (
        "A05 王芳's day-off wish on 2026-11-05 (Thu) not met (costs 300)")
    assert describe_penalty(problem, wish, "zh") == (
        "A05 王芳 2026-11-05（周四） 的休息愿望未满足（300 分）")


def test_why_a_day_off_wish_was_not_met_names_the_blocking_rules() -> None:
    from scheduler.cpsat.explain import why_not
    scenario = make_scenario(
        7, 2, weights={**NO_SOFT, "day_off_wish": 300},
        coverage=[{"shift": "D", "min": 1}],
        leave=[{"employee": "P2", "start": day(3).isoformat()}],
        day_off_wishes=[{"employee": "P1", "date": day(3).isoformat()},
                        {"employee": "P1", "date": day(5).isoformat()}])
    result = solve(scenario, time_limit=10, workers=1)
    assert result.roster is not None
    unmet = [p for p in result.penalties if p.rule == "day_off_wish"]
    assert [p.date for p in unmet] == [day(3)]
    why = why_not(scenario, result.roster, unmet[0], time_limit=10)
    assert sorted(c.rule for c in why.conflicts) == ["coverage_min", "leave"]
    assert {c.employees for c in why.conflicts if c.rule == "leave"} == {("P2",)}
    text = why.text(Problem(scenario))
    assert "day-off wish on 2026-11-05" in text and "P2 is on approved leave" in text


def test_why_a_shift_wish_was_not_met_reports_the_extra_cost() -> None:
    from scheduler.cpsat.explain import why_not
    # one D and one E each day; on Tuesday both want D, P2's wish weighs more: meeting
    # P1's wish means breaking P2's (500 instead of 200)
    scenario = make_scenario(
        3, 2, weights={**NO_SOFT, "shift_wish": 200},
        coverage=[{"shift": "D", "min": 1, "target": 1}, {"shift": "E", "min": 1}],
        rules={"min_rest_hours": 0},
        shift_wishes=[{"employee": "P1", "date": day(1).isoformat(), "shift": "D"},
                      {"employee": "P2", "date": day(1).isoformat(), "shift": "D",
                       "weight": 500}])
    result = solve(scenario, time_limit=10, workers=1)
    assert result.roster is not None
    unmet = [p for p in result.penalties if p.rule == "shift_wish"]
    assert [(p.employee, p.amount) for p in unmet] == [("P1", 200)]
    why = why_not(scenario, result.roster, unmet[0], time_limit=10)
    assert not why.conflicts
    assert why.extra_cost == 300 and why.cost_delta["shift_wish"] == 300
    assert "costs 300 more" in why.text(Problem(scenario))
    # the same question asked with the independent checker's penalty (other wording)
    from_checker = [p for p in check(scenario, result.roster).penalties
                    if p.rule == "shift_wish"]
    assert from_checker[0].detail != unmet[0].detail
    again = why_not(scenario, result.roster, from_checker[0], time_limit=10)
    assert again.extra_cost == 300


def test_rotation_vs_coverage() -> None:
    # the only person is on the evening week: nobody may work Wednesday's day shift
    scenario = make_scenario(
        7, [{"id": "P1", "rotation_offset": 1}], weights=NO_SOFT,
        rules={"rotation": {"cycle": ["day", "evening"]}},
        coverage=[{"shift": "D", "min": 1, "dates": [day(2).isoformat()]}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "rotation"]
    rot = next(c for c in ex.conflicts if c.rule == "rotation")
    assert rot.employees == ("P1",) and rot.dates == (day(0),)
    assert "day → evening" in rot.text_en and "week 2 of the cycle" in rot.text_en
    assert_minimal(Problem(scenario), ex)


def test_interval_minimum_vs_leave() -> None:
    # the only chat agent is on leave on Tuesday: nobody can be online 09:00-10:00
    demand = {"skill": "chat", "service_hours": "09:00-10:00", "interval_minutes": 60,
              "forecast": {"daily": {}}, "hard_min": 1,
              "service": {"aht_seconds": 120, "target_seconds": 60, "target_share": 0.8}}
    scenario = make_scenario(
        3, [{"id": "P1", "skills": ["chat"]}], weights=NO_SOFT, demand=[demand],
        leave=[{"employee": "P1", "start": day(1).isoformat()}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["interval_min", "leave"]
    cover = next(c for c in ex.conflicts if c.rule == "interval_min")
    assert "09:00-10:00" in cover.text_en and cover.dates == (day(1),)
    assert "全程在线" in cover.text_zh
    assert_minimal(Problem(scenario), ex)


def test_rest_in_blocks_vs_coverage() -> None:
    # P1 must work Monday and Wednesday and is locked off on Tuesday: a single day off
    # is too short a break
    scenario = make_scenario(
        4, 1, weights=NO_SOFT, rules={"min_consecutive_days_off": 2},
        coverage=[{"shift": "D", "min": 1, "dates": [day(0).isoformat(), day(2).isoformat()]}],
        locks=[{"employee": "P1", "date": day(1).isoformat(), "shift": "OFF"}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "coverage_min", "locks", "min_consecutive_days_off"]
    block = next(c for c in ex.conflicts if c.rule == "min_consecutive_days_off")
    assert "rests at least 2 days in a row" in block.text_en and "连续休息 2 天" in block.text_zh
    assert day(1) in block.dates
    assert_minimal(Problem(scenario), ex)


def test_weekend_limit_vs_coverage() -> None:
    scenario = make_scenario(
        14, 1, weights=NO_SOFT, rules={"max_weekends_worked": 1, "min_days_off_per_week": 0},
        coverage=[{"shift": "D", "min": 1, "weekdays": ["sat"]}])
    ex = explain_infeasibility(scenario, time_limit=20)
    assert _rules(ex) == ["coverage_min", "coverage_min", "max_weekends_worked"]
    weekend = next(c for c in ex.conflicts if c.rule == "max_weekends_worked")
    assert "at most 1 of the 2 weekends" in weekend.text_en
    assert_minimal(Problem(scenario), ex)
