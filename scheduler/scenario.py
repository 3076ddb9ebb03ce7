"""Input model of a rostering scenario (pydantic v2).

The scenario is validated once, here. Everything outside speaks in string ids
(employee ``A03``, shift ``day``, skill ``pre_sales``); the solver and the checker
work on the dense view built by :mod:`scheduler.problem`.

Times are local wall-clock times ``HH:MM``. A segment whose end is not after its
start ends on the next day (``23:00-08:00``); ``24:00`` is accepted as an end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_serializer,
    field_validator,
    model_serializer,
    model_validator,
)

from scheduler.clock import format_clock, parse_clock
from scheduler.staffing import Demand

OFF = "OFF"
LEAVE = "LEAVE"
RESERVED_SHIFT_IDS = frozenset({OFF, LEAVE})
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAY_TYPES = ("workday", "weekend", "holiday", "makeup_workday")
MINUTES_PER_DAY = 24 * 60

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\s,;]+(?: [^\s,;]+)*$")]
Count = Annotated[int, Field(ge=0, le=10_000)]
Weight = Annotated[int, Field(ge=0, le=1_000_000)]
Hours = Annotated[float, Field(ge=0, le=10_000)]



class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Segment(_Model):
    """One continuous stretch of work, e.g. ``10:00-14:00``."""

    start: str
    end: str

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = value.split("-")
            if len(parts) != 2:
                raise ValueError(f"segment {value!r} is not HH:MM-HH:MM")
            return {"start": parts[0].strip(), "end": parts[1].strip()}
        return value

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        return format_clock(parse_clock(value)) if parse_clock(value) < MINUTES_PER_DAY else value

    @model_serializer(mode="plain")
    def _as_text(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def start_minute(self) -> int:
        return parse_clock(self.start) % MINUTES_PER_DAY

    @property
    def end_minute(self) -> int:
        """End in minutes after the start day's midnight (may exceed 1440)."""
        end = parse_clock(self.end)
        return end if end > self.start_minute else end + MINUTES_PER_DAY

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


class ShiftType(_Model):
    """A shift: one or more segments; paid minutes are the sum of the segments."""

    id: Id
    name: str = Field(default="", max_length=64)
    segments: list[Segment] = Field(min_length=1, max_length=6)
    family: Id = "day"
    color: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.upper() in RESERVED_SHIFT_IDS:
            raise ValueError(f"{value!r} is reserved for days off and leave")
        return value

    @field_validator("segments")
    @classmethod
    def _ordered(cls, segments: list[Segment]) -> list[Segment]:
        offset = 0
        previous_end = -1
        for seg in segments:
            start = seg.start_minute + offset
            if start < previous_end:
                start += MINUTES_PER_DAY
                offset += MINUTES_PER_DAY
            if start < previous_end:
                raise ValueError("segments overlap or are not in time order")
            previous_end = start + seg.minutes
        if previous_end - segments[0].start_minute > MINUTES_PER_DAY:
            raise ValueError("a shift cannot span more than 24 hours")
        return segments

    @property
    def display_name(self) -> str:
        return self.name or self.id

    def absolute_segments(self) -> list[tuple[int, int]]:
        """(start, end) minutes after the shift day's midnight, in order."""
        out: list[tuple[int, int]] = []
        offset = 0
        for seg in self.segments:
            start = seg.start_minute + offset
            if out and start < out[-1][1]:
                offset += MINUTES_PER_DAY
                start += MINUTES_PER_DAY
            out.append((start, start + seg.minutes))
        return out

    @property
    def start_minute(self) -> int:
        return self.absolute_segments()[0][0]

    @property
    def end_minute(self) -> int:
        return self.absolute_segments()[-1][1]

    @property
    def paid_minutes(self) -> int:
        return sum(end - start for start, end in self.absolute_segments())

    @property
    def segments_text(self) -> str:
        return ";".join(str(s) for s in self.segments)


