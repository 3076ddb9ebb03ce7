"""The CP-SAT model of a roster: variables, one ``add_<rule>`` per rule, the objective.

The entry point :meth:`RosterModel.build` reads like the rule catalogue of
:mod:`scheduler.rules`. Soft rules do not touch the objective directly: they append
:class:`Term` s (rule, weight, expression, who, when), and the objective is their
weighted sum, so the same terms give the penalty breakdown of a solution.

Every penalty expression is *exact* (shortfalls via ``max(0, .)`` equalities,
spreads via ``max``/``min`` equalities): the objective of any solution, optimal or
not, equals what the independent checker computes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.problem import LEAVE_IDX, OFF_IDX, Problem
from scheduler.result import Penalty
from scheduler.roster import Grid

LinearExpr = cp_model.LinearExpr | int  # what sums of variables and constants are


@dataclass
class Term:
    """``weight * expr`` in the objective, attributed to a person and/or a date."""

    rule: str
    weight: int
    expr: LinearExpr
    employee: str | None = None
    date: dt.date | None = None
    detail: str = ""


@dataclass
class Guard:
    """One instance of a hard rule (a person's week, a shift's minimum on a date...).

    In a guarded model (:meth:`RosterModel.build_guarded`) every constraint of the
    instance holds only when ``literal`` is true, so that the solver can name the
    instances that together leave no roster.
    """

    rule: str
    literal: cp_model.IntVar
    employee: int | None = None
    day: int | None = None
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RosterModel:
    problem: Problem
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    slack: list[Term] = field(default_factory=list)
    relaxed: bool = False
    guarded: bool = False
    guards: dict[tuple[Any, ...], Guard] = field(default_factory=dict)

    # ================================================================ build
    def build(self, hint: Grid | None = None, fairness: bool = True) -> RosterModel:
        """Variables, then every rule of the catalogue, then the objective.

        ``fairness=False`` leaves out the three fairness rules: a smaller model whose
        optimum is a lower bound of the full one (all penalties are non-negative).
        """
        self.make_assignment_vars()
        self.add_hard_rules()
        self.add_soft_rules(fairness)
        self.model.minimize(sum(t.weight * t.expr for t in self.terms if t.weight))
        if hint is not None:
            self.add_hint(hint)
        return self

    def build_feasibility(self, hint: Grid | None = None) -> RosterModel:
        """The hard rules only, with the minimums (coverage, contract hours) made elastic.

        Every other hard rule holds when nobody works, so this model always has a
        solution; its optimum is 0 exactly when the full model is feasible. The solver
        finds such a roster much faster than the full model's, and it then serves as
        the full model's warm start.
        """
        self.relaxed = True
        self.make_assignment_vars()
        self.add_hard_rules()
        self.model.minimize(sum(t.weight * t.expr for t in self.slack))
        if hint is not None:
            self.add_hint(hint)
        return self

    def build_hard(self, hint: Grid | None = None) -> RosterModel:
        """The hard rules only, no objective: any solution is a roster."""
        self.make_assignment_vars()
        self.add_hard_rules()
        if hint is not None:
            self.add_hint(hint)
        return self

    def build_guarded(self) -> RosterModel:
        """The hard rules only, each instance behind its own enforcement literal
        (:attr:`guards`); approved leave becomes a guarded rule too (a variable per
        leave day that its guard keeps at 0), so that it can take part in a conflict."""
        self.guarded = True
        self.make_assignment_vars()
        self.add_hard_rules()
        return self

    def _guard(self, rule: str, e: int | None, d: int | None, detail: str = "",
               **data: Any) -> cp_model.IntVar:
        key = (rule, e, d, detail)
        guard = self.guards.get(key)
        if guard is None:
            name = f"guard[{rule},{e},{d},{detail}]"
            guard = Guard(rule, self.model.new_bool_var(name), e, d, detail, data)
            self.guards[key] = guard
        return guard.literal

    def _hard(self, constraint: cp_model.Constraint, rule: str, e: int | None,
              d: int | None, detail: str = "", **data: Any) -> None:
        """Register a hard constraint of one rule instance (guarded when asked)."""
        if self.guarded:
            constraint.only_enforce_if(self._guard(rule, e, d, detail, **data))

    def add_hard_rules(self) -> None:
        self.add_one_shift_per_day()
        self.add_allowed_shifts()
        self.add_leave()
        self.add_locks()
        self.add_max_consecutive_work_days()
        self.add_min_consecutive_work_days()
        self.add_min_consecutive_days_off()
        self.add_max_weekends_worked()
        self.add_weekly_day_off()
        self.add_monthly_days_off()
        self.add_min_rest()
        self.add_forbidden_succession()
        self.add_rotation()  # adds soft terms in soft mode
        self.add_weekly_hours()
        self.add_total_hours()
        self.add_max_shifts_per_type()
        self.add_holiday_cover()
        self.add_holiday_rotation()
        self.add_holiday_rest()
        self.add_coverage_min()  # adds soft terms for minimums marked soft
        self.add_interval_min()
        self.add_meeting_minimum()  # the hard part of the (soft) meeting rule

    def add_soft_rules(self, fairness: bool = True) -> None:
        self.add_meeting()
        self.add_stability()
        self.add_coverage_target()
        self.add_coverage_excess()
        self.add_interval_cover()
        self.add_interval_excess()
        self.add_day_off_wish()
        self.add_shift_wish()
        if fairness:
            self.add_fair_hours()
            self.add_fair_evenings()
            self.add_fair_weekends()

    def _at_least(self, expr: Any, need: int, rule: str, weight: int,
                  employee: str | None, date: dt.date | None, detail: str,
                  key: tuple[int | None, int | None] = (None, None), **data: Any) -> None:
        """``expr >= need``: hard, or with a penalised slack in the feasibility model.

        ``key`` (person index, day index) and ``data`` identify the rule instance in a
        guarded model."""
        if not self.relaxed:
            self._hard(self.model.add(expr >= need), rule, key[0], key[1], detail,
                       need=need, **data)
            return
        slack = self.model.new_int_var(0, max(0, need), f"slack[{rule},{employee},{date}]")
        self.model.add(slack + expr >= need)
        self.slack.append(Term(rule, weight, slack, employee, date, detail))

    # ============================================================ variables
    def make_assignment_vars(self) -> None:
        """x[e,d,s] = 1 when person e works shift s on day d (only where possible)."""
        p = self.problem
        for e, emp in enumerate(p.scenario.employees):
            for d, date in enumerate(p.dates):
                if d in p.leave_days[e] and not self.guarded:
                    continue
                for s in sorted(p.allowed[e]):
                    sid = p.scenario.shifts[s].id
                    self.x[e, d, s] = self.model.new_bool_var(
                        f"work[e={emp.id},d={date.isoformat()},s={sid}]")

    def shifts_of(self, e: int, d: int) -> list[cp_model.IntVar]:
        return [self.x[e, d, s] for s in range(self.problem.num_shifts) if (e, d, s) in self.x]

    def works(self, e: int, d: int) -> LinearExpr:
        return sum(self.shifts_of(e, d))

    def minutes(self, e: int, d: int) -> LinearExpr:
        mins = self.problem.paid_minutes
        return sum(mins[s] * self.x[e, d, s] for s in range(self.problem.num_shifts)
                   if (e, d, s) in self.x)

    def _history(self, e: int, d: int) -> int | None:
        return self.problem.history_code(e, d)

    def _known(self, e: int, d: int) -> bool:
        """Day d (negative: history) is in the horizon or in the given history."""
        return 0 <= d < self.problem.num_days or self._history(e, d) is not None

    def _works_const_or_var(self, e: int, d: int) -> LinearExpr:
        if d >= 0:
            return self.works(e, d)
        code = self._history(e, d)
        return 1 if code is not None and code >= 0 else 0

    def _minutes_const_or_var(self, e: int, d: int) -> LinearExpr:
        if 0 <= d < self.problem.num_days:
            return self.minutes(e, d)
        code = self._history(e, d) if d < 0 else None
        return self.problem.paid_minutes[code] if code is not None and code >= 0 else 0

    # =========================================================== hard rules
    def add_one_shift_per_day(self) -> None:
        """Hard: at most one shift per person and day (no shift = OFF or LEAVE)."""
        for e in range(self.problem.num_employees):
            for d in range(self.problem.num_days):
                shifts = self.shifts_of(e, d)
                if len(shifts) > 1:
                    self.model.add_at_most_one(shifts)

    def add_allowed_shifts(self) -> None:
        """Hard: structural, x exists only for allowed shifts (see make_assignment_vars)."""

    def add_leave(self) -> None:
        """Hard: structural, no x on a day of approved leave (guarded model: x kept at 0)."""
        if not self.guarded:
            return
        p = self.problem
        for e in range(p.num_employees):
            for d in sorted(p.leave_days[e]):
                for var in self.shifts_of(e, d):
                    self._hard(self.model.add(var == 0), "leave", e, d)

    def add_locks(self) -> None:
        """Hard: a locked cell takes its value (OFF: no shift)."""
        p = self.problem
        for (e, d), code in p.locks.items():
            if code in (OFF_IDX, LEAVE_IDX):
                for var in self.shifts_of(e, d):
                    self._hard(self.model.add(var == 0), "locks", e, d, code=code)
            elif (e, d, code) in self.x and not (self.guarded and d in p.leave_days[e]):
                self._hard(self.model.add(self.x[e, d, code] == 1), "locks", e, d, code=code)
            else:  # locked to a shift the person may not work, or on leave
                self._hard(self.model.add_bool_or([]), "locks", e, d, code=code)

    def add_max_consecutive_work_days(self) -> None:
        """Hard: every window of N+1 known days holds at most N working days (N: the
        person's own limit, else the rules' value)."""
        p = self.problem
        for e, emp in enumerate(p.scenario.employees):
            limit = p.scenario.limit(emp, "max_consecutive_work_days")
            if limit is None or limit >= p.num_days + len(p.history[e]):
                continue
            start = -len(p.history[e])
            for first in range(start, p.num_days - limit):
                last = first + limit
                if last < 0:
                    continue
                ct = self.model.add(
                    sum(self._works_const_or_var(e, d) for d in range(first, last + 1)) <= limit)
                self._hard(ct, "max_consecutive_work_days", e, max(first, 0), str(first),
                           first=first, last=last, limit=limit)

    def _forbid_short_runs(self, rule: str, working: bool) -> None:
        """No run of j < K working days (``working``) or days off between two days of the
        other kind, on known days whose last lies in the horizon.

        One linear inequality per pattern ``other, run x j, other``: at least one of its
        days differs from the pattern, with works(e, d) as the sum of the day's shift
        variables and history days as constants. (Measured on the Curtois & Qu
        instances 5-7: better rosters and bounds than clauses over one works-literal per
        person and day, which the LP does not see.)"""
        p = self.problem
        for e, emp in enumerate(p.scenario.employees):
            need = p.scenario.limit(emp, rule)
            if need is None or need < 2:
                continue
            start = -len(p.history[e])
            for j in range(1, need):
                for first in range(max(start, -j - 1), p.num_days - j - 1):
                    pattern = [(first, not working)]
                    pattern += [(d, working) for d in range(first + 1, first + j + 1)]
                    pattern.append((first + j + 1, not working))
                    constant = 0
                    differ: LinearExpr = 0
                    for d, value in pattern:
                        works = self._works_const_or_var(e, d)
                        if isinstance(works, int):
                            constant += int(bool(works) != value)
                        else:
                            differ += (1 - works) if value else works
                    if constant:
                        continue  # a day already differs: the pattern cannot occur
                    ct = (self.model.add(differ >= 1) if not isinstance(differ, int)
                          else self.model.add_bool_or([]))
                    self._hard(ct, rule, e, max(first + 1, 0), f"{first}+{j}",
                               first=first + 1, last=first + j, need=need)

    def add_min_consecutive_work_days(self) -> None:
        """Hard: no run of fewer than K working days between two days off (leave is off);
        runs touching the end of the horizon, or its start without history, are exempt
        (K: the person's own value, else the rules')."""
        self._forbid_short_runs("min_consecutive_work_days", working=True)

    def add_min_consecutive_days_off(self) -> None:
        """Hard: no run of fewer than K days off (OFF or leave) between two working days;
        runs touching the end of the horizon, or its start without history, are exempt
        (K: the person's own value, else the rules')."""
        self._forbid_short_runs("min_consecutive_days_off", working=False)

    def weekends(self) -> list[list[int]]:
        """Weekend days of the horizon (no make-up workdays) grouped by calendar week."""
        p = self.problem
        groups: dict[dt.date, list[int]] = {}
        for d in p.weekend_days:
            monday = p.dates[d] - dt.timedelta(days=p.dates[d].weekday())
            groups.setdefault(monday, []).append(d)
        return [groups[k] for k in sorted(groups)]

    def add_max_weekends_worked(self) -> None:
        """Hard: at most W weekends of the horizon with the Saturday or the Sunday worked
        (W: the person's own value, else the rules')."""
        p = self.problem
        weekends = self.weekends()
        for e, emp in enumerate(p.scenario.employees):
            limit = p.scenario.limit(emp, "max_weekends_worked")
            if limit is None or limit >= len(weekends):
                continue
            worked: list[Any] = []
            for days in weekends:
                shifts = [var for d in days for var in self.shifts_of(e, d)]
                if len(shifts) == 1:
                    worked.append(shifts[0])
                elif shifts:
                    # only an upper limit is posted: the indicator may be 1 needlessly
                    # but never 0 on a worked weekend
                    flag = self.model.new_bool_var(f"weekend[e={emp.id},d={days[0]}]")
                    for var in shifts:
                        self.model.add_implication(var, flag)
                    worked.append(flag)
            if len(worked) > limit:
                ct = self.model.add(sum(worked) <= limit)
                self._hard(ct, "max_weekends_worked", e, None, limit=limit,
                           weekends=len(weekends))

    def add_weekly_day_off(self) -> None:
        """Hard: every calendar week whose days are all known has K days without work."""
        need = self.problem.scenario.rules.min_days_off_per_week
        if not need:
            return
        p = self.problem
        for e in range(p.num_employees):
            for first, last in p.weeks:
                if last >= p.num_days or not self._known(e, first):
                    continue
                days = range(first, last + 1)
                ct = self.model.add(sum(self._works_const_or_var(e, d) for d in days) <= 7 - need)
                self._hard(ct, "weekly_day_off", e, first, last=last, need=need)

    def add_monthly_days_off(self) -> None:
        """Hard: days off per calendar month >= round(K * known days / month length)."""
        per_month = self.problem.scenario.rules.min_days_off_per_month
        if per_month is None:
            return
        p = self.problem
        for e in range(p.num_employees):
            for first, last, length in p.months:
                known = [d for d in range(first, last + 1) if self._known(e, d)]
                need = (2 * per_month * len(known) + length) // (2 * length)
                if need:
                    worked = sum(self._works_const_or_var(e, d) for d in known)
                    ct = self.model.add(worked <= len(known) - need)
                    self._hard(ct, "monthly_days_off", e, max(first, 0), last=last, need=need)

    def _forbid_pairs(self, pairs: list[tuple[int, int, int]], rule: str) -> None:
        """Forbid shift s1 on day d and s2 on day d+gap, history included.

        In a guarded model each pair is its own rule instance (the explanation names
        it). Otherwise the pairs of one (s1, gap) are one at-most-one per person and day,
        x[d-gap, s1] + sum of x[d, s2] <= 1, which says the same (a day holds one shift
        at most) with one constraint instead of one per s2, and a tighter relaxation.
        (Curtois & Qu instance 24 has 461 forbidden pairs over 32 shift types.)
        """
        if not self.guarded:
            self._forbid_groups(pairs)
            return
        p = self.problem
        for e in range(p.num_employees):
            for s1, s2, gap in pairs:
                for d in range(p.num_days):
                    second = self.x.get((e, d, s2))
                    if second is None:
                        continue
                    if d - gap >= 0:
                        first = self.x.get((e, d - gap, s1))
                        if first is not None:
                            ct = self.model.add_bool_or([first.Not(), second.Not()])
                            self._hard(ct, rule, e, d, f"{s1}>{s2}", first=s1, then=s2,
                                       gap=gap)
                    elif self._history(e, d - gap) == s1:
                        self._hard(self.model.add(second == 0), rule, e, d, f"{s1}>{s2}",
                                   first=s1, then=s2, gap=gap)

    def _forbid_groups(self, pairs: list[tuple[int, int, int]]) -> None:
        """The pairs grouped by (s1, gap): see :meth:`_forbid_pairs`."""
        p = self.problem
        groups: dict[tuple[int, int], list[int]] = {}
        for s1, s2, gap in pairs:
            groups.setdefault((s1, gap), []).append(s2)
        for e in range(p.num_employees):
            for (s1, gap), thens in groups.items():
                for d in range(p.num_days):
                    seconds = [self.x[e, d, s2] for s2 in thens if (e, d, s2) in self.x]
                    if not seconds:
                        continue
                    if d - gap >= 0:
                        first = self.x.get((e, d - gap, s1))
                        if first is not None:
                            self.model.add_at_most_one([first, *seconds])
                    elif self._history(e, d - gap) == s1:
                        for second in seconds:
                            self.model.add(second == 0)

    def add_min_rest(self) -> None:
        """Hard: no two shifts closer than the minimum rest (minutes, across midnight)."""
        self._forbid_pairs([(s1, s2, gap) for s1, s2, gap, _ in self.problem.rest_conflicts],
                           "min_rest")

    def add_forbidden_succession(self) -> None:
        """Hard: listed successions (first, then) are not worked on consecutive days."""
        self._forbid_pairs([(s1, s2, 1) for s1, s2 in sorted(self.problem.forbidden_next)],
                           "forbidden_succession")

    def add_rotation(self) -> None:
        """Hard (or soft per day off the pattern): a rotating person works the family of
        their rotation week; on change days the family of that week or the next.

        Each crew (or person not in a crew) has an offset in the cycle, given or chosen
        here (one-hot ``y``). Hard mode also holds on the history of the horizon's first
        rotation week and the week before, so that a rotation with chosen offsets
        continues where the last period left off."""
        p = self.problem
        rotation = p.scenario.rules.rotation
        if rotation is None:
            return
        length = len(rotation.cycle)
        hard = rotation.mode == "hard"
        weight = p.scenario.rules.weights.rotation
        families = [sh.family for sh in p.scenario.shifts]
        for name, people, fixed in p.rotation_units:
            y: dict[int, Any]
            if fixed is not None:
                y = {k: int(k == fixed) for k in range(length)}
            else:
                y = {k: self.model.new_bool_var(f"rotation_offset[{name},{k}]")
                     for k in range(length)}
                self.model.add_exactly_one(y.values())
            for e in people:
                for d in range(p.num_days):
                    week_first = max(0, d - (p.dates[d] - p.rotation_anchor).days % 7)
                    misses: list[Any] = []
                    for s in range(p.num_shifts):
                        var = self.x.get((e, d, s))
                        if var is None:
                            continue
                        ok = sum(y[k] for k in p.rotation_offsets_for(d, families[s]))
                        if isinstance(ok, int) and ok >= 1:
                            continue
                        if hard:
                            self._hard(self.model.add(var <= ok), "rotation", e, week_first,
                                       offset=fixed)
                        else:
                            misses.append(var - ok)
                    if hard or not misses or self.relaxed or not weight:
                        continue
                    off: LinearExpr
                    if fixed is not None:
                        off = sum(misses)  # at most one shift a day: 0 or 1
                    else:
                        off = self.model.new_int_var(0, 1, f"off_rotation[{e},{d}]")
                        self.model.add_max_equality(off, [*misses, 0])
                    self.terms.append(Term("rotation", weight, off, p.scenario.employees[e].id,
                                           p.dates[d], "works off the rotation pattern"))
                if not hard:
                    continue
                for d in p.rotation_history_days[e]:
                    code = self._history(e, d)
                    if code is None or code < 0:
                        continue
                    ok = sum(y[k] for k in p.rotation_offsets_for(d, families[code]))
                    if isinstance(ok, int):
                        if ok < 1:
                            self._hard(self.model.add_bool_or([]), "rotation", e, None,
                                       "history", offset=fixed)
                    else:
                        self._hard(self.model.add(ok >= 1), "rotation", e, None, "history",
                                   offset=fixed)

    def add_weekly_hours(self) -> None:
        """Hard: paid minutes per calendar week within the contract (min after leave credit)."""
        p = self.problem
        credit = p.leave_credit_minutes
        for e, emp in enumerate(p.scenario.employees):
            lo, hi = emp.min_hours_per_week, emp.max_hours_per_week
            if lo is None and hi is None:
                continue
            for first, last in p.weeks:
                days = range(first, last + 1)
                worked = sum(self._minutes_const_or_var(e, d) for d in days)
                if hi is not None:
                    self._hard(self.model.add(worked <= round(hi * 60)), "weekly_hours", e,
                               max(first, 0), "max", last=last, limit=round(hi * 60))
                if lo is not None and first >= 0 and last < p.num_days:
                    leave = sum(1 for d in days if d in p.leave_days[e])
                    need = max(0, round(lo * 60) - credit * leave)
                    self._at_least(worked, need, "weekly_hours", 1, emp.id, p.dates[first],
                                   f"min {need / 60:g} h in the week", (e, first), last=last)

    def add_total_hours(self) -> None:
        """Hard: paid minutes over the horizon within the contract."""
        p = self.problem
        for e, emp in enumerate(p.scenario.employees):
            lo, hi = emp.min_hours_total, emp.max_hours_total
            if lo is None and hi is None:
                continue
            worked = sum(self.minutes(e, d) for d in range(p.num_days))
            if hi is not None:
                self._hard(self.model.add(worked <= round(hi * 60)), "total_hours", e, None,
                           "max", limit=round(hi * 60))
            if lo is not None:
                need = max(0, round(lo * 60) - p.leave_credit_minutes * len(p.leave_days[e]))
                self._at_least(worked, need, "total_hours", 1, emp.id, None,
                               f"min {need / 60:g} h in the horizon", (e, None))

    def add_max_shifts_per_type(self) -> None:
        """Hard: count of each limited shift type per person <= its maximum."""
        p = self.problem
        for e, emp in enumerate(p.scenario.employees):
            for sid, limit in emp.max_shifts.items():
                s = p.shift_idx[sid]
                ct = self.model.add(sum(self.x[e, d, s] for d in range(p.num_days)
                                        if (e, d, s) in self.x) <= limit)
                self._hard(ct, "max_shifts_per_type", e, None, sid, shift=s, limit=limit)

    def add_holiday_cover(self) -> None:
        """Hard: on every holiday, people on shifts of each listed family >= its minimum."""
        p = self.problem
        for cover in p.scenario.rules.holiday_cover:
            shifts = [s for s, sh in enumerate(p.scenario.shifts) if sh.family == cover.family]
            holders = (p.skill_holders.get(cover.skill, frozenset())
                       if cover.skill is not None else None)
            for d in p.holidays:
                count = sum(self.x[e, d, s] for e in range(p.num_employees) for s in shifts
                            if (e, d, s) in self.x and (holders is None or e in holders))
                label = f"{cover.family}/{cover.skill}" if cover.skill else cover.family
                self._at_least(count, cover.min, "holiday_cover", 480, None, p.dates[d],
                               f"holiday {label} min {cover.min}", (None, d),
                               family=cover.family, skill=cover.skill)

    def _holiday_load(self, e: int) -> LinearExpr:
        """Holiday days worked this year: before the horizon, plus the horizon's holidays
        worked or on leave."""
        p = self.problem
        emp = p.scenario.employees[e]
        leave = sum(1 for d in p.holidays if d in p.leave_days[e])
        return emp.holiday_days_worked + leave + sum(self.works(e, d) for d in p.holidays)

    def add_holiday_rotation(self) -> None:
        """Hard: within each role, holiday days worked differ by at most the spread."""
        p = self.problem
        spread = p.scenario.rules.holiday_max_spread
        if spread is None or not p.holidays:
            return
        for role, people in p.holiday_groups.items():
            if len(people) < 2:
                continue
            top = self.model.new_int_var(0, 400, f"holiday_top[{role}]")
            bottom = self.model.new_int_var(0, 400, f"holiday_bottom[{role}]")
            for e in people:
                load = self._holiday_load(e)
                self.model.add(load <= top)
                self.model.add(load >= bottom)
            self._hard(self.model.add(top - bottom <= spread), "holiday_rotation", None, None,
                       role, role=role, spread=spread, people=people)

    def add_holiday_rest(self) -> None:
        """Hard: each person has at least min_holiday_days_off of the holidays off."""
        p = self.problem
        need = min(p.scenario.rules.min_holiday_days_off, len(p.holidays))
        if not need:
            return
        for e, emp in enumerate(p.scenario.employees):
            worked = sum(self.works(e, d) for d in p.holidays)
            self._at_least(len(p.holidays) - worked, need, "holiday_rest", 480, emp.id, None,
                           f"{need} holiday(s) off", (e, None))

    def _count(self, d: int, s: int, skill: str | None) -> LinearExpr:
        p = self.problem
        holders = p.skill_holders.get(skill, frozenset()) if skill is not None else None
        return sum(self.x[e, d, s] for e in range(p.num_employees)
                   if (e, d, s) in self.x and (holders is None or e in holders))

    def _label(self, s: int, skill: str | None) -> str:
        sid = self.problem.scenario.shifts[s].id
        return f"{sid}/{skill}" if skill else sid

    def add_coverage_min(self) -> None:
        """Hard: headcount >= min per (day, shift, skill); soft per missing head if min_soft."""
        p = self.problem
        weight = p.scenario.rules.weights.coverage_min_soft
        for need in p.coverage:
            if not need.min:
                continue
            count = self._count(need.day, need.shift, need.skill)
            label = self._label(need.shift, need.skill)
            if not need.min_soft:
                self._at_least(count, need.min, "coverage_min", 480, None, p.dates[need.day],
                               f"{label} min {need.min}", (None, need.day), shift=need.shift,
                               skill=need.skill)
            elif not self.relaxed:
                short = self._shortfall(need.min - count, need.min,
                                        f"short_min[d={p.dates[need.day]},{label}]")
                self.terms.append(Term("coverage_min", weight, short, None, p.dates[need.day],
                                       f"{label} min {need.min}"))

    def _interval_minutes(self, i: int, whole: bool = False) -> LinearExpr:
        """Agent-minutes with the need's skill on shift in interval need ``i`` (``whole``:
        agents whose shift covers all of it); shifts of the day before reach past
        midnight, from history before the horizon."""
        p = self.problem
        need = p.interval_needs[i]
        holders = p.skill_holders.get(need.skill, frozenset())
        total: LinearExpr = 0
        for back, s, minutes in p.interval_cover[i]:
            if whole and minutes < need.step:
                continue
            value = 1 if whole else minutes
            d = need.day - back
            for e in holders:
                if d >= 0:
                    var = self.x.get((e, d, s))
                    if var is not None:
                        total += value * var
                elif self._history(e, d) == s:
                    total += value
        return total

    def add_interval_min(self) -> None:
        """Hard: at least ``hard_min`` agents with the skill on a shift covering the whole
        of every open interval of the demand."""
        p = self.problem
        for i, need in enumerate(p.interval_needs):
            if not need.hard_min:
                continue
            label = f"{need.skill} {need.start // 60:02d}:{need.start % 60:02d}"
            self._at_least(self._interval_minutes(i, whole=True), need.hard_min,
                           "interval_min", 60, None, p.dates[need.day],
                           f"{label} min {need.hard_min}", (None, need.day), skill=need.skill,
                           start=need.start, step=need.step)

    def add_interval_cover(self) -> None:
        """Soft, per missing agent-minute: weights.interval_short * max(0, required * step
        - agent-minutes) for every open interval and demand skill."""
        p = self.problem
        weight = p.scenario.rules.weights.interval_short
        if not weight:
            return
        for i, need in enumerate(p.interval_needs):
            if not need.required:
                continue
            want = need.required * need.step
            label = f"{need.skill} {need.start // 60:02d}:{need.start % 60:02d}"
            short = self._shortfall(want - self._interval_minutes(i), want,
                                    f"interval_short[{need.day},{label}]")
            self.terms.append(Term("interval_cover", weight, short, None, p.dates[need.day],
                                   f"{label} needs {need.required} (agent-minutes short)"))

    def add_interval_excess(self) -> None:
        """Soft, per extra agent-minute: weights.interval_excess * max(0, agent-minutes -
        required * step)."""
        p = self.problem
        weight = p.scenario.rules.weights.interval_excess
        if not weight:
            return
        for i, need in enumerate(p.interval_needs):
            label = f"{need.skill} {need.start // 60:02d}:{need.start % 60:02d}"
            cap = need.step * len(p.skill_holders.get(need.skill, ()))
            over = self._shortfall(self._interval_minutes(i) - need.required * need.step, cap,
                                   f"interval_over[{need.day},{label}]")
            self.terms.append(Term("interval_excess", weight, over, None, p.dates[need.day],
                                   f"{label} needs {need.required} (agent-minutes over)"))

    def _shortfall(self, expr: LinearExpr, upper: int, name: str) -> cp_model.IntVar:
        """A variable equal to max(0, expr), expr <= upper."""
        var = self.model.new_int_var(0, max(0, upper), name)
        self.model.add_max_equality(var, [expr, 0])
        return var

    # =========================================================== soft rules
    def _meeting_attendance(self, d: int) -> dict[int, LinearExpr]:
        """Per person not on leave: 1 when on a shift covering the meeting on day d."""
        p = self.problem
        meeting = p.scenario.rules.meeting
        assert meeting is not None
        covering = [s for s, sh in enumerate(p.scenario.shifts) if meeting.covered_by(sh)]
        return {e: sum(self.x[e, d, s] for s in covering if (e, d, s) in self.x)
                for e in range(p.num_employees) if d not in p.leave_days[e]}

    def add_meeting_minimum(self) -> None:
        """Hard part of the meeting rule: at least min_attendance people attend."""
        p = self.problem
        meeting = p.scenario.rules.meeting
        if meeting is None or not meeting.min_attendance:
            return
        for d in p.meeting_days:
            self._at_least(sum(self._meeting_attendance(d).values()),
                           meeting.min_attendance, "meeting", 480, None, p.dates[d],
                           f"meeting min {meeting.min_attendance}", (None, d))

    def add_meeting(self) -> None:
        """Soft, per person: weights.meeting for each person (not on leave) who is not on a
        shift covering the weekly meeting (the hard minimum: add_meeting_minimum)."""
        p = self.problem
        weight = p.scenario.rules.weights.meeting
        if p.scenario.rules.meeting is None or not weight:
            return
        for d in p.meeting_days:
            for e, present in self._meeting_attendance(d).items():
                self.terms.append(Term("meeting", weight, 1 - present,
                                       p.scenario.employees[e].id, p.dates[d],
                                       "not on a shift covering the meeting"))

    def add_stability(self) -> None:
        """Soft, per cell: weights.stability when the roster differs from the reference."""
        p = self.problem
        weight = p.scenario.rules.weights.stability
        if not weight:
            return
        for cell in p.scenario.reference:
            e, d = p.employee_idx[cell.employee], p.date_idx[cell.date]
            expr: LinearExpr
            if cell.shift == "OFF":
                expr = self.works(e, d)
            else:
                var = self.x.get((e, d, p.shift_idx[cell.shift]))
                expr = 1 if var is None else 1 - var
            self.terms.append(Term("stability", weight, expr, cell.employee, cell.date,
                                   f"differs from the reference ({cell.shift})"))

    def add_coverage_target(self) -> None:
        """Soft, per missing person: under_weight * max(0, target - count), the coverage
        rule's under_weight or weights.coverage_target."""
        p = self.problem
        for need in p.coverage:
            weight = need.under_weight
            if not need.target or not weight:
                continue
            label = self._label(need.shift, need.skill)
            count = self._count(need.day, need.shift, need.skill)
            short = self._shortfall(need.target - count, need.target,
                                    f"short[d={p.dates[need.day]},{label}]")
            self.terms.append(Term("coverage_target", weight, short, None, p.dates[need.day],
                                   f"{label} target {need.target}"))

    def add_coverage_excess(self) -> None:
        """Soft, per extra person: over_weight * max(0, count - target), the coverage
        rule's over_weight or weights.coverage_excess.

        A skill need is judged for excess only when its shift has no need for everyone
        that day (otherwise the extra people are counted there, once).
        """
        p = self.problem
        whole = {(n.day, n.shift) for n in p.coverage if n.skill is None}
        for need in p.coverage:
            weight = need.over_weight
            if not weight or (need.skill is not None and (need.day, need.shift) in whole):
                continue
            label = self._label(need.shift, need.skill)
            count = self._count(need.day, need.shift, need.skill)
            over = self._shortfall(count - need.target, p.num_employees,
                                   f"over[d={p.dates[need.day]},{label}]")
            self.terms.append(Term("coverage_excess", weight, over, None, p.dates[need.day],
                                   f"{label} target {need.target}"))

    def add_day_off_wish(self) -> None:
        """Soft, per wish: weight if the person works that day."""
        p = self.problem
        default = p.scenario.rules.weights.day_off_wish
        for wish in p.scenario.day_off_wishes:
            e, d = p.employee_idx[wish.employee], p.date_idx[wish.date]
            weight = default if wish.weight is None else wish.weight
            self.terms.append(Term("day_off_wish", weight, self.works(e, d), wish.employee,
                                   wish.date, "day-off wish"))

    def add_shift_wish(self) -> None:
        """Soft, per wish: weight if a wanted shift is not worked or an unwanted one is."""
        p = self.problem
        default = p.scenario.rules.weights.shift_wish
        for wish in p.scenario.shift_wishes:
            e, d = p.employee_idx[wish.employee], p.date_idx[wish.date]
            weight = default if wish.weight is None else wish.weight
            var = self.x.get((e, d, p.shift_idx[wish.shift]))
            hit: LinearExpr = 0 if var is None else var
            expr = 1 - hit if wish.want else hit
            text = f"{'wants' if wish.want else 'does not want'} {wish.shift}"
            self.terms.append(Term("shift_wish", weight, expr, wish.employee, wish.date, text))

    def _balance(self, rule: str, weight: int, values: Mapping[int, LinearExpr], lo: int,
                 hi: int, tolerance: int, unit: str, per: int = 1) -> None:
        """Per person: weight * floor(max(0, |value - mean| - tolerance) / per), with
        mean = floor(average).

        Each person is compared with the team's average (rounded down) rather than with
        the extremes: the penalty decomposes by person, which the search handles far
        better than one max-minus-min term, and the breakdown names who is out of line.
        ``per`` counts in coarser units (whole hours of minutes), so that rounding
        leftovers of a few minutes cost nothing.
        """
        if len(values) < 2 or not weight:
            return
        n = len(values)
        total = sum(values.values())
        mean = self.model.new_int_var(lo, hi, f"{rule}_mean")
        self.model.add(n * mean <= total)  # mean = floor(total / n)
        self.model.add(total <= n * mean + n - 1)
        for e, value in values.items():
            emp = self.problem.scenario.employees[e].id
            out = self.model.new_int_var(0, hi - lo, f"{rule}_out[e={emp}]")
            self.model.add_max_equality(out, [value - mean - tolerance,
                                              mean - tolerance - value, 0])
            units: cp_model.IntVar = out
            if per > 1:  # units = floor(out / per)
                units = self.model.new_int_var(0, (hi - lo) // per, f"{rule}_units[e={emp}]")
                self.model.add(per * units <= out)
                self.model.add(out <= per * units + per - 1)
            self.terms.append(Term(rule, weight, units, emp, None,
                                   f"{unit} beyond +-{tolerance} of the team average"))

    def add_fair_hours(self) -> None:
        """Soft, per whole hour: (paid minus contract minutes) beyond the tolerance around
        the team average, per person."""
        p = self.problem
        longest = max(p.paid_minutes)
        values = {e: sum(self.minutes(e, d) for d in range(p.num_days))
                  - p.fair_target_minutes[e] for e in range(p.num_employees)}
        bound = longest * p.num_days + max(p.fair_target_minutes)
        tolerance = round(p.scenario.rules.fair_hours_tolerance * 60)
        self._balance("fair_hours", p.scenario.rules.weights.fair_hours, values, -bound, bound,
                      tolerance, "whole hours (worked minus contract)", per=60)

    def add_fair_evenings(self) -> None:
        """Soft, per shift: evening-family shifts beyond the tolerance around the average of
        the people who may work one."""
        p = self.problem
        evening = [s for s in range(p.num_shifts) if p.is_evening[s]]
        people = [e for e in range(p.num_employees) if any(s in p.allowed[e] for s in evening)]
        values = {e: sum(self.x[e, d, s] for d in range(p.num_days) for s in evening
                         if (e, d, s) in self.x) for e in people}
        self._balance("fair_evenings", p.scenario.rules.weights.fair_evenings, values, 0,
                      p.num_days, p.scenario.rules.fair_evenings_tolerance, "evening shifts")

    def add_fair_weekends(self) -> None:
        """Soft, per day: Saturdays/Sundays worked beyond the tolerance around the average."""
        p = self.problem
        if not p.weekend_days:
            return
        values = {e: sum(self.works(e, d) for d in p.weekend_days)
                  for e in range(p.num_employees)}
        self._balance("fair_weekends", p.scenario.rules.weights.fair_weekends, values, 0,
                      len(p.weekend_days), p.scenario.rules.fair_weekends_tolerance,
                      "weekend days")

    # ================================================================ hints
    def add_hint(self, grid: Grid) -> None:
        """Warm start from a previous roster (codes per person and day)."""
        for (e, d, s), var in self.x.items():
            self.model.add_hint(var, 1 if grid[e][d] == s else 0)

    def fixed_copy(self, grid: Grid, people: Collection[int] | None = None) -> cp_model.CpModel:
        """A copy of the model with every assignment fixed to the roster ``grid``.

        Solving it evaluates the roster: the values of every auxiliary variable, which
        make a complete warm start for the model itself (same variable indices). With
        ``people``, only their rows are fixed and the others' rows are a hint.
        """
        copy = self.model.clone()
        for (e, d, s), var in self.x.items():
            value = 1 if grid[e][d] == s else 0
            if people is None or e in people:
                copy.add(copy.get_bool_var_from_proto_index(var.index) == value)
            else:
                copy.add_hint(copy.get_bool_var_from_proto_index(var.index), value)
        return copy

    def add_full_hint(self, values: Sequence[int]) -> None:
        """Warm start with a value for every variable (e.g. from :meth:`fixed_copy`)."""
        self.model.clear_hints()
        hint = self.model.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(int(v) for v in values)

    # ============================================================== solution
    def grid_from(self, value: Callable[[Any], Any]) -> Grid:
        """Codes per person and day from a value function (solver or callback)."""
        p = self.problem
        grid: Grid = [[OFF_IDX] * p.num_days for _ in range(p.num_employees)]
        for e in range(p.num_employees):
            for d in p.leave_days[e]:
                grid[e][d] = LEAVE_IDX
        for (e, d, s), var in self.x.items():
            if value(var):
                grid[e][d] = s
        return grid

    def penalties(self, value: Callable[[Any], Any]) -> list[Penalty]:
        out = []
        for t in self.terms:
            amount = t.weight * int(value(t.expr))
            if amount:
                out.append(Penalty(t.rule, amount, t.employee, t.date, t.detail))
        return out
