"""Staffing from chat volume: demand, forecast, Erlang C / Erlang A with chat concurrency.

Dependency decision: pyworkforce (judged on 0.5.1, its latest release, of August 2023) is
not used.
- Maintenance: no release since 2023; classifiers stop at Python 3.11; it pulls in joblib
  and OR-Tools (for its rostering half) for what here is a few lines of numpy.
- Scope: Erlang C only (no Erlang A, no abandonment), no chat concurrency, one Python
  object per interval with a Python loop per agent count (nothing vectorised).
- Correctness: it reproduces the textbook Erlang C values (10 Erlangs, 14 agents: 88.8%
  answered within 20 s, probability of waiting 0.174), but its search starts at
  ``round(traffic + 1)`` agents, so with a fractional load it can skip the smallest
  answer: 318 chats per 30 min at 60 s (10.6 Erlangs), 70% within 180 s is met by 11
  agents (73.9%), and it returns 12. Below ``servers <= traffic`` its probability of
  waiting is not clamped (1.42 for 10 Erlangs on 9 agents).
The formulas written here are short, tested against exact arithmetic, and keep this module
pure (numpy, pandas, pydantic: no OR-Tools, no Streamlit).

The queueing model
------------------
Chats arrive at random (Poisson) within an interval at the forecast rate; handling times
are exponential with mean ``aht_seconds``. **Concurrency**: an agent who handles ``c``
chats at once is modelled as ``c`` parallel servers, each with the full handling time
(``aht_seconds`` is the elapsed time a chat occupies one of the agent's chat slots, which is
what chat workbenches report as conversation duration at the usual concurrency). The slots
of all agents are pooled: a new chat waits only when every slot of every online agent is
busy, as with a workbench that assigns chats to any agent with a free slot. So ``N``
agents give ``N * c`` servers, the offered load is ``chats * aht / interval`` Erlangs, and
agent occupancy is ``load / (N * c)``. The approximation ignores that an agent juggling
more chats answers each one a little more slowly (take ``aht_seconds`` as measured at the
planned concurrency) and that one agent's slots are not independent of each other.
Dividing the handling time by ``c`` and keeping ``N`` servers instead would model each
agent as one faster server; that loses the pooling of slots and overstates waiting, so it
is not used.

Without patience the model is Erlang C (M/M/n). With ``patience_seconds`` (exponential
patience) it is Erlang A (M/M/n+M); a buyer who gives up before the reply counts as not
answered in time. Erlang B is computed by its recursion ``B(n) = A B(n-1) / (n + A B(n-1))``,
which stays in [0, 1] for any load (thousands of Erlangs do not overflow), vectorised over
intervals; the Erlang A series are summed in log space.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from scheduler.clock import format_clock, parse_clock

MINUTES_PER_DAY = 24 * 60
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
IntervalMinutes = Literal[15, 30, 60]
Multipliers = Mapping[Any, float]  # date (or ISO date text) -> factor on that day's chats
FloatArray = np.ndarray[Any, np.dtype[np.float64]]
IntArray = np.ndarray[Any, np.dtype[np.int64]]

# Platform rules used by the daily summary of predicted_service (../shared/domain.md,
# section "Service levels"; defaults a supervisor may change).
REPLY_RATE_SECONDS = 180.0  # the "3-minute reply rate" (Pinduoduo, Kuaishou)
PDD_EFFECTIVE_REPLY_SECONDS = 3600.0  # Pinduoduo: reply within 1 hour is effective ...
PDD_WINDOW = (8 * 60, 23 * 60)  # ... for messages between 08:00 and 23:00
PDD_MIN_EFFECTIVE_RATE = 0.5  # a rate under 50% can be fined ...
PDD_MIN_BUYERS = 100  # ... when 100 or more buyers wrote that day
KUAISHOU_MIN_REPLY_RATE = 0.70  # Kuaishou: 3-minute reply rate of at least 70%
KUAISHOU_MIN_ONLINE_HOURS = 16.0  # Kuaishou: online at least 16 hours a day



class DemandDataError(ValueError):
    """A demand file (history CSV) that cannot be used; the message names file, row, column."""




def _parse_range(text: str) -> tuple[int, int]:
    parts = text.split("-")
    if len(parts) != 2:
        raise ValueError(f"service hours {text!r} are not HH:MM-HH:MM")
    try:
        start, end = parse_clock(parts[0]), parse_clock(parts[1])
    except ValueError as exc:
        raise ValueError(f"service hours {text!r}: {exc}") from None
    if start == MINUTES_PER_DAY:
        raise ValueError(f"service hours {text!r} start at 24:00")
    if start == end:
        raise ValueError(f"service hours {text!r} are empty (use 00:00-24:00 for all day)")
    return start, end


# ---------------------------------------------------------------------------------------
# Input models
# ---------------------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ServiceParams(_Model):
    """Queue parameters of one shop/skill.

    ``target_share`` of the chats should get their first reply within ``target_seconds``
    (e.g. 80% within 180 s). ``shrinkage`` is the share of rostered time not spent online
    (breaks, meetings, training); ``max_occupancy`` caps the busy share of the online
    agents' chat slots. ``patience_seconds`` (mean time a buyer waits before leaving)
    switches from Erlang C to Erlang A. ``min_agents`` is a floor on the requirement in
    every interval within service hours (e.g. 1: someone is always online).
    """

    aht_seconds: float = Field(gt=0, le=6 * 3600)
    concurrency: int = Field(default=1, ge=1, le=20)
    target_seconds: float = Field(ge=0, le=24 * 3600)
    target_share: float = Field(gt=0, lt=1)
    patience_seconds: float | None = Field(default=None, gt=0, le=24 * 3600)
    shrinkage: float = Field(default=0.0, ge=0, lt=1)
    max_occupancy: float = Field(default=1.0, gt=0, le=1)
    min_agents: int = Field(default=0, ge=0, le=10_000)


class PlatformPreset(_Model):
    """Reply-time target of a platform; merged under a demand's own ``service`` values."""

    target_seconds: float
    target_share: float
    source: str


