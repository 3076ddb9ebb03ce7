"""One headless run per page of the supervisor app (streamlit.testing.v1.AppTest).

Each test opens the app (which loads the default scenario), seeds what the page needs in
session state, drives the widgets AppTest can drive and checks what the page shows.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator

import pytest
from conftest import ROOT, SCENARIOS

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest

from scheduler import Problem, load_scenario, solve
from ui import state
from ui.jobs import Solved, SolveJob

APP = str(ROOT / "ui" / "app.py")
TIMEOUT = 60
DEFAULT = load_scenario(SCENARIOS / "tmall_flagship.yaml")  # what the app opens first


def open_app(page: str | None = None, seed: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    for key, value in (seed or {}).items():
        at.session_state[key] = value
    if page is not None:
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [e.value for e in at.success]
    parts += [e.value for e in at.info] + [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


def html_of(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


@pytest.fixture(scope="module")
def tmall_solved() -> Iterator[Solved]:
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    result = solve(scenario, time_limit=3, workers=2, seed=0)
    assert result.roster is not None
    yield Solved(scenario, state.key_of(scenario), result)


def test_scenario_page_loads_default_and_reports_bad_files() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert at.sidebar.radio(key=state.LANG_CHOICE).value == "zh"
    assert at.title[0].value == "方案"
    assert at.session_state[state.SCENARIO] == DEFAULT
    assert [m.value for m in at.metric][:2] == [str(len(DEFAULT.employees)),
                                                str(DEFAULT.horizon.num_days)]
    # switch language (the sidebar's radio): every label follows
    at.session_state[state.LANG] = "en"
    at.run()
    assert at.title[0].value == "Scenario"
    # open another bundled scenario
    at.selectbox(key=state.widget_key_for("bundled", 0)).set_value("taobao_three_shift.yaml")
    at.button(key=state.widget_key_for("open", 0)).click().run()
    assert not at.exception
    assert len(at.session_state[state.SCENARIO].employees) == 10
    assert "Opened taobao_three_shift.yaml" in texts(at)
    assert at.session_state[state.SOURCE] == "taobao_three_shift.yaml"
    # rename the scenario: kept in the session and marked as edited
    at.text_input(key=state.widget_key_for("name", 1)).input("Team B").run()
    assert at.session_state[state.SCENARIO].name == "Team B"
    assert at.session_state[state.DIRTY]
    # the template
    at.button(key=state.widget_key_for("template", 1)).click().run()
    assert at.session_state[state.SCENARIO].employees[0].id == "E01"


def test_scenario_page_shows_open_errors_as_rows() -> None:
    from scheduler import FieldError

    at = open_app(None, {state.LOAD_ERRORS: ("bad.yaml", [
        FieldError("employees[2].skills", "Input should be a valid list", "'x'")])})
    assert any("bad.yaml" in e.value for e in at.error)
    table = at.dataframe[0].value
    assert list(table.iloc[0]) == ["团队 · 第 3 行 · skills", "'x'", "应为列表（多个值用逗号分隔）"]
    at.session_state[state.LANG] = "en"
    at.run()
    assert list(at.dataframe[0].value.iloc[0]) == ["team · row 3 · skills", "'x'",
                                                   "Input should be a valid list"]


def test_team_page_applies_valid_edits_and_lists_invalid_ones() -> None:
    at = open_app("team")
    assert at.title[0].value == "团队"
    editor = at.data_editor[0]
    assert list(editor.value["id"]) == [e.id for e in DEFAULT.employees]
    key = state.widget_key_for("editor_employees_0", 0)
    # an unknown shift in row 2: listed with its row, nothing else changes
    at.session_state[key] = {"edited_rows": {1: {"shifts": "day, nights"}},
                             "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert at.error, "the invalid edit is reported"
    rows = next(d.value for d in at.dataframe if "位置" in d.value.columns)
    assert rows.iloc[0, 0] == "团队 · 第 2 行 · shifts[1]"
    assert at.session_state[state.SCENARIO].employees[1].shifts is None
    # fixed, plus a new person: both kept
    at.session_state[key] = {"edited_rows": {1: {"shifts": "day"}},
                             "added_rows": [{"id": "T99", "name": "新人", "skills": "pre_sales"}],
                             "deleted_rows": []}
    at.run()
    assert not at.exception and not at.error
    employees = at.session_state[state.SCENARIO].employees
    assert employees[1].shifts == ["day"] and employees[-1].id == "T99"
    # every edit undone: the scenario is the one opened again
    at.session_state[key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert at.session_state[state.SCENARIO] == DEFAULT


def test_shifts_and_rules_page_edits_rules() -> None:
    at = open_app("shifts_rules")
    assert at.title[0].value == "班次与规则"
    assert "白班" in html_of(at) and "9.5" in html_of(at)  # evening: 4 h + 5.5 h
    at.number_input(key=state.widget_key_for("rest", 0)).set_value(12.0).run()
    assert not at.exception
    assert at.session_state[state.SCENARIO].rules.min_rest_hours == 12
    at.number_input(key=state.widget_key_for("weight_stability", 0)).set_value(80).run()
    assert at.session_state[state.SCENARIO].rules.weights.stability == 80
    at.toggle(key=state.widget_key_for("meeting_on", 0)).set_value(False).run()
    assert at.session_state[state.SCENARIO].rules.meeting is None
    # the rotation: an unknown family is reported, a valid cycle is kept
    assert at.toggle(key=state.widget_key_for("rotation_on", 0)).value == (
        DEFAULT.rules.rotation is not None)
    at.toggle(key=state.widget_key_for("rotation_on", 0)).set_value(True).run()
    at.text_input(key=state.widget_key_for("rotation_cycle", 0)).input("day, nights").run()
    assert not at.exception and at.error
    at.text_input(key=state.widget_key_for("rotation_cycle", 0)).input("day, evening").run()
    assert not at.error
    rotation = at.session_state[state.SCENARIO].rules.rotation
    assert rotation is not None and rotation.cycle == ["day", "evening"]
    # an invalid meeting time is reported as a row; the rules stay valid
    at.toggle(key=state.widget_key_for("meeting_on", 0)).set_value(True).run()
    at.text_input(key=state.widget_key_for("meeting_start", 0)).input("25:00").run()
    assert not at.exception and at.error
    assert at.session_state[state.SCENARIO].rules.min_rest_hours == 12


def test_calendar_page_shows_holidays_and_changes_the_period() -> None:
    at = open_app("calendar_demand")
    assert at.title[0].value == "日历与需求"
    body = html_of(at)
    holidays = Problem(DEFAULT).holidays
    assert len(holidays) == 7  # National Day 1-7 October
    assert body.count('class="cd d-holiday"') == 7 and "调休上班" in body  # Saturday 10 Oct
    # two weeks would leave wishes and locks outside the period: listed, nothing changes
    at.number_input(key=state.widget_key_for("h_days", 0)).set_value(14).run()
    assert not at.exception and at.error
    problems = next(d.value for d in at.dataframe if "位置" in d.value.columns)
    assert any(w.startswith("休息意愿 · 第 1 行") for w in problems["位置"])
    assert at.session_state[state.SCENARIO].horizon.num_days == 31
    at.number_input(key=state.widget_key_for("h_days", 0)).set_value(35).run()
    assert not at.exception and not at.error
    assert at.session_state[state.SCENARIO].horizon.num_days == 35
    assert html_of(at).count('class="cd ') == 35


def test_requests_page_shows_leave_wishes_and_locks() -> None:
    at = open_app("requests")
    assert at.title[0].value == "请假与意愿"
    assert len(at.data_editor) == 4
    body = html_of(at)
    assert 'id="requests-grid"' in body
    leave_days = sum(len(days) for days in Problem(DEFAULT).leave_days)
    assert leave_days >= 4  # T05 three days, T08 one day
    assert body.count('c-leave"') == leave_days
    assert body.count('c-lock"') == len(DEFAULT.locks)


def test_solve_page_runs_in_the_background_and_keeps_the_roster() -> None:
    at = open_app("solve")
    assert at.title[0].value == "生成排班"
    at.number_input(key=state.widget_key_for("time_limit", 0)).set_value(2).run()
    at.button(key=state.widget_key_for("start", 0)).click().run()
    assert not at.exception
    job: SolveJob = at.session_state[state.JOB]
    assert job.wait(30)
    at.run()
    at.run()
    assert not at.exception
    solved = at.session_state[state.SOLVED]
    assert solved is not None and solved.result.roster is not None
    assert any("完成" in s.value for s in at.success)


def test_stop_keeps_the_best_roster() -> None:
    at = open_app("solve")
    at.number_input(key=state.widget_key_for("time_limit", 0)).set_value(120).run()
    at.button(key=state.widget_key_for("start", 0)).click().run()
    job: SolveJob = at.session_state[state.JOB]
    deadline = time.monotonic() + 30
    while not any(p.objective is not None for p in job.snapshot().points):
        assert time.monotonic() < deadline, "no roster within 30 s"
        time.sleep(0.1)
    at.run()
    at.button(key=state.widget_key_for("stop", 0)).click().run()
    assert job.wait(30)
    at.run()
    at.run()
    assert not at.exception
    solved = at.session_state[state.SOLVED]
    assert solved.result.stopped and solved.result.roster is not None
    assert job.snapshot().elapsed < 60


def test_roster_page_grid_totals_penalties_and_locks(tmall_solved: Solved) -> None:
    at = open_app("roster", {state.SOLVED: tmall_solved})
    assert at.title[0].value == "排班表"
    body = html_of(at)
    assert 'id="roster-grid"' in body
    scenario = tmall_solved.scenario
    for emp in scenario.employees:
        assert f'data-employee="{emp.id}"' in body
    for date in scenario.horizon.dates():
        assert f'data-date="{date.isoformat()}"' in body
    assert "全部硬性规则均满足" in texts(at)
    # lock a cell and see it in the scenario
    at.selectbox(key=state.widget_key_for("adjust_who", 0)).set_value("T03")
    at.run()
    at.button(key=state.widget_key_for("lock_as_is", 0)).click().run()
    assert not at.exception
    locks = at.session_state[state.SCENARIO].locks
    assert any(lk.employee == "T03" for lk in locks)
    # the requests page's table of locks starts again from the scenario and shows it
    at.switch_page("pages/requests.py").run()
    assert not at.exception
    lock_table = at.data_editor[3].value
    assert len(lock_table) == len(locks) and "T03" in set(lock_table["employee"])
    at.switch_page("pages/roster.py").run()
    # the tables: per-person totals of every person, and the team spread
    frames = [d.value for d in at.dataframe]
    totals = next(f for f in frames if "工时" in f.columns and "合同工时" in f.columns)
    assert set(totals["工号"]) == {e.id for e in scenario.employees}
    sentences = next(f for f in frames if "说明" in f.columns)
    assert len(sentences) == len(tmall_solved.result.penalties)


def test_roster_page_compares_with_the_previous_solve(tmall_solved: Solved) -> None:
    roster = tmall_solved.result.roster
    assert roster is not None
    changed = roster.copy()
    changed.loc[0, "shift_id"] = "OFF" if changed.loc[0, "shift_id"] != "OFF" else "day"
    before = Solved(tmall_solved.scenario, tmall_solved.scenario_key,
                    type(tmall_solved.result)(tmall_solved.result.status, changed,
                                              objective=0))
    at = open_app("roster", {state.SOLVED: tmall_solved, state.PREVIOUS: before})
    assert "有 1 个格子变化" in texts(at)
    assert html_of(at).count('c-changed"') == 1


def test_roster_page_without_a_roster_points_to_solve() -> None:
    at = open_app("roster")
    assert any("还没有排班" in i.value for i in at.info)


def test_export_page_offers_every_file(tmall_solved: Solved) -> None:
    at = open_app("export", {state.SOLVED: tmall_solved})
    assert at.title[0].value == "导出"
    buttons = at.get("download_button")
    assert len(buttons) == 5
    at.session_state[state.LANG] = "en"
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:3] == ["Excel workbook (.xlsx)", "Long CSV (one row per person and day)",
                          "Wide CSV (one row per person)"]


def test_infeasible_scenario_is_explained() -> None:
    at = open_app(None, {state.SCENARIO: load_scenario(SCENARIOS / "infeasible_small.yaml")})
    at.session_state[state.SCENARIO_KEY] = state.key_of(at.session_state[state.SCENARIO])
    at.switch_page("pages/solve.py").run()
    at.number_input(key=state.widget_key_for("time_limit", 0)).set_value(5).run()
    at.button(key=state.widget_key_for("start", 0)).click().run()
    job: SolveJob = at.session_state[state.JOB]
    assert job.wait(30)
    at.run()
    assert not at.exception
    assert any("没有得到排班" in e.value for e in at.error)
    assert at.session_state[state.SOLVED] is None  # nothing to show on the roster page
    at.button(key=state.widget_key_for("explain", 0)).click().run()
    assert not at.exception
    conflicts = next(d.value for d in at.dataframe if "说明" in d.value.columns)
    assert len(conflicts) >= 1


def test_calendar_page_draws_the_staffing_curve_of_chat_demand() -> None:
    from scheduler import Scenario

    if "demand" not in Scenario.model_fields:
        pytest.skip("scenarios have no chat demand in this version")
    data = DEFAULT.model_dump(mode="json")
    data["demand"] = [{"skill": "pre_sales", "service_hours": ["08:00-23:00"],
                       "interval_minutes": 60, "forecast": {"daily": [20] * 24},
                       "platform": "pinduoduo", "service": {"aht_seconds": 300}}]
    scenario = Scenario.model_validate(data)
    at = open_app(None, {state.SCENARIO: scenario, state.SCENARIO_KEY: state.key_of(scenario)})
    at.switch_page("pages/calendar_demand.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any(s.value == "按咨询量推算的人数" for s in at.subheader)
