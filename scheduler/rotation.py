"""Rotation design: a cyclic pattern of L weeks that a whole team follows (solver-free).

A *pattern* is a table of ``L`` weeks x 7 days (Monday to Sunday); each cell holds a shift
family (``day``, ``evening``, ...) or ``OFF``. The pattern repeats forever: Sunday of the
last week is followed by Monday of the first, so every rule holds across that wrap.

How the team relates to the pattern
-----------------------------------
A team of ``n`` people follows one pattern of ``L`` weeks. Person ``i`` has an *offset*
``o_i`` (whole weeks; by default ``i mod L``): in calendar week ``w`` of the rotation the
person works pattern week ``(o_i + w) mod L``. People with the same offset form a *crew*
that works identical days.

- ``weeks == people`` is the classic cyclic roster: one person per pattern week, each
  person one week ahead of the next, so days off are spread over the whole team.
- ``weeks < people`` groups the team into ``L`` crews of (nearly) equal size
  (``crew_sizes``: the first ``n mod L`` crews have one person more).

Demand is stated per weekday and family and is met in *every* calendar week of the
cycle: the number of people in family ``f`` on weekday ``d`` of calendar week ``w`` is
``sum_o crew_size[o] * [pattern[(o + w) mod L][d] == f]``, exactly or at least the demand.

A three-week day -> evening -> split rotation of twelve people with staggered days off is
``people: 12, weeks: 12, weekend_change: true, family_order: [day, evening, split]``:
every pattern week keeps one family from Monday to Friday, the weekly families follow the
order, and the twelve offsets spread the days off.

Rules (each has a stable id used by :func:`check_pattern`)
---------------------------------------------------------
``shape``, ``demand``, ``work_days`` (consecutive working days), ``days_off`` (consecutive
days off), ``family_run`` (consecutive days of one family), ``days_off_per_week``,
``forbidden_next_day``, ``forbidden_after_one_off`` and ``weekend_change`` (see
:class:`RotationSpec` for their meaning). :func:`check_pattern` judges a pattern by these
rules in plain Python; the CP-SAT designer lives in :mod:`scheduler.cpsat.rotation_design`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import math
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scheduler.io import FieldError, ScenarioError, parse_text, problems_from
from scheduler.options import overwrite_problem, search_options_problem
from scheduler.problem import Problem
from scheduler.roster import atomic_write_bytes
from scheduler.scenario import Scenario

OFF = "OFF"
DAYS_PER_WEEK = 7
WEEKDAY_COLUMNS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_KEYS = tuple(d.lower() for d in WEEKDAY_COLUMNS)
SATURDAY, SUNDAY = 5, 6
RULE_IDS = (
    "shape", "demand", "work_days", "days_off", "family_run", "days_off_per_week",
    "forbidden_next_day", "forbidden_after_one_off", "weekend_change",
)
EXIT_OK, EXIT_INVALID, EXIT_NO_PATTERN = 0, 2, 3

# Word characters only (letters of any script, digits, ``_``) and inner ``-``: a family id
# can never look like a spreadsheet formula in the pattern CSV.
FamilyId = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^\w(?:[\w-]*\w)?$")]
Count = Annotated[int, Field(ge=0, le=10_000)]
# Run lengths in days; the cap keeps the clause encoding (windows of up to this length at
# every day of the cycle) small.
RunLength = Annotated[int, Field(ge=0, le=60)]


class RotationSpecError(ScenarioError):
    """A rotation spec (file or mapping) that is not valid; lists file, field and problem."""


class PatternError(ValueError):
    """A pattern file or table that cannot be read as a pattern."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Bounds(_Model):
    """A closed range ``min <= value <= max`` of days; ``max: null``: no upper limit."""

    min: RunLength = 0
    max: RunLength | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Bounds:
        if self.max is not None and self.max < self.min:
            raise ValueError(f"max ({self.max}) is below min ({self.min})")
        return self

    def holds(self, value: float) -> bool:
        return self.min <= value and (self.max is None or value <= self.max)

    def text(self) -> str:
        return f"{self.min}..{'' if self.max is None else self.max}"


