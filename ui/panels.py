"""Panels of the Roster page over the library's service prediction, repair, swap check
and wish explanation: widgets and messages only (the tables come from
:mod:`scheduler.report`, the answers from the library)."""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import Any

import pandas as pd
import streamlit as st

from scheduler import LEAVE, OFF, Problem, RosterError, Scenario, ScenarioError, report
from scheduler.changes import RepairResult, SwapCheck, check_swap, with_absences
from scheduler.result import Status, Violation
from scheduler.staffing import PLATFORM_PRESETS
from ui import cache, state, widgets
from ui.i18n import day_type, lang, rule_label, t, weekday_long
from ui.jobs import Solved


def date_label(date: dt.date) -> str:
    return f"{date.isoformat()} {weekday_long(date.weekday())}"


def date_index(problem: Problem, date: Any) -> int:
    """Position of a kept date among the horizon's (the first when it is not there)."""
    return problem.date_idx.get(date, 0) if isinstance(date, dt.date) else 0


def family_names(scenario: Scenario) -> dict[str, list[str]]:
    """The display names of each shift family's shifts, families in catalogue order."""
    names: dict[str, list[str]] = {}
    for s in scenario.shifts:
        names.setdefault(s.family, []).append(s.display_name)
    return names


def violations_table(violations: list[Violation], problem: Problem) -> None:
    """The broken rules, each with its sentence in the chosen language."""
    frame = report.violation_rows(violations, lang(), problem)
    message = t("c_message")
    st.table(pd.DataFrame({  # a table, not a grid: sentences wrap instead of being cut
        message: frame["message"], t("c_rule"): frame["rule"].map(rule_label),
        t("c_id"): frame["employee_id"], t("c_date"): frame["date"]}), hide_index=True)


def date_labels(problem: Problem, *, with_kind: bool = False) -> dict[dt.date, str]:
    """Each date of the horizon as shown in a picker, in this run's language (a picker's
    labels must not change between the run that drew it and a later one)."""
    return {date: date_label(date) + (f" {day_type(problem.day_types[d])}" if with_kind else "")
            for d, date in enumerate(problem.dates)}


def shift_labels(solved: Solved) -> dict[str, str]:
    return {s.id: s.display_name for s in solved.scenario.shifts} | {
        OFF: t("off"), LEAVE: t("leave")}


def people_of(solved: Solved) -> dict[str, str]:
    return {e.id: f"{e.id} {e.name}".strip() for e in solved.scenario.employees}


# ------------------------------------------------------------------ chat service
def _percent(value: float) -> str:
    return f"{value:.0%}"


