"""Command line: ``scheduler solve``, ``check``, ``explain``, ``repair``.

Exit codes: 0 success, 1 a roster breaks a hard rule (check), 2 invalid input,
3 no roster exists (infeasible) or none was found in time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from scheduler.changes import Absence, with_absences
from scheduler.checker import check
from scheduler.cpsat import solve
from scheduler.cpsat.explain import explain_infeasibility
from scheduler.cpsat.repair import repair
from scheduler.io import ScenarioError, load_scenario
from scheduler.nrp import is_nrp_text, read_nrp
from scheduler.options import overwrite_problem, search_options_problem
from scheduler.problem import Problem
from scheduler.result import Penalty, Result, Status
from scheduler.roster import (
    RosterError,
    atomic_write_bytes,
    csv_bytes,
    history_from_roster,
    read_roster,
    reference_from_roster,
    write_roster,
)
from scheduler.rotation import PatternError, add_rotation_commands, apply_pattern, pattern_from_csv
from scheduler.scenario import Scenario
from scheduler.service import staffing_frame

EXIT_OK, EXIT_BROKEN, EXIT_INVALID, EXIT_NO_ROSTER = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_INVALID)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="scheduler", description="Customer-service rostering optimizer")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p_solve = sub.add_parser("solve", help="build a roster for a scenario")
    p_solve.add_argument("scenario", type=Path, help="scenario file (.yaml, .yml or .json)")
    p_solve.add_argument("--out", type=Path, required=True, help="roster file to write")
    p_solve.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
    p_solve.add_argument("--workers", type=int, default=2, help="search workers (default 2)")
    p_solve.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p_solve.add_argument("--format", choices=("csv", "xlsx"), default=None,
                         help="file format (default: from the --out suffix, else csv)")
    p_solve.add_argument("--layout", choices=("long", "wide"), default="long",
                         help="CSV layout: one row per person and date, or a grid")
    p_solve.add_argument("--top", type=int, default=10, help="largest penalties to print")
    p_solve.add_argument("--history", type=Path, default=None,
                         help="previous period's long roster CSV: the days before the"
                         " horizon become each person's history")
    p_solve.add_argument("--reference", type=Path, default=None,
                         help="a published long roster CSV of this period: change as few of"
                         " its cells as is worth it (weights.stability each), warm start")

    p_solve.add_argument("--pattern", type=Path, default=None,
                         help="a rotation pattern CSV (from `rotation design`): person i"
                         " follows it from week i mod L; leave and holidays are exceptions")
    p_solve.add_argument("--pattern-mode", choices=("soft", "hard"), default="soft",
                         help="soft: each cell off the pattern costs weights.stability;"
                         " hard: the pattern's cells are locked")
    _input_format(p_solve)
    p_solve.add_argument("--lang", choices=("en", "zh"), default="en",
                         help="language of the explanation when no roster exists")

    p_explain = sub.add_parser("explain", help="say why no roster exists for a scenario")
    p_explain.add_argument("scenario", type=Path)
    p_explain.add_argument("--time-limit", type=float, default=30.0,
                           help="seconds for finding the conflict (default 30)")
    p_explain.add_argument("--lang", choices=("en", "zh"), default="en")
    _input_format(p_explain)
    p_explain.add_argument("--history", type=Path, default=None,
                           help="previous period's long roster CSV")

    p_repair = sub.add_parser("repair", help="mend a published roster after new absences")
    p_repair.add_argument("scenario", type=Path)
    p_repair.add_argument("--roster", type=Path, required=True,
                          help="the published long roster CSV")
    p_repair.add_argument("--leave", action="append", default=[], metavar="EMP:DATE[..DATE]",
                          help="a new absence (repeatable), e.g. A05:2026-10-05..2026-10-07")
    p_repair.add_argument("--from", dest="start", type=_date_arg, default=None,
                          metavar="DATE", help="first date that may change (default: the"
                          " first absence); earlier days stay as published")
    p_repair.add_argument("--out", type=Path, required=True, help="mended roster to write")
    p_repair.add_argument("--time-limit", type=float, default=10.0,
                          help="seconds (default 10)")
    p_repair.add_argument("--workers", type=int, default=2)
    p_repair.add_argument("--seed", type=int, default=0)
    p_repair.add_argument("--history", type=Path, default=None,
                          help="previous period's long roster CSV")
    _input_format(p_repair)

    p_staff = sub.add_parser("staffing", help="required agents per interval from chat volume")
    p_staff.add_argument("scenario", type=Path)
    p_staff.add_argument("--out", type=Path, required=True, help="CSV to write")

    add_rotation_commands(sub)

    p_check = sub.add_parser("check", help="check a roster against a scenario")
    p_check.add_argument("scenario", type=Path)
    p_check.add_argument("roster", type=Path, help="long roster CSV (or our xlsx)")
    p_check.add_argument("--top", type=int, default=20, help="penalties to print")
    p_check.add_argument("--history", type=Path, default=None,
                         help="previous period's long roster CSV (judge across the boundary)")
    _input_format(p_check)
    return parser


def _input_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input-format", choices=("auto", "scenario", "nrp"), default="auto",
                        help="scenario (YAML/JSON) or nrp (a Curtois & Qu benchmark"
                        " instance); auto: nrp when the file's content is one")


def _load(path: Path, fmt: str = "auto") -> Scenario:
    """A scenario file, or a benchmark instance (``--input-format nrp`` or detected)."""
    if fmt == "nrp":
        return read_nrp(path)
    if fmt == "auto" and path.suffix.lower() not in (".yaml", ".yml", ".json"):
        try:
            head = path.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            head = ""
        if is_nrp_text(head):
            return read_nrp(path)
    return load_scenario(path)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "solve":
            return cmd_solve(args)
        if args.command == "explain":
            return cmd_explain(args)
        if args.command == "repair":
            return cmd_repair(args)
        if args.command == "staffing":
            return cmd_staffing(args)
        if args.command == "rotation":
            return int(args.func(args))
        return cmd_check(args)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    except RosterError as exc:
        print(f"invalid roster: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep the interpreter's flush quiet
        return EXIT_OK



def _print_penalties(penalties: list[Penalty], top: int) -> None:
    if not penalties or top <= 0:
        return
    print(f"largest penalties (of {len(penalties)}):")
    for p in sorted(penalties, key=lambda p: -p.amount)[:top]:
        who = p.employee or "team"
        when = p.date.isoformat() if p.date else "horizon"
        print(f"  {p.amount:>8}  {p.rule:<26} {who:<10} {when:<10} {p.detail}")


def cmd_solve(args: argparse.Namespace) -> int:
    problem = (overwrite_problem(args.out, {args.scenario: "the scenario file"})
               or search_options_problem(args.time_limit, args.workers, args.seed))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_INVALID
    scenario = _with_history(_load(args.scenario, args.input_format), args.history)
    hint = None
    if args.reference is not None:
        hint = read_roster(args.reference)
        scenario = reference_from_roster(scenario, hint, source=str(args.reference))
    if args.pattern is not None:
        try:
            pattern = pattern_from_csv(args.pattern)
            scenario = apply_pattern(scenario, pattern, mode=args.pattern_mode)
        except (PatternError, ValueError, OSError) as exc:
            print(f"--pattern {args.pattern}: {exc}", file=sys.stderr)
            return EXIT_INVALID
    fmt = args.format or ("xlsx" if args.out.suffix.lower() == ".xlsx" else "csv")
    result: Result = solve(scenario, time_limit=args.time_limit, workers=args.workers,
                           seed=args.seed, hint=hint)
    print(result.summary())
    print(f"model: {result.num_variables} variables, {result.num_constraints} constraints")
    if result.roster is None:
        if result.explanation is not None:
            print(result.explanation.text(args.lang))
        return EXIT_NO_ROSTER
    _print_penalties(result.penalties, args.top)
    if not _write(result.roster, args.out, Problem(scenario), fmt, args.layout):
        return EXIT_INVALID
    print(f"roster written to {args.out}")
    return EXIT_OK


def _write(roster: pd.DataFrame, out: Path, problem: Problem, fmt: str, layout: str) -> bool:
    try:
        write_roster(roster, out, problem, fmt=fmt, layout=layout)
    except (OSError, ValueError) as exc:
        print(f"cannot write {out}: {getattr(exc, 'strerror', None) or exc}", file=sys.stderr)
        return False
    return True


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-10-05") from None


def cmd_explain(args: argparse.Namespace) -> int:
    if not math.isfinite(args.time_limit) or args.time_limit <= 0:
        print("--time-limit must be positive", file=sys.stderr)
        return EXIT_INVALID
    scenario = _with_history(_load(args.scenario, args.input_format), args.history)
    explanation = explain_infeasibility(scenario, time_limit=args.time_limit)
    print(explanation.text(args.lang))
    print(f"time: {explanation.wall_time:.2f}s")
    return EXIT_NO_ROSTER if explanation.conflicts else EXIT_OK


def cmd_staffing(args: argparse.Namespace) -> int:
    refusal = overwrite_problem(args.out, {args.scenario: "the scenario file"})
    if refusal:
        print(refusal, file=sys.stderr)
        return EXIT_INVALID
    scenario = load_scenario(args.scenario)
    if not scenario.demand:
        print(f"{args.scenario}: the scenario has no 'demand' (chat volume per shop/skill)",
              file=sys.stderr)
        return EXIT_INVALID
    table = staffing_frame(Problem(scenario))
    try:
        atomic_write_bytes(args.out, csv_bytes(table))
    except OSError as exc:
        print(f"cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    open_rows = table[table["open"]]
    for skill, rows in open_rows.groupby("skill", sort=True):
        peak = rows.iloc[int(rows["required"].to_numpy().argmax())]
        hours = float((rows["required"] * rows["interval_minutes"]).sum()) / 60
        print(f"{skill}: {rows['chats'].sum():.0f} chats, peak {int(peak['required'])} agents"
              f" at {peak['date']} {peak['interval_start']}, {hours:.0f} agent-hours")
    print(f"staffing written to {args.out}")
    return EXIT_OK


def cmd_repair(args: argparse.Namespace) -> int:
    problem = (overwrite_problem(args.out, {args.scenario: "an input file",
                                            args.roster: "an input file"})
               or search_options_problem(args.time_limit, args.workers, args.seed))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_INVALID
    try:
        absences = [Absence.parse(text) for text in args.leave]
    except ValueError as exc:
        print(f"--leave {exc}", file=sys.stderr)
        return EXIT_INVALID
    scenario = _with_history(_load(args.scenario, args.input_format), args.history)
    published = read_roster(args.roster)
    result = repair(scenario, published, absences, start=args.start,
                    time_limit=args.time_limit, workers=args.workers, seed=args.seed,
                    source=str(args.roster))
    print(result.summary())
    if result.roster is None:
        return EXIT_INVALID if result.status is Status.INVALID else EXIT_NO_ROSTER
    if result.changes:
        print(f"changes ({len(result.changes)}):")
        for c in result.changes:
            tag = "absence" if c.forced else "moved"
            print(f"  {c.employee:<10} {c.date.isoformat()}  {c.before:>8} -> {c.after:<8}"
                  f" {tag:<8} {c.cover}")
    fmt = "xlsx" if args.out.suffix.lower() == ".xlsx" else "csv"
    if not _write(result.roster, args.out, Problem(with_absences(scenario, absences)), fmt,
                  "long"):
        return EXIT_INVALID
    print(f"mended roster written to {args.out}")
    return EXIT_OK


def _with_history(scenario: Scenario, history: Path | None) -> Scenario:
    """The scenario with history from a previous roster file, when one is given."""
    if history is None:
        return scenario
    return history_from_roster(scenario, read_roster(history), source=str(history))


def cmd_check(args: argparse.Namespace) -> int:
    scenario = _with_history(_load(args.scenario, args.input_format), args.history)
    report = check(scenario, read_roster(args.roster), source=str(args.roster))
    if report.violations:
        print(f"{len(report.violations)} hard rule violation(s):")
        for v in report.violations:
            who = v.employee or "team"
            when = v.date.isoformat() if v.date else "horizon"
            print(f"  {v.rule:<26} {who:<10} {when:<10} {v.message}")
    else:
        print("no hard rule is broken")
    print(f"total penalty: {report.total}")
    for rule, amount in sorted(report.by_rule().items(), key=lambda kv: -kv[1]):
        print(f"  {rule:<26} {amount}")
    _print_penalties(report.penalties, args.top)
    return EXIT_BROKEN if report.violations else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