class Family(_Model):
    """A shift family of the rotation; ``run`` overrides the spec's ``family_run``."""

    id: FamilyId
    run: Bounds | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"id": value} if isinstance(value, str) else value

    @field_validator("id")
    @classmethod
    def _not_off(cls, value: str) -> str:
        if value.upper() == OFF:
            raise ValueError(f"{value!r} is reserved for a day off")
        return value


class RotationSpec(_Model):
    """What a rotation pattern must satisfy.

    Attributes
    ----------
    people
        Team size ``n``; person ``i`` starts at pattern week ``i mod weeks``.
    weeks
        Pattern length ``L`` in weeks (Monday to Sunday).
    families
        Shift families, as ids or ``{id, run: {min, max}}``.
    demand
        Per family, seven numbers Monday..Sunday (a list or a ``mon: ...`` mapping): the
        people working that family on that weekday, in every calendar week of the cycle.
    demand_mode
        ``exact`` (equal to the demand) or ``min`` (at least the demand).
    work_days, days_off
        Length of every run of consecutive working days / days off.
    family_run
        Length of every run of consecutive days worked in one family (a day off ends it).
    days_off_per_week
        Days off in every pattern week, Monday to Sunday (``{min: 1}``: one day off a week).
    forbidden_next_day
        ``[first, then]`` pairs: ``then`` may not be worked the day after ``first``.
    forbidden_after_one_off
        ``[first, then]`` pairs: not ``first``, one day off, ``then``.
    weekend_change
        Families change only at the weekend: each pattern week has one family for its
        working days Monday to Friday; a Saturday or Sunday worked belongs to that week's
        family or the next week's, and once the weekend has switched to the next family it
        does not switch back.
    family_order
        With ``weekend_change``: the weekly families follow this cyclic order, one week each
        (``[day, evening, split]``: day, evening, split, day, ...). ``weeks`` must be a
        multiple of its length.
    """

    name: str = ""
    people: Annotated[int, Field(ge=1, le=1000)]
    weeks: Annotated[int, Field(ge=1, le=104)]
    families: Annotated[list[Family], Field(min_length=1, max_length=12)]
    demand: dict[str, list[Count]]
    demand_mode: Literal["exact", "min"] = "exact"
    work_days: Bounds = Bounds(min=1, max=6)
    days_off: Bounds = Bounds(min=1)
    family_run: Bounds = Bounds(min=1)
    days_off_per_week: Bounds = Bounds(min=0, max=7)
    forbidden_next_day: list[tuple[str, str]] = []
    forbidden_after_one_off: list[tuple[str, str]] = []
    weekend_change: bool = False
    family_order: list[str] | None = None

    @field_validator("demand", mode="before")
    @classmethod
    def _weekday_mappings(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        out: dict[Any, Any] = {}
        for family, row in value.items():
            if isinstance(row, Mapping):
                unknown = sorted(str(k) for k in row if str(k).lower() not in WEEKDAY_KEYS)
                if unknown:
                    raise ValueError(f"{family}: unknown weekday(s) {', '.join(unknown)};"
                                     f" use {', '.join(WEEKDAY_KEYS)}")
                lowered = {str(k).lower(): v for k, v in row.items()}
                row = [lowered.get(day, 0) for day in WEEKDAY_KEYS]
            out[family] = row
        return out

    @field_validator("demand")
    @classmethod
    def _seven_per_family(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        for family, row in value.items():
            if len(row) != DAYS_PER_WEEK:
                raise ValueError(f"{family}: {len(row)} numbers; give 7 (Monday to Sunday)")
        return value

    @model_validator(mode="after")
    def _cross_references(self) -> RotationSpec:
        ids = [f.id for f in self.families]
        problems: list[str] = []
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"families: duplicate id(s) {', '.join(dupes)}")
        known = set(ids)
        problems += [f"demand.{f}: not a family (families: {', '.join(ids)})"
                     for f in self.demand if f not in known]
        problems += [f"demand: no demand given for family {f}"
                     for f in ids if f not in self.demand]
        for field in ("forbidden_next_day", "forbidden_after_one_off"):
            for k, pair in enumerate(getattr(self, field)):
                problems += [f"{field}[{k}]: {f!r} is not a family" for f in pair
                             if f not in known]
        if self.family_order is not None:
            order = self.family_order
            if not self.weekend_change:
                problems.append("family_order: needs weekend_change: true (a family per week)")
            problems += [f"family_order: {f!r} is not a family" for f in order
                         if f not in known]
            if len(set(order)) != len(order) or not order:
                problems.append("family_order: list each family at most once")
            elif self.weeks % len(order):
                problems.append(f"family_order: weeks ({self.weeks}) must be a multiple of"
                                f" the order's length ({len(order)})")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # -- derived views ---------------------------------------------------------------

    @property
    def family_ids(self) -> list[str]:
        return [f.id for f in self.families]

    @property
    def num_days(self) -> int:
        return self.weeks * DAYS_PER_WEEK

    def run_bounds(self, family: str) -> Bounds:
        for f in self.families:
            if f.id == family:
                return f.run or self.family_run
        raise KeyError(family)

    def crew_sizes(self) -> list[int]:
        """People starting at each pattern week: ``n // L``, one more for the first
        ``n mod L`` offsets."""
        base, extra = divmod(self.people, self.weeks)
        return [base + (1 if o < extra else 0) for o in range(self.weeks)]

    def replace(self, **changes: Any) -> RotationSpec:
        """A copy with ``changes``, validated again."""
        return RotationSpec.model_validate({**self.model_dump(), **changes})


class Pattern(_Model):
    """``weeks[k][d]``: the family (or ``OFF``) on weekday ``d`` (0 = Monday) of week ``k``."""

    weeks: Annotated[list[Annotated[list[str], Field(min_length=7, max_length=7)]],
                     Field(min_length=1)]

    @property
    def num_weeks(self) -> int:
        return len(self.weeks)

    def sequence(self) -> list[str]:
        """The cycle as one list of ``7 * num_weeks`` days."""
        return [cell for week in self.weeks for cell in week]

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.weeks, columns=list(WEEKDAY_COLUMNS))
        frame.insert(0, "week", range(1, self.num_weeks + 1))
        return frame

    @classmethod
    def from_sequence(cls, cells: Sequence[str]) -> Pattern:
        if not cells or len(cells) % DAYS_PER_WEEK:
            raise PatternError(f"{len(cells)} days is not a whole number of weeks")
        return cls(weeks=[list(cells[i:i + DAYS_PER_WEEK])
                          for i in range(0, len(cells), DAYS_PER_WEEK)])


