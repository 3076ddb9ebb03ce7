"""Staffing from chat volume: Erlang C / A values, monotonicity, forecast, bad input."""

from __future__ import annotations

import ast
import datetime as dt
import math
from decimal import Decimal, getcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from scheduler.staffing import (
    PLATFORM_PRESETS,
    Demand,
    DemandDataError,
    ServiceParams,
    average_speed_of_answer,
    demand_forecast,
    erlang_b,
    erlang_c,
    forecast_from_history,
    load_history,
    predicted_service,
    queue_metrics,
    required_agents,
    service_level,
    staffing_table,
)

SAMPLE = ROOT / "scenarios" / "data" / "pdd_chat_history.csv"
MONDAY = dt.date(2026, 11, 2)
getcontext().prec = 40


# --- independent slow computations -----------------------------------------------------


def exact_erlang_c(load: Fraction, servers: int) -> Fraction:
    """Erlang C from its textbook definition, in exact fractions (no recursion)."""
    term = Fraction(1)
    below = Fraction(0)
    for k in range(servers):
        below += term
        term = term * load / (k + 1)  # term is now load^(k+1) / (k+1)!
    top = term * servers / (servers - load)
    return top / (below + top)


def exact_service_level(load: Fraction, servers: int, target: Fraction, aht: Fraction) -> Decimal:
    c = exact_erlang_c(load, servers)
    exponent = -(servers - load) * target / aht
    decay = Decimal(exponent.numerator) / Decimal(exponent.denominator)
    return 1 - Decimal(c.numerator) / Decimal(c.denominator) * decay.exp()


def as_float(value: Fraction | Decimal) -> float:
    return float(value)


def birth_death(load: float, servers: int, aht: float, patience: float,
                states: int = 400) -> tuple[np.ndarray, float, float]:
    """Stationary law of M/M/n+M by its balance equations, P(wait), P(abandon)."""
    lam, mu, theta = load / aht, 1 / aht, 1 / patience
    logs = [0.0]
    for k in range(1, states):
        logs.append(logs[-1] + math.log(lam / (min(k, servers) * mu
                                               + max(k - servers, 0) * theta)))
    p = np.exp(np.array(logs) - max(logs))
    p /= p.sum()
    queue = sum((k - servers) * p[k] for k in range(servers, states))
    return p, float(p[servers:].sum()), theta * queue / lam


def tagged_customer(load: float, servers: int, aht: float, patience: float,
                    limit: float) -> tuple[float, float]:
    """Share answered within ``limit`` and mean wait of answered chats, from the states.

    A chat finding ``i`` chats ahead moves up at rate ``n mu + i theta`` and leaves at rate
    ``theta``; the answered-within probability is integrated with RK4 steps of 0.01 s, the
    mean wait from the first-step equations.
    """
    p, _, _ = birth_death(load, servers, aht, patience)
    mu, theta = 1 / aht, 1 / patience
    ahead = len(p) - servers
    gen = np.zeros((ahead + 2, ahead + 2))
    served, left = ahead, ahead + 1
    for i in range(ahead):
        rate = servers * mu + i * theta
        gen[i, served if i == 0 else i - 1] += rate
        gen[i, left] += theta
        gen[i, i] = -(rate + theta)
    u = np.zeros(ahead + 2)
    u[served] = 1.0
    steps = round(limit / 0.01)
    h = limit / steps
    for _ in range(steps):
        k1 = gen @ u
        k2 = gen @ (u + h / 2 * k1)
        k3 = gen @ (u + h / 2 * k2)
        k4 = gen @ (u + h * k3)
        u = u + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    within = p[:servers].sum() + float(p[servers:] @ u[:ahead])
    g_prev, f_prev, wait_sum, answered = 1.0, 0.0, 0.0, p[:servers].sum()
    for i in range(ahead):
        rate = servers * mu + i * theta
        g = rate / (rate + theta) * g_prev
        f = g / (rate + theta) + rate / (rate + theta) * f_prev
        wait_sum += p[servers + i] * f
        answered += p[servers + i] * g
        g_prev, f_prev = g, f
    return float(within), float(wait_sum / answered)


# --- published worked examples ---------------------------------------------------------