def service_panel(solved: Solved, problem: Problem) -> None:
    """Required against scheduled agents per interval of a chosen day, and the predicted
    service per day."""
    st.caption(t("service_intro"))
    service = solved.result.service
    if service is None:
        st.info(t("service_none"))
        return
    try:
        staffing = problem.staffing
    except (ValueError, OSError) as exc:  # e.g. a chat history file that cannot be read
        st.error(t("service_failed", error=exc))
        return
    demands = list(solved.scenario.demand)

    # per day: the reply rates and the platform checks
    st.markdown(f"**{t('service_daily')}**")
    st.caption(t("service_daily_caption"))
    judged = [(d, report.reply_target(d)) for d in demands]
    targets = [f"{d.skill} {target:.0%}" for d, target in judged if target is not None]
    if targets:
        pinduoduo = any(d.platform == "pinduoduo" and target is not None
                        for d, target in judged)
        st.caption(t("service_targets", targets=", ".join(targets)) + (
            " " + t("service_pdd_default",
                    share=PLATFORM_PRESETS["pinduoduo"].target_share) if pinduoduo else ""))
    daily = cache.service_days(solved.token, solved)
    rows = []
    for (skill, metric_key), part in daily.groupby(["skill", "metric"], sort=False):
        metric = str(metric_key)
        by_date = {}
        for date, value, ok in zip(part["date"], part["value"], part["ok"], strict=True):
            text = f"{value:g}h" if metric == "online_hours" else _percent(value)
            by_date[date] = widgets.Cell(text, None, ["c-short"] if ok is False else [],
                                         f"{skill} · {t('metric_' + metric)}: {text}")
        label = (f"{html.escape(str(skill))}<br><small>{html.escape(t('metric_' + metric))}"
                 "</small>")
        rows.append((f"{skill}-{metric}", label, by_date))
    widgets.show_html(widgets.day_table_html(problem, rows, grid_id="service-grid",
                                             first=t("service_skill")))
    overview = report.service_overview(daily)

    def shown_value(metric: str, value: float) -> str:
        return f"{value:.1f}h" if metric == "online_hours" else f"{value:.1%}"

    st.dataframe(pd.DataFrame({
        t("service_skill"): overview["skill"],
        t("service_metric"): [t("metric_" + m) for m in overview["metric"]],
        t("service_lowest"): [shown_value(m, v) for m, v in zip(
            overview["metric"], overview["lowest"], strict=True)],
        t("service_mean"): [shown_value(m, v) for m, v in zip(
            overview["metric"], overview["mean"], strict=True)],
        t("service_missed"): overview["days_missed"]}), hide_index=True, width="stretch")

    # per interval of one day: required and scheduled agents
    k = state.widget_key
    c1, c2 = st.columns(2)
    day = c1.selectbox(t("service_day"), problem.dates,
                       index=date_index(problem, state.kept("service_day", None)),
                       key=k(f"service_day_{state.language()}"),
                       format_func=date_labels(problem).__getitem__, on_change=state.keep,
                       args=("service_day", f"service_day_{state.language()}"))
    skills = [d.skill for d in demands]
    skill = c2.selectbox(t("service_skill"), skills, key=k("service_skill"))
    frame = report.interval_cover(staffing, service.intervals, day)
    part = frame[(frame["skill"] == skill) & frame["open"]]
    st.markdown(f"**{t('service_chart', skill=skill, day=date_label(day))}**")
    chart = pd.DataFrame({t("staffing_time"): part["interval_start"],
                          t("service_required"): part["required"],
                          t("service_scheduled"): part["scheduled"]})
    st.line_chart(chart, x=t("staffing_time"),
                  y=[t("service_required"), t("service_scheduled")],
                  x_label=t("staffing_time"), y_label=t("service_agents"),
                  color=["#d9480f", "#1c7ed6"])
    short = part[part["short"] > 0]
    if short.empty:
        st.success(t("service_no_short"))
    else:
        st.warning(t("service_short_intervals", count=len(short)))
    shown = part.drop(columns=["skill", "open"]).assign(
        asa_seconds=[f"{v:.0f}" if math.isfinite(v) else "—" for v in part["asa_seconds"]])
    names = {"interval_start": t("staffing_time"), "chats": t("service_chats"),
             "required": t("service_required"),
             "scheduled": t("service_scheduled"), "short": t("service_short"),
             "within_target": t("service_in_target"), "within_3min": t("service_3min"),
             "asa_seconds": t("service_asa")}
    cc = st.column_config
    st.caption(t("service_table_caption"))
    st.dataframe(shown.rename(columns=names), hide_index=True, width="stretch",
                 column_config={
                     names["chats"]: cc.NumberColumn(format="%.1f"),
                     names["within_target"]: cc.NumberColumn(format="percent"),
                     names["within_3min"]: cc.NumberColumn(format="percent"),
                     names["asa_seconds"]: cc.TextColumn()})


