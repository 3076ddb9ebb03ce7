"""Requests: leave, day-off wishes, wanted/unwanted shifts and locks, with an overview."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from scheduler import OFF
from ui import cache, state, widgets
from ui.i18n import t

state.setup()
st.title(t("page_requests"))
st.caption(t("requests_intro"))
sc = state.scenario()
cc = st.column_config
names = {e.id: f"{e.id} {e.name}".strip() for e in sc.employees}


def person_column(label: str) -> object:
    return cc.SelectboxColumn(label, options=list(names), required=True,
                              format_func=lambda v: names.get(str(v), str(v)))


left, right = st.columns(2)
with left:
    st.subheader(t("leave_title"))
    widgets.section_editor("leave", {
        "employee": person_column(t("c_employee")),
        "start": cc.DateColumn(t("c_leave_start"), required=True),
        "end": cc.DateColumn(t("c_leave_end")),
        "reason": cc.TextColumn(t("c_reason"), max_chars=200),
    })
    st.subheader(t("wishes_title"))
    widgets.section_editor("day_off_wishes", {
        "employee": person_column(t("c_employee")),
        "date": cc.DateColumn(t("c_date"), required=True),
        "weight": cc.NumberColumn(t("c_weight_opt"), min_value=0, max_value=1_000_000, step=10),
    })
with right:
    st.subheader(t("locks_title"))
    widgets.section_editor("locks", {
        "employee": person_column(t("c_employee")),
        "date": cc.DateColumn(t("c_date"), required=True),
        "shift": widgets.shift_column(t("c_lock_shift"), with_off=True),
    })
# the whole width: five columns, "wanted" among them, stay in view
st.subheader(t("shift_wishes_title"))
widgets.section_editor("shift_wishes", {
    "employee": person_column(t("c_employee")),
    "date": cc.DateColumn(t("c_date"), required=True),
    "shift": widgets.shift_column(t("c_shift")),
    "want": cc.CheckboxColumn(t("c_want"), default=True),
    "weight": cc.NumberColumn(t("c_weight_opt"), min_value=0, max_value=1_000_000, step=10),
})

# ------------------------------------------------------------------ overview grid
st.subheader(t("requests_grid"))
sc = state.scenario()
problem = cache.problem(state.scenario_key(), sc)
colors = cache.colors(state.scenario_key(), sc)
by_id = sc.shift_by_id
cells: dict[tuple[str, dt.date], widgets.Cell] = {}
for e, emp in enumerate(sc.employees):
    for d in problem.leave_days[e]:
        cells[(emp.id, problem.dates[d])] = widgets.Cell(t("leave"), None, ["c-leave"],
                                                         t("legend_leave"))
for w in sc.day_off_wishes:
    cells.setdefault((w.employee, w.date), widgets.Cell("♡" + t("off"), "#fde8f0", [],
                                                        t("legend_wish_off")))
for sw in sc.shift_wishes:
    shift = by_id[sw.shift]
    mark = ("+" if sw.want else "−") + shift.display_name
    cells.setdefault((sw.employee, sw.date), widgets.Cell(
        mark, colors.get(shift.family) if sw.want else "#f0f0f0", [], t("legend_want")))
for lk in sc.locks:
    text = t("off") if lk.shift == OFF else by_id[lk.shift].display_name
    color = None if lk.shift == OFF else colors.get(by_id[lk.shift].family)
    cells[(lk.employee, lk.date)] = widgets.Cell(text, color, ["c-lock"],
                                                 t("legend_lock"))
widgets.show_html(
    widgets.legend_html([
        ("background:repeating-linear-gradient(45deg,#e4e4e4 0 4px,#f3f3f3 4px 8px)",
         t("legend_leave"), ""),
        ("background:#fde8f0", "♡ " + t("legend_wish_off"), ""),
        ("background:#fff;box-shadow:inset 0 0 0 2px #444", t("legend_lock"), ""),
        ("background:#f0f0f0", "+/− " + t("legend_want"), ""),
    ]) + widgets.grid_html(problem, cells, grid_id="requests-grid", first=t("person")))
