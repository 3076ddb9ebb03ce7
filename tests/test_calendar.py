"""The calendar: official Chinese holidays and make-up workdays, edits, peak days."""

from __future__ import annotations

import datetime as dt

from conftest import make_scenario

from scheduler import Problem, solve

OCT = "2026-09-28"  # Monday before National Day 2026


def types(problem: Problem) -> dict[str, str]:
    return {d.isoformat(): t for d, t in zip(problem.dates, problem.day_types, strict=True)}


def test_national_day_2026_comes_from_the_holidays_package() -> None:
    p = Problem(make_scenario(num_days=14, start=OCT))
    t = types(p)
    assert [t[f"2026-10-0{i}"] for i in range(1, 8)] == ["holiday"] * 7
    assert t["2026-10-10"] == "makeup_workday"  # Saturday worked (调休)
    assert t["2026-10-11"] == "weekend"
    assert t["2026-09-28"] == "workday"
    assert p.calendar_notes == []


def test_supervisor_edits_the_calendar() -> None:
    sc = make_scenario(num_days=14, start=OCT, calendar={
        "holidays": ["2026-09-29"], "not_holidays": ["2026-10-07"],
        "makeup_workdays": ["2026-10-11"]})
    t = types(Problem(sc))
    assert t["2026-09-29"] == "holiday"
    assert t["2026-10-07"] == "workday"
    assert t["2026-10-11"] == "makeup_workday"
    only_lists = make_scenario(num_days=14, start=OCT, calendar={"country": None})
    assert set(types(Problem(only_lists)).values()) == {"workday", "weekend"}


def test_a_year_without_an_official_schedule_is_said_plainly() -> None:
    sc = make_scenario(num_days=7, start="2027-09-27")
    p = Problem(sc)
    assert len(p.calendar_notes) == 1 and "2027" in p.calendar_notes[0]
    result = solve(sc, time_limit=5, workers=1)
    assert result.warnings == p.calendar_notes
    assert "warning: " in result.summary()


def test_makeup_workday_uses_workday_coverage_and_is_not_a_weekend() -> None:
    sc = make_scenario(num_days=14, start=OCT, coverage=[
        {"shift": "D", "min": 0, "target": 1},
        {"shift": "D", "min": 0, "target": 3, "day_types": ["workday"]},
        {"shift": "D", "min": 0, "target": 0, "weekdays": ["sat", "sun"]}])
    p = Problem(sc)
    target = {p.dates[n.day].isoformat(): n.target for n in p.coverage}
    assert target["2026-10-10"] == 3  # make-up Saturday: the workday rule beats "sat"
    assert target["2026-10-11"] == 0  # ordinary Sunday
    assert target["2026-10-02"] == 1  # holiday: no holiday rule, so the default
    assert dt.date(2026, 10, 10) not in {p.dates[d] for d in p.weekend_days}


def test_peak_day_multiplies_the_target_rounding_up() -> None:
    sc = make_scenario(num_days=7, coverage=[{"shift": "D", "min": 2, "target": 3}],
                       calendar={"peak_days": [{"date": "2026-11-04", "multiplier": 2.5,
                                                "name": "Double 11 warm-up"}]})
    p = Problem(sc)
    assert [n.target for n in p.coverage] == [3, 3, 8, 3, 3, 3, 3]
    assert [n.min for n in p.coverage] == [2] * 7


def test_weekend_inside_a_holiday_break_is_a_holiday() -> None:
    # Spring Festival 2026: the package lists Feb 16-20 and 23; the weekend between is
    # part of the break, Feb 14 and 28 are make-up Saturdays.
    t = types(Problem(make_scenario(num_days=21, start="2026-02-09")))
    assert t["2026-02-21"] == t["2026-02-22"] == "holiday"
    assert t["2026-02-14"] == t["2026-02-28"] == "makeup_workday"
    assert t["2026-02-15"] == "weekend"