class Employee(_Model):
    """A team member with skills, allowed shifts and contract limits."""

    id: Id
    name: str = Field(default="", max_length=64)
    skills: list[Id] = Field(default_factory=list, max_length=50)
    shifts: list[Id] | None = Field(
        default=None, description="shift types this person may work; None means all"
    )
    min_hours_per_week: Hours | None = None
    max_hours_per_week: Hours | None = None
    min_hours_total: Hours | None = None
    max_hours_total: Hours | None = None
    contract_hours_per_week: Hours | None = Field(
        default=None, description="reference for fairness of hours; team default when absent"
    )
    max_shifts: dict[Id, Count] = Field(default_factory=dict)
    role: Id | None = Field(
        default=None, description="group for rotating holiday rest; default: first skill")
    holiday_days_worked: Count = Field(
        default=0, description="holiday days worked earlier this year (before the horizon)")
    crew: Id | None = Field(default=None, description="people of a crew rotate together")
    rotation_offset: int | None = Field(
        default=None, ge=0, le=7, description="week of the rotation cycle at the anchor"
        " week; None: chosen by the solver (the same for the whole crew)")
    max_consecutive_work_days: int | None = Field(
        default=None, ge=1, le=400, description="this person's limit; None: the rules' value")
    min_consecutive_work_days: int | None = Field(
        default=None, ge=1, le=400, description="shortest run of working days; None: the"
        " rules' value (runs touching the horizon's ends are exempt, see the rule)")
    min_consecutive_days_off: int | None = Field(
        default=None, ge=1, le=400, description="shortest run of days off; None: the rules'"
        " value (runs touching the horizon's ends are exempt, see the rule)")
    max_weekends_worked: int | None = Field(
        default=None, ge=0, le=60, description="weekends with a Saturday or Sunday worked in"
        " the horizon; None: the rules' value")
    history: list[str] = Field(
        default_factory=list,
        max_length=62,
        description="shift ids (or OFF/LEAVE) of the days just before the horizon, oldest first",
    )

    @property
    def display_name(self) -> str:
        return self.name or self.id

    @property
    def holiday_group(self) -> str:
        return self.role or (self.skills[0] if self.skills else "")

    @field_validator("history")
    @classmethod
    def _history_codes(cls, values: list[str]) -> list[str]:
        return [_reserved_upper(v) for v in values]

    @model_validator(mode="after")
    def _limits(self) -> Employee:
        for low, high in (("min_hours_per_week", "max_hours_per_week"),
                          ("min_hours_total", "max_hours_total")):
            lo, hi = getattr(self, low), getattr(self, high)
            if lo is not None and hi is not None and lo > hi:
                raise ValueError(f"{low} ({lo}) is above {high} ({hi})")
        if len(set(self.skills)) != len(self.skills):
            raise ValueError("skills are listed twice")
        return self


class Horizon(_Model):
    start: dt.date
    num_days: int = Field(ge=1, le=400)

    @model_validator(mode="after")
    def _fits_calendar(self) -> Horizon:
        if self.start > dt.date.max - dt.timedelta(days=self.num_days + 62):
            raise ValueError("the horizon ends too close to the year 9999")
        return self

    @property
    def end(self) -> dt.date:
        """Last day of the horizon (inclusive)."""
        return self.start + dt.timedelta(days=self.num_days - 1)

    def dates(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.num_days)]


class PeakDay(_Model):
    """A shopping festival or busy day: coverage targets are multiplied (rounded up)."""

    date: dt.date
    multiplier: float = Field(default=2.0, gt=0, le=50)
    name: str = Field(default="", max_length=64)


class Calendar(_Model):
    """Holidays and make-up workdays (调休).

    With ``country: CN`` (the default) the official statutory holidays, their days off
    and the make-up working days come from the ``holidays`` package; ``holidays``,
    ``not_holidays`` and ``makeup_workdays`` add to or remove from them (shop days,
    corrections, years the package does not know yet). ``country: null`` uses the lists
    alone. Weekends are Saturday and Sunday unless a make-up workday.
    """

    country: Literal["CN"] | None = "CN"
    holidays: list[dt.date] = Field(default_factory=list)
    not_holidays: list[dt.date] = Field(
        default_factory=list, description="dates the package calls holidays that are not")
    makeup_workdays: list[dt.date] = Field(
        default_factory=list, description="weekend days that are working days (调休)"
    )
    peak_days: list[PeakDay] = Field(default_factory=list)

    @model_validator(mode="after")
    def _disjoint(self) -> Calendar:
        both = set(self.holidays) & set(self.makeup_workdays)
        if both:
            raise ValueError(
                "dates both holiday and make-up workday: " + ", ".join(map(str, sorted(both)))
            )
        if len({p.date for p in self.peak_days}) != len(self.peak_days):
            raise ValueError("a peak day is listed twice")
        return self


