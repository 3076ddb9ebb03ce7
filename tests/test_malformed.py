"""The scenario loader never crashes: any input gives a Scenario or a ScenarioError.

Valid scenarios are mutated at random (keys deleted, values of the wrong type, unknown
keys, unknown ids, empty lists, bad dates) and fed to :func:`scheduler.io.scenario_from_dict`
and, written as YAML and JSON files, to :func:`scheduler.io.load_scenario`. Random bytes
and text must give a ScenarioError too. Regression tests for loader bugs found this way
stand at the end.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from scheduler.io import ScenarioError, load_scenario, parse_text, scenario_from_dict
from scheduler.problem import Problem
from scheduler.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
TMALL = ROOT / "scenarios" / "tmall_flagship.yaml"
TMALL_DATA = parse_text(TMALL.read_text(encoding="utf-8"), str(TMALL))

SMALL_DATA: dict[str, Any] = {
    "name": "small",
    "horizon": {"start": dt.date(2026, 11, 2), "num_days": 7},
    "calendar": {"holidays": [dt.date(2026, 11, 4)], "makeup_workdays": [dt.date(2026, 11, 8)]},
    "shifts": [
        {"id": "D", "name": "白班", "family": "day", "segments": ["08:30-12:30", "13:30-17:30"],
         "color": "#FFE699"},
        {"id": "N", "family": "night", "segments": ["23:00-03:00", "03:30-07:30"]},
    ],
    "employees": [
        {"id": "P1", "name": "甲", "skills": ["pre"], "history": ["N", "OFF"],
         "max_shifts": {"N": 2}, "min_hours_per_week": 8, "max_hours_per_week": 48},
        {"id": "P2", "skills": ["pre", "after"], "shifts": ["D"], "min_hours_total": 8},
        {"id": "P3", "contract_hours_per_week": 40},
    ],
    "coverage": [
        {"shift": "D", "min": 1, "target": 2},
        {"shift": "N", "skill": "pre", "min": 1, "min_soft": True, "weekdays": ["sat", "sun"]},
        {"shift": "D", "min": 2, "dates": [dt.date(2026, 11, 5)]},
        {"shift": "N", "min": 0, "target": 1, "day_types": ["holiday"]},
    ],
    "leave": [{"employee": "P3", "start": dt.date(2026, 11, 3), "end": dt.date(2026, 11, 4)}],
    "day_off_wishes": [{"employee": "P1", "date": dt.date(2026, 11, 6), "weight": 10}],
    "shift_wishes": [{"employee": "P2", "date": dt.date(2026, 11, 7), "shift": "D",
                      "want": False}],
    "locks": [{"employee": "P1", "date": dt.date(2026, 11, 2), "shift": "OFF"}],
    "rules": {"max_consecutive_work_days": 5, "min_rest_hours": 11,
              "forbidden_successions": [{"first": "N", "then": "D"}],
              "weights": {"fair_hours": 2}},
}
BASES = {"tmall": TMALL_DATA, "small": SMALL_DATA}

# Wrong-typed and out-of-range values, down to ints of more than 4300 digits and dates
# at the end of the calendar.
BAD_SCALARS: list[Any] = [10**5000, dt.date(9999, 12, 31), dt.date(9999, 12, 25),
    None, True, False, 0, -1, -7, 10**30, -(10**30), 0.5, -0.5, 1e300, float("nan"),
    float("inf"), float("-inf"), "", " ", "x", "2026-02-30", "2026-13-01", "26-1-1",
    "25:99", "24:01", "9:5", "25:99-26:00", "09:00-", "-", "08:00-09:00-10:00", "x" * 300,
    "OFF", "LEAVE", "off", "a,b", "a;b", "a  b", "#zzzzzz", "\x00", "🙂", "null", "[]", "{}",
    dt.date(2000, 1, 1), dt.date(2100, 12, 31), dt.date(1, 1, 1),
]
BAD_CONTAINERS: list[Any] = [
    [], [None], [1, "x"], [[]], [{}], {}, {"x": 1}, {"start": "x", "end": "y"}, {"id": None},
]
bad_values = st.one_of(
    # a fresh copy: later mutations may edit an inserted container in place
    st.sampled_from(BAD_SCALARS + BAD_CONTAINERS).map(copy.deepcopy),
    st.integers(-(10**6), 10**6),
    st.floats(-1e6, 1e6),
    st.text(max_size=12),
    st.lists(st.one_of(st.none(), st.integers(), st.text(max_size=5)), max_size=3),
)
unknown_keys = st.one_of(
    st.sampled_from(["colour", "Employees", "num_day", "id ", "ID", "extra", "__class__",
                     "shift_id", "weights", "0"]),
    st.text(min_size=1, max_size=8),
)
unknown_ids = st.one_of(st.sampled_from(["ghost", "T99", "day2", "Day", "off", "LEAVE "]),
                        st.text(min_size=1, max_size=8))
REFERENCE_FIELDS = ("shift", "skill", "employee", "first", "then")


# ------------------------------------------------------------------ mutation helpers
Path_ = list[str | int]


def _children(node: Any) -> list[str | int]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def _get(root: Any, path: Path_) -> Any:
    for key in path:
        root = root[key]
    return root


def _walk(draw: st.DrawFn, root: Any, want: Callable[[Any], bool]) -> Path_ | None:
    """A random path from the root to a node satisfying ``want`` (None if none is found)."""
    path: Path_ = []
    node = root
    found: Path_ | None = None
    while True:
        if want(node) and path:
            found = list(path)
            if draw(st.sampled_from([True, False, False])):
                return found
        keys = _children(node)
        if not keys:
            return found
        key = draw(st.sampled_from(keys))
        path.append(key)
        node = node[key]


def _all_paths(root: Any, want: Callable[[Any], bool], path: Path_ | None = None) -> list[Path_]:
    path = path or []
    out = [path] if path and want(root) else []
    for key in _children(root):
        out += _all_paths(root[key], want, [*path, key])
    return out


def _set(root: Any, path: Path_, value: Any) -> None:
    _get(root, path[:-1])[path[-1]] = value


def mutate_once(draw: st.DrawFn, data: dict[str, Any]) -> str:
    """Apply one random mutation to ``data`` in place; return a description."""
    kind = draw(st.sampled_from(
        ["delete", "replace", "insert", "unknown_id", "empty_list", "bad_date"]))
    if kind == "delete":
        path = _walk(draw, data, lambda n: isinstance(n, dict) and bool(n))
        if path is None or draw(st.booleans()):
            path = []
        node = _get(data, path)
        key = draw(st.sampled_from(list(node)))
        del node[key]
        return f"delete {[*path, key]}"
    if kind == "replace":
        path = _walk(draw, data, lambda n: True)
        assert path is not None
        value = draw(bad_values)
        _set(data, path, value)
        shown = "a huge int" if isinstance(value, int) and value > 10**100 else repr(value)
        return f"replace {path} = {shown}"
    if kind == "insert":
        path = _walk(draw, data, lambda n: isinstance(n, dict))
        if path is None or draw(st.booleans()):
            path = []
        key = draw(unknown_keys)
        _get(data, path)[key] = draw(bad_values)
        return f"insert {[*path, key]}"
    if kind == "unknown_id":
        refs = _all_paths(data, lambda n: isinstance(n, str))
        refs = [p for p in refs if p[-1] in REFERENCE_FIELDS
                or (len(p) >= 2 and p[-2] in ("shifts", "history") and len(p) >= 3)]
        if not refs:
            return "none"
        path = draw(st.sampled_from(refs))
        _set(data, path, draw(unknown_ids))
        return f"unknown id at {path}"
    if kind == "empty_list":
        lists = _all_paths(data, lambda n: isinstance(n, list))
        if not lists:
            return "none"
        path = draw(st.sampled_from(lists))
        _set(data, path, [])
        return f"empty {path}"
    dates = _all_paths(data, lambda n: isinstance(n, dt.date))
    if not dates:
        return "none"
    path = draw(st.sampled_from(dates))
    value = draw(st.sampled_from([
        "2026-02-30", "2026-13-01", "2026/10/01", "01.10.2026", "yesterday", "", 20261001,
        -1, 10**30, None, dt.date(1999, 12, 31), dt.date(2030, 1, 1), [dt.date(2026, 1, 1)],
    ]).map(copy.deepcopy))
    _set(data, path, value)
    return f"bad date at {path} = {value!r}"


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    base = draw(st.sampled_from(sorted(BASES)))
    data = copy.deepcopy(BASES[base])
    steps = [mutate_once(draw, data) for _ in range(draw(st.integers(1, 3)))]
    return data, [base, *steps]


# ------------------------------------------------------------------ checks
def assert_scenario_or_error(call: Callable[[], Scenario], source: str,
                             need_field: bool = True) -> Scenario | ScenarioError:
    """``call`` returns a Scenario or raises a ScenarioError naming ``source`` (and a field)."""
    try:
        result = call()
    except ScenarioError as exc:
        text = str(exc)
        assert exc.source == source
        assert text.startswith(f"{source}: ")
        assert exc.problems, text
        for problem in exc.problems:
            assert problem.message, text
            assert f"{problem.field or '(scenario)'}: {problem.message}" in text
        if need_field:
            assert any(p.field for p in exc.problems), text
        return exc
    assert isinstance(result, Scenario)
    return result


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {value!r} as JSON")


def _unlimited_digits(dump: Callable[[], str]) -> str:
    """Write huge ints in full (reading them back is what the loader must survive)."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return dump()
    finally:
        sys.set_int_max_str_digits(old)