# -- reading and writing ---------------------------------------------------------------

def spec_from_dict(data: Any, source: str = "rotation spec") -> RotationSpec:
    """Validate a mapping (a top-level ``rotation:`` key is unwrapped)."""
    if isinstance(data, dict) and set(data) == {"rotation"}:
        data = data["rotation"]
    if not isinstance(data, dict):
        raise RotationSpecError(source, [FieldError("", "the file must hold a mapping"
                                                        " (key: value)")])
    try:
        return RotationSpec.model_validate(data)
    except ValidationError as exc:
        raise RotationSpecError(source, _split_cross_references(problems_from(exc))) from None


def _split_cross_references(rows: list[FieldError]) -> list[FieldError]:
    """Our cross-reference check reports ``field: problem; field: problem``: one row each."""
    out: list[FieldError] = []
    for row in rows:
        if row.field or ("; " not in row.message and ": " not in row.message):
            out.append(row)
            continue
        for part in row.message.split("; "):
            where, sep, what = part.partition(": ")
            out.append(FieldError(where, what) if sep else FieldError("", part))
    return out


def load_rotation_spec(path: str | Path) -> RotationSpec:
    """Read a spec from ``.yaml``/``.yml``/``.json``; raise :class:`RotationSpecError`."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise RotationSpecError(source, [FieldError("", "file not found")]) from None
    except UnicodeDecodeError:
        raise RotationSpecError(source, [FieldError("", "the file is not UTF-8 text")]) from None
    except OSError as exc:
        raise RotationSpecError(source, [FieldError("", f"cannot read the file:"
                                                        f" {exc.strerror}")]) from None
    try:
        data = parse_text(text, source)
    except ScenarioError as exc:
        raise RotationSpecError(source, exc.problems) from None
    return spec_from_dict(data, source)


def pattern_csv_bytes(pattern: Pattern) -> bytes:
    """One row per pattern week: ``week, Mon, ..., Sun``; UTF-8 with BOM (Excel)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["week", *WEEKDAY_COLUMNS])
    for k, week in enumerate(pattern.weeks, start=1):
        writer.writerow([k, *week])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def pattern_to_csv(pattern: Pattern, path: str | Path) -> Path:
    """Write the pattern CSV atomically (temporary file, then rename)."""
    path = Path(path)
    atomic_write_bytes(path, pattern_csv_bytes(pattern))
    return path


