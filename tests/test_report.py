"""Tables behind the supervisor app: totals, coverage, differences, editable sections, files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import SCENARIOS, day, grid, make_scenario

from scheduler import Problem, ScenarioError, load_scenario, save_scenario, write_roster
from scheduler import report as rp
from scheduler.roster import grid_to_frame

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))


def two_people(**extra: Any) -> tuple[Problem, pd.DataFrame]:
    """Mon 2 Nov .. Sun 8 Nov 2026; P1 works D D E - L - D, P2 works E E - D D E -."""
    scenario = make_scenario(7, [{"id": "P1", "name": "甲", "skills": ["a"]},
                                 {"id": "P2", "name": "乙", "skills": ["a", "b"]}],
                             leave=[{"employee": "P1", "start": "2026-11-06"}],
                             calendar={"country": None, "holidays": ["2026-11-07"]},
                             **extra)
    problem = Problem(scenario)
    roster = grid_to_frame(problem, grid(problem, {"P1": "D D E - L - D",
                                                   "P2": "E E - D D E -"}))
    return problem, roster


def test_person_totals_count_hours_evenings_weekends_holidays() -> None:
    problem, roster = two_people()
    totals = rp.person_totals(problem, roster).set_index("employee_id")
    # P1: D D E D = 4 shifts of 8 h; one evening; weekend days worked: Sun 8 (D) only;
    # no holiday worked.
    assert totals.loc["P1", "hours"] == 32
    assert list(totals.loc["P1", ["shifts", "evenings", "weekends", "holidays", "days_off",
                                  "leave_days"]]) == [4, 1, 1, 0, 2, 1]
    # P2: E E D D E = 5 shifts; three evenings; works Sat 7 (E), off Sun 8. Sat 7 is a
    # holiday and, as in the fair_weekends rule, still a Saturday worked.
    assert list(totals.loc["P2", ["shifts", "evenings", "weekends", "holidays", "days_off",
                                  "leave_days"]]) == [5, 3, 1, 1, 2, 0]
    # contract reference: 48 h/week over the days not on leave (6 of 7 for P1)
    assert totals.loc["P1", "contract_hours"] == pytest.approx(48 * 6 / 7, abs=0.05)
    assert totals.loc["P2", "contract_hours"] == 48


def test_team_spread_is_highest_minus_lowest() -> None:
    problem, roster = two_people()
    spread = rp.team_spread(rp.person_totals(problem, roster)).set_index("metric")
    assert spread.loc["hours", "spread"] == 8  # 40 - 32
    assert spread.loc["evenings", "min"] == 1 and spread.loc["evenings", "max"] == 3
    assert spread.loc["shifts", "mean"] == 4.5


def test_coverage_table_counts_people_and_skills() -> None:
    problem, roster = two_people(coverage=[{"shift": "D", "min": 1, "target": 2},
                                           {"shift": "E", "skill": "b", "min": 1}])
    table = rp.coverage_table(problem, roster)
    monday = table[table["date"] == day(0)].set_index("shift_id")
    # Monday: P1 on D (1 of target 2); P2 (skill b) on E
    assert list(monday.loc["D", ["min", "target", "staffed", "short_of_min",
                                 "short_of_target"]]) == [1, 2, 1, 0, 1]
    assert monday.loc["E", "skill"] == "b" and monday.loc["E", "staffed"] == 1
    wednesday = table[(table["date"] == day(2)) & (table["shift_id"] == "D")].iloc[0]
    assert wednesday["staffed"] == 0 and wednesday["short_of_min"] == 1  # P1 on E, P2 off
    fam = rp.family_coverage(problem, roster)
    row = fam[(fam["date"] == day(0)) & (fam["family"] == "day")].iloc[0]
    assert (row["min"], row["target"], row["staffed"]) == (1, 2, 1)
    evening = fam[(fam["date"] == day(0)) & (fam["family"] == "evening")].iloc[0]
    assert (evening["min"], evening["staffed"]) == (0, 1)  # skill needs are not summed


def test_roster_diff_lists_changed_cells() -> None:
    problem, before = two_people()
    after = grid_to_frame(problem, grid(problem, {"P1": "D D E - L - -",
                                                  "P2": "E E - D D E -"}))
    diff = rp.roster_diff(before, after)
    assert diff.to_dict("records") == [{"employee_id": "P1", "employee_name": "甲",
                                        "date": day(6), "before": "D", "after": "OFF"}]
    assert rp.roster_diff(before, before).empty


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_section_round_trips_unchanged(path: Path) -> None:
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:  # whether each file loads is tests/test_scenarios.py's job
        pytest.skip(f"{path.name} is not a scenario file ({len(exc.problems)} problems)")
    for section in rp.SECTIONS:
        assert rp.apply_section(scenario, section, rp.section_frame(scenario, section)) == \
            scenario, section


def test_edited_team_keeps_hidden_fields_and_adds_rows() -> None:
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    frame = rp.section_frame(scenario, "employees")
    frame.loc[0, "skills"] = "pre_sales，after_sales"  # a Chinese comma is a comma too
    frame.loc[len(frame)] = {"id": "T99", "name": "新人", "skills": "pre_sales",
                             "shifts": "day", "holiday_days_worked": 0}
    edited = rp.apply_section(scenario, "employees", frame)
    first = edited.employees[0]
    assert first.skills == ["pre_sales", "after_sales"]
    assert first.history == scenario.employees[0].history
    assert edited.employees[-1].id == "T99" and edited.employees[-1].shifts == ["day"]
    assert edited.employees[1].shifts is None  # empty "allowed shifts": every shift


def test_invalid_edit_names_the_table_row() -> None:
    scenario = make_scenario(7, 2)
    frame = rp.section_frame(scenario, "employees")
    blank = {c: None for c in frame.columns}
    frame = pd.concat([frame.iloc[:1], pd.DataFrame([blank]), frame.iloc[1:]],
                      ignore_index=True)
    frame.loc[2, "shifts"] = "D, night"
    with pytest.raises(ScenarioError) as err:
        rp.apply_section(scenario, "employees", frame)
    # the blank row 1 is dropped; the error points at table row 2, not item 1
    assert [p.field for p in err.value.problems] == ["employees[2].shifts[1]"]
    frame.loc[2, "shifts"] = "D"
    frame.loc[2, "min_hours_per_week"] = 50
    frame.loc[2, "max_hours_per_week"] = 40
    with pytest.raises(ScenarioError) as err:
        rp.apply_section(scenario, "employees", frame)
    assert [p.field for p in err.value.problems] == ["employees[2]"]


def test_dates_lists_and_peak_days() -> None:
    scenario = make_scenario(7, 1)
    frame = pd.DataFrame({"date": [dt.date(2026, 11, 4), None]})
    edited = rp.apply_section(scenario, "holidays", frame)
    assert edited.calendar.holidays == [dt.date(2026, 11, 4)]
    peaks = pd.DataFrame({"date": [dt.date(2026, 11, 11)], "multiplier": [3.0],
                          "name": ["双11"]})
    edited = rp.apply_section(edited, "peak_days", peaks)
    assert edited.calendar.peak_days[0].multiplier == 3
    bad = pd.DataFrame({"date": [dt.date(2026, 11, 11)], "multiplier": [-1.0], "name": [""]})
    with pytest.raises(ScenarioError) as err:
        rp.apply_section(edited, "peak_days", bad)
    assert err.value.problems[0].field == "calendar.peak_days[0].multiplier"


def test_replace_fields_sets_and_clears_rules() -> None:
    scenario = make_scenario(7, 1)
    edited = rp.replace_fields(scenario, {"rules.min_rest_hours": 10,
                                          "rules.max_consecutive_work_days": None})
    assert edited.rules.min_rest_hours == 10
    assert edited.rules.max_consecutive_work_days is None
    with pytest.raises(ScenarioError) as err:
        rp.replace_fields(scenario, {"rules.min_days_off_per_week": 9})
    assert err.value.problems[0].field == "rules.min_days_off_per_week"


def test_edits_keep_a_rotation_offset_and_crew() -> None:
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    frame = rp.section_frame(scenario, "employees")
    frame.loc[0, "crew"] = "A"
    frame.loc[0, "rotation_offset"] = 1
    edited = rp.apply_section(scenario, "employees", frame)
    assert (edited.employees[0].crew, edited.employees[0].rotation_offset) == ("A", 1)


def test_set_lock_adds_replaces_and_removes() -> None:
    scenario = make_scenario(7, 1, leave=[{"employee": "P1", "start": "2026-11-05"}])
    locked = rp.set_lock(scenario, "P1", day(0), "D")
    locked = rp.set_lock(locked, "P1", day(0), "OFF")
    assert [(lk.date, lk.shift) for lk in locked.locks] == [(day(0), "OFF")]
    assert rp.set_lock(locked, "P1", day(0), None).locks == []
    with pytest.raises(ScenarioError):
        rp.set_lock(scenario, "P1", day(3), "E")  # on leave


def test_lock_roster_locks_a_whole_row_except_leave() -> None:
    problem, roster = two_people()
    locked = rp.lock_roster(problem.scenario, roster, "P1")
    assert len(locked.locks) == 6
    assert {lk.employee for lk in locked.locks} == {"P1"}


@pytest.mark.parametrize("fmt,layout,kind", [("csv", "long", "long_csv"),
                                             ("csv", "wide", "wide_csv"),
                                             ("xlsx", "long", "xlsx")])
def test_roster_bytes_are_what_write_roster_writes(tmp_path: Path, fmt: str, layout: str,
                                                   kind: rp.RosterFormat) -> None:
    problem, roster = two_people()
    path = write_roster(roster, tmp_path / f"r.{fmt}", problem, fmt=fmt, layout=layout)
    data = rp.roster_bytes(roster, problem, kind)
    if fmt == "xlsx":  # zip entries carry a timestamp: compare the sheets instead
        written = pd.read_excel(path, sheet_name=None, dtype=str)
        offered = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype=str)
        assert list(written) == list(offered) == ["roster", "long"]
        for name, sheet in written.items():
            pd.testing.assert_frame_equal(sheet, offered[name])
    else:
        assert data == path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")


def test_scenario_bytes_round_trip(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    path = save_scenario(scenario, tmp_path / "s.yaml")
    assert rp.scenario_bytes(scenario) == path.read_bytes()
    same = scenario.model_dump(mode="json")
    assert rp.scenario_from_bytes(path.read_bytes(), "s.yaml").model_dump(mode="json") == same
    as_json = rp.scenario_bytes(scenario, "json")
    assert rp.scenario_from_bytes(as_json, "s.json").model_dump(mode="json") == same


@pytest.mark.parametrize("data,where", [(b"\xff\xfe\x00", ""), (b"horizon: [1, 2", "line"),
                                        (b"shifts: []\n", "horizon")])
def test_bad_uploads_are_rows_not_tracebacks(data: bytes, where: str) -> None:
    with pytest.raises(ScenarioError) as err:
        rp.scenario_from_bytes(data, "upload.yaml")
    assert err.value.problems and err.value.problems[0].field.startswith(where)


def test_template_is_valid() -> None:
    scenario = rp.template_scenario(dt.date(2027, 3, 1))
    assert scenario.horizon.num_days == 28 and len(scenario.employees) == 4
    assert [s.id for s in scenario.shifts] == ["day", "evening"]


# ------------------------------------------------------------------ chat service
def with_demand() -> tuple[Problem, pd.DataFrame]:
    demand = [
        {"skill": "a", "service_hours": ["08:00-23:00"], "interval_minutes": 60,
         "forecast": {"daily": [30] * 24}, "platform": "pinduoduo",
         "service": {"aht_seconds": 240, "concurrency": 3}},
        {"skill": "b", "service_hours": ["00:00-24:00"], "interval_minutes": 60,
         "forecast": {"daily": [10] * 24}, "platform": "kuaishou",
         "service": {"aht_seconds": 200, "concurrency": 4}},
    ]
    problem, _ = two_people(demand=demand)
    roster = grid_to_frame(problem, grid(problem, {"P1": "D D E - L - D",
                                                   "P2": "E E - D D E -"}))
    return problem, roster


def test_interval_cover_puts_required_next_to_scheduled() -> None:
    from scheduler.service import roster_service

    problem, roster = with_demand()
    from scheduler.roster import frame_to_grid

    service = roster_service(problem, frame_to_grid(problem, roster))
    assert service is not None
    monday = day(0)
    table = rp.interval_cover(problem.staffing, service.intervals, monday)
    assert list(table.columns) == rp.INTERVAL_COLUMNS
    assert len(table) == 48  # 24 hourly intervals for each of the two skills
    a = table[table["skill"] == "a"].set_index("interval_start")
    # Monday: P1 on D, P2 (skills a, b) on E; skill a is open 08:00-23:00
    assert not a.loc["07:00", "open"] and a.loc["08:00", "open"]
    assert float(a["scheduled"]["10:00"]) >= 1
    assert (table["short"] == (table["required"] - table["scheduled"]).clip(lower=0)
            .round(2)).all()
    # without a prediction every interval has nobody on it
    empty = rp.interval_cover(problem.staffing, None, monday)
    assert (empty["scheduled"] == 0).all() and (empty["short"] == empty["required"]).all()


def test_service_days_keep_the_checks_of_each_platform() -> None:
    from scheduler.roster import frame_to_grid
    from scheduler.service import roster_service

    problem, roster = with_demand()
    service = roster_service(problem, frame_to_grid(problem, roster))
    assert service is not None
    daily = rp.service_days(service.days, list(problem.scenario.demand))
    metrics = {(s, m) for s, m in zip(daily["skill"], daily["metric"], strict=True)}
    assert metrics == {("a", "reply_3min"), ("a", "pdd_one_hour"), ("b", "reply_3min"),
                       ("b", "online_hours")}
    assert len(daily) == 7 * 4
    days = service.days.set_index(["date", "skill"])
    for rec in daily.to_dict("records"):
        source = days.loc[(rec["date"], rec["skill"])]
        if rec["metric"] == "online_hours":
            assert rec["value"] == source["online_hours"]
            assert rec["ok"] == bool(source["kuaishou_online_ok"])
        elif rec["metric"] == "pdd_one_hour":
            assert rec["ok"] == bool(source["pdd_one_hour_ok"])
        elif rec["skill"] == "b":
            assert rec["ok"] == bool(source["kuaishou_rate_ok"])
    overview = rp.service_overview(daily).set_index(["skill", "metric"])
    online = daily[daily["metric"] == "online_hours"]
    assert overview.loc[("b", "online_hours"), "days_missed"] == int((~online["ok"].astype(
        bool)).sum())
    assert overview.loc[("b", "online_hours"), "lowest"] == online["value"].min()


def test_reply_target_is_what_the_days_are_judged_against() -> None:
    from scheduler.staffing import Demand

    def demand(platform: str | None, **service: float) -> Demand:
        return Demand.model_validate({"skill": "s", "platform": platform,
                                     "forecast": {"daily": {"10:00": 5}},
                                     "service": {"aht_seconds": 300, **service}})

    assert rp.reply_target(demand("pinduoduo")) == 0.8  # the platform's assumed share
    assert rp.reply_target(demand("pinduoduo", target_share=0.9)) == 0.9
    assert rp.reply_target(demand("kuaishou", target_share=0.85)) == 0.7  # the platform's
    assert rp.reply_target(demand("tmall")) is None  # a 1-minute target: not judged at 3
    assert rp.reply_target(demand(None, target_seconds=180, target_share=0.6)) == 0.6


# ------------------------------------------------------------------ sick calls
def test_absence_days_and_the_mended_result() -> None:
    from scheduler.changes import Change, RepairResult, with_absences
    from scheduler.result import Penalty, Status

    problem, _ = with_demand()
    with pytest.raises(ValueError):
        rp.absence_days("P2", day(3), day(2))
    absences = rp.absence_days("P2", day(3), day(4))
    assert [(a.employee, a.start, a.end) for a in absences] == [("P2", day(3), day(4))]
    mended_scenario = with_absences(problem.scenario, absences)
    mended = grid_to_frame(Problem(mended_scenario), grid(Problem(mended_scenario), {
        "P1": "D D E D L - D", "P2": "E E - L L E -"}))
    repaired = RepairResult(Status.FEASIBLE, mended, [
        Change("P2", day(3), "D", "LEAVE", forced=True),
        Change("P2", day(4), "D", "LEAVE", forced=True),
        Change("P1", day(3), "OFF", "D", cover="D 1 (min 0, target 0)")],
        changed_cells=1, objective=5, penalties=[Penalty("fairness", 5, "P1", day(3))])
    result = rp.mended_result(mended_scenario, repaired)
    assert result.roster is mended and result.objective == 5 and result.is_feasible()
    assert result.service is not None  # the reply rates of the mended roster
    changes = rp.named_changes(repaired, mended_scenario)
    assert list(changes.columns) == ["employee_id", "employee_name", "date", "from", "to",
                                     "absence", "cover"]
    assert list(changes["employee_name"]) == ["乙", "乙", "甲"]
    assert list(changes["absence"]) == [True, True, False]
    with pytest.raises(ValueError):
        rp.mended_result(mended_scenario, RepairResult(Status.INFEASIBLE, None))


def test_wish_penalties_are_the_explainable_ones() -> None:
    from scheduler.result import Penalty

    penalties = [Penalty("day_off_wish", 3, "P1", day(1)), Penalty("fairness", 2, "P1"),
                 Penalty("shift_wish", 4, "P2", day(2), "wants D"),
                 Penalty("shift_wish", 4, None, day(2)), Penalty("coverage_target", 9, None,
                                                                 day(0))]
    assert rp.wish_penalties(penalties) == [0, 2]
