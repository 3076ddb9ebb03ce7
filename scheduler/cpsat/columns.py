"""A start by column generation for teams whose people interact only through coverage.

When every rule but coverage concerns one person at a time (no fairness, rotation,
holiday cover or rotation, meeting minimum or chat demand), a roster is one row per
person, and the rows are tied together only by the headcount of each (day, shift,
skill). The linear relaxation over whole rows (the *master*: choose one row per
person, pay the rows' own penalties and the cover shortfall and excess) is far
tighter than the relaxation over single days that the full model sees, and it is
solved by column generation:

1. the master LP (GLOP) over the rows known so far gives a price for one more person
   on each (day, shift, skill);
2. per person, a small CP-SAT model of that person's rules alone (*pricing*) finds
   rows whose own penalties minus the prices they earn beat the person's current
   rows; they join the master;
3. repeat until no row improves the LP (or the time is up).

At any prices, the rows' duals times their bounds plus, per person, the least own cost
minus prices that the pricing search proves is a lower bound of every roster's cost
(the Lagrangian bound); the best of the root rounds is returned.

Then a dive: the people whose LP rows are surest (all those whose row is whole, else
the tenth of the free people with the largest shares) are fixed to them, the LP is
re-optimised with a few more pricing rounds, and so on, while the LP value stays within
3 % of the first one and until 70 % of the team is fixed. The rest of the team is left
to the full model (:func:`scheduler.cpsat.solve.solve` completes the roster with the
fixed people's rows as constraints and the LP's best rows as a hint).

(Measured on the Curtois & Qu instances 4-12 at 60 s: the full model alone reached the
best known value on none of 4-8 and 10-12; with this start 4, 9, 10 and 11 reach it and
6 is one above; ``benchmarks/README.md``. Over horizons longer than ``MAX_DAYS`` the
start is not used: :func:`applies`.)
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from scheduler.cpsat.model import LinearExpr, RosterModel
from scheduler.problem import OFF_IDX, Problem
from scheduler.roster import Grid
from scheduler.scenario import Scenario

log = logging.getLogger("scheduler.columns")

SCALE = 1000  # prices are fractional: the pricing objective counts thousandths
# deterministic seconds per pricing search of a 28-day row (longer rows: in proportion,
# pricing_time): short first (more rounds in the time), four times longer whenever a
# round finds no better row, up to the longest. (0.02 s first suited 28-day rows but
# left the LP of longer or wider rows far from converged: Curtois & Qu 19, 40 x 84 days,
# root LP 13155 after 60 s against 5129 at 0.05 s; 13, 120 x 28, 9320 against 1368
# after 90 s. For 84-day rows, root LP after 90 s at 0.05 / 0.1 / 0.2 / 0.5 s first:
# 18 5052 / 5149 / 4840 / 4838, 19 4136 / 3726 / 3776 / 4103.)
PRICING_TIME = (0.05, 0.2)
DIVE_DRIFT = 0.03  # stop fixing people when the LP value rises more than this share
DIVE_SHARE = 0.7  # fix at most this share of the team
DIVE_ROUNDS = 2  # pricing rounds after each fixing step
DIVE_STEP = 0.1  # share of the people still free fixed per step (at least one)
# longest horizon the start runs on: over 26 weeks the pricing searches find only poor
# rows in their time (Curtois & Qu 20, 50 x 182 days: root LP 82216 after 90 s, while the
# full model alone reaches 12116 in 300 s)
MAX_DAYS = 84
# A round prices at least PART people and the team in at most PARTS parts: teams of up to
# 15 are priced whole every round (and every round gives the Lagrangian bound). Over 120
# people a round over everyone takes about 6 s; in parts the root LP of Curtois & Qu 13
# fell to 1534-1584 in 90 s against 2168. Parts of 15 against whole teams (60 s, seeds
# 0-2): 8 (30 people) 1306, 1309, 1307 against 1407, 1304, 1399; 12 (60) 4607, 4168, 4178
# against 4809, 4294, 4654; 5-7 the same or better. Rows of more than PART_DAYS days are
# priced whole: there parts did worse (300 s, seed 0): 17 (32 x 56) 6174 against 5762,
# 18 (22 x 84) 5605 against 5332, 19 (40 x 84) 4082 against 3879; over 42 days they
# changed nothing (14: 1278 both, 15: 3964 against 3963; benchmarks/README.md).
PART = 15
PARTS = 8
PART_DAYS = 42


def num_parts(people: int, days: int) -> int:
    """How many parts a pricing pass over ``people`` free people with rows of ``days``
    takes: each part at least ``PART`` people, at most ``PARTS`` parts; one part for up to
    ``PART`` people, and for rows longer than ``PART_DAYS``."""
    if days > PART_DAYS:
        return 1
    size = max(PART, -(-people // PARTS))  # ceiling division
    return max(1, -(-people // size))


def pricing_time(days: int) -> tuple[float, float]:
    """The first and the longest pricing search (deterministic seconds) for rows of
    ``days`` days: ``PRICING_TIME`` per 28 days, never less."""
    scale = max(1.0, days / 28)
    return PRICING_TIME[0] * scale, PRICING_TIME[1] * scale


def applies(problem: Problem) -> bool:
    """True when :func:`column_start` is worth running: two people or more tied together
    only by coverage (:func:`separable`), over at most ``MAX_DAYS`` days."""
    return (problem.num_employees > 1 and problem.num_days <= MAX_DAYS
            and separable(problem))


def separable(problem: Problem) -> bool:
    """True when people interact only through coverage (per day, shift and skill).

    Each rule that ties people together otherwise rules the start out: fairness (with
    a weight and two people or more), rotation, holiday cover and rotating holiday
    rest, a meeting minimum and chat demand. (Keep this list in step with the rules
    of :class:`RosterModel` that sum over people.)
    """
    sc = problem.scenario
    rules, weights = sc.rules, sc.rules.weights
    fair = weights.fair_hours or weights.fair_evenings or weights.fair_weekends
    holidays = bool(problem.holidays)
    return not (
        (fair and problem.num_employees > 1)
        or rules.rotation is not None
        or (holidays and rules.holiday_cover)
        or (holidays and rules.holiday_max_spread is not None
            and any(len(g) > 1 for g in problem.holiday_groups.values()))
        or (rules.meeting is not None and rules.meeting.min_attendance)
        or sc.demand
    )


def person_scenarios(scenario: Scenario) -> list[Scenario]:
    """Per person, the scenario of that person alone: their own leave, wishes, locks and
    reference, and no coverage or demand."""
    data = scenario.model_dump(mode="python")
    own = ("leave", "day_off_wishes", "shift_wishes", "locks", "reference")
    out = []
    for employee in data["employees"]:
        alone = dict(data, employees=[employee], coverage=[], demand=[])
        alone.update({key: [item for item in data[key] if item["employee"] == employee["id"]]
                      for key in own})
        out.append(Scenario.model_validate(alone))
    return out


@dataclass
class _Column:
    row: tuple[int, ...]
    var: pywraplp.Variable  # its share in the LP (cost: the person's own penalties)


class Pricing:
    """The rules of one person alone, with an objective set anew on every call."""

    def __init__(self, alone: Scenario, seed: int) -> None:
        self.problem = Problem(alone)
        self.roster = RosterModel(self.problem).build(fairness=False)
        self.own: LinearExpr = sum(t.weight * t.expr for t in self.roster.terms if t.weight)
        self.seed = seed
        self.last: tuple[int, ...] | None = None
        self.least: float | None = None  # lower bound of the last call's minimum

    def rows(self, price: dict[tuple[int, int], float],
             effort: float | None = None) -> list[tuple[tuple[int, ...], int]]:
        """Rows found on the way to the least own cost minus ``price`` of the days and
        shifts worked (each with its own cost); the last one is the best. ``effort``:
        deterministic seconds, by default the first of :func:`pricing_time`."""
        if effort is None:
            effort = pricing_time(self.problem.num_days)[0]
        roster = self.roster
        model = roster.model
        model.minimize(SCALE * self.own - sum(round(SCALE * price.get((d, s), 0.0)) * var
                                              for (_, d, s), var in roster.x.items()))
        model.clear_hints()
        if self.last is not None:
            for (_, d, s), var in roster.x.items():
                model.add_hint(var, int(self.last[d] == s))
        found: list[tuple[tuple[int, ...], int]] = []
        own, grid_from = self.own, roster.grid_from

        class Collect(cp_model.CpSolverSolutionCallback):
            def on_solution_callback(self) -> None:
                found.append((tuple(grid_from(self.boolean_value)[0]), int(self.value(own))))

        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = self.seed
        solver.parameters.max_deterministic_time = effort
        code = solver.solve(model, Collect())
        if found:
            self.last = found[-1][0]
        # prices were rounded to thousandths: each day worked may be off by half of one
        self.least = (None if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID) else
                      (solver.best_objective_bound - 0.5 * self.problem.num_days) / SCALE)
        return found

    def cost(self, row: tuple[int, ...]) -> int | None:
        """The person's own penalties of a row (None when it breaks their rules)."""
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        code = solver.solve(self.roster.fixed_copy([list(row)]))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return int(solver.value(self.own))


