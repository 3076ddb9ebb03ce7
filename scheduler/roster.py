"""Rosters as tables: the long format, the wide grid, CSV and xlsx files.

The long format has one row per person per date of the horizon:
``employee_id, employee_name, date, weekday, day_type, shift_id, shift_name, family,
segments, paid_hours, is_holiday``. ``shift_id`` is ``OFF`` for a day off and
``LEAVE`` for approved leave.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from scheduler.problem import LEAVE_IDX, OFF_IDX, Problem
from scheduler.scenario import LEAVE, OFF, Scenario

LONG_COLUMNS = [
    "employee_id", "employee_name", "date", "weekday", "day_type", "shift_id", "shift_name",
    "family", "segments", "paid_hours", "is_holiday",
]
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Grid = list[list[int]]  # codes[e][d]: shift index, OFF_IDX or LEAVE_IDX


class RosterError(ValueError):
    """A roster file or table that does not fit its scenario."""


# ------------------------------------------------------------------ conversions
def grid_to_frame(problem: Problem, grid: Grid) -> pd.DataFrame:
    """The long roster table of a grid of codes."""
    sc = problem.scenario
    rows = []
    for e, emp in enumerate(sc.employees):
        for d, date in enumerate(problem.dates):
            code = grid[e][d]
            dtype = problem.day_types[d]
            base = [emp.id, emp.display_name, date, WEEKDAY_NAMES[date.weekday()], dtype]
            if code >= 0:
                sh = sc.shifts[code]
                rows.append([*base, sh.id, sh.display_name, sh.family, sh.segments_text,
                             round(sh.paid_minutes / 60, 2), dtype == "holiday"])
            else:
                label = OFF if code == OFF_IDX else LEAVE
                rows.append([*base, label, label, "", "", 0.0, dtype == "holiday"])
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def frame_to_grid(problem: Problem, frame: pd.DataFrame, source: str = "roster", *,
                  skip_outside: bool = False) -> Grid:
    """Codes per person and day from a long table; unknown ids and bad cells are errors.

    Cells missing from the table stay ``None``-like (``-99``) so that the checker can
    report them; duplicates keep the first row and are reported by
    :func:`duplicate_cells`.
    """
    missing = [c for c in ("employee_id", "date", "shift_id") if c not in frame.columns]
    if missing:
        raise RosterError(f"{source}: missing column(s) {', '.join(missing)}")
    grid: Grid = [[MISSING] * problem.num_days for _ in range(problem.num_employees)]
    errors = []
    emp_idx = _id_lookup(problem.employee_idx)
    shift_idx = _id_lookup(problem.shift_idx)
    for row_no, (emp_raw, date_raw, shift_raw) in enumerate(
            zip(frame["employee_id"], frame["date"], frame["shift_id"], strict=True), start=2):
        emp_id = _clean_cell(emp_raw)
        e = emp_idx(emp_id)
        if e is None:
            errors.append(f"{source} row {row_no}: unknown employee_id {emp_id!r}")
            continue
        try:
            date = parse_date(date_raw)
        except ValueError as exc:
            errors.append(f"{source} row {row_no}: {exc}")
            continue
        if date not in problem.date_idx:
            if not skip_outside:
                errors.append(f"{source} row {row_no}: date {date} is outside the horizon")
            continue
        label = _clean_cell(shift_raw)
        if label.upper() in (OFF, LEAVE):
            code = OFF_IDX if label.upper() == OFF else LEAVE_IDX
        elif (found := shift_idx(label)) is not None:
            code = found
        else:
            errors.append(f"{source} row {row_no}: unknown shift_id {label!r}")
            continue
        d = problem.date_idx[date]
        if grid[e][d] == MISSING:
            grid[e][d] = code
    if errors:
        shown = errors[:20]
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise RosterError("; ".join(shown) + more)
    return grid


MISSING = -99


def duplicate_cells(problem: Problem, frame: pd.DataFrame) -> list[tuple[str, dt.date]]:
    """(employee_id, date) pairs that appear on more than one row."""
    seen: set[tuple[str, dt.date]] = set()
    dups = []
    for emp_raw, date_raw in zip(frame["employee_id"], frame["date"], strict=True):
        try:
            key = (_clean_cell(emp_raw), parse_date(date_raw))
        except ValueError:
            continue
        if key in seen:
            dups.append(key)
        seen.add(key)
    return dups


def to_wide(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per person, one column per date (ISO), cells are shift names."""
    if frame.empty:
        return pd.DataFrame(columns=["employee_id", "employee_name"])
    data = frame.copy()
    data["date"] = [d.isoformat() if isinstance(d, dt.date) else str(d) for d in data["date"]]
    wide = data.pivot_table(index=["employee_id", "employee_name"], columns="date",
                            values="shift_name", aggfunc="first", sort=False)
    wide = wide.reset_index()
    wide.columns.name = None
    return wide


