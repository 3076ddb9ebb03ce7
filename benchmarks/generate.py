"""Deterministic generator of large, realistic customer-service scenarios.

:func:`generate_team` builds a team of ``num_employees`` agents spread over several
online shops (about one shop per 25 people). Each shop needs pre-sales and after-sales
agents (skills ``<shop>_pre`` and ``<shop>_after``) on three shift types:

* ``day``: 08:30-12:00 + 13:00-17:30 (8 paid hours, family ``day``),
* ``evening``: 10:00-14:00 + 17:30-23:00 (9.5 paid hours, family ``evening``),
* ``half``: 10:00-15:30 (5.5 paid hours, family ``half``).

Every segment stays within the default 8 h of continuous work. With the default
11 h minimum rest, ``day`` cannot follow ``evening`` (9.5 h rest) while ``half`` can
(exactly 11 h).

The headcount wanted per shop x skill x shift is derived from the people whose main
job it is: everyone can give about six shifts a week (one day off per week), so the
daily supply of a group is ``6/7`` per person, split over the shifts that person may
work. Targets are 90 % of that supply and minimums 60 % of the targets, so the
instance is feasible with slack; people with a second skill or shop add more slack.
Weekends shift demand from the day to the evening, public holidays (Chinese calendar,
from the ``holidays`` package when installed) need fewer people, and shopping
festivals (6.18, Double 11, Double 12) need more.

The same arguments always give the same scenario.

Usage::

    python benchmarks/generate.py 300 42 --seed 0 --out /tmp/team.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scheduler.scenario import OFF, Scenario

log = logging.getLogger("benchmarks.generate")

PEOPLE_PER_SHOP = 25
SUPPLY_PER_PERSON_DAY = 6 / 7
TARGET_SHARE = 0.90
MIN_SHARE = 0.60

SHIFTS: tuple[dict[str, Any], ...] = (
    {"id": "day", "name": "白班", "family": "day",
     "segments": ["08:30-12:00", "13:00-17:30"], "color": "#FFE699"},
    {"id": "evening", "name": "晚班", "family": "evening",
     "segments": ["10:00-14:00", "17:30-23:00"], "color": "#9DC3E6"},
    {"id": "half", "name": "半白班", "family": "half",
     "segments": ["10:00-15:30"], "color": "#F4B183"},
)
SHIFT_IDS: tuple[str, ...] = tuple(s["id"] for s in SHIFTS)

SHOP_CODES = ("tm", "jd", "pdd", "dy", "ks", "xhs", "vip", "sn", "wph", "dd", "yz", "tb")


@dataclass(frozen=True)
class Profile:
    """Which shifts a group of people may work, and how their time is usually split.

    Attributes
    ----------
    name
        Label used in logs.
    share
        Cumulative probability bound used to draw the profile.
    shifts
        Allowed shift ids; None means every shift.
    split
        Fraction of this person's shifts that normally go to each shift id.
    history
        One week of past shifts starting with the day off; every rotation of it obeys
        the rules (no ``day`` right after ``evening``, at most the weekly maximum hours).
    part_time
        Part-timers get lower weekly hours.
    """

    name: str
    share: float
    shifts: tuple[str, ...] | None
    split: dict[str, float]
    history: tuple[str, ...]
    part_time: bool = False


PROFILES: tuple[Profile, ...] = (
    Profile("all", 0.70, None, {"day": 0.42, "evening": 0.36, "half": 0.22},
            (OFF, "day", "day", "day", "half", "evening", "evening")),
    Profile("day", 0.80, ("day",), {"day": 1.0},
            (OFF, "day", "day", "day", "day", "day", "day")),
    Profile("day_half", 0.88, ("day", "half"), {"day": 0.7, "half": 0.3},
            (OFF, "day", "day", "half", "day", "day", "half")),
    Profile("evening_half", 0.96, ("evening", "half"), {"evening": 0.75, "half": 0.25},
            (OFF, "half", "evening", "evening", "evening", "evening", "half")),
    Profile("half_part_time", 1.00, ("half",), {"half": 1.0},
            (OFF, "half", "half", "half", "half", "half", "half"), part_time=True),
)

# (factor on the base target) per shift for the calendar variants
WEEKEND_FACTOR = {"day": 0.8, "evening": 1.15, "half": 1.0}
HOLIDAY_FACTOR = {"day": 0.7, "evening": 0.7, "half": 0.7}
FESTIVAL_FACTOR = 1.2
FESTIVALS = ((6, 18), (11, 11), (12, 12))

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢"
            "宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲红鹏辉波宇浩欣婷雪琳晨悦"
LEAVE_REASONS = ("年假", "病假", "事假", "婚假", "产检")


@dataclass
class _Person:
    id: str
    name: str
    shop: int
    primary: str  # "pre" or "after"
    profile: Profile
    skills: list[str] = field(default_factory=list)


def _shop_codes(num_shops: int) -> list[str]:
    codes = list(SHOP_CODES[:num_shops])
    codes += [f"s{k:02d}" for k in range(len(codes), num_shops)]
    return codes


def _draw_profile(rng: random.Random) -> Profile:
    u = rng.random()
    for profile in PROFILES:
        if u < profile.share:
            return profile
    return PROFILES[0]


def _holidays(start: dt.date, end: dt.date) -> list[dt.date]:
    """Chinese public holidays between ``start`` and ``end`` (none without ``holidays``)."""
    try:
        import holidays as holidays_lib
    except ImportError:  # optional: the scenario then has no holidays
        return []
    years = list(range(start.year, end.year + 1))
    return sorted(d for d in holidays_lib.China(years=years) if start <= d <= end)


def _festivals(dates: Sequence[dt.date]) -> list[dt.date]:
    return [d for d in dates if (d.month, d.day) in FESTIVALS]


def _people(num_employees: int, num_shops: int, rng: random.Random) -> list[_Person]:
    """Agents with a home shop, a main skill, a shift profile and extra skills."""
    shops = _shop_codes(num_shops)
    order = list(range(num_employees))
    rng.shuffle(order)
    people: list[_Person] = []
    for i in range(num_employees):
        slot = order[i]
        shop = slot % num_shops
        # within a shop, about 58 % pre-sales and 42 % after-sales by arrival order
        rank = slot // num_shops
        primary = "after" if rank % 12 in (2, 5, 7, 10, 11) else "pre"
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        person = _Person(f"E{i + 1:04d}", name, shop, primary, _draw_profile(rng))
        person.skills.append(f"{shops[shop]}_{primary}")
        people.append(person)
    # about one in five also covers the other skill of their own shop
    for person in people:
        if rng.random() < 0.2:
            other = "after" if person.primary == "pre" else "pre"
            person.skills.append(f"{shops[person.shop]}_{other}")
    # a few floaters answer pre-sales chats for two or three shops
    if num_shops > 1:
        floaters = rng.sample(people, k=min(len(people), max(1, num_employees // 60)))
        for person in floaters:
            others = [s for s in range(num_shops) if s != person.shop]
            for s in rng.sample(others, k=min(len(others), rng.randint(1, 2))):
                skill = f"{shops[s]}_pre"
                if skill not in person.skills:
                    person.skills.append(skill)
    return people


def _coverage(people: list[_Person], num_shops: int, holidays: list[dt.date],
              festivals: list[dt.date]) -> list[dict[str, Any]]:
    """Coverage rules per shop x skill x shift, with weekend, holiday and festival variants."""
    shops = _shop_codes(num_shops)
    supply: dict[tuple[int, str, str], float] = {}
    for person in people:
        for sid, part in person.profile.split.items():
            key = (person.shop, person.primary, sid)
            supply[key] = supply.get(key, 0.0) + SUPPLY_PER_PERSON_DAY * part

    def rule(shift: str, skill: str, target: int, **when: Any) -> dict[str, Any]:
        target = max(0, target)
        return {"shift": shift, "skill": skill, "min": round(MIN_SHARE * target),
                "target": target, **when}

    rules: list[dict[str, Any]] = []
    for shop in range(num_shops):
        for kind in ("pre", "after"):
            skill = f"{shops[shop]}_{kind}"
            for sid in SHIFT_IDS:
                base = TARGET_SHARE * supply.get((shop, kind, sid), 0.0)
                if round(base) == 0:
                    continue
                rules.append(rule(sid, skill, round(base)))
                rules.append(rule(sid, skill, round(base * WEEKEND_FACTOR[sid]),
                                  day_types=["weekend"]))
                if holidays:
                    rules.append(rule(sid, skill, round(base * HOLIDAY_FACTOR[sid]),
                                      day_types=["holiday"]))
                if festivals:
                    rules.append(rule(sid, skill, round(base * FESTIVAL_FACTOR),
                                      dates=[d.isoformat() for d in festivals]))
    return rules


def generate_team(num_employees: int, num_days: int, seed: int = 0,
                  start: str = "2026-11-02") -> Scenario:
    """A large customer-service scenario, the same for the same arguments.

    Parameters
    ----------
    num_employees
        Team size (at least 1).
    num_days
        Length of the horizon in days (1 to 400).
    seed
        Seed of the random choices (shops, skills, profiles, leave, wishes).
    start
        First day of the horizon, ISO ``YYYY-MM-DD``; a Monday keeps every calendar week
        inside the horizon.

    Returns
    -------
    Scenario
        The validated scenario (``Scenario.model_validate``).

    Raises
    ------
    ValueError
        When the sizes are out of range or the start date is not ISO.
    """
    if num_employees < 1:
        raise ValueError("num_employees must be at least 1")
    if not 1 <= num_days <= 400:
        raise ValueError("num_days must be between 1 and 400")
    rng = random.Random(seed)
    first = dt.date.fromisoformat(start)
    dates = [first + dt.timedelta(days=k) for k in range(num_days)]
    last = dates[-1]
    num_shops = max(1, round(num_employees / PEOPLE_PER_SHOP))
    holidays = _holidays(first, last)
    festivals = _festivals(dates)
    people = _people(num_employees, num_shops, rng)

    employees: list[dict[str, Any]] = []
    for i, person in enumerate(people):
        profile = person.profile
        offset = (i * 3 + seed) % 7  # spread the last day off over the week
        history = list(profile.history[offset:] + profile.history[:offset])
        emp: dict[str, Any] = {"id": person.id, "name": person.name, "skills": person.skills,
                               "history": history}
        if profile.shifts is not None:
            emp["shifts"] = list(profile.shifts)
        if profile.part_time:
            emp.update(min_hours_per_week=20, max_hours_per_week=33, contract_hours_per_week=30)
        else:
            emp.update(min_hours_per_week=40, max_hours_per_week=54)
        employees.append(emp)

    # a few leave periods, at most one per person
    leave: list[dict[str, Any]] = []
    on_leave: dict[str, set[dt.date]] = {}
    for person in rng.sample(people, k=min(len(people), max(1, num_employees // 25))):
        length = rng.choice((1, 2, 3, 3, 5, 7))
        begin = rng.randrange(num_days)
        end = min(num_days - 1, begin + length - 1)
        leave.append({"employee": person.id, "start": dates[begin].isoformat(),
                      "end": dates[end].isoformat(), "reason": rng.choice(LEAVE_REASONS)})
        on_leave[person.id] = set(dates[begin:end + 1])

    day_off_wishes: list[dict[str, Any]] = []
    seen_day: set[tuple[str, dt.date]] = set()
    for _ in range(round(num_employees * num_days / 84)):
        person = rng.choice(people)
        date = rng.choice(dates)
        if (person.id, date) in seen_day or date in on_leave.get(person.id, set()):
            continue
        seen_day.add((person.id, date))
        wish: dict[str, Any] = {"employee": person.id, "date": date.isoformat()}
        if rng.random() < 0.2:
            wish["weight"] = 500
        day_off_wishes.append(wish)

    shift_wishes: list[dict[str, Any]] = []
    seen_shift: set[tuple[str, dt.date]] = set()
    for _ in range(round(num_employees * num_days / 126)):
        person = rng.choice(people)
        date = rng.choice(dates)
        key = (person.id, date)
        if key in seen_shift or key in seen_day or date in on_leave.get(person.id, set()):
            continue
        seen_shift.add(key)
        allowed = person.profile.shifts or SHIFT_IDS
        want = len(allowed) == 1 or rng.random() < 0.8
        shift_wishes.append({"employee": person.id, "date": date.isoformat(),
                             "shift": rng.choice(allowed), "want": want})

    data: dict[str, Any] = {
        "name": f"Generated team: {num_employees} people, {num_shops} shop(s),"
                f" {num_days} days (seed {seed})",
        "horizon": {"start": first.isoformat(), "num_days": num_days},
        "shifts": [dict(s) for s in SHIFTS],
        "employees": employees,
        "coverage": _coverage(people, num_shops, holidays, festivals),
        "calendar": {"holidays": [d.isoformat() for d in holidays]},
        "leave": leave,
        "day_off_wishes": day_off_wishes,
        "shift_wishes": shift_wishes,
        "rules": {"max_consecutive_work_days": 6, "min_days_off_per_week": 1,
                  "min_rest_hours": 11},
    }
    scenario = Scenario.model_validate(data)
    log.info("generated %s: %d coverage rules, %d leave, %d day-off and %d shift wishes",
             scenario.name, len(scenario.coverage), len(leave), len(day_off_wishes),
             len(shift_wishes))
    return scenario


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write a generated scenario as YAML (or JSON by suffix).

    Parameters
    ----------
    argv
        Arguments without the program name; ``sys.argv[1:]`` when None.

    Returns
    -------
    int
        Process exit code.
    """
    from scheduler.io import save_scenario

    parser = argparse.ArgumentParser(description="Generate a large rostering scenario.")
    parser.add_argument("num_employees", type=int, help="team size, e.g. 300")
    parser.add_argument("num_days", type=int, help="horizon length in days, e.g. 42")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--start", default="2026-11-02", help="first day (default 2026-11-02)")
    parser.add_argument("--out", type=Path, required=True, help="scenario file to write")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what was generated")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        scenario = generate_team(args.num_employees, args.num_days, seed=args.seed,
                                 start=args.start)
    except ValueError as exc:
        parser.error(str(exc))
    path = save_scenario(scenario, args.out)
    print(f"wrote {path}: {len(scenario.employees)} people, {scenario.horizon.num_days} days,"
          f" {len(scenario.coverage)} coverage rules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