# ------------------------------------------------------------------ sick call
def sick_call_panel(solved: Solved, problem: Problem) -> None:
    """A person who cannot work for some days: mend the roster with the fewest changes."""
    from scheduler.cpsat.repair import repair  # the solver is loaded when first needed

    assert solved.result.roster is not None
    k = state.widget_key
    people = people_of(solved)
    first_day, last_day = problem.dates[0], problem.dates[-1]
    st.markdown(f"**{t('sick_title')}**")
    st.caption(t("sick_caption"))
    c1, c2, c3, c4, c5 = st.columns([3, 2, 2, 2, 1])
    ids = list(people)
    kept_who = state.kept("sick_who", None, ids.__contains__)
    who = c1.selectbox(t("sick_person"), ids, format_func=people.__getitem__,
                       index=ids.index(kept_who) if kept_who is not None else 0,
                       key=k("sick_who"), on_change=state.keep, args=("sick_who",))

    def in_horizon(value: Any) -> bool:
        return value is None or (isinstance(value, dt.date) and first_day <= value <= last_day)

    first = c2.date_input(t("sick_first"), value=state.kept("sick_first", first_day, in_horizon),
                          min_value=first_day, max_value=last_day, key=k("sick_first"),
                          on_change=state.keep, args=("sick_first",))
    last = c3.date_input(t("sick_last"), value=state.kept("sick_last", first_day, in_horizon),
                         min_value=first_day, max_value=last_day, key=k("sick_last"),
                         on_change=state.keep, args=("sick_last",))
    start = c4.date_input(t("sick_from"), value=state.kept("sick_from", None, in_horizon),
                          min_value=first_day, max_value=last_day, key=k("sick_from"),
                          on_change=state.keep, args=("sick_from",))
    limit = c5.number_input(t("sick_limit"), min_value=1, max_value=600,
                            value=state.kept("sick_limit", 30), step=5, key=k("sick_limit"),
                            on_change=state.keep, args=("sick_limit",))
    if st.button(t("sick_run"), key=k("sick_run"), type="primary"):
        _run_repair(repair, solved, str(who), first, last, start, float(limit))
    outcome = state.repair_outcome()
    if isinstance(outcome, RepairResult) and outcome.roster is not None:
        _show_changes(outcome, solved, problem)


def _as_date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _run_repair(repair: Any, solved: Solved, who: str, first: Any, last: Any, start: Any,
                limit: float) -> None:
    first, last, start = _as_date(first), _as_date(last), _as_date(start)
    if first is None or last is None:
        st.error(t("sick_end_before"))
        return
    try:
        absences = report.absence_days(who, first, last)
    except ValueError:
        st.error(t("sick_end_before"))
        return
    current = state.scenario()
    try:
        with st.spinner(t("sick_running")):
            outcome: RepairResult = repair(current, solved.result.roster, absences,
                                           start=start, time_limit=limit, workers=2)
        if outcome.roster is None:
            if outcome.status is Status.INVALID:
                st.error(t("sick_clash", who=people_of(solved).get(who, who), date=first))
            elif outcome.status is Status.INFEASIBLE:
                st.error(t("sick_infeasible"))
            else:
                st.warning(t("sick_unknown", limit=f"{limit:g}"))
            return
        scenario = with_absences(current, absences)
        mended = Solved(scenario, state.key_of(scenario),
                        report.mended_result(scenario, outcome))
    except ScenarioError as exc:
        widgets.show_errors(exc.problems, title=t("sick_conflict"))
        return
    except RosterError as exc:
        st.error(t("sick_stale", error=exc))
        return
    except Exception as exc:  # shown as a message, never a traceback
        st.error(t("sick_failed", error=f"{type(exc).__name__}: {exc}"))
        return
    state.use_repaired(scenario, mended, outcome)
    proof = t("sick_proven") if outcome.min_changes_proven else t("sick_not_proven")
    state.notify("success", t("sick_done", cells=outcome.changed_cells,
                              hours=f"{outcome.minutes_moved / 60:g}", proof=proof))
    st.rerun()


def _show_changes(outcome: RepairResult, solved: Solved, problem: Problem) -> None:
    st.markdown(f"**{t('sick_changes')}**")
    labels = shift_labels(solved)
    frame = report.named_changes(outcome, solved.scenario, lang(), problem)
    st.table(pd.DataFrame({
        t("c_id"): frame["employee_id"], t("c_name"): frame["employee_name"],
        t("c_date"): frame["date"],
        t("c_before"): frame["from"].map(lambda v: labels.get(v, v)),
        t("c_after"): frame["to"].map(lambda v: labels.get(v, v)),
        t("sick_absence"): frame["absence"],
        t("sick_cover"): frame["cover"]}), hide_index=True)


