"""Shifts and rules: shift types with their segments, family and colour; rule parameters."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from scheduler import RULES
from ui import cache, state, widgets
from ui.i18n import rule_label, t, unit, weekday_long

state.setup()
st.title(t("page_shifts"))

# ------------------------------------------------------------------ shifts
st.subheader(t("shifts_title"))
st.caption(t("shifts_intro"))
cc = st.column_config
widgets.section_editor("shifts", {
    "id": cc.TextColumn(t("c_shift_id"), required=True, max_chars=64),
    "name": cc.TextColumn(t("c_shift_name"), max_chars=64),
    "family": cc.TextColumn(t("c_family"), max_chars=64),
    "segments": cc.TextColumn(t("c_segments"), required=True),
    "color": cc.TextColumn(t("c_color"), validate=r"^(#[0-9a-fA-F]{6})?$"),
})
sc = state.scenario()
colors = cache.colors(state.scenario_key(), sc)
rows = "".join(
    f'<tr><td><span class="sw" style="background:{colors.get(s.family, "#eee")}"></span>'
    f"{html.escape(s.display_name)}</td><td>{html.escape(s.family)}</td>"
    f"<td>{html.escape(s.segments_text.replace(';', ' + '))}</td>"
    f"<td>{s.paid_minutes / 60:g}</td></tr>" for s in sc.shifts)
st.html(
    "<style>table.sp{border-collapse:collapse;font-size:14px}table.sp td,table.sp th{"
    "border:1px solid #e3e3e3;padding:4px 10px;text-align:left}.sw{display:inline-block;"
    "width:16px;height:12px;border:1px solid #bbb;margin-right:6px}</style>"
    f'<table class="sp"><tr><th>{t("c_shift_name")}</th><th>{t("c_family")}</th>'
    f'<th>{t("c_segments_short")}</th><th>{t("c_paid")}</th></tr>{rows}</table>')

# ------------------------------------------------------------------ rules
st.subheader(t("rules_title"))
st.caption(t("rules_intro"))
rules = sc.rules
k = state.widget_key
changes: dict[str, object] = {}
boxes: list[tuple[Any, set[str]]] = []  # (slot for its errors, the fields it sets)


@contextmanager
def box() -> Iterator[None]:
    """A bordered group of rule inputs; errors in its fields are shown at its foot."""
    before = set(changes)
    with st.container(border=True):
        yield
        slot = st.empty()
    boxes.append((slot, set(changes) - before))


with box():
    st.markdown(f"**{t('r_work')}**")
    c1, c2, c3 = st.columns(3)
    changes["rules.max_consecutive_work_days"] = c1.number_input(
        t("r_max_consecutive"), min_value=1, max_value=400, step=1,
        value=rules.max_consecutive_work_days, help=t("r_max_consecutive_help"),
        key=k("max_consecutive"))
    changes["rules.min_days_off_per_week"] = c2.number_input(
        t("r_days_off_week"), min_value=0, max_value=7, step=1,
        value=rules.min_days_off_per_week, help=t("r_days_off_week_help"),
        key=k("days_off_week"))
    changes["rules.min_days_off_per_month"] = c3.number_input(
        t("r_days_off_month"), min_value=0, max_value=31, step=1,
        value=rules.min_days_off_per_month, help=t("r_days_off_month_help"),
        key=k("days_off_month"))
    c1, c2, c3 = st.columns(3)
    changes["rules.min_rest_hours"] = c1.number_input(
        t("r_rest"), min_value=0.0, max_value=48.0, step=0.5, value=rules.min_rest_hours,
        help=t("r_rest_help"), key=k("rest"))
    changes["rules.max_continuous_work_hours"] = c2.number_input(
        t("r_continuous"), min_value=0.5, max_value=24.0, step=0.5,
        value=float(rules.max_continuous_work_hours), help=t("r_continuous_help"),
        key=k("continuous"))
    families = sorted({s.family for s in sc.shifts} | set(rules.evening_families))
    changes["rules.evening_families"] = c3.multiselect(
        t("r_evening_families"), families, default=list(rules.evening_families),
        help=t("r_evening_help"), key=k("evening_families"))
    st.markdown(t("r_successions"))
    widgets.section_editor("forbidden_successions", {
        "first": widgets.shift_column(t("c_first")),
        "then": widgets.shift_column(t("c_then")),
    })

with box():
    st.markdown(f"**{t('r_holidays')}**")
    c1, c2 = st.columns(2)
    changes["rules.holiday_max_spread"] = c1.number_input(
        t("r_holiday_spread"), min_value=0, max_value=10_000, step=1,
        value=rules.holiday_max_spread, help=t("r_holiday_spread_help"), key=k("spread"))
    changes["rules.min_holiday_days_off"] = c2.number_input(
        t("r_holiday_off"), min_value=0, max_value=366, step=1,
        value=rules.min_holiday_days_off, key=k("holiday_off"))
    st.markdown(t("r_holiday_cover"))
    widgets.section_editor("holiday_cover", {
        "family": cc.SelectboxColumn(t("c_family"),
                                     options=sorted({s.family for s in sc.shifts}),
                                     required=True),
        "min": cc.NumberColumn(t("c_min"), min_value=0, max_value=10_000, step=1),
        "skill": cc.TextColumn(t("c_skill")),
    })

with box():
    st.markdown(f"**{t('r_rotation')}**")
    rotation = getattr(rules, "rotation", None)
    rotating = st.toggle(t("r_rotation_on"), value=rotation is not None, key=k("rotation_on"))
    if rotating:
        c1, c2, c3 = st.columns([2, 1, 2])
        cycle = c1.text_input(t("r_cycle"), help=t("r_cycle_help"),
                              value=", ".join(rotation.cycle) if rotation else "day, evening",
                              key=k("rotation_cycle"))
        modes = {m: t(m) for m in ("hard", "soft")}  # labels fixed in this run's language
        mode = c2.radio(t("r_mode"), list(modes), format_func=modes.__getitem__, horizontal=True,
                        index=0 if rotation is None or rotation.mode == "hard" else 1,
                        key=k(f"rotation_mode_{state.language()}"))
        anchor = c3.date_input(t("r_anchor"), value=rotation.anchor if rotation else None,
                               help=t("r_anchor_default"), key=k("rotation_anchor"))
        c1, c2 = st.columns(2)
        week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        week_names = {d: weekday_long(n) for n, d in enumerate(week)}
        change = c1.multiselect(t("r_change_days"), week,
                                default=list(rotation.change_days) if rotation else
                                ["sat", "sun"],
                                format_func=week_names.__getitem__,
                                key=k(f"rotation_change_{state.language()}"))
        people = {e.id: f"{e.id} {e.name}".strip() for e in sc.employees}
        exempt = c2.multiselect(t("r_exempt"), list(people),
                                default=[e for e in (rotation.exempt if rotation else [])
                                         if e in people],
                                format_func=people.__getitem__, key=k("rotation_exempt"))
        changes["rules.rotation"] = {
            "cycle": [part.strip() for part in cycle.replace("，", ",").split(",")
                      if part.strip()],
            "mode": mode, "anchor": anchor.isoformat() if anchor else None,
            "change_days": change, "exempt": exempt}
    else:
        changes["rules.rotation"] = None

with box():
    st.markdown(f"**{t('r_meeting')}**")
    meeting = rules.meeting
    on = st.toggle(t("r_meeting_on"), value=meeting is not None, key=k("meeting_on"))
    if on:
        c1, c2, c3, c4 = st.columns(4)
        days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        day_names = {d: weekday_long(n) for n, d in enumerate(days)}
        day = c1.selectbox(t("r_meeting_day"), days,
                           index=days.index(meeting.weekday) if meeting else 0,
                           format_func=day_names.__getitem__,
                           key=k(f"meeting_day_{state.language()}"))
        start = c2.text_input(t("r_meeting_start"), value=meeting.start if meeting else "13:30",
                              key=k("meeting_start"))
        end = c3.text_input(t("r_meeting_end"), value=meeting.end if meeting else "14:00",
                            key=k("meeting_end"))
        least = c4.number_input(t("r_meeting_min"), min_value=0, max_value=10_000, step=1,
                                value=meeting.min_attendance if meeting else None,
                                key=k("meeting_min"))
        changes["rules.meeting"] = {"weekday": day, "start": start, "end": end,
                                    "min_attendance": least}
    else:
        changes["rules.meeting"] = None

with box():
    st.markdown(f"**{t('r_fairness')}**")
    c1, c2, c3 = st.columns(3)
    changes["rules.fair_hours_tolerance"] = c1.number_input(
        t("r_fair_hours"), min_value=0.0, max_value=10_000.0, step=1.0,
        value=float(rules.fair_hours_tolerance), key=k("fair_hours"))
    changes["rules.fair_evenings_tolerance"] = c2.number_input(
        t("r_fair_evenings"), min_value=0, max_value=10_000, step=1,
        value=rules.fair_evenings_tolerance, key=k("fair_evenings"))
    changes["rules.fair_weekends_tolerance"] = c3.number_input(
        t("r_fair_weekends"), min_value=0, max_value=10_000, step=1,
        value=rules.fair_weekends_tolerance, key=k("fair_weekends"))
    c1, c2 = st.columns(2)
    changes["rules.default_contract_hours_per_week"] = c1.number_input(
        t("r_default_contract"), min_value=0.0, max_value=168.0, step=0.5,
        value=float(rules.default_contract_hours_per_week), key=k("default_contract"))
    changes["rules.leave_credit_hours"] = c2.number_input(
        t("r_leave_credit"), min_value=0.0, max_value=24.0, step=0.5,
        value=float(rules.leave_credit_hours), key=k("leave_credit"))

with box():
    st.markdown(f"**{t('r_weights')}**")
    weight_rule = {"coverage_min_soft": "coverage_min", "interval_short": "interval_cover"}
    fields = list(type(rules.weights).model_fields)
    columns = st.columns(5)
    for i, name in enumerate(fields):
        label = rule_label(weight_rule.get(name, name))
        if name == "coverage_min_soft":
            label += t("soft_suffix")
        changes[f"rules.weights.{name}"] = columns[i % 5].number_input(
            label, min_value=0, max_value=1_000_000, step=10,
            value=getattr(rules.weights, name), key=k(f"weight_{name}"))

if not widgets.apply_fields("rules", changes):
    unplaced = []
    placed: dict[int, list[Any]] = {}
    for problem in state.errors("rules"):
        where = next((n for n, (_, keys) in enumerate(boxes) if any(
            problem.field == key or problem.field.startswith((key + ".", key + "["))
            for key in keys)), None)
        if where is None:
            unplaced.append(problem)
        else:
            placed.setdefault(where, []).append(problem)
    for n, problems in placed.items():
        with boxes[n][0].container():
            widgets.show_errors(problems)
    widgets.show_errors(unplaced)

with st.expander(t("catalogue")):
    st.dataframe(pd.DataFrame(
        [[rule_label(r.id), t(r.kind), unit(r.unit), r.formula] for r in RULES],
        columns=[t("c_rule"), t("c_kind"), t("c_unit"), t("c_formula")]),
        hide_index=True, width="stretch")