# ------------------------------------------------------------------ parsing helpers
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%d/%m/%Y", "%m/%d/%Y",
                 "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y年%m月%d日")


def parse_date(value: object) -> dt.date:
    """A date from ISO text or the forms Excel writes back (2026/10/1, 2026-10-01 00:00:00)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    text = str(value).strip().lstrip("'")
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date {text!r} is not a date (use YYYY-MM-DD)")


def _clean_cell(value: object) -> str:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _id_lookup(index: dict[str, int]) -> Callable[[str], int | None]:
    """Exact id, else the forms Excel turns numeric ids into (``007`` -> ``7`` or ``7.0``)."""
    stripped: dict[str, int] = {}
    for key, i in index.items():
        if key.isdigit():
            stripped.setdefault(key.lstrip("0") or "0", i)

    def find(value: str) -> int | None:
        if value in index:
            return index[value]
        if re.fullmatch(r"\d+\.0", value):
            value = value[:-2]
            if value in index:
                return index[value]
        if value.isdigit():
            return stripped.get(value.lstrip("0") or "0")
        return None

    return find


def escape_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value and value[0] in FORMULA_PREFIXES:
        return "'" + value
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_cell(value: object) -> object:
    """An escaped cell without the control characters that xlsx cannot hold."""
    value = escape_cell(value)
    return _CONTROL.sub("", value) if isinstance(value, str) else value


# ------------------------------------------------------------------ files
def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and move it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else the usual mode under the umask."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Chinese Excel), formula-looking cells escaped."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(escape_cell)
    safe.columns = [str(escape_cell(str(c))) for c in safe.columns]
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, problem: Problem) -> bytes:
    """A coloured grid (one colour per family) plus the long table on a second sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    colors = family_colors(problem.scenario)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "roster"
    dates = problem.dates
    header = ["employee_id", "employee_name"] + [
        f"{d.isoformat()} {WEEKDAY_NAMES[d.weekday()]}" for d in dates]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(text_rotation=90 if cell.column > 2 else 0)
    by_emp: dict[str, dict[dt.date, tuple[str, str]]] = {}
    for row in frame.itertuples(index=False):
        by_emp.setdefault(str(row.employee_id), {})[parse_date(row.date)] = (
            str(row.shift_name), str(row.family))
    for emp in problem.scenario.employees:
        cells = by_emp.get(emp.id, {})
        ws.append([xlsx_cell(emp.id), xlsx_cell(emp.display_name)]
                  + [xlsx_cell(cells.get(d, ("", ""))[0]) for d in dates])
        r = ws.max_row
        for j, d in enumerate(dates, start=3):
            name, fam = cells.get(d, ("", ""))
            label = name.upper()
            color = colors.get(fam) if fam else ("#D9D9D9" if label == LEAVE else None)
            if color:
                ws.cell(row=r, column=j).fill = PatternFill("solid", fgColor=color.lstrip("#"))
    ws.freeze_panes = "C2"
    for j in range(3, len(dates) + 3):
        ws.column_dimensions[get_column_letter(j)].width = 7
    long_ws = wb.create_sheet("long")
    long_ws.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        long_ws.append([xlsx_cell(v.isoformat() if isinstance(v, dt.date) else v)
                        for v in values])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


PALETTE = ("#FFE699", "#9DC3E6", "#C5E0B4", "#F4B183", "#D5A6BD", "#B4A7D6", "#A9D08E",
           "#FFD966")
DEFAULT_FAMILY_COLORS = {"day": "#FFE699", "evening": "#9DC3E6", "night": "#B4A7D6",
                         "split": "#C5E0B4", "half": "#F4B183"}


def family_colors(scenario: Scenario) -> dict[str, str]:
    """A colour per shift family: the first shift's colour, else a default."""
    colors: dict[str, str] = {}
    for sh in scenario.shifts:
        if sh.family not in colors and sh.color:
            colors[sh.family] = sh.color
    spare = iter(c for c in PALETTE if c not in colors.values())
    for sh in scenario.shifts:
        if sh.family not in colors:
            colors[sh.family] = DEFAULT_FAMILY_COLORS.get(sh.family) or next(spare, "#EEEEEE")
    return colors


def write_roster(frame: pd.DataFrame, path: str | Path, problem: Problem, *,
                 fmt: str = "csv", layout: str = "long") -> Path:
    """Write a roster atomically as CSV (long or wide) or xlsx."""
    path = Path(path)
    if fmt == "xlsx":
        atomic_write_bytes(path, xlsx_bytes(frame, problem))
    else:
        table = to_wide(frame) if layout == "wide" else frame
        atomic_write_bytes(path, csv_bytes(table))
    return path


