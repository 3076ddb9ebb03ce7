"""Independent checker: re-evaluates every rule on a finished roster in plain Python.

It never imports the solver. Each ``check_<rule id>`` reads the roster grid and
appends hard violations and soft penalties to the report, following the formulas
of :mod:`scheduler.rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd

from scheduler.problem import LEAVE_IDX, OFF_IDX, IntervalNeed, Problem
from scheduler.result import CheckReport, Penalty, Violation
from scheduler.roster import MISSING, Grid, duplicate_cells, frame_to_grid
from scheduler.scenario import MINUTES_PER_DAY, WEEKDAYS, Scenario

Check = Callable[[Problem, Grid, CheckReport], None]


def check(scenario: Scenario | Problem, roster: pd.DataFrame | Grid, *,
          source: str = "roster") -> CheckReport:
    """Every hard violation and every soft penalty of ``roster`` under ``scenario``.

    ``source`` names the roster in the messages of a table that cannot be read (e.g.
    its file)."""
    problem = scenario if isinstance(scenario, Problem) else Problem(scenario)
    report = CheckReport()
    if isinstance(roster, pd.DataFrame):
        grid = frame_to_grid(problem, roster, source)
        for emp_id, date in duplicate_cells(problem, roster):
            _broken(report, "one_shift_per_day.duplicate",
                    "the roster has more than one row for this day", emp_id, date)
    else:
        grid = roster
    for fn in CHECKS.values():
        fn(problem, grid, report)
    return report


# ---------------------------------------------------------------- helpers
def _broken(report: CheckReport, kind: str, message: str, employee: str | None = None,
            date: dt.date | None = None, **params: Any) -> None:
    """Record a violation of the rule ``kind`` names (``<rule>`` or ``<rule>.<variant>``)
    with the values its sentence needs."""
    report.violations.append(Violation(kind.partition(".")[0], message, employee, date,
                                       kind, params))


def _works(code: int | None) -> bool:
    return code is not None and code >= 0


def _code(problem: Problem, grid: Grid, e: int, d: int) -> int | None:
    """Code on day ``d`` (negative: history), None when unknown."""
    if d < 0:
        return problem.history_code(e, d)
    if d >= problem.num_days:
        return None
    code = grid[e][d]
    return None if code == MISSING else code


def _emp(problem: Problem, e: int) -> str:
    return problem.scenario.employees[e].id


def _shift_id(problem: Problem, code: int) -> str:
    return problem.label_of(code)


# ---------------------------------------------------------------- hard rules
def check_one_shift_per_day(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            if grid[e][d] == MISSING:
                _broken(report, "one_shift_per_day.missing",
                        "no shift, OFF or LEAVE given for this day", _emp(problem, e),
                        problem.dates[d])


def check_allowed_shifts(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            code = grid[e][d]
            if code >= 0 and code not in problem.allowed[e]:
                sid = _shift_id(problem, code)
                _broken(report, "allowed_shifts", f"shift {sid} is not allowed",
                        _emp(problem, e), problem.dates[d], shift=sid)


def check_leave(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            on_leave = d in problem.leave_days[e]
            code = grid[e][d]
            if on_leave and code >= 0:
                sid = _shift_id(problem, code)
                _broken(report, "leave.works", f"works {sid} during approved leave",
                        _emp(problem, e), problem.dates[d], shift=sid)
            elif code == LEAVE_IDX and not on_leave:
                _broken(report, "leave.unapproved", "marked LEAVE without approved leave",
                        _emp(problem, e), problem.dates[d])


def check_locks(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for (e, d), want in problem.locks.items():
        got = grid[e][d]
        if got == LEAVE_IDX and want == OFF_IDX:
            continue
        if got != want:
            rostered = problem.label_of(got) if got != MISSING else None
            _broken(report, "locks", f"locked to {problem.label_of(want)} but rostered"
                    f" {rostered or 'nothing'}", _emp(problem, e), problem.dates[d],
                    locked=problem.label_of(want), rostered=rostered)


def check_max_consecutive_work_days(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for e, emp in enumerate(problem.scenario.employees):
        limit = problem.scenario.limit(emp, "max_consecutive_work_days")
        if limit is None:
            continue
        run = 0
        for d in range(-len(problem.history[e]), problem.num_days):
            run = run + 1 if _works(_code(problem, grid, e, d)) else 0
            if run > limit and d >= 0:
                _broken(report, "max_consecutive_work_days",
                        f"day {run} in a row at work (limit {limit})", _emp(problem, e),
                        problem.dates[d], run=run, limit=limit)


def _short_runs(problem: Problem, grid: Grid, report: CheckReport, rule: str,
                working: bool, what: str) -> None:
    """Runs of working days (or days off) shorter than the minimum, judged only when the
    day before and the day after the run are known and the day after is in the horizon."""
    for e, emp in enumerate(problem.scenario.employees):
        need = problem.scenario.limit(emp, rule)
        if not need or need < 2:
            continue
        known = [(d, _works(_code(problem, grid, e, d)))
                 for d in range(-len(problem.history[e]), problem.num_days)]
        d = 0
        while d < len(known):
            if known[d][1] != working:
                d += 1
                continue
            end = d
            while end + 1 < len(known) and known[end + 1][1] == working:
                end += 1
            length = end - d + 1
            closed = d > 0 and end + 1 < len(known) and known[end + 1][0] >= 0
            if closed and length < need:
                first = known[d][0]
                _broken(report, rule, f"{length} {what} in a row (minimum {need})",
                        _emp(problem, e), problem.dates[max(first, 0)], length=length,
                        need=need)
            d = end + 1


def check_min_consecutive_work_days(problem: Problem, grid: Grid, report: CheckReport) -> None:
    _short_runs(problem, grid, report, "min_consecutive_work_days", True, "working day(s)")


def check_min_consecutive_days_off(problem: Problem, grid: Grid, report: CheckReport) -> None:
    _short_runs(problem, grid, report, "min_consecutive_days_off", False, "day(s) off")


def check_max_weekends_worked(problem: Problem, grid: Grid, report: CheckReport) -> None:
    weekends: dict[dt.date, list[int]] = {}
    for d in problem.weekend_days:
        date = problem.dates[d]
        weekends.setdefault(date - _days(date.weekday()), []).append(d)
    for e, emp in enumerate(problem.scenario.employees):
        limit = problem.scenario.limit(emp, "max_weekends_worked")
        if limit is None:
            continue
        worked = [monday for monday, days in sorted(weekends.items())
                  if any(grid[e][d] >= 0 for d in days)]
        if len(worked) > limit:
            _broken(report, "max_weekends_worked", f"{len(worked)} weekends worked (max {limit})",
                    emp.id, problem.dates[min(weekends[worked[limit]])], worked=len(worked),
                    limit=limit)


def check_weekly_day_off(problem: Problem, grid: Grid, report: CheckReport) -> None:
    need = problem.scenario.rules.min_days_off_per_week
    if not need:
        return
    for e in range(problem.num_employees):
        for first, last in problem.weeks:
            codes = [_code(problem, grid, e, d) for d in range(first, last + 1)]
            if any(c is None for c in codes):
                continue  # not all days known: left to the period that sees the whole week
            off = sum(1 for c in codes if not _works(c))
            if off < need:
                week = problem.dates[0] + _days(first)
                _broken(report, "weekly_day_off",
                        f"{off} day(s) off in the week from {week} (needs {need})",
                        _emp(problem, e), problem.dates[max(first, 0)], off=off, need=need,
                        week=week)


def check_monthly_days_off(problem: Problem, grid: Grid, report: CheckReport) -> None:
    per_month = problem.scenario.rules.min_days_off_per_month
    if per_month is None:
        return
    for e in range(problem.num_employees):
        for first, last, length in problem.months:
            codes = [_code(problem, grid, e, d) for d in range(first, last + 1)]
            known = [c for c in codes if c is not None]
            need = (2 * per_month * len(known) + length) // (2 * length)
            off = sum(1 for c in known if not _works(c))
            if off < need:
                month = problem.dates[0] + _days(first)
                _broken(report, "monthly_days_off",
                        f"{off} day(s) off in the month from {month}"
                        f" (needs {need} for {len(known)} rostered days)",
                        _emp(problem, e), problem.dates[max(first, 0)], off=off, need=need,
                        month=month, days=len(known))


def check_min_rest(problem: Problem, grid: Grid, report: CheckReport) -> None:
    hours = problem.scenario.rules.min_rest_hours
    if not hours:
        return
    need = round(hours * 60)
    # the longest gap in days at which two shifts can still be too close: a shift ends
    # at most 48 h after its day's midnight
    max_gap = (need + 2 * 24 * 60) // (24 * 60) + 1
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            second = _code(problem, grid, e, d)
            if not _works(second):
                continue
            assert second is not None
            for gap in range(1, max_gap + 1):
                first = _code(problem, grid, e, d - gap)
                if not _works(first):
                    continue
                assert first is not None
                rest = (gap * 24 * 60 + problem.scenario.shifts[second].start_minute
                        - problem.scenario.shifts[first].end_minute)
                if rest < need:
                    a, b = _shift_id(problem, first), _shift_id(problem, second)
                    _broken(report, "min_rest",
                            f"{rest / 60:g} h rest between {a} and {b} (needs {hours:g} h)",
                            _emp(problem, e), problem.dates[d], rest_hours=rest / 60,
                            need_hours=hours, first=a, then=b,
                            first_date=problem.dates[0] + _days(d - gap))


def check_forbidden_succession(problem: Problem, grid: Grid, report: CheckReport) -> None:
    pairs = {(f.first, f.then) for f in problem.scenario.rules.forbidden_successions}
    if not pairs:
        return
    for e in range(problem.num_employees):
        for d in range(problem.num_days):
            a, b = _code(problem, grid, e, d - 1), _code(problem, grid, e, d)
            if _works(a) and _works(b):
                assert a is not None and b is not None
                sa, sb = _shift_id(problem, a), _shift_id(problem, b)
                if (sa, sb) in pairs:
                    _broken(report, "forbidden_succession", f"{sb} the day after {sa}",
                            _emp(problem, e), problem.dates[d], first=sa, then=sb)


def check_rotation(problem: Problem, grid: Grid, report: CheckReport) -> None:
    """Each crew (or person) takes the offset that fits its roster best; the working
    days whose shift family is not the one of their rotation week (on a change day:
    this week's or next week's) are violations (hard mode) or penalties (soft mode)."""
    rotation = problem.scenario.rules.rotation
    if rotation is None:
        return
    sc = problem.scenario
    cycle, length = rotation.cycle, len(rotation.cycle)
    start = problem.dates[0]
    anchor = rotation.anchor or start - dt.timedelta(days=start.weekday())
    hard = rotation.mode == "hard"
    first_week = (start - anchor).days // 7

    def fits(k: int, date: dt.date, family: str) -> bool:
        week = (date - anchor).days // 7
        weeks = [week, week + 1] if WEEKDAYS[date.weekday()] in rotation.change_days else [week]
        return any(cycle[(k + w) % length] == family for w in weeks)

    crews: dict[str, list[int]] = {}
    fixed: dict[str, int] = {}
    crew_of: dict[str, str | None] = {}
    for e, emp in enumerate(sc.employees):
        if emp.id in rotation.exempt:
            continue
        name = f"crew {emp.crew}" if emp.crew is not None else emp.id
        crew_of[name] = None if emp.crew is None else str(emp.crew)
        crews.setdefault(name, []).append(e)
        if emp.rotation_offset is not None:
            fixed[name] = emp.rotation_offset

    for name, people in crews.items():
        best: list[tuple[int, dt.date]] | None = None
        for k in ([fixed[name]] if name in fixed else range(length)):
            misses = []
            for e in people:
                history = len(sc.employees[e].history)
                for d in range(-history if hard else 0, problem.num_days):
                    date = start + dt.timedelta(days=d)
                    if d < 0 and (date - anchor).days // 7 < first_week - 1:
                        continue
                    code = _code(problem, grid, e, d)
                    if _works(code) and not fits(k, date, sc.shifts[code].family):  # type: ignore[index]
                        misses.append((e, date))
            if best is None or len(misses) < len(best):
                best = misses
        for e, date in best or []:
            code = _code(problem, grid, e, (date - start).days)
            family = sc.shifts[code].family  # type: ignore[index]
            if hard:
                _broken(report, "rotation", f"{family} shift off the rotation pattern ({name})",
                        _emp(problem, e), date, family=family, crew=crew_of[name])
            elif sc.rules.weights.rotation:
                report.penalties.append(Penalty(
                    "rotation", sc.rules.weights.rotation, _emp(problem, e), date,
                    "works off the rotation pattern"))


def _minutes(problem: Problem, code: int | None) -> int:
    return problem.scenario.shifts[code].paid_minutes if _works(code) else 0  # type: ignore[index]


def check_weekly_hours(problem: Problem, grid: Grid, report: CheckReport) -> None:
    credit = problem.leave_credit_minutes
    for e, emp in enumerate(problem.scenario.employees):
        lo, hi = emp.min_hours_per_week, emp.max_hours_per_week
        if lo is None and hi is None:
            continue
        for first, last in problem.weeks:
            days = range(first, last + 1)
            worked = sum(_minutes(problem, _code(problem, grid, e, d)) for d in days)
            label = problem.dates[max(first, 0)]
            if hi is not None and worked > round(hi * 60):
                _broken(report, "weekly_hours.max", f"{worked / 60:g} h in the week (max {hi:g} h)",
                        _emp(problem, e), label, hours=worked / 60, limit=hi)
            inside = first >= 0 and last < problem.num_days
            if lo is not None and inside:
                leave = sum(1 for d in days if d in problem.leave_days[e])
                need = max(0, round(lo * 60) - credit * leave)
                if worked < need:
                    _broken(report, "weekly_hours.min",
                            f"{worked / 60:g} h in the week (min {need / 60:g} h after leave)",
                            _emp(problem, e), label, hours=worked / 60, need=need / 60)


def check_total_hours(problem: Problem, grid: Grid, report: CheckReport) -> None:
    credit = problem.leave_credit_minutes
    for e, emp in enumerate(problem.scenario.employees):
        lo, hi = emp.min_hours_total, emp.max_hours_total
        worked = sum(_minutes(problem, grid[e][d]) for d in range(problem.num_days))
        if hi is not None and worked > round(hi * 60):
            _broken(report, "total_hours.max", f"{worked / 60:g} h in the horizon (max {hi:g} h)",
                    _emp(problem, e), hours=worked / 60, limit=hi)
        if lo is not None:
            need = max(0, round(lo * 60) - credit * len(problem.leave_days[e]))
            if worked < need:
                _broken(report, "total_hours.min", f"{worked / 60:g} h in the horizon"
                        f" (min {need / 60:g} h after leave)", _emp(problem, e),
                        hours=worked / 60, need=need / 60)


def check_max_shifts_per_type(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for e, emp in enumerate(problem.scenario.employees):
        for sid, limit in emp.max_shifts.items():
            s = problem.shift_idx[sid]
            count = sum(1 for code in grid[e] if code == s)
            if count > limit:
                _broken(report, "max_shifts_per_type", f"{count} x {sid} (max {limit})", emp.id,
                        count=count, shift=sid, limit=limit)


def check_holiday_cover(problem: Problem, grid: Grid, report: CheckReport) -> None:
    shifts = problem.scenario.shifts
    for cover in problem.scenario.rules.holiday_cover:
        for d in problem.holidays:
            have = 0
            for e, emp in enumerate(problem.scenario.employees):
                code = grid[e][d]
                if (code >= 0 and shifts[code].family == cover.family
                        and (cover.skill is None or cover.skill in emp.skills)):
                    have += 1
            if have < cover.min:
                label = f"{cover.family}/{cover.skill}" if cover.skill else cover.family
                _broken(report, "holiday_cover", f"holiday {label}: {have} of minimum {cover.min}",
                        None, problem.dates[d], family=cover.family, skill=cover.skill,
                        have=have, min=cover.min)


def check_holiday_rotation(problem: Problem, grid: Grid, report: CheckReport) -> None:
    spread = problem.scenario.rules.holiday_max_spread
    days = problem.holidays
    if spread is None or not days:
        return
    groups: dict[str, dict[str, int]] = {}
    for e, emp in enumerate(problem.scenario.employees):
        role = emp.holiday_group
        # a holiday on leave is not a rotating rest day: it counts as worked
        load = emp.holiday_days_worked + sum(1 for d in days if grid[e][d] >= 0
                                             or grid[e][d] == LEAVE_IDX)
        groups.setdefault(role, {})[emp.id] = load
    for role, loads in groups.items():
        if len(loads) > 1 and max(loads.values()) - min(loads.values()) > spread:
            hi = max(loads, key=lambda k: loads[k])
            lo = min(loads, key=lambda k: loads[k])
            _broken(report, "holiday_rotation", f"role {role or '(none)'}: {hi} {loads[hi]}"
                    f" holiday days, {lo} {loads[lo]} (spread at most {spread})", hi,
                    role=role, most=hi, most_days=loads[hi], least=lo, least_days=loads[lo],
                    spread=spread)


def check_holiday_rest(problem: Problem, grid: Grid, report: CheckReport) -> None:
    days = problem.holidays
    need = min(problem.scenario.rules.min_holiday_days_off, len(days))
    if not need:
        return
    for e, emp in enumerate(problem.scenario.employees):
        off = sum(1 for d in days if grid[e][d] < 0 and grid[e][d] != MISSING)
        if off < need:
            _broken(report, "holiday_rest", f"{off} of the {len(days)} holidays off (needs {need})",
                    emp.id, off=off, holidays=len(days), need=need)


def _count(problem: Problem, grid: Grid, need_day: int, shift: int, skill: str | None) -> int:
    holders = problem.skill_holders.get(skill, frozenset()) if skill is not None else None
    return sum(1 for e in range(problem.num_employees)
               if grid[e][need_day] == shift and (holders is None or e in holders))


def _need_text(problem: Problem, shift: int, skill: str | None) -> str:
    name = problem.scenario.shifts[shift].id
    return f"{name}/{skill}" if skill else name


def check_coverage_min(problem: Problem, grid: Grid, report: CheckReport) -> None:
    weight = problem.scenario.rules.weights.coverage_min_soft
    for need in problem.coverage:
        have = _count(problem, grid, need.day, need.shift, need.skill)
        if have >= need.min:
            continue
        what = f"{_need_text(problem, need.shift, need.skill)}: {have} of minimum {need.min}"
        if need.min_soft:
            if weight:
                report.penalties.append(Penalty("coverage_min", weight * (need.min - have), None,
                                                problem.dates[need.day], what))
        else:
            _broken(report, "coverage_min", what, None, problem.dates[need.day],
                    shift=problem.scenario.shifts[need.shift].id, skill=need.skill, have=have,
                    min=need.min)


# ---------------------------------------------------------------- soft rules
def _on_shift_minutes(problem: Problem, grid: Grid, need: IntervalNeed
                      ) -> tuple[int, int]:
    """(agent-minutes, agents covering the whole interval) with the need's skill, from
    the shifts worked that day and the days before (those reaching past midnight)."""
    lo = need.day * MINUTES_PER_DAY + need.start
    hi = lo + need.step
    minutes = whole = 0
    for e, emp in enumerate(problem.scenario.employees):
        if need.skill not in emp.skills:
            continue
        for d in range(need.day - 2, need.day + 1):
            code = _code(problem, grid, e, d)
            if not _works(code):
                continue
            assert code is not None
            base = d * MINUTES_PER_DAY
            inside = sum(max(0, min(b + base, hi) - max(a + base, lo))
                         for a, b in problem.scenario.shifts[code].absolute_segments())
            minutes += inside
            whole += inside == need.step
    return minutes, whole


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _interval_label(need: IntervalNeed) -> str:
    return f"{need.skill} {_clock(need.start)}"


def check_interval_min(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for need in problem.interval_needs:
        if not need.hard_min:
            continue
        _, whole = _on_shift_minutes(problem, grid, need)
        if whole < need.hard_min:
            _broken(report, "interval_min", f"{_interval_label(need)}: {whole} on shift for"
                    f" the whole interval (minimum {need.hard_min})", None,
                    problem.dates[need.day], skill=need.skill, start=_clock(need.start),
                    end=_clock(need.start + need.step), have=whole, min=need.hard_min)


def check_meeting(problem: Problem, grid: Grid, report: CheckReport) -> None:
    meeting = problem.scenario.rules.meeting
    if meeting is None:
        return
    weight = problem.scenario.rules.weights.meeting
    shifts = problem.scenario.shifts
    for d, date in enumerate(problem.dates):
        if WEEKDAYS[date.weekday()] != meeting.weekday:
            continue
        present = 0
        for e, emp in enumerate(problem.scenario.employees):
            code = grid[e][d]
            if code == LEAVE_IDX or d in problem.leave_days[e]:
                continue
            if code >= 0 and meeting.covered_by(shifts[code]):
                present += 1
            elif weight and code != MISSING:
                report.penalties.append(Penalty("meeting", weight, emp.id, date,
                                                "not on a shift covering the meeting"))
        if meeting.min_attendance and present < meeting.min_attendance:
            _broken(report, "meeting", f"{present} at the meeting (minimum"
                    f" {meeting.min_attendance})", None, date, present=present,
                    min=meeting.min_attendance)


def check_stability(problem: Problem, grid: Grid, report: CheckReport) -> None:
    weight = problem.scenario.rules.weights.stability
    if not weight:
        return
    for cell in problem.scenario.reference:
        e, d = problem.employee_idx[cell.employee], problem.date_idx[cell.date]
        got = grid[e][d]
        if got == MISSING:
            continue
        works = got >= 0
        if cell.shift == "OFF":
            differs = works
        else:
            differs = not works or problem.scenario.shifts[got].id != cell.shift
        if differs:
            report.penalties.append(Penalty(
                "stability", weight, cell.employee, cell.date,
                f"{problem.label_of(got)} instead of {cell.shift}"))


def check_coverage_target(problem: Problem, grid: Grid, report: CheckReport) -> None:
    for need in problem.coverage:
        weight = need.under_weight
        have = _count(problem, grid, need.day, need.shift, need.skill)
        if have < need.target and weight:
            report.penalties.append(Penalty(
                "coverage_target", weight * (need.target - have), None, problem.dates[need.day],
                f"{_need_text(problem, need.shift, need.skill)}: {have} of target {need.target}"))


def check_coverage_excess(problem: Problem, grid: Grid, report: CheckReport) -> None:
    # Where a shift has a headcount for everyone, extra people are judged there only:
    # a person counted for a skill is not also "extra" in that skill.
    whole = {(n.day, n.shift) for n in problem.coverage if n.skill is None}
    for need in problem.coverage:
        weight = need.over_weight
        if need.skill is not None and (need.day, need.shift) in whole:
            continue
        have = _count(problem, grid, need.day, need.shift, need.skill)
        if have > need.target and weight:
            report.penalties.append(Penalty(
                "coverage_excess", weight * (have - need.target), None, problem.dates[need.day],
                f"{_need_text(problem, need.shift, need.skill)}: {have} for target"
                f" {need.target}"))


def check_interval_cover(problem: Problem, grid: Grid, report: CheckReport) -> None:
    weight = problem.scenario.rules.weights.interval_short
    if not weight:
        return
    for need in problem.interval_needs:
        minutes, _ = _on_shift_minutes(problem, grid, need)
        short = need.required * need.step - minutes
        if need.required and short > 0:
            report.penalties.append(Penalty(
                "interval_cover", weight * short, None, problem.dates[need.day],
                f"{_interval_label(need)} needs {need.required} (agent-minutes short)"))


def check_interval_excess(problem: Problem, grid: Grid, report: CheckReport) -> None:
    weight = problem.scenario.rules.weights.interval_excess
    if not weight:
        return
    for need in problem.interval_needs:
        minutes, _ = _on_shift_minutes(problem, grid, need)
        over = minutes - need.required * need.step
        if over > 0:
            report.penalties.append(Penalty(
                "interval_excess", weight * over, None, problem.dates[need.day],
                f"{_interval_label(need)} needs {need.required} (agent-minutes over)"))


def check_day_off_wish(problem: Problem, grid: Grid, report: CheckReport) -> None:
    default = problem.scenario.rules.weights.day_off_wish
    for wish in problem.scenario.day_off_wishes:
        e, d = problem.employee_idx[wish.employee], problem.date_idx[wish.date]
        weight = default if wish.weight is None else wish.weight
        if grid[e][d] >= 0 and weight:
            report.penalties.append(Penalty("day_off_wish", weight, wish.employee, wish.date,
                                            f"works {problem.label_of(grid[e][d])}"))


def check_shift_wish(problem: Problem, grid: Grid, report: CheckReport) -> None:
    default = problem.scenario.rules.weights.shift_wish
    for wish in problem.scenario.shift_wishes:
        e, d = problem.employee_idx[wish.employee], problem.date_idx[wish.date]
        weight = default if wish.weight is None else wish.weight
        got = grid[e][d]
        if got == MISSING:
            continue  # reported by one_shift_per_day
        hit = got == problem.shift_idx[wish.shift]
        if weight and hit != wish.want:
            text = (f"wanted {wish.shift}, got {problem.label_of(got)}" if wish.want
                    else f"did not want {wish.shift}")
            report.penalties.append(Penalty("shift_wish", weight, wish.employee, wish.date, text))


def _balance(report: CheckReport, rule: str, weight: int, values: dict[str, int],
             tolerance: int, unit: str, per: int = 1) -> None:
    """Each person's distance from the team's floored average beyond the tolerance, in
    whole units of ``per``."""
    if len(values) < 2 or not weight:
        return
    mean = sum(values.values()) // len(values)
    for emp, value in values.items():
        out = max(0, abs(value - mean) - tolerance) // per
        if out:
            report.penalties.append(Penalty(
                rule, weight * out, emp, None,
                f"{value} {unit}, team average {mean}, tolerance +-{tolerance}"))


def check_fair_hours(problem: Problem, grid: Grid, report: CheckReport) -> None:
    dev = {
        _emp(problem, e): sum(_minutes(problem, c) for c in grid[e])
        - problem.fair_target_minutes[e]
        for e in range(problem.num_employees)
    }
    _balance(report, "fair_hours", problem.scenario.rules.weights.fair_hours, dev,
             round(problem.scenario.rules.fair_hours_tolerance * 60),
             "minutes worked minus contract", per=60)


def check_fair_evenings(problem: Problem, grid: Grid, report: CheckReport) -> None:
    evening = problem.is_evening
    counts = {
        _emp(problem, e): sum(1 for c in grid[e] if c >= 0 and evening[c])
        for e in range(problem.num_employees)
        if any(evening[s] for s in problem.allowed[e])
    }
    _balance(report, "fair_evenings", problem.scenario.rules.weights.fair_evenings, counts,
             problem.scenario.rules.fair_evenings_tolerance, "evening shifts")


def check_fair_weekends(problem: Problem, grid: Grid, report: CheckReport) -> None:
    if not problem.weekend_days:
        return
    counts = {
        _emp(problem, e): sum(1 for d in problem.weekend_days if grid[e][d] >= 0)
        for e in range(problem.num_employees)
    }
    _balance(report, "fair_weekends", problem.scenario.rules.weights.fair_weekends, counts,
             problem.scenario.rules.fair_weekends_tolerance, "weekend days")


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


CHECKS: dict[str, Check] = {
    "one_shift_per_day": check_one_shift_per_day,
    "allowed_shifts": check_allowed_shifts,
    "leave": check_leave,
    "locks": check_locks,
    "max_consecutive_work_days": check_max_consecutive_work_days,
    "min_consecutive_work_days": check_min_consecutive_work_days,
    "min_consecutive_days_off": check_min_consecutive_days_off,
    "max_weekends_worked": check_max_weekends_worked,
    "weekly_day_off": check_weekly_day_off,
    "monthly_days_off": check_monthly_days_off,
    "min_rest": check_min_rest,
    "forbidden_succession": check_forbidden_succession,
    "rotation": check_rotation,
    "weekly_hours": check_weekly_hours,
    "total_hours": check_total_hours,
    "max_shifts_per_type": check_max_shifts_per_type,
    "holiday_cover": check_holiday_cover,
    "holiday_rotation": check_holiday_rotation,
    "holiday_rest": check_holiday_rest,
    "coverage_min": check_coverage_min,
    "interval_min": check_interval_min,
    "meeting": check_meeting,
    "stability": check_stability,
    "coverage_target": check_coverage_target,
    "coverage_excess": check_coverage_excess,
    "interval_cover": check_interval_cover,
    "interval_excess": check_interval_excess,
    "day_off_wish": check_day_off_wish,
    "shift_wish": check_shift_wish,
    "fair_hours": check_fair_hours,
    "fair_evenings": check_fair_evenings,
    "fair_weekends": check_fair_weekends,
}
