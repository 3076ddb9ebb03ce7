"""Plain-language explanations (English and Simplified Chinese), solver-free.

* :class:`Conflict` and :class:`Explanation`: why no roster exists — the smallest set of
  hard-rule instances found that together leave no roster, each as a sentence naming
  the people, dates, shifts and numbers involved (built by
  :func:`scheduler.cpsat.explain.explain_infeasibility`).
* :func:`describe_penalty`: the same kind of sentence for a soft penalty of a roster.
* :func:`describe_violation`: a broken hard rule of a roster (what the independent
  checker reports) as a sentence, from the violation's kind and parameters.

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
from scheduler.scenario import ShiftWish

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
            lines.extend(f"  - {describe_violation(v, lang)}"
                         for v in self.relaxed_violations[:20])
            if len(self.relaxed_violations) > 20:
                more = len(self.relaxed_violations) - 20
                lines.append(f"  ……另有 {more} 条" if zh else f"  ... and {more} more")
        return "\n".join(lines)

    def frame(self) -> pd.DataFrame:
        rows = [(c.rule, ", ".join(c.employees), ", ".join(d.isoformat() for d in c.dates),
                 c.text_en, c.text_zh) for c in self.conflicts]
        return pd.DataFrame(rows, columns=["rule", "employees", "dates", "text_en", "text_zh"])


# ------------------------------------------------------------------ helpers
def _day(p: Problem, d: int, lang: Lang) -> str:
    return _date_text(p.dates[0] + dt.timedelta(days=d), lang, p)


def _date_text(date: dt.date, lang: Lang, p: Problem | None = None) -> str:
    """``2026-10-05 (Mon)``, ``2026-10-05（周一）``; holidays of ``p`` marked."""
    names = _WEEKDAY_ZH if lang == "zh" else _WEEKDAY_EN
    suffix = ""
    if p is not None and date in p.holiday_dates:
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


# ---------------------------------------------------------------- violations
# kind -> (English, Chinese); the fields are the violation's parameters, worded by
# _violation_values, and {who} (the person) and {day} (the violation's date).
_VIOLATIONS: dict[str, tuple[str, str]] = {
    "one_shift_per_day.duplicate": (
        "{who} has more than one roster row on {day}",
        "{who} 在 {day} 有多行排班"),
    "one_shift_per_day.missing": (
        "{who} has no shift, OFF or LEAVE on {day}",
        "{who} 在 {day} 既没有班次，也没有标记休息或请假"),
    "allowed_shifts": (
        "{who} works {shift} on {day}, a shift they may not work",
        "{who} 在 {day} 上了不允许上的班次 {shift}"),
    "leave.works": (
        "{who} works {shift} on {day}, during approved leave",
        "{who} 在 {day} 已批准请假，却排了 {shift}"),
    "leave.unapproved": (
        "{who} is marked on leave on {day} without approved leave",
        "{who} 在 {day} 被标记为请假，但没有已批准的请假"),
    "locks": (
        "{who} is locked to {locked} on {day} but rostered {rostered}",
        "{who} 在 {day} 被锁定为 {locked}，排班却是 {rostered}"),
    "max_consecutive_work_days": (
        "{who} works on {day}, day {run} in a row (at most {limit})",
        "{who} 在 {day} 已连续上班第 {run} 天（最多 {limit} 天）"),
    "min_consecutive_work_days": (
        "{who} works only {length} day(s) in a row from {day} (at least {need})",
        "{who} 自 {day} 起只连续上班 {length} 天（至少 {need} 天）"),
    "min_consecutive_days_off": (
        "{who} has only {length} day(s) off in a row from {day} (at least {need})",
        "{who} 自 {day} 起只连续休息 {length} 天（至少 {need} 天）"),
    "max_weekends_worked": (
        "{who} works {worked} weekends (at most {limit}); the first one too many is"
        " that of {day}",
        "{who} 上班的周末有 {worked} 个（最多 {limit} 个），自 {day} 所在的周末起超出"),
    "weekly_day_off": (
        "{who} has {off} day(s) off in the week from {week} (needs {need})",
        "{who} 在 {week} 起的一周只休息 {off} 天（至少 {need} 天）"),
    "monthly_days_off": (
        "{who} has {off} day(s) off in the month from {month} (needs {need} for {days}"
        " rostered days)",
        "{who} 在 {month} 起的这个月只休息 {off} 天（排班 {days} 天，至少应休息 {need} 天）"),
    "min_rest": (
        "{who} rests {rest_hours} h between {first} on {first_date} and {then} on {day}"
        " (needs {need_hours} h)",
        "{who} 在 {first_date} 上 {first} 后，{day} 上 {then}，只休息 {rest_hours} 小时"
        "（至少 {need_hours} 小时）"),
    "forbidden_succession": (
        "{who} works {then} on {day}, the day after {first}: a forbidden succession",
        "{who} 在 {day} 上 {then}，前一天上 {first}，这两个班次不能相连"),
    "rotation": (
        "{who} works a shift of the {family} family on {day}, off the rotation pattern{crew}",
        "{who} 在 {day} 上 {family} 类班次，不符合{crew}轮换"),
    "weekly_hours.max": (
        "{who} works {hours} h in the week from {day} (at most {limit} h)",
        "{who} 在 {day} 起的一周工作 {hours} 小时（最多 {limit} 小时）"),
    "weekly_hours.min": (
        "{who} works {hours} h in the week from {day} (at least {need} h after leave)",
        "{who} 在 {day} 起的一周只工作 {hours} 小时（扣除请假后至少 {need} 小时）"),
    "total_hours.max": (
        "{who} works {hours} h in the period (at most {limit} h)",
        "{who} 本期工作 {hours} 小时（最多 {limit} 小时）"),
    "total_hours.min": (
        "{who} works {hours} h in the period (at least {need} h after leave)",
        "{who} 本期只工作 {hours} 小时（扣除请假后至少 {need} 小时）"),
    "max_shifts_per_type": (
        "{who} works {shift} {count} times (at most {limit})",
        "{who} 上了 {count} 次 {shift}（最多 {limit} 次）"),
    "holiday_cover": (
        "On {day} the {family} shifts have {have}{skill} on shift (at least {min})",
        "{day} {family} 类班次{skill}只有 {have} 人在岗（至少 {min} 人）"),
    "holiday_rotation": (
        "Role {role}: {most} works {most_days} holiday days, {least} {least_days} (they may"
        " differ by at most {spread})",
        "岗位 {role}：{most} 节假日上班 {most_days} 天，{least} 只有 {least_days} 天"
        "（最多相差 {spread} 天）"),
    "holiday_rest": (
        "{who} has {off} of the {holidays} holidays off (needs {need})",
        "{who} 在 {holidays} 天节假日中只休息 {off} 天（至少 {need} 天）"),
    "coverage_min": (
        "On {day} {shift} has {have}{skill} on shift (at least {min})",
        "{day} {shift}{skill}只有 {have} 人在岗（至少 {min} 人）"),
    "interval_min": (
        "On {day} {start}-{end}: {have} {skill} agent(s) on shift for the whole interval"
        " (at least {min})",
        "{day} {start}-{end} 全程在线的 {skill} 客服只有 {have} 人（至少 {min} 人）"),
    "meeting": (
        "{present} at the meeting on {day} (at least {min})",
        "{day} 例会只有 {present} 人参加（至少 {min} 人）"),
}

VIOLATION_KINDS: frozenset[str] = frozenset(_VIOLATIONS)


def _shift_text(sid: str | None, lang: Lang, p: Problem | None) -> str:
    """A shift id (or OFF, LEAVE) as shown in a sentence: with its name when known."""
    zh = lang == "zh"
    if sid is None:
        return "空" if zh else "nothing"
    if sid == "OFF":
        return "休息" if zh else "OFF"
    if sid == "LEAVE":
        return "请假" if zh else "LEAVE"
    if p is not None and sid in p.shift_idx:
        return _shift(p, p.shift_idx[sid])
    return sid


def _who_text(employee: str | None, p: Problem | None) -> str:
    if employee is None:
        return ""
    if p is not None and employee in p.employee_idx:
        return _person(p, p.employee_idx[employee])
    return employee


def _violation_values(v: Violation, lang: Lang, p: Problem | None) -> dict[str, str]:
    zh = lang == "zh"
    out = {"who": _who_text(v.employee, p),
           "day": _date_text(v.date, lang, p) if v.date is not None else ""}
    for key, value in v.params.items():
        if key in ("shift", "locked", "rostered", "first", "then"):
            out[key] = _shift_text(value, lang, p)
        elif key in ("most", "least"):
            out[key] = _who_text(value, p)
        elif isinstance(value, dt.date):
            out[key] = _date_text(value, lang, p)
        elif isinstance(value, float):
            out[key] = f"{value:g}"
        else:
            out[key] = "" if value is None else str(value)
    if "skill" in v.params:
        skill = v.params["skill"]
        if v.kind == "interval_min":
            out["skill"] = str(skill)
        else:
            out["skill"] = "" if not skill else (f"（{skill}）" if zh else f" {skill}")
    if "crew" in v.params:
        crew = v.params["crew"]
        out["crew"] = ("" if crew is None else
                       f"班组 {crew} 的" if zh else f" of crew {crew}")
    if "role" in v.params and not v.params["role"]:
        out["role"] = "（未分组）" if zh else "(none)"
    return out


def describe_violation(v: Violation, lang: Lang = "en", problem: Problem | None = None
                       ) -> str:
    """A broken hard rule as a sentence in ``lang``, built from its kind and parameters
    (with ``problem``: people and shifts named, holidays marked). A violation without a
    known kind is shown with its rule's label and its message."""
    zh = lang == "zh"
    found = _VIOLATIONS.get(v.kind)
    if found is not None:
        return (found[1] if zh else found[0]).format(**_violation_values(v, lang, problem))
    rule = RULE_BY_ID.get(v.rule)
    label = (rule.label_zh if zh else rule.label) if rule is not None else v.rule
    where = " ".join(x for x in (_who_text(v.employee, problem),
                                 _date_text(v.date, lang, problem) if v.date else "") if x)
    if zh:
        return f"{label}：{where}（{v.message}）" if where else f"{label}（{v.message}）"
    return f"{label}: {where}: {v.message}" if where else f"{label}: {v.message}"


