"""Dense, solver-free view of a validated scenario.

Indices replace string ids: employees ``e``, days ``d`` (0 = horizon start),
shifts ``s``. Both the CP-SAT model and the independent checker read their data
(coverage per day, leave days, locks, history) from here; each decides on its own
what the rules mean for a roster.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import math
from dataclasses import dataclass, field
from functools import cached_property

import holidays
import pandas as pd

from scheduler.scenario import LEAVE, MINUTES_PER_DAY, OFF, WEEKDAYS, Calendar, Scenario
from scheduler.staffing import demand_forecast, staffing_table

OFF_IDX = -1
LEAVE_IDX = -2


@dataclass(frozen=True)
class CoverageNeed:
    """Resolved headcount for one (day, shift, skill)."""

    day: int
    shift: int
    skill: str | None
    min: int
    target: int
    min_soft: bool
    under_weight: int = 0  # per person short of the target (the rule's or the default)
    over_weight: int = 0  # per person above it


@dataclass(frozen=True)
class IntervalNeed:
    """Agents wanted with ``skill`` on ``day`` from minute ``start`` for ``step`` minutes
    (from the chat forecast by Erlang C/A), and the hard minimum for the whole interval."""

    skill: str
    day: int
    start: int
    step: int
    required: int
    hard_min: int
    chats: float


@dataclass
class Problem:
    scenario: Scenario
    dates: list[dt.date] = field(init=False)
    day_types: list[str] = field(init=False)
    holiday_dates: set[dt.date] = field(init=False)
    makeup_dates: set[dt.date] = field(init=False)
    calendar_notes: list[str] = field(init=False)

    def __post_init__(self) -> None:
        sc = self.scenario
        self.dates = sc.horizon.dates()
        self.holiday_dates, self.makeup_dates, self.calendar_notes = official_calendar(
            sc.calendar, {d.year for d in self.dates})
        self.day_types = [day_type(d, self.holiday_dates, self.makeup_dates)
                          for d in self.dates]

    # ----------------------------------------------------------------- sizes
    @property
    def num_days(self) -> int:
        return len(self.dates)

    @property
    def num_employees(self) -> int:
        return len(self.scenario.employees)

    @property
    def num_shifts(self) -> int:
        return len(self.scenario.shifts)

    @cached_property
    def shift_idx(self) -> dict[str, int]:
        return {s.id: i for i, s in enumerate(self.scenario.shifts)}

    @cached_property
    def employee_idx(self) -> dict[str, int]:
        return {e.id: i for i, e in enumerate(self.scenario.employees)}

    @cached_property
    def date_idx(self) -> dict[dt.date, int]:
        return {d: i for i, d in enumerate(self.dates)}

    # ---------------------------------------------------------------- shifts
    @cached_property
    def paid_minutes(self) -> list[int]:
        return [s.paid_minutes for s in self.scenario.shifts]

    @cached_property
    def shift_start(self) -> list[int]:
        return [s.start_minute for s in self.scenario.shifts]

    @cached_property
    def shift_end(self) -> list[int]:
        return [s.end_minute for s in self.scenario.shifts]

    @cached_property
    def is_evening(self) -> list[bool]:
        fams = set(self.scenario.rules.evening_families)
        return [s.family in fams for s in self.scenario.shifts]

    def code_of(self, value: str) -> int:
        """Shift index, ``OFF_IDX`` or ``LEAVE_IDX`` of a roster cell."""
        if value == OFF:
            return OFF_IDX
        if value == LEAVE:
            return LEAVE_IDX
        return self.shift_idx[value]

    def label_of(self, code: int) -> str:
        if code == OFF_IDX:
            return OFF
        if code == LEAVE_IDX:
            return LEAVE
        return self.scenario.shifts[code].id

    # ------------------------------------------------------------- employees
    @cached_property
    def allowed(self) -> list[frozenset[int]]:
        return [
            frozenset(self.shift_idx[s] for s in self.scenario.allowed_shifts(e))
            for e in self.scenario.employees
        ]

    @cached_property
    def leave_days(self) -> list[frozenset[int]]:
        days: list[set[int]] = [set() for _ in self.scenario.employees]
        first, last = self.dates[0], self.dates[-1]
        for lv in self.scenario.leave:
            e = self.employee_idx[lv.employee]
            start, end = max(lv.start, first), min(lv.last, last)
            for k in range((end - start).days + 1):
                days[e].add(self.date_idx[start + dt.timedelta(days=k)])
        return [frozenset(s) for s in days]

    @cached_property
    def locks(self) -> dict[tuple[int, int], int]:
        return {
            (self.employee_idx[lk.employee], self.date_idx[lk.date]): self.code_of(lk.shift)
            for lk in self.scenario.locks
        }

    @cached_property
    def history(self) -> list[list[int]]:
        """Codes of the days before the horizon, oldest first (day index -len .. -1)."""
        return [[self.code_of(h) for h in e.history] for e in self.scenario.employees]

    def history_code(self, e: int, day: int) -> int | None:
        """Code on a day before the horizon (``day < 0``), or None when not known."""
        hist = self.history[e]
        return hist[day] if -len(hist) <= day < 0 else None

    @cached_property
    def skill_holders(self) -> dict[str, frozenset[int]]:
        holders: dict[str, set[int]] = {}
        for e, emp in enumerate(self.scenario.employees):
            for sk in emp.skills:
                holders.setdefault(sk, set()).add(e)
        return {k: frozenset(v) for k, v in holders.items()}

    def contract_minutes_per_day(self, e: int) -> float:
        emp = self.scenario.employees[e]
        hours = emp.contract_hours_per_week
        if hours is None:
            hours = self.scenario.rules.default_contract_hours_per_week
        return hours * 60 / 7

    @cached_property
    def fair_target_minutes(self) -> list[int]:
        """Contract minutes over the days each person is not on leave (fairness reference)."""
        return [
            round(self.contract_minutes_per_day(e) * (self.num_days - len(self.leave_days[e])))
            for e in range(self.num_employees)
        ]

    @property
    def leave_credit_minutes(self) -> int:
        return round(self.scenario.rules.leave_credit_hours * 60)

    # -------------------------------------------------------------- calendar
    @cached_property
    def weekend_days(self) -> list[int]:
        """Saturdays and Sundays of the horizon that are not make-up workdays."""
        return [d for d, date in enumerate(self.dates)
                if date.weekday() >= 5 and date not in self.makeup_dates]

    @cached_property
    def meeting_days(self) -> list[int]:
        """Days of the horizon with the weekly meeting."""
        meeting = self.scenario.rules.meeting
        if meeting is None:
            return []
        return [d for d, date in enumerate(self.dates)
                if WEEKDAYS[date.weekday()] == meeting.weekday]

    @cached_property
    def holidays(self) -> list[int]:
        """Day indices of the horizon's holidays."""
        return [d for d, t in enumerate(self.day_types) if t == "holiday"]

    @cached_property
    def holiday_groups(self) -> dict[str, list[int]]:
        """Employees by role (for rotating holiday rest)."""
        groups: dict[str, list[int]] = {}
        for e, emp in enumerate(self.scenario.employees):
            groups.setdefault(emp.holiday_group, []).append(e)
        return groups

    @cached_property
    def weeks(self) -> list[tuple[int, int]]:
        """Calendar weeks (Monday-Sunday) touching the horizon, as (first, last) day indices.

        ``first`` may be negative (the week began before the horizon) and ``last`` may
        be past the end (it ends after the horizon).
        """
        first = -self.dates[0].weekday()
        out = []
        while first < self.num_days:
            out.append((first, first + 6))
            first += 7
        return out

    @cached_property
    def months(self) -> list[tuple[int, int, int]]:
        """Calendar months touching the horizon: (first, last, days in month) day indices."""
        out = []
        start = self.dates[0]
        year, month = start.year, start.month
        while True:
            first_date = dt.date(year, month, 1)
            length = _calendar.monthrange(year, month)[1]
            first = (first_date - start).days
            if first >= self.num_days:
                break
            out.append((first, first + length - 1, length))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    # ---------------------------------------------------------------- demand
    @cached_property
    def demand_forecast(self) -> pd.DataFrame:
        """Expected chats per (date, interval, skill) of ``scenario.demand``; peak days of
        the calendar multiply their day's chats."""
        sc = self.scenario
        peaks = {p.date: p.multiplier for p in sc.calendar.peak_days}
        return demand_forecast(sc.demand, self.dates[0], self.num_days, peaks, sc.base_dir)

    @cached_property
    def staffing(self) -> pd.DataFrame:
        """The forecast with ``required`` agents and ``open`` per interval."""
        return staffing_table(self.demand_forecast, self.scenario.demand)

    @cached_property
    def interval_needs(self) -> list[IntervalNeed]:
        """Every open interval of every demand skill."""
        if not self.scenario.demand:
            return []
        by_skill = {d.skill: d for d in self.scenario.demand}
        table = self.staffing
        out = []
        day_of = self.date_idx
        for date, start, skill, chats, required, is_open in zip(
                table["date"], table["interval_start"], table["skill"], table["chats"],
                table["required"], table["open"], strict=True):
            if not is_open:
                continue
            demand = by_skill[str(skill)]
            hh, mm = str(start).split(":")
            out.append(IntervalNeed(str(skill), day_of[date], int(hh) * 60 + int(mm),
                                    demand.interval_minutes, int(required), demand.hard_min,
                                    float(chats)))
        return out

    def interval_overlap(self, s: int, need: IntervalNeed, days_before: int) -> int:
        """Minutes of shift ``s`` started ``days_before`` days before the need's day that
        fall in the need's interval."""
        lo = need.start + days_before * MINUTES_PER_DAY
        hi = lo + need.step
        return sum(max(0, min(b, hi) - max(a, lo))
                   for a, b in self.scenario.shifts[s].absolute_segments())

    @cached_property
    def interval_cover(self) -> list[list[tuple[int, int, int]]]:
        """Per interval need: (days before, shift, minutes) of every shift that overlaps it."""
        longest = max(sh.end_minute for sh in self.scenario.shifts)
        spans = range(0, 1 + (longest - 1) // MINUTES_PER_DAY)
        return [[(back, s, minutes) for back in spans for s in range(self.num_shifts)
                 if (minutes := self.interval_overlap(s, need, back)) > 0]
                for need in self.interval_needs]

    # -------------------------------------------------------------- rotation
    @cached_property
    def rotation_anchor(self) -> dt.date:
        """The Monday of rotation week 0 (the horizon's first Monday-week by default)."""
        rotation = self.scenario.rules.rotation
        if rotation is not None and rotation.anchor is not None:
            return rotation.anchor
        return self.dates[0] - dt.timedelta(days=self.dates[0].weekday())

    def rotation_week(self, d: int) -> int:
        """Rotation week of day index ``d`` (negative: history)."""
        date = self.dates[0] + dt.timedelta(days=d)
        return (date - self.rotation_anchor).days // 7

    @cached_property
    def rotation_units(self) -> list[tuple[str, list[int], int | None]]:
        """(name, people, fixed offset or None) of every crew or rotating person."""
        rotation = self.scenario.rules.rotation
        if rotation is None:
            return []
        exempt = set(rotation.exempt)
        units: dict[str, tuple[list[int], list[int | None]]] = {}
        for e, emp in enumerate(self.scenario.employees):
            if emp.id in exempt:
                continue
            name = f"crew {emp.crew}" if emp.crew is not None else emp.id
            people, offsets = units.setdefault(name, ([], []))
            people.append(e)
            offsets.append(emp.rotation_offset)
        out = []
        for name, (people, offsets) in units.items():
            given = [k for k in offsets if k is not None]
            out.append((name, people, given[0] if given else None))
        return out

    def rotation_offsets_for(self, d: int, family: str) -> set[int]:
        """Offsets whose pattern lets a person work a shift of ``family`` on day ``d``."""
        rotation = self.scenario.rules.rotation
        assert rotation is not None
        cycle = rotation.cycle
        length = len(cycle)
        week = self.rotation_week(d)
        weekday = WEEKDAYS[(self.dates[0] + dt.timedelta(days=d)).weekday()]
        weeks = [week, week + 1] if weekday in rotation.change_days else [week]
        return {k for k in range(length) for w in weeks if cycle[(k + w) % length] == family}

    @cached_property
    def rotation_history_days(self) -> list[list[int]]:
        """Per person: history days (negative indices) the rotation holds on in hard mode:
        those of the horizon's first rotation week and of the week before (so that the
        rotation continues at the right week and family)."""
        first_week = self.rotation_week(0)
        return [[d for d in range(-len(self.history[e]), 0)
                 if self.rotation_week(d) >= first_week - 1]
                for e in range(self.num_employees)]

    # -------------------------------------------------------------- coverage
    @cached_property
    def coverage(self) -> list[CoverageNeed]:
        """The most specific coverage rule for every (day, shift, skill) it names."""
        best: dict[tuple[int, int, str | None], tuple[int, int]] = {}
        rules = self.scenario.coverage
        for r_idx, rule in enumerate(rules):
            s = self.shift_idx[rule.shift]
            for d, date in enumerate(self.dates):
                if not _applies(rule, date, self.day_types[d]):
                    continue
                key = (d, s, rule.skill)
                exception = self.day_types[d] in ("holiday", "makeup_workday")
                rank = (rule.specificity(exception), r_idx)  # later rules win ties
                if key not in best or rank > best[key]:
                    best[key] = rank
        peaks = {p.date: p.multiplier for p in self.scenario.calendar.peak_days}
        needs = []
        for (d, s, skill), (_, r_idx) in sorted(best.items(), key=lambda kv: (
                kv[0][0], kv[0][1], kv[0][2] or "")):
            rule = rules[r_idx]
            target = rule.target_or_min
            if self.dates[d] in peaks:
                target = max(rule.min, math.ceil(target * peaks[self.dates[d]] - 1e-9))
            under, over = rule.weights(self.scenario.rules.weights)
            needs.append(CoverageNeed(d, s, skill, rule.min, target, rule.min_soft, under,
                                      over))
        return needs

    def can_cover(self, need: CoverageNeed) -> list[int]:
        """Employees who may work the need's shift and hold its skill (if any)."""
        holders = (self.skill_holders.get(need.skill, frozenset())
                   if need.skill is not None else None)
        return [e for e in range(self.num_employees)
                if need.shift in self.allowed[e] and (holders is None or e in holders)]

    # ------------------------------------------------------------------ rest
    @cached_property
    def rest_conflicts(self) -> list[tuple[int, int, int, int]]:
        """(first shift, second shift, days apart, rest minutes) pairs below the minimum rest."""
        hours = self.scenario.rules.min_rest_hours
        if not hours:
            return []
        need = round(hours * 60)
        out = []
        longest_gap = -(-(need + max(self.shift_end) - min(self.shift_start)) // MINUTES_PER_DAY)
        for s1 in range(self.num_shifts):
            for s2 in range(self.num_shifts):
                for gap in range(1, longest_gap + 1):
                    rest = gap * MINUTES_PER_DAY + self.shift_start[s2] - self.shift_end[s1]
                    if rest < need:
                        out.append((s1, s2, gap, rest))
        return out

    @cached_property
    def forbidden_next(self) -> set[tuple[int, int]]:
        return {(self.shift_idx[f.first], self.shift_idx[f.then])
                for f in self.scenario.rules.forbidden_successions}


def official_calendar(calendar: Calendar, years: set[int]
                      ) -> tuple[set[dt.date], set[dt.date], list[str]]:
    """(holidays, make-up workdays, notes) for ``years``, from the package and the lists.

    A note says when the package has no make-up workdays for a year: the official
    schedule of a year is announced late in the year before, and until the package
    knows it the supervisor must enter the dates.
    """
    lib_holidays: set[dt.date] = set()
    lib_makeup: set[dt.date] = set()
    notes: list[str] = []
    if calendar.country is not None:
        official = holidays.country_holidays(calendar.country, years=sorted(years))
        lib_holidays = {d for d in official if d.year in years}
        lib_makeup = {d for d in getattr(official, "weekend_workdays", ()) if d.year in years}
        known = {d.year for d in getattr(official, "weekend_workdays", ())}
        for year in sorted(years - known):
            notes.append(
                f"the holidays package {holidays.__version__} has no official holiday"
                f" schedule (调休) for {year}: only the fixed-date holidays are known; enter"
                " the announced dates in calendar.holidays and calendar.makeup_workdays")
    holiday_set = (lib_holidays | set(calendar.holidays)) - set(calendar.not_holidays)
    makeup_set = (lib_makeup | set(calendar.makeup_workdays)) - holiday_set
    holiday_set |= _bridged_weekends(holiday_set, makeup_set, set(calendar.not_holidays))
    return holiday_set, makeup_set, notes


def _bridged_weekends(holiday_set: set[dt.date], makeup: set[dt.date],
                      removed: set[dt.date]) -> set[dt.date]:
    """Weekend days inside a holiday break (holidays on both sides, only weekend days
    between): the package lists only the statutory days, the break includes them."""

    def rest(day: dt.date) -> bool:
        return day in holiday_set or (day.weekday() >= 5 and day not in makeup)

    def reaches_holiday(day: dt.date, step: int) -> bool:
        for _ in range(7):
            day += dt.timedelta(days=step)
            if day in holiday_set:
                return True
            if not rest(day):
                return False
        return False

    out = set()
    for h in holiday_set:
        for k in (-2, -1, 1, 2):
            day = h + dt.timedelta(days=k)
            if (day.weekday() >= 5 and day not in makeup and day not in removed
                    and reaches_holiday(day, -1) and reaches_holiday(day, 1)):
                out.add(day)
    return out


def day_type(date: dt.date, holidays: set[dt.date], makeup: set[dt.date]) -> str:
    """holiday, makeup_workday (a weekend day worked, 调休), weekend or workday."""
    if date in holidays:
        return "holiday"
    if date in makeup and date.weekday() >= 5:
        return "makeup_workday"
    if date.weekday() >= 5:
        return "weekend"
    return "workday"


def _applies(rule: object, date: dt.date, dtype: str) -> bool:
    dates = getattr(rule, "dates", None)
    weekdays = getattr(rule, "weekdays", None)
    day_types = getattr(rule, "day_types", None)
    if dates is not None:
        return date in dates
    if weekdays is not None:
        return WEEKDAYS[date.weekday()] in weekdays
    if day_types is not None:  # a make-up workday is a workday for coverage
        return (dtype if dtype != "makeup_workday" else "workday") in day_types
    return True
