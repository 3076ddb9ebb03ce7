"""Chat demand in a scenario: staffing per interval, interval cover in the roster,
predicted service of a roster, the ``scheduler staffing`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import SCENARIOS, SHIFTS, grid, make_scenario

from scheduler import Problem, ScenarioError, load_scenario, save_scenario, solve
from scheduler.service import roster_service, scheduled_agents


def _chat_demand(**extra: object) -> dict[str, object]:
    return {"skill": "chat", "service_hours": "08:00-23:00", "interval_minutes": 30,
            "forecast": {"daily": {"09:00": 30, "09:30": 30, "20:00": 60}},
            "service": {"aht_seconds": 240, "concurrency": 3, "target_seconds": 180,
                        "target_share": 0.8}, **extra}


def test_scheduled_agents_count_fractions_of_intervals() -> None:
    # X starts at 09:15: half of the 09:00 interval; D 08:30-12:30, 13:30-17:30;
    # E 15:00-19:00, 19:30-23:30; P3 lacks the skill
    shifts = [*SHIFTS, {"id": "X", "family": "day", "segments": ["09:15-13:15"]}]
    sc = make_scenario(2, [{"id": "P1", "skills": ["chat"]}, {"id": "P2", "skills": ["chat"]},
                           {"id": "P3", "skills": ["other"]}], shifts=shifts,
                       demand=[_chat_demand()])
    p = Problem(sc)
    g = grid(p, {"P1": "D X", "P2": "E D", "P3": "D D"})
    agents = scheduled_agents(p, g)
    table = p.demand_forecast.assign(agents=agents)
    day0 = table[table["date"] == p.dates[0]].set_index("interval_start")["agents"]
    assert day0["08:00"] == 0 and day0["08:30"] == 1 and day0["12:30"] == 0
    assert day0["15:00"] == 2 and day0["19:00"] == 0 and day0["23:00"] == 1
    assert day0["23:30"] == 0  # E ends 23:30
    day1 = table[table["date"] == p.dates[1]].set_index("interval_start")["agents"]
    assert day1["09:00"] == 1.5 and day1["13:00"] == 0.5 and day1["13:30"] == 1


def test_predicted_service_improves_with_more_agents() -> None:
    sc = make_scenario(1, [{"id": f"P{i}", "skills": ["chat"]} for i in range(3)],
                       demand=[_chat_demand()])
    p = Problem(sc)
    one = roster_service(p, grid(p, {"P0": "E", "P1": "-", "P2": "-"}))
    three = roster_service(p, grid(p, {"P0": "E", "P1": "E", "P2": "E"}))
    assert one is not None and three is not None
    assert three.days["reply_rate_3min"].iloc[0] > one.days["reply_rate_3min"].iloc[0]
    at8 = three.intervals.set_index("interval_start").loc["20:00"]
    alone = one.intervals.set_index("interval_start").loc["20:00"]
    # 60 chats x 240 s per half hour = 8 Erlangs: 3 servers cannot keep up, 9 mostly can
    assert at8["scheduled"] == 3 and at8["within_target"] > 0.6 > alone["within_target"]


def test_solve_reports_the_predicted_service() -> None:
    sc = make_scenario(7, [{"id": f"P{i}", "skills": ["chat"]} for i in range(4)],
                       demand=[_chat_demand()])
    result = solve(sc, time_limit=10, workers=2)
    assert result.service is not None
    assert set(result.service.days["skill"]) == {"chat"}
    text = result.summary()
    assert "predicted 3-minute reply rate" in text and "worst intervals" in text


def test_double11_needs_more_agents_than_an_ordinary_day() -> None:
    problem = Problem(load_scenario(SCENARIOS / "pdd_double11.yaml"))
    table = problem.staffing
    peak = table.groupby(["skill", "date"])["required"].max()
    for skill in ("pdd_home", "pdd_kids"):
        ordinary = peak[skill][pd.Timestamp("2026-11-04").date()]
        assert peak[skill][pd.Timestamp("2026-11-11").date()] >= 2 * ordinary
    closed = table[~table["open"]]
    assert (closed["required"] == 0).all()
    assert set(closed["skill"]) == {"pdd_home", "pdd_kids"}  # the Kuaishou shop is 24 h
    # the night shift covers the Kuaishou shop's early hours of the next day
    needs = problem.interval_needs
    i = next(k for k, n in enumerate(needs) if n.skill == "ks_snacks" and n.day == 1
             and n.start == 120)
    assert any(back == 1 for back, _, _ in problem.interval_cover[i])


def test_missing_history_file_is_reported_at_its_field(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIOS / "pdd_double11.yaml")
    path = tmp_path / "copy.yaml"
    save_scenario(scenario, path)  # history paths are relative: data/ is not beside it
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert "demand[0].history" in str(info.value)


def test_demand_skill_nobody_has_is_an_error() -> None:
    with pytest.raises(Exception, match=r"demand\[0\]\.skill: nobody has skill 'chat'"):
        make_scenario(1, 1, demand=[_chat_demand()])


def test_cli_staffing(tmp_path: Path) -> None:
    out = tmp_path / "staffing.csv"
    run = subprocess.run([sys.executable, "-m", "scheduler", "staffing",
                          str(SCENARIOS / "pdd_double11.yaml"), "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "pdd_home" in run.stdout and "staffing written" in run.stdout
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert list(table.columns) == ["date", "interval_start", "interval_minutes", "skill",
                                   "chats", "required", "open"]
    assert len(table) == 28 * (48 + 48 + 24)
    assert np.all(table["required"] >= 0)
    none = subprocess.run([sys.executable, "-m", "scheduler", "staffing",
                           str(SCENARIOS / "tmall_flagship.yaml"), "--out", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert none.returncode == 2 and "no 'demand'" in none.stderr


