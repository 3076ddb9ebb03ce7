"""The most days one person can work under the run-length and weekend rules.

Over a long horizon (a year: 232-234 shifts in 364 days, runs of 2-5 working days,
at least 2 days off, at most 26 weekends worked and a month of fixed days off) a
person's row must be packed almost as densely as the rules allow. A CP-SAT search
over that person's rules alone may then wander for many seconds without meeting the
minimum hours; restricted to the days this dynamic program chooses, the same search
finds a row in well under a second (:mod:`scheduler.cpsat.rows`).

The program walks the days once, keeping per state (the current run of working days
or days off and its length, the weekends worked so far, whether this week's weekend
is already counted) the most days worked. It knows only the rules that decide on
which days a person may work: maximum and minimum consecutive working days, minimum
consecutive days off, maximum weekends worked, days off (leave, locks to OFF) and
days locked to a shift. Runs touching the start of the horizon without history, and
runs touching its end, are exempt from the minimum lengths, as in the model.
"""

from __future__ import annotations

from scheduler.problem import OFF_IDX, Problem

# (working: True, False, or None before the first day without history; length of the
# current run, days off counted up to their minimum; exempt: the run touches the start
# of the horizon, so no minimum length; weekends worked so far; whether this calendar
# week's weekend is already counted). Plain tuples: the program makes hundreds of
# thousands of them for a year.
_State = tuple[bool | None, int, bool, int, bool]


def most_workdays(problem: Problem, e: int) -> list[bool]:
    """Per day of the horizon, whether person ``e`` works, in a row with the most
    working days that keeps the run-length, weekend and fixed-day rules (all False
    when no such row exists)."""
    sc = problem.scenario
    emp = sc.employees[e]
    days = problem.num_days
    max_work = sc.limit(emp, "max_consecutive_work_days") or days + 1
    min_work = sc.limit(emp, "min_consecutive_work_days") or 1
    min_off = sc.limit(emp, "min_consecutive_days_off") or 1
    max_weekends = sc.limit(emp, "max_weekends_worked")
    if not problem.allowed[e]:
        return [False] * days
    weekend = set(problem.weekend_days)
    off = set(problem.leave_days[e])
    on: set[int] = set()
    for (who, d), code in problem.locks.items():
        if who == e:
            (off if code == OFF_IDX else on).add(d)

    layer: dict[_State, int] = {_start(problem, e, min_off): 0}
    back: list[dict[_State, tuple[_State, bool]]] = []
    for d in range(days):
        monday = problem.dates[d].weekday() == 0
        step: dict[_State, int] = {}
        came: dict[_State, tuple[_State, bool]] = {}
        choices = (False,) if d in off else (True,) if d in on else (False, True)
        for state, value in layer.items():
            counted = state[4] and not monday
            for work in choices:
                nxt = _next(state, work, counted, d in weekend, max_work, min_work,
                            min_off, max_weekends)
                if nxt is not None and step.get(nxt, -1) < value + work:
                    step[nxt] = value + work
                    came[nxt] = (state, work)
        layer = step
        back.append(came)
    if not layer:
        return [False] * days
    state = max(layer, key=lambda s: layer[s])
    row = [False] * days
    for d in range(days - 1, -1, -1):
        state, row[d] = back[d][state]
    return row


def _start(problem: Problem, e: int, min_off: int) -> _State:
    """The state before day 0: the last run of the history, if any."""
    history = problem.history[e]
    if not history:
        return (None, 0, True, 0, False)
    working = history[-1] >= 0
    length = 0
    for code in reversed(history):
        if (code >= 0) != working:
            break
        length += 1
    exempt = length == len(history)  # the run's first day is not known
    return (working, length if working else min(length, min_off), exempt, 0, False)


def _next(state: _State, work: bool, counted: bool, weekend_day: bool, max_work: int,
          min_work: int, min_off: int, max_weekends: int | None) -> _State | None:
    """The state after one more day (``work`` or off), None when a rule forbids it."""
    working, length, exempt, weekends, _ = state
    if work:
        if working:
            if length >= max_work:
                return None
            length += 1
        else:
            if working is False and not exempt and length < min_off:
                return None
            length, exempt = 1, False
        if weekend_day and not counted and max_weekends is not None:
            weekends += 1
            counted = True
            if weekends > max_weekends:
                return None
        return (True, length, exempt, weekends, counted)
    if working is False:
        return (False, min(length + 1, min_off), exempt, weekends, counted)
    if working and not exempt and length < min_work:
        return None
    return (False, 1, working is None, weekends, counted)
