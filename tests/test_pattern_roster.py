"""Rostering from a designed rotation pattern: the pattern's cells become locks (hard) or
reference cells (soft); leave days and holidays are exceptions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SCENARIOS, make_scenario

from scheduler import check, read_roster, solve
from scheduler.rotation import Pattern, apply_pattern, pattern_to_csv

# two weeks: day Mon-Fri, weekend off; then evening Mon-Fri, weekend off
TWO = Pattern(weeks=[["day"] * 5 + ["OFF"] * 2, ["evening"] * 5 + ["OFF"] * 2])


def test_hard_pattern_locks_every_cell_except_leave_and_holidays() -> None:
    # 2026-09-28 .. 2026-10-11: National Day holidays are October 1-7
    sc = make_scenario(14, 2, start="2026-09-28",
                       leave=[{"employee": "P2", "start": "2026-09-29"}])
    out = apply_pattern(sc, TWO, mode="hard")
    cells = {(lk.employee, lk.date.isoformat()): lk.shift for lk in out.locks}
    assert cells[("P1", "2026-09-28")] == "D"          # P1 at week 0: day
    assert cells[("P2", "2026-09-28")] == "E"          # P2 at week 1: evening
    assert ("P2", "2026-09-29") not in cells           # leave
    assert ("P1", "2026-10-02") not in cells           # holiday
    assert cells[("P1", "2026-10-08")] == "E"          # week 2 = pattern week 1 for P1
    assert cells[("P1", "2026-10-11")] == "OFF"


def test_anchor_and_offsets_continue_the_cycle() -> None:
    sc = make_scenario(7, 2, start="2026-11-09")
    # anchored a week earlier: P1 (offset 0) is now at pattern week 1
    out = apply_pattern(sc, TWO, anchor=__import__("datetime").date(2026, 11, 2), mode="soft",
                        offsets={"P1": 0, "P2": 0})
    shifts = {(c.employee, c.date.isoformat()): c.shift for c in out.reference}
    assert shifts[("P1", "2026-11-09")] == "E" and shifts[("P2", "2026-11-09")] == "E"
    with pytest.raises(ValueError, match="offsets must be"):
        apply_pattern(sc, TWO, offsets={"P1": 5})


def test_people_who_cannot_work_every_family_are_left_free() -> None:
    sc = make_scenario(7, [{"id": "P1", "shifts": ["D"]}, {"id": "P2"}])
    out = apply_pattern(sc, TWO, mode="hard")
    assert {lk.employee for lk in out.locks} == {"P2"}
    with pytest.raises(ValueError, match="P1 may work no shift of family 'evening'"):
        apply_pattern(sc, TWO, offsets={"P1": 1}, people=["P1"])


def test_soft_pattern_is_followed_unless_cover_needs_otherwise() -> None:
    sc = make_scenario(14, 2, weights={"fair_hours": 0, "fair_evenings": 0, "fair_weekends": 0,
                                       "coverage_excess": 0, "stability": 50},
                       coverage=[{"shift": "D", "min": 1}], rules={"min_rest_hours": None})
    out = apply_pattern(sc, TWO, mode="soft")
    result = solve(out, time_limit=10, workers=1)
    assert result.roster is not None and check(out, result.roster).ok
    # weekends: D needs someone, the pattern says OFF: those cells cost stability
    costs = result.by_rule()
    assert costs.get("stability", 0) == 50 * 4  # 4 weekend days, one person each


def test_cli_solve_with_a_designed_pattern(tmp_path: Path) -> None:
    pattern_csv = tmp_path / "pattern.csv"
    design = subprocess.run([sys.executable, "-m", "scheduler", "rotation", "design",
                             str(SCENARIOS / "rotation" / "tmall_12.yaml"), "--out",
                             str(pattern_csv)], capture_output=True, text=True, timeout=120)
    assert design.returncode == 0, design.stderr
    out = tmp_path / "roster.csv"
    run = subprocess.run([sys.executable, "-m", "scheduler", "solve",
                          str(SCENARIOS / "taobao_three_shift.yaml"), "--out", str(out),
                          "--pattern", str(pattern_csv), "--time-limit", "8"],
                         capture_output=True, text=True, timeout=120)
    # taobao's shifts have no split family: nobody can follow the day/evening/split cycle
    assert run.returncode == 0, run.stderr
    pattern_to_csv(TWO, pattern_csv)
    run = subprocess.run([sys.executable, "-m", "scheduler", "solve",
                          str(SCENARIOS / "taobao_three_shift.yaml"), "--out", str(out),
                          "--pattern", str(pattern_csv), "--time-limit", "8"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    roster = read_roster(out)
    # everyone allowed day and evening shifts follows the two-week pattern (soft)
    b01 = roster[roster["employee_id"] == "B01"]
    assert len(b01) > 0
