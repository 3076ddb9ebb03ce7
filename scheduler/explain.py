"""Plain-language explanations (English and Simplified Chinese), solver-free.

* :class:`Conflict` and :class:`Explanation`: why no roster exists — the smallest set of
  hard-rule instances found that together leave no roster, each as a sentence naming
  the people, dates, shifts and numbers involved (built by
  :func:`scheduler.cpsat.explain.explain_infeasibility`).
* :func:`describe_penalty`: the same kind of sentence for a soft penalty of a roster.

The sentences are built here from the rule instance's data and the :class:`Problem`,
so that the solver code only says *which* instances conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from scheduler.problem import LEAVE_IDX, OFF_IDX, Problem
from scheduler.result import Penalty, Violation
from scheduler.rules import RULE_BY_ID

Lang = Literal["en", "zh"]
_WEEKDAY_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Conflict:
    """One hard-rule instance taking part in a conflict."""

    rule: str
    text_en: str
    text_zh: str
    employees: tuple[str, ...] = ()
    dates: tuple[dt.date, ...] = ()
    # the instance in the guarded model: (rule, person index, day index, detail)
    instance: tuple[str, int | None, int | None, str] = ("", None, None, "")

    def text(self, lang: Lang = "en") -> str:
        return self.text_zh if lang == "zh" else self.text_en


@dataclass
class Explanation:
    """Why no roster exists.

    ``conflicts`` together admit no roster (``proven``: the solver showed that on this
    set alone). ``minimal``: removing any single one of them makes the rest feasible
    (every deletion was decided within the time limit). ``relaxed_roster`` is the
    closest roster when the conflicting instances may be broken, and
    ``relaxed_violations`` is what the independent checker finds broken in it.
    """

    conflicts: list[Conflict] = field(default_factory=list)
    proven: bool = False
    minimal: bool = False
    wall_time: float = 0.0
    message: str = ""
    relaxed_roster: pd.DataFrame | None = None
    relaxed_violations: list[Violation] = field(default_factory=list)

    def text(self, lang: Lang = "en") -> str:
        zh = lang == "zh"
        if not self.conflicts:
            return self.message or ("未找到冲突的规则" if zh else "no conflicting rules found")
        if zh:
            head = ("以下规则无法同时满足" + ("（已证明为最小集合）" if self.minimal else
                                              "（未能在时限内证明为最小集合）") + "：")
        else:
            head = ("These rules cannot all hold together"
                    + (" (a minimal set: drop any one and a roster exists)" if self.minimal
                       else " (not proven minimal within the time limit)") + ":")
        lines = [head] + [f"  {i}. {c.text(lang)}" for i, c in enumerate(self.conflicts, 1)]
        if self.relaxed_violations:
            lines.append("最接近的排班表打破了：" if zh else "The closest roster breaks:")
            lines.extend(f"  - {_violation(v)}" for v in self.relaxed_violations[:20])
            if len(self.relaxed_violations) > 20:
                more = len(self.relaxed_violations) - 20
                lines.append(f"  ……另有 {more} 条" if zh else f"  ... and {more} more")
        return "\n".join(lines)

    def frame(self) -> pd.DataFrame:
        rows = [(c.rule, ", ".join(c.employees), ", ".join(d.isoformat() for d in c.dates),
                 c.text_en, c.text_zh) for c in self.conflicts]
        return pd.DataFrame(rows, columns=["rule", "employees", "dates", "text_en", "text_zh"])


# ------------------------------------------------------------------ helpers
def _violation(v: Violation) -> str:
    where = " ".join(x for x in (v.date.isoformat() if v.date else "", v.employee or "") if x)
    return f"{where}: {v.message}" if where else v.message


def _day(p: Problem, d: int, lang: Lang) -> str:
    date = p.dates[0] + dt.timedelta(days=d)
    names = _WEEKDAY_ZH if lang == "zh" else _WEEKDAY_EN
    suffix = ""
    if date in p.holiday_dates:
        suffix = "，节假日" if lang == "zh" else ", holiday"
    return (f"{date.isoformat()}（{names[date.weekday()]}{suffix}）" if lang == "zh"
            else f"{date.isoformat()} ({names[date.weekday()]}{suffix})")


def _date(p: Problem, d: int) -> dt.date:
    return p.dates[0] + dt.timedelta(days=d)


def _person(p: Problem, e: int) -> str:
    emp = p.scenario.employees[e]
    return f"{emp.id} {emp.name}" if emp.name and emp.name != emp.id else emp.id


def _people(p: Problem, es: list[int], lang: Lang) -> str:
    if not es:
        return "无" if lang == "zh" else "nobody"
    sep = "、" if lang == "zh" else ", "
    return sep.join(_person(p, e) for e in es)


def _shift(p: Problem, s: int) -> str:
    if s == OFF_IDX:
        return "OFF"
    if s == LEAVE_IDX:
        return "LEAVE"
    sh = p.scenario.shifts[s]
    return f"{sh.id} {sh.name}" if sh.name and sh.name != sh.id else sh.id


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def describe_instance(p: Problem, rule: str, e: int | None, d: int | None,
                      data: Mapping[str, Any], detail: str = "") -> Conflict:
    """The sentence for one hard-rule instance (a guard of the guarded model)."""
    who = _person(p, e) if e is not None else ""
    emps: tuple[str, ...] = (p.scenario.employees[e].id,) if e is not None else ()
    dates: tuple[dt.date, ...] = (_date(p, d),) if d is not None else ()
    en = zh = ""
    if rule == "leave" and d is not None:
        en = f"{who} is on approved leave on {_day(p, d, 'en')}."
        zh = f"{who} 在 {_day(p, d, 'zh')} 已批准请假。"
    elif rule == "locks" and d is not None:
        code = data.get("code", OFF_IDX)
        allowed = code in (OFF_IDX, LEAVE_IDX) or (
            e is not None and code in p.allowed[e] and d not in p.leave_days[e])
        en = f"{who} is locked to {_shift(p, code)} on {_day(p, d, 'en')}"
        zh = f"{who} 在 {_day(p, d, 'zh')} 被锁定为 {_shift(p, code)}"
        if not allowed:
            en += " (a shift they may not work that day)"
            zh += "（当天不能上此班）"
        en, zh = en + ".", zh + "。"
    elif rule == "max_consecutive_work_days":
        first, last, limit = data["first"], data["last"], data["limit"]
        dates = tuple(_date(p, k) for k in range(first, last + 1))
        hist = first < 0
        en = (f"{who} may work at most {limit} days in a row: {_date(p, first)} to "
              f"{_date(p, last)} ({last - first + 1} days"
              + (", counting the days worked before the period" if hist else "")
              + ") needs a day off.")
        zh = (f"{who} 最多连续上班 {limit} 天：{_date(p, first)} 至 {_date(p, last)}"
              f"（共 {last - first + 1} 天" + ("，含上期已上班的天数" if hist else "")
              + "）中至少休息一天。")
    elif rule in ("min_consecutive_work_days", "min_consecutive_days_off"):
        first, last, need = data["first"], data["last"], data["need"]
        dates = tuple(_date(p, k) for k in range(first, last + 1))
        span = (f"{_date(p, first)}" if first == last
                else f"{_date(p, first)} to {_date(p, last)}")
        span_zh = (f"{_date(p, first)}" if first == last
                   else f"{_date(p, first)} 至 {_date(p, last)}")
        if rule == "min_consecutive_work_days":
            en = (f"{who} works at least {need} days in a row: {span} cannot be a shorter"
                  " stretch of work between days off.")
            zh = f"{who} 每次至少连续上班 {need} 天：{span_zh} 不能是两段休息之间较短的上班段。"
        else:
            en = (f"{who} rests at least {need} days in a row: {span} cannot be a shorter"
                  " break between working days.")
            zh = f"{who} 每次至少连续休息 {need} 天：{span_zh} 不能是两段上班之间较短的休息。"
    elif rule == "max_weekends_worked":
        en = (f"{who} may work at most {data['limit']} of the {data['weekends']} weekends"
              " (Saturday or Sunday).")
        zh = f"{who} 在 {data['weekends']} 个周末中最多上班 {data['limit']} 个（周六或周日）。"
    elif rule == "weekly_day_off" and d is not None:
        last, need = data["last"], data["need"]
        dates = (_date(p, d), _date(p, last))
        en = f"{who} needs {need} day(s) off in the week {_date(p, d)} to {_date(p, last)}."
        zh = f"{who} 在 {_date(p, d)} 至 {_date(p, last)} 这一周至少休息 {need} 天。"
    elif rule == "monthly_days_off" and d is not None:
        last, need = data["last"], data["need"]
        dates = (_date(p, d), _date(p, last))
        en = f"{who} needs {need} day(s) off between {_date(p, d)} and {_date(p, last)}."
        zh = f"{who} 在 {_date(p, d)} 至 {_date(p, last)} 期间至少休息 {need} 天。"
    elif rule in ("min_rest", "forbidden_succession") and d is not None:
        s1, s2, gap = data["first"], data["then"], data["gap"]
        before = d - gap
        dates = (_date(p, before), _date(p, d))
        if rule == "min_rest":
            hours = p.scenario.rules.min_rest_hours
            en = (f"{who}: {_shift(p, s2)} on {_day(p, d, 'en')} after {_shift(p, s1)} on "
                  f"{_date(p, before)} leaves less than {hours:g} hours of rest.")
            zh = (f"{who}：{_date(p, before)} 上 {_shift(p, s1)} 后，{_day(p, d, 'zh')} 再上 "
                  f"{_shift(p, s2)}，休息不足 {hours:g} 小时。")
        else:
            en = (f"{who}: {_shift(p, s2)} may not follow {_shift(p, s1)} "
                  f"({_date(p, before)} then {_day(p, d, 'en')}).")
            zh = (f"{who}：{_shift(p, s1)} 之后次日不能上 {_shift(p, s2)}"
                  f"（{_date(p, before)} 与 {_day(p, d, 'zh')}）。")
    elif rule == "rotation":
        rotation = p.scenario.rules.rotation
        cycle = " → ".join(rotation.cycle) if rotation is not None else ""
        offset = data.get("offset")
        which_en = f"at week {offset + 1} of the cycle" if offset is not None else ""
        which_zh = f"（处于循环第 {offset + 1} 周）" if offset is not None else ""
        if d is None:
            en = (f"{who} continues the rotation {cycle} {which_en} from the last period's"
                  " roster.").replace("  ", " ")
            zh = f"{who} 延续上期排班的轮换 {cycle}{which_zh}。"
        else:
            dates = (_date(p, d),)
            en = (f"{who} follows the rotation {cycle} {which_en}: in the week from "
                  f"{_date(p, d)} only the family of that week.").replace("  ", " ")
            zh = f"{who} 按轮换 {cycle}{which_zh}：自 {_date(p, d)} 起的这一周只上当周的班次类别。"
    elif rule == "weekly_hours" and d is not None:
        last = data["last"]
        dates = (_date(p, d), _date(p, last))
        if "limit" in data:
            en = (f"{who} may work at most {_hours(data['limit'])} h in the week "
                  f"{_date(p, d)} to {_date(p, last)}.")
            zh = (f"{who} 在 {_date(p, d)} 至 {_date(p, last)} 这一周最多工作 "
                  f"{_hours(data['limit'])} 小时。")
        else:
            en = (f"{who} must work at least {_hours(data['need'])} h in the week "
                  f"{_date(p, d)} to {_date(p, last)}.")
            zh = (f"{who} 在 {_date(p, d)} 至 {_date(p, last)} 这一周至少工作 "
                  f"{_hours(data['need'])} 小时。")
    elif rule == "total_hours":
        if "limit" in data:
            en = f"{who} may work at most {_hours(data['limit'])} h in the period."
            zh = f"{who} 本期最多工作 {_hours(data['limit'])} 小时。"
        else:
            en = f"{who} must work at least {_hours(data['need'])} h in the period."
            zh = f"{who} 本期至少工作 {_hours(data['need'])} 小时。"
    elif rule == "max_shifts_per_type":
        s, limit = data["shift"], data["limit"]
        en = f"{who} may work {_shift(p, s)} at most {limit} times."
        zh = f"{who} 最多上 {limit} 次 {_shift(p, s)}。"
    elif rule in ("coverage_min", "holiday_cover") and d is not None:
        en, zh, emps = _cover_sentences(p, rule, d, data)
    elif rule == "holiday_rotation":
        people = [int(k) for k in data["people"]]
        emps = tuple(p.scenario.employees[k].id for k in people)
        en = (f"Holiday days worked this year may differ by at most {data['spread']} within "
              f"role {data['role']} ({_people(p, people, 'en')}).")
        zh = (f"岗位 {data['role']} 内（{_people(p, people, 'zh')}）本年节假日上班天数最多相差 "
              f"{data['spread']} 天。")
    elif rule == "holiday_rest":
        days = len(p.holidays)
        en = f"{who} must have at least {data['need']} of the {days} holiday days off."
        zh = f"{who} 在 {days} 天节假日中至少休息 {data['need']} 天。"
    elif rule == "interval_min" and d is not None:
        start, step, skill = data["start"], data["step"], data["skill"]
        end = start + step
        span = f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
        able = [e for e in range(p.num_employees)
                if skill in p.scenario.employees[e].skills and d not in p.leave_days[e]]
        en = (f"On {_day(p, d, 'en')} {span} needs at least {data['need']} {skill} agent(s) on"
              f" shift for the whole interval (available that day: {_people(p, able, 'en')}).")
        zh = (f"{_day(p, d, 'zh')} {span} 至少需要 {data['need']} 名 {skill} 客服全程在线"
              f"（当天可用：{_people(p, able, 'zh')}）。")
    elif rule == "meeting" and d is not None:
        en = f"At least {data['need']} people must attend the meeting on {_day(p, d, 'en')}."
        zh = f"{_day(p, d, 'zh')} 例会至少 {data['need']} 人参加。"
    if not en:
        label = RULE_BY_ID[rule].label if rule in RULE_BY_ID else rule
        en = zh = f"{label}: {who} {dates[0] if dates else ''}".strip()
    return Conflict(rule, en, zh, emps, dates, (rule, e, d, detail))


def _cover_sentences(p: Problem, rule: str, d: int, data: Mapping[str, Any]
                     ) -> tuple[str, str, tuple[str, ...]]:
    need, skill = data["need"], data.get("skill")
    if rule == "coverage_min":
        shifts = [data["shift"]]
        what_en = _shift(p, data["shift"])
        what_zh = _shift(p, data["shift"])
    else:
        family = data["family"]
        shifts = [s for s, sh in enumerate(p.scenario.shifts) if sh.family == family]
        what_en = f"the {family} shifts"
        what_zh = f"{family} 类班次"
    holders = p.skill_holders.get(skill, frozenset()) if skill is not None else None
    able = [e for e in range(p.num_employees)
            if any(s in p.allowed[e] for s in shifts) and (holders is None or e in holders)]
    on_leave = [e for e in able if d in p.leave_days[e]]
    free = [e for e in able if d not in p.leave_days[e]]
    skill_en = f" {skill}" if skill else ""
    skill_zh = f"（{skill}）" if skill else ""
    en = (f"On {_day(p, d, 'en')} {what_en} need{'s' if rule == 'coverage_min' else ''} at "
          f"least {need}{skill_en} {'person' if need == 1 else 'people'}; "
          f"{len(able)} may work {'it' if rule == 'coverage_min' else 'them'}")
    zh = (f"{_day(p, d, 'zh')} {what_zh}至少需要 {need} 人{skill_zh}；"
          f"可上此班的共 {len(able)} 人")
    if on_leave:
        en += f", of whom {_people(p, on_leave, 'en')} {'is' if len(on_leave) == 1 else 'are'}"
        en += " on leave"
        zh += f"，其中 {_people(p, on_leave, 'zh')} 请假"
    en += f" (available: {_people(p, free, 'en')})."
    zh += f"（可用：{_people(p, free, 'zh')}）。"
    return en, zh, tuple(p.scenario.employees[e].id for e in able)


# ---------------------------------------------------------------- penalties
def describe_penalty(p: Problem, penalty: Penalty, lang: Lang = "en") -> str:
    """One soft penalty of a roster as a sentence."""
    zh = lang == "zh"
    who = ""
    if penalty.employee is not None and penalty.employee in p.employee_idx:
        who = _person(p, p.employee_idx[penalty.employee])
    when = ""
    if penalty.date is not None:
        d = (penalty.date - p.dates[0]).days
        when = _day(p, d, lang)
    rule = RULE_BY_ID.get(penalty.rule)
    label = (rule.label_zh if zh else rule.label) if rule is not None else penalty.rule
    cost = f"（{penalty.amount} 分）" if zh else f" (costs {penalty.amount})"
    if penalty.rule == "day_off_wish":
        text = (f"{who} {when} 的休息愿望未满足" if zh
                else f"{who}'s day-off wish on {when} not met")
    elif penalty.rule == "shift_wish":
        text = (f"{who} {when} 的班次愿望未满足（{penalty.detail}）" if zh
                else f"{who}'s shift wish on {when} not met ({penalty.detail})")
    else:
        parts = [x for x in (who, when) if x]
        text = f"{label}：{' '.join(parts)} {penalty.detail}" if zh else (
            f"{label}: {' '.join(parts)}: {penalty.detail}" if parts
            else f"{label}: {penalty.detail}")
    return text.strip() + cost


@dataclass
class WhyNot:
    """Why a wish (a soft penalty) was not met in a roster.

    ``conflicts``: when meeting it would break a hard rule, the minimal set of hard-rule
    instances that forbid it (the wish itself included implicitly). Otherwise
    ``cost_delta`` is the change per rule of the best roster found that meets it
    (positive: costs more), and ``extra_cost`` its total.
    """

    penalty: Penalty
    conflicts: list[Conflict] = field(default_factory=list)
    proven: bool = False
    extra_cost: int | None = None
    cost_delta: dict[str, int] = field(default_factory=dict)
    message: str = ""

    def text(self, problem: Problem, lang: Lang = "en") -> str:
        zh = lang == "zh"
        head = describe_penalty(problem, self.penalty, lang)
        if self.conflicts:
            lines = [head + ("：满足它会打破以下规则" if zh else
                             ": meeting it would break a hard rule, because of")]
            lines += [f"  - {c.text(lang)}" for c in self.conflicts]
            return "\n".join(lines)
        if self.extra_cost is None:
            return f"{head}: {self.message}"
        if self.extra_cost <= 0:
            return head + ("：可以满足，且不增加总成本（已找到同样好或更好的排班）" if zh else
                           ": it can be met at no extra cost (a roster as good or better"
                           " exists)")
        parts = ", ".join(f"{rule} {delta:+d}" for rule, delta in
                          sorted(self.cost_delta.items(), key=lambda kv: -abs(kv[1]))
                          if delta)
        return head + (f"：可以满足，但总成本增加 {self.extra_cost}（{parts}）" if zh else
                       f": meeting it costs {self.extra_cost} more ({parts})")
