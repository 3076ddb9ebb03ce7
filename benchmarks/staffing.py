"""Benchmark of the staffing calculation: 4 shops x 28 days x 48 half-hour intervals.

Usage::

    python benchmarks/staffing.py              # 7 runs per case, medians
    python benchmarks/staffing.py --runs 3

Cases: ``staffing_table`` (Erlang C, concurrency 3-5, shrinkage, occupancy cap) on a
forecast of 4 x 28 x 48 = 5376 intervals with lunch and evening peaks and Double 11 at
four times normal volume; the same with patience (Erlang A); ``predicted_service`` of a
roster with the required agents; the forecast built from the sample chat history. Prints
one table row per case (median, min and max seconds over the runs). The target of the
staffing issue is well under one second for ``staffing_table``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scheduler.staffing import (
    Demand,
    demand_forecast,
    predicted_service,
    staffing_table,
)

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2026, 10, 26)  # 4 weeks: 26 October to 22 November 2026
DAYS = 28
PEAKS = {dt.date(2026, 11, 11): 4.0, dt.date(2026, 11, 10): 2.0}
TARGET_SECONDS = 1.0


def day_curve(scale: float) -> list[float]:
    """Chats per half hour: quiet nights, a lunch peak and a larger evening peak."""
    out = []
    for slot in range(48):
        hour = slot / 2 + 0.25
        daytime = 1 / (1 + math.exp(-(hour - 8.5) * 3)) / (1 + math.exp((hour - 23.5) * 3))
        out.append(scale * (0.06 + 0.5 * daytime + 0.6 * math.exp(-(((hour - 12.5) / 0.9) ** 2))
                            + math.exp(-(((hour - 21.0) / 1.3) ** 2))))
    return out


def demands(patience: float | None) -> list[Demand]:
    shops = [("tmall_flagship", "tmall", 120.0, 3, "08:00-23:00"),
             ("pdd_home", "pinduoduo", 90.0, 4, "08:00-23:00"),
             ("kuaishou_live", "kuaishou", 60.0, 5, "00:00-24:00"),
             ("jd_store", "jd", 45.0, 3, "09:00-23:30")]
    return [Demand(skill=skill, platform=platform, service_hours=hours,
                   forecast={"daily": day_curve(scale),
                             "sat": day_curve(scale * 1.3), "sun": day_curve(scale * 1.3)},
                   service={"aht_seconds": 420, "concurrency": concurrency, "shrinkage": 0.2,
                            "max_occupancy": 0.85, "patience_seconds": patience,
                            "min_agents": 1})
            for skill, platform, scale, concurrency, hours in shops]


def timed(func: Callable[[], Any], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        func()
        times.append(time.perf_counter() - begin)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (default 7)")
    args = parser.parse_args(argv)

    plain, patient = demands(None), demands(240.0)
    forecast = demand_forecast(plain, START, DAYS, PEAKS)
    table = staffing_table(forecast, plain)
    params = {d.skill: d.service for d in plain}
    history = [Demand(skill=s, platform="pinduoduo", history="data/pdd_chat_history.csv",
                      service={"aht_seconds": 360, "concurrency": 4})
               for s in ("pdd_home", "pdd_kids")]
    cases: list[tuple[str, int, Callable[[], Any]]] = [
        ("staffing_table, Erlang C", len(forecast), lambda: staffing_table(forecast, plain)),
        ("staffing_table, Erlang A (patience 240 s)", len(forecast),
         lambda: staffing_table(forecast, patient)),
        ("predicted_service of the required roster", len(forecast),
         lambda: predicted_service(table, table["required"], params)),
        ("forecast from inline tables (4 shops)", len(forecast),
         lambda: demand_forecast(plain, START, DAYS, PEAKS)),
        ("forecast from CSV history (2 shops)", 2 * DAYS * 48,
         lambda: demand_forecast(history, START, DAYS, PEAKS, base_dir=ROOT / "scenarios")),
    ]
    print(f"{DAYS} days from {START}, 48 intervals a day, {args.runs} runs per case")
    print(f"total required agent-intervals: {int(table['required'].sum())}, "
          f"peak interval: {int(table['required'].max())} agents")
    print()
    print("| case | intervals | median s | min s | max s |")
    print("|---|---:|---:|---:|---:|")
    medians = {}
    for name, size, func in cases:
        times = timed(func, args.runs)
        medians[name] = statistics.median(times)
        print(f"| {name} | {size} | {medians[name]:.3f} | {min(times):.3f} | "
              f"{max(times):.3f} |")
    worst = max(medians["staffing_table, Erlang C"],
                medians["staffing_table, Erlang A (patience 240 s)"])
    met = worst < TARGET_SECONDS
    print()
    print(f"target: staffing_table under {TARGET_SECONDS:.0f} s: "
          f"{'met' if met else 'NOT met'} ({worst:.3f} s)")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
