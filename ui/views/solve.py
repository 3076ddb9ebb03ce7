"""Solve: time limit, background search with live progress, stop keeping the best roster."""

from __future__ import annotations

import os

import altair as alt
import pandas as pd
import streamlit as st

from scheduler import Status
from scheduler.cpsat.explain import explain_infeasibility
from ui import state
from ui.i18n import message, rule_label, status_text, t
from ui.jobs import SolveJob

state.setup()
st.title(t("page_solve"))
st.caption(t("solve_intro"))
k = state.widget_key
sc = state.scenario()
job = state.job()
running = job is not None and not job.done

c1, c2, c3 = st.columns(3)
default_limit = 10 if len(sc.employees) * sc.horizon.num_days <= 600 else 30
time_limit = c1.number_input(t("time_limit"), min_value=1, max_value=3600, step=5,
                             value=state.kept("time_limit", default_limit), key=k("time_limit"),
                             on_change=state.keep, args=("time_limit",), disabled=running)
workers = c2.number_input(t("workers"), min_value=1, max_value=32, step=1,
                          value=state.kept("workers", min(4, os.cpu_count() or 1)),
                          key=k("workers"), on_change=state.keep, args=("workers",),
                          disabled=running)
seed = c3.number_input(t("seed"), min_value=0, max_value=2**31 - 1, step=1,
                       value=state.kept("seed", 0), key=k("seed"), on_change=state.keep,
                       args=("seed",), disabled=running)

solved = state.solved()
b1, b2 = st.columns([1, 2])
if b1.button(t("start_solve"), type="primary", disabled=running, key=k("start")):
    state.start_job(time_limit=time_limit, workers=workers, seed=seed)
    st.rerun()
if solved is not None and solved.result.roster is not None and b2.button(
        t("resolve"), disabled=running, key=k("resolve")):
    state.start_job(time_limit=time_limit, workers=workers, seed=seed,
                    hint=solved.result.roster)
    st.rerun()


TICKS = [0, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000]


def chart(current: SolveJob) -> None:
    snap = current.snapshot()
    points = snap.points
    objective = next((p.objective for p in reversed(points) if p.objective is not None), None)
    bound = next((p.bound for p in reversed(points) if p.bound is not None), None)
    gap = None if objective is None or bound is None else (
        max(0.0, objective - bound) / max(1.0, abs(objective)))
    final = current.solved.result if current.done and current.solved is not None else None
    if final is not None and final.has_roster:  # the figures the roster page shows too
        objective, bound, gap = final.objective, final.best_bound, final.gap
    m1, m2, m3 = st.columns(3)
    m1.metric(t("objective"), "-" if objective is None else f"{objective:,.0f}")
    m2.metric(t("bound"), "-" if bound is None else f"{max(bound, 0):,.0f}")
    m3.metric(t("gap"), "-" if gap is None else f"{gap:.1%}")
    rows = [(p.time, t("objective"), p.objective) for p in points if p.objective is not None]
    rows += [(p.time, t("bound"), max(p.bound, 0.0)) for p in points if p.bound is not None]
    if final is not None and final.objective is not None and rows:  # end at the figures
        end = max(final.wall_time, max(time for time, _, _ in rows))
        rows += [(end, t("objective"), final.objective)]
        if final.best_bound is not None:
            rows += [(end, t("bound"), max(final.best_bound, 0.0))]
    if rows:
        frame = pd.DataFrame(rows, columns=["time", "series", "value"])
        st.altair_chart(
            alt.Chart(frame).mark_line(point=True, interpolate="step-after").encode(
                x=alt.X("time:Q", title=t("chart_time")),
                y=alt.Y("value:Q", title=t("chart_value"), scale=alt.Scale(type="symlog"),
                        axis=alt.Axis(values=TICKS, format=",.0f")),
                color=alt.Color("series:N", title=None),
            ).properties(height=260), width="stretch", key=k("progress_chart"))


def progress() -> None:
    current = state.job()
    if current is None:
        return
    snap = current.snapshot()
    if not snap.done:
        share = min(1.0, snap.elapsed / max(current.time_limit, 0.1))
        text = t("stopping") if snap.stopping else t(
            "running", elapsed=snap.elapsed, limit=current.time_limit)
        st.progress(share, text=text)
        if not snap.points:
            st.caption(t("waiting_first"))
        if st.button(t("stop"), key=k("stop"), disabled=snap.stopping):
            current.stop()
    chart(current)
    if snap.done:
        st.rerun()  # the whole page: the result below and the sidebar


def explain() -> None:
    """Why no roster exists: the smallest set of hard-rule instances in conflict."""
    found = state.explanation()
    if found is None:
        if st.button(t("explain"), key=k("explain")):
            with st.spinner(t("explaining")):
                found = explain_infeasibility(state.scenario(), time_limit=30.0)
            state.set_explanation(found)
        else:
            return
    lang = "zh" if state.language() == "zh" else "en"
    if not found.conflicts:
        st.info(found.text(lang))
        return
    st.markdown(f"**{t('explain_title')}**")
    st.caption(t("explain_minimal") if found.minimal else t("explain_not_minimal"))
    st.table(pd.DataFrame({
        t("c_rule"): [rule_label(c.rule) for c in found.conflicts],
        t("p_detail_col"): [c.text(lang) for c in found.conflicts]}), hide_index=True)


if job is not None:
    if running:
        st.fragment(progress, run_every=1.0)()
    else:
        chart(job)
        if job.error is not None:
            st.error(t("solve_failed", error=job.error))
        elif job.solved is not None:
            result = job.solved.result
            if result.has_roster:
                st.success(t("done", status=status_text(str(result.status))))
                if result.stopped:
                    st.info(t("stopped_early"))
                st.caption(t("time_taken", seconds=result.wall_time))
                if st.button(t("view_roster"), type="primary", key=k("view")):
                    st.switch_page("views/roster.py")
            else:
                st.error(t("no_roster_found", message=message(result.message)))
                if result.status is Status.INFEASIBLE:
                    st.info(t("infeasible_hint"))
                    explain()
            for warning in result.warnings:
                st.warning(warning)
