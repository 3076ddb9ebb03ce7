"""Benchmark of the CP-SAT engine: one table row per case.

Every case (and seed) runs in a fresh subprocess (``engine.py --one CASE ...``) that
prints one JSON line, so that the peak resident memory (``resource.getrusage``) is
that case's alone. Each roster is re-evaluated by the independent checker: it must
find no hard violation and the same total penalty as the solver's objective (column
``check``: OK or MISMATCH; any MISMATCH makes the exit code 1).

Usage::

    python benchmarks/engine.py                          # every case, full time limits
    python benchmarks/engine.py --time-scale 0.1         # quick smoke run
    python benchmarks/engine.py --cases tmall_flagship,generated_300x42 --seeds 0,1,2

Times are seconds from the call to :func:`scheduler.solve` (model building included);
``first s`` is the time of the first feasible roster. With several seeds the table
shows medians; a run without a roster counts as slower / worse than any run with one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import inspect
import json
import logging
import math
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generate import generate_team

from scheduler import Problem, Scenario, check, load_scenario, solve, write_roster

log = logging.getLogger("benchmarks.engine")

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
EXIT_OK, EXIT_FAILED = 0, 1


@dataclass(frozen=True)
class Target:
    """A performance goal on one measured metric of a case.

    Attributes
    ----------
    metric
        Field of :class:`RunResult` compared (``first``, ``gap_pct`` or ``peak_mb``).
    limit
        The metric must be at most this value (strictly below for ``strict``).
    label
        What the goal says, for the report.
    strict
        Compare with ``<`` instead of ``<=``.
    """

    metric: str
    limit: float
    label: str
    strict: bool = False

    def met(self, value: float | None) -> bool:
        """Whether ``value`` (None: not measured, e.g. no roster) reaches the goal."""
        if value is None or math.isnan(value):
            return False
        return value < self.limit if self.strict else value <= self.limit


@dataclass(frozen=True)
class Case:
    """One benchmark instance.

    Attributes
    ----------
    name
        Name used with ``--cases``.
    limit
        Solver time limit in seconds at ``--time-scale 1``.
    load
        Builds the scenario; called in the case's subprocess (``gen_seed`` argument).
    targets
        Goals reported after the table.
    """

    name: str
    limit: float
    load: Callable[[int], Scenario]
    targets: tuple[Target, ...] = ()


def _from_file(name: str) -> Callable[[int], Scenario]:
    def load(_gen_seed: int) -> Scenario:
        return load_scenario(SCENARIOS / name)

    return load


def _generated(people: int, days: int) -> Callable[[int], Scenario]:
    def load(gen_seed: int) -> Scenario:
        return generate_team(people, days, seed=gen_seed)

    return load


CASES: dict[str, Case] = {case.name: case for case in (
    Case("tmall_flagship", 10.0, _from_file("tmall_flagship.yaml"), (
        Target("gap_pct", 1.0, "proven optimal or gap <= 1 % within 10 s"),
    )),
    Case("taobao_three_shift", 10.0, _from_file("taobao_three_shift.yaml")),
    Case("outsourcing_multishop", 60.0, _from_file("outsourcing_multishop.yaml"), (
        Target("first", 5.0, "time to first feasible <= 5 s"),
        Target("gap_pct", 2.0, "gap at the time limit <= 2 %"),
    )),
    Case("pdd_double11", 60.0, _from_file("pdd_double11.yaml"), (
        Target("first", 10.0, "time to first feasible <= 10 s"),
        Target("gap_pct", 3.0, "gap at the time limit <= 3 %"),
    )),
    Case("generated_300x42", 60.0, _generated(300, 42), (
        Target("first", 30.0, "time to first feasible <= 30 s"),
        Target("peak_mb", 2048.0, "peak memory < 2 GB", strict=True),
    )),
)}


@dataclass
class RunResult:
    """What one subprocess measured for one case and seed (one JSON line).

    Attributes
    ----------
    case, seed
        Which run.
    people, days
        Scenario size.
    variables, constraints
        CP-SAT model size.
    status
        Solver status (``optimal``, ``feasible``, ``unknown``, ...), or ``error``.
    limit
        Time limit given to the solver (s).
    first
        Seconds until the first feasible roster; None without one.
    wall
        Seconds spent in :func:`scheduler.solve`.
    objective, bound, gap_pct
        Objective, proven lower bound and their relative gap in percent.
    peak_mb
        Peak resident memory of the subprocess (MB).
    check
        ``OK``, ``MISMATCH``, ``n/a`` (no roster) or ``ERROR``.
    check_total
        Total penalty computed by the checker.
    violations
        Hard violations found by the checker.
    load_s, check_s
        Seconds to load or generate the scenario, and to check the roster.
    roster
        Path of the written roster CSV, if any.
    detail
        Why a check failed or a run broke.
    """

    case: str
    seed: int
    people: int = 0
    days: int = 0
    variables: int = 0
    constraints: int = 0
    status: str = "error"
    limit: float = 0.0
    first: float | None = None
    wall: float | None = None
    objective: int | None = None
    bound: float | None = None
    gap_pct: float | None = None
    peak_mb: float | None = None
    check: str = "ERROR"
    check_total: int | None = None
    violations: int = 0
    load_s: float | None = None
    check_s: float | None = None
    roster: str = ""
    detail: str = ""


# ------------------------------------------------------------------ one case (child)
def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    Returns
    -------
    float
        ``ru_maxrss`` converted to MB (kilobytes on Linux, bytes on macOS).
    """
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_one(case: Case, *, seed: int, time_scale: float, workers: int, out: Path | None,
            gen_seed: int, params: dict[str, Any] | None = None) -> RunResult:
    """Solve one case in this process, check the roster and measure it.

    Parameters
    ----------
    case
        The case to run.
    seed
        CP-SAT random seed.
    time_scale
        Factor on the case's time limit.
    workers
        CP-SAT search workers.
    params
        CP-SAT parameters passed to :func:`solve` as ``solver_params``.
    out
        Folder for the roster CSV; nothing is written when None.
    gen_seed
        Seed of generated scenarios.

    Returns
    -------
    RunResult
        The measurements; ``check`` is ``MISMATCH`` when the checker disagrees.
    """
    started = time.perf_counter()
    scenario = case.load(gen_seed)
    load_s = time.perf_counter() - started
    limit = case.limit * time_scale
    log.info("%s seed %d: %d people x %d days, limit %.1f s", case.name, seed,
             len(scenario.employees), scenario.horizon.num_days, limit)
    result = solve(scenario, time_limit=limit, workers=workers, seed=seed,
                   solver_params=params)
    run = RunResult(
        case=case.name, seed=seed, people=len(scenario.employees),
        days=scenario.horizon.num_days, variables=result.num_variables,
        constraints=result.num_constraints, status=str(result.status), limit=limit,
        first=result.time_to_first, wall=result.wall_time, objective=result.objective,
        bound=result.best_bound, load_s=load_s, check="n/a",
        gap_pct=None if result.gap is None else 100.0 * result.gap)
    if result.roster is not None:
        checked = time.perf_counter()
        problem = Problem(scenario)
        report = check(problem, result.roster)
        run.check_s = time.perf_counter() - checked
        run.check_total = report.total
        run.violations = len(report.violations)
        agree = report.ok and report.total == result.objective
        run.check = "OK" if agree else "MISMATCH"
        if not agree:
            run.detail = _disagreement(result.objective, report.total, result.by_rule(),
                                       report.by_rule(),
                                       [f"{v.rule} {v.employee or ''} {v.date or ''}: {v.message}"
                                        for v in report.violations])
            log.error("%s seed %d: checker disagrees: %s", case.name, seed, run.detail)
        if out is not None:
            path = out / f"{case.name}_seed{seed}_roster.csv"
            write_roster(result.roster, path, problem)
            run.roster = str(path)
    else:
        run.detail = result.message
    run.peak_mb = peak_rss_mb()
    return run


