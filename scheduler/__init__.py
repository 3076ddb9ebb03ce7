"""Rostering optimizer for online-shop customer-service teams.

Public API::

    from scheduler import load_scenario, solve, check, write_roster

    scenario = load_scenario("scenarios/tmall_flagship.yaml")
    result = solve(scenario, time_limit=10)
    report = check(scenario, result.roster)

    result.explanation        # when infeasible: the conflicting rules, in plain words
    fixed = repair(scenario, result.roster, [Absence.parse("T05:2026-10-20..2026-10-22")])
"""

from scheduler.changes import Absence, check_swap
from scheduler.checker import check
from scheduler.cpsat import SolveCallbacks, solve
from scheduler.cpsat.explain import explain_infeasibility, why_not
from scheduler.cpsat.repair import repair
from scheduler.io import FieldError, ScenarioError, load_scenario, save_scenario, scenario_from_dict
from scheduler.problem import Problem
from scheduler.result import CheckReport, Penalty, Progress, Result, Status, Violation
from scheduler.roster import (
    RosterError,
    family_colors,
    history_from_roster,
    read_roster,
    reference_from_roster,
    to_wide,
    write_roster,
)
from scheduler.rules import RULES, Rule
from scheduler.scenario import LEAVE, OFF, Scenario

__all__ = [
    "LEAVE",
    "OFF",
    "RULES",
    "Absence",
    "CheckReport",
    "FieldError",
    "Penalty",
    "Problem",
    "Progress",
    "Result",
    "RosterError",
    "Rule",
    "Scenario",
    "ScenarioError",
    "SolveCallbacks",
    "Status",
    "Violation",
    "check",
    "check_swap",
    "explain_infeasibility",
    "family_colors",
    "history_from_roster",
    "load_scenario",
    "read_roster",
    "reference_from_roster",
    "repair",
    "save_scenario",
    "scenario_from_dict",
    "solve",
    "to_wide",
    "why_not",
    "write_roster",
]
