"""Rotation design: the spec, the independent pattern checker, the CP-SAT designer, files
and the ``rotation design`` command.

Patterns are written as text: one string per pattern week, seven tokens Monday to Sunday;
``D`` day, ``E`` evening, ``S`` split, ``-`` a day off.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from scheduler.cpsat.rotation_design import DesignOptions, day_automaton, design_rotation
from scheduler.rotation import (
    OFF,
    RULE_IDS,
    Pattern,
    PatternError,
    RotationSpec,
    RotationSpecError,
    add_rotation_commands,
    check_pattern,
    coverage,
    instantiate,
    load_rotation_spec,
    pattern_from_csv,
    pattern_to_csv,
    quick_infeasibility,
    spec_from_dict,
)

SCENARIOS = ROOT / "scenarios"
TOKENS = {"D": "day", "E": "evening", "S": "split", "-": OFF}


def pat(*weeks: str) -> Pattern:
    return Pattern(weeks=[[TOKENS[tok] for tok in week.split()] for week in weeks])


def loose(**over: Any) -> RotationSpec:
    """A spec that every pattern of its size passes, except for the rules in ``over``."""
    data: dict[str, Any] = {
        "people": 1, "weeks": 1, "families": ["day", "evening", "split"],
        "demand": {f: [0] * 7 for f in ("day", "evening", "split")}, "demand_mode": "min",
        "work_days": {"min": 1}, "days_off": {"min": 1}, "family_run": {"min": 1},
        "days_off_per_week": {"min": 0, "max": 7},
    }
    data.update(over)
    return RotationSpec.model_validate(data)


def broken(spec: RotationSpec, pattern: Pattern) -> list[tuple[str, int | None, int | None]]:
    return sorted(((v.rule, v.week, v.day) for v in check_pattern(spec, pattern)),
                  key=str)


# -- the checker, one rule at a time ---------------------------------------------------
# (rule, spec changes, pattern weeks, expected (rule, week, day) findings; [] = passes).
# Weeks and days are 0-based: (1, 4) is Friday of the second week.

RULE_CASES: list[tuple[str, dict[str, Any], list[str], list[tuple[str, int | None,
                                                                  int | None]]]] = [
    ("shape", {}, ["D D D D D - -", "D D D D D - -"], [("shape", None, None)]),
    ("demand", {"demand": {"day": [1, 1, 1, 1, 1, 0, 0], "evening": [0] * 7,
                           "split": [0] * 7}, "demand_mode": "exact"},
     ["D D D D D - -"], []),
    ("demand", {"demand": {"day": [1, 1, 1, 1, 1, 1, 0], "evening": [0] * 7,
                           "split": [0] * 7}, "demand_mode": "exact"},
     ["D D D D D - -"], [("demand", 0, 5)]),
    ("demand", {"demand": {"day": [0] * 7, "evening": [0] * 7, "split": [0] * 7},
                "demand_mode": "exact"},
     ["D - - - - - -"], [("demand", 0, 0)]),
    ("demand", {"demand": {"day": [0] * 7, "evening": [0] * 7, "split": [0] * 7}},
     ["D - - - - - -"], []),  # min mode: more than the demand is fine
    ("work_days", {"work_days": {"max": 6}}, ["D D D D D D -"], []),
    ("work_days", {"work_days": {"max": 6}}, ["D D D D D D D"], [("work_days", 0, 0)]),
    # Friday of week 2 to Wednesday of week 1: six days across the wrap.
    ("work_days", {"weeks": 2, "work_days": {"max": 5}},
     ["D D D - - - -", "- - - - D D D"], [("work_days", 1, 4)]),
    ("work_days", {"work_days": {"min": 2}}, ["D - D D - - -"], [("work_days", 0, 0)]),
    ("work_days", {"work_days": {"min": 2}}, ["D - - - - - D"], []),  # Sun + Mon: two
    ("days_off", {"days_off": {"max": 2}}, ["D D D - - - D"], [("days_off", 0, 3)]),
    ("days_off", {"days_off": {"max": 2}}, ["- - D D D D -"], [("days_off", 0, 6)]),
    ("days_off", {"days_off": {"min": 2}}, ["D D D - D D D"], [("days_off", 0, 3)]),
    ("days_off", {"days_off": {"min": 2}}, ["- D D D D D -"], []),
    ("family_run", {"family_run": {"min": 2, "max": 3}}, ["D D E E E - -"], []),
    ("family_run", {"family_run": {"min": 2, "max": 3}}, ["D E E E E - -"],
     [("family_run", 0, 0), ("family_run", 0, 1)]),
    ("family_run", {"families": [{"id": "day", "run": {"max": 2}}, "evening", "split"]},
     ["D D D - E E E"], [("family_run", 0, 0)]),
    ("family_run", {"family_run": {"max": 2}}, ["D D - - - - D"], [("family_run", 0, 6)]),
    ("days_off_per_week", {"weeks": 2, "days_off_per_week": {"min": 1, "max": 2}},
     ["D D D D D D D", "- - - D D D D"],
     [("days_off_per_week", 0, None), ("days_off_per_week", 1, None)]),
    ("days_off_per_week", {"days_off_per_week": {"min": 1, "max": 2}}, ["D D D D D - -"], []),
    ("forbidden_next_day", {"forbidden_next_day": [["evening", "day"]]},
     ["E D - - - - -"], [("forbidden_next_day", 0, 0)]),
    ("forbidden_next_day", {"forbidden_next_day": [["evening", "day"]]},
     ["D - - - - - E"], [("forbidden_next_day", 0, 6)]),  # Sunday -> Monday, the wrap
    ("forbidden_next_day", {"forbidden_next_day": [["evening", "day"]]},
     ["D E - - - - -"], []),
    ("forbidden_after_one_off", {"forbidden_after_one_off": [["evening", "day"]]},
     ["E - D - - - -"], [("forbidden_after_one_off", 0, 0)]),
    ("forbidden_after_one_off", {"forbidden_after_one_off": [["evening", "day"]]},
     ["E - - D - - -"], []),
    ("forbidden_after_one_off", {"forbidden_after_one_off": [["evening", "day"]]},
     ["D - - - - E -"], [("forbidden_after_one_off", 0, 5)]),  # Sat, Sun off, Mon
    ("weekend_change", {"weeks": 2, "weekend_change": True},
     ["D D D D D E E", "E E E E E - D"], []),
    ("weekend_change", {"weeks": 2, "weekend_change": True},
     ["D D E D D - -", "E E E E E - -"], [("weekend_change", 0, None)]),
    ("weekend_change", {"weeks": 2, "weekend_change": True},  # Sat new, Sun old again
     ["D D D D D E D", "E E E E E - -"], [("weekend_change", 0, 5)]),
    ("weekend_change", {"weeks": 2, "weekend_change": True},  # a third family
     ["D D D D D S -", "E E E E E - -"], [("weekend_change", 0, 5)]),
    ("weekend_change", {"weeks": 3, "weekend_change": True,
                        "family_order": ["day", "evening", "split"]},
     ["D D D D D - -", "S S S S S - -", "E E E E E - -"],
     [("weekend_change", 0, None), ("weekend_change", 1, None), ("weekend_change", 2, None)]),
    ("weekend_change", {"weeks": 3, "weekend_change": True,
                        "family_order": ["day", "evening", "split"]},
     ["D D D D D - -", "E E E E E - -", "S S S S S - D"], []),
    # Week 2 has no working day Monday to Friday: its family is free, and day fits.
    ("weekend_change", {"weeks": 3, "weekend_change": True},
     ["D D D D D - -", "- - - - - D E", "E E E E E - -"], []),
    # ... but no family fits "E then D" on week 2's weekend between it and evening.
    ("weekend_change", {"weeks": 3, "weekend_change": True},
     ["D D D D D - -", "- - - - - E D", "E E E E E - -"], [("weekend_change", None, None)]),
]


def test_every_rule_has_checker_cases() -> None:
    assert {case[0] for case in RULE_CASES} == set(RULE_IDS)
    for rule in RULE_IDS:  # each rule is seen failing, and passing (but for "shape")
        outcomes = {bool(case[3]) for case in RULE_CASES if case[0] == rule}
        expected = {True} if rule == "shape" else {True, False}
        assert outcomes == expected, rule


@pytest.mark.parametrize(("rule", "over", "weeks", "expected"), RULE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(RULE_CASES)])
def test_checker_rule(rule: str, over: dict[str, Any], weeks: list[str],
                      expected: list[tuple[str, int | None, int | None]]) -> None:
    spec = loose(**over)
    assert broken(spec, pat(*weeks)) == sorted(expected, key=str)


def test_unknown_family_in_a_pattern_is_a_shape_violation() -> None:
    pattern = Pattern(weeks=[["day", "night", OFF, OFF, OFF, OFF, OFF]])
    assert broken(loose(), pattern) == [("shape", 0, 1)]


def test_endless_run_is_reported_as_endless() -> None:
    found = check_pattern(loose(work_days={"max": 6}), pat("D D D D D D D"))
    assert [v.message for v in found] == ["endless working days in a row, allowed 0..6"]


def test_coverage_with_unequal_crews() -> None:
    # Three people, two weeks: crews of 2 (offset 0) and 1 (offset 1). In calendar week 0
    # the crew of two works pattern week 0 (day on Monday), the single person week 1.
    spec = loose(people=3, weeks=2, demand_mode="exact",
                 demand={"day": [2, 0, 0, 0, 0, 0, 0], "evening": [1, 0, 0, 0, 0, 0, 0],
                         "split": [0] * 7})
    pattern = pat("D - - - - - -", "E - - - - - -")
    assert coverage(spec, pattern, 0)["day"][0] == 2
    assert coverage(spec, pattern, 1)["day"][0] == 1
    assert coverage(spec, pattern, 1)["evening"][0] == 2
    assert broken(spec, pattern) == [("demand", 1, 0), ("demand", 1, 0)]


def test_coverage_counts_what_instantiate_lays_out() -> None:
    # Four people in three weeks: crews of 2, 1 and 1 (offsets 0, 0+3, 1, 2), so the
    # direction in which crews move through the pattern matters.
    spec = loose(people=4, weeks=3)
    pattern = pat("D D E - - S S", "E - - D D D -", "S S S S - - E")
    people = ["A", "B", "C", "D"]
    start = dt.date(2026, 11, 2)  # a Monday
    frame = instantiate(pattern, people, start, days=21)
    assert spec.crew_sizes() == [2, 1, 1]
    for w in range(3):
        expected = coverage(spec, pattern, w)
        for d in range(7):
            date = start + dt.timedelta(days=7 * w + d)
            counts = frame.loc[frame["date"] == date, "family"].value_counts()
            for f in spec.family_ids:
                assert counts.get(f, 0) == expected[f][d], (w, d, f)


# -- the designer --------------------------------------------------------------------------

def test_tmall_rotation_is_designed_and_passes_the_checker() -> None:
    spec = load_rotation_spec(SCENARIOS / "rotation" / "tmall_12.yaml")
    result = design_rotation(spec, time_limit=10, workers=2, seed=0)
    assert result.status == "found", result.summary()
    assert result.pattern is not None and result.wall_time < 10
    assert check_pattern(spec, result.pattern) == []
    mondays = [week[0] for week in result.pattern.weeks if week[0] != OFF]
    assert set(mondays) == {"day", "evening", "split"}
    # Every calendar week has exactly three people on each family every day.
    for w in range(spec.weeks):
        assert coverage(spec, result.pattern, w) == {f: [3] * 7 for f in spec.family_ids}


def test_infeasible_scenario_file_is_proven() -> None:
    spec = load_rotation_spec(SCENARIOS / "rotation" / "infeasible.yaml")
    assert quick_infeasibility(spec) == []  # needs the solver's proof
    result = design_rotation(spec, time_limit=10)
    assert result.status == "infeasible", result.summary()
    assert result.pattern is None and result.wall_time < 5


def test_tiny_impossible_spec_is_proven_infeasible() -> None:
    # One person must work every day (demand 1 of 1), but at most six days in a row.
    spec = loose(demand={"day": [1] * 7, "evening": [0] * 7, "split": [0] * 7},
                 demand_mode="exact", work_days={"max": 6})
    assert quick_infeasibility(spec) == []
    assert design_rotation(spec, time_limit=5, workers=1).status == "infeasible"
    # Two people in two weeks, one of them on day each day: feasible, e.g. weeks
    # "D D D - D D D" and "- - - D - - -" (runs of 3, 1 and 3 days).
    easier = spec.replace(people=2, weeks=2)
    result = design_rotation(easier, time_limit=5, workers=1)
    assert result.status == "found" and result.pattern is not None
    assert check_pattern(easier, result.pattern) == []


def _exact(**rows: str) -> dict[str, list[int]]:
    """Exact demand of one person in a one-week cycle: the pattern itself."""
    demand = {f: [0] * 7 for f in ("day", "evening", "split")}
    for token, family in (("D", "day"), ("E", "evening"), ("S", "split")):
        for d, cell in enumerate(rows["week"].split()):
            if cell == token:
                demand[family][d] = 1
    return demand


@pytest.mark.parametrize(("week", "rule"), [
    ("D - - - - - E", {"forbidden_next_day": [["evening", "day"]]}),
    ("D - - - - E -", {"forbidden_after_one_off": [["evening", "day"]]}),
    ("D D D - D D D", {"work_days": {"max": 5}}),
    ("- D D D - - D", {"work_days": {"min": 2}}),
    ("- - D D D D -", {"days_off": {"max": 2}}),
    ("D D - - - - D", {"family_run": {"max": 2}}),
    ("- D D - - - E", {"family_run": {"min": 2}}),
])
def test_rules_hold_across_the_wrap_in_the_designer(week: str, rule: dict[str, Any]) -> None:
    # The exact demand of one person in a one-week cycle leaves one pattern, which breaks
    # the rule only across the wrap (Sunday into Monday): without the rule it is found,
    # with it the designer must prove that nothing fits.
    free = loose(demand=_exact(week=week), demand_mode="exact")
    found = design_rotation(free, workers=1)
    assert found.pattern == pat(week)
    spec = free.replace(**rule)
    assert [v.day for v in check_pattern(spec, pat(week))] in ([6], [5], [4], [1], [0])
    for options in OPTION_SETS:
        assert design_rotation(spec, workers=1, options=options).status == "infeasible"


def test_regression_single_day_off_weeks_with_spread_days_off_proven_quickly() -> None:
    # Measured: one day off a week exactly (the column sums give L days off, one per week)
    # and at most six days in a row force the day off onto the same weekday every week.
    # Demand that spreads the days off over the week is then impossible, and without the
    # implied per-week bound the solver ran out of 10 s even for 12 people.
    spec = RotationSpec.model_validate({
        "people": 12, "weeks": 12, "families": ["day", "evening"],
        "demand": {"day": [5, 5, 5, 5, 5, 6, 5], "evening": [5, 5, 5, 5, 5, 5, 6]},
        "work_days": {"max": 6}, "days_off_per_week": {"min": 1},
    })
    result = design_rotation(spec, time_limit=10, workers=2)
    assert result.status == "infeasible" and result.wall_time < 3, result.summary()


def test_regression_days_off_in_pairs_proven_by_run_counts() -> None:
    # 40 days off in a 40-week cycle, in runs of at least two: at most 20 breaks for 240
    # working days, so some stretch is 12 days long. Without the run counts: unknown.
    spec = RotationSpec.model_validate({
        "people": 40, "weeks": 40, "families": ["day", "evening"],
        "demand": {"day": [18, 17, 17, 17, 17, 17, 17], "evening": [17] * 6 + [18]},
        "work_days": {"max": 6}, "days_off": {"min": 2},
    })
    assert sum(sum(r) for r in spec.demand.values()) == 240
    result = design_rotation(spec, time_limit=10, workers=2)
    assert result.status == "infeasible" and result.wall_time < 3, result.summary()


def test_regression_short_evening_runs_proven_by_the_walk_relaxation() -> None:
    # Evenings at most two in a row; after an evening no day shift, neither the next day
    # nor after a single day off; at most six working days in a row. Every run of work
    # ends with a day off, and 105 evenings need at least 53 runs ending in an evening:
    # with 107 day shifts besides, the 68 days off the demand leaves are too few. The full
    # model alone was still "unknown" after 60 s; the closed walk through the day-to-day
    # rules (weekdays ignored) has no integer solution, found in milliseconds.
    spec = RotationSpec.model_validate({
        "people": 40, "weeks": 40, "families": ["day", {"id": "evening", "run": {"max": 2}}],
        "demand": {"day": [15, 15, 15, 15, 15, 16, 16], "evening": [15] * 7},
        "work_days": {"min": 2, "max": 6}, "days_off_per_week": {"min": 1},
        "forbidden_next_day": [["evening", "day"]],
        "forbidden_after_one_off": [["evening", "day"]],
    })
    result = design_rotation(spec, time_limit=10, workers=2)
    assert result.status == "infeasible" and result.wall_time < 3, result.summary()
    assert "cannot give the cycle" in result.message
    # Evening runs of up to four: the relaxation lets it through and a pattern is found.
    relaxed = spec.replace(families=["day", {"id": "evening", "run": {"max": 4}}])
    found = design_rotation(relaxed, time_limit=10, workers=2)
    assert found.status == "found" and found.pattern is not None, found.summary()
    assert check_pattern(relaxed, found.pattern) == []


def test_quick_infeasibility_names_the_weekday() -> None:
    spec = loose(people=2, demand={"day": [3, 0, 0, 0, 0, 0, 0], "evening": [0] * 7,
                                   "split": [0] * 7})
    assert quick_infeasibility(spec) == ["Mon: demand 3 people, the team has 2"]
    result = design_rotation(spec)
    assert result.status == "infeasible" and "Mon: demand 3" in result.message
    fraction = loose(people=4, weeks=2, demand_mode="exact",
                     demand={"day": [1] * 7, "evening": [0] * 7, "split": [0] * 7})
    assert "not a whole number" in quick_infeasibility(fraction)[0]


def _crew_spec(people: int, weeks: int) -> RotationSpec:
    return RotationSpec.model_validate({
        "people": people, "weeks": weeks, "families": ["day", "evening"],
        "demand": {"day": [2] * 7, "evening": [2] * 7}, "demand_mode": "min",
        "work_days": {"min": 2, "max": 6}, "days_off": {"max": 3},
        "days_off_per_week": {"min": 1}, "forbidden_next_day": [["evening", "day"]],
    })


@pytest.mark.parametrize(("people", "weeks"), [(12, 3), (7, 3), (9, 9)])
def test_crews_designed_pattern_passes_the_checker(people: int, weeks: int) -> None:
    spec = _crew_spec(people, weeks)
    result = design_rotation(spec, time_limit=10, workers=2)
    assert result.status == "found", result.summary()
    assert result.pattern is not None and check_pattern(spec, result.pattern) == []


def test_same_seed_one_worker_same_pattern() -> None:
    spec = load_rotation_spec(SCENARIOS / "rotation" / "tmall_12.yaml")
    first = design_rotation(spec, workers=1, seed=3)
    second = design_rotation(spec, workers=1, seed=3)
    assert first.pattern is not None and first.pattern == second.pattern


def _random_spec(rng: random.Random, families: int, weeks: int, people: int) -> RotationSpec:
    fams = ["day", "evening", "split"][:families]
    mode = rng.choice(["exact", "min"])
    demand = {f: [rng.randint(0, max(1, people // families)) for _ in range(7)] for f in fams}
    data: dict[str, Any] = {
        "people": people, "weeks": weeks, "families": fams, "demand": demand,
        "demand_mode": mode,
        "work_days": {"min": rng.randint(1, 3), "max": rng.choice([None, 3, 5, 6])},
        "days_off": {"min": rng.randint(1, 2), "max": rng.choice([None, 2, 3])},
        "family_run": {"min": rng.randint(1, 2), "max": rng.choice([None, 3, 4])},
        "days_off_per_week": {"min": rng.randint(0, 2), "max": rng.choice([2, 3, 7])},
        "weekend_change": families > 1 and rng.random() < 0.4,
    }
    if families > 1 and rng.random() < 0.5:
        data["forbidden_next_day"] = [["evening", "day"]]
    if families > 1 and rng.random() < 0.5:
        data["forbidden_after_one_off"] = [["evening", "day"]]
    return RotationSpec.model_validate(data)


def _exists_by_enumeration(spec: RotationSpec) -> bool:
    cells = [*spec.family_ids, OFF]
    for seq in itertools.product(cells, repeat=spec.num_days):
        if not check_pattern(spec, Pattern.from_sequence(seq)):
            return True
    return False


OPTION_SETS = [
    DesignOptions(),
    DesignOptions(encoding="automaton", walk_relaxation=False),
    DesignOptions(break_rotation=False, redundant_counts=False, run_counts=False,
                  walk_relaxation=False),
]


def _case_spec(case: int) -> RotationSpec:
    rng = random.Random(1000 + case)
    if case % 2:
        return _random_spec(rng, families=2, weeks=1, people=rng.randint(1, 3))
    return _random_spec(rng, families=1, weeks=2, people=3)


@functools.cache
def _case_exists(case: int) -> bool:
    return _exists_by_enumeration(_case_spec(case))


@pytest.mark.parametrize("case", range(14))
def test_designer_agrees_with_enumeration(case: int) -> None:
    """Found patterns pass the checker; 'infeasible' means enumeration finds none either.

    Small enough to enumerate: one week with two families (3^7 patterns), or two weeks
    with one family (2^14 patterns) and unequal crews (three people).
    """
    spec = _case_spec(case)
    exists = _case_exists(case)
    for options in OPTION_SETS:
        result = design_rotation(spec, time_limit=10, workers=1, options=options)
        assert result.status == ("found" if exists else "infeasible"), (options, spec)
        if result.pattern is not None:
            assert check_pattern(spec, result.pattern) == []


def test_random_specs_cover_both_outcomes() -> None:
    """The enumeration test above is only worth something if it sees both answers."""
    assert {_case_exists(case) for case in range(14)} == {True, False}


@pytest.mark.parametrize("weekend", list(itertools.product([0, 1], repeat=4)))
def test_weekend_change_agrees_with_enumeration(weekend: tuple[int, ...]) -> None:
    """Two people, two weeks: Monday to Friday needs one day and one evening, so one week
    is a day week and the other an evening week; the weekend demand decides whether the
    weekends can be staffed without switching back. Enumerating the 2 x 3^4 weekends
    covers every pattern the demand allows."""
    sat_day, sun_day, sat_eve, sun_eve = weekend
    spec = loose(people=2, weeks=2, families=["day", "evening"], demand_mode="exact",
                 demand={"day": [1] * 5 + [sat_day, sun_day],
                         "evening": [1] * 5 + [sat_eve, sun_eve]},
                 weekend_change=True, forbidden_next_day=[["evening", "day"]])
    cells = ["day", "evening", OFF]
    exists = any(
        not check_pattern(spec, Pattern(weeks=[[first] * 5 + [a, b], [second] * 5 + [c, d]]))
        for first, second in (("day", "evening"), ("evening", "day"))
        for a, b, c, d in itertools.product(cells, repeat=4))
    for options in OPTION_SETS:
        result = design_rotation(spec, time_limit=10, workers=1, options=options)
        assert result.status == ("found" if exists else "infeasible"), (weekend, options)


def test_weekend_switching_back_is_never_designed() -> None:
    # Three people in three weeks: two day weeks and an evening week (Monday to Friday
    # demand). One Saturday evening and one Sunday day, and days off in pairs, put both
    # on the same weekend. After the evening week, Sunday's day would make six day shifts
    # in a row (family_run max 5); after the second day week it is "day, evening, day,
    # evening": switching back. So no pattern exists.
    spec = loose(people=3, weeks=3, families=["day", "evening"], demand_mode="exact",
                 demand={"day": [2, 2, 2, 2, 2, 0, 1], "evening": [1, 1, 1, 1, 1, 1, 0]},
                 days_off={"min": 2}, family_run={"max": 5}, weekend_change=True)
    assert broken(spec, pat("D D D D D - -", "D D D D D E D", "E E E E E - -")) == [
        ("weekend_change", 1, 5)]
    assert {v[0] for v in broken(spec, pat("D D D D D - -", "D D D D D - -",
                                           "E E E E E E D"))} == {"family_run"}
    for options in OPTION_SETS:
        assert design_rotation(spec, workers=1, options=options).status == "infeasible"
    relaxed = spec.replace(family_run={"max": 6})
    assert design_rotation(relaxed, workers=1).status == "found"


LOCAL_RULES = {"work_days", "days_off", "family_run", "forbidden_next_day",
               "forbidden_after_one_off"}


def _closed_walk(arcs: list[Any], labels: list[int]) -> bool:
    """Whether the cyclic label sequence is a closed walk of the (deterministic) automaton."""
    step = {(src, label): dst for src, label, dst in arcs}
    for start in {src for src, _, _ in arcs}:
        state = start
        after: list[Any] = []
        for _lap in range(3):
            for label in labels:
                state = step.get((state, label))
                if state is None:
                    break
            if state is None:
                break
            after.append(state)
        if state is not None and after[1] == after[2]:
            return True
    return False


@pytest.mark.parametrize("case", range(6))
def test_day_automaton_accepts_exactly_the_locally_valid_cycles(case: int) -> None:
    """The walk relaxation is sound only if every pattern that keeps the day-to-day rules
    is a closed walk of the automaton; and it is tight when the converse holds too."""
    rng = random.Random(2000 + case)
    spec = _random_spec(rng, families=2, weeks=1, people=1)
    spec = spec.replace(forbidden_next_day=[["evening", "day"]] if case % 2 else [],
                        forbidden_after_one_off=[["evening", "day"]] if case < 3 else [])
    arcs = day_automaton(spec)
    index = {f: j for j, f in enumerate(spec.family_ids)} | {OFF: -1}
    for seq in itertools.product([*spec.family_ids, OFF], repeat=7):
        pattern = Pattern.from_sequence(seq)
        local_ok = not {v.rule for v in check_pattern(spec, pattern)} & LOCAL_RULES
        assert _closed_walk(arcs, [index[c] for c in seq]) == local_ok, (seq, spec)


# -- files ------------------------------------------------------------------------------

def test_pattern_csv_round_trip(tmp_path: Path) -> None:
    pattern = pat("D D E - - S S", "E E E E E - -")
    path = pattern_to_csv(pattern, tmp_path / "p.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[:2] == [
        "week,Mon,Tue,Wed,Thu,Fri,Sat,Sun", "1,day,day,evening,OFF,OFF,split,split"]
    assert pattern_from_csv(path) == pattern
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_pattern_csv_errors(tmp_path: Path) -> None:
    spec = loose()
    bad_header = tmp_path / "h.csv"
    bad_header.write_text("Mon,Tue\nday,day\n", encoding="utf-8")
    with pytest.raises(PatternError, match="header must be"):
        pattern_from_csv(bad_header)
    unknown = tmp_path / "u.csv"
    unknown.write_text("week,Mon,Tue,Wed,Thu,Fri,Sat,Sun\n1,day,night,OFF,OFF,OFF,OFF,OFF\n",
                       encoding="utf-8")
    assert pattern_from_csv(unknown).weeks[0][1] == "night"  # without a spec: any text
    with pytest.raises(PatternError, match=r"line 2, Tue: 'night' is not a family"):
        pattern_from_csv(unknown, spec)
    empty_cell = tmp_path / "e.csv"
    empty_cell.write_text("Mon,Tue,Wed,Thu,Fri,Sat,Sun\nday,,OFF,OFF,OFF,OFF,OFF\n",
                          encoding="utf-8")
    with pytest.raises(PatternError, match="line 2, Tue: empty cell"):
        pattern_from_csv(empty_cell)


def test_instantiate_puts_each_person_at_their_week() -> None:
    pattern = pat("D D D D D - -", "E E E E E - -", "S S S S S - -")
    start = dt.date(2026, 11, 4)  # a Wednesday: week 0 of the cycle began on Monday 2 Nov
    frame = instantiate(pattern, ["A", "B", "C", "D"], start, days=21)
    assert list(frame.columns) == ["employee_id", "date", "family"]
    assert len(frame) == 4 * 21

    def on(person: str, date: dt.date) -> str:
        row = frame[(frame["employee_id"] == person) & (frame["date"] == date)]
        return str(row["family"].iloc[0])

    assert on("A", start) == "day" and on("B", start) == "evening"
    assert on("C", start) == "split" and on("D", start) == "day"  # offset 3 mod 3 = 0
    saturday, next_monday = dt.date(2026, 11, 7), dt.date(2026, 11, 9)
    assert on("A", saturday) == OFF and on("A", next_monday) == "evening"
    assert on("C", next_monday) == "day"  # week 2 wraps into week 0
    # Explicit offsets, as a mapping or a list.
    by_map = instantiate(pattern, ["A", "B"], start, 7, offsets={"A": 2, "B": 2})
    assert list(by_map.loc[by_map["employee_id"] == "A", "family"]) == [
        "split", "split", "split", OFF, OFF, "day", "day"]  # Wed..Sun, then week 0 again
    with pytest.raises(ValueError, match="2 offsets for 1 people"):
        instantiate(pattern, ["A"], start, 7, offsets=[0, 1])


# -- spec loading and the command ----------------------------------------------------

def _problems(text: str, tmp_path: Path, name: str = "spec.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RotationSpecError) as info:
        load_rotation_spec(path)
    message = str(info.value)
    assert message.startswith(str(path))
    return message


GOOD = """\
people: 4
weeks: 4
families: [day, evening]
demand:
  day: [1, 1, 1, 1, 1, 1, 1]
  evening: {mon: 1, tue: 1, wed: 1, thu: 1, fri: 1, sat: 1, sun: 1}