def as_yaml(data: Any) -> str:
    return _unlimited_digits(lambda: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def as_json(data: Any) -> str:
    return _unlimited_digits(lambda: json.dumps(data, ensure_ascii=False,
                                                default=_json_default))


def _file(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# ------------------------------------------------------------------ the tests
@pytest.mark.parametrize("base", sorted(BASES))
def test_bases_are_valid(tmp_path: Path, base: str) -> None:
    data = copy.deepcopy(BASES[base])
    scenario = scenario_from_dict(data, "base")
    assert scenario.employees and scenario.shifts
    for name, text in (("s.yaml", as_yaml(data)), ("s.json", as_json(data))):
        loaded = load_scenario(_file(tmp_path, name, text))
        assert loaded == scenario


def test_mutations_are_reported_with_their_fields() -> None:
    """The checks used by the random tests see real field paths (sanity check)."""
    data = copy.deepcopy(SMALL_DATA)
    del data["horizon"]["num_days"]
    data["coverage"][0]["min"] = -1
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "here.yaml")
    assert [p.field for p in info.value.problems] == ["horizon.num_days", "coverage[0].min"]

    data = copy.deepcopy(SMALL_DATA)
    data["employees"][1]["shifts"] = ["ghost"]
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "here.yaml")
    assert str(info.value) == (
        "here.yaml: 1 problem(s)\n  employees[1].shifts[0]: unknown shift 'ghost'")


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated())
def test_mutated_dict_never_crashes(case: tuple[dict[str, Any], list[str]]) -> None:
    data, _steps = case
    original = copy.deepcopy(data)
    result = assert_scenario_or_error(lambda: scenario_from_dict(data, "mutated.yaml"),
                                      "mutated.yaml")
    event(type(result).__name__)
    assert data == original  # the loader leaves its input alone


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated(), fmt=st.sampled_from(["yaml", "json"]))
def test_mutated_file_never_crashes(case: tuple[dict[str, Any], list[str]], fmt: str) -> None:
    data, _steps = case
    text = as_yaml(data) if fmt == "yaml" else as_json(data)
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), f"scenario.{fmt}", text)
        from_file = assert_scenario_or_error(lambda: load_scenario(path), str(path))
    from_dict = assert_scenario_or_error(lambda: scenario_from_dict(data, str(path)), str(path))
    if fmt == "yaml" and isinstance(from_dict, Scenario):
        # a valid mapping stays valid as a file (the loader reads dates as text and the
        # model parses them, so a date object in a text field is accepted from a file)
        assert from_file == from_dict


