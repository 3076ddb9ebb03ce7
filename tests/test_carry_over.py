"""Carry-over between periods: last month's published roster becomes this month's history."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from conftest import ROOT, SCENARIOS

from scheduler import (
    Problem,
    Scenario,
    check,
    history_from_roster,
    load_scenario,
    read_roster,
    save_scenario,
    solve,
    write_roster,
)


def november_after(october: Path) -> Scenario:
    """The October scenario moved to November, without October's requests or history.

    The rotation continues (same anchor) in soft mode: October's roster was built
    without knowing November 1st (a Sunday), so the week across the boundary may leave
    a hard rotation without anyone free for that Sunday's evening."""
    scenario = load_scenario(october)
    employees = [{**e.model_dump(mode="python"), "history": []} for e in scenario.employees]
    rules = scenario.rules.model_dump(mode="python")
    if rules.get("rotation"):
        rules["rotation"]["mode"] = "soft"
    return scenario.replace(name="Tmall flagship shop, November 2026",
                            horizon={"start": "2026-11-01", "num_days": 30},
                            employees=employees, leave=[], day_off_wishes=[],
                            shift_wishes=[], locks=[], rules=rules)


def test_november_built_on_octobers_roster_keeps_every_rule_across_the_boundary(
        tmp_path: Path) -> None:
    october = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    first = solve(october, time_limit=10)
    assert first.roster is not None
    published = write_roster(first.roster, tmp_path / "october.csv", Problem(october))

    november = history_from_roster(november_after(SCENARIOS / "tmall_flagship.yaml"),
                                   read_roster(published))
    assert all(len(e.history) == 14 for e in november.employees)
    second = solve(november, time_limit=10)
    assert second.roster is not None
    assert check(november, second.roster).ok

    # judged again on the two months side by side, without the history mechanism
    both = pd.concat([first.roster, second.roster], ignore_index=True)
    shift_family = {s.id: s.family for s in october.shifts}
    for emp, rows in both.sort_values("date").groupby("employee_id"):
        cells = list(rows["shift_id"])
        run = longest = 0
        for cell in cells:
            run = run + 1 if cell in shift_family else 0
            longest = max(longest, run)
        assert longest <= 6, emp
        for before, after in itertools.pairwise(cells):
            assert not (shift_family.get(before) == "evening" and after == "day"), emp


def test_history_holidays_worked_count_in_the_same_year(tmp_path: Path) -> None:
    october = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    result = solve(october, time_limit=10)
    assert result.roster is not None
    worked = result.roster[(result.roster["day_type"] == "holiday")
                           & ~result.roster["shift_id"].isin(["OFF", "LEAVE"])]
    november = history_from_roster(november_after(SCENARIOS / "tmall_flagship.yaml"),
                                   result.roster)
    for emp in november.employees:
        assert emp.holiday_days_worked == int((worked["employee_id"] == emp.id).sum())


def test_cli_history_option(tmp_path: Path) -> None:
    october_csv = tmp_path / "october.csv"
    run = [sys.executable, "-m", "scheduler.cli", "solve"]
    first = subprocess.run([*run, str(SCENARIOS / "tmall_flagship.yaml"), "--out",
                            str(october_csv), "--time-limit", "5"], cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    november = tmp_path / "november.yaml"
    save_scenario(november_after(SCENARIOS / "tmall_flagship.yaml"), november)
    second = subprocess.run([*run, str(november), "--history", str(october_csv), "--out",
                             str(tmp_path / "november.csv"), "--time-limit", "5"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    check_proc = subprocess.run([sys.executable, "-m", "scheduler.cli", "check",
                                 str(november), str(tmp_path / "november.csv"), "--history",
                                 str(october_csv)], cwd=ROOT,
                                capture_output=True, text=True, timeout=120)
    assert check_proc.returncode == 0, check_proc.stdout
    assert "no hard rule is broken" in check_proc.stdout


def test_reference_roster_keeps_a_resolve_close_to_what_was_published() -> None:
    from scheduler import reference_from_roster

    october = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    published = solve(october, time_limit=5)
    assert published.roster is not None
    stable = reference_from_roster(october, published.roster)
    assert len(stable.reference) == len(october.employees) * october.horizon.num_days
    # the same scenario again, anchored to what was published: a change is made only
    # where it saves more than its price (50 per cell)
    again = solve(stable, time_limit=5, hint=published.roster)
    assert again.roster is not None and again.objective is not None
    assert published.objective is not None and again.objective <= published.objective
    changed = int((again.roster["shift_id"] != published.roster["shift_id"]).sum())
    assert again.by_rule().get("stability", 0) == 50 * changed
    assert check(stable, again.roster).ok


def test_cli_reference_option(tmp_path: Path) -> None:
    run = [sys.executable, "-m", "scheduler", "solve", str(SCENARIOS / "tmall_flagship.yaml"),
           "--time-limit", "5"]
    published = tmp_path / "published.csv"
    first = subprocess.run([*run, "--out", str(published)], cwd=ROOT, capture_output=True,
                           text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    second = subprocess.run([*run, "--out", str(tmp_path / "again.csv"), "--reference",
                             str(published), "--top", "1000"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr

    def objective(stdout: str) -> int:
        found = re.search(r"objective: (\d+)", stdout)
        assert found is not None, stdout
        return int(found.group(1))

    # the published roster is the warm start and costs nothing for stability, so the
    # second run is never worse than the first
    assert objective(second.stdout) <= objective(first.stdout)
    again = read_roster(tmp_path / "again.csv")
    before = read_roster(published)
    changed = int((again["shift_id"] != before["shift_id"]).sum())
    assert changed == 0 or "stability" in second.stdout  # changes show among the penalties