# ------------------------------------------------------------------ swap check
def swap_panel(solved: Solved, problem: Problem) -> None:
    """Whether swapping two cells keeps every hard rule (nothing is changed)."""
    roster = solved.result.roster
    assert roster is not None
    k = state.widget_key
    people = people_of(solved)
    st.markdown(f"**{t('swap_title')}**")
    st.caption(t("swap_caption"))
    ids = list(people)
    c1, c2, c3, c4 = st.columns(4)
    a = c1.selectbox(t("swap_a"), ids, format_func=people.__getitem__, key=k("swap_a"))
    labels_of_dates = date_labels(problem)
    date_a = c2.selectbox(t("swap_date_a"), problem.dates, format_func=labels_of_dates.__getitem__,
                          index=date_index(problem, state.kept("swap_date_a", None)),
                          key=k(f"swap_date_a_{state.language()}"), on_change=state.keep,
                          args=("swap_date_a", f"swap_date_a_{state.language()}"))
    b = c3.selectbox(t("swap_b"), ids, index=min(1, len(ids) - 1),
                     format_func=people.__getitem__, key=k("swap_b"))
    date_b = c4.selectbox(t("swap_date_b"), problem.dates, format_func=labels_of_dates.__getitem__,
                          index=date_index(problem, state.kept("swap_date_b", None)),
                          key=k(f"swap_date_b_{state.language()}"), on_change=state.keep,
                          args=("swap_date_b", f"swap_date_b_{state.language()}"))
    labels = shift_labels(solved)
    cells = cache.cells(solved.token, solved)
    va, vb = cells.get((str(a), date_a), OFF), cells.get((str(b), date_b), OFF)
    st.caption(t("swap_what", a=people[a], date_a=date_a, va=labels.get(va, va),
                 b=people[b], date_b=date_b, vb=labels.get(vb, vb)))
    if st.button(t("swap_run"), key=k("swap_run")):
        if va == vb:
            state.set_swap_outcome((a, date_a, b, date_b), None)
        else:
            try:
                checked = check_swap(state.scenario(), roster, str(a), date_a, str(b), date_b)
            except (ValueError, RosterError, ScenarioError) as exc:
                st.error(t("swap_failed", error=exc))
                return
            state.set_swap_outcome((a, date_a, b, date_b), checked)
    found = state.swap_outcome()
    if found is None or found[0] != (a, date_a, b, date_b):
        return
    checked = found[1]
    if checked is None:
        st.info(t("swap_same"))
    elif isinstance(checked, SwapCheck) and checked.ok:
        st.success(t("swap_ok"))
    elif isinstance(checked, SwapCheck):
        st.error(t("swap_broken", count=len(checked.new_violations)))
        violations_table(checked.new_violations, problem)


# ------------------------------------------------------------------ why a wish was not met
def why_not_panel(solved: Solved, problem: Problem, sentences: list[str]) -> None:
    """Pick an unmet wish and ask why (the wish made hard, a few seconds)."""
    from scheduler.cpsat.explain import why_not  # the solver is loaded when first needed

    result = solved.result
    assert result.roster is not None
    st.markdown(f"**{t('why_title')}**")
    positions = report.wish_penalties(result.penalties)
    if not positions:
        st.caption(t("why_none"))
        return
    st.caption(t("why_caption"))
    k = state.widget_key
    pick = st.selectbox(t("why_pick"), positions, format_func=lambda p: sentences[p],
                        key=k("why_pick"))
    if st.button(t("why_run"), key=k("why_run")):
        try:
            with st.spinner(t("why_running")):
                answer = why_not(solved.scenario, result.roster, result.penalties[pick],
                                 time_limit=5.0, workers=2)
        except Exception as exc:  # shown as a message, never a traceback
            st.error(t("why_failed", error=f"{type(exc).__name__}: {exc}"))
            return
        state.set_why_not_outcome(pick, answer)
    answer = state.why_not_outcome(pick)
    if answer is None:
        return
    st.markdown(f"*{sentences[pick]}*")
    if answer.conflicts:
        st.warning(t("why_conflicts"))
        st.markdown("\n".join(f"- {c.text(lang())}" for c in answer.conflicts))
        if not answer.proven:
            st.caption(t("why_not_proven"))
    elif answer.extra_cost is None:
        st.info(t("why_undecided"))
    elif answer.extra_cost <= 0:
        st.success(t("why_free"))
    else:
        st.info(t("why_costs", cost=answer.extra_cost))
        deltas = [(rule, delta) for rule, delta in sorted(
            answer.cost_delta.items(), key=lambda kv: -abs(kv[1])) if delta]
        st.table(pd.DataFrame({t("c_rule"): [rule_label(r) for r, _ in deltas],
                               t("why_delta"): [d for _, d in deltas]}), hide_index=True)