def test_empty_employees_is_reported(tmp_path: Path) -> None:
    data = copy.deepcopy(TMALL_DATA)
    data["employees"] = []
    data["leave"] = data["day_off_wishes"] = data["shift_wishes"] = data["locks"] = []
    path = _file(tmp_path, "t.yaml", as_yaml(data))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert [p.field for p in info.value.problems] == ["employees"]
    assert str(path) in str(info.value)


@settings(max_examples=200, deadline=None)
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".yaml", ".yml", ".json"]))
def test_random_bytes_give_scenario_error(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), "f" + suffix, raw)
        result = assert_scenario_or_error(lambda: load_scenario(path), str(path),
                                          need_field=False)
    assert isinstance(result, ScenarioError)


YAML_TOKENS = ["{", "}", "[", "]", ":", ": ", "-", "- ", ",", " ", "\n", "\n  ", "\t", "a",
               "horizon", "shifts", "employees", "id", "1", "0x1", "1e3", ".nan", "'", '"',
               "&a ", "*a", "!!str ", "!!binary ", "!!python/name:os.system ", "#", "? ",
               "|", ">", "%YAML 1.1\n", "---\n", "...\n", "~", "null", "true", "OFF", "\\",
               "\ufeff", "\x00", "\x85", "\u2028", "é", "白"]


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(YAML_TOKENS), max_size=40) | st.lists(
    st.text(max_size=10), max_size=5), suffix=st.sampled_from([".yaml", ".json"]))
