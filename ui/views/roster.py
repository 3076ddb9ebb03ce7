"""Roster: the colour grid, coverage against need (per interval with chat demand) and the
predicted service, per-person totals, penalties and why a wish was not met; lock or change
cells and re-solve the rest; mend the roster after a sick call, check a swap; compare with
the previous solve."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from scheduler import LEAVE, OFF, CheckReport, ScenarioError, report
from ui import cache, panels, state, widgets
from ui.i18n import day_type, rule_label, status_text, t

state.setup()
st.title(t("page_roster"))
widgets.show_notice()
solved = state.solved()
if solved is None or solved.result.roster is None:
    st.info(t("no_roster"))
    st.page_link("views/solve.py", label=t("go_solve"), icon=":material/play_circle:")
    st.stop()

assert solved.result.roster is not None
roster = solved.result.roster
result = solved.result
problem = cache.problem(solved.scenario_key, solved.scenario)
current = state.scenario()
if solved.scenario_key != state.scenario_key():
    st.warning(t("stale"))

# ------------------------------------------------------------------ headline
m = st.columns(4)
m[0].metric(t("result_status"), status_text(str(result.status), short=True),
            help=status_text(str(result.status)))
m[1].metric(t("objective"), f"{result.objective:,}" if result.objective is not None else "-")
m[2].metric(t("bound"), f"{result.best_bound:,.0f}" if result.best_bound is not None else "-")
m[3].metric(t("gap"), "-" if result.gap is None else f"{result.gap:.1%}")
if result.stopped:
    st.caption(t("stopped_early"))
report_ = cache.checked(solved.token, state.scenario_key(), solved, current)
if isinstance(report_, CheckReport):
    if report_.ok:
        st.success(t("hard_ok"))
    else:
        st.error(t("hard_broken", count=len(report_.violations)))
        panels.violations_table(report_.violations, problem)
else:
    st.warning(report_)

# ------------------------------------------------------------------ the grid
previous = state.previous()
changed: set[tuple[str, dt.date]] = set()
diff = None
if previous is not None and previous.result.roster is not None:
    diff = cache.diff(solved.token, previous.token, solved, previous)
    changed = {(str(e), d) for e, d in zip(diff["employee_id"], diff["date"], strict=True)}
locks = {(lk.employee, lk.date) for lk in current.locks}
colors = cache.colors(solved.scenario_key, solved.scenario)
grid = cache.roster_grid_html(solved.token, state.language(),
                              previous.token if diff is not None and previous else "",
                              tuple(sorted(locks)), solved, frozenset(changed))

st.subheader(t("grid_title"))
family_names = panels.family_names(solved.scenario)
legend: list[tuple[str, str, str]] = [
    (f"background:{colors[f]}", "/".join(names), "") for f, names in family_names.items()]
legend += [
    ("background:#fff", f"{t('off')} = {t('legend_off_cell')}", ""),
    ("background:repeating-linear-gradient(45deg,#e4e4e4 0 4px,#f3f3f3 4px 8px)",
     f"{t('leave')} = {t('legend_leave_cell')}", ""),
    ("background:#e8eef7", t("weekend"), ""), ("background:#fde0e0", t("holiday"), ""),
    ("background:#fff1c2", t("makeup_workday"), ""),
    ("box-shadow:inset 0 3px 0 #e8590c", t("peak_day"), ""),
    ("box-shadow:inset 0 0 0 2px #444", t("locked_cell"), ""),
    ("outline:2px dashed #d9480f", t("changed_cell"), ""),
]
shift_names = ", ".join(f"{s.display_name} {s.segments_text.replace(';', ' + ')}"
                        for s in solved.scenario.shifts)
widgets.show_html(widgets.legend_html(legend) + grid)
st.caption(shift_names)

# ------------------------------------------------------------------ adjust and re-solve
with st.container(border=True):
    st.markdown(f"**{t('adjust_title')}**")
    k = state.widget_key
    people = {e.id: f"{e.id} {e.name}".strip() for e in solved.scenario.employees}
    c1, c2, c3 = st.columns(3)
    who = c1.selectbox(t("adjust_person"), list(people), format_func=people.__getitem__,
                       key=k("adjust_who"))
    when_key = f"adjust_when_{state.language()}"
    when = c2.selectbox(t("adjust_date"), problem.dates, key=k(when_key),
                        index=panels.date_index(problem, state.kept("adjust_when", None)),
                        format_func=panels.date_labels(problem, with_kind=True).__getitem__,
                        on_change=state.keep, args=("adjust_when", when_key))
    now_value = cache.cells(solved.token, solved).get((str(who), when), OFF)
    options = [s.id for s in solved.scenario.shifts] + [OFF]
    labels = {s.id: s.display_name for s in solved.scenario.shifts} | {OFF: t("off")}
    value = c3.selectbox(
        t("adjust_shift"), options,
        index=options.index(now_value) if now_value in options else len(options) - 1,
        format_func=labels.__getitem__, key=k(f"adjust_value_{who}_{when}_{solved.token[:8]}"))
    b1, b2, b3, b4 = st.columns(4)
    action: tuple[str, str | None] | None = None
    if b1.button(t("lock_as_is"), key=k("lock_as_is"), disabled=now_value == LEAVE):
        action = ("lock", now_value)
    if b2.button(t("set_and_lock"), key=k("set_lock"), disabled=now_value == LEAVE):
        action = ("lock", value)
    if b3.button(t("unlock"), key=k("unlock"), disabled=(who, when) not in locks):
        action = ("unlock", None)
    if b4.button(t("lock_row"), key=k("lock_row")):
        try:
            updated = report.lock_roster(current, roster, who)
        except ScenarioError as exc:
            widgets.show_errors(exc.problems)
        else:
            state.update_scenario(updated, reset=("locks",))
            state.notify("success", t("locked_now", count=len(updated.locks)))
            st.rerun()
    if action is not None:
        try:
            updated = report.set_lock(current, who, when, action[1])
        except ScenarioError as exc:
            widgets.show_errors(exc.problems)
        else:
            state.update_scenario(updated, reset=("locks",))
            if action[1] is None:
                state.notify("success", t("unlock_done", who=people[who], date=when))
            else:
                state.notify("success", t("lock_done", who=people[who], date=when,
                                          value=labels.get(action[1], action[1])))
            st.rerun()
    st.caption(t("locked_now", count=len(current.locks)))
    running = state.job()
    if st.button(t("resolve"), type="primary", key=k("roster_resolve"),
                 disabled=running is not None and not running.done):
        last = running
        state.start_job(time_limit=last.time_limit if last else 10.0,
                        workers=last.workers if last else 2, seed=last.seed if last else 0,
                        hint=roster)
        st.switch_page("views/solve.py")

# ------------------------------------------------------------------ sick call and swaps
with st.container(border=True):
    tab_sick, tab_swap = st.tabs([t("sick_tab"), t("swap_tab")],
                                 key=state.widget_key("roster_tools"), on_change="rerun")
    if tab_sick.open is not False:
        with tab_sick:
            panels.sick_call_panel(solved, problem)
    if tab_swap.open is not False:
        with tab_swap:
            panels.swap_panel(solved, problem)

# ------------------------------------------------------------------ tables
with_demand = bool(solved.scenario.demand)
tab_cov, tab_people, tab_pen, tab_cmp, *tab_service = st.tabs(
    [t("coverage_vs"), t("totals_title"), t("penalties_title"), t("compare_title")]
    + ([t("service_tab")] if with_demand else []),
    key=state.widget_key("roster_tables"), on_change="rerun")

if tab_cov.open is not False:  # only the chosen tab runs
    with tab_cov:
        st.caption(t("coverage_caption"))
        fam = cache.family_coverage(solved.token, solved)
        rows = []
        for family in dict.fromkeys(fam["family"]):
            part = fam[fam["family"] == family]
            by_date = {}
            for date, need_min, target, staffed in zip(part["date"], part["min"], part["target"],
                                                       part["staffed"], strict=True):
                cls = ["c-short"] if staffed < need_min else (["c-under"] if staffed < target
                                                              else [])
                by_date[date] = widgets.Cell(f"{staffed}/{need_min}", None, cls,
                                             t("cell_need", min=need_min, target=target))
            rows.append((family, f'<span class="sw" style="background:{colors.get(family)};'
                         'display:inline-block;width:12px;height:12px;margin-right:4px"></span>'
                         + html.escape("/".join(family_names.get(family, [family]))), by_date))
        widgets.show_html(widgets.day_table_html(problem, rows, grid_id="coverage-grid",
                                                 first=t("c_family")))
        detail = cache.coverage(solved.token, solved)
        short = detail[detail["short_of_target"] > 0]
        st.markdown(f"**{t('coverage_detail')}**")
        if short.empty:
            st.success(t("all_targets_met"))
        else:
            short = short.assign(day_type=short["day_type"].map(day_type))
            st.dataframe(short.drop(columns=["shift_id", "family"]).rename(columns={
                "date": t("c_date"), "day_type": t("c_day_type"), "shift_name": t("c_shift"),
                "skill": t("service_skill"), "min": t("c_min"), "target": t("c_target"),
                "staffed": t("staffed"), "short_of_min": t("c_short_of_min"),
                "short_of_target": t("c_short_of_target")}), hide_index=True, width="stretch")

if tab_people.open is not False:  # only the chosen tab runs
    with tab_people:
        totals = cache.totals(solved.token, solved)
        names = {"employee_id": t("c_id"), "employee_name": t("c_name"), "hours": t("t_hours"),
                 "contract_hours": t("t_contract"), "shifts": t("t_shifts"),
                 "evenings": t("t_evenings"), "weekends": t("t_weekends"),
                 "holidays": t("t_holidays"), "days_off": t("t_days_off"),
                 "leave_days": t("t_leave")}
        st.dataframe(totals.rename(columns=names), hide_index=True, width="stretch",
                     height=min(36 * (len(totals) + 1) + 3, 640))
        st.markdown(f"**{t('spread_title')}**")
        spread = report.team_spread(totals)
        spread["metric"] = spread["metric"].map(names)
        st.dataframe(spread.rename(columns={"metric": t("s_metric"), "min": t("s_min"),
                                            "max": t("s_max"), "mean": t("s_mean"),
                                            "spread": t("s_spread")}),
                     hide_index=True, width="stretch")

if tab_pen.open is not False:  # only the chosen tab runs
    with tab_pen:
        penalties = result.penalties_frame()
        st.markdown(t("p_total", total=f"{int(penalties['amount'].sum()):,}"))
        if penalties.empty:
            st.success(t("no_penalties"))
        else:
            c1, c2 = st.columns(2)
            by_rule = penalties.groupby("rule", sort=False)["amount"].sum().sort_values(
                ascending=False).reset_index()
            by_rule["rule"] = by_rule["rule"].map({r: rule_label(r) for r in by_rule["rule"]})
            c1.markdown(f"**{t('p_by_rule')}**")
            c1.dataframe(by_rule.rename(columns={"rule": t("c_rule"), "amount": t("p_amount")}),
                         hide_index=True, width="stretch")
            person_names = {e.id: e.name for e in solved.scenario.employees}
            by_person = penalties.dropna(subset=["employee_id"]).groupby(
                "employee_id")["amount"].sum().sort_values(ascending=False).reset_index()
            by_person.insert(1, "name", by_person["employee_id"].map(person_names))
            c2.markdown(f"**{t('p_by_person')}**")
            c2.dataframe(by_person.rename(columns={"employee_id": t("c_id"), "name": t("c_name"),
                                                   "amount": t("p_amount")}),
                         hide_index=True, width="stretch")
            st.markdown(f"**{t('p_detail')}**")
            sentences = cache.penalty_sentences(solved.token, state.language(), solved)
            by_rule_ids = set(penalties["rule"])
            detail_frame = pd.DataFrame({
                t("p_detail_col"): sentences,
                t("c_rule"): penalties["rule"].map({r: rule_label(r) for r in by_rule_ids}),
                t("c_id"): penalties["employee_id"].fillna(""),
                t("c_date"): penalties["date"].map(lambda d: "" if d is None else str(d)),
                t("p_amount"): penalties["amount"]})
            st.dataframe(detail_frame, hide_index=True, width="stretch")
            panels.why_not_panel(solved, problem, sentences)

if tab_cmp.open is not False:  # only the chosen tab runs
    with tab_cmp:
        if previous is None or diff is None:
            st.info(t("compare_none"))
        elif diff.empty:
            st.success(t("compare_same"))
        else:
            def cost(value: int | None) -> str:
                return "-" if value is None else f"{value:,}"

            st.markdown(t("compare_count", count=len(diff),
                          before=cost(previous.result.objective), after=cost(result.objective)))
            label_of = {s.id: s.display_name for s in solved.scenario.shifts} | {
                OFF: t("off"), LEAVE: t("leave")}
            st.dataframe(pd.DataFrame({
                t("c_id"): diff["employee_id"], t("c_name"): diff["employee_name"],
                t("c_date"): diff["date"],
                t("c_before"): diff["before"].map(lambda v: label_of.get(v, v)),
                t("c_after"): diff["after"].map(lambda v: label_of.get(v, v))}),
                hide_index=True, width="stretch")

for tab in tab_service:
    if tab.open is not False:
        with tab:
            panels.service_panel(solved, problem)