# ---------------------------------------------------------------- penalties
def describe_penalty(p: Problem, penalty: Penalty, lang: Lang = "en") -> str:
    """One soft penalty of a roster as a sentence.

    The sentence is built from the rule, the person, the date and the amount, and from
    the scenario's rule instance the penalty belongs to (the headcount or interval need,
    the wish, the reference cell, the tolerance), found by the label its detail starts
    with; so it reads the same whether the penalty comes from the solver or from the
    independent checker, and the Chinese one never shows the English detail."""
    zh = lang == "zh"
    who = _who_text(penalty.employee, p)
    when = ""
    if penalty.date is not None:
        when = _date_text(penalty.date, lang, p)
    cost = f"（{penalty.amount} 分）" if zh else f" (costs {penalty.amount})"
    found = _penalty_sentences(p, penalty, who, when)
    if found is not None:
        return (found[1] if zh else found[0]).strip() + cost
    rule = RULE_BY_ID.get(penalty.rule)
    label = (rule.label_zh if zh else rule.label) if rule is not None else penalty.rule
    parts = " ".join(x for x in (who, when) if x)
    if zh:
        text = f"{label}：{parts}" if parts else label
    elif penalty.detail:
        text = f"{label}: {parts}: {penalty.detail}" if parts else f"{label}: {penalty.detail}"
    else:
        text = f"{label}: {parts}" if parts else label
    return text.strip() + cost


