"""Export: the roster as long CSV, wide CSV and xlsx, and the scenario, byte for byte what
the command line writes."""

from __future__ import annotations

import re

import streamlit as st

from scheduler import to_wide
from ui import cache, state
from ui.i18n import t

state.setup()
st.title(t("page_export"))
st.caption(t("export_intro"))
k = state.widget_key
sc = state.scenario()
stem = re.sub(r"[^\w.-]+", "_", sc.name or "roster").strip("_") or "roster"

st.subheader(t("export_roster"))
solved = state.solved()
if solved is None or solved.result.roster is None:
    st.info(t("export_no_roster"))
else:
    if solved.scenario_key != state.scenario_key():
        st.warning(t("stale"))
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("dl_xlsx"), cache.roster_file(solved.token, "xlsx", solved),
                       file_name=f"{stem}_roster.xlsx", key=k("dl_xlsx"), on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       type="primary")
    c2.download_button(t("dl_long"), cache.roster_file(solved.token, "long_csv", solved),
                       file_name=f"{stem}_roster.csv", mime="text/csv", key=k("dl_long"),
                       on_click="ignore")
    c3.download_button(t("dl_wide"), cache.roster_file(solved.token, "wide_csv", solved),
                       file_name=f"{stem}_roster_wide.csv", mime="text/csv", key=k("dl_wide"),
                       on_click="ignore")
    with st.expander(t("preview")):
        st.dataframe(to_wide(solved.result.roster).rename(columns={
            "employee_id": t("c_id"), "employee_name": t("c_name")}),
            hide_index=True, width="stretch")

st.subheader(t("export_scenario"))
c1, c2 = st.columns(2)
c1.download_button(t("download_yaml"), cache.scenario_file(state.scenario_key(), "yaml", sc),
                   file_name=f"{stem}.yaml", mime="application/x-yaml", key=k("dl_sc_yaml"),
                   on_click=state.mark_saved)
c2.download_button(t("download_json"), cache.scenario_file(state.scenario_key(), "json", sc),
                   file_name=f"{stem}.json", mime="application/json", key=k("dl_sc_json"),
                   on_click=state.mark_saved)
