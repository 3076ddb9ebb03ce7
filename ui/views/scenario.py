"""Scenario: open a bundled file, upload one, start from a template, download the edits."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from scheduler import ScenarioError, load_scenario, report
from ui import cache, state, widgets
from ui.i18n import t

state.setup()
st.title(t("page_scenario"))
st.caption(t("scenario_intro"))
widgets.show_notice()

failed = state.load_errors()
if failed is not None:
    widgets.show_errors(failed[1], title=t("open_failed", source=failed[0]))

left, middle, right = st.columns(3)
with left, st.container(border=True):
    files = cache.bundled_scenarios(state.SCENARIO_DIR)
    current = state.source()
    choice = st.selectbox(t("open_bundled"), files,
                          index=files.index(current) if current in files else 0,
                          key=state.widget_key("bundled"))
    if st.button(t("open"), key=state.widget_key("open"), type="primary"):
        try:
            opened = load_scenario(state.SCENARIO_DIR / choice)
        except ScenarioError as exc:
            state.set_load_errors(choice, exc.problems)
        else:
            widgets.open_and_announce(opened, choice, choice)
        st.rerun()

with middle, st.container(border=True):
    upload = st.file_uploader(t("upload"), type=["yaml", "yml", "json"],
                              key=state.widget_key("upload"))
    if upload is not None and st.button(t("upload_apply"), key=state.widget_key("use_upload")):
        try:
            opened = report.scenario_from_bytes(upload.getvalue(), upload.name)
        except ScenarioError as exc:
            state.set_load_errors(upload.name, exc.problems)
        else:
            widgets.open_and_announce(opened, upload.name, upload.name)
        st.rerun()

with right, st.container(border=True):
    st.markdown(f"**{t('template')}**")
    start = st.date_input(t("template_start"), value=dt.date.today() + dt.timedelta(days=7),
                          key=state.widget_key("template_start"))
    if st.button(t("template_create"), key=state.widget_key("template")):
        template = report.template_scenario(start)
        widgets.open_and_announce(template, "template", template.name or "template")
        st.rerun()

sc = state.scenario()
name = st.text_input(t("scenario_name"), value=sc.name, max_chars=200,
                     key=state.widget_key("name"))
if not widgets.apply_fields("name", {"name": name}):
    widgets.show_errors(state.errors("name"))
sc = state.scenario()

st.subheader(t("overview"))
problem = cache.problem(state.scenario_key(), sc)
leave_days = sum(len(days) for days in problem.leave_days)
cols = st.columns(5)
cols[0].metric(t("m_people"), len(sc.employees))
cols[1].metric(t("m_days"), problem.num_days)
cols[2].metric(t("m_shifts"), len(sc.shifts))
cols[3].metric(t("m_holidays"), len(problem.holidays))
cols[4].metric(t("m_leave"), leave_days)
st.caption(t("m_period_value", first=problem.dates[0].isoformat(),
             last=problem.dates[-1].isoformat()))
if problem.calendar_notes:
    st.warning("\n\n".join(problem.calendar_notes))

stem = re.sub(r"[^\w.-]+", "_", sc.name or "scenario").strip("_") or "scenario"
d1, d2 = st.columns(2)
d1.download_button(t("download_yaml"), cache.scenario_file(state.scenario_key(), "yaml", sc),
                   file_name=f"{stem}.yaml", mime="application/x-yaml",
                   key=state.widget_key("dl_yaml"), on_click=state.mark_saved)
d2.download_button(t("download_json"), cache.scenario_file(state.scenario_key(), "json", sc),
                   file_name=f"{stem}.json", mime="application/json",
                   key=state.widget_key("dl_json"), on_click=state.mark_saved)
