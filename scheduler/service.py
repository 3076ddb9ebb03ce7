"""Predicted service of a roster: agents on shift per interval and the reply rates they
deliver under the scenario's chat demand (solver-free).

Agents are counted per skill from the roster (an agent counts for every demand skill
they hold, as coverage does), per minute, and averaged over each interval: a shift that
starts mid-interval counts as a fraction of an agent there. The queue model is
:func:`scheduler.staffing.predicted_service`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from scheduler.problem import Problem
from scheduler.roster import Grid
from scheduler.scenario import MINUTES_PER_DAY
from scheduler.staffing import ServicePrediction, predicted_service


def agents_per_minute(problem: Problem, grid: Grid, skill: str) -> np.ndarray:
    """Agents with ``skill`` on shift in every minute of the horizon (shifts worked the
    day before the horizon, from history, included)."""
    minutes = problem.num_days * MINUTES_PER_DAY
    diff = np.zeros(minutes + 1, dtype=np.int64)
    for e, emp in enumerate(problem.scenario.employees):
        if skill not in emp.skills:
            continue
        for d in range(-2, problem.num_days):
            code = grid[e][d] if d >= 0 else problem.history_code(e, d)
            if code is None or code < 0:
                continue
            base = d * MINUTES_PER_DAY
            for a, b in problem.scenario.shifts[code].absolute_segments():
                lo, hi = max(0, base + a), min(minutes, base + b)
                if lo < hi:
                    diff[lo] += 1
                    diff[hi] -= 1
    return np.cumsum(diff[:-1])


def scheduled_agents(problem: Problem, grid: Grid) -> np.ndarray:
    """Average agents on shift for every row of ``problem.demand_forecast``."""
    forecast = problem.demand_forecast
    out = np.zeros(len(forecast))
    day_of = problem.date_idx
    for skill, rows in forecast.groupby("skill", sort=False).groups.items():
        online = agents_per_minute(problem, grid, str(skill))
        part = forecast.loc[rows]
        for pos, date, start, step in zip(np.asarray(rows), part["date"],
                                          part["interval_start"], part["interval_minutes"],
                                          strict=True):
            hh, mm = str(start).split(":")
            lo = day_of[date] * MINUTES_PER_DAY + int(hh) * 60 + int(mm)
            out[pos] = online[lo:lo + int(step)].mean()
    return out


def roster_service(problem: Problem, grid: Grid) -> ServicePrediction | None:
    """Predicted reply rates of the roster; None when the scenario has no demand."""
    if not problem.scenario.demand:
        return None
    params = {d.skill: d.service for d in problem.scenario.demand}
    return predicted_service(problem.demand_forecast, scheduled_agents(problem, grid), params)


def service_summary(prediction: ServicePrediction, worst: int = 5) -> list[str]:
    """Lines for a solve summary: daily reply rates per skill and the worst intervals."""
    lines = []
    days = prediction.days
    for skill, rows in days.groupby("skill", sort=True):
        rate = rows["reply_rate_3min"]
        low = rows.iloc[int(np.argmin(rate.to_numpy()))]
        pdd = int((~rows["pdd_one_hour_ok"]).sum())
        lines.append(f"{skill}: predicted 3-minute reply rate mean {rate.mean():.1%}, lowest"
                     f" {rate.min():.1%} on {low['date']}; Pinduoduo 1-hour rule missed on"
                     f" {pdd} day(s); online hours min {rows['online_hours'].min():g}")
    intervals = prediction.intervals
    busy = intervals[intervals["chats"] > 0]
    if len(busy):
        lines.append("worst intervals (share answered within the target):")
        ranked = busy.sort_values(["within_target", "chats"], ascending=[True, False])
        for row in ranked.head(worst).itertuples():
            lines.append(f"  {row.date} {row.interval_start} {row.skill}: {row.chats:.0f} chats,"
                         f" {row.scheduled:.1f} agents, {row.within_target:.0%} in target")
    return lines


def staffing_frame(problem: Problem) -> pd.DataFrame:
    """Required agents per interval (the ``scheduler staffing`` table)."""
    table = problem.staffing
    return table[["date", "interval_start", "interval_minutes", "skill", "chats", "required",
                  "open"]].copy()
