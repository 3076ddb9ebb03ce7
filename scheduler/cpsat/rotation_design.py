"""Design a cyclic rotation pattern with CP-SAT (see :mod:`scheduler.rotation`).

The model lives on the cyclic sequence of ``T = 7 * L`` pattern days; every index is taken
mod ``T``, so each rule also holds across the wrap from the last week into the first.

Variables: ``cell[t=..,f=..]`` (day ``t`` is worked in family ``f``), ``off[t=..]`` and, with
the weekend change point, ``week_family[k=..,f=..]``. Every run-length rule is a set of
clauses (one per window), not sums over counters: a maximum ``M`` is "every window of
``M + 1`` days holds a day outside the run", a minimum ``m`` forbids each too-short run
``outside, inside x j, outside`` for ``j < m``.

What makes it fast (each measured in ``benchmarks/rotation.py``, switches in
:class:`DesignOptions`):

- the rotation by whole weeks is fixed (every rule is invariant under it);
- implied counts: pattern weeks per weekday column and family, days off over the cycle
  and per week narrowed by that total (presolve turns "a day off every week" into a
  clause, which the default linear relaxation leaves out);
- run counts: ``min * runs <= days inside <= max * runs`` for every run-length rule;
- before the model is built, a relaxation over closed walks of the day-to-day rules
  (:func:`day_automaton`) proves in milliseconds the infeasibilities that come from how
  run lengths and successions combine with the numbers of days the demand leaves.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ortools.sat.python import cp_model

from scheduler.rotation import (
    DAYS_PER_WEEK,
    OFF,
    SATURDAY,
    SUNDAY,
    Bounds,
    Pattern,
    RotationSpec,
    check_pattern,
    column_counts,
    quick_infeasibility,
)

log = logging.getLogger("scheduler.rotation_design")

DesignStatus = Literal["found", "infeasible", "unknown"]


@dataclass(frozen=True)
class DesignOptions:
    """Modelling switches, kept so that the benchmark can measure what each one is worth.

    ``encoding``: ``clauses`` (one clause per window, the default: measured faster) or
    ``automaton`` (one ``add_automaton`` per run-length rule, reading the cycle from day 0
    and remembering the length of the run cut by the wrap).
    """

    encoding: Literal["clauses", "automaton"] = "clauses"
    break_rotation: bool = True
    redundant_counts: bool = True
    run_counts: bool = True
    linearization_level: int = 1
    walk_relaxation: bool = True
    log_search: bool = False


@dataclass(frozen=True)
class DesignResult:
    """What :func:`design_rotation` returns; holds no solver objects."""

    status: DesignStatus
    pattern: Pattern | None
    wall_time: float
    message: str = ""
    num_variables: int = 0
    num_constraints: int = 0

    def summary(self) -> str:
        text = f"{self.status} in {self.wall_time:.2f} s"
        return f"{text}: {self.message}" if self.message else text


def design_rotation(spec: RotationSpec, time_limit: float = 10.0, workers: int = 2,
                    seed: int = 0, options: DesignOptions | None = None) -> DesignResult:
    """Find a pattern of ``spec.weeks`` weeks meeting every rule of ``spec``, or prove none.

    ``found``: a pattern (checked again by :func:`scheduler.rotation.check_pattern`);
    ``infeasible``: proven that none exists; ``unknown``: the time limit ran out first.
    """
    started = time.perf_counter()
    reasons = quick_infeasibility(spec)
    if reasons:
        return DesignResult("infeasible", None, time.perf_counter() - started,
                            "no pattern exists: " + "; ".join(reasons))
    options = options or DesignOptions()
    if options.walk_relaxation:
        budget = min(max(0.2 * time_limit, 0.05), 2.0)
        if _walk_relaxation_infeasible(spec, budget, workers, seed):
            return DesignResult("infeasible", None, time.perf_counter() - started,
                                "no pattern exists: the run-length and succession rules"
                                " cannot give the cycle its required numbers of days off"
                                " and days per family (proven)")
    design = _DesignModel(spec, options)
    design.build()
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit - (time.perf_counter() - started),
                                                0.01)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = design.options.log_search
    solver.parameters.linearization_level = design.options.linearization_level
    proto = design.model.proto
    sizes = {"num_variables": len(proto.variables), "num_constraints": len(proto.constraints)}
    log.info("rotation model: %d weeks, %d families, %d variables, %d constraints",
             spec.weeks, len(spec.families), sizes["num_variables"], sizes["num_constraints"])
    code = solver.solve(design.model)
    log.info("rotation search: %s after %.2f s (%d conflicts)", solver.status_name(code),
             solver.wall_time, solver.num_conflicts)
    wall = time.perf_counter() - started
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        pattern = design.pattern_from(solver)
        broken = check_pattern(spec, pattern)
        if broken:  # the model and the checker disagree: a bug, never a result
            raise RuntimeError("designed pattern breaks the spec: "
                               + "; ".join(f"{v.rule} at {v.where()}: {v.message}"
                                           for v in broken[:5]))
        return DesignResult("found", pattern, wall, "", **sizes)
    if code == cp_model.INFEASIBLE:
        return DesignResult("infeasible", None, wall,
                            "no pattern meets every rule of the spec (proven)", **sizes)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"invalid model: {design.model.validate()}")
    return DesignResult("unknown", None, wall,
                        f"no pattern found within {time_limit:g} s and no proof that none"
                        " exists", **sizes)


# -- the day-by-day rules as one automaton, and its closed walks -----------------------

State = tuple[str, int, int, int]  # ("W", family, run of work, run of family) / ("O", run, prev, 0)
Arc = tuple[State, int, State]     # from, label (family index, or -1 for a day off), to


def day_automaton(spec: RotationSpec) -> list[Arc]:
    """Every rule that looks only at neighbouring days, as one automaton.

    A working state remembers the family, the length of the current run of working days
    and of the current family run; an off state remembers the length of the run of days
    off and, after exactly one day off, the family worked before it (for
    ``forbidden_after_one_off``). Lengths saturate at the maximum (or the minimum when
    there is none): that is all the bounds can tell apart. The weekly rules (demand per
    weekday, days off per week, weekend change point) are not in it.
    """
    families = spec.family_ids
    off_label = -1
    work, rest = spec.work_days, spec.days_off
    runs = [spec.run_bounds(f) for f in families]
    next_day = {(families.index(a), families.index(b)) for a, b in spec.forbidden_next_day}
    one_off = {(families.index(a), families.index(b)) for a, b in spec.forbidden_after_one_off}

    def cap(b: Bounds) -> int:
        return b.max if b.max is not None else max(b.min, 1)

    def longer(length: int, b: Bounds) -> int | None:
        """The saturated length after one more day, None if over the maximum."""
        if b.max is not None and length + 1 > b.max:
            return None
        return min(length + 1, cap(b))

    def moves(state: State) -> list[tuple[int, State]]:
        out: list[tuple[int, State]] = []
        if state[0] == "W":
            _, f, w, r = state
            if w >= work.min and r >= runs[f].min:
                out.append((off_label, ("O", 1, f, 0)))
            w2 = longer(w, work)
            if w2 is None:
                return out
            for g in range(len(families)):
                if g == f:
                    r2 = longer(r, runs[f])
                    if r2 is not None:
                        out.append((g, ("W", g, w2, r2)))
                elif r >= runs[f].min and (f, g) not in next_day:
                    out.append((g, ("W", g, w2, 1)))
            return out
        _, o, prev, _ = state
        o2 = longer(o, rest)
        if o2 is not None:
            out.append((off_label, ("O", o2, -1, 0)))
        if o >= rest.min:
            out += [(g, ("W", g, 1, 1)) for g in range(len(families))
                    if not (o == 1 and (prev, g) in one_off)]
        return out

    seeds: list[State] = [("W", g, 1, 1) for g in range(len(families))]
    seeds += [("O", 1, f, 0) for f in range(len(families))]
    seen, todo, arcs = set(seeds), list(seeds), []
    while todo:
        state = todo.pop()
        for label, nxt in moves(state):
            arcs.append((state, label, nxt))
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return arcs


def _walk_relaxation_infeasible(spec: RotationSpec, time_limit: float, workers: int,
                                seed: int) -> bool:
    """True when no closed walk of ``7 L`` days through :func:`day_automaton` has the days
    off and the days per family the demand requires (then no pattern exists).

    The pattern read around its cycle is such a walk, so this is a relaxation; it ignores
    weekdays but sees how the rules combine, e.g. "an evening run of at most two days,
    then a day off, and after an evening and one day off no day shift" against the days
    off the demand leaves. Integer flow per arc, conservation per state: tiny and fast.
    """
    m = cp_model.CpModel()
    arcs = day_automaton(spec)
    size = spec.num_days
    flow = [m.new_int_var(0, size, f"walk[a={i}]") for i in range(len(arcs))]
    balance: dict[State, list[Any]] = {}
    for i, (src, _label, dst) in enumerate(arcs):
        balance.setdefault(src, []).append(-flow[i])
        balance.setdefault(dst, []).append(flow[i])
    for terms in balance.values():
        m.add(sum(terms) == 0)
    m.add(sum(flow) == size)
    columns = column_counts(spec)
    exact = spec.demand_mode == "exact"
    worked_lo = 0
    for j, f in enumerate(spec.family_ids):
        need = sum(math.ceil(c) for c in columns[f])
        worked_lo += need
        days = sum(flow[i] for i, arc in enumerate(arcs) if arc[1] == j)
        if exact:
            m.add(days == need)
        else:
            m.add(days >= need)
    off_days = sum(flow[i] for i, arc in enumerate(arcs) if arc[1] == -1)
    week = spec.days_off_per_week
    m.add(off_days >= week.min * spec.weeks)
    if week.max is not None:
        m.add(off_days <= week.max * spec.weeks)
    m.add(off_days <= size - worked_lo)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    code = solver.solve(m)
    log.info("walk relaxation: %d arcs, %s in %.2f s", len(arcs), solver.status_name(code),
             solver.wall_time)
    return bool(code == cp_model.INFEASIBLE)


@dataclass
class _DesignModel:
    spec: RotationSpec
    options: DesignOptions
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)

    def __post_init__(self) -> None:
        self.num_days = self.spec.num_days
        self.families = self.spec.family_ids
        self.f_idx = {f: j for j, f in enumerate(self.families)}
        self.cell: list[list[cp_model.IntVar]] = []
        self.off: list[cp_model.IntVar] = []
        self.week_family: list[list[cp_model.IntVar]] = []

    # -- table of contents ---------------------------------------------------------------

    def build(self) -> None:
        self.make_cells()
        self.add_demand()
        self.add_days_off_per_week()
        if self.options.redundant_counts:
            self.add_redundant_counts()
        self.add_runs()
        self.add_forbidden_successions()
        if self.spec.weekend_change:
            self.add_weekend_change()
        # Last: the rotation fix refers to the weekly families when there are any.
        if self.options.break_rotation:
            self.add_rotation_fix()

    # -- variables -----------------------------------------------------------------------

    def make_cells(self) -> None:
        m = self.model
        for t in range(self.num_days):
            row = [m.new_bool_var(f"cell[t={t},f={f}]") for f in self.families]
            off = m.new_bool_var(f"off[t={t}]")
            m.add_exactly_one([*row, off])
            self.cell.append(row)
            self.off.append(off)

    def _at(self, t: int) -> int:
        return t % self.num_days

    # -- constraints ---------------------------------------------------------------------

    def add_demand(self) -> None:
        """Per calendar week of the cycle, weekday and family: crew-weighted count vs demand.

        With equal crews every calendar week gives the same sum, so one row suffices.
        """
        spec, crews = self.spec, self.spec.crew_sizes()
        weeks = range(1) if len(set(crews)) == 1 else range(spec.weeks)
        for w in weeks:
            for f, j in self.f_idx.items():
                for d in range(DAYS_PER_WEEK):
                    expr = sum(crews[o] * self.cell[((o + w) % spec.weeks) * 7 + d][j]
                               for o in range(spec.weeks) if crews[o])
                    if spec.demand_mode == "exact":
                        self.model.add(expr == spec.demand[f][d])
                    else:
                        self.model.add(expr >= spec.demand[f][d])

    def add_days_off_per_week(self) -> None:
        bounds = self.spec.days_off_per_week
        if bounds.min == 0 and (bounds.max is None or bounds.max >= DAYS_PER_WEEK):
            return
        for k in range(self.spec.weeks):
            count = sum(self.off[k * 7 + d] for d in range(DAYS_PER_WEEK))
            self.model.add(count >= bounds.min)
            if bounds.max is not None:
                self.model.add(count <= bounds.max)

    def add_redundant_counts(self) -> None:
        """Implied counts the linear relaxation would not see otherwise (all redundant).

        - Per weekday column and family: ``L * demand / n`` pattern weeks (exact), at least
          that (min); days off per column: the rest.
        - Days off over the cycle, and each week's days off narrowed by it: with a total
          of ``L`` days off and at least one a week, no week may have two. Presolve makes
          "at least one a week" a clause, which the default LP leaves out.
        """
        spec, m = self.spec, self.model
        exact = spec.demand_mode == "exact"
        columns = column_counts(spec)
        off_total_hi = 0
        for d in range(DAYS_PER_WEEK):
            column = range(d, self.num_days, DAYS_PER_WEEK)
            worked_lo = 0
            for f, j in self.f_idx.items():
                need = math.ceil(columns[f][d])
                worked_lo += need
                count = sum(self.cell[t][j] for t in column)
                if exact:
                    m.add(count == need)
                else:
                    m.add(count >= need)
            off_hi = spec.weeks - worked_lo
            off_count = sum(self.off[t] for t in column)
            if exact:
                m.add(off_count == off_hi)
            else:
                m.add(off_count <= off_hi)
            off_total_hi += off_hi
        off_total_lo = off_total_hi if exact else 0
        bounds = spec.days_off_per_week
        week_max = DAYS_PER_WEEK if bounds.max is None else min(bounds.max, DAYS_PER_WEEK)
        low = max(bounds.min, off_total_lo - (spec.weeks - 1) * week_max)
        high = min(week_max, off_total_hi - (spec.weeks - 1) * bounds.min)
        for k in range(spec.weeks):
            count = sum(self.off[k * 7 + d] for d in range(DAYS_PER_WEEK))
            m.add(count >= low)
            m.add(count <= high)
        total = sum(self.off)
        m.add(total >= max(off_total_lo, bounds.min * spec.weeks))
        m.add(total <= min(off_total_hi, week_max * spec.weeks))

    def add_runs(self) -> None:
        """Working-day runs, day-off runs and same-family runs, each within its bounds."""
        work = [o.Not() for o in self.off]
        self._add_run_bounds(work, self.spec.work_days, "work_days")
        self._add_run_bounds(self.off, self.spec.days_off, "days_off")
        for f, j in self.f_idx.items():
            self._add_run_bounds([row[j] for row in self.cell], self.spec.run_bounds(f),
                                 f"family_run[{f}]")

    def _add_run_bounds(self, inside: Sequence[cp_model.BoolVarT], bounds: Bounds,
                        name: str) -> None:
        if bounds.min <= 1 and bounds.max is None:
            return
        if self.options.run_counts:
            self._add_run_count(inside, bounds, name)
        if self.options.encoding == "automaton":
            self._add_run_automaton(inside, bounds, name)
            return
        size = self.num_days
        if bounds.max is not None:
            # Every cyclic window of max + 1 days holds a day outside the run.
            for t in range(size):
                window = {self._at(t + i) for i in range(bounds.max + 1)}
                self.model.add_bool_or([inside[i].Not() for i in sorted(window)])
        for length in range(1, min(bounds.min, size)):
            # Forbid: outside, `length` days inside, outside (positions may coincide).
            for t in range(size):
                before, after = self._at(t), self._at(t + length + 1)
                core = {self._at(t + i) for i in range(1, length + 1)}
                if before in core or after in core:
                    continue
                lits = [inside[before], inside[after], *(inside[i].Not() for i in core)]
                self.model.add_bool_or(list({lit.index: lit for lit in lits}.values()))

    def _add_run_count(self, inside: Sequence[cp_model.BoolVarT], bounds: Bounds,
                       name: str) -> None:
        """Redundant: with ``r`` runs, ``min * r <= days inside <= max * r``.

        ``start[t]`` is exactly "a run begins on day ``t``" (inside, the day before not),
        so ``r`` is exact and both sides are valid. The clauses alone hide this count from
        the linear relaxation: e.g. days off in pairs with at most six working days in a
        row needs a third of the days off, which the clauses only find by search.
        """
        m, size = self.model, self.num_days
        if size < 2:
            return
        starts = []
        for t in range(size):
            start = m.new_bool_var(f"{name}.start[t={t}]")
            before = inside[self._at(t - 1)]
            m.add_implication(start, inside[t])
            m.add_implication(start, before.Not())
            m.add_bool_or([start, inside[t].Not(), before])
            starts.append(start)
        total, runs = sum(inside), sum(starts)
        m.add(total >= bounds.min * runs)
        if bounds.max is not None:
            m.add(total <= bounds.max * runs)

    def _add_run_automaton(self, inside: Sequence[cp_model.BoolVarT], bounds: Bounds,
                           name: str) -> None:
        """The same rule as one automaton read from day 0 to day ``T - 1``.

        The run that crosses the wrap is split into a prefix (days inside before the first
        day outside) and a suffix (the run still open on the last day); the automaton
        remembers the prefix length and accepts at the end only if prefix + suffix fits.
        State ``A(p)``: only days inside so far, ``p`` of them; ``B(p, s)``: prefix ``p``,
        current run ``s`` (0: outside). Lengths saturate at ``max`` (or ``min`` when there
        is no maximum), which is all the bounds can tell apart.
        """
        low, high = bounds.min, bounds.max
        cap = low if high is None else high
        lengths = range(cap + 1)

        def state_a(p: int) -> int:
            return p

        def state_b(p: int, r: int) -> int:
            return cap + 1 + p * (cap + 1) + r

        def grow(r: int) -> int | None:
            if high is None:
                return min(r + 1, cap)
            return r + 1 if r + 1 <= high else None

        transitions: list[tuple[int, int, int]] = []
        for p in lengths:
            if (nxt := grow(p)) is not None:
                transitions.append((state_a(p), 1, state_a(nxt)))
            transitions.append((state_a(p), 0, state_b(p, 0)))
            for r in lengths:
                if (nxt := grow(r)) is not None:
                    transitions.append((state_b(p, r), 1, state_b(p, nxt)))
                if r == 0 or r >= low:
                    transitions.append((state_b(p, r), 0, state_b(p, 0)))
        finals = [state_a(p) for p in lengths if high is None]
        finals += [state_b(p, r) for p in lengths for r in lengths
                   if p + r == 0 or (p + r >= low and (high is None or p + r <= high))]
        self.model.add_automaton(inside, state_a(0), finals, transitions).with_name(name)

    def add_forbidden_successions(self) -> None:
        spec = self.spec
        for a, b in spec.forbidden_next_day:
            ja, jb = self.f_idx[a], self.f_idx[b]
            for t in range(self.num_days):
                self.model.add_bool_or([self.cell[t][ja].Not(),
                                        self.cell[self._at(t + 1)][jb].Not()])
        for a, b in spec.forbidden_after_one_off:
            ja, jb = self.f_idx[a], self.f_idx[b]
            for t in range(self.num_days):
                lits = [self.cell[t][ja].Not(), self.off[self._at(t + 1)].Not(),
                        self.cell[self._at(t + 2)][jb].Not()]
                if self.num_days > 2 or len({lit.index for lit in lits}) == 3:
                    self.model.add_bool_or(lits)

    def add_weekend_change(self) -> None:
        """One family per week (Mon-Fri); weekend days belong to this week's or the next."""
        spec, m = self.spec, self.model
        num_weeks = spec.weeks
        order = spec.family_order
        for k in range(num_weeks):
            row = [m.new_bool_var(f"week_family[k={k},f={f}]") for f in self.families]
            m.add_exactly_one(row)
            self.week_family.append(row)
        for k in range(num_weeks):
            this, nxt = self.week_family[k], self.week_family[(k + 1) % num_weeks]
            for d in range(SATURDAY):
                for j in range(len(self.families)):
                    m.add_implication(self.cell[k * 7 + d][j], this[j])
            sat, sun = k * 7 + SATURDAY, k * 7 + SUNDAY
            for t in (sat, sun):
                for j in range(len(self.families)):
                    m.add_bool_or([self.cell[t][j].Not(), this[j], nxt[j]])
            for i in range(len(self.families)):  # no switching back: old, new, new, old
                for j in range(len(self.families)):
                    if i != j:
                        m.add_bool_or([this[i].Not(), nxt[j].Not(), self.cell[sat][j].Not(),
                                       self.cell[sun][i].Not()])
            if order is not None:
                for f, j in self.f_idx.items():
                    if f not in order:
                        m.add(this[j] == 0)
                        continue
                    successor = self.f_idx[order[(order.index(f) + 1) % len(order)]]
                    m.add_implication(this[j], nxt[successor])

    def add_rotation_fix(self) -> None:
        """Break the whole-week rotation symmetry (every rule is invariant under it).

        With a family order, week 1 takes the first family of the order. Otherwise take the
        first (family, weekday) with positive demand: some pattern week works it, so some
        rotation puts that week first.
        """
        spec = self.spec
        if spec.weekend_change and spec.family_order is not None:
            self.model.add(self.week_family[0][self.f_idx[spec.family_order[0]]] == 1)
            return
        for f in self.families:
            for d in range(DAYS_PER_WEEK):
                if spec.demand[f][d] > 0:
                    self.model.add(self.cell[d][self.f_idx[f]] == 1)
                    return

    # -- answer --------------------------------------------------------------------------

    def pattern_from(self, solver: cp_model.CpSolver) -> Pattern:
        cells = []
        for t in range(self.num_days):
            chosen = [f for f, j in self.f_idx.items() if solver.boolean_value(self.cell[t][j])]
            cells.append(chosen[0] if chosen else OFF)
        return Pattern.from_sequence(cells)