"""


def test_spec_loads_lists_and_weekday_mappings(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD, encoding="utf-8")
    spec = load_rotation_spec(path)
    assert spec.demand == {"day": [1] * 7, "evening": [1] * 7}
    assert spec.work_days.max == 6 and spec.crew_sizes() == [1, 1, 1, 1]
    assert spec_from_dict({"rotation": spec.model_dump()}) == spec


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("people: 4", "people: 0", "people: Input should be greater than or equal to 1"),
    ("people: 4", "people: 4\nnights: 2", "nights: Extra inputs are not permitted"),
    ("  day: [1, 1, 1, 1, 1, 1, 1]", "  day: [1, 1, 1, 1, 1, 1]",
     "demand: day: 6 numbers; give 7"),
    ("  day: [1, 1, 1, 1, 1, 1, 1]", "  day: [1, 1, 1, 1, 1, 1, 1]\n  night: [0, 0, 0, 0, 0, 0, 0]",
     "demand.night: not a family (families: day, evening)"),
    ("  day: [1, 1, 1, 1, 1, 1, 1]", "  day: {mon: 1, tues: 1}",
     "demand: day: unknown weekday(s) tues"),
    ("weeks: 4", "weeks: 4\nwork_days: {min: 3, max: 1}",
     "work_days: max (1) is below min (3)"),
    ("weeks: 4", "weeks: 4\nfamily_order: [day, evening]",
     "family_order: needs weekend_change: true"),
    ("weeks: 4", "weeks: 3\nweekend_change: true\nfamily_order: [day, evening]",
     "family_order: weeks (3) must be a multiple of the order's length (2)"),
    ("families: [day, evening]", "families: [day, 'OFF']",
     "families[1].id: 'OFF' is reserved for a day off"),
    ("families: [day, evening]", "families: [day, evening]\nforbidden_next_day: [[late, day]]",
     "forbidden_next_day[0]: 'late' is not a family"),
])
def test_bad_specs_name_the_field(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    message = _problems(GOOD.replace(old, new, 1), tmp_path)
    assert expected in message, message


def test_unreadable_specs(tmp_path: Path) -> None:
    assert "line 2 column 1: not valid YAML" in _problems("people: [1, 2\n", tmp_path)
    assert "must hold a mapping" in _problems("- 1\n- 2\n", tmp_path)
    assert "not valid JSON" in _problems("{people: 1}", tmp_path, "spec.json")
    with pytest.raises(RotationSpecError, match="file not found"):
        load_rotation_spec(tmp_path / "missing.yaml")


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scheduler")
    sub = parser.add_subparsers(dest="command", required=True)
    add_rotation_commands(sub)
    args = parser.parse_args(argv)
    code = args.func(args)
    assert isinstance(code, int)
    return code


def test_command_writes_the_pattern(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    out = tmp_path / "pattern.csv"
    spec_path = SCENARIOS / "rotation" / "tmall_12.yaml"
    before = spec_path.read_bytes()
    assert _run(["rotation", "design", str(spec_path), "--out", str(out),
                 "--time-limit", "10", "--workers", "2", "--seed", "1"]) == 0
    assert "found" in capsys.readouterr().out
    spec = load_rotation_spec(spec_path)
    assert check_pattern(spec, pattern_from_csv(out, spec)) == []
    assert spec_path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["pattern.csv"]


def test_command_infeasible_exit_3_writes_nothing(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pattern.csv"
    assert _run(["rotation", "design", str(SCENARIOS / "rotation" / "infeasible.yaml"),
                 "--out", str(out)]) == 3
    assert "infeasible" in capsys.readouterr().out
    assert not out.exists()


def test_command_invalid_input_exit_2(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(GOOD.replace("weeks: 4", "weeks: 0"), encoding="utf-8")
    assert _run(["rotation", "design", str(spec), "--out", str(tmp_path / "p.csv")]) == 2
    err = capsys.readouterr().err
    assert str(spec) in err and "weeks: Input should be greater than or equal to 1" in err
    assert "Traceback" not in err
    # --out naming the spec itself is refused, and the spec stays as it was.
    spec.write_text(GOOD, encoding="utf-8")
    assert _run(["rotation", "design", str(spec), "--out", str(spec)]) == 2
    assert "refusing to overwrite" in capsys.readouterr().err
    assert spec.read_text(encoding="utf-8") == GOOD
    assert _run(["rotation", "design", str(spec), "--out", str(tmp_path / "p.csv"),
                 "--time-limit", "0"]) == 2
    assert not (tmp_path / "p.csv").exists()
