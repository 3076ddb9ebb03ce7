"""Benchmark of repair after an absence: a 60-person, 4-week roster is published (the
outsourcing scenario solved once), then each chosen person is absent for 3 days and the
roster is mended. Target: each repair within 5 s on 2 cores, with the fewest changed
cells proven.

Usage::

    python benchmarks/repair.py                       # 6 absences, 2 workers
    python benchmarks/repair.py --people 3 --solve-time 30 --time-limit 5

Each mended roster is re-checked by the independent checker (column ``check``). The
table shows per absence: wall time of the repair, cells changed besides the absence,
whether that number is proven minimal, hours moved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

from scheduler import Scenario, check, load_scenario, solve
from scheduler.changes import Absence, with_absences
from scheduler.cpsat.repair import repair

ROOT = Path(__file__).resolve().parent.parent


def _binding_absences(scenario: Scenario, roster: pd.DataFrame, count: int) -> list[Absence]:
    """Absences of 3 working days that leave a minimum uncovered when nobody else moves
    (the repairs that need changes), spread over people and weeks; others if too few."""
    binding: list[Absence] = []
    other: list[Absence] = []
    start = scenario.horizon.start
    for k, emp in enumerate(scenario.employees):
        first = start + dt.timedelta(days=7 + (5 * k) % 14)
        absence = Absence(emp.id, first, first + dt.timedelta(days=2))
        days = set(absence.days())
        cut = roster.copy()
        mask = (cut["employee_id"] == emp.id) & cut["date"].isin(days)
        if not (cut.loc[mask, "shift_id"] != "OFF").any():
            continue
        cut.loc[mask, "shift_id"] = "LEAVE"
        broken = not check(with_absences(scenario, [absence]), cut).ok
        (binding if broken else other).append(absence)
    picked = binding[::max(1, len(binding) // count)][:count]
    return picked + other[:count - len(picked)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path,
                        default=ROOT / "scenarios" / "outsourcing_multishop.yaml")
    parser.add_argument("--people", type=int, default=6, help="absences to repair")
    parser.add_argument("--solve-time", type=float, default=60.0,
                        help="seconds for the published roster")
    parser.add_argument("--time-limit", type=float, default=5.0, help="seconds per repair")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    scenario = load_scenario(args.scenario)
    started = time.perf_counter()
    published = solve(scenario, time_limit=args.solve_time, workers=args.workers)
    if published.roster is None:
        print(f"no published roster: {published.summary()}")
        return 1
    print(f"published roster: {len(scenario.employees)} people x {scenario.horizon.num_days}"
          f" days, objective {published.objective} after {time.perf_counter() - started:.1f}s")
    rows = []
    failed = False
    for absence in _binding_absences(scenario, published.roster, args.people):
        emp, first = absence.employee, absence.start
        t0 = time.perf_counter()
        result = repair(scenario, published.roster, [absence], time_limit=args.time_limit,
                        workers=args.workers)
        wall = time.perf_counter() - t0
        ok = "-"
        if result.roster is not None:
            report = check(with_absences(scenario, [absence]), result.roster)
            ok = "OK" if report.ok and report.total == result.objective else "MISMATCH"
            failed = failed or ok != "OK"
        rows.append((f"{emp} {first}..{absence.end}", wall, result.changed_cells,
                     result.min_changes_proven, result.minutes_moved / 60, ok))

    print(f"{'absence':<30} {'wall s':>7} {'changed':>8} {'proven':>7} {'h moved':>8}"
          f" {'check':>6}")
    for name, wall, changed, proven, hours, ok in rows:
        print(f"{name:<30} {wall:>7.2f} {changed:>8} {proven!s:>7} {hours:>8.1f} {ok:>6}")
    walls = [r[1] for r in rows]
    print(f"median wall {statistics.median(walls):.2f}s, max {max(walls):.2f}s; "
          f"proven fewest changes in {sum(r[3] for r in rows)}/{len(rows)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