def _disagreement(objective: int | None, total: int, solver: dict[str, int],
                  checker: dict[str, int], violations: list[str]) -> str:
    """Why the checker disagrees: objectives, violations and rules whose penalties differ."""
    parts = [f"solver objective {objective} vs checker total {total}"
             f" (solver's own penalty breakdown sums to {sum(solver.values())})",
             f"{len(violations)} violation(s)", *violations[:3]]
    for rule in sorted(set(solver) | set(checker)):
        if solver.get(rule, 0) != checker.get(rule, 0):
            parts.append(f"{rule}: solver {solver.get(rule, 0)} vs checker {checker.get(rule, 0)}")
    return "; ".join(parts)


# ------------------------------------------------------------------ driver (parent)
def run_in_subprocess(name: str, *, seed: int, time_scale: float, workers: int, out: Path,
                      gen_seed: int, verbose: bool, params: str = "") -> RunResult:
    """Run ``engine.py --one NAME`` in a fresh interpreter and read its JSON line.

    Parameters
    ----------
    name
        Case name.
    seed, time_scale, workers, out, gen_seed
        Passed on to :func:`run_one`.
    params
        CP-SAT parameters as JSON (empty: none).
    verbose
        Let the subprocess log progress on stderr.

    Returns
    -------
    RunResult
        What the subprocess measured, or an ``error`` row when it failed.
    """
    case = CASES[name]
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", name, "--seed", str(seed),
           "--time-scale", repr(time_scale), "--workers", str(workers), "--out", str(out),
           "--gen-seed", str(gen_seed)]
    if params:
        cmd += ["--params", params]
    if verbose:
        cmd.append("--verbose")
    timeout = 3 * case.limit * time_scale + 600
    log.info("running %s", " ".join(cmd))
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return RunResult(case=name, seed=seed, detail=f"no answer within {timeout:.0f} s")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode not in (EXIT_OK, EXIT_FAILED) or not lines:
        return RunResult(case=name, seed=seed,
                         detail=f"subprocess exited with {proc.returncode} and no result")
    return RunResult(**json.loads(lines[-1]))


