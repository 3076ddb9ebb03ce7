"""The scenario model: parsing, derived values, validation messages, round trips."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, make_scenario

from scheduler import ScenarioError, load_scenario, save_scenario, scenario_from_dict
from scheduler.io import dump_scenario, parse_text
from scheduler.problem import Problem
from scheduler.scenario import ShiftType


def test_split_shift_paid_minutes_and_times() -> None:
    evening = ShiftType.model_validate(
        {"id": "evening", "segments": ["10:00-14:00", "17:30-23:00"]})
    assert evening.paid_minutes == 4 * 60 + 5 * 60 + 30
    assert (evening.start_minute, evening.end_minute) == (600, 1380)
    assert evening.segments_text == "10:00-14:00;17:30-23:00"


def test_segment_across_midnight() -> None:
    night = ShiftType.model_validate({"id": "N", "segments": ["23:00-03:00", "04:00-08:00"]})
    assert night.absolute_segments() == [(1380, 1620), (1680, 1920)]
    assert night.paid_minutes == 480
    late = ShiftType.model_validate({"id": "L", "segments": ["15:30-24:00"]})
    assert late.paid_minutes == 510 and late.end_minute == 1440


def test_rest_between_evening_and_day_is_derived_from_segment_times() -> None:
    sc = make_scenario()
    p = Problem(sc)
    conflicts = {(p.scenario.shifts[a].id, p.scenario.shifts[b].id, gap): rest
                 for a, b, gap, rest in p.rest_conflicts}
    assert conflicts == {("E", "D", 1): 9 * 60}


def errors_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "team.yaml")
    assert str(info.value).startswith("team.yaml:")
    return [(p.field, p.message) for p in info.value.problems]


BASE: dict[str, Any] = {
    "horizon": {"start": "2026-10-01", "num_days": 7},
    "shifts": [{"id": "day", "segments": ["09:00-12:00", "13:00-18:00"]}],
    "employees": [{"id": "A01", "skills": ["pre_sales"]}, {"id": "A02"}],
}


def with_(**changes: Any) -> dict[str, Any]:
    return {**BASE, **changes}


def test_error_names_the_field_path() -> None:
    data = with_(employees=[{"id": "A01", "skills": ["pre_sales", 5]}])
    assert errors_of(data)[0][0] == "employees[0].skills[1]"


def test_unknown_ids_are_errors_with_paths() -> None:
    data = with_(employees=[{"id": "A01", "shifts": ["day", "night"]}],
                 leave=[{"employee": "Z9", "start": "2026-10-02"}],
                 coverage=[{"shift": "evening", "min": 1}])
    fields = [f for f, _ in errors_of(data)]
    assert fields == ["employees[0].shifts[1]", "coverage[0].shift", "leave[0].employee"]


def test_overlapping_leave_is_an_error() -> None:
    data = with_(leave=[{"employee": "A01", "start": "2026-10-02", "end": "2026-10-04"},
                        {"employee": "A01", "start": "2026-10-04"}])
    (field, message), = errors_of(data)
    assert field == "leave[1]" and "already has leave on 2026-10-04" in message


def test_shift_longer_than_the_continuous_work_limit_is_an_error() -> None:
    data = with_(shifts=[{"id": "day", "segments": ["08:30-17:30"]}])
    (field, message), = errors_of(data)
    assert field == "shifts[0].segments[0]" and "9 h of continuous work" in message


@pytest.mark.parametrize("bad, field", [
    ({"horizon": {"start": "2026-02-30", "num_days": 7}}, "horizon.start"),
    ({"horizon": {"start": "2026-10-01", "num_days": 0}}, "horizon.num_days"),
    ({"employees": []}, "employees"),
    ({"shifts": [{"id": "OFF", "segments": ["09:00-12:00"]}]}, "shifts[0].id"),
    ({"shifts": [{"id": "x", "segments": ["25:00-26:00"]}]}, "shifts[0].segments[0].start"),
    ({"coverage": [{"shift": "day", "min": 3, "target": 2}]}, "coverage[0]"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_values(bad: dict[str, Any], field: str) -> None:
    assert errors_of(with_(**bad))[0][0] == field


def test_off_in_yaml_is_text_not_false() -> None:
    data = parse_text("employees: [{id: A, history: [OFF, off, day]}]", "x.yaml")
    assert data["employees"][0]["history"] == ["OFF", "off", "day"]
    sc = scenario_from_dict(with_(employees=[{"id": "A", "history": ["OFF", "off", "day"]}]))
    assert sc.employees[0].history == ["OFF", "OFF", "day"]


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip_is_lossless(path: Path, suffix: str, tmp_path: Path) -> None:
    scenario = load_scenario(path)
    if (SCENARIOS / "data").is_dir():  # chat histories are referenced relative to the file
        shutil.copytree(SCENARIOS / "data", tmp_path / "data")
    out = save_scenario(scenario, tmp_path / f"copy{suffix}")
    again = load_scenario(out)
    assert again == scenario
    assert dump_scenario(again, suffix.lstrip(".")) == out.read_text(encoding="utf-8")


def test_replace_validates_again() -> None:
    sc = make_scenario()
    with pytest.raises(ValueError, match="unknown employee"):
        sc.replace(leave=[{"employee": "nobody", "start": "2026-11-02"}])
    assert sc.replace(name="x").name == "x"


def test_coverage_resolution_prefers_dates_then_weekdays_then_day_types() -> None:
    # on a holiday the day type beats the weekday (the calendar's exception wins)
    sc = make_scenario(num_days=7, calendar={"holidays": ["2026-11-03"]}, coverage=[
        {"shift": "D", "min": 1},
        {"shift": "D", "min": 2, "day_types": ["weekend", "holiday"]},
        {"shift": "D", "min": 3, "weekdays": ["tue", "sun"]},
        {"shift": "D", "min": 4, "dates": ["2026-11-08"]},
    ])
    p = Problem(sc)
    assert p.day_types == ["workday", "holiday", "workday", "workday", "workday", "weekend",
                           "weekend"]
    assert [n.min for n in p.coverage] == [1, 2, 1, 1, 1, 2, 4]
