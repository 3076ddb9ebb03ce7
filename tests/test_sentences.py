"""Sentences of broken rules and penalties in English and Chinese.

Hand-made bad rosters (after the per-rule rosters of ``test_rules``) make the
independent checker produce every kind of violation; each must be structured (a kind
and its parameters) and read in Chinese with no English word left but the names the
supervisor gave (people, shifts, families, skills), naming the person, the date and the
numbers involved.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd
import pytest
from conftest import NO_SOFT, SCENARIOS, day, grid, make_scenario

from scheduler import Problem, Scenario, check, load_scenario, solve
from scheduler.changes import Change, Cover, RepairResult, change_cover, cover_note, cover_text
from scheduler.explain import VIOLATION_KINDS, describe_penalty, describe_violation
from scheduler.report import named_changes, violation_rows
from scheduler.result import Status, Violation
from scheduler.roster import Grid, grid_to_frame

HOLIDAY = "2026-10-01"  # National Day: 1-7 October 2026 are holidays
ROTATE = {"cycle": ["day", "evening"], "mode": "hard"}
MEETING = {"weekday": "mon", "start": "13:30", "end": "14:00", "min_attendance": 2}
DEMAND = {"skill": "chat", "service_hours": "12:00-13:30", "interval_minutes": 30,
          "forecast": {"daily": {}}, "hard_min": 1,
          "service": {"aht_seconds": 120, "target_seconds": 60, "target_share": 0.8,
                      "min_agents": 1}}


def named(*ids: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"员工{i}", **extra} for i in ids]


def _cases() -> list[tuple[Scenario, Grid | pd.DataFrame]]:
    out: list[tuple[Scenario, Grid | pd.DataFrame]] = []

    def add(sc: Scenario, rows: dict[str, str]) -> None:
        out.append((sc, grid(Problem(sc), rows)))

    # one row per person and day: a duplicate and a missing row; a lock on the missing day
    sc = make_scenario(num_days=2, people=named("P1"),
                       locks=[{"employee": "P1", "date": day(1).isoformat(), "shift": "D"}])
    frame = grid_to_frame(Problem(sc), grid(Problem(sc), {"P1": "D D"}))
    out.append((sc, pd.concat([frame.iloc[[0]], frame.iloc[[0]]], ignore_index=True)))
    add(make_scenario(num_days=2, people=named("P1", shifts=["D"])), {"P1": "D E"})
    add(make_scenario(num_days=3, people=named("P1", "P2"),
                      leave=[{"employee": "P1", "start": day(0).isoformat()}]),
        {"P1": "D - -", "P2": "- L D"})
    add(make_scenario(num_days=2, people=named("P1"), locks=[
        {"employee": "P1", "date": day(0).isoformat(), "shift": "D"},
        {"employee": "P1", "date": day(1).isoformat(), "shift": "OFF"}]), {"P1": "E D"})
    add(make_scenario(num_days=5, people=named("P1"), rules={
        "max_consecutive_work_days": 3, "min_days_off_per_week": None}), {"P1": "D D D D -"})
    add(make_scenario(num_days=7, people=named("P1", "P2"), rules={
        "min_consecutive_work_days": 2, "min_consecutive_days_off": 2,
        "min_days_off_per_week": None}), {"P1": "D - D - D D -", "P2": "D D - D D D D"})
    add(make_scenario(num_days=14, people=named("P1"), rules={"max_weekends_worked": 1}),
        {"P1": "- - - - - D - - - - - - - D"})
    add(make_scenario(num_days=8, start="2026-11-04", rules={"max_consecutive_work_days": None},
                      people=named("P1", history=["D", "D"])), {"P1": "D D D D D D D D"})
    add(make_scenario(num_days=28, people=named("P1"), rules={
        "min_days_off_per_week": None, "max_consecutive_work_days": None,
        "min_days_off_per_month": 4}), {"P1": " ".join(["-"] * 3 + ["D"] * 25)})
    add(make_scenario(num_days=3, people=named("P1", history=["E"])), {"P1": "D E -"})
    add(make_scenario(num_days=3, people=named("P1", history=["D"]), rules={
        "min_rest_hours": None, "forbidden_successions": [{"first": "D", "then": "E"}]}),
        {"P1": "E D E"})
    add(make_scenario(num_days=14, rules={"rotation": ROTATE}, people=[
        {"id": "P1", "name": "甲", "rotation_offset": 0},
        {"id": "P2", "name": "乙", "crew": "A", "rotation_offset": 0}]),
        {"P1": "D D E D D - - E E E E E - -", "P2": "D D E D D - - E E E E E - -"})
    add(make_scenario(num_days=7, rules={"max_consecutive_work_days": None}, people=[
        {"id": "P1", "max_hours_per_week": 40}, {"id": "P2", "min_hours_per_week": 40}]),
        {"P1": "D D D D D D -", "P2": "D D D D - - -"})
    add(make_scenario(num_days=3, people=[{"id": "P1", "max_hours_total": 16},
                                          {"id": "P2", "min_hours_total": 24}]),
        {"P1": "D D D", "P2": "D D -"})
    add(make_scenario(num_days=3, people=[{"id": "P1", "max_shifts": {"E": 2}}]),
        {"P1": "E E E"})
    add(make_scenario(num_days=2, people=[{"id": "P1"}, {"id": "P2", "skills": ["pre"]}],
                      start=HOLIDAY, rules={"holiday_cover": [
        {"family": "evening", "min": 1}, {"family": "day", "skill": "pre", "min": 1}]}),
        {"P1": "D D", "P2": "E -"})
    add(make_scenario(num_days=3, start=HOLIDAY, people=[
        {"id": "P1", "skills": ["pre"]}, {"id": "P2", "skills": ["pre"]},
        {"id": "P3", "skills": ["after"]}]), {"P1": "D D D", "P2": "D - -", "P3": "- - -"})
    add(make_scenario(num_days=3, people=named("P1"), start=HOLIDAY, rules={
        "min_holiday_days_off": 1, "holiday_max_spread": None}), {"P1": "D D D"})
    add(make_scenario(num_days=1, people=[{"id": "P1", "skills": ["pre"]}, {"id": "P2"}],
                      coverage=[{"shift": "D", "min": 2},
                                {"shift": "E", "skill": "pre", "min": 1}]),
        {"P1": "D", "P2": "-"})
    add(make_scenario(num_days=1, people=[{"id": "P1", "skills": ["chat"]}],
                      demand=[DEMAND]), {"P1": "D"})
    add(make_scenario(num_days=2, people=3, rules={"meeting": MEETING}),
        {"P1": "D D", "P2": "E E", "P3": "- -"})
    return out


def _violations() -> list[tuple[Scenario, Violation]]:
    return [(sc, v) for sc, roster in _cases() for v in check(sc, roster).violations]


def _names(sc: Scenario) -> list[str]:
    """The supervisor's names in a scenario, longest first."""
    found = {x for e in sc.employees for x in (e.id, e.name, *e.skills, e.role, e.crew) if x}
    found |= {x for s in sc.shifts for x in (s.id, s.name, s.family) if x}
    return sorted(found, key=len, reverse=True)


