"""Pure computations kept between reruns, keyed on the scenario's digest (and the solve).

A rerun (a click, a page switch) must not rebuild what has not changed: the dense
problem (calendar, coverage), the checker's report and the roster's tables are computed
once per scenario or per solve. Arguments with a leading underscore are not hashed:
the digest or token next to them identifies them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import streamlit as st

from scheduler import (
    CheckReport,
    Problem,
    RosterError,
    Scenario,
    ScenarioError,
    check,
    family_colors,
    load_scenario,
    report,
)
from scheduler.explain import describe_penalty
from ui import widgets
from ui.jobs import Solved


@st.cache_data(max_entries=4, show_spinner=False)
def _loadable(files: tuple[tuple[str, float], ...]) -> list[str]:
    out = []
    for path, _ in files:
        try:
            load_scenario(path)
        except ScenarioError:
            continue  # e.g. a rotation-design input kept beside the scenarios
        out.append(Path(path).name)
    return out


def bundled_scenarios(folder: Path) -> list[str]:
    """Names of the scenario files in ``folder`` that open (checked once per change)."""
    files = tuple((str(p), p.stat().st_mtime) for p in sorted(folder.glob("*.y*ml")))
    return _loadable(files)


@st.cache_resource(max_entries=32, show_spinner=False)
def problem(scenario_key: str, _scenario: Scenario) -> Problem:
    return Problem(_scenario)


@st.cache_data(max_entries=32, show_spinner=False)
def colors(scenario_key: str, _scenario: Scenario) -> dict[str, str]:
    return family_colors(_scenario)


@st.cache_data(max_entries=32, show_spinner=False)
def required_per_day(scenario_key: str, _scenario: Scenario) -> pd.DataFrame:
    """Per date and family: minimum and target for everyone on the shift."""
    prob = problem(scenario_key, _scenario)
    empty = pd.DataFrame({"employee_id": [], "date": [], "shift_id": []})
    return report.family_coverage(prob, empty)


@st.cache_data(max_entries=8, show_spinner=False)
def staffing(scenario_key: str, _scenario: Scenario) -> pd.DataFrame:
    """Chats and required agents per date, interval and skill of the scenario's chat
    demand (peak days multiply the chats)."""
    return problem(scenario_key, _scenario).staffing


@st.cache_data(max_entries=16, show_spinner=False)
def totals(token: str, _solved: Solved) -> pd.DataFrame:
    prob = problem(_solved.scenario_key, _solved.scenario)
    assert _solved.result.roster is not None
    return report.person_totals(prob, _solved.result.roster)


@st.cache_data(max_entries=16, show_spinner=False)
def coverage(token: str, _solved: Solved) -> pd.DataFrame:
    prob = problem(_solved.scenario_key, _solved.scenario)
    assert _solved.result.roster is not None
    return report.coverage_table(prob, _solved.result.roster)


@st.cache_data(max_entries=16, show_spinner=False)
def family_coverage(token: str, _solved: Solved) -> pd.DataFrame:
    prob = problem(_solved.scenario_key, _solved.scenario)
    assert _solved.result.roster is not None
    return report.family_coverage(prob, _solved.result.roster)


@st.cache_resource(max_entries=16, show_spinner=False)
def checked(token: str, scenario_key: str, _solved: Solved, _scenario: Scenario
            ) -> CheckReport | str:
    """The independent check of the roster against ``_scenario``; text when it does not
    fit (e.g. a person added since the solve)."""
    assert _solved.result.roster is not None
    try:
        return check(_scenario, _solved.result.roster)
    except RosterError as exc:
        return str(exc)


@st.cache_data(max_entries=16, show_spinner=False)
def diff(token: str, previous_token: str, _solved: Solved, _previous: Solved
         ) -> pd.DataFrame:
    assert _solved.result.roster is not None and _previous.result.roster is not None
    return report.roster_diff(_previous.result.roster, _solved.result.roster)


@st.cache_data(max_entries=16, show_spinner=False)
def penalty_sentences(token: str, lang: str, _solved: Solved) -> list[str]:
    """Each penalty of the roster as a sentence, in the order of ``result.penalties``."""
    prob = problem(_solved.scenario_key, _solved.scenario)
    return [describe_penalty(prob, p, "zh" if lang == "zh" else "en")
            for p in _solved.result.penalties]


@st.cache_data(max_entries=16, show_spinner=False)
def roster_file(token: str, fmt: report.RosterFormat, _solved: Solved) -> bytes:
    prob = problem(_solved.scenario_key, _solved.scenario)
    assert _solved.result.roster is not None
    return report.roster_bytes(_solved.result.roster, prob, fmt)


@st.cache_data(max_entries=16, show_spinner=False)
def scenario_file(scenario_key: str, fmt: str, _scenario: Scenario) -> bytes:
    return report.scenario_bytes(_scenario, "json" if fmt == "json" else "yaml")



@st.cache_resource(max_entries=16, show_spinner=False)
def cells(token: str, _solved: Solved) -> dict[tuple[str, dt.date], str]:
    """Shift id (or OFF, LEAVE) per (person, date) of the roster; read only."""
    roster = _solved.result.roster
    assert roster is not None
    return {(str(e), d): str(s) for e, d, s in zip(
        roster["employee_id"], roster["date"], roster["shift_id"], strict=True)}


@st.cache_data(max_entries=16, show_spinner=False)
def service_days(token: str, _solved: Solved) -> pd.DataFrame:
    """The roster's predicted service per date, skill and metric (empty without demand)."""
    service = _solved.result.service
    if service is None:
        return pd.DataFrame(columns=["date", "skill", "metric", "value", "ok"])
    return report.service_days(service.days, list(_solved.scenario.demand))


@st.cache_data(max_entries=16, show_spinner=False)
def roster_grid_html(token: str, lang: str, previous_token: str,
                     locks: tuple[tuple[str, dt.date], ...], _solved: Solved,
                     _changed: frozenset[tuple[str, dt.date]]) -> str:
    """The roster grid's HTML: built again only when the roster, the language, the
    roster compared with (which decides ``_changed``) or the locks change."""
    roster = _solved.result.roster
    assert roster is not None
    return widgets.roster_grid(problem(_solved.scenario_key, _solved.scenario), roster,
                               colors(_solved.scenario_key, _solved.scenario), locks, _changed)