def test_random_text_gives_scenario_error(parts: list[str], suffix: str) -> None:
    text = "".join(parts)
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), "f" + suffix, text)
        result = assert_scenario_or_error(lambda: load_scenario(path), str(path),
                                          need_field=False)
    assert isinstance(result, ScenarioError)


json_like = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False)
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(value=json_like.filter(lambda v: not isinstance(v, dict)),
       fmt=st.sampled_from(["yaml", "json"]))
def test_non_mapping_document_gives_scenario_error(value: Any, fmt: str) -> None:
    text = as_yaml(value) if fmt == "yaml" else as_json(value)
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), f"doc.{fmt}", text)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path)
    assert str(info.value) == f"{path}: 1 problem(s)\n  (scenario): the file must hold a" \
        " mapping (key: value)"
    with pytest.raises(ScenarioError):
        scenario_from_dict(value, "value")


@settings(max_examples=150, deadline=None)
@given(value=st.dictionaries(st.text(max_size=8), json_like, max_size=5),
       fmt=st.sampled_from(["yaml", "json"]))
def test_random_mapping_gives_scenario_error(value: dict[str, Any], fmt: str) -> None:
    text = as_yaml(value) if fmt == "yaml" else as_json(value)
    with tempfile.TemporaryDirectory() as folder:
        path = _file(Path(folder), f"doc.{fmt}", text)
        result = assert_scenario_or_error(lambda: load_scenario(path), str(path))
    assert isinstance(result, ScenarioError)
    fields = {p.field for p in result.problems}
    assert {"horizon", "shifts", "employees"} - set(value) <= fields


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("gone.yaml", None, "file not found"),
        ("bad.yaml", b"\xff\xfe\xfa", "not UTF-8"),
        ("tab.yaml", "horizon:\n\t- x\n", "not valid YAML"),
        ("bad.json", '{"horizon": ', "not valid JSON"),
        ("deep.json", "[" * 100_000, "nested too deeply"),
        ("deep.yaml", "[" * 100_000, "nested too deeply"),
        ("list.yaml", "- 1\n- 2\n", "mapping"),
        ("scalar.yaml", "42\n", "mapping"),
        ("empty.yaml", "", "mapping"),
        ("tag.yaml", "!!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
    ids=["missing", "not-utf8", "yaml-tab", "json-cut", "deep-json", "deep-yaml", "list",
         "scalar", "empty", "python-tag"],
)
def test_bad_files_named_in_error(tmp_path: Path, name: str, content: str | bytes | None,
                                  expected: str) -> None:
    path = tmp_path / name
    if content is not None:
        _file(tmp_path, name, content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}: ")
    assert expected in str(info.value)