def test_erlang_c_example_360_calls_55_agents() -> None:
    # Westbay Engineers' step-by-step "Erlang-C formula" page: 360 calls per half hour,
    # average call duration 4 minutes, 55 agents, target answer time 15 seconds.
    # Traffic 48 Erlangs, occupancy 87.3%, probability of waiting 0.2387, ASA 8.18 s,
    # 84.6% answered within 15 s (figures recomputed here in exact arithmetic).
    load = Fraction(360 * 240, 1800)
    assert load == 48
    c = exact_erlang_c(load, 55)
    sl = exact_service_level(load, 55, Fraction(15), Fraction(240))
    asa = c * 240 / (55 - load)
    assert erlang_c(48, 55) == pytest.approx(as_float(c), rel=1e-12)
    assert as_float(c) == pytest.approx(0.2387, abs=5e-5)
    assert service_level(48, 55, 15, 240) == pytest.approx(as_float(sl), rel=1e-12)
    assert as_float(sl) == pytest.approx(0.846, abs=5e-4)
    assert average_speed_of_answer(48, 55, 240) == pytest.approx(as_float(asa), rel=1e-12)
    assert as_float(asa) == pytest.approx(8.18, abs=5e-3)
    assert queue_metrics(48, 55, 240, []).occupancy == pytest.approx(48 / 55)


def test_erlang_c_example_100_calls_80_in_20() -> None:
    # Call Centre Helper's "Erlang C formula - made simple" example: 100 calls in 30
    # minutes, AHT 180 s, 80% of calls answered within 20 s. Traffic 10 Erlangs; 13 agents
    # give 79.6% (not enough), 14 agents give 88.8% with a probability of waiting of
    # 0.1741 and an ASA of 7.8 s, so 14 agents are needed (raw, before shrinkage).
    load = Fraction(100 * 180, 1800)
    for agents, share in ((13, 0.7956), (14, 0.8884)):
        sl = exact_service_level(load, agents, Fraction(20), Fraction(180))
        assert service_level(10, agents, 20, 180) == pytest.approx(as_float(sl), rel=1e-12)
        assert as_float(sl) == pytest.approx(share, abs=5e-5)
    c14 = exact_erlang_c(load, 14)
    assert erlang_c(10, 14) == pytest.approx(as_float(c14), rel=1e-12)
    assert as_float(c14) == pytest.approx(0.1741, abs=5e-5)
    assert average_speed_of_answer(10, 14, 180) == pytest.approx(
        as_float(c14 * 180 / (14 - load)), rel=1e-12)
    params = ServiceParams(aht_seconds=180, target_seconds=20, target_share=0.8)
    assert required_agents([100], 30, params).tolist() == [14]
    # With 30% shrinkage the roster needs ceil(14 / 0.7) = 20 agents.
    shrunk = params.model_copy(update={"shrinkage": 0.3})
    assert required_agents([100], 30, shrunk).tolist() == [20]
    # An 85% occupancy cap does not bind (10 / 14 = 71%), a 70% cap needs 15 agents.
    assert required_agents([100], 30, params.model_copy(update={"max_occupancy": 0.85})
                           ).tolist() == [14]
    assert required_agents([100], 30, params.model_copy(update={"max_occupancy": 0.7})
                           ).tolist() == [15]


def test_textbook_two_server_queue() -> None:
    # Hillier & Lieberman, Introduction to Operations Research, County Hospital emergency
    # room: arrivals 2 per hour, service rate 3 per hour (20 min each). With 2 doctors
    # P0 = 1/2, Lq = 1/12, Wq = 1/24 hour; with 1 doctor Wq = 2/3 hour.
    load = Fraction(2, 3)
    assert exact_erlang_c(load, 2) == Fraction(1, 6)  # = Wq x (2 mu - lambda) = 1/24 x 4
    assert erlang_c(2 / 3, 2) == pytest.approx(1 / 6, rel=1e-13)
    assert average_speed_of_answer(2 / 3, 2, 1200) == pytest.approx(3600 / 24, rel=1e-12)
    assert average_speed_of_answer(2 / 3, 1, 1200) == pytest.approx(3600 * 2 / 3, rel=1e-12)
    assert erlang_c(2 / 3, 1) == pytest.approx(2 / 3)  # M/M/1: P(wait) = utilisation