def read_roster_csv(path: str | Path) -> pd.DataFrame:
    """Read a long roster CSV written by us, or the same file after a trip through Excel."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise RosterError(f"{path}: not UTF-8 or GB18030 text")
    sep = "\t" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RosterError(f"{path}: not a CSV table ({exc})") from exc
    frame.columns = [_clean_cell(c) for c in frame.columns]
    _no_duplicate_columns(frame, path)
    return frame


def _no_duplicate_columns(frame: pd.DataFrame, path: Path) -> None:
    seen: set[str] = set()
    for name in frame.columns:
        if name in seen:
            raise RosterError(f"{path}: column {name!r} appears twice in the header")
        seen.add(name)


def read_roster(path: str | Path) -> pd.DataFrame:
    """A long roster from CSV or from the ``long`` sheet of our xlsx.

    A missing or unreadable file is a :class:`RosterError` naming it.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(f"{path}: file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            sheets = pd.ExcelFile(path)
        except OSError as exc:
            raise RosterError(f"{path}: cannot read ({exc.strerror or exc})") from None
        except Exception as exc:  # zip, XML and format errors of a damaged file
            raise RosterError(f"{path}: not a readable xlsx workbook ({exc})") from None
        with sheets:
            if "long" not in sheets.sheet_names:
                raise RosterError(f"{path}: no 'long' sheet (the table written by"
                                  " 'scheduler solve --format xlsx')")
            try:
                frame = pd.read_excel(sheets, sheet_name="long", dtype=str)
            except Exception as exc:
                raise RosterError(f"{path}: the 'long' sheet cannot be read ({exc})") from None
        frame.columns = [_clean_cell(c) for c in frame.columns]
        _no_duplicate_columns(frame, path)
        return frame.fillna("")
    return read_roster_csv(path)


def history_from_roster(scenario: Scenario, frame: pd.DataFrame, *, days: int = 14,
                        source: str = "previous roster") -> Scenario:
    """The scenario with each person's history (and holiday days worked) taken from the
    previous period's published long roster.

    The last ``days`` days before the horizon become ``employees[].history``; holidays
    worked in that roster in the same calendar year are added to
    ``holiday_days_worked``. People missing from the roster keep what they had. A gap of
    unknown days just before the horizon ends the history there.
    """
    missing = [c for c in ("employee_id", "date", "shift_id") if c not in frame.columns]
    if missing:
        raise RosterError(f"{source}: missing column(s) {', '.join(missing)}")
    start = scenario.horizon.start
    known_shifts = {s.id for s in scenario.shifts}
    cells: dict[str, dict[dt.date, str]] = {}
    worked_holidays: dict[str, int] = {}
    has_type = "day_type" in frame.columns
    for row_no, row in enumerate(frame.itertuples(index=False), start=2):
        emp_id = _clean_cell(row.employee_id)
        try:
            date = parse_date(row.date)
        except ValueError as exc:
            raise RosterError(f"{source} row {row_no}: {exc}") from None
        if date >= start:
            continue
        label = _clean_cell(row.shift_id)
        label = label.upper() if label.upper() in (OFF, LEAVE) else label
        if label not in known_shifts and label not in (OFF, LEAVE):
            raise RosterError(f"{source} row {row_no}: shift_id {label!r} is not a shift of"
                              " this scenario (or OFF/LEAVE)")
        cells.setdefault(emp_id, {})[date] = label
        if (has_type and str(row.day_type) == "holiday"
                and label not in (OFF, LEAVE) and date.year == start.year):
            worked_holidays[emp_id] = worked_holidays.get(emp_id, 0) + 1
    employees = []
    for emp in scenario.employees:
        data = emp.model_dump(mode="python")
        mine = cells.get(emp.id)
        if mine:
            history: list[str] = []
            for k in range(days, 0, -1):
                cell = mine.get(start - dt.timedelta(days=k))
                history = [] if cell is None else [*history, cell]
            data["history"] = history
            data["holiday_days_worked"] = emp.holiday_days_worked + worked_holidays.get(emp.id, 0)
        employees.append(data)
    return scenario.replace(employees=employees)


def reference_from_roster(scenario: Scenario, frame: pd.DataFrame, *,
                          source: str = "reference roster") -> Scenario:
    """The scenario with ``reference`` set to the cells of ``frame`` inside its horizon
    (a published roster to change as little as possible; LEAVE counts as OFF)."""
    problem = Problem(scenario)
    grid = frame_to_grid(problem, frame, source, skip_outside=True)
    cells = []
    for e, emp in enumerate(scenario.employees):
        for d, date in enumerate(problem.dates):
            code = grid[e][d]
            if code == MISSING:
                continue
            shift = scenario.shifts[code].id if code >= 0 else OFF
            cells.append({"employee": emp.id, "date": date, "shift": shift})
    return scenario.replace(reference=cells)
