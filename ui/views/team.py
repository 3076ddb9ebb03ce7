"""Team: the employees table."""

from __future__ import annotations

import streamlit as st

from ui import state, widgets
from ui.i18n import t

state.setup()
st.title(t("page_team"))
st.caption(t("team_intro"))

cc = st.column_config
widgets.section_editor("employees", {
    "id": cc.TextColumn(t("c_id"), required=True, max_chars=64, pinned=True),
    "name": cc.TextColumn(t("c_name"), max_chars=64, pinned=True),
    "skills": cc.TextColumn(t("c_skills"), help=t("h_skills")),
    "shifts": cc.TextColumn(t("c_allowed"), help=t("h_allowed")),
    "contract_hours_per_week": cc.NumberColumn(t("c_contract"), min_value=0, max_value=168,
                                               step=0.5, help=t("h_contract")),
    "min_hours_per_week": cc.NumberColumn(t("c_min_week"), min_value=0, max_value=168,
                                          step=0.5),
    "max_hours_per_week": cc.NumberColumn(t("c_max_week"), min_value=0, max_value=168,
                                          step=0.5),
    "max_shifts": cc.TextColumn(t("c_max_shifts")),
    "role": cc.TextColumn(t("c_role")),
    "holiday_days_worked": cc.NumberColumn(t("c_holiday_worked"), min_value=0, max_value=366,
                                           step=1),
    "crew": cc.TextColumn(t("c_crew"), help=t("h_crew")),
    "rotation_offset": cc.NumberColumn(t("c_offset"), min_value=0, max_value=7, step=1,
                                       help=t("h_offset")),
    "history": cc.TextColumn(t("c_history"), help=t("h_history")),
}, max_height=640)

sc = state.scenario()
skills = sorted({s for e in sc.employees for s in e.skills})
st.caption(t("team_size", people=len(sc.employees), skills=", ".join(skills) or "-"))