def _median(values: Sequence[float | None]) -> float | None:
    """Median where None (no roster, not measured) ranks above every number."""
    if not values:
        return None
    ranked = [math.inf if v is None else float(v) for v in values]
    med = statistics.median(ranked)
    return None if math.isinf(med) or math.isnan(med) else med


@dataclass
class Summary:
    """Medians of a case over its seeds (one table row)."""

    case: str
    runs: list[RunResult] = field(default_factory=list)

    def value(self, metric: str) -> float | None:
        return _median([getattr(r, metric) for r in self.runs])

    @property
    def status(self) -> str:
        counts = Counter(r.status for r in self.runs)
        if len(counts) == 1:
            return next(iter(counts))
        return ",".join(f"{s}:{n}" for s, n in counts.most_common())

    @property
    def check(self) -> str:
        checks = {r.check for r in self.runs}
        for worst in ("ERROR", "MISMATCH", "n/a"):
            if worst in checks:
                return worst
        return "OK"

    def row(self) -> dict[str, str]:
        first = self.runs[0]

        def num(metric: str, digits: int) -> str:
            value = self.value(metric)
            return "-" if value is None else f"{value:.{digits}f}"

        return {
            "case": self.case, "people": str(first.people), "days": str(first.days),
            "variables": num("variables", 0), "constraints": num("constraints", 0),
            "status": self.status, "first s": num("first", 2), "wall s": num("wall", 2),
            "objective": num("objective", 0), "bound": num("bound", 0),
            "gap %": num("gap_pct", 2), "peak MB": num("peak_mb", 0), "check": self.check,
        }


def format_table(rows: list[dict[str, str]]) -> str:
    """A plain text table (text left-aligned, numbers right-aligned).

    Parameters
    ----------
    rows
        One mapping per row, all with the same keys in the same order.

    Returns
    -------
    str
        Header, rule and rows joined by newlines.
    """
    if not rows:
        return "(no cases)"
    headers = list(rows[0])
    widths = {h: max(len(h), *(len(r[h]) for r in rows)) for h in headers}
    left = {"case", "status", "check"}

    def line(cells: dict[str, str]) -> str:
        return "  ".join(cells[h].ljust(widths[h]) if h in left else cells[h].rjust(widths[h])
                         for h in headers).rstrip()

    rule = "  ".join("-" * widths[h] for h in headers)
    return "\n".join([line({h: h for h in headers}), rule, *(line(r) for r in rows)])