def test_erlang_b_table_values() -> None:
    # Erlang B tables: 10 Erlangs on 10 lines block 21.46%; 5 Erlangs on 10 lines 1.84%.
    def exact_b(load: Fraction, lines: int) -> Fraction:
        terms = [Fraction(1)]
        for k in range(1, lines + 1):
            terms.append(terms[-1] * load / k)
        return terms[-1] / sum(terms)

    assert erlang_b([10, 5], 10) == pytest.approx(
        [float(exact_b(Fraction(10), 10)), float(exact_b(Fraction(5), 10))], rel=1e-12)
    assert erlang_b(10, 10) == pytest.approx(0.2146, abs=5e-5)
    assert erlang_b(5, 10) == pytest.approx(0.0184, abs=5e-5)


def test_vectorised_values_match_exact_arithmetic() -> None:
    loads = [0.5, 3.25, 7.0, 19.9, 42.0]
    servers = [2, 5, 9, 25, 50]
    expected = [float(exact_erlang_c(Fraction(a), n)) for a, n in zip(loads, servers, strict=True)]
    assert erlang_c(loads, servers) == pytest.approx(expected, rel=1e-11)
    # Unstable or empty queues: everyone waits and no one is answered in time.
    assert erlang_c([5.0, 5.0], [5, 4]).tolist() == [1.0, 1.0]
    assert service_level([5.0, 5.0], [5, 4], 20, 180).tolist() == [0.0, 0.0]
    assert np.isinf(average_speed_of_answer(5.0, 5, 180))
    # Without chats nobody waits, even with nobody online.
    assert service_level([0.0, 0.0], [0, 3], 20, 180).tolist() == [1.0, 1.0]
    assert service_level([0.0, 0.0], [0, 3], 20, 180, 60).tolist() == [1.0, 1.0]
    assert erlang_c(0.0, 0) == 0.0


def test_required_agents_is_smallest_meeting_target() -> None:
    params = ServiceParams(aht_seconds=240, target_seconds=30, target_share=0.9)
    chats = np.array([1, 7, 40, 133.5, 600])
    got = required_agents(chats, 15, params)
    for count, need in zip(chats, got, strict=True):
        load = Fraction(count).limit_denominator(10) * 240 / 900
        assert exact_service_level(load, int(need), Fraction(30), Fraction(240)) >= Decimal("0.9")
        if need - 1 > load:
            assert exact_service_level(load, int(need) - 1, Fraction(30),
                                       Fraction(240)) < Decimal("0.9")


def test_requirement_just_above_the_load() -> None:
    # 318 chats per 30 min at 60 s = 10.6 Erlangs, 70% within 180 s: 11 agents give 73.9%
    # (a search starting at round(load + 1) = 12 would miss it).
    load = Fraction(318 * 60, 1800)
    assert exact_service_level(load, 11, Fraction(180), Fraction(60)) > Decimal("0.7")
    params = ServiceParams(aht_seconds=60, target_seconds=180, target_share=0.7)
    assert required_agents([318], 30, params).tolist() == [11]


def test_concurrency_pools_agent_slots() -> None:
    # N agents at concurrency c are N x c servers: the requirement is the smallest
    # multiple of c servers meeting the target.
    single = ServiceParams(aht_seconds=600, target_seconds=60, target_share=0.8)
    chats = np.arange(0, 400, 13.0)
    slots = required_agents(chats, 30, single)
    for c in (3, 4, 5):
        agents = required_agents(chats, 30, single.model_copy(update={"concurrency": c}))
        assert agents.tolist() == [math.ceil(s / c) for s in slots]


# --- Erlang A ---------------------------------------------------------------------------


@pytest.mark.parametrize(("load", "servers", "aht", "patience", "limit"), [
    (10.0, 11, 180.0, 60.0, 20.0),
    (10.0, 9, 180.0, 120.0, 20.0),  # fewer servers than the load: abandonment keeps it stable
    (30.0, 28, 240.0, 90.0, 30.0),
    (2.0, 4, 100.0, 1000.0, 10.0),
])
def test_erlang_a_matches_birth_death_chain(load: float, servers: int, aht: float,
                                            patience: float, limit: float) -> None:
    _, wait, abandon = birth_death(load, servers, aht, patience)
    within, asa = tagged_customer(load, servers, aht, patience, limit)
    m = queue_metrics(load, servers, aht, [limit], patience)
    assert m.wait_probability == pytest.approx(wait, rel=1e-9)
    assert m.abandon_probability == pytest.approx(abandon, rel=1e-9)
    assert m.within[limit] == pytest.approx(within, rel=1e-7)
    assert m.asa_seconds == pytest.approx(asa, rel=1e-9)


