"""Supervisor app: ``python3 -m streamlit run ui/app.py``.

A small router: the language switch and the scenario in the sidebar, one page per
step (inputs, solve, roster, export). Pages are thin scripts over ``scheduler``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:  # `streamlit run ui/app.py` puts only ui/ on the path
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from ui import state  # noqa: E402
from ui.i18n import LANGUAGES, t  # noqa: E402

st.set_option("client.toolbarMode", "minimal")
st.set_page_config(page_title="排班 · Roster", page_icon=":material/calendar_month:", layout="wide")
state.setup()

with st.sidebar:
    st.radio(t("language"), list(LANGUAGES), format_func=LANGUAGES.__getitem__,
             index=list(LANGUAGES).index(state.language()), key=state.LANG_CHOICE,
             on_change=state.language_chosen, horizontal=True)

pages = {
    t("nav_setup"): [
        st.Page("views/scenario.py", title=t("page_scenario"), icon=":material/folder_open:",
                default=True),
        st.Page("views/team.py", title=t("page_team"), icon=":material/group:"),
        st.Page("views/shifts_rules.py", title=t("page_shifts"), icon=":material/schedule:"),
        st.Page("views/calendar_demand.py", title=t("page_calendar"),
                icon=":material/calendar_month:"),
        st.Page("views/requests.py", title=t("page_requests"), icon=":material/event_busy:"),
    ],
    t("nav_result"): [
        st.Page("views/solve.py", title=t("page_solve"), icon=":material/play_circle:"),
        st.Page("views/roster.py", title=t("page_roster"), icon=":material/grid_view:"),
        st.Page("views/export.py", title=t("page_export"), icon=":material/download:"),
    ],
}
page = st.navigation(pages)

with st.sidebar:
    sc = state.scenario()
    st.markdown(t("sidebar_scenario", name=sc.name or t("unnamed")))
    st.caption(t("sidebar_people_days", people=len(sc.employees), days=sc.horizon.num_days,
                 start=sc.horizon.start.isoformat()))
    if state.dirty():
        st.caption(":material/edit: " + t("sidebar_unsaved"))
    running = state.job()
    if running is not None and not running.done:
        st.caption(":material/hourglass_top: " + t("sidebar_solving"))

page.run()
