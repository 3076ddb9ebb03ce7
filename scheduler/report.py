"""Tables for people who read rosters: totals, coverage, differences, editable sections.

Pure functions over a :class:`~scheduler.scenario.Scenario`, its
:class:`~scheduler.problem.Problem` and a long roster table (see
:mod:`scheduler.roster`). The supervisor app shows these tables and edits a scenario
through them; nothing here knows about the app.

* :func:`person_totals`, :func:`team_spread`: hours, shifts, evenings, weekends and
  holidays worked per person, and how far apart the team is.
* :func:`coverage_table`, :func:`family_coverage`: headcount on the roster against the
  minimum and target of every coverage need.
* :func:`roster_diff`: the cells that differ between two rosters.
* :func:`section_frame`, :func:`apply_section`: a list of the scenario (employees,
  shifts, coverage, leave, wishes, locks, ...) as a flat table with one row per item,
  and back, validated (a :class:`~scheduler.io.ScenarioError` names row and field).
* :func:`set_lock`: add, change or remove one locked cell.
* :func:`roster_bytes`, :func:`scenario_bytes`, :func:`scenario_from_bytes`: the files
  the command line writes and reads, as bytes.
* :func:`interval_cover`, :func:`service_days`: required against scheduled agents per
  interval, and the predicted service per day with the platform checks that apply.
* :func:`absence_days`, :func:`mended_result`, :func:`named_changes`: a sick call as
  absences, and a repaired roster as a result to show and compare.
* :func:`wish_penalties`: the penalties that ``why_not`` can explain.
* :func:`violation_rows`: the checker's broken rules with a sentence each, in English or
  Chinese.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import ValidationError

from scheduler.changes import Absence, RepairResult, change_cover, cover_text
from scheduler.explain import Lang, describe_violation
from scheduler.io import (
    FieldError,
    ScenarioError,
    dump_scenario,
    parse_text,
    problems_from,
    scenario_from_dict,
)
from scheduler.problem import Problem
from scheduler.result import Penalty, Result, Status, Violation
from scheduler.roster import csv_bytes, frame_to_grid, parse_date, to_wide, xlsx_bytes
from scheduler.scenario import LEAVE, OFF, Scenario
from scheduler.service import roster_service
from scheduler.staffing import KUAISHOU_MIN_REPLY_RATE

# ------------------------------------------------------------------ per-person totals
TOTAL_COLUMNS = ["employee_id", "employee_name", "hours", "contract_hours", "shifts",
                 "evenings", "weekends", "holidays", "days_off", "leave_days"]


def person_totals(problem: Problem, roster: pd.DataFrame) -> pd.DataFrame:
    """One row per person: paid hours, contract hours of the days not on leave, shifts
    worked, evening-family shifts, weekend days worked (Saturdays and Sundays that are not
    make-up workdays), holidays worked, days off and leave days of the horizon."""
    sc = problem.scenario
    evening = set(sc.rules.evening_families)
    weekend = {problem.dates[d] for d in problem.weekend_days}
    holiday = {problem.dates[d] for d in problem.holidays}
    stats: dict[str, dict[str, float]] = {
        e.id: dict.fromkeys(TOTAL_COLUMNS[2:], 0.0) for e in sc.employees}
    for emp_id, date_raw, shift_id, family, hours in zip(
            roster["employee_id"], roster["date"], roster["shift_id"], roster["family"],
            roster["paid_hours"], strict=True):
        row = stats.get(str(emp_id))
        if row is None:
            continue
        date = parse_date(date_raw)
        label = str(shift_id)
        if label == LEAVE:
            row["leave_days"] += 1
        elif label == OFF:
            row["days_off"] += 1
        else:
            row["shifts"] += 1
            row["hours"] += float(hours)
            row["evenings"] += family in evening
            row["weekends"] += date in weekend
            row["holidays"] += date in holiday
    rows = []
    for e, emp in enumerate(sc.employees):
        row = stats[emp.id]
        row["contract_hours"] = round(problem.fair_target_minutes[e] / 60, 1)
        rows.append([emp.id, emp.display_name, round(row["hours"], 2), row["contract_hours"],
                     *(int(row[c]) for c in TOTAL_COLUMNS[4:])])
    return pd.DataFrame(rows, columns=TOTAL_COLUMNS)


SPREAD_METRICS = ["hours", "shifts", "evenings", "weekends", "holidays"]


def team_spread(totals: pd.DataFrame) -> pd.DataFrame:
    """Per metric: the lowest, highest, mean and spread (highest - lowest) over the team."""
    rows = []
    for metric in SPREAD_METRICS:
        values = totals[metric].astype(float)
        if values.empty:
            rows.append([metric, 0.0, 0.0, 0.0, 0.0])
            continue
        low, high = float(values.min()), float(values.max())
        rows.append([metric, low, high, round(float(values.mean()), 2), high - low])
    return pd.DataFrame(rows, columns=["metric", "min", "max", "mean", "spread"])


# ------------------------------------------------------------------ coverage
COVERAGE_COLUMNS = ["date", "day_type", "shift_id", "shift_name", "family", "skill", "min",
                    "target", "staffed", "short_of_min", "short_of_target"]


def _cells(problem: Problem, roster: pd.DataFrame) -> dict[tuple[str, dt.date], str]:
    return {(str(e), parse_date(d)): str(s) for e, d, s in zip(
        roster["employee_id"], roster["date"], roster["shift_id"], strict=True)}


def coverage_table(problem: Problem, roster: pd.DataFrame) -> pd.DataFrame:
    """One row per coverage need (date, shift, skill): required and staffed headcount.

    ``skill`` is empty for a need that anyone on the shift counts toward; a person with
    several skills counts toward each of them (as in the rules).
    """
    sc = problem.scenario
    cells = _cells(problem, roster)
    staffed: dict[tuple[int, int, str | None], int] = {}
    skills = [set(e.skills) for e in sc.employees]
    for e, emp in enumerate(sc.employees):
        for d, date in enumerate(problem.dates):
            shift = cells.get((emp.id, date))
            if shift is None or shift in (OFF, LEAVE) or shift not in problem.shift_idx:
                continue
            s = problem.shift_idx[shift]
            staffed[(d, s, None)] = staffed.get((d, s, None), 0) + 1
            for sk in skills[e]:
                staffed[(d, s, sk)] = staffed.get((d, s, sk), 0) + 1
    rows = []
    for need in problem.coverage:
        sh = sc.shifts[need.shift]
        have = staffed.get((need.day, need.shift, need.skill), 0)
        rows.append([problem.dates[need.day], problem.day_types[need.day], sh.id,
                     sh.display_name, sh.family, need.skill or "", need.min, need.target, have,
                     max(0, need.min - have), max(0, need.target - have)])
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def family_coverage(problem: Problem, roster: pd.DataFrame) -> pd.DataFrame:
    """Per date and shift family: people on shifts of the family, and the summed minimum
    and target of the family's needs for everyone on the shift (skill needs not added)."""
    sc = problem.scenario
    families = list(dict.fromkeys(s.family for s in sc.shifts))
    cells = _cells(problem, roster)
    count = {(d, f): 0 for d in range(problem.num_days) for f in families}
    family_of = {s.id: s.family for s in sc.shifts}
    for emp in sc.employees:
        for d, date in enumerate(problem.dates):
            shift = cells.get((emp.id, date))
            if shift in family_of:
                count[(d, family_of[shift])] += 1
    need_min = dict.fromkeys(count, 0)
    need_target = dict.fromkeys(count, 0)
    for need in problem.coverage:
        if need.skill is None:
            key = (need.day, sc.shifts[need.shift].family)
            need_min[key] += need.min
            need_target[key] += need.target
    rows = [[problem.dates[d], problem.day_types[d], f, need_min[(d, f)],
             need_target[(d, f)], count[(d, f)]] for (d, f) in count]
    return pd.DataFrame(rows, columns=["date", "day_type", "family", "min", "target",
                                       "staffed"])


