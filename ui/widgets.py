"""Pieces several pages share: error rows, the section editor, the person x date grid."""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
import streamlit as st

from scheduler import LEAVE, OFF, FieldError, Problem, Scenario, ScenarioError, report
from ui import state
from ui.i18n import day_type, message, t, weekday, where


# ------------------------------------------------------------------ messages
def show_notice() -> None:
    notice = state.take_notice()
    if notice is None:
        return
    show = {"success": st.success, "warning": st.warning}.get(notice.kind, st.info)
    show(notice.text)


def open_and_announce(opened: Scenario, source: str, name: str) -> None:
    """Open a scenario in place of the current one and say so: the roster (or solve) of
    the one before closed, its edits not downloaded discarded."""
    unsaved = state.dirty()
    closed = state.open_scenario(opened, source)
    state.notify("success", t("opened", name=name)
                 + (" " + t("roster_closed") if closed else "")
                 + (" " + t("edits_discarded") if unsaved else ""))


def error_frame(problems: Iterable[FieldError]) -> pd.DataFrame:
    rows = [[where(p.field), p.value, message(p.message)] for p in problems]
    return pd.DataFrame(rows, columns=[t("col_where"), t("col_value"), t("col_problem")])


def show_errors(problems: list[FieldError], *, title: str | None = None) -> None:
    """Rows of (where, value, what is wrong) — never a traceback."""
    if not problems:
        return
    st.error(title or t("errors_title", count=len(problems)))
    st.table(error_frame(problems), hide_index=True)  # messages wrap instead of being cut


# ------------------------------------------------------------------ section editors
def section_editor(section: str, column_config: dict[str, Any], *,
                   disabled: Iterable[str] = (), max_height: int | None = None) -> None:
    """An editable table of one list of the scenario.

    Every valid edit is kept in the session at once; an invalid one is listed by row
    and field while the table keeps every edit made (nothing is wiped). With
    ``max_height`` the table is as tall as its rows when it was opened, up to that.
    """
    disabled = list(disabled)
    signature = json.dumps([column_config, disabled, max_height], sort_keys=True, default=str)
    base = state.draft(section, lambda: report.section_frame(state.scenario(), section),
                       signature)
    height: int | Literal["auto"] = ("auto" if max_height is None
                                     else min(38 * (len(base) + 2), max_height))
    edited = st.data_editor(
        base, key=state.editor_key(section), num_rows="dynamic",
        column_config=column_config, hide_index=True, width="stretch",
        disabled=disabled, height=height, placeholder="")
    if not isinstance(edited, pd.DataFrame):  # pragma: no cover - editor returns a frame
        return
    state.keep_table(section, report.typed_section_frame(section, edited))
    # applied on every run (a few milliseconds): the scenario always holds what the table
    # shows, also after an edit is undone
    try:
        updated = report.apply_section(state.scenario(), section, edited)
    except ScenarioError as exc:
        state.set_errors(section, exc.problems)
        show_errors(exc.problems)
        st.caption(t("edits_kept"))
        return
    state.set_errors(section, [])
    state.update_scenario(updated)


def apply_fields(section: str, changes: dict[str, Any]) -> bool:
    """Set scalar fields (``rules.min_rest_hours``) if they differ; errors are shown."""
    current = state.scenario().model_dump(mode="json")
    differs = {}
    for dotted, value in changes.items():
        node: Any = current
        for part in dotted.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        plain = value.isoformat() if isinstance(value, dt.date) else value
        if node != plain:
            differs[dotted] = value
    if not differs:
        state.set_errors(section, [])
        return True
    try:
        updated = report.replace_fields(state.scenario(), differs, section)
    except ScenarioError as exc:
        state.set_errors(section, exc.problems)
        return False
    state.set_errors(section, [])
    state.update_scenario(updated)
    return True