# Numbers from ../shared/domain.md, section "Service levels". Where that section names a
# time but no share, the share is 0.8 (the usual 80/x service-level convention) and says so.
PLATFORM_PRESETS: dict[str, PlatformPreset] = {
    "pinduoduo": PlatformPreset(
        target_seconds=180, target_share=0.8,
        source="Service levels: Pinduoduo's 3-minute reply rate gates promotions (share 0.8 "
               "assumed; its 1-hour rule is checked per day by predicted_service)"),
    "kuaishou": PlatformPreset(
        target_seconds=180, target_share=0.7,
        source="Service levels: Kuaishou 3-minute reply rate of at least 70%"),
    "tmall": PlatformPreset(
        target_seconds=60, target_share=0.8,
        source="Service levels: Tmall handbook, evening staff answer within 1 minute "
               "(share 0.8 assumed)"),
    "taobao": PlatformPreset(
        target_seconds=60, target_share=0.8,
        source="Service levels: typical KPI, average response 50-60 s (no platform rule "
               "given; share 0.8 assumed)"),
    "jd": PlatformPreset(
        target_seconds=60, target_share=0.8,
        source="Service levels: typical KPI, average response 50-60 s (no platform rule "
               "given; share 0.8 assumed)"),
}
Platform = Literal["pinduoduo", "kuaishou", "tmall", "taobao", "jd"]

Chats = Annotated[float, Field(ge=0, le=1_000_000)]
DayKey = Annotated[str, Field(min_length=1)]