# ------------------------------------------------------------------ roster differences
def roster_diff(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Cells (person, date) whose shift differs, in the order of ``after``; a cell that
    only one roster has shows an empty value on the other side."""
    old = {(str(e), parse_date(d)): str(s) for e, d, s in zip(
        before["employee_id"], before["date"], before["shift_id"], strict=True)}
    rows = []
    seen = set()
    for e, name, d, s in zip(after["employee_id"], after["employee_name"], after["date"],
                             after["shift_id"], strict=True):
        key = (str(e), parse_date(d))
        seen.add(key)
        was = old.get(key, "")
        if was != str(s):
            rows.append([key[0], str(name), key[1], was, str(s)])
    for key, was in old.items():
        if key not in seen:
            rows.append([key[0], "", key[1], was, ""])
    return pd.DataFrame(rows, columns=["employee_id", "employee_name", "date", "before",
                                       "after"])


# ------------------------------------------------------------------ editable sections
ColumnKind = Literal["text", "list", "number", "int", "bool", "date", "dates", "map"]


@dataclass(frozen=True)
class Column:
    """One column of an editable section: the item's field and how it is written.

    ``list`` fields are written ``a, b`` (empty: none, or ``None`` for ``nullable``),
    ``map`` fields ``evening: 12, day: 20``, ``dates`` fields ``2026-10-01, 2026-10-02``.
    """

    name: str
    kind: ColumnKind = "text"
    nullable: bool = False  # an empty list cell means null (e.g. "all shifts")


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]  # where the list lives in the scenario, e.g. ("calendar", "holidays")
    columns: tuple[Column, ...]
    key: str | None = None  # items with this field keep their hidden fields across edits
    scalar: bool = False  # a list of plain values (dates), one column "date"


SECTIONS: dict[str, Section] = {
    "employees": Section(("employees",), (
        Column("id"), Column("name"), Column("skills", "list"),
        Column("shifts", "list", nullable=True), Column("contract_hours_per_week", "number"),
        Column("min_hours_per_week", "number"), Column("max_hours_per_week", "number"),
        Column("max_shifts", "map"), Column("role"), Column("holiday_days_worked", "int"),
        Column("crew"), Column("rotation_offset", "int"), Column("history", "list")),
        key="id"),
    "shifts": Section(("shifts",), (
        Column("id"), Column("name"), Column("family"), Column("segments", "list"),
        Column("color"))),
    "coverage": Section(("coverage",), (
        Column("shift"), Column("skill"), Column("min", "int"), Column("target", "int"),
        Column("min_soft", "bool"), Column("dates", "dates", nullable=True),
        Column("weekdays", "list", nullable=True), Column("day_types", "list", nullable=True))),
    "leave": Section(("leave",), (
        Column("employee"), Column("start", "date"), Column("end", "date"), Column("reason"))),
    "day_off_wishes": Section(("day_off_wishes",), (
        Column("employee"), Column("date", "date"), Column("weight", "int"))),
    "shift_wishes": Section(("shift_wishes",), (
        Column("employee"), Column("date", "date"), Column("shift"), Column("want", "bool"),
        Column("weight", "int"))),
    "locks": Section(("locks",), (
        Column("employee"), Column("date", "date"), Column("shift"))),
    "holidays": Section(("calendar", "holidays"), (Column("date", "date"),), scalar=True),
    "not_holidays": Section(("calendar", "not_holidays"), (Column("date", "date"),),
                            scalar=True),
    "makeup_workdays": Section(("calendar", "makeup_workdays"), (Column("date", "date"),),
                               scalar=True),
    "peak_days": Section(("calendar", "peak_days"), (
        Column("date", "date"), Column("multiplier", "number"), Column("name"))),
    "holiday_cover": Section(("rules", "holiday_cover"), (
        Column("family"), Column("min", "int"), Column("skill"))),
    "forbidden_successions": Section(("rules", "forbidden_successions"), (
        Column("first"), Column("then"))),
}

_SEPARATORS = (",", "，", ";", "；", "、")


def _split(text: str) -> list[str]:
    for sep in _SEPARATORS[1:]:
        text = text.replace(sep, ",")
    return [part.strip() for part in text.split(",") if part.strip()]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if value is pd.NA or value is pd.NaT:
            return True
    except TypeError:  # pragma: no cover - exotic values
        return False
    return isinstance(value, str) and not value.strip()


def _cell_out(value: Any, column: Column) -> Any:
    """A scenario value as a table cell."""
    if column.kind in ("list", "dates"):
        return "" if value is None else ", ".join(str(v) for v in value)
    if column.kind == "map":
        return ", ".join(f"{k}: {v}" for k, v in (value or {}).items())
    if column.kind == "date":
        return None if value is None else dt.date.fromisoformat(str(value))
    if column.kind == "bool":
        return bool(value)
    if column.kind in ("number", "int"):
        return None if value is None else value
    return "" if value is None else str(value)


def _cell_in(value: Any, column: Column) -> Any:
    """A table cell as scenario data; ``_MISSING`` leaves the field to its default."""
    if column.kind == "bool":
        return _MISSING if _blank(value) else bool(value)
    if _blank(value):
        return None if column.nullable else _MISSING
    if column.kind in ("list", "dates"):
        return _split(str(value))
    if column.kind == "map":
        out: dict[str, Any] = {}
        for part in _split(str(value)):
            name, _, number = part.partition(":")
            out[name.strip()] = number.strip()
        return out
    if column.kind == "date":
        if isinstance(value, dt.datetime | pd.Timestamp):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).strip()
    if column.kind in ("number", "int"):
        if hasattr(value, "item"):  # numpy scalars from a table
            value = value.item()
        if isinstance(value, float) and column.kind == "int" and value.is_integer():
            return int(value)
        return value
    return str(value).strip() if isinstance(value, str) else value


class _Missing:
    pass


_MISSING = _Missing()


def _get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    for part in path:
        data = data.get(part) or {}
    return data


def section_frame(scenario: Scenario, section: str) -> pd.DataFrame:
    """The items of one list of the scenario as a table (one row per item)."""
    spec = SECTIONS[section]
    items = _get(scenario.model_dump(mode="json"), spec.path) or []
    names = [c.name for c in spec.columns]
    if spec.scalar:
        rows = [[_cell_out(v, spec.columns[0])] for v in items]
    else:
        rows = [[_cell_out(item.get(c.name), c) for c in spec.columns] for item in items]
    return typed_section_frame(section, pd.DataFrame(rows, columns=names))


def typed_section_frame(section: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (e.g. as a table editor hands it back) with the column types of the
    section's table: dates as dates (an editor that started empty gives them back as
    text), numbers as numbers; a cell that cannot be read as its type is left empty."""
    spec = SECTIONS[section]
    frame = frame.copy()
    for c in spec.columns:
        if c.name not in frame.columns:
            continue
        if c.kind in ("number", "int"):
            numbers = pd.to_numeric(frame[c.name], errors="coerce")
            frame[c.name] = (numbers.astype("float64") if c.kind == "number"
                             else numbers.round().astype("Int64"))
        elif c.kind == "bool":
            frame[c.name] = frame[c.name].fillna(False).astype(bool)
        elif c.kind == "date":
            frame[c.name] = frame[c.name].map(_date_or_none).astype(object)
        else:
            frame[c.name] = frame[c.name].astype(object)
    return frame


def _date_or_none(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


def section_items(scenario: Scenario, section: str, frame: pd.DataFrame
                  ) -> tuple[list[Any], list[int]]:
    """The rows of an edited table as scenario data (not yet validated), and the table
    row of each item: rows left entirely empty are dropped, hidden fields of keyed items
    are kept."""
    spec = SECTIONS[section]
    original = _get(scenario.model_dump(mode="json"), spec.path) or []
    by_key = ({str(item.get(spec.key)): item for item in original}
              if spec.key is not None else {})
    items: list[Any] = []
    rows: list[int] = []
    for row_no, record in enumerate(frame.to_dict("records")):
        cells = {c.name: record.get(c.name) for c in spec.columns}
        if all(_blank(v) or (isinstance(v, bool) and not v) for v in cells.values()):
            continue
        rows.append(row_no)
        if spec.scalar:
            value = _cell_in(cells[spec.columns[0].name], spec.columns[0])
            items.append(None if value is _MISSING else value)
            continue
        item: dict[str, Any] = {}
        if spec.key is not None and not _blank(cells.get(spec.key)):
            item = dict(by_key.get(str(cells[spec.key]).strip(), {}))
        for c in spec.columns:
            value = _cell_in(cells[c.name], c)
            if value is _MISSING:
                item.pop(c.name, None)
            else:
                item[c.name] = value
        items.append(item)
    return items, rows


def apply_section(scenario: Scenario, section: str, frame: pd.DataFrame) -> Scenario:
    """The scenario with one list replaced by the rows of ``frame``, validated.

    Raises :class:`~scheduler.io.ScenarioError` whose rows name the field
    (``employees[3].skills``), the value found and what is wrong.
    """
    spec = SECTIONS[section]
    data = scenario.model_dump(mode="json")
    target = data
    for part in spec.path[:-1]:
        target = target.setdefault(part, {})
    items, rows = section_items(scenario, section, frame)
    target[spec.path[-1]] = items
    try:
        return _revalidated(scenario, data, section)
    except ScenarioError as exc:
        # name the table row, not the position among the non-empty rows
        prefix = re.compile("^" + re.escape(".".join(spec.path)) + r"\[(\d+)\]")

        def row_of(match: re.Match[str]) -> str:
            index = int(match.group(1))
            return f"{'.'.join(spec.path)}[{rows[index] if index < len(rows) else index}]"

        raise ScenarioError(exc.source, [
            FieldError(prefix.sub(row_of, p.field, count=1), p.message, p.value)
            for p in exc.problems]) from None


def _revalidated(scenario: Scenario, data: dict[str, Any], source: str) -> Scenario:
    """``scenario`` with the top-level fields of ``data`` that differ, through
    :meth:`Scenario.replace` (which validates and keeps what the scenario carries beside
    its fields); errors as rows."""
    current = scenario.model_dump(mode="json")
    changes = {key: value for key, value in data.items() if current.get(key) != value}
    if not changes:
        return scenario
    try:
        return scenario.replace(**changes)
    except ValidationError as exc:
        raise ScenarioError(source, problems_from(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ScenarioError(source, [FieldError("", str(exc))]) from None


def replace_fields(scenario: Scenario, changes: dict[str, Any], source: str = "edit"
                   ) -> Scenario:
    """The scenario with dotted fields set (``{"rules.min_rest_hours": 10}``), validated;
    ``None`` sets a field to null. Raises :class:`~scheduler.io.ScenarioError`."""
    data = scenario.model_dump(mode="json")
    for dotted, value in changes.items():
        parts = dotted.split(".")
        target = data
        for part in parts[:-1]:
            if not isinstance(target.get(part), dict):
                target[part] = {}
            target = target[part]
        target[parts[-1]] = value.isoformat() if isinstance(value, dt.date) else value
    return _revalidated(scenario, data, source)


def set_lock(scenario: Scenario, employee: str, date: dt.date, shift: str | None
             ) -> Scenario:
    """The scenario with the cell (employee, date) locked to ``shift`` (a shift id or
    ``OFF``), or unlocked when ``shift`` is None. Raises ScenarioError (e.g. a lock on a
    leave day)."""
    locks = [lk.model_dump(mode="json") for lk in scenario.locks
             if not (lk.employee == employee and lk.date == date)]
    if shift is not None:
        locks.append({"employee": employee, "date": date.isoformat(), "shift": shift})
    data = scenario.model_dump(mode="json")
    data["locks"] = locks
    return _revalidated(scenario, data, "locks")


def lock_roster(scenario: Scenario, roster: pd.DataFrame, employee: str) -> Scenario:
    """The scenario with every cell of one person locked as the roster has it (leave
    days are left alone: leave is fixed already)."""
    sc = scenario
    for emp_id, date, shift in zip(roster["employee_id"], roster["date"], roster["shift_id"],
                                   strict=True):
        if str(emp_id) == employee and str(shift) != LEAVE:
            sc = set_lock(sc, employee, parse_date(date), str(shift))
    return sc


# ------------------------------------------------------------------ files as bytes
RosterFormat = Literal["long_csv", "wide_csv", "xlsx"]


def roster_bytes(roster: pd.DataFrame, problem: Problem, fmt: RosterFormat) -> bytes:
    """The bytes :func:`scheduler.write_roster` writes for ``fmt``."""
    if fmt == "xlsx":
        return xlsx_bytes(roster, problem)
    return csv_bytes(to_wide(roster) if fmt == "wide_csv" else roster)


def scenario_bytes(scenario: Scenario, fmt: Literal["yaml", "json"] = "yaml") -> bytes:
    """The bytes :func:`scheduler.save_scenario` writes."""
    return dump_scenario(scenario, fmt).encode("utf-8")


def scenario_from_bytes(data: bytes, name: str) -> Scenario:
    """A scenario from an uploaded YAML or JSON file; ScenarioError when it is not one."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(name, [FieldError("", "the file is not UTF-8 text")]) from None
    return scenario_from_dict(parse_text(text, name), name)


def template_scenario(start: dt.date) -> Scenario:
    """A small valid scenario to start from: a day and an evening shift, four people,
    four weeks from ``start``."""
    return scenario_from_dict({
        "name": "New team",
        "horizon": {"start": start.isoformat(), "num_days": 28},
        "shifts": [
            {"id": "day", "name": "白班", "family": "day",
             "segments": ["08:30-12:00", "13:00-17:30"]},
            {"id": "evening", "name": "晚班", "family": "evening",
             "segments": ["14:00-18:00", "19:00-23:00"]},
        ],
        "employees": [{"id": f"E{i:02d}", "name": f"客服{i}", "skills": ["pre_sales"]}
                      for i in range(1, 5)],
        "coverage": [{"shift": "day", "min": 1, "target": 1},
                     {"shift": "evening", "min": 1, "target": 1}],
        "rules": {"forbidden_successions": [{"first": "evening", "then": "day"}]},
    }, "template")


# ------------------------------------------------------------------ service from chat demand
INTERVAL_COLUMNS = ["interval_start", "skill", "open", "chats", "required", "scheduled",
                    "short", "within_target", "within_3min", "asa_seconds"]


def interval_cover(staffing: pd.DataFrame, intervals: pd.DataFrame | None, date: dt.date
                   ) -> pd.DataFrame:
    """Per interval and skill of ``date``: chats, required agents (``Problem.staffing``),
    agents on the roster and the predicted service (``ServicePrediction.intervals``;
    zero agents when there is none), and ``short``: required minus scheduled, at least 0."""
    keys = ["date", "interval_start", "skill"]
    need = staffing[staffing["date"] == date][[*keys, "open", "chats", "required"]]
    if intervals is None or intervals.empty:
        have = pd.DataFrame(columns=[*keys, "scheduled", "within_target", "within_3min",
                                     "asa_seconds"])
    else:
        have = intervals[intervals["date"] == date][
            [*keys, "scheduled", "within_target", "within_3min", "asa_seconds"]]
    out = need.merge(have, on=keys, how="left").reset_index(drop=True)
    out["scheduled"] = out["scheduled"].astype(float).fillna(0.0).round(2)
    for name in ("within_target", "within_3min"):
        out[name] = out[name].astype(float).fillna(0.0)
    out["asa_seconds"] = out["asa_seconds"].astype(float)
    out["required"] = out["required"].astype(int)
    out["short"] = (out["required"] - out["scheduled"]).clip(lower=0).round(2)
    out["open"] = out["open"].astype(bool)
    return out[INTERVAL_COLUMNS]


SERVICE_METRICS = ("reply_3min", "pdd_one_hour", "online_hours")


def reply_target(demand: Any) -> float | None:
    """The share of chats a skill must answer within 3 minutes, as :func:`service_days`
    judges it: Kuaishou's 70% for Kuaishou skills, else the skill's own target share
    when its target time is 3 minutes; None when nothing is judged."""
    if getattr(demand, "platform", None) == "kuaishou":
        return KUAISHOU_MIN_REPLY_RATE
    service = getattr(demand, "service", None)
    if service is not None and float(service.target_seconds) == 180.0:
        return float(service.target_share)
    return None


def service_days(days: pd.DataFrame, demands: list[Any]) -> pd.DataFrame:
    """The daily prediction (``ServicePrediction.days``) as one row per date, skill and
    metric that applies to the skill's platform: ``value`` and whether it is ``ok``
    (None: nothing to judge against).

    * ``reply_3min``: share of chats answered within 3 minutes; judged against the
      skill's target share when its target is 3 minutes (Pinduoduo, Kuaishou), against
      Kuaishou's 70% for Kuaishou.
    * ``pdd_one_hour`` (Pinduoduo): share of the 08:00-23:00 chats answered within an
      hour; ok when the rule is met (fewer than 100 such chats, or at least 50%).
    * ``online_hours`` (Kuaishou): hours with someone on duty; ok from 16 hours.
    """
    by_skill = {d.skill: d for d in demands}
    rows: list[list[Any]] = []
    for rec in days.to_dict("records"):
        demand = by_skill.get(rec["skill"])
        platform = getattr(demand, "platform", None)
        rate = float(rec["reply_rate_3min"])
        target = reply_target(demand)
        ok = None if target is None else rate >= target - 1e-9
        rows.append([rec["date"], rec["skill"], "reply_3min", rate, ok])
        if platform == "pinduoduo":
            rows.append([rec["date"], rec["skill"], "pdd_one_hour",
                         float(rec["pdd_effective_rate"]), bool(rec["pdd_one_hour_ok"])])
        if platform == "kuaishou":
            rows.append([rec["date"], rec["skill"], "online_hours",
                         float(rec["online_hours"]), bool(rec["kuaishou_online_ok"])])
    return pd.DataFrame(rows, columns=["date", "skill", "metric", "value", "ok"])


def service_overview(daily: pd.DataFrame) -> pd.DataFrame:
    """Per skill and metric of :func:`service_days`: the lowest and mean value, and the
    days that miss (``ok`` False)."""
    rows = []
    for (skill, metric), part in daily.groupby(["skill", "metric"], sort=False):
        values = part["value"].astype(float)
        missed = int((part["ok"] == False).sum())  # noqa: E712 - None is not a miss
        rows.append([skill, metric, float(values.min()), float(values.mean()), missed])
    return pd.DataFrame(rows, columns=["skill", "metric", "lowest", "mean", "days_missed"])


# ------------------------------------------------------------------ sick calls and repair
def absence_days(employee: str, first: dt.date, last: dt.date) -> list[Absence]:
    """One absence from ``first`` to ``last``; ValueError when it ends before it starts."""
    if last < first:
        raise ValueError(f"the absence ends ({last}) before it starts ({first})")
    return [Absence(employee, first, last)]


def mended_result(scenario: Scenario, repaired: RepairResult) -> Result:
    """A repaired roster as a :class:`Result` of ``scenario`` (the scenario with the
    absences as leave): its penalties, cost and predicted service."""
    if repaired.roster is None:
        raise ValueError("the repair found no roster")
    problem = Problem(scenario)
    grid = frame_to_grid(problem, repaired.roster, "repaired roster")
    return Result(Status.FEASIBLE, repaired.roster, objective=repaired.objective,
                  penalties=list(repaired.penalties), wall_time=repaired.wall_time,
                  service=roster_service(problem, grid))


def named_changes(repaired: RepairResult, scenario: Scenario, lang: Lang | None = None,
                  problem: Problem | None = None) -> pd.DataFrame:
    """The repair's changes with each person's name: employee_id, employee_name, date,
    from, to, absence (the absence itself) and cover (people on the shifts involved that
    day against their minimum and target).

    With ``lang`` the cover is worded in that language, each shift by its name, from the
    repaired roster (``problem``: the one of ``scenario``, built when not given);
    without it, it is the repair's own English note."""
    frame = repaired.changes_frame()
    names = {e.id: e.display_name for e in scenario.employees}
    frame.insert(1, "employee_name", frame["employee_id"].map(names).fillna(""))
    if lang is not None and repaired.roster is not None and repaired.changes:
        problem = problem if problem is not None else Problem(scenario)
        grid = frame_to_grid(problem, repaired.roster, "repaired roster")
        frame["cover"] = [cover_text(change_cover(problem, grid, c), lang, problem)
                          for c in repaired.changes]
    return frame


VIOLATION_ROW_COLUMNS = ["rule", "employee_id", "date", "message"]


def violation_rows(violations: list[Violation], lang: Lang = "en",
                   problem: Problem | None = None) -> pd.DataFrame:
    """Rule id, person, date and the sentence of each broken rule in ``lang`` (with
    ``problem``: people and shifts named)."""
    rows = [(v.rule, v.employee or "", v.date, describe_violation(v, lang, problem))
            for v in violations]
    return pd.DataFrame(rows, columns=VIOLATION_ROW_COLUMNS)


# ------------------------------------------------------------------ wishes
WISH_RULES = ("day_off_wish", "shift_wish")


def wish_penalties(penalties: list[Penalty]) -> list[int]:
    """Positions in ``penalties`` of the unmet day-off and shift wishes of one person on
    one date (the ones :func:`scheduler.cpsat.explain.why_not` explains)."""
    return [k for k, p in enumerate(penalties)
            if p.rule in WISH_RULES and p.employee is not None and p.date is not None]