def pattern_from_csv(path: str | Path, spec: RotationSpec | None = None) -> Pattern:
    """Read a pattern CSV (``week`` column optional); cells are family ids or ``OFF``.

    With ``spec``, every cell must be one of its families or ``OFF``.
    """
    source = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternError(f"{source}: cannot read: {getattr(exc, 'strerror', None) or exc}"
                           ) from None
    rows = [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    if not rows:
        raise PatternError(f"{source}: empty file")
    header = [c.strip() for c in rows[0]]
    day_cols = [c for c in header if c != "week"]
    if [c.capitalize() for c in day_cols] != list(WEEKDAY_COLUMNS):
        raise PatternError(f"{source}: header must be week,Mon,Tue,Wed,Thu,Fri,Sat,Sun"
                           f" (got {','.join(header)})")
    allowed = None if spec is None else {*spec.family_ids, OFF}
    weeks: list[list[str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise PatternError(f"{source}: line {line}: {len(row)} cells, expected"
                               f" {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        week = [cells[c] for c in day_cols]
        for col, cell in zip(WEEKDAY_COLUMNS, week, strict=True):
            if not cell:
                raise PatternError(f"{source}: line {line}, {col}: empty cell (use OFF)")
            if allowed is not None and cell not in allowed:
                raise PatternError(f"{source}: line {line}, {col}: {cell!r} is not a family"
                                   f" of the spec nor OFF")
        weeks.append(week)
    if not weeks:
        raise PatternError(f"{source}: no pattern weeks")
    return Pattern(weeks=weeks)


def instantiate(pattern: Pattern, people: Sequence[str], start_date: dt.date, days: int,
                offsets: Sequence[int] | Mapping[str, int] | None = None) -> pd.DataFrame:
    """The pattern laid over ``days`` dates from ``start_date``, one row per person and date.

    Person ``p`` with offset ``o`` works pattern week ``(o + w) mod L`` in calendar week
    ``w`` (week 0 is the Monday-to-Sunday week holding ``start_date``). Offsets default to
    ``i mod L`` for the ``i``-th person. Columns: ``employee_id, date, family`` (``OFF`` for
    a day off).
    """
    num_weeks = pattern.num_weeks
    if offsets is None:
        offset_of = {p: i % num_weeks for i, p in enumerate(people)}
    elif isinstance(offsets, Mapping):
        missing = [p for p in people if p not in offsets]
        if missing:
            raise ValueError(f"no offset for {', '.join(missing)}")
        offset_of = {p: int(offsets[p]) for p in people}
    else:
        if len(offsets) != len(people):
            raise ValueError(f"{len(offsets)} offsets for {len(people)} people")
        offset_of = {p: int(o) for p, o in zip(people, offsets, strict=True)}
    if len(set(people)) != len(people):
        raise ValueError("people ids must be unique")
    cycle = pattern.sequence()
    lead = start_date.weekday()  # days of week 0 before start_date
    rows: list[tuple[str, dt.date, str]] = []
    for person in people:
        base = offset_of[person] * DAYS_PER_WEEK + lead
        for i in range(days):
            rows.append((person, start_date + dt.timedelta(days=i),
                         cycle[(base + i) % len(cycle)]))
    return pd.DataFrame(rows, columns=["employee_id", "date", "family"])


def format_pattern(pattern: Pattern) -> str:
    """The pattern as an aligned text table (week number, then Monday to Sunday)."""
    width = max(len(c) for c in [*pattern.sequence(), *WEEKDAY_COLUMNS])
    lines = [("week  " + " ".join(c.ljust(width) for c in WEEKDAY_COLUMNS)).rstrip()]
    lines += [f"{k:>4}  " + " ".join(c.ljust(width) for c in week).rstrip()
              for k, week in enumerate(pattern.weeks, start=1)]
    return "\n".join(lines)


# -- independent checker -----------------------------------------------------------------

def apply_pattern(scenario: Scenario, pattern: Pattern, *,
                  offsets: Mapping[str, int] | None = None, anchor: dt.date | None = None,
                  mode: Literal["hard", "soft"] = "soft",
                  people: Sequence[str] | None = None) -> Scenario:
    """The scenario rostered from a rotation pattern (the provisional 轮班表).

    ``people`` follow the pattern (default: everyone allowed a shift of every family in
    it; the others, e.g. day-only staff, are rostered freely). The i-th of them starts at
    pattern week ``i mod L`` unless ``offsets`` says otherwise, counted from ``anchor`` (a
    Monday where offset 0 is at the pattern's first week; default: the Monday of the
    horizon's first week). A family cell becomes the person's first allowed shift of that
    family. ``mode="hard"`` adds locks; ``"soft"`` adds reference cells, each difference
    costing ``weights.stability``. Exceptions: leave days, holidays (the holiday rules
    decide those) and cells the supervisor already locked or referenced are left alone.
    ValueError names a listed person without a shift of a family the pattern needs, or
    offsets that do not fit.
    """
    problem = Problem(scenario)
    if people is None:
        families = {c for c in pattern.sequence() if c != "OFF"}
        people = [emp.id for e, emp in enumerate(scenario.employees)
                  if families <= {scenario.shifts[s].family for s in problem.allowed[e]}]
    start = problem.dates[0]
    monday = start - dt.timedelta(days=start.weekday())
    anchor = anchor or monday
    if anchor.weekday() != 0:
        raise ValueError(f"anchor {anchor} is not a Monday")
    length = pattern.num_weeks
    shift_by_week = (monday - anchor).days // 7
    given = dict(offsets or {})
    unknown = sorted((set(given) | set(people)) - set(problem.employee_idx))
    if unknown:
        raise ValueError(f"unknown employees: {', '.join(unknown)}")
    base = {p: given.get(p, i % length) for i, p in enumerate(people)}
    bad = [p for p, k in base.items() if not 0 <= k < length]
    if bad:
        raise ValueError(f"offsets must be 0..{length - 1}: {', '.join(bad)}")
    laid = instantiate(pattern, people, start, problem.num_days,
                       {p: (k + shift_by_week) % length for p, k in base.items()})
    taken = {(c.employee, c.date) for c in [*scenario.locks, *scenario.reference]}
    holidays = {problem.dates[d] for d in problem.holidays}
    cells: list[dict[str, Any]] = []
    for emp_id, date, family in zip(laid["employee_id"], laid["date"], laid["family"],
                                    strict=True):
        e = problem.employee_idx[str(emp_id)]
        if (emp_id, date) in taken or date in holidays \
                or problem.date_idx[date] in problem.leave_days[e]:
            continue
        if family == "OFF":
            shift = "OFF"
        else:
            options = [scenario.shifts[s].id for s in sorted(problem.allowed[e])
                       if scenario.shifts[s].family == family]
            if not options:
                raise ValueError(f"{emp_id} may work no shift of family {family!r}"
                                 f" (pattern, {date})")
            shift = options[0]
        cells.append({"employee": emp_id, "date": date, "shift": shift})
    if mode == "hard":
        return scenario.replace(locks=[*scenario.locks, *cells])
    return scenario.replace(reference=[*scenario.reference, *cells])


@dataclass(frozen=True)
class PatternViolation:
    """One broken rule; ``week`` (0-based) and ``day`` (0 = Monday) where it starts."""

    rule: str
    message: str
    week: int | None = None
    day: int | None = None

    def where(self) -> str:
        if self.week is None:
            return "pattern"
        day = "" if self.day is None else f" {WEEKDAY_COLUMNS[self.day]}"
        return f"week {self.week + 1}{day}"


def cyclic_runs(flags: Sequence[bool]) -> list[tuple[int, float]]:
    """Maximal runs of ``True`` in a cyclic sequence: ``(start, length)``; a sequence that is
    ``True`` everywhere is one endless run (length ``inf``)."""
    size = len(flags)
    if all(flags):
        return [(0, math.inf)]
    runs: list[tuple[int, float]] = []
    for start in range(size):
        if flags[start] and not flags[start - 1]:
            length = 0
            while flags[(start + length) % size]:
                length += 1
            runs.append((start, length))
    return runs


def check_pattern(spec: RotationSpec, pattern: Pattern) -> list[PatternViolation]:
    """Every rule of ``spec`` that ``pattern`` breaks, across the wrap too (no solver)."""
    if pattern.num_weeks != spec.weeks:
        return [PatternViolation("shape", f"{pattern.num_weeks} weeks, the spec has"
                                          f" {spec.weeks}")]
    allowed = {*spec.family_ids, OFF}
    bad = [PatternViolation("shape", f"{cell!r} is not a family nor OFF", k, d)
           for k, week in enumerate(pattern.weeks) for d, cell in enumerate(week)
           if cell not in allowed]
    if bad:
        return bad
    seq = pattern.sequence()
    out: list[PatternViolation] = []
    out += _check_demand(spec, pattern)
    out += _check_runs(spec, seq)
    out += _check_days_off_per_week(spec, pattern)
    out += _check_successions(spec, seq)
    if spec.weekend_change:
        out += _check_weekend_change(spec, pattern)
    return out


def _at(t: int) -> tuple[int, int]:
    return divmod(t, DAYS_PER_WEEK)


def coverage(spec: RotationSpec, pattern: Pattern, week: int) -> dict[str, list[int]]:
    """People per family and weekday in calendar week ``week`` of the cycle."""
    crews = spec.crew_sizes()
    out = {f: [0] * DAYS_PER_WEEK for f in spec.family_ids}
    for offset, size in enumerate(crews):
        row = pattern.weeks[(offset + week) % pattern.num_weeks]
        for d, cell in enumerate(row):
            if cell in out:
                out[cell][d] += size
    return out


def _check_demand(spec: RotationSpec, pattern: Pattern) -> list[PatternViolation]:
    out = []
    for w in range(spec.weeks):
        cover = coverage(spec, pattern, w)
        for f in spec.family_ids:
            for d in range(DAYS_PER_WEEK):
                need, have = spec.demand[f][d], cover[f][d]
                if have < need or (spec.demand_mode == "exact" and have != need):
                    out.append(PatternViolation(
                        "demand", f"calendar week {w + 1}: {have} {f}, demand {need}"
                        f" ({spec.demand_mode})", w, d))
    return out


def _check_runs(spec: RotationSpec, seq: list[str]) -> list[PatternViolation]:
    checks: list[tuple[str, str, list[bool], Bounds]] = [
        ("work_days", "working days", [c != OFF for c in seq], spec.work_days),
        ("days_off", "days off", [c == OFF for c in seq], spec.days_off),
    ]
    checks += [("family_run", f"{f} days", [c == f for c in seq], spec.run_bounds(f))
               for f in spec.family_ids]
    out = []
    for rule, what, flags, bounds in checks:
        for start, length in cyclic_runs(flags):
            if not bounds.holds(length):
                shown = "endless" if math.isinf(length) else str(int(length))
                out.append(PatternViolation(rule, f"{shown} {what} in a row, allowed"
                                                  f" {bounds.text()}", *_at(start)))
    return out


def _check_days_off_per_week(spec: RotationSpec, pattern: Pattern) -> list[PatternViolation]:
    bounds = spec.days_off_per_week
    return [PatternViolation("days_off_per_week", f"{week.count(OFF)} days off, allowed"
                                                  f" {bounds.text()}", k)
            for k, week in enumerate(pattern.weeks) if not bounds.holds(week.count(OFF))]


def _check_successions(spec: RotationSpec, seq: list[str]) -> list[PatternViolation]:
    size, out = len(seq), []
    next_day, one_off = set(spec.forbidden_next_day), set(spec.forbidden_after_one_off)
    for t in range(size):
        a, b, c = seq[t], seq[(t + 1) % size], seq[(t + 2) % size]
        if (a, b) in next_day:
            out.append(PatternViolation("forbidden_next_day", f"{b} the day after {a}",
                                        *_at(t)))
        if b == OFF and (a, c) in one_off:
            out.append(PatternViolation("forbidden_after_one_off",
                                        f"{a}, one day off, then {c}", *_at(t)))
    return out


def _weekend_fits(sat: str, sun: str, old: str, new: str) -> bool:
    """Saturday and Sunday (family or OFF) between a week of ``old`` and one of ``new``."""
    for cell in (sat, sun):
        if cell != OFF and cell not in (old, new):
            return False
    return not (old != new and sat == new and sun == old)


def _check_weekend_change(spec: RotationSpec, pattern: Pattern) -> list[PatternViolation]:
    """Specific findings first; then whether any weekly families fit at all (the weekly
    family of a week without a working day Monday to Friday is free)."""
    num_weeks, families = pattern.num_weeks, spec.family_ids
    order = spec.family_order
    core: list[str | None] = []
    out: list[PatternViolation] = []
    for k, week in enumerate(pattern.weeks):
        worked = sorted({c for c in week[:SATURDAY] if c != OFF})
        if len(worked) > 1:
            out.append(PatternViolation("weekend_change", f"Monday to Friday mixes"
                                                          f" {' and '.join(worked)}", k))
        core.append(worked[0] if len(worked) == 1 else None)
    if out:
        return out
    for k in range(num_weeks):
        old, new = core[k], core[(k + 1) % num_weeks]
        sat, sun = pattern.weeks[k][SATURDAY], pattern.weeks[k][SUNDAY]
        if old is not None and new is not None:
            if not _weekend_fits(sat, sun, old, new):
                out.append(PatternViolation(
                    "weekend_change", f"weekend {sat}/{sun} between a week of {old} and a"
                    f" week of {new}", k, SATURDAY))
            if order is not None and order[(order.index(old) + 1) % len(order)] != new:
                out.append(PatternViolation("weekend_change", f"{new} follows {old}; the"
                                            f" order is {' -> '.join(order)}", k))
    if out:
        return out
    # Cyclic chain over the weekly families: some choice for the free weeks must fit.
    for first in families if core[0] is None else [core[0]]:
        reachable = {first}
        for k in range(num_weeks):
            nxt_core = core[(k + 1) % num_weeks]
            nxt_options = families if nxt_core is None else [nxt_core]
            sat, sun = pattern.weeks[k][SATURDAY], pattern.weeks[k][SUNDAY]
            reachable = {new for old in reachable for new in nxt_options
                         if _weekend_fits(sat, sun, old, new)
                         and (order is None or (old in order and new in order and
                              order[(order.index(old) + 1) % len(order)] == new))}
            if k == num_weeks - 1:
                reachable &= {first}
        if reachable:
            return []
    return [PatternViolation("weekend_change", "no family per week fits the weekends")]


def column_counts(spec: RotationSpec) -> dict[str, list[float]]:
    """Pattern weeks that must work family ``f`` on weekday ``d`` (``min`` mode: at least).

    Over the ``L`` calendar weeks of the cycle every crew passes every pattern week once,
    so summing the demand rule over the weeks gives ``n * column = L * demand``, whatever
    the crew sizes. A fraction means no pattern can meet an exact demand.
    """
    return {f: [spec.weeks * spec.demand[f][d] / spec.people for d in range(DAYS_PER_WEEK)]
            for f in spec.family_ids}


def quick_infeasibility(spec: RotationSpec) -> list[str]:
    """Reasons no pattern can exist that need no search (empty when none is obvious)."""
    reasons = []
    for d, day in enumerate(WEEKDAY_COLUMNS):
        need = sum(spec.demand[f][d] for f in spec.family_ids)
        if need > spec.people:
            reasons.append(f"{day}: demand {need} people, the team has {spec.people}")
    if spec.demand_mode == "exact" and not reasons:
        for f, row in column_counts(spec).items():
            for d, count in enumerate(row):
                if count != int(count):
                    reasons.append(
                        f"{WEEKDAY_COLUMNS[d]} {f}: {spec.demand[f][d]} of {spec.people}"
                        f" people every week needs {count:.2f} of the {spec.weeks} pattern"
                        " weeks in that family that day, not a whole number")
    return reasons


# -- command line ----------------------------------------------------------------------

def add_rotation_commands(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``rotation design SPEC --out PATTERN.csv`` on a ``add_subparsers()`` object.

    The command's function is stored as ``args.func`` (returns the exit code: 0 found,
    2 invalid input, 3 infeasible or nothing found in time).
    """
    p_rot = subparsers.add_parser("rotation", help="design a cyclic rotation pattern")
    sub = p_rot.add_subparsers(dest="rotation_command", required=True,
                               parser_class=type(p_rot))
    p_design = sub.add_parser("design", help="find a pattern of L weeks for a rotation spec")
    p_design.add_argument("spec", type=Path, help="rotation spec (.yaml, .yml or .json)")
    p_design.add_argument("--out", type=Path, required=True, help="pattern CSV to write")
    p_design.add_argument("--time-limit", type=float, default=10.0,
                          help="seconds (default 10)")
    p_design.add_argument("--workers", type=int, default=2, help="search workers (default 2)")
    p_design.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p_design.set_defaults(func=cmd_rotation_design)
    return p_rot


def cmd_rotation_design(args: argparse.Namespace) -> int:
    """``rotation design``: write the pattern CSV, print a summary; returns the exit code."""
    problem = (overwrite_problem(args.out, {args.spec: "the spec file"})
               or search_options_problem(args.time_limit, args.workers, args.seed))
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_INVALID
    try:
        spec = load_rotation_spec(args.spec)
    except RotationSpecError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    from scheduler.cpsat.rotation_design import design_rotation  # the solver, on demand

    started = time.perf_counter()
    result = design_rotation(spec, time_limit=args.time_limit, workers=args.workers,
                             seed=args.seed)
    print(f"rotation design: {result.status} in {time.perf_counter() - started:.2f} s"
          f"{': ' + result.message if result.message else ''}")
    if result.pattern is None:
        return EXIT_NO_PATTERN
    try:
        pattern_to_csv(result.pattern, args.out)
    except OSError as exc:
        print(f"cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_INVALID
    print(format_pattern(result.pattern))
    print(f"pattern of {spec.weeks} week(s) for {spec.people} people written to {args.out}")
    return EXIT_OK
