"""Regression tests, one per bug found in review, named after the bug."""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, day, grid, make_scenario

from scheduler import Problem, ScenarioError, Status, check, scenario_from_dict, solve
from scheduler.roster import grid_to_frame, read_roster, write_roster


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scheduler.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_missing_row_with_a_shift_wish_is_a_violation_not_a_crash() -> None:
    sc = make_scenario(num_days=2, shift_wishes=[
        {"employee": "P1", "date": day(1).isoformat(), "shift": "D"}])
    frame = grid_to_frame(Problem(sc), grid(Problem(sc), {"P1": "D D"})).iloc[[0]]
    report = check(sc, frame)
    assert [(v.rule, v.date) for v in report.violations] == [("one_shift_per_day", day(1))]


def test_one_worker_proves_infeasibility_without_waiting_for_the_limit() -> None:
    # two people, every day needs two on E and one on D: impossible
    sc = make_scenario(num_days=7, people=2, coverage=[{"shift": "E", "min": 2},
                                                        {"shift": "D", "min": 1}])
    started = time.perf_counter()
    result = solve(sc, time_limit=30, workers=1)
    assert result.status is Status.INFEASIBLE
    assert time.perf_counter() - started < 15


def test_min_rest_longer_than_two_days_is_checked_at_every_gap() -> None:
    shifts = [{"id": "N", "segments": ["22:00-02:00", "02:30-06:30"]},
              {"id": "M", "segments": ["00:30-04:30"]}]
    sc = make_scenario(num_days=4, shifts=shifts, rules={"min_rest_hours": 48},
                       locks=[{"employee": "P1", "date": day(0).isoformat(), "shift": "N"},
                              {"employee": "P1", "date": day(3).isoformat(), "shift": "M"}])
    # N ends 06:30 on day 1, M starts 00:30 on day 3: 42 h of rest, under 48 h
    report = check(sc, grid(Problem(sc), {"P1": "N - - M"}))
    assert [v.rule for v in report.violations] == ["min_rest"]
    assert solve(sc, time_limit=10, workers=1).status is Status.INFEASIBLE


def test_back_to_back_segments_count_as_continuous_work() -> None:
    data = {"horizon": {"start": "2026-11-02", "num_days": 7}, "employees": [{"id": "A"}],
            "shifts": [{"id": "long", "segments": ["08:00-12:00", "12:00-20:00"]}]}
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data)
    assert [p.field for p in info.value.problems] == ["shifts[0].segments[0]"]
    assert "12 h of continuous work" in info.value.problems[0].message


def test_coverage_on_a_holiday_monday_and_a_makeup_saturday_follows_the_calendar() -> None:
    sc = make_scenario(num_days=7, start="2026-10-05", calendar={
        "country": None, "holidays": ["2026-10-05"], "makeup_workdays": ["2026-10-10"]},
        coverage=[
        {"shift": "D", "min": 4, "weekdays": ["mon"]},
        {"shift": "D", "min": 2, "day_types": ["holiday"]},
        {"shift": "D", "min": 1, "weekdays": ["sat", "sun"]},
        {"shift": "D", "min": 3, "day_types": ["workday"]}])
    mins = {n.day: n.min for n in Problem(sc).coverage}
    assert mins[0] == 2  # holiday Monday: the holiday headcount
    assert mins[5] == 3  # make-up Saturday (调休): the workday headcount
    assert mins[6] == 1  # ordinary Sunday: the weekend headcount
    assert mins[1] == 3  # ordinary Tuesday


def test_numeric_looking_ids_survive_a_round_trip(tmp_path: Path) -> None:
    sc = make_scenario(num_days=2, people=[{"id": "8.0"}, {"id": "007"}], shifts=[
        {"id": "1.0", "segments": ["09:00-12:00", "13:00-17:00"]}],
        coverage=[{"shift": "1.0", "min": 1}])
    result = solve(sc, time_limit=10, workers=1)
    assert result.roster is not None
    path = write_roster(result.roster, tmp_path / "r.csv", Problem(sc))
    assert check(sc, read_roster(path)).total == result.objective


def test_control_characters_in_names_do_not_break_xlsx(tmp_path: Path) -> None:
    sc = make_scenario(num_days=2, people=[{"id": "A", "name": "Li\x0bNa"}])
    result = solve(sc, time_limit=10, workers=1)
    assert result.roster is not None
    path = write_roster(result.roster, tmp_path / "r.xlsx", Problem(sc), fmt="xlsx")
    assert check(sc, read_roster(path)).ok


@pytest.mark.parametrize("option", [["--seed", "99999999999"], ["--workers", "10000000000"]])
def test_out_of_range_numbers_on_the_command_line_exit_2(tmp_path: Path,
                                                         option: list[str]) -> None:
    proc = cli("solve", "scenarios/infeasible_small.yaml", "--out", str(tmp_path / "r.csv"),
               *option)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_damaged_xlsx_and_duplicate_columns_exit_2(tmp_path: Path) -> None:
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(b"PK\x03\x04broken")
    not_xlsx = tmp_path / "text.xlsx"
    not_xlsx.write_text("employee_id,date\n", encoding="utf-8")
    broken_zip = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(broken_zip, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")
    doubled = tmp_path / "doubled.csv"
    doubled.write_text("employee_id,date,shift_id, shift_id\nS1,2026-11-02,day,day\n",
                       encoding="utf-8")
    for path in (truncated, not_xlsx, broken_zip, doubled):
        proc = cli("check", "scenarios/infeasible_small.yaml", str(path))
        assert proc.returncode == 2, (path, proc.stderr)
        assert "Traceback" not in proc.stderr and str(path) in proc.stderr


def test_floating_point_bound_just_below_the_objective_is_proven_optimal() -> None:
    # found by the brute-force property test: CP-SAT reported the bound 0.9999999999999998
    # for the optimum 1, and the result said "feasible"
    sc = make_scenario(num_days=2, people=[
        {"id": "P0", "max_hours_per_week": 8, "min_hours_total": 8,
         "contract_hours_per_week": 20},
        {"id": "P1", "max_hours_per_week": 8, "min_hours_total": 8,
         "contract_hours_per_week": 20}],
        coverage=[{"shift": "D", "min": 0, "target": 1}],
        leave=[{"employee": "P0", "start": "2026-11-02"}],
        shift_wishes=[{"employee": e, "date": "2026-11-02", "shift": "D"} for e in ("P0", "P1")],
        rules={"min_rest_hours": None, "max_consecutive_work_days": None,
               "min_days_off_per_week": None, "fair_hours_tolerance": 0,
               "fair_evenings_tolerance": 0, "fair_weekends_tolerance": 0,
               "weights": {"coverage_min_soft": 0, "coverage_target": 2, "coverage_excess": 0,
                           "day_off_wish": 0, "shift_wish": 1, "fair_hours": 0,
                           "fair_evenings": 0, "fair_weekends": 0, "meeting": 0}})
    result = solve(sc, time_limit=10, workers=1)
    assert result.status is Status.OPTIMAL
    assert result.best_bound == result.objective
