"""Repair after absences: the mended roster keeps every rule (independent checker),
keeps the fixed days, and changes no more cells than a brute-force minimum."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NO_SOFT, ROOT, day, grid, make_scenario

from scheduler import Problem, check, read_roster, write_roster
from scheduler.changes import Absence, check_swap, with_absences
from scheduler.cpsat.repair import repair
from scheduler.io import ScenarioError
from scheduler.problem import LEAVE_IDX, OFF_IDX
from scheduler.result import Status
from scheduler.roster import Grid, RosterError, frame_to_grid, grid_to_frame
from scheduler.scenario import Scenario


def _team() -> Scenario:
    # one D and one E every day, 4 people, a day off each week, 11 h rest (no D after E)
    return make_scenario(7, 4, weights=NO_SOFT,
                         coverage=[{"shift": "D", "min": 1}, {"shift": "E", "min": 1}])


PUBLISHED = {
    "P1": "D D D - D D D",
    "P2": "E E E E - E E",
    "P3": "- - - D E - -",
    "P4": "- - - - - - -",
}


def _brute_force_fewest(problem: Problem, before: Grid, first: int, limit: int) -> int:
    """Fewest cells (beyond the forced LEAVE cells) to change so that the checker finds
    no broken hard rule; days before ``first`` stay."""
    codes = [OFF_IDX, *range(problem.num_shifts)]
    base = [list(row) for row in before]
    for e in range(problem.num_employees):
        for d in problem.leave_days[e]:
            base[e][d] = LEAVE_IDX
    free = [(e, d) for e in range(problem.num_employees) for d in range(first, problem.num_days)
            if base[e][d] != LEAVE_IDX]
    for k in range(limit + 1):
        for chosen in itertools.combinations(free, k):
            options = [[c for c in codes if c != base[e][d]] for e, d in chosen]
            for values in itertools.product(*options):
                trial = [list(row) for row in base]
                for (e, d), v in zip(chosen, values, strict=True):
                    trial[e][d] = v
                if check(problem, trial).ok:
                    return k
    raise AssertionError("no repair within the brute-force limit")


@pytest.mark.parametrize("absence", ["P1:2026-11-03", "P2:2026-11-04..2026-11-05",
                                     "P3:2026-11-05"])
def test_repair_changes_the_fewest_cells(absence: str) -> None:
    scenario = _team()
    problem = Problem(scenario)
    published = grid(problem, PUBLISHED)
    assert check(problem, published).ok
    gone = Absence.parse(absence)
    result = repair(scenario, published, [gone], time_limit=20, workers=1)
    assert result.status is Status.FEASIBLE and result.roster is not None
    mended = with_absences(scenario, [gone])
    new_problem = Problem(mended)
    after = frame_to_grid(new_problem, result.roster)
    assert check(mended, result.roster).ok
    first = (gone.start - problem.dates[0]).days
    for e in range(problem.num_employees):  # days before the absence stay as published
        assert after[e][:first] == published[e][:first]
    fewest = _brute_force_fewest(new_problem, published, first, limit=3)
    assert result.changed_cells == fewest
    assert result.min_changes_proven
    forced = [c for c in result.changes if c.forced]
    assert {(c.employee, c.date) for c in forced} == {(gone.employee, d) for d in gone.days()
                                                      if published[problem.employee_idx[
                                                          gone.employee]][
                                                          problem.date_idx[d]] >= 0}
    assert all(c.after == "LEAVE" for c in forced)
    assert all("min 1" in c.cover for c in result.changes if c.after in ("D", "E"))


def test_repair_from_a_later_date_keeps_earlier_days() -> None:
    scenario = _team()
    problem = Problem(scenario)
    published = grid(problem, PUBLISHED)
    result = repair(scenario, published, [Absence.parse("P2:2026-11-06")],
                    start=dt.date(2026, 11, 5), time_limit=20, workers=1)
    assert result.roster is not None
    after = frame_to_grid(problem, result.roster)
    for e in range(problem.num_employees):
        assert after[e][:3] == published[e][:3]


def test_absence_on_a_fixed_day_is_refused() -> None:
    scenario = _team()
    problem = Problem(scenario)
    result = repair(scenario, grid(problem, PUBLISHED), [Absence.parse("P1:2026-11-02")],
                    start=dt.date(2026, 11, 4))
    assert result.status is Status.INVALID and "before the first date" in result.message


def test_unknown_person_and_bad_absence_text() -> None:
    scenario = _team()
    problem = Problem(scenario)
    with pytest.raises(ScenarioError, match="X9"):
        repair(scenario, grid(problem, PUBLISHED), [Absence.parse("X9:2026-11-03")])
    for bad in ("P1", "P1:", "P1:2026-13-01", "P1:2026-11-05..2026-11-03"):
        with pytest.raises(ValueError):
            Absence.parse(bad)


def test_published_roster_missing_cells_is_an_error() -> None:
    scenario = _team()
    problem = Problem(scenario)
    frame = grid_to_frame(problem, grid(problem, PUBLISHED))
    frame = frame[~((frame["employee_id"] == "P3") & (frame["date"] == day(4)))]
    with pytest.raises(RosterError, match=r"^published roster: no cell for P3 2026-11-06"):
        repair(scenario, frame, [Absence.parse("P1:2026-11-03")])
    with pytest.raises(RosterError, match=r"^june\.csv: no cell for P3 2026-11-06"):
        repair(scenario, frame, [Absence.parse("P1:2026-11-03")], source="june.csv")


def test_swap_check() -> None:
    scenario = _team()
    problem = Problem(scenario)
    published = grid(problem, PUBLISHED)
    # P3 gives Thursday's D to P4 (who is off all week) -> fine
    ok = check_swap(scenario, published, "P3", day(3), "P4", day(3))
    assert ok.ok, ok.text()
    # P1's Tuesday D with P2's Tuesday E: P1 E then D on Wednesday, P2 E on Monday
    # then D on Tuesday: both break the rest rule
    bad = check_swap(scenario, published, "P1", day(1), "P2", day(1))
    assert not bad.ok
    assert {v.rule for v in bad.new_violations} == {"min_rest"}
    assert {v.employee for v in bad.new_violations} == {"P1", "P2"}
    assert "min_rest" in bad.text()
    with pytest.raises(ValueError, match="unknown employee"):
        check_swap(scenario, published, "P9", day(1), "P2", day(1))


def test_cli_repair(tmp_path: Path) -> None:
    scenario_path = ROOT / "scenarios" / "tmall_flagship.yaml"
    roster_path = tmp_path / "published.csv"
    out = tmp_path / "mended.csv"
    cmd = [sys.executable, "-m", "scheduler"]
    solved = subprocess.run([*cmd, "solve", str(scenario_path), "--out", str(roster_path),
                             "--time-limit", "8"], capture_output=True, text=True,
                            timeout=120)
    assert solved.returncode == 0, solved.stderr
    published = read_roster(roster_path)
    # someone on a day shift (eight people rotate through day weeks: one can be spared)
    worker = published[published["shift_id"] == "day"].iloc[40]
    when = worker["date"]
    run = subprocess.run([*cmd, "repair", str(scenario_path), "--roster", str(roster_path),
                          "--leave", f"{worker['employee_id']}:{when}..{when}",
                          "--out", str(out), "--time-limit", "10"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "absence" in run.stdout and "mended roster written" in run.stdout
    mended = read_roster(out)
    row = mended[(mended["employee_id"] == worker["employee_id"]) & (mended["date"] == when)]
    assert list(row["shift_id"]) == ["LEAVE"]
    bad = subprocess.run([*cmd, "repair", str(scenario_path), "--roster", str(roster_path),
                          "--leave", "nobody", "--out", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "EMPLOYEE:DATE" in bad.stderr
    assert "Traceback" not in bad.stderr
    gappy = tmp_path / "gappy.csv"
    gappy.write_text("".join(roster_path.read_text(encoding="utf-8").splitlines(True)[:-1]),
                     encoding="utf-8")
    short = subprocess.run([*cmd, "repair", str(scenario_path), "--roster", str(gappy),
                            "--leave", f"{worker['employee_id']}:{when}", "--out", str(out)],
                           capture_output=True, text=True, timeout=60)
    assert short.returncode == 2, short.stdout + short.stderr
    assert f"{gappy}: no cell for" in short.stderr and "Traceback" not in short.stderr


def test_cli_explain_and_solve_print_the_conflict(tmp_path: Path) -> None:
    path = ROOT / "scenarios" / "infeasible_small.yaml"
    cmd = [sys.executable, "-m", "scheduler"]
    run = subprocess.run([*cmd, "explain", str(path), "--lang", "zh"], capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 3
    assert "以下规则无法同时满足" in run.stdout and "S1" in run.stdout
    solved = subprocess.run([*cmd, "solve", str(path), "--out", str(tmp_path / "r.csv")],
                            capture_output=True, text=True, timeout=120)
    assert solved.returncode == 3
    assert "cannot all hold together" in solved.stdout
    assert not (tmp_path / "r.csv").exists()


def test_written_mended_roster_round_trips(tmp_path: Path) -> None:
    scenario = _team()
    problem = Problem(scenario)
    result = repair(scenario, grid(problem, PUBLISHED), [Absence.parse("P1:2026-11-03")],
                    time_limit=10, workers=1)
    assert result.roster is not None
    mended = Problem(with_absences(scenario, [Absence.parse("P1:2026-11-03")]))
    write_roster(result.roster, tmp_path / "m.csv", mended)
    assert check(mended.scenario, read_roster(tmp_path / "m.csv")).ok
