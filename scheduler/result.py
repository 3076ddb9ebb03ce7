"""Solver-free result types: penalties, violations, solve status and the Result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from scheduler.explain import Explanation
    from scheduler.staffing import ServicePrediction


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    INVALID = "invalid"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Penalty:
    """One soft cost: ``amount`` = weight x units, attributed to a person and/or date."""

    rule: str
    amount: int
    employee: str | None = None
    date: dt.date | None = None
    detail: str = ""


@dataclass(frozen=True)
class Violation:
    """One broken hard rule.

    ``message`` is the English text of the command line and the CSV reports. ``kind``
    names the sentence that describes it (``<rule>`` or ``<rule>.<variant>``, stable) and
    ``params`` holds the values that sentence needs (numbers, dates, shift ids, people);
    :func:`scheduler.explain.describe_violation` words it in English or Chinese.
    """

    rule: str
    message: str
    employee: str | None = None
    date: dt.date | None = None
    kind: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


def totals_by_rule(penalties: list[Penalty]) -> dict[str, int]:
    """Sum of the penalties per rule id."""
    out: dict[str, int] = {}
    for p in penalties:
        out[p.rule] = out.get(p.rule, 0) + p.amount
    return out


PENALTY_COLUMNS = ["rule", "employee_id", "date", "amount", "detail"]
VIOLATION_COLUMNS = ["rule", "employee_id", "date", "message"]


def penalties_frame(penalties: list[Penalty]) -> pd.DataFrame:
    rows = [(p.rule, p.employee, p.date, p.amount, p.detail) for p in penalties]
    return pd.DataFrame(rows, columns=PENALTY_COLUMNS)


def violations_frame(violations: list[Violation]) -> pd.DataFrame:
    rows = [(v.rule, v.employee, v.date, v.message) for v in violations]
    return pd.DataFrame(rows, columns=VIOLATION_COLUMNS)


@dataclass
class CheckReport:
    """What the independent checker found in a roster."""

    violations: list[Violation] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def total(self) -> int:
        return sum(p.amount for p in self.penalties)

    def by_rule(self) -> dict[str, int]:
        return totals_by_rule(self.penalties)

    def violations_frame(self) -> pd.DataFrame:
        return violations_frame(self.violations)

    def penalties_frame(self) -> pd.DataFrame:
        return penalties_frame(self.penalties)


@dataclass(frozen=True)
class Progress:
    """One improving solution seen during the search."""

    time: float
    objective: float
    bound: float


@dataclass
class Result:
    """What :func:`scheduler.solve` returns; never holds solver objects."""

    status: Status
    roster: pd.DataFrame | None
    objective: int | None = None
    best_bound: float | None = None
    wall_time: float = 0.0
    time_to_first: float | None = None
    penalties: list[Penalty] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    num_variables: int = 0
    num_constraints: int = 0
    message: str = ""
    stopped: bool = False
    warnings: list[str] = field(default_factory=list)
    explanation: Explanation | None = None  # why no roster exists (infeasible only)
    service: ServicePrediction | None = None  # predicted reply rates (scenarios with demand)

    @property
    def has_roster(self) -> bool:
        return self.roster is not None

    def is_feasible(self) -> bool:
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)

    @property
    def gap(self) -> float | None:
        """Relative distance between the objective and the proven bound (0 when optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        if self.status is Status.OPTIMAL:
            return 0.0
        return max(0.0, self.objective - self.best_bound) / max(1.0, abs(self.objective))

    def penalties_frame(self) -> pd.DataFrame:
        return penalties_frame(self.penalties)

    def by_rule(self) -> dict[str, int]:
        return totals_by_rule(self.penalties)

    def summary(self) -> str:
        lines = [f"status: {self.status}"]
        if self.objective is not None:
            gap = self.gap
            lines.append(
                f"objective: {self.objective}  bound: {self.best_bound:g}  gap: "
                f"{'-' if gap is None else f'{gap:.2%}'}"
            )
        first = "-" if self.time_to_first is None else f"{self.time_to_first:.2f}s"
        lines.append(f"time: {self.wall_time:.2f}s (first roster after {first})")
        if self.stopped:
            lines.append("stopped early: the best roster so far is kept")
        if self.message:
            lines.append(self.message)
        lines.extend(f"warning: {w}" for w in self.warnings)
        if self.service is not None:
            from scheduler.service import service_summary  # (service imports this module)
            lines.extend(service_summary(self.service))
        return "\n".join(lines)