def test_erlang_a_tends_to_erlang_c_with_endless_patience() -> None:
    a = service_level(10, 14, 20, 180, patience_seconds=1e6)
    assert a == pytest.approx(service_level(10, 14, 20, 180), abs=1e-4)


def test_erlang_a_needs_no_more_agents_than_erlang_c() -> None:
    base = ServiceParams(aht_seconds=300, concurrency=4, target_seconds=180, target_share=0.8)
    chats = np.arange(0, 400, 7.0)
    c = required_agents(chats, 30, base)
    a = required_agents(chats, 30, base.model_copy(update={"patience_seconds": 240}))
    assert np.all(a <= c + 1)


# --- monotonicity ------------------------------------------------------------------------

params_strategy = st.builds(
    ServiceParams,
    aht_seconds=st.floats(30, 1200),
    concurrency=st.integers(1, 5),
    target_seconds=st.floats(0, 300),
    target_share=st.floats(0.5, 0.95),
    patience_seconds=st.none() | st.floats(30, 900),
    shrinkage=st.floats(0, 0.4),
    max_occupancy=st.floats(0.6, 1.0),
)


@settings(max_examples=40, deadline=None)
@given(params=params_strategy, chats=st.lists(st.floats(0, 500), min_size=1, max_size=20),
       interval=st.sampled_from([15, 30, 60]))
def test_more_chats_never_need_fewer_agents(params: ServiceParams, chats: list[float],
                                            interval: int) -> None:
    ordered = np.sort(np.array(chats))
    need = required_agents(ordered, interval, params)
    assert np.all(np.diff(need) >= 0)
    assert np.all(need >= 0)


@settings(max_examples=40, deadline=None)
@given(params=params_strategy, chats=st.floats(0, 500),
       scheduled=st.lists(st.floats(0, 60), min_size=1, max_size=15))
def test_more_agents_never_predict_worse_service(params: ServiceParams, chats: float,
                                                 scheduled: list[float]) -> None:
    agents = np.sort(np.array(scheduled))
    forecast = pd.DataFrame({"date": MONDAY, "interval_start": "20:00", "skill": "s",
                             "chats": chats, "interval_minutes": 30}, index=range(len(agents)))
    rows = predicted_service(forecast, agents, params).intervals
    for column in ("within_target", "within_3min"):
        assert np.all(np.diff(rows[column].to_numpy()) >= -1e-12)
    asa = rows["asa_seconds"].to_numpy()
    finite = asa[np.isfinite(asa)]
    assert np.all(np.diff(finite) <= 1e-9 * (1 + finite[:-1]))


def test_prediction_at_the_requirement_meets_the_target() -> None:
    params = ServiceParams(aht_seconds=420, concurrency=3, target_seconds=60, target_share=0.85,
                           shrinkage=0.25)
    demand = Demand(skill="s", service=params, forecast={"daily": list(np.linspace(0, 300, 48))})
    table = staffing_table(demand.forecast_frame(MONDAY, 1), [demand])
    rows = predicted_service(table, table["required"], params).intervals
    busy = rows["chats"] > 0
    assert np.all(rows.loc[busy, "within_target"] >= 0.85 - 1e-12)


# --- large traffic ----------------------------------------------------------------------


def test_thousands_of_erlangs_do_not_overflow() -> None:
    with np.errstate(all="raise"):
        c = erlang_c(5000.0, [5001, 5050, 5100, 5200])
        assert np.all(np.isfinite(c)) and np.all((c >= 0) & (c <= 1))
        assert np.all(np.diff(c) < 0)
        assert erlang_b(10_000.0, 10_000) == pytest.approx(0.0079, abs=5e-4)
    params = ServiceParams(aht_seconds=300, target_seconds=20, target_share=0.8)
    need = int(required_agents([5000 * 1800 / 300], 30, params)[0])
    assert 5000 < need < 5100
    assert service_level(5000, need, 20, 300) >= 0.8 > service_level(5000, need - 1, 20, 300)
    abandon = params.model_copy(update={"patience_seconds": 120})
    need_a = int(required_agents([5000 * 1800 / 300], 30, abandon)[0])
    assert 0 < need_a <= need
    m = queue_metrics(5000.0, need_a, 300, [20], 120)
    assert m.within[20.0] >= 0.8 and np.isfinite(m.asa_seconds)


