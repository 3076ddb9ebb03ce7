"""Benchmark of rotation design: is a 9-40 person cycle decided within seconds?

Cases: ``n`` people in a cycle of ``n`` weeks (one person per pattern week, the hardest
shape: every week is a different row) with 2 or 3 shift families, plus infeasible cases.
Every case has the house rules on: six days on at most and a day off in every week,
runs of 2-6 working days and 1-2 days off, no day shift after an evening (next day or
over one day off) and families changing only at the weekend. Demand: about two days off
per person and week, spread over the weekdays, the families sharing the rest.

Usage::

    python benchmarks/rotation.py                    # all cases, seeds 0,1,2, 2 workers
    python benchmarks/rotation.py --cases p12_f3 --seeds 0 --time-limit 5
    python benchmarks/rotation.py --encoding automaton --no-break-rotation

Every pattern found is re-checked by :func:`scheduler.rotation.check_pattern` (the designer
raises if the checker disagrees). Times are wall seconds of :func:`design_rotation`
(model building included); a run that ends ``unknown`` counts as slower than any other.
``variables`` and ``constraints`` are the full model's size; 0 when the quick checks or the
walk relaxation decided the case before it was built. The ``--no-*`` switches turn one
modelling lever off, to measure what it is worth.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.cpsat.rotation_design import DesignOptions, DesignResult, design_rotation
from scheduler.rotation import DAYS_PER_WEEK, RotationSpec

FAMILIES = {2: ("day", "evening"), 3: ("day", "evening", "split")}
SHARES = {2: (0.5, 0.5), 3: (0.4, 0.3, 0.3)}


def _split(total: int, shares: Sequence[float]) -> list[int]:
    """``total`` split by ``shares`` with largest remainders (sums exactly to ``total``)."""
    raw = [total * s for s in shares]
    out = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: out[i] - raw[i])
    for i in order[:total - sum(out)]:
        out[i] += 1
    return out


def make_spec(people: int, num_families: int, *, weeks: int | None = None,
              off_per_person: float = 2.0, off_pairs: bool = False,
              day_off_every_week: bool = True) -> RotationSpec:
    """A benchmark spec: ``people`` in a cycle of ``weeks`` (default ``people``) weeks.

    ``off_per_person``: days off per person and week (the demand is the rest).
    ``off_pairs``: days off come in runs of 2-3 instead of 1-2.
    ``day_off_every_week``: at least one day off in every week (else only the runs count).
    """
    families = FAMILIES[num_families]
    off = _split(round(people * off_per_person), [1 / DAYS_PER_WEEK] * DAYS_PER_WEEK)
    demand = {f: [0] * DAYS_PER_WEEK for f in families}
    for d in range(DAYS_PER_WEEK):
        for f, count in zip(families, _split(people - off[d], SHARES[num_families]),
                            strict=True):
            demand[f][d] = count
    return RotationSpec.model_validate({
        "name": f"{people} people, {num_families} families",
        "people": people,
        "weeks": weeks or people,
        "families": list(families),
        "demand": demand,
        "work_days": {"min": 2, "max": 6},
        "days_off": {"min": 2, "max": 3} if off_pairs else {"min": 1, "max": 2},
        "days_off_per_week": {"min": 1 if day_off_every_week else 0},
        "forbidden_next_day": [["evening", "day"]] + (
            [["split", "day"]] if num_families == 3 else []),
        "forbidden_after_one_off": [["evening", "day"]],
        "weekend_change": True,
    })


@dataclass(frozen=True)
class BenchCase:
    """One row: ``make_spec(people, families, **extra)``; ``why`` says what makes it so."""

    name: str
    people: int
    families: int
    extra: tuple[tuple[str, Any], ...] = ()
    why: str = ""
    changes: tuple[tuple[str, Any], ...] = ()  # then applied with RotationSpec.replace

    def spec(self) -> RotationSpec:
        spec = make_spec(self.people, self.families, **dict(self.extra))
        return spec.replace(**dict(self.changes)) if self.changes else spec


CASES = [BenchCase(f"p{n}_f{k}", n, k) for n in (9, 12, 20, 30, 40) for k in (2, 3)] + [
    BenchCase("p40_f3_tight", 40, 3, (("off_per_person", 1.5),),
              "1.5 days off a week: feasible, tighter"),
    BenchCase("p40_f3_single_off", 40, 3, (("off_per_person", 1.0),),
              "infeasible: one day off a week and six days at most put every day off on"
              " one weekday, the demand spreads them"),
    BenchCase("p40_f3_off_pairs", 40, 3, (("off_per_person", 1.0), ("off_pairs", True)),
              "infeasible: 40 days off in pairs leave at most 20 breaks for 240 working"
              " days"),
    BenchCase("p40_f2_off_pairs_any_week", 40, 2,
              (("off_per_person", 1.0), ("off_pairs", True), ("day_off_every_week", False)),
              "infeasible: as p40_f3_off_pairs, without the weekly day off (the run counts"
              " or the walk relaxation see it, the per-week counts cannot)"),
    BenchCase("p40_f2_short_evenings", 40, 2, (("off_per_person", 1.7),),
              "infeasible: evenings at most two in a row, each followed by a day off and"
              " never 'evening, off, day': too few days off for the evenings and days (the"
              " walk relaxation proves it; the full model alone: unknown after 60 s)",
              (("weekend_change", False), ("days_off", {"min": 1}),
               ("families", ["day", {"id": "evening", "run": {"max": 2}}]))),
    BenchCase("p12_f3_no_rest", 12, 3, (("off_per_person", 0.5),),
              "infeasible: 6 days off in 12 weeks, one a week needed"),
]


def run_case(case: BenchCase, seeds: Sequence[int], time_limit: float, workers: int,
             options: DesignOptions) -> tuple[list[DesignResult], RotationSpec]:
    spec = case.spec()
    return [design_rotation(spec, time_limit=time_limit, workers=workers, seed=seed,
                            options=options) for seed in seeds], spec


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="", help="comma-separated case names (default all)")
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--encoding", choices=("clauses", "automaton"), default="clauses")
    parser.add_argument("--no-break-rotation", action="store_true")
    parser.add_argument("--no-redundant-counts", action="store_true")
    parser.add_argument("--no-run-counts", action="store_true")
    parser.add_argument("--linearization-level", type=int, default=1)
    parser.add_argument("--no-walk-relaxation", action="store_true")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",") if s]
    wanted = {c for c in args.cases.split(",") if c}
    options = DesignOptions(encoding=args.encoding, break_rotation=not args.no_break_rotation,
                            redundant_counts=not args.no_redundant_counts,
                            run_counts=not args.no_run_counts,
                            linearization_level=args.linearization_level,
                            walk_relaxation=not args.no_walk_relaxation)
    print(f"workers {args.workers}, seeds {seeds}, time limit {args.time_limit:g} s,"
          f" {options}")
    print("| case | people | weeks | families | variables | constraints | status |"
          " median wall s | max wall s |")
    print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
    for case in CASES:
        if wanted and case.name not in wanted:
            continue
        results, spec = run_case(case, seeds, args.time_limit, args.workers, options)
        statuses = sorted({r.status for r in results})
        walls = [r.wall_time if r.status != "unknown" else float("inf") for r in results]
        median = statistics.median(walls)
        print(f"| {case.name} | {spec.people} | {spec.weeks} | {case.families} |"
              f" {results[0].num_variables} | {results[0].num_constraints} |"
              f" {'/'.join(statuses)} | {median:.2f} | {max(walls):.2f} |", flush=True)
    for case in CASES:
        if case.why and (not wanted or case.name in wanted):
            print(f"- {case.name}: {case.why}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