def _units(amount: int, weight: int) -> int | None:
    """The units a penalty counts (amount = weight x units), None when not whole."""
    return amount // weight if weight > 0 and amount % weight == 0 else None


def _penalty_sentences(p: Problem, penalty: Penalty, who: str, when: str
                       ) -> tuple[str, str] | None:
    """(English, Chinese) for a penalty whose rule instance is found, else None."""
    rule, weights = penalty.rule, p.scenario.rules.weights
    words = penalty.detail.split()
    if rule == "day_off_wish":
        return (f"{who}'s day-off wish on {when} not met", f"{who} {when} 的休息愿望未满足")
    if rule == "shift_wish":
        wish = shift_wish_of(p, penalty)
        if wish is None:
            return (f"{who}'s shift wish on {when} not met ({penalty.detail})",
                    f"{who} {when} 的班次愿望未满足")
        shift_en, shift_zh = _shift_text(wish.shift, "en", p), _shift_text(wish.shift, "zh", p)
        want_en = "wants" if wish.want else "does not want"
        want_zh = "想上" if wish.want else "不想上"
        return (f"{who}'s shift wish on {when} not met ({want_en} {shift_en})",
                f"{who} {when} {want_zh} {shift_zh} 的愿望未满足")
    if rule == "meeting":
        return (f"{who} is not on a shift covering the meeting on {when}",
                f"{who} {when} 没有上覆盖例会时间的班次")
    if rule == "rotation":
        return (f"{who} works off the rotation pattern on {when}",
                f"{who} {when} 的班次不符合轮换")
    if rule == "stability":
        ref = next((c.shift for c in p.scenario.reference
                    if c.employee == penalty.employee and c.date == penalty.date), None)
        if ref is None:
            return None
        return (f"{who} differs on {when} from the reference roster"
                f" ({_shift_text(ref, 'en', p)})",
                f"{who} {when} 与参考排班（{_shift_text(ref, 'zh', p)}）不同")
    if rule in ("coverage_min", "coverage_target", "coverage_excess") and words:
        return _coverage_sentences(p, penalty, words[0].rstrip(":"), when)
    if rule in ("interval_cover", "interval_excess") and len(words) >= 2:
        return _interval_sentences(p, penalty, words[0], words[1].rstrip(":"), when)
    fair = {"fair_hours": (weights.fair_hours, p.scenario.rules.fair_hours_tolerance,
                           "paid hours (against the contract)", "h", "工时（相对合同）", "小时"),
            "fair_evenings": (weights.fair_evenings, p.scenario.rules.fair_evenings_tolerance,
                              "evening shifts", "", "晚班次数", "次"),
            "fair_weekends": (weights.fair_weekends, p.scenario.rules.fair_weekends_tolerance,
                              "weekend days worked", "", "周末上班天数", "天")}
    if rule in fair:
        weight, tolerance, what_en, unit_en, what_zh, unit_zh = fair[rule]
        units = _units(penalty.amount, weight)
        if units is None:
            return None
        gap_en = f"{units} {unit_en}".strip()
        band_en = f"±{tolerance:g} {unit_en}".strip()
        return (f"{who}'s {what_en} are {gap_en} further from the team average than the"
                f" {band_en} allowed",
                f"{who} 的{what_zh}偏离团队平均，超出 ±{tolerance:g} {unit_zh}的容差"
                f" {units} {unit_zh}")
    return None