# --- forecast ----------------------------------------------------------------------------


def pattern(weekday: int, slot: int) -> float:
    """The generating pattern: a lunch and an evening peak, busier weekends."""
    hour = slot / 2
    return ((1 + 0.3 * (weekday >= 5)) * (5 + 20 * math.exp(-((hour - 12.5) ** 2))
                                          + 40 * math.exp(-((hour - 21) ** 2) / 2)))


def write_counts(path: Path, days: list[dt.date], noise: np.random.Generator | None) -> None:
    lines = ["interval_start,chats"]
    for day in days:
        for slot in range(48):
            mean = pattern(day.weekday(), slot)
            value = noise.poisson(mean) if noise is not None else mean
            stamp = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=30 * slot)
            lines.append(f"{stamp:%Y-%m-%d %H:%M},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_forecast_recovers_pattern_with_missing_days(tmp_path: Path) -> None:
    start = dt.date(2026, 9, 7)  # Monday; four weeks of history
    days = [start + dt.timedelta(days=i) for i in range(28)]
    gone = {days[2], days[9], days[10], days[26]}  # two Wednesdays, a Thursday, a Saturday
    path = tmp_path / "counts.csv"
    write_counts(path, [d for d in days if d not in gone], None)
    counts = load_history(path, 30)
    forecast = forecast_from_history(counts, MONDAY, 14, 30, "s", weeks=4)
    for date, start_text, chats in zip(forecast["date"], forecast["interval_start"],
                                       forecast["chats"], strict=True):
        slot = int(start_text[:2]) * 2 + int(start_text[3:]) // 30
        assert chats == pytest.approx(pattern(date.weekday(), slot), rel=1e-9)


def test_forecast_from_noisy_timestamps_is_close(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    start = dt.date(2026, 6, 1)  # 16 weeks of chats, one timestamp per chat
    lines = ["timestamp,skill"]
    for i in range(16 * 7):
        day = start + dt.timedelta(days=i)
        for slot in range(48):
            for _ in range(rng.poisson(pattern(day.weekday(), slot))):
                moment = (dt.datetime.combine(day, dt.time())
                          + dt.timedelta(seconds=1800 * slot + int(rng.integers(1800))))
                lines.append(f"{moment:%Y-%m-%d %H:%M:%S},a")
    path = tmp_path / "chats.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = load_history(path, 30, skill="a")
    forecast = forecast_from_history(counts, MONDAY, 7, 30, "a", weeks=16)
    truth = np.array([pattern(date.weekday(), i % 48)
                      for i, date in enumerate(forecast["date"])])
    error = np.abs(forecast["chats"].to_numpy() - truth)
    # weekday x interval means over 16 weeks: standard error sqrt(mean / 16)
    assert np.all(error <= 5 * np.sqrt(truth / 16) + 0.5)
    # and at 60-minute intervals the same history sums pairs of half hours
    hourly = forecast_from_history(load_history(path, 60, skill="a"), MONDAY, 1, 60, "a",
                                   weeks=16)
    half = forecast[forecast["date"] == MONDAY]["chats"].to_numpy()
    assert hourly["chats"].to_numpy() == pytest.approx(half[0::2] + half[1::2])


def test_multipliers_and_excluded_days(tmp_path: Path) -> None:
    start = dt.date(2026, 10, 5)
    days = [start + dt.timedelta(days=i) for i in range(28)]
    path = tmp_path / "counts.csv"
    write_counts(path, days, None)
    # a past festival at ten times normal volume is excluded from the averages
    text = path.read_text(encoding="utf-8").replace("2026-10-14 20:00,",
                                                    "2026-10-14 20:00,1000")
    path.write_text(text, encoding="utf-8")
    counts = load_history(path, 30)
    peak = dt.date(2026, 11, 11)
    forecast = forecast_from_history(counts, dt.date(2026, 11, 9), 7, 30, "s",
                                     multipliers={peak: 3.0, "2026-11-12": 1.5},
                                     exclude=[dt.date(2026, 10, 14)])
    by_day = forecast.groupby("date")["chats"].sum()
    normal = sum(pattern(2, s) for s in range(48))
    assert by_day[peak] == pytest.approx(3 * normal)
    assert by_day[dt.date(2026, 11, 12)] == pytest.approx(1.5 * normal)
    assert by_day[dt.date(2026, 11, 10)] == pytest.approx(sum(pattern(1, s) for s in range(48)))


def test_inline_forecast_table() -> None:
    demand = Demand(skill="tm", platform="tmall", service={"aht_seconds": 200},
                    interval_minutes=60,
                    forecast={"daily": {"09:00": 10, "20:00": 30}, "sat": [5.0] * 24,
                              "2026-11-11": {"20:00": 300}})
    frame = demand.forecast_frame(MONDAY, 14)
    assert list(frame.columns) == ["date", "interval_start", "skill", "chats",
                                   "interval_minutes"]
    assert len(frame) == 14 * 24
    day = frame.set_index(["date", "interval_start"])["chats"]
    assert day[(MONDAY, "20:00")] == 30 and day[(MONDAY, "21:00")] == 0
    assert day[(dt.date(2026, 11, 7), "03:00")] == 5
    assert day[(dt.date(2026, 11, 11), "20:00")] == 300
    assert day[(dt.date(2026, 11, 11), "09:00")] == 0
    assert demand.service.target_seconds == 60 and demand.service.target_share == 0.8


def test_forecast_table_read_from_yaml() -> None:
    # unquoted 12:30 is a base-60 integer to YAML 1.1; the demand reads it back as a time
    from scheduler.io import parse_text

    data = parse_text("skill: a\nplatform: jd\nservice: {aht_seconds: 200}\n"
                      "forecast:\n  daily: {08:00: 3, 12:30: 5, 20:00: 7}\n"
                      "  2026-11-11: {20:00: 70}\n", "demand.yaml")
    frame = Demand.model_validate(data).forecast_frame(dt.date(2026, 11, 10), 2)
    chats = frame.set_index(["date", "interval_start"])["chats"]
    assert chats[(dt.date(2026, 11, 10), "12:30")] == 5
    assert chats[(dt.date(2026, 11, 10), "08:00")] == 3
    assert chats[(dt.date(2026, 11, 11), "20:00")] == 70


def test_sample_history_has_lunch_and_evening_peaks() -> None:
    demands = [Demand(skill=s, platform="pinduoduo", history="data/pdd_chat_history.csv",
                      service={"aht_seconds": 360, "concurrency": 4}, service_hours=hours)
               for s, hours in (("pdd_home", "08:00-23:00"), ("pdd_kids", "00:00-24:00"))]
    forecast = demand_forecast(demands, MONDAY, 28, {dt.date(2026, 11, 11): 4.0},
                               base_dir=ROOT / "scenarios")
    table = staffing_table(forecast, demands)
    for skill in ("pdd_home", "pdd_kids"):
        rows = table[(table["skill"] == skill) & (table["date"] == MONDAY)]
        chats = rows.set_index("interval_start")["chats"]
        assert chats["12:00"] > 1.5 * chats["10:00"]
        assert chats["20:30"] > 2 * chats["16:00"] > 0
    home = table[table["skill"] == "pdd_home"]
    assert home.loc[~home["open"], "required"].eq(0).all()
    assert home.loc[home["open"], "interval_start"].min() == "08:00"
    kids = table[table["skill"] == "pdd_kids"]
    assert kids["open"].all()
    peak = table[table["date"] == dt.date(2026, 11, 11)]["required"].sum()
    assert peak > 2.5 * table[table["date"] == dt.date(2026, 11, 4)]["required"].sum()


# --- staffing table and predicted service -------------------------------------------------


def test_staffing_table_service_hours_and_minimum() -> None:
    params = ServiceParams(aht_seconds=300, concurrency=4, target_seconds=180, target_share=0.8,
                           min_agents=1)
    demand = Demand(skill="ks", service=params, service_hours=["23:00-08:00"],
                    forecast={"daily": [2.0] * 48})
    table = staffing_table(demand.forecast_frame(MONDAY, 1), [demand])
    hours = table.set_index("interval_start")
    assert hours.loc["23:30", "open"] and hours.loc["03:00", "open"]
    assert hours.loc["07:30", "open"] and not hours.loc["08:00", "open"]
    assert hours.loc[hours["open"], "required"].eq(1).all()
    assert hours.loc[~hours["open"], "required"].eq(0).all()
    with pytest.raises(ValueError, match="no demand describes it"):
        staffing_table(table.assign(skill="other"), [demand])


def test_daily_summary_platform_rules() -> None:
    params = ServiceParams(aht_seconds=300, concurrency=4, target_seconds=180, target_share=0.7)
    demand = Demand(skill="p", service=params, forecast={"daily": [10.0] * 48})
    forecast = demand.forecast_frame(MONDAY, 2)
    hours = forecast["interval_start"].str[:2].astype(int)
    # day 1: two agents 06:00-22:00 (16 h online); day 2: nobody 08:00-18:00
    first = (forecast["date"] == MONDAY) & (hours >= 6) & (hours < 22)
    second = (forecast["date"] != MONDAY) & ((hours < 8) | (hours >= 18))
    scheduled = np.where(first | second, 2.0, 0.0)
    days = predicted_service(forecast, scheduled, {"p": params}).days.set_index("date")
    one, two = days.loc[MONDAY], days.loc[MONDAY + dt.timedelta(days=1)]
    assert one["online_hours"] == 16 and one["kuaishou_online_ok"]
    assert two["online_hours"] == 14 and not two["kuaishou_online_ok"]
    # 08:00-23:00 holds 30 intervals of 10 chats: 300 buyers in the Pinduoduo window
    assert one["pdd_window_chats"] == 300 == two["pdd_window_chats"]
    assert one["pdd_effective_rate"] > 0.8 and one["pdd_one_hour_ok"]  # 22:00-23:00 unanswered
    assert two["pdd_effective_rate"] == pytest.approx(10 / 30, abs=1e-9)
    assert not two["pdd_one_hour_ok"]
    assert one["reply_rate_3min"] == pytest.approx(32 / 48, abs=0.01)
    assert not one["kuaishou_rate_ok"]
    # a frame of scheduled agents instead of an aligned array gives the same
    frame = forecast.assign(scheduled=scheduled)[["date", "interval_start", "skill",
                                                   "scheduled"]]
    again = predicted_service(forecast, frame[frame["scheduled"] > 0], params).days
    pd.testing.assert_frame_equal(again.set_index("date"), days)


# --- bad input ---------------------------------------------------------------------------


def message(exc: pytest.ExceptionInfo[BaseException]) -> str:
    return str(exc.value)


@pytest.mark.parametrize(("data", "needle"), [
    ({"aht_seconds": 0, "target_seconds": 20, "target_share": 0.8}, "aht_seconds"),
    ({"aht_seconds": 60, "target_seconds": 20, "target_share": 1.0}, "target_share"),
    ({"aht_seconds": 60, "target_seconds": 20, "target_share": 0.8, "concurrency": 0},
     "concurrency"),
    ({"aht_seconds": 60, "target_seconds": 20, "target_share": 0.8, "shrinkage": 1},
     "shrinkage"),
    ({"aht_seconds": 60, "target_share": 0.8}, "target_seconds"),
    ({"aht_seconds": 60, "target_seconds": 20, "target_share": 0.8, "speed": 1}, "speed"),
])
def test_bad_service_params(data: dict[str, object], needle: str) -> None:
    with pytest.raises(ValidationError) as exc:
        ServiceParams.model_validate(data)
    assert needle in message(exc)


SERVICE = {"aht_seconds": 300, "concurrency": 4}


@pytest.mark.parametrize(("data", "needle"), [
    ({"skill": "a", "platform": "pinduoduo", "service": SERVICE}, "exactly one of"),
    ({"skill": "a", "platform": "pinduoduo", "service": SERVICE, "history": "x.csv",
      "forecast": {"daily": {}}}, "exactly one of"),
    ({"skill": "a", "platform": "wechat", "service": SERVICE, "history": "x.csv"}, "platform"),
    ({"skill": "a", "service": SERVICE, "history": "x.csv"}, "target_seconds"),
    ({"skill": "a", "platform": "jd", "service": SERVICE, "history": "x.csv",
      "interval_minutes": 20}, "interval_minutes"),
    ({"skill": "a", "platform": "jd", "service": SERVICE, "history": "x.csv",
      "service_hours": "08:00-25:00"}, "08:00-25:00"),
    ({"skill": "a", "platform": "jd", "service": SERVICE, "history": "x.csv",
      "service_hours": "08:00"}, "HH:MM-HH:MM"),
    ({"skill": "a", "platform": "jd", "service": SERVICE,
      "forecast": {"mon": {"08:00": 1}}}, "missing tue"),
    ({"skill": "a", "platform": "jd", "service": SERVICE,
      "forecast": {"someday": {"08:00": 1}}}, "'someday'"),
    ({"skill": "a", "platform": "jd", "service": SERVICE,
      "forecast": {"daily": {"08:15": 1}}}, "08:15"),
    ({"skill": "a", "platform": "jd", "service": SERVICE,
      "forecast": {"daily": [1.0] * 47}}, "(48), got 47"),
    ({"skill": "a", "platform": "jd", "service": SERVICE,
      "forecast": {"daily": {"08:00": -1}}}, "greater than or equal to 0"),
])
def test_bad_demand(data: dict[str, object], needle: str) -> None:
    with pytest.raises(ValidationError) as exc:
        Demand.model_validate(data)
    assert needle in message(exc)


@pytest.mark.parametrize(("text", "needle"), [
    ("timestamp\n2026-10-05 08:00:01\nyesterday\n",
     "row 3, column 'timestamp': 'yesterday' is not a date and time"),
    ("interval_start,chats\n2026-10-05 08:00,3\n2026-10-05 08:30,many\n",
     "row 3, column 'chats': 'many' is not a number of chats"),
    ("interval_start,chats\n2026-10-05 08:00,-2\n", "row 2, column 'chats'"),
    ("interval_start,chats\n2026-10-05 08:00,2\n\n2026-10-05 08:30,x\n",
     "row 4, column 'chats'"),
    ("interval_start,chats\n2026-10-05 08:00,3,4\n", "row 2: has 3 fields, the header has 2"),
    ("when,count\n2026-10-05 08:00,3\n", "row 1: needs a 'timestamp' column"),
    ("", "is empty"),
    ("timestamp\n", "has no data rows"),
    ("interval_start,chats\n2026-10-05 08:00,3\n2026-10-05 09:00,4\n",
     "column 'interval_start': holds 60-minute intervals, coarser than the demand's 30"),
    ("skill,timestamp\nb,2026-10-05 08:00:01\n", "column 'skill': has no rows for skill 'a'"),
])
def test_bad_history_files_name_file_row_and_column(tmp_path: Path, text: str,
                                                    needle: str) -> None:
    path = tmp_path / "history.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DemandDataError) as exc:
        load_history(path, 30, skill="a")
    assert message(exc).startswith(str(path))
    assert needle in message(exc)


def test_missing_history_file(tmp_path: Path) -> None:
    with pytest.raises(DemandDataError, match="cannot read the file"):
        load_history(tmp_path / "nope.csv", 30)


def test_bad_arguments() -> None:
    params = ServiceParams(aht_seconds=60, target_seconds=20, target_share=0.8)
    with pytest.raises(ValueError, match="chats must be finite"):
        required_agents([1, -1], 30, params)
    with pytest.raises(ValueError, match="servers must be whole"):
        erlang_c(3.0, 2.5)
    forecast = pd.DataFrame({"date": [MONDAY], "interval_start": ["08:00"], "skill": ["a"],
                             "chats": [1.0], "interval_minutes": [30]})
    with pytest.raises(ValueError, match="scheduled has 2 values for 1 forecast rows"):
        predicted_service(forecast, [1, 2], params)
    with pytest.raises(ValueError, match="no service parameters for skill 'a'"):
        predicted_service(forecast, [1], {"b": params})


# --- house rules --------------------------------------------------------------------------


def test_presets_cover_the_platforms() -> None:
    assert set(PLATFORM_PRESETS) == {"pinduoduo", "kuaishou", "tmall", "taobao", "jd"}
    assert PLATFORM_PRESETS["kuaishou"].target_share == 0.7
    assert PLATFORM_PRESETS["kuaishou"].target_seconds == 180
    assert PLATFORM_PRESETS["tmall"].target_seconds == 60


def test_module_is_pure() -> None:
    tree = ast.parse((ROOT / "scheduler" / "staffing.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module if node.module.startswith("scheduler") else
                 node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= {"__future__", "csv", "datetime", "itertools", "math", "re", "collections",
                        "dataclasses", "pathlib", "typing", "numpy", "pandas", "pydantic",
                        "scheduler.clock"}
