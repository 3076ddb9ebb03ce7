"""Rostering optimizer for online-shop customer-service teams.

Public API::

    from scheduler import load_scenario, solve, check, write_roster

    scenario = load_scenario("scenarios/tmall_flagship.yaml")
    result = solve(scenario, time_limit=10)
    report = check(scenario, result.roster)
"""

from scheduler.checker import check
from scheduler.cpsat import SolveCallbacks, solve
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
    "family_colors",
    "history_from_roster",
    "load_scenario",
    "read_roster",
    "reference_from_roster",
    "save_scenario",
    "scenario_from_dict",
    "solve",
    "to_wide",
    "write_roster",
]
