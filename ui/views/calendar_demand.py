"""Calendar and demand: the period, holidays and make-up days, peak days, coverage."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from ui import cache, panels, state, widgets
from ui.i18n import day_type, t, weekday, weekday_long

state.setup()
st.title(t("page_calendar"))
sc = state.scenario()
k = state.widget_key
cc = st.column_config

# ------------------------------------------------------------------ horizon and calendar
with st.container(border=True):
    st.markdown(f"**{t('horizon')}**")
    c1, c2, c3 = st.columns(3)
    start = c1.date_input(t("h_start"), value=sc.horizon.start, key=k("h_start"))
    days = c2.number_input(t("h_days"), min_value=1, max_value=400, step=1,
                           value=sc.horizon.num_days, key=k("h_days"))
    official = c3.toggle(t("country_cn"), value=sc.calendar.country == "CN", key=k("country"))
    if not widgets.apply_fields("horizon", {"horizon.start": start, "horizon.num_days": days,
                                            "calendar.country": "CN" if official else None}):
        widgets.show_errors(state.errors("horizon"))
    sc = state.scenario()
    problem = cache.problem(state.scenario_key(), sc)
    st.markdown(f"**{t('day_types_title')}**")
    cells = []
    for d, date in enumerate(problem.dates):
        kind = problem.day_types[d]
        cells.append(f'<div class="cd d-{kind}" title="{html.escape(day_type(kind))}">'
                     f"<b>{date.month}/{date.day}</b><br>{html.escape(weekday(date.weekday()))}"
                     f"<br><small>{html.escape(day_type(kind))}</small></div>")
    st.html("<style>.cds{display:flex;flex-wrap:wrap;gap:4px}.cd{width:64px;padding:3px;"
            "border:1px solid #e0e0e0;border-radius:4px;text-align:center;font-size:12px}"
            ".cd.d-weekend{background:#e8eef7}.cd.d-holiday{background:#fde0e0;color:#b3261e}"
            ".cd.d-makeup_workday{background:#fff1c2}</style>"
            '<div class="cds">' + "".join(cells) + "</div>")
    if problem.calendar_notes:
        st.warning("\n\n".join(problem.calendar_notes))

    c1, c2, c3 = st.columns(3)
    with c1:
        st.markdown(t("holidays_extra"))
        widgets.section_editor("holidays", {"date": cc.DateColumn(t("c_date"))})
    with c2:
        st.markdown(t("not_holidays"))
        widgets.section_editor("not_holidays", {"date": cc.DateColumn(t("c_date"))})
    with c3:
        st.markdown(t("makeup_days"))
        widgets.section_editor("makeup_workdays", {"date": cc.DateColumn(t("c_date"))})
    st.markdown(t("peak_days"))
    widgets.section_editor("peak_days", {
        "date": cc.DateColumn(t("c_date"), required=True),
        "multiplier": cc.NumberColumn(t("c_multiplier"), min_value=0.1, max_value=50,
                                      step=0.1),
        "name": cc.TextColumn(t("c_peak_name"), max_chars=64),
    })

# ------------------------------------------------------------------ coverage
st.subheader(t("coverage_title"))
st.caption(t("coverage_intro"))
sc = state.scenario()
widgets.section_editor("coverage", {
    "shift": widgets.shift_column(t("c_shift")),
    "skill": cc.TextColumn(t("c_skill")),
    "min": cc.NumberColumn(t("c_min"), min_value=0, max_value=10_000, step=1),
    "target": cc.NumberColumn(t("c_target"), min_value=0, max_value=10_000, step=1),
    "min_soft": cc.CheckboxColumn(t("c_min_soft")),
    "dates": cc.TextColumn(t("c_dates")),
    "weekdays": cc.TextColumn(t("c_weekdays")),
    "day_types": cc.TextColumn(t("c_day_types")),
})
demands = state.scenario().demand
if not demands:
    st.caption(t("demand_note"))
else:
    st.subheader(t("staffing_title"))
    st.caption(t("staffing_intro"))
    try:
        curve = cache.staffing(state.scenario_key(), state.scenario())
    except (ValueError, OSError) as exc:  # e.g. a chat history file that cannot be read
        st.error(t("staffing_failed", error=exc))
    else:
        curve_days = list(dict.fromkeys(curve["date"]))
        day_names = {d: f"{d.isoformat()} {weekday_long(d.weekday())}" for d in curve_days}
        day = st.selectbox(t("c_date"), curve_days, key=k(f"staffing_day_{state.language()}"),
                           format_func=day_names.__getitem__)
        time_col, skill_col = t("staffing_time"), t("service_skill")
        required_col, chats_col = t("staffing_required"), t("staffing_chats")
        part = curve[curve["date"] == day].rename(columns={
            "interval_start": time_col, "skill": skill_col, "required": required_col,
            "chats": chats_col})
        c1, c2 = st.columns(2)
        c1.markdown(f"**{required_col}**")
        c1.line_chart(part, x=time_col, y=required_col, color=skill_col)
        c2.markdown(f"**{chats_col}**")
        c2.line_chart(part, x=time_col, y=chats_col, color=skill_col)

sc = state.scenario()
need = cache.required_per_day(state.scenario_key(), sc)
if not need.empty and (need["min"].any() or need["target"].any()):
    st.markdown(f"**{t('required_per_day')}**")
    need = need.assign(value=[f"{a} / {b}" for a, b in zip(need["min"], need["target"],
                                                            strict=True)])
    need["day"] = [f"{d.month}/{d.day} {weekday(d.weekday())}" for d in need["date"]]
    table = need.pivot_table(index="family", columns="day", values="value", aggfunc="first",
                             sort=False)
    family_names = panels.family_names(sc)
    table.index = [f"{'/'.join(family_names.get(f, []))} ({f})" if f in family_names else f
                   for f in table.index]
    table.index.name = t("c_family")
    st.dataframe(pd.DataFrame(table), width="stretch")