class CoverageRule(_Model):
    """Headcount wanted on a shift, for a skill, on some dates.

    The most specific rule wins for each (date, shift, skill): ``dates``, then
    ``day_types`` on holidays and make-up workdays, then ``weekdays``, then ``day_types``
    on ordinary days, then a rule with none of them (every day).
    """

    shift: Id
    skill: Id | None = Field(default=None, description="None: anyone working the shift counts")
    min: Count = 0
    target: Count | None = Field(default=None, description="defaults to min")
    min_soft: bool = Field(default=False,
                           description="shortfall under min is penalised, not forbidden")
    dates: list[dt.date] | None = None
    weekdays: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] | None = None
    day_types: list[Literal["workday", "weekend", "holiday"]] | None = None
    under_weight: Weight | None = Field(
        default=None, description="per person under the target; default:"
        " rules.weights.coverage_target")
    over_weight: Weight | None = Field(
        default=None, description="per person over the target; default:"
        " rules.weights.coverage_excess")

    @model_validator(mode="after")
    def _consistent(self) -> CoverageRule:
        if self.target is not None and self.target < self.min:
            raise ValueError(f"target ({self.target}) is below min ({self.min})")
        chosen = [n for n in ("dates", "weekdays", "day_types") if getattr(self, n) is not None]
        if len(chosen) > 1:
            raise ValueError("give only one of dates, weekdays, day_types")
        return self

    @property
    def target_or_min(self) -> int:
        return self.min if self.target is None else self.target

    def weights(self, defaults: Weights) -> tuple[int, int]:
        """(per person under the target, per person over it) for this rule."""
        under = defaults.coverage_target if self.under_weight is None else self.under_weight
        over = defaults.coverage_excess if self.over_weight is None else self.over_weight
        return under, over

    def specificity(self, calendar_exception: bool = False) -> int:
        """Rank of this rule for a date: dates 4; day types 3 on a holiday or make-up
        workday (the calendar's exceptions beat the weekly pattern); weekdays 2; day
        types 1 on ordinary days; a rule for every day 0."""
        if self.dates is not None:
            return 4
        if self.day_types is not None:
            return 3 if calendar_exception else 1
        if self.weekdays is not None:
            return 2
        return 0


class Leave(_Model):
    """Approved leave (hard): the person does not work from start to end inclusive."""

    employee: Id
    start: dt.date
    end: dt.date | None = None
    reason: str = Field(default="", max_length=200)

    @property
    def last(self) -> dt.date:
        return self.end or self.start

    @model_validator(mode="after")
    def _order(self) -> Leave:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"leave ends ({self.end}) before it starts ({self.start})")
        return self


class DayOffWish(_Model):
    employee: Id
    date: dt.date
    weight: Weight | None = Field(default=None, description="default: rules.weights.day_off_wish")


class ShiftWish(_Model):
    """A wanted (``want: true``) or unwanted (``want: false``) shift on a date."""

    employee: Id
    date: dt.date
    shift: Id
    want: bool = True
    weight: Weight | None = Field(default=None, description="default: rules.weights.shift_wish")


class Lock(_Model):
    """A cell fixed by the supervisor: ``shift`` is a shift id or ``OFF``."""

    employee: Id
    date: dt.date
    shift: Id

    @field_validator("shift")
    @classmethod
    def _off_upper(cls, value: str) -> str:
        return _reserved_upper(value)


class Succession(_Model):
    """``then`` may not be worked the day after ``first``."""

    first: Id
    then: Id