@dataclass
class ColumnStart:
    """What the start found: a hint for everyone and the people it fixed."""

    grid: Grid
    fixed: set[int]
    lp_value: float
    bound: float  # a lower bound of every roster's cost (Lagrangian, at the root)
    columns: int
    rounds: int


class Master:
    """The master LP: one convexity row per person, one row per coverage bound."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.lp = lp = pywraplp.Solver.CreateSolver("GLOP")
        infinity = lp.infinity()
        objective = lp.Objective()
        # (constraint, day, shift, skill)
        self.rows: list[tuple[pywraplp.Constraint, int, int, str | None]] = []
        # per row: (+1 for at least / -1 for at most, its bound, the slack's cost or None)
        self.sense: list[tuple[int, float, int | None]] = []
        weights = problem.scenario.rules.weights
        whole = {(n.day, n.shift) for n in problem.coverage if n.skill is None}

        def bound(need_day: int, need_shift: int, skill: str | None, lo: float, hi: float,
                  slack_sign: int, slack_cost: int | None) -> None:
            row = lp.Constraint(lo, hi)
            self.rows.append((row, need_day, need_shift, skill))
            self.sense.append((slack_sign, lo if slack_sign > 0 else hi, slack_cost))
            if slack_cost is not None:
                slack = lp.NumVar(0, infinity, "")
                row.SetCoefficient(slack, slack_sign)
                objective.SetCoefficient(slack, slack_cost)

        for need in problem.coverage:
            if need.min:
                bound(need.day, need.shift, need.skill, need.min, infinity, 1,
                      weights.coverage_min_soft if need.min_soft else None)
            if need.target and need.under_weight:
                bound(need.day, need.shift, need.skill, need.target, infinity, 1,
                      need.under_weight)
            if need.over_weight and not (need.skill is not None
                                         and (need.day, need.shift) in whole):
                bound(need.day, need.shift, need.skill, -infinity, need.target, -1,
                      need.over_weight)
        self.convexity = [lp.Constraint(1, 1) for _ in range(problem.num_employees)]
        self.columns: list[list[_Column]] = [[] for _ in range(problem.num_employees)]
        self.seen: list[set[tuple[int, ...]]] = [set() for _ in range(problem.num_employees)]

    def counts(self, e: int, skill: str | None) -> bool:
        return skill is None or e in self.problem.skill_holders.get(skill, frozenset())

    def add(self, e: int, row: tuple[int, ...], cost: int) -> bool:
        if row in self.seen[e]:
            return False
        self.seen[e].add(row)
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        self.lp.Objective().SetCoefficient(var, cost)
        self.convexity[e].SetCoefficient(var, 1)
        for constraint, d, s, skill in self.rows:
            if row[d] == s and self.counts(e, skill):
                constraint.SetCoefficient(var, 1)
        self.columns[e].append(_Column(row, var))
        return True

    def solve(self) -> bool:
        return bool(self.lp.Solve() == pywraplp.Solver.OPTIMAL)

    def duals(self) -> list[float]:
        """The rows' duals, kept within their signs and the slacks' costs (the limits under
        which :meth:`lagrangian` is a lower bound; the LP's own duals are within them up
        to rounding)."""
        out = []
        for (constraint, *_), (sign, _, cost) in zip(self.rows, self.sense, strict=True):
            value = max(0.0, sign * constraint.dual_value())
            if cost is not None:
                value = min(value, float(cost))
            out.append(sign * value)
        return out

    def lagrangian(self, duals: list[float], least: list[float]) -> float:
        """A lower bound of every roster's cost: the rows' duals times their bounds plus,
        per person, a lower bound ``least`` of their own cost minus the prices earned."""
        return sum(y * bound for y, (_, bound, _) in zip(duals, self.sense, strict=True)) \
            + sum(least)

    def prices(self, duals: list[float]) -> tuple[list[dict[tuple[int, int], float]],
                                                  list[float]]:
        """Per person: the price of working (day, shift), and the convexity dual."""
        per_need: dict[tuple[int, int, str | None], float] = {}
        for (_, d, s, skill), y in zip(self.rows, duals, strict=True):
            key = (d, s, skill)
            per_need[key] = per_need.get(key, 0.0) + y
        prices = []
        for e in range(self.problem.num_employees):
            price: dict[tuple[int, int], float] = {}
            for (d, s, skill), value in per_need.items():
                if value and self.counts(e, skill):
                    price[d, s] = price.get((d, s), 0.0) + value
            prices.append(price)
        return prices, [c.dual_value() for c in self.convexity]

    def value(self) -> float:
        return float(self.lp.Objective().Value())

    def surest(self, e: int) -> tuple[float, int]:
        """(share, index) of the person's row with the largest share in the LP."""
        shares = [c.var.solution_value() for c in self.columns[e]]
        k = max(range(len(shares)), key=shares.__getitem__)
        return shares[k], k

    def fix(self, e: int, k: int | None) -> None:
        """Keep only the person's row ``k`` (``None``: free them again)."""
        for j, column in enumerate(self.columns[e]):
            column.var.SetUb(self.lp.infinity() if k is None or j == k else 0)


