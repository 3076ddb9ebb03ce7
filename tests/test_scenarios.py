"""Every bundled scenario loads, solves to its expected status and passes the checker."""

from __future__ import annotations

import pytest
from conftest import SCENARIOS

from scheduler import Status, check, load_scenario, solve

EXPECTED = {
    # file: (time limit in seconds, statuses accepted)
    "tmall_flagship.yaml": (10, {Status.OPTIMAL, Status.FEASIBLE}),
    "taobao_three_shift.yaml": (10, {Status.OPTIMAL, Status.FEASIBLE}),
    "outsourcing_multishop.yaml": (20, {Status.OPTIMAL, Status.FEASIBLE}),
    "infeasible_small.yaml": (10, {Status.INFEASIBLE}),
    "pdd_double11.yaml": (15, {Status.OPTIMAL, Status.FEASIBLE}),
}


def test_every_scenario_file_is_listed() -> None:
    assert {p.name for p in SCENARIOS.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_solves_and_passes_the_checker(name: str) -> None:
    limit, statuses = EXPECTED[name]
    scenario = load_scenario(SCENARIOS / name)
    result = solve(scenario, time_limit=limit)
    assert result.status in statuses, result.summary()
    # an infeasible scenario also gets its explanation (up to 30 s more)
    assert result.wall_time < limit + (35 if result.status is Status.INFEASIBLE else 5)
    if result.status is Status.INFEASIBLE:
        assert result.roster is None and result.objective is None
        return
    assert result.roster is not None
    assert len(result.roster) == len(scenario.employees) * scenario.horizon.num_days
    report = check(scenario, result.roster)
    assert report.violations == []
    assert report.total == result.objective
