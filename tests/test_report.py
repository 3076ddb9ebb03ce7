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