def column_start(problem: Problem, grid: Grid, *, deadline: float, workers: int,
                 seed: int, stop: threading.Event | None = None) -> ColumnStart | None:
    """Column generation from the roster ``grid`` (which keeps every hard rule), then a
    dive; None when the start has nothing to offer (no time, or the LP failed)."""
    started = time.perf_counter()
    pricing = [Pricing(alone, seed) for alone in person_scenarios(problem.scenario)]
    master = Master(problem)
    for e, p in enumerate(pricing):
        row = tuple(grid[e])
        cost = p.cost(row)
        if cost is None:  # pragma: no cover - the roster keeps every hard rule
            return None
        master.add(e, row, cost)
        p.last = row
    fixed: dict[int, int] = {}
    rounds = 0
    bound = float("-inf")

    def halted() -> bool:
        return time.perf_counter() >= deadline or (stop is not None and stop.is_set())

    def generate(limit: int | None, until: float) -> bool:
        """Pricing rounds; False when the LP cannot be solved.

        A round prices one part of the free people (every ``parts``-th of them) and the
        LP is solved again before the next part: over a large team the prices move
        several times per pass instead of once. The pass, not the round, decides
        whether the pricing searches get longer (or whether the LP has converged); a
        pass that finds nothing is checked by one round over everyone at the same
        prices, which also gives the Lagrangian bound.
        """
        nonlocal rounds, bound
        done = 0
        effort, longest = pricing_time(problem.num_days)
        pass_added, pass_best, in_pass, whole = 0, 0.0, 0, False
        while limit is None or done < limit:
            if not master.solve():
                return False
            if time.perf_counter() >= until or halted():
                return True
            duals = master.duals()
            prices, convexity = master.prices(duals)
            value = master.value()
            free = [e for e in range(problem.num_employees) if e not in fixed]
            parts = 1 if whole else num_parts(len(free), problem.num_days)
            part = free[rounds % parts::parts]  # the parts take turns across calls
            with ThreadPoolExecutor(max(1, workers)) as pool:
                found = list(pool.map(Pricing.rows, [pricing[e] for e in part],
                                      [prices[e] for e in part], [effort] * len(part)))
            added, best = 0, 0.0
            for e, rows in zip(part, found, strict=True):
                for row, cost in rows:
                    reduced = (cost - convexity[e]
                               - sum(prices[e].get((d, s), 0.0) for d, s in enumerate(row)
                                     if s != OFF_IDX))
                    best = min(best, reduced)
                    if reduced < -1e-6 and master.add(e, row, cost):
                        added += 1
            if not fixed and parts == 1:  # every person's least cost at the same prices
                least = [pricing[e].least for e in part]
                if all(x is not None for x in least):
                    bound = max(bound, master.lagrangian(
                        duals, [x for x in least if x is not None]))
            rounds += 1
            done += 1
            pass_added += added
            pass_best = min(pass_best, best)
            log.debug("columns: round %d, LP %.2f, %d rows added, best reduced cost %.2f",
                      rounds, value, added, best)
            in_pass += 1
            if in_pass < parts:
                continue
            converged = not pass_added or pass_best > -0.5  # prices: whole penalty units
            pass_added, pass_best, in_pass = 0, 0.0, 0
            if converged and parts > 1 and not fixed:
                whole = True  # confirm over everyone at once (and bound)
                continue
            whole = False
            if converged:
                if effort >= longest:
                    return master.solve()
                effort = min(4 * effort, longest)
        return master.solve()

    root_until = started + (deadline - started) * 0.6
    if not generate(None, root_until):
        return None
    root = master.value()
    while len(fixed) < DIVE_SHARE * problem.num_employees and not halted():
        shares = sorted(((*master.surest(e), e) for e in range(problem.num_employees)
                         if e not in fixed), reverse=True)
        step = ([item for item in shares if item[0] > 0.99]
                or shares[:max(1, round(DIVE_STEP * len(shares)))])
        for _, k, e in step:
            master.fix(e, k)
            fixed[e] = k
        if not generate(DIVE_ROUNDS, deadline):
            return None
        if master.value() > root * (1 + DIVE_DRIFT) + 1e-6:
            for _, _, e in step:  # this step cost too much: leave them to the full model
                master.fix(e, None)
                del fixed[e]
            if not master.solve():
                return None
            break
    hint = [list(master.columns[e][fixed[e] if e in fixed else master.surest(e)[1]].row)
            for e in range(problem.num_employees)]
    log.info("columns: LP %.1f at the root (bound %.1f), %.1f after fixing %d of %d people; "
             "%d rows, %d rounds, %.2fs", root, bound, master.value(), len(fixed),
             problem.num_employees,
             sum(len(c) for c in master.columns), rounds, time.perf_counter() - started)
    return ColumnStart(hint, set(fixed), master.value(), bound,
                       sum(len(c) for c in master.columns), rounds)