class Weights(_Model):
    """Penalty per unit of each soft rule (see :mod:`scheduler.rules` for the units)."""

    coverage_min_soft: Weight = 5000
    coverage_target: Weight = 1000
    coverage_excess: Weight = 100
    day_off_wish: Weight = 300
    shift_wish: Weight = 200
    fair_hours: Weight = 60
    fair_evenings: Weight = 100
    fair_weekends: Weight = 100
    meeting: Weight = 50
    stability: Weight = 50
    rotation: Weight = 200
    interval_short: Weight = 4
    interval_excess: Weight = 1


class HolidayCover(_Model):
    """On every holiday, at least ``min`` people on shifts of ``family`` (with ``skill``)."""

    family: Id
    min: Count = 1
    skill: Id | None = None


class Meeting(_Model):
    """The weekly team meeting: who is on a shift covering it can attend."""

    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    start: str = "13:30"
    end: str = "14:00"
    min_attendance: Count | None = Field(
        default=None, description="hard minimum of people on a covering shift")

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    @model_validator(mode="after")
    def _order(self) -> Meeting:
        if parse_clock(self.end) <= parse_clock(self.start):
            raise ValueError(f"the meeting ends ({self.end}) before it starts ({self.start})")
        return self

    def covered_by(self, shift: ShiftType) -> bool:
        """A segment of the shift spans the whole meeting (on the shift's own day)."""
        start, end = parse_clock(self.start), parse_clock(self.end)
        return any(s <= start and end <= e for s, e in shift.absolute_segments())


def _weekend() -> list[Weekday]:
    return ["sat", "sun"]


