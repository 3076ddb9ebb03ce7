"""Reader of the Curtois & Qu shift scheduling benchmark format (``InstanceN.txt``).

The text format has sections (``SECTION_HORIZON``, ``SECTION_SHIFTS``, ``SECTION_STAFF``,
``SECTION_DAYS_OFF``, ``SECTION_SHIFT_ON_REQUESTS``, ``SECTION_SHIFT_OFF_REQUESTS``,
``SECTION_COVER``) of comma-separated lines; ``#`` starts a comment. The scenario built
here has the benchmark's objective as its objective, exactly:

* day 0 is a Monday (2024-01-01), with no holiday calendar;
* a shift without clock times gets one synthetic segment of its length from midnight,
  no minimum rest and no limit on continuous work; ``cannot follow`` lists become
  forbidden successions;
* per person: the allowed shifts (those with a maximum above 0), the maximum of each
  shift type, min/max total minutes, min/max consecutive working days, minimum
  consecutive days off and maximum weekends worked; days off are ``OFF`` locks;
* shift-on requests are wanted shifts and shift-off requests unwanted shifts, with the
  file's weights;
* cover is a coverage target per day and shift (minimum 0) with the file's under and
  over weights;
* every other soft rule weighs 0 and there is no weekly day-off rule.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from scheduler.io import FieldError, ScenarioError
from scheduler.scenario import Scenario, Weights

START = dt.date(2024, 1, 1)  # a Monday
SECTIONS = ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF", "SECTION_DAYS_OFF",
            "SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS", "SECTION_COVER")
_FIELDS = {"SECTION_SHIFTS": (2, 3), "SECTION_STAFF": (8, 8), "SECTION_SHIFT_ON_REQUESTS": (4, 4),
           "SECTION_SHIFT_OFF_REQUESTS": (4, 4), "SECTION_COVER": (5, 5)}


class NrpError(ScenarioError):
    """A benchmark file that cannot be read: file, line and what is wrong."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        where = f"line {line}" if line is not None else ""
        super().__init__(source, [FieldError(where, message)])
        self.line = line


def is_nrp_text(text: str) -> bool:
    """True when ``text`` looks like a benchmark instance (its section headers)."""
    heads = {ln.strip() for ln in text.splitlines() if ln.strip().startswith("SECTION_")}
    return {"SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"} <= heads