# ------------------------------------------------------------------ regressions
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("date.yaml", "horizon: {start: 2026-02-30, num_days: 7}\n"),
        ("month.yaml", "calendar: {holidays: [2026-13-01]}\n"),
        ("hour.yaml", "name: 2026-10-01 25:00:00\n"),
        ("int.yaml", "horizon: {num_days: !!int seven}\n"),
        ("float.yaml", "rules: {min_rest_hours: !!float eleven}\n"),
        ("digits.yaml", "horizon: {num_days: " + "9" * 5000 + "}\n"),
        ("digits.json", '{"horizon": {"num_days": ' + "9" * 5000 + "}}"),
    ],
    ids=["date", "month", "hour", "int-tag", "float-tag", "digits-yaml", "digits-json"],
)
def test_value_errors_while_parsing_are_scenario_errors(tmp_path: Path, name: str,
                                                        text: str) -> None:
    path = _file(tmp_path, name, text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("where", ["dict", "hex.yaml"])
def test_huge_int_is_reported(tmp_path: Path, where: str) -> None:
    data = copy.deepcopy(SMALL_DATA)
    data["horizon"]["num_days"] = 10**5000
    if where == "dict":
        error = assert_scenario_or_error(lambda: scenario_from_dict(data, "huge"), "huge")
    else:  # hex ints have no digit limit in int(), so YAML builds the value
        text = as_yaml(SMALL_DATA)
        assert "num_days: 7\n" in text
        path = _file(tmp_path, where, text.replace("num_days: 7", "num_days: 0x" + "f" * 5000))
        error = assert_scenario_or_error(lambda: load_scenario(path), str(path))
    assert isinstance(error, ScenarioError)
    assert [p.field for p in error.problems] == ["horizon.num_days"]


@pytest.mark.parametrize("case", ["horizon", "leave"])
def test_date_overflow_names_the_field(case: str) -> None:
    data = copy.deepcopy(SMALL_DATA)
    if case == "horizon":
        data["horizon"]["start"] = dt.date(9999, 12, 25)
        expected = "horizon"
    else:  # leave far after the horizon is allowed and must not overflow
        data["leave"].append({"employee": "P1", "start": dt.date(9999, 12, 30),
                              "end": dt.date(9999, 12, 31)})
        scenario = scenario_from_dict(data, "far.yaml")
        assert Problem(scenario).leave_days[0] == frozenset()
        return
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "far.yaml")
    fields = [p.field for p in info.value.problems]
    assert any(f.startswith(expected) for f in fields), str(info.value)


@pytest.mark.parametrize("kind", ["shifts", "employees"])
def test_duplicate_id_names_the_field(kind: str) -> None:
    data = copy.deepcopy(SMALL_DATA)
    data[kind].append(copy.deepcopy(data[kind][0]))
    with pytest.raises(ScenarioError) as info:
        scenario_from_dict(data, "dup.yaml")
    fields = [p.field for p in info.value.problems]
    assert f"{kind}[{len(data[kind]) - 1}].id" in fields, str(info.value)