def write_csv(path: Path, rows: Sequence[dict[str, Any]]) -> None:
    """Write ``rows`` (same keys) as a CSV file.

    Parameters
    ----------
    path
        File to write; its folder must exist.
    rows
        Records to write, the first one's keys are the header.
    """
    if not rows:
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def target_lines(summaries: list[Summary], time_scale: float) -> list[str]:
    """One ``met`` / ``NOT met`` line per target of the cases that ran.

    Parameters
    ----------
    summaries
        Medians per case.
    time_scale
        Factor applied to the time limits (noted when not 1: targets are not scaled).

    Returns
    -------
    list[str]
        Report lines.
    """
    lines = []
    for summary in summaries:
        for target in CASES[summary.case].targets:
            value = summary.value(target.metric)
            shown = "none" if value is None else f"{value:.2f}"
            verdict = "met" if target.met(value) else "NOT met"
            lines.append(f"{summary.case}: {target.label}: {shown} -> {verdict}")
    if lines and time_scale != 1:
        lines.append(f"(time limits scaled by {time_scale:g}; the targets are not)")
    return lines


def _csv_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def build_parser() -> argparse.ArgumentParser:
    """The command line of the benchmark.

    Returns
    -------
    argparse.ArgumentParser
        Parser of the options described in the module docstring.
    """
    parser = argparse.ArgumentParser(description="Benchmark the CP-SAT rostering engine.")
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated cases (default all: {', '.join(CASES)})")
    parser.add_argument("--time-scale", type=float, default=1.0,
                        help="multiply every time limit (e.g. 0.1 for a smoke run)")
    default_workers = inspect.signature(solve).parameters["workers"].default
    parser.add_argument("--workers", type=int, default=default_workers,
                        help=f"CP-SAT workers (default {default_workers}, as solve())")
    parser.add_argument("--seeds", default="0",
                        help="comma-separated solver seeds; medians are reported (default 0)")
    parser.add_argument("--gen-seed", type=int, default=0,
                        help="seed of the generated scenarios (default 0)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for rosters and results.csv (default runs/bench-<time>)")
    parser.add_argument("--params", default="",
                        help='CP-SAT parameters as JSON, e.g. \'{"subsolvers": ["max_lp"]}\'')
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress on stderr")
    parser.add_argument("--one", metavar="CASE", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with ``--one``, a single case) and print the results.

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        0 when every roster agrees with the checker, 1 otherwise.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.time_scale <= 0:
        parser.error("--time-scale must be positive")
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    if args.one is not None:
        if args.one not in CASES:
            parser.error(f"unknown case {args.one!r}")
        out = args.out
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        run = run_one(CASES[args.one], seed=args.seed, time_scale=args.time_scale,
                      workers=args.workers, out=out, gen_seed=args.gen_seed,
                      params=json.loads(args.params) if args.params else None)
        print(json.dumps(asdict(run)), flush=True)
        return EXIT_FAILED if run.check == "MISMATCH" else EXIT_OK

    names = _csv_list(args.cases)
    unknown = [n for n in names if n not in CASES]
    if unknown or not names:
        parser.error(f"unknown case(s) {', '.join(unknown) or '(none)'};"
                     f" choose from {', '.join(CASES)}")
    try:
        seeds = [int(s) for s in _csv_list(args.seeds)]
    except ValueError:
        parser.error(f"--seeds must be integers separated by commas, not {args.seeds!r}")
    if not seeds:
        parser.error("--seeds is empty")
    out = args.out or ROOT / "runs" / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}"
    out.mkdir(parents=True, exist_ok=True)

    summaries: list[Summary] = []
    for name in names:
        summary = Summary(name)
        for seed in seeds:
            run = run_in_subprocess(name, seed=seed, time_scale=args.time_scale,
                                    workers=args.workers, out=out, gen_seed=args.gen_seed,
                                    verbose=args.verbose, params=args.params)
            if run.detail and run.check in ("ERROR", "MISMATCH"):
                log.error("%s seed %d: %s: %s", name, seed, run.check, run.detail)
            summary.runs.append(run)
        summaries.append(summary)

    rows = [s.row() for s in summaries]
    print(format_table(rows))
    print()
    for text in target_lines(summaries, args.time_scale):
        print(text)
    write_csv(out / "results.csv", [asdict(r) for s in summaries for r in s.runs])
    write_csv(out / "summary.csv", rows)
    print(f"rosters and results in {out}")
    failed = [s.case for s in summaries if s.check in ("MISMATCH", "ERROR")]
    if failed:
        print(f"checker MISMATCH or error in: {', '.join(failed)}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