def _sections(text: str, source: str) -> dict[str, list[tuple[int, list[str]]]]:
    out: dict[str, list[tuple[int, list[str]]]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                raise NrpError(source, number, f"unknown section {line!r}")
            if line in out:
                raise NrpError(source, number, f"section {line} appears twice")
            current = line
            out[line] = []
            continue
        if current is None:
            raise NrpError(source, number, f"data before the first section: {line!r}")
        out[current].append((number, [f.strip() for f in line.split(",")]))
    for name in ("SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"):
        if not out.get(name):
            raise NrpError(source, None, f"{name} is missing or empty")
    return out


def _int(value: str, source: str, line: int, what: str) -> int:
    if not re.fullmatch(r"-?\d{1,9}", value):
        raise NrpError(source, line, f"{what} must be a whole number, got {value!r}")
    number = int(value)
    if number < 0:
        raise NrpError(source, line, f"{what} must not be negative, got {number}")
    return number


def read_nrp_text(text: str, source: str = "instance") -> Scenario:
    """The scenario of a benchmark instance given as text (see the module docstring)."""
    sec = _sections(text, source)

    def fields(name: str) -> list[tuple[int, list[str]]]:
        rows = sec.get(name, [])
        low, high = _FIELDS[name]
        for number, row in rows:
            if not low <= len(row) <= high:
                want = str(low) if low == high else f"{low} or {high}"
                raise NrpError(source, number, f"{name}: expected {want} comma-separated"
                               f" fields, got {len(row)}")
        return rows

    h_line, h_row = sec["SECTION_HORIZON"][0]
    if len(sec["SECTION_HORIZON"]) != 1 or len(h_row) != 1:
        raise NrpError(source, h_line, "SECTION_HORIZON holds one number, the days")
    days = _int(h_row[0], source, h_line, "the horizon length")
    if not 1 <= days <= 400:
        raise NrpError(source, h_line, f"the horizon must be 1 to 400 days, got {days}")

    shifts: list[dict[str, Any]] = []
    lengths: dict[str, int] = {}
    successions: list[tuple[int, str, str]] = []
    for number, row in fields("SECTION_SHIFTS"):
        sid = row[0]
        if not sid or sid in lengths:
            raise NrpError(source, number, f"shift id {sid!r} is empty or used twice")
        minutes = _int(row[1], source, number, f"the length of shift {sid}")
        if not 1 <= minutes < 24 * 60:
            raise NrpError(source, number, f"shift {sid} lasts {minutes} minutes; 1 to 1439"
                           " are supported")
        lengths[sid] = minutes
        shifts.append({"id": sid, "segments": [
            f"00:00-{minutes // 60:02d}:{minutes % 60:02d}"]})
        if len(row) == 3 and row[2]:
            successions += [(number, sid, then.strip()) for then in row[2].split("|")]
    forbidden = []
    for number, first, then in successions:
        if then not in lengths:
            raise NrpError(source, number, f"shift {first}: unknown shift {then!r} in the"
                           " shifts that cannot follow")
        forbidden.append({"first": first, "then": then})

    employees: list[dict[str, Any]] = []
    staff: set[str] = set()
    for number, row in fields("SECTION_STAFF"):
        eid = row[0]
        if not eid or eid in staff:
            raise NrpError(source, number, f"employee id {eid!r} is empty or used twice")
        staff.add(eid)
        limits: dict[str, int] = {}
        for item in filter(None, row[1].split("|")):
            sid, _, value = item.partition("=")
            if sid.strip() not in lengths:
                raise NrpError(source, number, f"employee {eid}: unknown shift {sid!r}")
            limits[sid.strip()] = _int(value.strip(), source, number,
                                       f"employee {eid}'s maximum of {sid}")
        max_total, min_total, max_run, min_run, min_off, max_weekends = (
            _int(v, source, number, f"employee {eid}'s field {k + 3}")
            for k, v in enumerate(row[2:8]))
        if min_total > max_total:
            raise NrpError(source, number, f"employee {eid}: minimum total minutes"
                           f" {min_total} above the maximum {max_total}")
        allowed = [sid for sid in lengths if limits.get(sid, days) > 0]
        employees.append({
            "id": eid, "shifts": allowed,
            "max_shifts": {sid: n for sid, n in limits.items() if 0 < n < days},
            "max_hours_total": max_total / 60, "min_hours_total": min_total / 60,
            "max_consecutive_work_days": max(1, max_run) if max_run < days else None,
            "min_consecutive_work_days": min_run if min_run > 1 else None,
            "min_consecutive_days_off": min_off if min_off > 1 else None,
            "max_weekends_worked": max_weekends,
        })
        if max_run < 1:
            raise NrpError(source, number, f"employee {eid}: maximum consecutive shifts must"
                           " be at least 1")

    def cell(number: int, eid: str, day_text: str) -> dt.date:
        if eid not in staff:
            raise NrpError(source, number, f"unknown employee {eid!r}")
        day = _int(day_text, source, number, "the day index")
        if day >= days:
            raise NrpError(source, number, f"day {day} is outside the horizon 0..{days - 1}")
        return START + dt.timedelta(days=day)

    locks: dict[tuple[str, dt.date], dict[str, str]] = {}
    for number, row in sec.get("SECTION_DAYS_OFF", []):
        for day_text in filter(None, row[1:]):
            date = cell(number, row[0], day_text)
            locks[row[0], date] = {"employee": row[0], "date": date.isoformat(),
                                   "shift": "OFF"}

    wishes: dict[tuple[str, dt.date, str], dict[str, Any]] = {}
    for name, want in (("SECTION_SHIFT_ON_REQUESTS", True),
                       ("SECTION_SHIFT_OFF_REQUESTS", False)):
        for number, row in fields(name):
            date = cell(number, row[0], row[1])
            if row[2] not in lengths:
                raise NrpError(source, number, f"unknown shift {row[2]!r}")
            weight = _int(row[3], source, number, "the request's weight")
            key = (row[0], date, row[2])
            if key in wishes and wishes[key]["want"] != want:
                raise NrpError(source, number, f"{row[0]} both requests and refuses shift"
                               f" {row[2]} on day {row[1]}")
            if key in wishes:  # the same request twice: the weights add up
                wishes[key]["weight"] += weight
            else:
                wishes[key] = {"employee": row[0], "date": date.isoformat(), "shift": row[2],
                               "want": want, "weight": weight}

    # one coverage rule per shift and (requirement, under, over), listing its dates
    groups: dict[tuple[str, int, int, int], list[str]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for number, row in fields("SECTION_COVER"):
        day = _int(row[0], source, number, "the day index")
        if day >= days:
            raise NrpError(source, number, f"day {day} is outside the horizon 0..{days - 1}")
        if row[1] not in lengths:
            raise NrpError(source, number, f"unknown shift {row[1]!r}")
        if (day, row[1]) in seen:
            raise NrpError(source, number, f"cover of shift {row[1]} on day {day} is given"
                           " twice")
        seen.add((day, row[1]))
        need, under, over = (_int(v, source, number, what) for v, what in zip(
            row[2:5], ("the requirement", "the under-cover weight", "the over-cover weight"),
            strict=True))
        groups[row[1], need, under, over].append((START + dt.timedelta(days=day)).isoformat())
    coverage = [{"shift": sid, "min": 0, "target": need, "under_weight": under,
                 "over_weight": over, "dates": dates}
                for (sid, need, under, over), dates in groups.items()]

    weights = {name: 0 for name in Weights.model_fields}
    data = {
        "name": Path(source).stem,
        "horizon": {"start": START.isoformat(), "num_days": days},
        "calendar": {"country": None},
        "shifts": shifts,
        "employees": employees,
        "coverage": coverage,
        "locks": list(locks.values()),
        "shift_wishes": list(wishes.values()),
        "rules": {
            "max_consecutive_work_days": None, "min_days_off_per_week": None,
            "min_rest_hours": None, "max_continuous_work_hours": 24,
            "forbidden_successions": forbidden, "holiday_max_spread": None,
            "weights": weights,
        },
    }
    try:
        return Scenario.model_validate(data)
    except ValueError as exc:
        raise NrpError(source, None, f"not a valid scenario: {exc}") from None


def read_nrp(path: str | Path) -> Scenario:
    """The scenario of the benchmark instance in ``path`` (see the module docstring)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise NrpError(str(path), None, f"cannot read the file: {exc}") from None
    return read_nrp_text(text, str(path))