def shift_column(label: str, *, with_off: bool = False, required: bool = True) -> Any:
    """A select column of shift ids shown as "白班 (day)"; OFF as the day-off word."""
    sc = state.scenario()
    names = {s.id: f"{s.display_name} ({s.id})" if s.name else s.id for s in sc.shifts}
    if with_off:
        names["OFF"] = f"{t('off')} (OFF)"
    return st.column_config.SelectboxColumn(label, options=list(names), required=required,
                                            width="medium",
                                            format_func=lambda v: names.get(str(v), str(v)))


# ------------------------------------------------------------------ the grid
GRID_CSS = """
<style>
.rg-wrap{overflow:auto;max-height:72vh;border:1px solid #d9d9d9;border-radius:6px}
table.rg{border-collapse:separate;border-spacing:0;font-size:12px;line-height:1.25}
table.rg th,table.rg td{border-right:1px solid #e6e6e6;border-bottom:1px solid #e6e6e6;
  padding:3px 2px;text-align:center;white-space:nowrap;min-width:31px}
table.rg thead th{position:sticky;top:0;background:#f7f7f7;z-index:2;font-weight:600}
table.rg thead th small{display:block;font-weight:400;color:#666}
table.rg .rg-name{position:sticky;left:0;background:#fff;z-index:1;text-align:left;
  min-width:96px}
table.rg thead .rg-name{z-index:3;background:#f7f7f7}
table.rg .rg-id{color:#888;font-size:11px;margin-right:4px}
table.rg th.d-weekend{background:#e8eef7}
table.rg th.d-holiday{background:#fde0e0;color:#b3261e}
table.rg th.d-makeup_workday{background:#fff1c2}
table.rg th.d-peak{box-shadow:inset 0 3px 0 #e8590c;color:#c2410c}
table.rg td.d-weekend,table.rg td.d-holiday{border-bottom-color:#d0d0d0}
table.rg td.c-off{color:#9a9a9a;background:#fff}
table.rg td.c-off.d-weekend{background:#f4f7fb}
table.rg td.c-off.d-holiday{background:#fdf3f3}
table.rg td.c-leave{background:repeating-linear-gradient(45deg,#e4e4e4 0 4px,#f3f3f3 4px 8px);
  color:#555}
table.rg td.c-lock{box-shadow:inset 0 0 0 2px #444;font-weight:600;position:relative}
table.rg td.c-lock::after{content:"";position:absolute;top:0;right:0;border-top:8px solid #444;
  border-left:8px solid transparent}
table.rg td.c-changed{outline:2px dashed #d9480f;outline-offset:-3px}
table.rg td.c-short{color:#b3261e;font-weight:600;background:#fde0e0}
table.rg td.c-under{color:#8a3c00;font-weight:600;background:#ffc98b}
.rg-legend{display:flex;flex-wrap:wrap;gap:10px;margin:4px 0 8px 0;font-size:13px}
.rg-legend span.sw{display:inline-block;width:16px;height:12px;border:1px solid #bbb;
  vertical-align:middle;margin-right:4px}
</style>
"""


@dataclass
class Cell:
    text: str = ""
    color: str | None = None
    classes: list[str] = field(default_factory=list)
    title: str = ""


def _header(problem: Problem, first: str) -> str:
    cols = [f'<th class="rg-name">{html.escape(first)}</th>']
    peaks = {p.date: p for p in problem.scenario.calendar.peak_days}
    zh = _zh()
    days = [weekday(k) for k in range(7)]
    kinds = {kind: day_type(kind) for kind in set(problem.day_types)}
    peak_word = t("peak_day")
    for d, date in enumerate(problem.dates):
        kind = problem.day_types[d]
        mark = {"holiday": "节" if zh else "H", "makeup_workday": "班" if zh else "W"
                }.get(kind, "")
        title = f"{date.isoformat()} {days[date.weekday()]} {kinds[kind]}"
        classes = f"d-{kind}"
        if date in peaks:
            mark += "促" if zh else "P"
            classes += " d-peak"
            title += f" · {peak_word} {peaks[date].name} ×{peaks[date].multiplier:g}"
        cols.append(
            f'<th class="{classes}" data-date="{date.isoformat()}" title="{html.escape(title)}">'
            f"{date.month}/{date.day}<small>{html.escape(days[date.weekday()])}"
            f"{(' ' + mark) if mark else ''}</small></th>")
    return "<thead><tr>" + "".join(cols) + "</tr></thead>"


