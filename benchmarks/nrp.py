"""The Curtois & Qu shift scheduling benchmark: our engine on the 24 public instances.

Every instance and seed runs in a fresh subprocess (``nrp.py --one N ...``) printing one
JSON line, so that the peak resident memory is that run's alone. The roster goes to
``runs/nrp/InstanceN-seedS.csv`` (long CSV, the instance's employee and shift ids, OFF
for days off); the independent checker re-evaluates it and must find no hard violation
and the solver's objective (else the exit code is 1).

Usage::

    python benchmarks/nrp.py --instances 1-7 --time-limit 60
    python benchmarks/nrp.py --instances 8,9 --time-limit 60 --seeds 0,1,2 --workers 2

The table: instance, people, days, best known value, ours (median over the seeds), gap
to the best known (%), the solver's lower bound (best over the seeds), median time to
the first roster and to the best roster (seconds from the call to ``solve``, model
building included), and peak memory (MB, the largest over the seeds). A warning is
printed when an instance is worse than recorded in ``nrp_recorded.json`` by more than
``--tolerance`` percent (the table measured for ``benchmarks/README.md``; ``--record``
writes the current medians there).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "nrp"
OUT = ROOT / "runs" / "nrp"
RECORDED = Path(__file__).resolve().parent / "nrp_recorded.json"

# Best known objective values (proven optimal unless a range or upper bound), from the
# benchmark's published results; a range gives (lower bound, best found).
BEST_KNOWN: dict[int, int] = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439,
    10: 4631, 11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3834, 16: 3225, 17: 5746,
    18: 4459, 19: 3149, 20: 4943, 21: 21159, 22: 33155, 23: 17428, 24: 48777,
}


@dataclass
class Run:
    """What one subprocess measured (one JSON line)."""

    instance: int
    seed: int
    people: int
    days: int
    status: str
    objective: int | None
    checker: int | None
    violations: int
    bound: float | None
    first: float | None
    best_time: float | None
    wall: float
    peak_mb: float
    roster: str


def instance_path(n: int, data: Path = DATA) -> Path:
    return data / f"Instance{n}.txt"


def run_one(n: int, seed: int, time_limit: float, workers: int, data: Path, out: Path,
            params: str = "") -> Run:
    """Solve one instance in this process (called in the subprocess)."""
    from scheduler import Problem, check, solve, write_roster
    from scheduler.nrp import read_nrp

    scenario = read_nrp(instance_path(n, data))
    started = time.perf_counter()
    result = solve(scenario, time_limit=time_limit, workers=workers, seed=seed,
                   explain_time_limit=None,
                   solver_params=json.loads(params) if params else None)
    wall = time.perf_counter() - started
    checker = violations = None
    roster = ""
    best_time = None
    if result.roster is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = write_roster(result.roster, out / f"Instance{n}-seed{seed}.csv",
                            Problem(scenario))
        roster = str(path)
        report = check(scenario, result.roster)
        checker, violations = report.total, len(report.violations)
        objective = result.objective
        improving = [p for p in result.progress if p.objective == p.objective
                     and objective is not None and p.objective <= objective]
        best_time = improving[0].time if improving else result.time_to_first
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 if sys.platform != "darwin" else peak / 2**20
    return Run(n, seed, len(scenario.employees), scenario.horizon.num_days,
               result.status.value, result.objective if result.roster is not None else None,
               checker, violations or 0, result.best_bound, result.time_to_first, best_time,
               wall, round(peak_mb, 1), roster)


def run_in_subprocess(n: int, seed: int, time_limit: float, workers: int, data: Path,
                      out: Path, params: str = "") -> Run:
    """Solve one instance in a fresh interpreter; a crash, a kill (e.g. out of memory) or
    no answer within three times the limit is a row with that status, not an abort."""
    cmd = [sys.executable, __file__, "--one", str(n), "--seeds", str(seed), "--time-limit",
           str(time_limit), "--workers", str(workers), "--data", str(data), "--out", str(out),
           "--params", params]
    started = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False,
                              timeout=time_limit * 3 + 120)
    except subprocess.TimeoutExpired:
        return _failed(n, seed, "timeout", time.perf_counter() - started, data)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        print(f"instance {n} seed {seed} failed: {tail[0]}", file=sys.stderr)
        return _failed(n, seed, f"failed ({done.returncode})", time.perf_counter() - started,
                       data)
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def _failed(n: int, seed: int, status: str, wall: float, data: Path) -> Run:
    from scheduler.nrp import NrpError, read_nrp

    try:
        scenario = read_nrp(instance_path(n, data))
        people, days = len(scenario.employees), scenario.horizon.num_days
    except NrpError:
        people = days = 0
    return Run(instance=n, seed=seed, people=people, days=days, status=status, objective=None,
               checker=None, violations=0, bound=None, first=None, best_time=None,
               wall=wall, peak_mb=0.0, roster="")


def parse_instances(text: str) -> list[int]:
    """``1-7``, ``1,3,5`` or ``1-3,8``."""
    out: list[int] = []
    for part in filter(None, text.split(",")):
        low, _, high = part.partition("-")
        out += range(int(low), int(high or low) + 1)
    bad = [n for n in out if n not in BEST_KNOWN]
    if bad:
        raise SystemExit(f"no such instance: {bad} (1-24)")
    return out


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


@dataclass
class Row:
    """One instance over its seeds (medians; bound and memory: best and largest)."""

    instance: int
    people: int
    days: int
    best: int
    ours: float | None
    gap: float | None
    bound: float | None
    first: float | None
    best_time: float | None
    peak_mb: float
    seeds: int
    objectives: list[int | None]


def summarise(runs: list[Run]) -> list[Row]:
    rows = []
    for n in sorted({r.instance for r in runs}):
        mine = [r for r in runs if r.instance == n]
        found = [r.objective for r in mine if r.objective is not None]
        ours = _median([float(v) for v in found]) if len(found) == len(mine) else None
        best = BEST_KNOWN[n]
        bounds = [r.bound for r in mine if r.bound is not None]
        rows.append(Row(
            n, mine[0].people, mine[0].days, best, ours,
            None if ours is None else 100 * (ours - best) / best,
            max(bounds) if bounds else None,
            _median([r.first for r in mine if r.first is not None]),
            _median([r.best_time for r in mine if r.best_time is not None]),
            max(r.peak_mb for r in mine), len(mine), [r.objective for r in mine]))
    return rows


def table(rows: list[Row]) -> str:
    head = ("| instance | people | days | best known | ours | gap % | bound | first s"
            " | best s | peak MB |")
    lines = [head, "|" + "---:|" * 10]
    for r in rows:
        ours = "-" if r.ours is None else f"{r.ours:g}"
        lines.append(
            f"| {r.instance} | {r.people} | {r.days} | {r.best} | {ours} | {_fmt(r.gap)} | "
            f"{_fmt(r.bound, 0)} | {_fmt(r.first, 2)} | {_fmt(r.best_time)} | "
            f"{_fmt(r.peak_mb, 0)} |")
    return "\n".join(lines)


def regressions(rows: list[Row], recorded: dict[str, dict[str, float]],
                tolerance: float = 0.0) -> list[str]:
    """Instances worse than the recorded table by more than ``tolerance`` percent (no
    roster counts as worse)."""
    out = []
    for r in rows:
        old = recorded.get(str(r.instance))
        if old is None:
            continue
        if r.ours is None or r.ours > old["ours"] * (1 + tolerance / 100):
            out.append(f"WARNING: instance {r.instance} got worse: {r.ours} against the"
                       f" recorded {old['ours']:g} ({old.get('time_limit', '?')} s,"
                       f" {old.get('date', '?')})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--instances", default="1-7", help="e.g. 1-7 or 1,3,8-12")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--seeds", default="0", help="comma-separated seeds, e.g. 0,1,2")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=DATA, help="folder of InstanceN.txt")
    ap.add_argument("--out", type=Path, default=OUT, help="folder of the rosters")
    ap.add_argument("--record", action="store_true",
                    help="write the medians to nrp_recorded.json")
    ap.add_argument("--json", type=Path, help="also write every run as JSON here")
    ap.add_argument("--tolerance", type=float, default=2.0,
                    help="warn when worse than recorded by more than this percent (single"
                    " seeds vary by a few percent; 0: any worse value)")
    ap.add_argument("--params", default="",
                    help='CP-SAT parameters as JSON, e.g. \'{"subsolvers": ["max_lp"]}\'')
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    if args.one is not None:
        run = run_one(args.one, seeds[0], args.time_limit, args.workers, args.data, args.out,
                      args.params)
        print(json.dumps(asdict(run)))
        return 0

    runs: list[Run] = []
    failed = []
    for n in parse_instances(args.instances):
        for seed in seeds:
            run = run_in_subprocess(n, seed, args.time_limit, args.workers, args.data,
                                    args.out, args.params)
            runs.append(run)
            ok = run.objective is None or (run.checker == run.objective
                                           and run.violations == 0)
            print(f"instance {n} seed {seed}: {run.status} {run.objective} (checker"
                  f" {run.checker}, {run.violations} violations) bound {run.bound}"
                  f" first {_fmt(run.first, 2)} s best {_fmt(run.best_time)} s",
                  file=sys.stderr, flush=True)
            if not ok:
                failed.append(f"instance {n} seed {seed}: checker {run.checker} with"
                              f" {run.violations} violations, solver {run.objective}")
    rows = summarise(runs)
    print(f"time limit {args.time_limit:g} s, {args.workers} workers, seeds {args.seeds}"
          + (f", parameters {args.params}" if args.params else ""))
    print(table(rows))
    recorded = json.loads(RECORDED.read_text()) if RECORDED.exists() else {}
    for warning in regressions(rows, recorded, args.tolerance):
        print(warning)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    if args.record:
        today = time.strftime("%Y-%m-%d")
        for r in rows:
            if r.ours is not None:
                recorded[str(r.instance)] = {"ours": r.ours, "time_limit": args.time_limit,
                                             "seeds": r.seeds, "date": today}
        RECORDED.write_text(json.dumps(dict(sorted(recorded.items(), key=lambda kv: int(kv[0]))),
                                       indent=1) + "\n")
    for message in failed:
        print("CHECK FAILED:", message)
    # the checker must agree with the solver on every roster
    assert not failed, failed
    return 0


if __name__ == "__main__":
    sys.exit(main())