class Rotation(_Model):
    """The rotation of shift families by week (三周为一个循环, 周六、日为换班节点).

    Rotation week ``w`` counts whole weeks from ``anchor`` (a Monday; rotation weeks run
    Monday to Sunday). A person at ``offset`` k works family ``cycle[(k + w) % len]``
    from Monday to Friday of week w; on a change day (Saturday and Sunday by default) the
    family of week w or of week w+1. Days off may fall anywhere.
    """

    cycle: list[Id] = Field(min_length=1, max_length=8,
                            description="shift families, one per rotation week, e.g."
                            " [day, evening, split]")
    mode: Literal["hard", "soft"] = Field(
        default="hard", description="soft: each working day off the pattern costs"
        " weights.rotation")
    anchor: dt.date | None = Field(
        default=None, description="a Monday where offset 0 is at the cycle's first week;"
        " default: the Monday of the horizon's first week. Keep it fixed across periods")
    change_days: list[Weekday] = Field(
        default_factory=_weekend,
        description="days that may belong to the old or the new week's family")
    exempt: list[Id] = Field(default_factory=list,
                             description="employees who do not rotate (floaters)")

    @field_validator("anchor")
    @classmethod
    def _monday(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value.weekday() != 0:
            raise ValueError(f"{value} is a {WEEKDAYS[value.weekday()]}, not a Monday")
        return value


class Rules(_Model):
    """Rule parameters; defaults are the handbook numbers of the domain brief."""

    max_consecutive_work_days: int | None = Field(default=6, ge=1, le=400)
    min_consecutive_work_days: int | None = Field(
        default=None, ge=1, le=400, description="shortest run of working days (e.g. 2: no"
        " single working day between days off); runs touching the start of the horizon"
        " (without history) or its end are exempt; null: none")
    min_consecutive_days_off: int | None = Field(
        default=None, ge=1, le=400, description="shortest run of days off (e.g. 2: rest in"
        " blocks of two); runs touching the start of the horizon (without history) or its"
        " end are exempt; null: none")
    max_weekends_worked: int | None = Field(
        default=None, ge=0, le=60, description="weekends of the horizon with the Saturday or"
        " the Sunday worked (make-up workdays are not weekend days); null: no limit")
    min_days_off_per_week: int | None = Field(default=1, ge=0, le=7)
    min_days_off_per_month: int | None = Field(default=None, ge=0, le=31)
    min_rest_hours: float | None = Field(default=11.0, ge=0, le=48)
    max_continuous_work_hours: float = Field(default=8.0, gt=0, le=24)
    forbidden_successions: list[Succession] = Field(default_factory=list)
    evening_families: list[Id] = Field(default_factory=lambda: ["evening", "night"])
    fair_hours_tolerance: Hours = Field(
        default=4.0, description="hours above or below the team average that cost nothing")
    fair_evenings_tolerance: Count = Field(
        default=1, description="evening/night shifts above or below the average, free")
    fair_weekends_tolerance: Count = Field(
        default=1, description="weekend days above or below the average, free")
    meeting: Meeting | None = Field(
        default=None, description="weekly meeting, e.g. Monday 13:30-14:00; null: none")
    holiday_cover: list[HolidayCover] = Field(
        default_factory=list, description="e.g. [{family: day, min: 2}, {family: evening,"
        " min: 2}]: both daytime and evening staffed on holidays")
    holiday_max_spread: Count | None = Field(
        default=1, description="holiday days worked (this year): at most this many more than"
        " anyone else of the same role; null: no limit")
    min_holiday_days_off: Count = Field(
        default=0, description="holidays of the horizon each person has off (fewer if the"
        " horizon has fewer)")
    rotation: Rotation | None = Field(
        default=None, description="weekly rotation of shift families; null: none")
    default_contract_hours_per_week: Hours = 48.0
    leave_credit_hours: Hours = Field(
        default=8.0, description="hours a leave day counts toward minimum contract hours"
    )
    weights: Weights = Field(default_factory=Weights)


class Scenario(_Model):
    """Everything the solver needs to build one roster."""

    name: str = Field(default="", max_length=200)
    horizon: Horizon
    shifts: list[ShiftType] = Field(min_length=1, max_length=200)
    employees: list[Employee] = Field(min_length=1, max_length=5000)
    coverage: list[CoverageRule] = Field(default_factory=list)
    calendar: Calendar = Field(default_factory=Calendar)
    leave: list[Leave] = Field(default_factory=list)
    day_off_wishes: list[DayOffWish] = Field(default_factory=list)
    shift_wishes: list[ShiftWish] = Field(default_factory=list)
    locks: list[Lock] = Field(default_factory=list)
    reference: list[Lock] = Field(
        default_factory=list, description="a published or earlier roster (shift or OFF per"
        " cell): each cell that differs costs weights.stability")
    demand: list[Demand] = Field(
        default_factory=list, description="chat volume per shop/skill: staffing per interval"
        " from Erlang C/A, covered per interval in the roster")
    rules: Rules = Field(default_factory=Rules)
    # folder of the scenario file: chat history paths in ``demand`` are relative to it
    _base_dir: Path | None = PrivateAttr(default=None)

    @field_serializer("horizon", when_used="always")
    def _ser_horizon(self, horizon: Horizon) -> dict[str, Any]:
        return {"start": horizon.start.isoformat(), "num_days": horizon.num_days}

    # ------------------------------------------------------------------ lookups
    @property
    def shift_by_id(self) -> dict[str, ShiftType]:
        return {s.id: s for s in self.shifts}

    @property
    def employee_by_id(self) -> dict[str, Employee]:
        return {e.id: e for e in self.employees}

    def limit(self, employee: Employee, name: str) -> int | None:
        """A per-person limit (``max_consecutive_work_days``, ``min_consecutive_work_days``,
        ``min_consecutive_days_off``, ``max_weekends_worked``): the person's own value,
        else the rules' value."""
        own: int | None = getattr(employee, name)
        team: int | None = getattr(self.rules, name)
        return own if own is not None else team

    def allowed_shifts(self, employee: Employee) -> list[str]:
        return [s.id for s in self.shifts] if employee.shifts is None else list(employee.shifts)

    def replace(self, **changes: Any) -> Scenario:
        """A copy with ``changes`` applied, validated again (unlike ``model_copy``)."""
        data = self.model_dump(mode="python")
        data.update({k: _dump(v) for k, v in changes.items()})
        out = Scenario.model_validate(data)
        out._base_dir = self._base_dir
        return out

    @property
    def base_dir(self) -> Path | None:
        """Folder that relative chat-history paths are read from (the scenario's folder)."""
        return self._base_dir

    def with_base_dir(self, folder: Path | None) -> Scenario:
        self._base_dir = folder
        return self

    def __eq__(self, other: object) -> bool:
        """Same inputs (the folder a scenario was read from does not count)."""
        if not isinstance(other, Scenario):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(self.model_dump_json())

    # ------------------------------------------------------------- validation
    @model_validator(mode="after")
    def _references(self, info: ValidationInfo) -> Scenario:
        problems: list[str] = []

        def dup(kind: str, ids: list[str], name: str = "id") -> None:
            counts = Counter(ids)
            first: dict[str, int] = {}
            for i, value in enumerate(ids):
                if value in first:
                    problems.append(f"{kind}[{i}].{name}: {value!r} is used {counts[value]} times"
                                    f" (first at {kind}[{first[value]}])")
                first.setdefault(value, i)

        dup("shifts", [s.id for s in self.shifts])
        dup("employees", [e.id for e in self.employees])
        shift_ids = {s.id for s in self.shifts}
        emp_ids = {e.id for e in self.employees}
        start, end = self.horizon.start, self.horizon.end
        limit = round(self.rules.max_continuous_work_hours * 60)
        for i, s in enumerate(self.shifts):
            for j, (start_min, end_min) in continuous_stretches(s):
                if end_min - start_min > limit:
                    problems.append(
                        f"shifts[{i}].segments[{j}]: {format_clock(start_min)}-"
                        f"{format_clock(end_min)} is {(end_min - start_min) / 60:g} h of"
                        f" continuous work, over the limit of"
                        f" {self.rules.max_continuous_work_hours:g} h"
                        " (rules.max_continuous_work_hours); split it with a break"
                    )
        for i, e in enumerate(self.employees):
            for j, sid in enumerate(e.shifts or []):
                if sid not in shift_ids:
                    problems.append(f"employees[{i}].shifts[{j}]: unknown shift {sid!r}")
            for sid in e.max_shifts:
                if sid not in shift_ids:
                    problems.append(f"employees[{i}].max_shifts: unknown shift {sid!r}")
            for j, h in enumerate(e.history):
                if h not in shift_ids and h not in RESERVED_SHIFT_IDS:
                    problems.append(
                        f"employees[{i}].history[{j}]: {h!r} is not a shift id, OFF or LEAVE"
                    )
        for i, c in enumerate(self.coverage):
            if c.shift not in shift_ids:
                problems.append(f"coverage[{i}].shift: unknown shift {c.shift!r}")
            if c.skill is not None and not any(c.skill in e.skills for e in self.employees):
                problems.append(f"coverage[{i}].skill: nobody has skill {c.skill!r}")
        leave_days: dict[str, dict[dt.date, int]] = {}
        for i, lv in enumerate(self.leave):
            if lv.employee not in emp_ids:
                problems.append(f"leave[{i}].employee: unknown employee {lv.employee!r}")
                continue
            days = leave_days.setdefault(lv.employee, {})
            if (lv.last - lv.start).days > 3660:
                problems.append(f"leave[{i}].end: leave of more than ten years")
                continue
            for k in range((lv.last - lv.start).days + 1):
                d = lv.start + dt.timedelta(days=k)
                if d in days:
                    problems.append(
                        f"leave[{i}]: {lv.employee} already has leave on {d} (leave[{days[d]}])"
                    )
                    break
                days[d] = i
        cell_lists: list[tuple[str, list[Any]]] = [
            ("day_off_wishes", self.day_off_wishes), ("shift_wishes", self.shift_wishes),
            ("locks", self.locks), ("reference", self.reference)]
        for kind, items in cell_lists:
            seen: dict[tuple[str, dt.date, str], int] = {}
            for i, item in enumerate(items):
                if item.employee not in emp_ids:
                    problems.append(f"{kind}[{i}].employee: unknown employee {item.employee!r}")
                if not start <= item.date <= end:
                    problems.append(f"{kind}[{i}].date: {item.date} is outside the horizon"
                                    f" {start}..{end}")
                cell_shift: str | None = getattr(item, "shift", None)
                if (cell_shift is not None and cell_shift not in shift_ids
                        and not (kind in ("locks", "reference") and cell_shift == OFF)):
                    problems.append(f"{kind}[{i}].shift: unknown shift {cell_shift!r}")
                key = (item.employee, item.date,
                       (cell_shift or "") if kind == "shift_wishes" else "")
                if key in seen:
                    problems.append(f"{kind}[{i}]: same person and date as {kind}[{seen[key]}]")
                seen[key] = i
        for i, lk in enumerate(self.locks):
            if lk.date in leave_days.get(lk.employee, {}) and lk.shift != OFF:
                problems.append(f"locks[{i}]: {lk.employee} is on leave on {lk.date}")
        skills = {sk for e in self.employees for sk in e.skills}
        for i, dm in enumerate(self.demand):
            if dm.skill not in skills:
                problems.append(f"demand[{i}].skill: nobody has skill {dm.skill!r}")
        dup("demand", [dm.skill for dm in self.demand], "skill")
        families = {s.family for s in self.shifts}
        rotation = self.rules.rotation
        if rotation is not None:
            for j, fam in enumerate(rotation.cycle):
                if fam not in families:
                    problems.append(f"rules.rotation.cycle[{j}]: no shift of family {fam!r}")
            for j, emp_id in enumerate(rotation.exempt):
                if emp_id not in emp_ids:
                    problems.append(f"rules.rotation.exempt[{j}]: unknown employee {emp_id!r}")
            crew_offsets: dict[str, tuple[int, int]] = {}
            for i, e in enumerate(self.employees):
                if e.rotation_offset is not None and e.rotation_offset >= len(rotation.cycle):
                    problems.append(f"employees[{i}].rotation_offset: {e.rotation_offset} is"
                                    f" not a week of the {len(rotation.cycle)}-week cycle"
                                    f" (0..{len(rotation.cycle) - 1})")
                if e.crew is None or e.rotation_offset is None:
                    continue
                seen_offset = crew_offsets.setdefault(e.crew, (e.rotation_offset, i))
                if seen_offset[0] != e.rotation_offset:
                    problems.append(f"employees[{i}].rotation_offset: {e.rotation_offset}"
                                    f" differs from employees[{seen_offset[1]}] of the same"
                                    f" crew {e.crew!r} ({seen_offset[0]})")
        for i, hc in enumerate(self.rules.holiday_cover):
            if hc.family not in families:
                problems.append(f"rules.holiday_cover[{i}].family: no shift of family"
                                f" {hc.family!r}")
            if hc.skill is not None and not any(hc.skill in e.skills for e in self.employees):
                problems.append(f"rules.holiday_cover[{i}].skill: nobody has skill"
                                f" {hc.skill!r}")
        for i, sc in enumerate(self.rules.forbidden_successions):
            for field in ("first", "then"):
                if getattr(sc, field) not in shift_ids:
                    problems.append(f"rules.forbidden_successions[{i}].{field}: unknown shift"
                                    f" {getattr(sc, field)!r}")
        if problems:
            raise ReferenceProblems(problems)
        return self


class ReferenceProblems(ValueError):
    """Several cross-reference problems at once; each text starts with its field path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def continuous_stretches(shift: ShiftType) -> list[tuple[int, tuple[int, int]]]:
    """Segments with no break between them joined: (index of the first segment, span)."""
    out: list[tuple[int, tuple[int, int]]] = []
    for j, (start, end) in enumerate(shift.absolute_segments()):
        if out and out[-1][1][1] == start:
            out[-1] = (out[-1][0], (out[-1][1][0], end))
        else:
            out.append((j, (start, end)))
    return out


def _reserved_upper(value: str) -> str:
    """``off``/``Off`` are OFF, ``leave`` is LEAVE."""
    return value.upper() if value.strip().upper() in RESERVED_SHIFT_IDS else value


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="python")
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value