def english_left(text: str, sc: Scenario) -> str:
    """The Latin letters left once dates, clock times and the scenario's names go."""
    text = re.sub(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", " ", text)
    for name in _names(sc):
        text = re.sub(rf"(?<![A-Za-z_]){re.escape(name)}(?![A-Za-z_])", " ", text)
    return "".join(re.findall(r"[A-Za-z]+", text))


def _shown(value: Any) -> list[str]:
    """How a parameter may appear in a sentence."""
    if value is None or value == "":
        return []
    if isinstance(value, dt.date):
        return [value.isoformat()]
    if isinstance(value, float):
        return [f"{value:g}"]
    if value == "OFF":
        return ["休息"]
    return [str(value)]


def test_every_kind_of_violation_is_made_by_the_hand_made_rosters() -> None:
    found = _violations()
    assert {v.kind for _, v in found} == VIOLATION_KINDS
    for _, v in found:
        assert v.kind.partition(".")[0] == v.rule, v
        assert v.message  # the English message of the command line is kept


@pytest.mark.parametrize("with_problem", [False, True])
def test_every_violation_reads_in_chinese_with_its_values(with_problem: bool) -> None:
    seen = set()
    for sc, v in _violations():
        problem = Problem(sc) if with_problem else None
        zh = describe_violation(v, "zh", problem)
        en = describe_violation(v, "en", problem)
        assert not english_left(zh, sc), (v.kind, zh)
        assert zh != en and not re.search(r"[\u4e00-\u9fff]", english_left(en, sc) or "")
        for text in (zh, en):
            if v.employee is not None:
                assert v.employee in text, (v.kind, text)
            if v.date is not None and not {"week", "month"} & set(v.params):
                # (a week or month is named by its first day, before the period or not)
                assert v.date.isoformat() in text, (v.kind, text)
            for key, value in v.params.items():
                if key in ("role", "crew") or (key == "skill" and value is None):
                    continue
                shown = _shown(value) if text is zh or value != "OFF" else ["OFF"]
                assert all(s in text for s in shown), (v.kind, key, value, text)
        if with_problem and v.employee is not None:
            person = next(e for e in sc.employees if e.id == v.employee)
            assert person.display_name in zh
        seen.add(v.kind)
    assert seen == VIOLATION_KINDS


def test_a_violation_without_a_kind_keeps_its_message() -> None:
    v = Violation("leave", "works D during approved leave", "P1", dt.date(2026, 11, 2))
    assert describe_violation(v, "zh") == (
        "批准的请假不排班：P1 2026-11-02（周一）（works D during approved leave）")
    assert describe_violation(v).endswith(": works D during approved leave")


def test_violation_rows_and_the_checker_frame() -> None:
    sc, roster = _cases()[4]
    report = check(sc, roster)
    rows = violation_rows(report.violations, "zh", Problem(sc))
    assert list(rows.columns) == ["rule", "employee_id", "date", "message"]
    assert rows["message"].iloc[0].startswith("P1 员工P1 在 2026-11-05（周四） 已连续上班第 4 天")
    # the command line's columns are unchanged
    assert list(report.violations_frame().columns) == ["rule", "employee_id", "date",
                                                      "message"]
    assert report.violations_frame()["message"].iloc[0] == "day 4 in a row at work (limit 3)"


# ---------------------------------------------------------------- penalties
def _penalty_scenario() -> Scenario:
    weights = {**NO_SOFT, "coverage_min_soft": 700, "coverage_target": 300,
               "coverage_excess": 20, "day_off_wish": 50, "shift_wish": 40,
               "fair_hours": 5, "fair_evenings": 6, "fair_weekends": 7, "meeting": 30,
               "stability": 9, "rotation": 11, "interval_short": 1, "interval_excess": 1}
    demand = {**DEMAND, "service_hours": "08:00-10:00", "hard_min": 0}
    return make_scenario(
        num_days=7, weights=weights,
        people=[{"id": "P1", "name": "甲", "skills": ["chat"], "rotation_offset": 0},
                {"id": "P2", "name": "乙", "skills": ["chat"], "rotation_offset": 0},
                {"id": "P3", "name": "丙", "rotation_offset": 0}],
        rules={"meeting": {**MEETING, "min_attendance": 0},
               "rotation": {"cycle": ["day", "evening"], "mode": "soft"},
               "max_consecutive_work_days": None, "min_days_off_per_week": None,
               "fair_hours_tolerance": 0, "fair_evenings_tolerance": 0,
               "fair_weekends_tolerance": 0},
        coverage=[{"shift": "D", "min": 2, "min_soft": True, "target": 2},
                  {"shift": "E", "target": 1}],
        demand=[demand],
        day_off_wishes=[{"employee": "P1", "date": day(1).isoformat()}],
        shift_wishes=[{"employee": "P2", "date": day(2).isoformat(), "shift": "D"},
                      {"employee": "P3", "date": day(3).isoformat(), "shift": "D",
                       "want": False}],
        reference=[{"employee": "P1", "date": day(4).isoformat(), "shift": "E"}])


# a roster of the penalty scenario that earns a penalty of every soft rule
EVERY_PENALTY = {"P1": "D D D D - D D", "P2": "D E E - D - -", "P3": "E E - D D D D"}


def _checked(rows: dict[str, str]) -> tuple[Scenario, Problem, Grid, Any]:
    """The penalty scenario, its problem, the roster of ``rows`` and the checker's report."""
    sc = _penalty_scenario()
    problem = Problem(sc)
    roster = grid(problem, rows)
    return sc, problem, roster, check(sc, roster)


def test_every_soft_rule_reads_in_chinese_from_the_checker_and_the_solver() -> None:
    sc, problem, roster, report = _checked(EVERY_PENALTY)
    rules = {p.rule for p in report.penalties}
    assert rules >= {"coverage_min", "coverage_target", "coverage_excess", "day_off_wish",
                     "shift_wish", "fair_hours", "fair_evenings", "fair_weekends", "meeting",
                     "stability", "rotation", "interval_cover", "interval_excess"}, rules
    for p in report.penalties:
        zh = describe_penalty(problem, p, "zh")
        assert not english_left(zh, sc), (p.rule, zh)
        assert f"{p.amount} 分" in zh
        if p.employee is not None:
            assert p.employee in zh
        if p.date is not None:
            assert p.date.isoformat() in zh
    assert report.ok, report.violations
    # the same roster's penalties as the solver counts them (every cell locked) read the same
    locks = [{"employee": e.id, "date": date.isoformat(), "shift": problem.label_of(roster[i][d])}
             for i, e in enumerate(sc.employees) for d, date in enumerate(problem.dates)]
    result = solve(sc.replace(locks=locks), time_limit=20, workers=1)
    assert result.objective == report.total
    assert sorted(describe_penalty(problem, p, "zh") for p in result.penalties) == sorted(
        describe_penalty(problem, p, "zh") for p in report.penalties)


def test_fairness_reads_as_a_distance_from_the_team_average() -> None:
    _, problem, _, report = _checked(EVERY_PENALTY)
    evenings = next(p for p in report.penalties if p.rule == "fair_evenings")
    text = describe_penalty(problem, evenings)
    assert re.fullmatch(r"\S+ .*'s evening shifts are \d+ further from the team average than"
                        r" the ±0 allowed \(costs \d+\)", text), text


def test_coverage_penalties_name_the_shift_and_the_headcount() -> None:
    _, problem, _, report = _checked({"P1": "D D D D D D D", "P2": "- - - - - - -",
                                      "P3": "- - - - - - -"})
    short = next(p for p in report.penalties if p.rule == "coverage_min")
    assert describe_penalty(problem, short, "zh") == (
        "2026-11-02（周一） D 白班只有 1 人在岗，比最少 2 人少 1 人（700 分）")
    assert describe_penalty(problem, short) == (
        "On 2026-11-02 (Mon) D 白班 has 1 on shift, 1 short of the minimum 2 (costs 700)")
    wish = next(p for p in report.penalties if p.rule == "day_off_wish")
    assert describe_penalty(problem, wish, "zh") == (
        "P1 甲 2026-11-03（周二） 的休息愿望未满足（50 分）")


def test_a_solved_roster_reads_in_chinese() -> None:
    sc = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    result = solve(sc, time_limit=3, workers=2, seed=0)
    assert result.roster is not None and result.penalties
    problem = Problem(sc)
    for p in result.penalties:
        zh = describe_penalty(problem, p, "zh")
        assert not english_left(zh, sc), (p.rule, p.detail, zh)
    assert sorted(describe_penalty(problem, p, "zh") for p in result.penalties) == sorted(
        describe_penalty(problem, p, "zh") for p in check(sc, result.roster).penalties)


# ---------------------------------------------------------------- repair cover
def test_cover_notes_in_both_languages() -> None:
    covers = [Cover("E", None, 3, 3, 4), Cover("D", "after_sales", 5, 4, 5), Cover("N", None, 1)]
    assert cover_text(covers) == "E 3 (min 3, target 4), D/after_sales 5 (min 4, target 5), N 1"
    assert cover_text(covers, "zh") == (
        "E 3 人（最少 3，目标 4）；D（after_sales） 5 人（最少 4，目标 5）；N 1 人")
    sc = make_scenario(num_days=2, people=2, coverage=[{"shift": "D", "min": 1, "target": 2}])
    problem = Problem(sc)
    roster = grid(problem, {"P1": "D D", "P2": "- E"})
    change = Change("P2", day(1), "D", "E")
    assert cover_note(problem, roster, 1, [problem.shift_idx["D"], problem.shift_idx["E"]]) \
        == "D 1 (min 1, target 2), E 1"
    assert cover_text(change_cover(problem, roster, change), "zh", problem) == (
        "白班 1 人（最少 1，目标 2）；晚班 1 人")
    repaired = RepairResult(Status.FEASIBLE, grid_to_frame(problem, roster), [
        Change("P2", day(1), "D", "E", cover="D 1 (min 1, target 2), E 1")])
    assert list(named_changes(repaired, sc)["cover"]) == ["D 1 (min 1, target 2), E 1"]
    assert list(named_changes(repaired, sc, "zh")["cover"]) == [
        "白班 1 人（最少 1，目标 2）；晚班 1 人"]
    assert list(named_changes(repaired, sc, "en", problem)["cover"]) == [
        "白班 1 (min 1, target 2), 晚班 1"]
    assert "除请假本身外改动" in repaired.summary("zh") and "changed cells" in repaired.summary()