class Demand(_Model):
    """Chat demand and service parameters of one shop/skill.

    Give either ``forecast`` (expected new chats per interval) or ``history`` (a CSV path,
    see :func:`load_history`). ``forecast`` maps a day key to the intervals of that day:
    the key is ``daily`` (every day), a weekday ``mon`` .. ``sun`` or an ISO date
    (``2026-11-11``); more specific keys win. Each value maps an interval start ``HH:MM``
    to chats (intervals left out have none) or is a list of chats for every interval of
    the day from 00:00. ``service`` gives the queue parameters; with ``platform`` the
    platform's reply-time target (:data:`PLATFORM_PRESETS`) fills in ``target_seconds``
    and ``target_share`` unless ``service`` sets them.
    """

    skill: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[^\s,;]+$")]
    service_hours: list[str] = Field(default_factory=lambda: ["00:00-24:00"], min_length=1)
    interval_minutes: IntervalMinutes = 30
    forecast: dict[DayKey, dict[str, Chats] | list[Chats]] | None = None
    history: str | None = None
    history_weeks: int = Field(default=4, ge=1, le=104)
    platform: Platform | None = None
    service: ServiceParams
    hard_min: int = Field(
        default=0, ge=0, le=10_000, description="agents with this skill on shift for the whole"
        " of every open interval, as a hard rule (e.g. 1: never unattended)")

    @model_validator(mode="before")
    @classmethod
    def _presets(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if isinstance(data.get("service_hours"), str):
            data["service_hours"] = [data["service_hours"]]
        platform = data.get("platform")
        service = data.get("service")
        if isinstance(platform, str) and platform in PLATFORM_PRESETS:
            preset = PLATFORM_PRESETS[platform]
            if service is None:
                service = {}
            if isinstance(service, dict):
                service = {"target_seconds": preset.target_seconds,
                           "target_share": preset.target_share, **service}
            data["service"] = service
        return data

    @field_validator("service_hours")
    @classmethod
    def _hours(cls, value: list[str]) -> list[str]:
        for text in value:
            _parse_range(text)
        return value

    @field_validator("forecast", mode="before")
    @classmethod
    def _yaml_keys(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted 12:30 as the base-60 integer 750 and a date as a date.
        if not isinstance(value, dict):
            return value
        out: dict[Any, Any] = {}
        for key, day in value.items():
            if isinstance(key, dt.date):
                key = key.isoformat()
            if isinstance(day, dict):
                day = {format_clock(k) if isinstance(k, int) and 0 <= k < MINUTES_PER_DAY else k: v
                       for k, v in day.items()}
            out[key] = day
        return out

    @field_validator("forecast")
    @classmethod
    def _table(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        for key, day in value.items():
            if key not in ("daily", *WEEKDAYS):
                try:
                    dt.date.fromisoformat(key)
                except ValueError:
                    raise ValueError(
                        f"day key {key!r} is not 'daily', a weekday (mon..sun) or an ISO "
                        "date YYYY-MM-DD") from None
            if isinstance(day, dict):
                for start in day:
                    parse_clock(start)
        return value

    @model_validator(mode="after")
    def _source(self) -> Demand:
        if (self.forecast is None) == (self.history is None):
            raise ValueError("give exactly one of 'forecast' and 'history'")
        if self.forecast is not None:
            per_day = MINUTES_PER_DAY // self.interval_minutes
            keys = set(self.forecast)
            if "daily" not in keys and not set(WEEKDAYS) <= keys:
                missing = [w for w in WEEKDAYS if w not in keys]
                raise ValueError("forecast: give 'daily' or all seven weekdays (missing "
                                 + ", ".join(missing) + ")")
            for key, day in self.forecast.items():
                if isinstance(day, list) and len(day) != per_day:
                    raise ValueError(
                        f"forecast[{key}]: a list needs one value per {self.interval_minutes}-"
                        f"minute interval from 00:00 ({per_day}), got {len(day)}")
                if isinstance(day, dict):
                    for start in day:
                        if parse_clock(start) % self.interval_minutes or parse_clock(start) >= 1440:
                            raise ValueError(
                                f"forecast[{key}]: interval start {start!r} is not on the "
                                f"{self.interval_minutes}-minute grid")
        return self

    def open_mask(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Per interval of the day from 00:00: does it overlap the service hours?"""
        step = self.interval_minutes
        starts = np.arange(0, MINUTES_PER_DAY, step)
        mask = np.zeros(starts.size, dtype=bool)
        for text in self.service_hours:
            start, end = _parse_range(text)
            pieces = [(start, end)] if end > start else [(start, MINUTES_PER_DAY), (0, end)]
            for lo, hi in pieces:
                mask |= (starts < hi) & (starts + step > lo)
        return mask

    def forecast_frame(self, start: dt.date, num_days: int,
                       multipliers: Multipliers | None = None,
                       base_dir: str | Path | None = None,
                       exclude: Iterable[dt.date] = ()) -> pd.DataFrame:
        """Expected chats per interval for ``num_days`` days from ``start``.

        From the inline table, or from the history file (relative to ``base_dir``) by
        :func:`forecast_from_history`; ``multipliers`` scale whole days (festivals).
        ``exclude`` drops history days (past festivals) from the averages.
        """
        if self.history is not None:
            path = Path(self.history)
            if base_dir is not None and not path.is_absolute():
                path = Path(base_dir) / path
            counts = load_history(path, self.interval_minutes, skill=self.skill)
            return forecast_from_history(counts, start, num_days, self.interval_minutes,
                                         self.skill, weeks=self.history_weeks,
                                         multipliers=multipliers, exclude=exclude)
        assert self.forecast is not None
        per_day = MINUTES_PER_DAY // self.interval_minutes
        rows: dict[str, FloatArray] = {}
        for key, day in self.forecast.items():
            values = np.zeros(per_day)
            if isinstance(day, list):
                values[:] = day
            else:
                for clock, chats in day.items():
                    values[parse_clock(clock) // self.interval_minutes] = chats
            rows[key] = values
        dates = [start + dt.timedelta(days=i) for i in range(num_days)]
        table = np.empty((num_days, per_day))
        for i, date in enumerate(dates):
            key = date.isoformat()
            if key not in rows:
                key = WEEKDAYS[date.weekday()] if WEEKDAYS[date.weekday()] in rows else "daily"
            table[i] = rows[key]
        return _frame(dates, table, self.interval_minutes, self.skill, multipliers)


# ---------------------------------------------------------------------------------------
# History and forecast
# ---------------------------------------------------------------------------------------


def _fail(path: Path | str, row: int | None, column: str | None, what: str) -> DemandDataError:
    where = str(path)
    if row is not None:
        where += f", row {row}"
    if column is not None:
        where += f", column {column!r}"
    return DemandDataError(f"{where}: {what}")


def load_history(path: str | Path, interval_minutes: int, skill: str | None = None) -> pd.Series:
    """Chats per interval from a history CSV (UTF-8, a BOM is fine).

    Two layouts, told apart by the header:

    - timestamps: a column ``timestamp`` (one row per new chat, ``2026-10-05 08:13:20``);
    - counts: columns ``interval_start`` (``2026-10-05 08:00``) and ``chats`` (a number
      >= 0), at ``interval_minutes`` or finer (finer rows are summed).

    An optional ``skill`` column keeps only the rows of ``skill``. Returns chats per
    interval start (a Series indexed by Timestamp, sorted); a day appears in it when the
    file has at least one row for it (with timestamps: at least one chat), so that days
    missing from the file are told apart from quiet ones. Rows are numbered as in a
    spreadsheet (the header is row 1). Raises :class:`DemandDataError`.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            body = list(reader)
    except OSError as exc:
        raise _fail(path, None, None, f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise _fail(path, None, None, "is not UTF-8 text") from None
    if not header:
        raise _fail(path, None, None, "is empty (expected a header row)")
    names = [name.strip().lower() for name in header]
    for number, line in enumerate(body, start=2):
        if len(line) != len(names) and any(cell.strip() for cell in line):
            raise _fail(path, number, None,
                        f"has {len(line)} fields, the header has {len(names)}")
    numbers = [n for n, line in enumerate(body, start=2) if any(c.strip() for c in line)]
    body = [line for line in body if any(cell.strip() for cell in line)]
    frame = pd.DataFrame(body, columns=names, dtype=str, index=pd.Index(numbers, dtype=int))
    if "skill" in frame.columns and skill is not None:
        frame = frame[frame["skill"].str.strip() == skill]
        if frame.empty:
            raise _fail(path, None, "skill", f"has no rows for skill {skill!r}")
    if "timestamp" in names:
        stamps = _timestamps(path, frame, "timestamp")
        slots = stamps.dt.floor(f"{interval_minutes}min")
        counts = slots.value_counts().sort_index().astype(float)
    elif "interval_start" in names and "chats" in names:
        stamps = _timestamps(path, frame, "interval_start")
        chats = pd.to_numeric(frame["chats"].str.strip(), errors="coerce")
        bad = chats.isna() | (chats < 0) | ~np.isfinite(chats)
        if bad.any():
            row = _first(frame, bad)
            raise _fail(path, row, "chats",
                        f"{frame.loc[row, 'chats']!r} is not a number of chats (>= 0)")
        minute = stamps.dt.hour * 60 + stamps.dt.minute
        step = math.gcd(MINUTES_PER_DAY, *(int(m) for m in minute.unique()))
        if step > interval_minutes and minute.nunique() > 1:
            raise _fail(path, None, "interval_start",
                        f"holds {step}-minute intervals, coarser than the demand's "
                        f"{interval_minutes} minutes")
        slots = stamps.dt.floor(f"{interval_minutes}min")
        counts = pd.Series(chats.to_numpy(float), index=slots.to_numpy()).groupby(level=0).sum()
    else:
        raise _fail(path, 1, None, "needs a 'timestamp' column, or 'interval_start' and "
                    f"'chats' columns; found {', '.join(repr(n) for n in names)}")
    if counts.empty:
        raise _fail(path, None, None, "has no data rows")
    counts.index = pd.DatetimeIndex(counts.index)
    counts.name = "chats"
    return counts


def _first(frame: pd.DataFrame, mask: pd.Series) -> int:
    """Spreadsheet row number of the first row where ``mask`` holds."""
    return int(frame.index.to_numpy()[int(np.argmax(mask.to_numpy()))])


def _timestamps(path: Path, frame: pd.DataFrame, column: str) -> pd.Series:
    text = frame[column].str.strip()
    stamps = pd.to_datetime(text, errors="coerce", format="mixed")
    if stamps.isna().any():
        row = _first(frame, stamps.isna())
        raise _fail(path, row, column,
                    f"{frame.loc[row, column]!r} is not a date and time (YYYY-MM-DD HH:MM)")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    return stamps


def _frame(dates: Sequence[dt.date], table: FloatArray, interval_minutes: int, skill: str,
           multipliers: Multipliers | None) -> pd.DataFrame:
    per_day = table.shape[1]
    factors: dict[dt.date, float] = {}
    for key, factor in (multipliers or {}).items():
        if isinstance(key, str):
            try:
                day = dt.date.fromisoformat(key.strip())
            except ValueError:
                raise ValueError(f"multiplier key {key!r} is not a date YYYY-MM-DD") from None
        elif isinstance(key, dt.datetime):
            day = key.date()
        elif isinstance(key, dt.date):
            day = key
        else:
            raise ValueError(f"multiplier key {key!r} is not a date")
        if not isinstance(factor, int | float) or not math.isfinite(factor) or factor < 0:
            raise ValueError(f"multiplier for {day} must be a number >= 0, got {factor!r}")
        factors[day] = factors.get(day, 1.0) * float(factor)
    scale = np.array([factors.get(date, 1.0) for date in dates])
    labels = [format_clock(m) for m in range(0, MINUTES_PER_DAY, interval_minutes)]
    return pd.DataFrame({
        "date": np.repeat(np.array(dates, dtype=object), per_day),
        "interval_start": np.tile(np.array(labels, dtype=object), len(dates)),
        "skill": skill,
        "chats": (table * scale[:, None]).ravel(),
        "interval_minutes": interval_minutes,
    })


def forecast_from_history(counts: pd.Series, start: dt.date, num_days: int,
                          interval_minutes: int, skill: str, *, weeks: int = 4,
                          multipliers: Multipliers | None = None,
                          exclude: Iterable[dt.date] = ()) -> pd.DataFrame:
    """Forecast by weekday and interval from chats per interval (see :func:`load_history`).

    The days present in the last ``weeks`` weeks of the history (up to its last day, minus
    ``exclude``) are averaged per weekday and interval; a present day's intervals without
    a row count as 0, a missing day is left out of the average (not counted as 0). A
    weekday with no present day in that window takes the average over all its present days
    in the history, and failing that the average over all present days. ``multipliers``
    (date -> factor) then scale whole forecast days (holidays, 618, Double 11).

    Returns columns ``date``, ``interval_start`` (``HH:MM``), ``skill``, ``chats`` and
    ``interval_minutes``, one row per interval of every day.
    """
    if num_days < 1:
        raise ValueError(f"num_days must be at least 1, got {num_days}")
    if interval_minutes not in (15, 30, 60):
        raise ValueError(f"interval_minutes must be 15, 30 or 60, got {interval_minutes}")
    per_day = MINUTES_PER_DAY // interval_minutes
    index = pd.DatetimeIndex(counts.index)
    slots = (index.hour * 60 + index.minute).to_numpy() // interval_minutes
    days = index.normalize()
    skip = {pd.Timestamp(d) for d in exclude}
    grid = (pd.DataFrame({"day": days, "slot": slots, "chats": counts.to_numpy(float)})
            .groupby(["day", "slot"])["chats"].sum()
            .unstack(fill_value=0)
            .reindex(columns=range(per_day), fill_value=0.0))
    grid = grid[~grid.index.isin(list(skip))]
    if grid.empty:
        raise ValueError(f"history of {skill!r} has no day left to average")
    day_index = pd.DatetimeIndex(grid.index)
    recent_mask = day_index > day_index.max() - pd.Timedelta(days=7 * weeks)
    recent = grid[recent_mask]
    overall = recent.to_numpy().mean(axis=0)
    pattern = np.empty((7, per_day))
    for weekday in range(7):
        rows = grid[recent_mask & (day_index.day_of_week == weekday)]
        if rows.empty:
            rows = grid[day_index.day_of_week == weekday]
        pattern[weekday] = rows.to_numpy().mean(axis=0) if not rows.empty else overall
    dates = [start + dt.timedelta(days=i) for i in range(num_days)]
    table = pattern[[d.weekday() for d in dates]]
    return _frame(dates, table, interval_minutes, skill, multipliers)


def demand_forecast(demands: Sequence[Demand], start: dt.date, num_days: int,
                    multipliers: Multipliers | None = None,
                    base_dir: str | Path | None = None) -> pd.DataFrame:
    """The forecasts of several demands in one frame (see :meth:`Demand.forecast_frame`)."""
    frames = [d.forecast_frame(start, num_days, multipliers, base_dir) for d in demands]
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------
# Queue formulas (vectorised over intervals)
# ---------------------------------------------------------------------------------------


def _arrays(traffic: Any, servers: Any) -> tuple[FloatArray, IntArray]:
    a, n = np.broadcast_arrays(np.asarray(traffic, dtype=float), np.asarray(servers))
    if np.any(~np.isfinite(a)) or np.any(a < 0):
        raise ValueError("traffic must be finite and >= 0 Erlangs")
    if np.any(n < 0) or np.any(np.asarray(n) != np.round(n)):
        raise ValueError("servers must be whole numbers >= 0")
    return a.astype(float), n.astype(np.int64)


def erlang_b(traffic: Any, servers: Any) -> FloatArray:
    """Blocking probability of M/M/n/n (Erlang B), elementwise over broadcast arrays.

    Recursion ``B(0) = 1``, ``B(k) = A B(k-1) / (k + A B(k-1))``: every value stays in
    [0, 1], so loads of thousands of Erlangs are fine; one numpy step per server count.
    """
    a, n = _arrays(traffic, servers)
    out = np.ones(a.shape)
    if a.size == 0:
        return out
    b = np.ones(a.shape)
    for k in range(1, int(n.max(initial=0)) + 1):
        b = a * b / (k + a * b)
        hit = n == k
        if hit.any():
            out[hit] = b[hit]
    return out


def _erlang_c_from_b(a: FloatArray, n: Any, b: FloatArray) -> FloatArray:
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    return np.where(n > a, np.clip(c, 0.0, 1.0), 1.0)


def erlang_c(traffic: Any, servers: Any) -> FloatArray:
    """Probability that a chat waits (M/M/n, Erlang C).

    1 when there are chats and ``servers <= traffic`` (the queue grows without bound);
    0 without chats.
    """
    a, n = _arrays(traffic, servers)
    return np.where(a == 0, 0.0, _erlang_c_from_b(a, n, erlang_b(a, n)))


def _log_series(x: FloatArray, a: FloatArray, harmonic: bool = False) -> FloatArray:
    """log of sum_j x^j / prod_{i=0..j} (a+i) (times sum_{i<=j} 1/(a+i) with ``harmonic``).

    ``x >= 0``, ``a > 0``. Term ``j + 1`` is term ``j`` times ``x / (a + j + 1)``: the terms
    rise while ``a + j < x`` and then fall at least like ``exp(-k^2 / 2x)`` ``k`` terms past
    the top, so ``max(x - a, 0) + 12 sqrt(x) + 40`` terms leave a relative error far below
    double precision. Rows are summed in chunks of similar length (bounded memory).
    """
    out = np.empty(x.shape)
    if x.size == 0:
        return out
    logx = np.log(np.maximum(x, 1e-300))
    length = np.ceil(np.maximum(x - a, 0) + 12 * np.sqrt(x) + 40).astype(np.int64)
    order = np.argsort(length)
    cells = 2_000_000
    pos = 0
    while pos < order.size:
        rows = max(1, cells // int(length[order[pos]]))
        while rows > 1 and int(length[order[min(pos + rows, order.size) - 1]]) * rows > cells:
            rows //= 2
        idx = order[pos:pos + rows]
        j = np.arange(int(length[idx].max()), dtype=float)
        denom = a[idx, None] + j[None, :]
        log_terms = j[None, :] * logx[idx, None] - np.cumsum(np.log(denom), axis=1)
        if harmonic:
            log_terms = log_terms + np.log(np.cumsum(1.0 / denom, axis=1))
        peak = log_terms.max(axis=1)
        out[idx] = peak + np.log(np.exp(log_terms - peak[:, None]).sum(axis=1))
        pos += idx.size
    return out


@dataclass(frozen=True)
class QueueMetrics:
    """Per-interval queue measures (arrays) for given load and servers."""

    wait_probability: FloatArray
    abandon_probability: FloatArray
    within: dict[float, FloatArray]  # answer-time limit (s) -> share answered within it
    asa_seconds: FloatArray  # mean wait of answered chats (inf when the queue is unstable)
    occupancy: FloatArray  # busy share of the servers


def queue_metrics(traffic: Any, servers: Any, aht_seconds: float,
                  limits: Sequence[float], patience_seconds: float | None = None,
                  erlang_b_values: FloatArray | None = None) -> QueueMetrics:
    """Erlang C (or Erlang A with ``patience_seconds``) measures, elementwise.

    Erlang C: ``P(wait) = C``; share answered within t: ``1 - C exp(-(n-A) t / aht)``; ASA:
    ``C aht / (n-A)``; with ``n <= A`` the queue grows without bound (share 0, ASA inf).
    Without chats (``A = 0``) nobody waits: share 1, ASA 0, whatever the servers.

    Erlang A (M/M/n+M, rates lambda, mu = 1/aht, theta = 1/patience; r = lambda/theta,
    s = n mu/theta; M(x, a) = sum_j x^j / prod_{i<=j}(a+i)): with the queue's state
    probabilities, ``P(wait) = S / (1/B - 1 + S)`` with ``S = s M(r, s)``; the offered wait
    of a waiting chat has density proportional to ``exp(-n mu u + r (1 - exp(-theta u)))``,
    so ``P(answered | wait) = M(r, s+1) / M(r, s)``, ``P(answered after t | wait) =
    exp(-(1+s) theta t + r (1 - exp(-theta t))) M(r e^(-theta t), s+1) / M(r, s)`` and
    ``E[wait; answered | wait] = sum_j T_j(s+1) H_j(s+1) / (theta M(r, s))`` with the
    series' terms T and harmonic sums H. Abandoned chats count as not answered in time.
    """
    a, n = _arrays(traffic, servers)
    a, n = a.ravel(), n.ravel()
    shape = np.broadcast_shapes(np.shape(traffic), np.shape(servers))
    if aht_seconds <= 0:
        raise ValueError("aht_seconds must be > 0")
    b = erlang_b(a, n) if erlang_b_values is None else np.asarray(erlang_b_values).ravel()
    nf = n.astype(float)
    if patience_seconds is None:
        c = np.where(a == 0, 0.0, _erlang_c_from_b(a, n, b))
        stable = (nf > a) | (a == 0)
        within = {}
        for t in limits:
            with np.errstate(over="ignore"):
                tail = c * np.exp(-(nf - a) * float(t) / aht_seconds)
            within[float(t)] = np.where(stable, np.clip(1.0 - tail, 0.0, 1.0), 0.0)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            asa = np.where(stable, c * aht_seconds / (nf - a), np.inf)
            occ = np.where(nf > 0, np.minimum(a / nf, 1.0), np.where(a > 0, 1.0, 0.0))
        asa = np.where(a == 0, 0.0, asa)
        zero = np.zeros(a.shape)
        return QueueMetrics(c.reshape(shape), zero.reshape(shape),
                            {t: v.reshape(shape) for t, v in within.items()},
                            asa.reshape(shape), occ.reshape(shape))
    return _erlang_a(a, n, b, aht_seconds, float(patience_seconds), limits, shape)


def _erlang_a(a: FloatArray, n: IntArray, b: FloatArray, aht: float, patience: float,
              limits: Sequence[float], shape: tuple[int, ...]) -> QueueMetrics:
    size = a.size
    wait = np.ones(size)
    abandon = np.ones(size)
    within = {float(t): np.zeros(size) for t in limits}
    asa = np.full(size, np.inf)
    busy = n > 0
    idle = a == 0
    wait[idle], abandon[idle], asa[idle] = 0.0, 0.0, 0.0
    for values in within.values():
        values[idle] = 1.0
    live = np.flatnonzero(busy & (a > 0))
    if live.size:
        r = a[live] * patience / aht
        s = n[live].astype(float) * patience / aht
        log_m = _log_series(r, s)
        log_m1 = _log_series(r, s + 1)
        log_h1 = _log_series(r, s + 1, harmonic=True)
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            inv_b = 1.0 / b[live]
            pw = 1.0 / (1.0 + (inv_b - 1.0) * np.exp(-(np.log(s) + log_m)))
        pw = np.nan_to_num(pw, nan=0.0, posinf=1.0)
        served_if_wait = np.exp(log_m1 - log_m)
        wait[live] = pw
        abandon[live] = pw * (1.0 - served_if_wait)
        for t, values in within.items():
            tau = t / patience
            late = np.exp(-(1 + s) * tau + r * (1 - math.exp(-tau))
                          + _log_series(r * math.exp(-tau), s + 1) - log_m)
            values[live] = np.clip(1.0 - pw + pw * (served_if_wait - late), 0.0, 1.0)
        answered = 1.0 - abandon[live]
        wait_served = patience * np.exp(log_h1 - log_m)
        asa[live] = pw * wait_served / answered
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(n > 0, np.minimum(a * (1.0 - abandon) / n, 1.0),
                       np.where(a > 0, 1.0, 0.0))
    return QueueMetrics(wait.reshape(shape), abandon.reshape(shape),
                        {t: v.reshape(shape) for t, v in within.items()},
                        asa.reshape(shape), occ.reshape(shape))


def service_level(traffic: Any, servers: Any, target_seconds: float, aht_seconds: float,
                  patience_seconds: float | None = None) -> FloatArray:
    """Share of chats answered within ``target_seconds`` (Erlang C, or A with patience).

    ``traffic`` in Erlangs (chats x aht / interval length), ``servers`` = agents online x
    concurrency; elementwise over broadcast arrays.
    """
    metrics = queue_metrics(traffic, servers, aht_seconds, [target_seconds], patience_seconds)
    return metrics.within[float(target_seconds)]


def average_speed_of_answer(traffic: Any, servers: Any, aht_seconds: float,
                            patience_seconds: float | None = None) -> FloatArray:
    """Mean wait before the first reply, in seconds, of answered chats (inf if unstable).

    Erlang C: over all chats, ``C aht / (n - A)``; Erlang A: over the chats that are
    answered (those that leave first are not in the mean).
    """
    return queue_metrics(traffic, servers, aht_seconds, [], patience_seconds).asa_seconds


def offered_load(chats: Any, interval_minutes: float, aht_seconds: float) -> FloatArray:
    """Erlangs offered: chats per interval x handling time / interval length."""
    return np.asarray(chats, dtype=float) * aht_seconds / (interval_minutes * 60.0)


def required_agents(chats: Any, interval_minutes: float, params: ServiceParams) -> IntArray:
    """Agents to roster per interval for ``chats`` new chats per interval (array-like).

    The smallest ``N`` whose ``N * concurrency`` servers answer ``target_share`` of the
    chats within ``target_seconds`` with occupancy at most ``max_occupancy`` (and, for
    Erlang C, ``N * concurrency`` above the load), then ``ceil(N / (1 - shrinkage))``;
    0 for no chats. ``min_agents`` is not applied here (see :func:`staffing_table`).
    Searches all intervals at once, one numpy step per server count.
    """
    chats_arr = np.asarray(chats, dtype=float)
    if np.any(~np.isfinite(chats_arr)) or np.any(chats_arr < 0):
        raise ValueError("chats must be finite and >= 0")
    if interval_minutes <= 0:
        raise ValueError("interval_minutes must be > 0")
    load = offered_load(chats_arr, interval_minutes, params.aht_seconds).ravel()
    raw = np.zeros(load.size, dtype=np.int64)
    active = np.flatnonzero(load > 0)
    a = load[active]
    b = np.ones(a.size)
    conc = params.concurrency
    target = params.target_share - 1e-12
    k = 0
    limit = int(np.ceil(a.max(initial=0) / params.max_occupancy + 50 * np.sqrt(a.max(initial=0))))
    limit = limit + 50 + conc
    while active.size:
        k += 1
        if k > limit:  # pragma: no cover - the bound above is generous
            raise RuntimeError("required_agents: no staffing level met the target")
        b = a * b / (k + a * b)
        if k % conc:
            continue
        if params.patience_seconds is None:
            candidate = (k > a) & (a <= params.max_occupancy * k)
            if not candidate.any():
                continue
            metrics = queue_metrics(a, k, params.aht_seconds, [params.target_seconds],
                                    None, b)
            ok = (candidate & (metrics.within[float(params.target_seconds)] >= target))
        else:
            # k servers carry at most k Erlangs, so at most k / A of the chats are answered:
            # below target_share x A no staffing level can meet the target.
            candidate = k >= params.target_share * a - 1e-9
            if not candidate.any():
                continue
            ok = np.zeros(a.size, dtype=bool)
            pick = np.flatnonzero(candidate)
            metrics = queue_metrics(a[pick], k, params.aht_seconds, [params.target_seconds],
                                    params.patience_seconds, b[pick])
            ok[pick] = ((metrics.within[float(params.target_seconds)] >= target)
                        & (metrics.occupancy <= params.max_occupancy + 1e-12))
        if ok.any():
            raw[active[ok]] = k // conc
            keep = ~ok
            active, a, b = active[keep], a[keep], b[keep]
    rostered = np.ceil(raw / (1.0 - params.shrinkage) - 1e-9).astype(np.int64)
    return rostered.reshape(chats_arr.shape)


# ---------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------


def _interval_minutes(frame: pd.DataFrame, skill: str) -> int:
    if "interval_minutes" in frame.columns:
        values = frame["interval_minutes"].unique()
        if len(values) != 1:
            raise ValueError(f"skill {skill!r} has several interval lengths: {sorted(values)}")
        return int(values[0])
    minutes = sorted({parse_clock(str(v)) for v in frame["interval_start"]})
    gaps = {b - a for a, b in itertools.pairwise(minutes)}
    if not gaps:
        raise ValueError(f"skill {skill!r}: give an 'interval_minutes' column")
    return min(gaps)


def _check_forecast(forecast: pd.DataFrame) -> None:
    missing = [c for c in ("date", "interval_start", "skill", "chats")
               if c not in forecast.columns]
    if missing:
        raise ValueError(f"forecast lacks column(s) {', '.join(missing)}")


def staffing_table(forecast: pd.DataFrame, demands: Sequence[Demand]) -> pd.DataFrame:
    """Required agents per row of ``forecast`` (columns as from :func:`demand_forecast`).

    Adds ``required`` (agents to roster: shrinkage included) and ``open`` (the interval
    overlaps the skill's service hours). Outside service hours ``required`` is 0; inside,
    at least ``min_agents``. Every skill in the forecast needs a demand.
    """
    _check_forecast(forecast)
    by_skill = {d.skill: d for d in demands}
    out = forecast.reset_index(drop=True)
    out["required"] = np.zeros(len(out), dtype=np.int64)
    out["open"] = np.zeros(len(out), dtype=bool)
    for skill, rows in out.groupby("skill", sort=False).groups.items():
        demand = by_skill.get(str(skill))
        if demand is None:
            raise ValueError(f"forecast has skill {skill!r} but no demand describes it")
        part = out.loc[rows]
        step = demand.interval_minutes
        if "interval_minutes" in part.columns and set(part["interval_minutes"]) != {step}:
            raise ValueError(f"skill {skill!r}: forecast intervals differ from the demand's "
                             f"{step} minutes")
        slot = np.array([parse_clock(str(v)) for v in part["interval_start"]]) // step
        is_open = demand.open_mask()[slot]
        need = required_agents(part["chats"].to_numpy(float), step, demand.service)
        need = np.where(is_open, np.maximum(need, demand.service.min_agents), 0)
        out.loc[rows, "required"] = need
        out.loc[rows, "open"] = is_open
    return out


@dataclass(frozen=True)
class ServicePrediction:
    """What a roster is predicted to deliver.

    ``intervals``: the forecast's columns plus ``scheduled`` (agents on the roster),
    ``online`` (after shrinkage), ``within_target`` (share answered within the target),
    ``within_3min``, ``asa_seconds``, ``abandon``, ``occupancy``.
    ``days``: one row per date and skill, see :func:`predicted_service`.
    """

    intervals: pd.DataFrame
    days: pd.DataFrame


def predicted_service(forecast: pd.DataFrame, scheduled: pd.DataFrame | Sequence[float] | Any,
                      params: ServiceParams | Mapping[str, ServiceParams]) -> ServicePrediction:
    """Predicted reply times of a roster, per interval and per day.

    ``scheduled``: agents on the roster per forecast row, as an array aligned with
    ``forecast`` or a frame with ``date``, ``interval_start``, ``skill`` and ``scheduled``
    (rows it lacks have 0; fractions are fine, e.g. a shift covering half an interval).
    ``params``: one :class:`ServiceParams` or one per skill. Online agents are
    ``scheduled x (1 - shrinkage)``; servers are ``floor(online x concurrency)``.

    Per day and skill (``days``), from ../shared/domain.md "Service levels":

    - ``chats``; ``reply_rate_3min``: chat-weighted mean over the day's intervals of the
      predicted share answered within 180 s; ``within_target`` likewise at the skill's
      target.
    - ``pdd_window_chats`` and ``pdd_effective_rate``: chats arriving in intervals that
      start at or after 08:00 and before 23:00, and the chat-weighted predicted share of
      them answered within one hour (each chat stands for one buyer, one message).
      ``pdd_one_hour_ok``: fewer than 100 such chats (no fine possible) or a rate of at
      least 50%. In an interval whose servers do not exceed the load the queue model
      predicts no chat answered in time (the backlog is not carried to later intervals).
    - ``online_hours``: hours of the day with someone on the roster (an interval counts in
      full with at least one agent, in part with a fraction of one, e.g. a shift that
      starts mid-interval); ``kuaishou_online_ok``: at least 16; ``kuaishou_rate_ok``:
      3-minute rate >= 70% (a day without chats counts as met).
    """
    _check_forecast(forecast)
    frame = forecast.reset_index(drop=True).copy()
    if isinstance(scheduled, pd.DataFrame):
        keys = ["date", "interval_start", "skill"]
        lookup = scheduled.groupby(keys)["scheduled"].sum()
        merged = frame[keys].merge(lookup.reset_index(), on=keys, how="left")
        frame["scheduled"] = merged["scheduled"].fillna(0.0).to_numpy(float)
    else:
        values = np.asarray(scheduled, dtype=float).ravel()
        if values.size != len(frame):
            raise ValueError(f"scheduled has {values.size} values for {len(frame)} forecast rows")
        frame["scheduled"] = values
    if np.any(frame["scheduled"].to_numpy() < 0):
        raise ValueError("scheduled agents must be >= 0")
    columns = {name: np.zeros(len(frame)) for name in
               ("online", "within_target", "within_3min", "within_1h", "asa_seconds",
                "abandon", "occupancy")}
    for skill, rows in frame.groupby("skill", sort=False).groups.items():
        p = params if isinstance(params, ServiceParams) else params.get(str(skill))
        if p is None:
            raise ValueError(f"no service parameters for skill {skill!r}")
        part = frame.loc[rows]
        step = _interval_minutes(part, str(skill))
        online = part["scheduled"].to_numpy(float) * (1.0 - p.shrinkage)
        servers = np.floor(online * p.concurrency + 1e-9).astype(np.int64)
        load = offered_load(part["chats"].to_numpy(float), step, p.aht_seconds)
        limits = [p.target_seconds, REPLY_RATE_SECONDS, PDD_EFFECTIVE_REPLY_SECONDS]
        m = queue_metrics(load, servers, p.aht_seconds, limits, p.patience_seconds)
        pos = np.asarray(rows)
        columns["online"][pos] = online
        columns["within_target"][pos] = m.within[float(p.target_seconds)]
        columns["within_3min"][pos] = m.within[REPLY_RATE_SECONDS]
        columns["within_1h"][pos] = m.within[PDD_EFFECTIVE_REPLY_SECONDS]
        columns["asa_seconds"][pos] = m.asa_seconds
        columns["abandon"][pos] = m.abandon_probability
        columns["occupancy"][pos] = m.occupancy
        if "interval_minutes" not in frame.columns:
            frame.loc[rows, "_step"] = step
    for name, values in columns.items():
        frame[name] = values
    step_col = frame["interval_minutes"] if "interval_minutes" in frame.columns else frame["_step"]
    minute = np.array([parse_clock(str(v)) for v in frame["interval_start"]])
    chats = frame["chats"].to_numpy(float)
    in_window = (minute >= PDD_WINDOW[0]) & (minute < PDD_WINDOW[1])
    work = pd.DataFrame({
        "date": frame["date"], "skill": frame["skill"], "chats": chats,
        "w_target": chats * frame["within_target"], "w_3min": chats * frame["within_3min"],
        "pdd_window_chats": np.where(in_window, chats, 0.0),
        "w_1h": np.where(in_window, chats * frame["within_1h"], 0.0),
        "online_hours": np.minimum(frame["scheduled"], 1.0) * step_col / 60.0,
    })
    days = work.groupby(["date", "skill"], sort=True).sum().reset_index()
    with np.errstate(divide="ignore", invalid="ignore"):
        days["reply_rate_3min"] = np.where(days["chats"] > 0,
                                           days["w_3min"] / days["chats"], 1.0)
        days["within_target"] = np.where(days["chats"] > 0,
                                         days["w_target"] / days["chats"], 1.0)
        days["pdd_effective_rate"] = np.where(days["pdd_window_chats"] > 0,
                                              days["w_1h"] / days["pdd_window_chats"], 1.0)
    days["pdd_one_hour_ok"] = ((days["pdd_window_chats"] < PDD_MIN_BUYERS)
                               | (days["pdd_effective_rate"] >= PDD_MIN_EFFECTIVE_RATE))
    days["kuaishou_online_ok"] = days["online_hours"] >= KUAISHOU_MIN_ONLINE_HOURS - 1e-9
    days["kuaishou_rate_ok"] = days["reply_rate_3min"] >= KUAISHOU_MIN_REPLY_RATE
    days = days[["date", "skill", "chats", "within_target", "reply_rate_3min",
                 "pdd_window_chats", "pdd_effective_rate", "pdd_one_hour_ok",
                 "online_hours", "kuaishou_online_ok", "kuaishou_rate_ok"]]
    intervals = frame.drop(columns=["within_1h", *(["_step"] if "_step" in frame else [])])
    return ServicePrediction(intervals, days)
