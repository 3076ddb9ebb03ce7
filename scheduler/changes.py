"""Changes to a published roster, solver-free: differences, absences, swap checks.

* :class:`Absence`: a person who cannot work from one date to another (sick, new leave),
  parsed from the command line's ``EMP:DATE[..DATE]``.
* :func:`diff_rosters`: every cell that differs between two rosters, as
  :class:`Change` rows (person, date, from, to).
* :func:`check_swap`: whether swapping two assignments keeps every hard rule, and
  which rules break if not (by the independent checker, no solver).
* :class:`RepairResult`: what :func:`scheduler.cpsat.repair.repair` returns.
* :class:`Cover`: people on a shift on a day against its minimum and target, the note
  next to each change, worded in English or Chinese by :func:`cover_text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from pydantic import ValidationError

from scheduler.checker import check
from scheduler.explain import Lang, describe_violation
from scheduler.io import ScenarioError, problems_from
from scheduler.problem import LEAVE_IDX, OFF_IDX, Problem
from scheduler.result import Penalty, Status, Violation
from scheduler.roster import MISSING, Grid, RosterError, frame_to_grid
from scheduler.scenario import Leave, Scenario


@dataclass(frozen=True)
class Absence:
    """``employee`` cannot work from ``start`` to ``end`` inclusive."""

    employee: str
    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Absence:
        """``EMP:2026-10-05`` or ``EMP:2026-10-05..2026-10-07``; ValueError when malformed."""
        emp, sep, dates = text.partition(":")
        if not sep or not emp.strip() or not dates.strip():
            raise ValueError(f"{text!r}: expected EMPLOYEE:DATE or EMPLOYEE:DATE..DATE")
        first, _, last = dates.partition("..")
        try:
            start = dt.date.fromisoformat(first.strip())
            end = dt.date.fromisoformat(last.strip()) if last.strip() else start
        except ValueError:
            raise ValueError(f"{text!r}: dates must look like 2026-10-05") from None
        if end < start:
            raise ValueError(f"{text!r}: the absence ends before it starts")
        return cls(emp.strip(), start, end)

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=k) for k in range((self.end - self.start).days
                                                                + 1)]


def with_absences(scenario: Scenario, absences: list[Absence]) -> Scenario:
    """The scenario with each absence added as approved leave (validated: unknown people
    and dates outside the horizon are reported as a :class:`ScenarioError`)."""
    leave = list(scenario.leave) + [
        Leave(employee=a.employee, start=a.start, end=a.end, reason="absence") for a in absences]
    try:
        return scenario.replace(leave=leave)
    except ValidationError as exc:
        raise ScenarioError("absences", problems_from(exc)) from None


@dataclass(frozen=True)
class Change:
    """One cell that differs: ``before`` and ``after`` are shift ids, OFF or LEAVE."""

    employee: str
    date: dt.date
    before: str
    after: str
    forced: bool = False  # the absence itself (a shift that became LEAVE)
    cover: str = ""  # the cover of the shifts involved after the change


def published_grid(problem: Problem, roster: pd.DataFrame | Grid, source: str) -> Grid:
    """The published roster as a grid covering every person and date of ``problem``."""
    grid = (frame_to_grid(problem, roster, source, skip_outside=True)
            if isinstance(roster, pd.DataFrame) else [list(row) for row in roster])
    missing = [(problem.scenario.employees[e].id, problem.dates[d].isoformat())
               for e in range(problem.num_employees) for d in range(problem.num_days)
               if grid[e][d] == MISSING]
    if missing:
        shown = ", ".join(f"{emp} {day}" for emp, day in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise RosterError(f"{source}: no cell for {shown}{more}")
    return grid


def diff_rosters(problem: Problem, before: Grid, after: Grid) -> list[Change]:
    """Every cell that differs, in date then person order."""
    out = []
    for d, date in enumerate(problem.dates):
        for e, emp in enumerate(problem.scenario.employees):
            if before[e][d] != after[e][d]:
                out.append(Change(emp.id, date, problem.label_of(before[e][d]),
                                  problem.label_of(after[e][d]),
                                  forced=after[e][d] == LEAVE_IDX))
    return out


@dataclass
class SwapCheck:
    """Whether a swap keeps every hard rule; ``new_violations`` are the ones it causes."""

    ok: bool
    new_violations: list[Violation] = field(default_factory=list)
    roster: Grid = field(default_factory=list)

    def text(self, lang: Lang = "en", problem: Problem | None = None) -> str:
        zh = lang == "zh"
        if self.ok:
            return "互换后所有硬性规则仍满足" if zh else "the swap keeps every hard rule"
        lines = ["互换后打破：" if zh else "the swap breaks:"]
        lines += [f"  {v.rule}: {describe_violation(v, lang, problem)}"
                  for v in self.new_violations]
        return "\n".join(lines)


def check_swap(scenario: Scenario, roster: pd.DataFrame | Grid, a: str, date_a: dt.date,
               b: str, date_b: dt.date) -> SwapCheck:
    """Swap the assignments of (a, date_a) and (b, date_b) and re-check the roster.

    Only violations that the roster did not have before the swap are reported. Unknown
    people or dates raise ``ValueError`` naming them.
    """
    problem = Problem(scenario)
    grid = published_grid(problem, roster, "roster")
    for emp, date in ((a, date_a), (b, date_b)):
        if emp not in problem.employee_idx:
            raise ValueError(f"unknown employee {emp!r}")
        if date not in problem.date_idx:
            raise ValueError(f"{date} is outside the horizon")
    ea, da = problem.employee_idx[a], problem.date_idx[date_a]
    eb, db = problem.employee_idx[b], problem.date_idx[date_b]
    swapped = [list(row) for row in grid]
    swapped[ea][da], swapped[eb][db] = grid[eb][db], grid[ea][da]
    before = {_key(v) for v in check(problem, grid).violations}
    new = [v for v in check(problem, swapped).violations if _key(v) not in before]
    return SwapCheck(not new, new, swapped)


def _key(v: Violation) -> tuple[str, str | None, dt.date | None, str]:
    return v.rule, v.employee, v.date, v.message


@dataclass
class RepairResult:
    """A mended roster and what changed (see :func:`scheduler.cpsat.repair.repair`)."""

    status: Status
    roster: pd.DataFrame | None
    changes: list[Change] = field(default_factory=list)
    changed_cells: int = 0  # cells changed beyond the absences themselves
    minutes_moved: int = 0  # sum over changed cells of |paid minutes after - before|
    min_changes_proven: bool = False  # no roster keeping every rule changes fewer cells
    objective: int | None = None
    penalties: list[Penalty] = field(default_factory=list)
    wall_time: float = 0.0
    message: str = ""

    def changes_frame(self) -> pd.DataFrame:
        rows = [(c.employee, c.date, c.before, c.after, c.forced, c.cover)
                for c in self.changes]
        return pd.DataFrame(rows, columns=["employee_id", "date", "from", "to", "absence",
                                           "cover"])

    def summary(self, lang: Lang = "en") -> str:
        zh = lang == "zh"
        lines = [f"状态：{self.status}" if zh else f"status: {self.status}"]
        if self.roster is not None:
            hours = f"{self.minutes_moved / 60:g}"
            if zh:
                proof = "已证明为最少" if self.min_changes_proven else "未证明为最少"
                lines.append(f"除请假本身外改动 {self.changed_cells} 个格子（{proof}），"
                             f"调动 {hours} 小时；总扣分 {self.objective}")
            else:
                proof = ("the fewest possible" if self.min_changes_proven
                         else "not proven fewest")
                lines.append(f"changed cells besides the absences: {self.changed_cells}"
                             f" ({proof}), {hours} h moved; objective {self.objective}")
        lines.append(f"用时：{self.wall_time:.2f} 秒" if zh else f"time: {self.wall_time:.2f}s")
        if self.message:
            lines.append(self.message)
        return "\n".join(lines)


@dataclass(frozen=True)
class Cover:
    """People on ``shift`` (with ``skill``, when given) on one day against the day's
    minimum and target for it (None when the shift has no headcount rule that day)."""

    shift: str
    skill: str | None
    count: int
    min: int | None = None
    target: int | None = None


def cover_of(problem: Problem, grid: Grid, d: int, codes: list[int]) -> list[Cover]:
    """People on each shift of ``codes`` (and each skill it has a headcount for) on day
    ``d``; OFF and LEAVE are skipped."""
    out = []
    for code in codes:
        if code in (OFF_IDX, LEAVE_IDX) or code < 0:
            continue
        on = [e for e in range(problem.num_employees) if grid[e][d] == code]
        sid = problem.scenario.shifts[code].id
        needs = [n for n in problem.coverage if n.day == d and n.shift == code]
        if not needs:
            out.append(Cover(sid, None, len(on)))
        for n in needs:
            holders = problem.skill_holders.get(n.skill, frozenset()) if n.skill else None
            count = sum(1 for e in on if holders is None or e in holders)
            out.append(Cover(sid, n.skill, count, n.min, n.target))
    return out


def change_cover(problem: Problem, grid: Grid, change: Change) -> list[Cover]:
    """The cover of the shifts a change involves (before and after) on its day."""
    d = problem.date_idx[change.date]
    return cover_of(problem, grid, d, [problem.code_of(change.before),
                                       problem.code_of(change.after)])


def cover_text(covers: list[Cover], lang: Lang = "en", problem: Problem | None = None) -> str:
    """'E 3 (min 3, target 4), D/after_sales 5 (min 4, target 5)'; in Chinese
    '晚班 3 人（最少 3，目标 4）；…'. With ``problem`` each shift is shown by its name."""
    zh = lang == "zh"
    parts = []
    for c in covers:
        name = c.shift
        if problem is not None and c.shift in problem.shift_idx:
            name = problem.scenario.shifts[problem.shift_idx[c.shift]].display_name
        if zh:
            text = f"{name}（{c.skill}）" if c.skill else name
            text += f" {c.count} 人"
            if c.min is not None:
                text += f"（最少 {c.min}，目标 {c.target}）"
        else:
            text = f"{name}/{c.skill}" if c.skill else name
            text += f" {c.count}"
            if c.min is not None:
                text += f" (min {c.min}, target {c.target})"
        parts.append(text)
    return ("；" if zh else ", ").join(parts)


def cover_note(problem: Problem, grid: Grid, d: int, codes: list[int]) -> str:
    """'E 3 (min 3, target 4), D/after_sales 5 (min 4, target 5)': people on each shift
    (and skill) that day against its minimum and target (the English note of the command
    line)."""
    return cover_text(cover_of(problem, grid, d, codes))