def _zh() -> bool:
    return state.language() == "zh"


def grid_html(problem: Problem, cells: dict[tuple[str, dt.date], Cell], *, grid_id: str,
              first: str) -> str:
    """A person x date table: one row per person, one column per date of the horizon."""
    by_person: dict[str, dict[dt.date, Cell]] = {}
    for (emp_id, date), cell in cells.items():
        by_person.setdefault(emp_id, {})[date] = cell
    rows = [(emp.id, f'<span class="rg-id">{html.escape(emp.id)}</span>{html.escape(emp.name)}',
             by_person.get(emp.id, {})) for emp in problem.scenario.employees]
    return day_table_html(problem, rows, grid_id=grid_id, first=first, row_attr="employee")


def day_table_html(problem: Problem, rows: list[tuple[str, str, dict[dt.date, Cell]]], *,
                   grid_id: str, first: str, row_attr: str = "row") -> str:
    """A table with one column per date: (key, label html, cells by date) per row."""
    body = []
    for key, label, by_date in rows:
        parts = [f'<th class="rg-name">{label}</th>']
        for d, date in enumerate(problem.dates):
            cell = by_date.get(date, Cell())
            classes = [f"d-{problem.day_types[d]}", *cell.classes]
            style = f' style="background:{cell.color}"' if cell.color else ""
            title = f' title="{html.escape(cell.title)}"' if cell.title else ""
            parts.append(f'<td class="{" ".join(classes)}"{style}{title}>'
                         f"{html.escape(cell.text)}</td>")
        body.append(f'<tr data-{row_attr}="{html.escape(key)}">' + "".join(parts) + "</tr>")
    return (f'<div class="rg-wrap"><table class="rg" id="{grid_id}">'
            + _header(problem, first) + "<tbody>" + "".join(body) + "</tbody></table></div>")


def roster_grid(problem: Problem, roster: pd.DataFrame, colors: dict[str, str],
                locks: Iterable[tuple[str, dt.date]], changed: Iterable[tuple[str, dt.date]],
                *, grid_id: str = "roster-grid") -> str:
    """The roster as a person x date grid coloured by family, locks and changes marked."""
    locked, moved = set(locks), set(changed)
    off, leave = t("off"), t("leave")
    cells: dict[tuple[str, dt.date], Cell] = {}
    for emp_id, date, shift_id, name, family, segments in zip(
            roster["employee_id"].tolist(), roster["date"].tolist(),
            roster["shift_id"].tolist(), roster["shift_name"].tolist(),
            roster["family"].tolist(), roster["segments"].tolist(), strict=True):
        key = (str(emp_id), date)
        if shift_id == OFF:
            cell = Cell(off, None, ["c-off"])
        elif shift_id == LEAVE:
            cell = Cell(leave, None, ["c-leave"])
        else:
            cell = Cell(str(name), colors.get(str(family)), [], str(segments))
        if key in locked:
            cell.classes.append("c-lock")
        if key in moved:
            cell.classes.append("c-changed")
        cells[key] = cell
    return grid_html(problem, cells, grid_id=grid_id, first=t("person"))


def legend_html(items: list[tuple[str, str, str]]) -> str:
    """(swatch css, text, extra class) per legend entry."""
    parts = []
    for css, text, _ in items:
        parts.append(f'<span><span class="sw" style="{css}"></span>{html.escape(text)}</span>')
    return '<div class="rg-legend">' + "".join(parts) + "</div>"


def show_html(body: str) -> None:
    st.html(GRID_CSS + body)
