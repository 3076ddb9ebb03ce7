"""The catalogue of business rules: the table of contents of the house rules.

Each rule has a stable snake_case id (used in explanations, CSV reports and as the
key of its weight in ``rules.weights``), a label in English and Chinese, whether it
is hard or soft, and the unit its penalty is counted in. The CP-SAT model posts one
``add_<id>`` per rule (:mod:`scheduler.cpsat.model`) and the independent
checker has one ``check_<id>`` per rule (:mod:`scheduler.checker`); a test keeps
the three lists equal.

Shared definitions
------------------
* A person *works* a day when the roster gives them a shift; ``OFF`` and ``LEAVE``
  are not work.
* History (``employees[].history``) gives the days just before the horizon; rules that
  look back count those days as they are. Days before the history are unknown: a
  calendar week or a run that would need them is not judged.
* Calendar weeks run Monday to Sunday. A week is judged when all its days are known,
  i.e. inside history + horizon; weeks that run past the end of the horizon are left
  to the next period (their rest day may come after it).
* Minimum run lengths (working days, days off) judge a run only when the days on both
  sides of it are known and the day after it lies in the horizon: a run that touches the
  end of the horizon is left to the next period, and one that touches its start is judged
  with the history when history is given, else exempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["hard", "soft"]


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    label_zh: str
    kind: Kind
    unit: str
    formula: str


RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ hard
    Rule("one_shift_per_day", "One shift or off per person per day", "每人每天一个班次或休息",
         "hard", "cell", "each (person, date) has exactly one of a shift, OFF, LEAVE"),
    Rule("allowed_shifts", "Only the shifts a person may work", "只排允许的班次",
         "hard", "cell", "shift(e,d) in employees[e].shifts"),
    Rule("leave", "Approved leave is respected", "批准的请假不排班",
         "hard", "day", "leave(e,d) => not works(e,d)"),
    Rule("locks", "Locked cells keep their value", "锁定的格子不变",
         "hard", "cell", "lock(e,d)=v => roster(e,d)=v"),
    Rule("max_consecutive_work_days", "At most N working days in a row (six on, one off)",
         "连续上班不超过N天（做六休一）", "hard", "day",
         "sum works(e, d..d+N) <= N for every window of N+1 known days; N ="
         " employees[e].max_consecutive_work_days, else the rules' value"),
    Rule("min_consecutive_work_days", "At least K working days in a row",
         "连续上班至少K天", "hard", "day",
         "no pattern off, works x j, off with j < K on known days ending inside the horizon:"
         " runs touching the end, or the start without history, are exempt; K per person or"
         " the rules' value"),
    Rule("min_consecutive_days_off", "At least K days off in a row", "连续休息至少K天",
         "hard", "day",
         "no pattern works, off x j, works with j < K on known days ending inside the horizon"
         " (leave is off): runs touching the end, or the start without history, are exempt;"
         " K per person or the rules' value"),
    Rule("max_weekends_worked", "At most W weekends worked", "上班的周末最多W个",
         "hard", "weekend",
         "count(weekends of the horizon with the Saturday or the Sunday worked) <= W;"
         " make-up workdays are not weekend days; W per person or the rules' value"),
    Rule("weekly_day_off", "At least K days off in every calendar week",
         "每个自然周至少休息K天", "hard", "day",
         "sum not works(e, Mon..Sun) >= K for every fully known week"),
    Rule("monthly_days_off", "At least K days off per calendar month (pro rata)",
         "每月至少休息K天（按比例）", "hard", "day",
         "days off in month >= floor(K * known_days / days_in_month + 1/2)"),
    Rule("min_rest", "Minimum rest between shifts", "两班之间的最短休息",
         "hard", "minute",
         "start(s2 on d+g) + 1440*g - end(s1 on d) >= min_rest for worked d, d+g (g = 1, 2)"),
    Rule("forbidden_succession", "Forbidden shift successions", "禁止的班次衔接",
         "hard", "day", "not (shift(e,d)=first and shift(e,d+1)=then)"),
    Rule("rotation", "Weekly rotation of shift families, changing at the weekend",
         "按周轮换班次（周末换班）", "hard", "day",
         "works(e,d) => family(shift(e,d)) = cycle[(offset(e) + week(d)) % L], or on a change"
         " day the next week's; soft mode: weights.rotation per day off the pattern"),
    Rule("weekly_hours", "Contract hours per calendar week", "每周合同工时",
         "hard", "minute",
         "min_week - leave_credit*leave_days <= paid(e, week) <= max_week"),
    Rule("total_hours", "Contract hours over the horizon", "排班期内合同工时",
         "hard", "minute", "min_total - leave_credit*leave_days <= paid(e) <= max_total"),
    Rule("max_shifts_per_type", "Maximum shifts of a type", "某班次的最多次数",
         "hard", "shift", "count(shift(e,.)=s) <= max_shifts[s]"),
    Rule("holiday_cover", "Daytime and evening staffed on holidays", "节假日白天晚上有人值班",
         "hard", "person",
         "on every holiday: count(e works a shift of family f, has skill) >= min"),
    Rule("holiday_rotation", "Holiday work rotates within a role", "节假日轮休（同岗位）",
         "hard", "day",
         "holiday days worked this year (leave on a holiday counts as worked): max - min <="
         " holiday_max_spread within each role"),
    Rule("holiday_rest", "Each person has holidays off", "每人节假日休息天数",
         "hard", "day", "holidays of the horizon not worked >= min(min_holiday_days_off,"
         " holidays)"),
    Rule("coverage_min", "Minimum headcount per shift and skill", "班次技能最低人数",
         "hard", "person",
         "count(e works s on d, has skill) >= min  (soft with weights.coverage_min_soft"
         " per missing person when min_soft)"),
    # ------------------------------------------------------------------ soft
    Rule("interval_min", "Someone on shift in every open interval", "营业时段每段有人在线",
         "hard", "person",
         "count(e with skill on a shift covering the whole interval) >= demand.hard_min"),
    Rule("meeting", "Weekly meeting attendance", "周例会出勤",
         "soft", "person",
         "weights.meeting * people not on a shift covering the meeting, per meeting day (not"
         " counting leave); hard min_attendance when given"),
    Rule("stability", "Few changes from the reference roster", "与参考排班相比少改动",
         "soft", "cell", "weights.stability * [roster(e,d) != reference(e,d)] per reference"
         " cell (LEAVE counts as OFF)"),
    Rule("coverage_target", "Target headcount per shift and skill", "班次技能目标人数",
         "soft", "person", "under_weight * max(0, target - count); under_weight of the"
         " coverage rule, default weights.coverage_target"),
    Rule("coverage_excess", "Staff above the target", "超出目标人数",
         "soft", "person", "over_weight * max(0, count - target) (over_weight of the coverage"
         " rule, default weights.coverage_excess); a skill need only where its shift has no"
         " need for everyone that day"),
    Rule("interval_cover", "Agents needed per interval from chat volume",
         "按咨询量计算的每时段所需人数", "soft", "minute",
         "weights.interval_short * max(0, required * step - agent-minutes on shift in the"
         " interval), per open interval and demand skill"),
    Rule("interval_excess", "Agents above the interval requirement", "时段人数超出需求",
         "soft", "minute",
         "weights.interval_excess * max(0, agent-minutes - required * step)"),
    Rule("day_off_wish", "Day-off wishes", "休息意愿",
         "soft", "day", "weight * works(e,d) for each wish"),
    Rule("shift_wish", "Wanted and unwanted shifts", "想上/不想上的班次",
         "soft", "day",
         "weight * [shift(e,d) != s] for wanted, weight * [shift(e,d) = s] for unwanted"),
    Rule("fair_hours", "Paid hours (relative to contract) near the team average",
         "工时（相对合同）接近团队平均", "soft", "hour",
         "weights.fair_hours * floor(max(0, |dev(e) - floor(mean dev)| - tolerance) / 60)"
         " per person, dev = paid minutes - contract minutes of the days not on leave"),
    Rule("fair_evenings", "Evening/night shifts near the team average", "晚班/夜班次数接近平均",
         "soft", "shift",
         "weights.fair_evenings * max(0, |n(e) - floor(mean n)| - tolerance) per person who"
         " may work an evening-family shift"),
    Rule("fair_weekends", "Weekend days worked near the team average", "周末上班天数接近平均",
         "soft", "day",
         "weights.fair_weekends * max(0, |n(e) - floor(mean n)| - tolerance) per person,"
         " n = Saturdays/Sundays worked"),
)

RULE_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
HARD_RULES: tuple[str, ...] = tuple(r.id for r in RULES if r.kind == "hard")
SOFT_RULES: tuple[str, ...] = tuple(r.id for r in RULES if r.kind == "soft")