def shift_wish_of(p: Problem, penalty: Penalty) -> ShiftWish | None:
    """The shift wish a penalty belongs to: the person's wish that day whose shift its
    detail names and whose sense (wanted or not) it states, in the solver's wording or
    the checker's; the only wish that day when the detail names none."""
    wishes = [w for w in p.scenario.shift_wishes
              if w.employee == penalty.employee and w.date == penalty.date]
    unwanted = penalty.detail.startswith(("does not want", "did not want"))
    named = set(penalty.detail.replace(",", " ").split())
    for wish in wishes:
        if wish.want != unwanted and wish.shift in named:
            return wish
    return wishes[0] if len(wishes) == 1 else None


def _coverage_sentences(p: Problem, penalty: Penalty, label: str, when: str
                        ) -> tuple[str, str] | None:
    if penalty.date not in p.date_idx:
        return None
    d = p.date_idx[penalty.date]
    need = next((n for n in p.coverage if n.day == d and (
        f"{p.scenario.shifts[n.shift].id}/{n.skill}" if n.skill
        else p.scenario.shifts[n.shift].id) == label), None)
    if need is None:
        return None
    sid = p.scenario.shifts[need.shift].id
    shift_en, shift_zh = _shift_text(sid, "en", p), _shift_text(sid, "zh", p)
    skill_en = f" {need.skill}" if need.skill else ""
    skill_zh = f"（{need.skill}）" if need.skill else ""
    if penalty.rule == "coverage_min":
        units = _units(penalty.amount, p.scenario.rules.weights.coverage_min_soft)
        if units is None:
            return None
        have = need.min - units
        return (f"On {when} {shift_en}{skill_en} has {have} on shift, {units} short of the"
                f" minimum {need.min}",
                f"{when} {shift_zh}{skill_zh}只有 {have} 人在岗，比最少 {need.min} 人少 {units} 人")
    if penalty.rule == "coverage_target":
        units = _units(penalty.amount, need.under_weight)
        if units is None:
            return None
        have = need.target - units
        return (f"On {when} {shift_en}{skill_en} has {have} on shift, {units} short of the"
                f" target {need.target}",
                f"{when} {shift_zh}{skill_zh}只有 {have} 人在岗，比目标 {need.target} 人少"
                f" {units} 人")
    units = _units(penalty.amount, need.over_weight)
    if units is None:
        return None
    have = need.target + units
    return (f"On {when} {shift_en}{skill_en} has {have} on shift, {units} above the target"
            f" {need.target}",
            f"{when} {shift_zh}{skill_zh}有 {have} 人在岗，比目标 {need.target} 人多 {units} 人")


def _interval_sentences(p: Problem, penalty: Penalty, skill: str, clock: str, when: str
                        ) -> tuple[str, str] | None:
    if penalty.date not in p.date_idx:
        return None
    d = p.date_idx[penalty.date]
    need = next((n for n in p.interval_needs if n.day == d and n.skill == skill
                 and _clock(n.start) == clock), None)
    weight = (p.scenario.rules.weights.interval_short if penalty.rule == "interval_cover"
              else p.scenario.rules.weights.interval_excess)
    units = _units(penalty.amount, weight)
    if need is None or units is None:
        return None
    span = f"{_clock(need.start)}-{_clock(need.start + need.step)}"
    if penalty.rule == "interval_cover":
        return (f"On {when} {span} needs {need.required} {skill} agent(s) on shift:"
                f" {units} agent-minutes short",
                f"{when} {span} 需要 {need.required} 名 {skill} 客服在线，缺 {units} 客服·分钟")
    return (f"On {when} {span} needs {need.required} {skill} agent(s) on shift:"
            f" {units} agent-minutes over",
            f"{when} {span} 需要 {need.required} 名 {skill} 客服在线，多出 {units} 客服·分钟")


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


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
