"""Read and write scenarios as YAML or JSON, with errors that name file, field and problem."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scheduler.roster import atomic_write_bytes
from scheduler.scenario import ReferenceProblems, Scenario
from scheduler.staffing import DemandDataError, load_history

_PATH_RE = re.compile(r"^([A-Za-z_][\w]*(?:\[\d+\])*(?:\.[A-Za-z_][\w]*(?:\[\d+\])*)*): (.*)$")


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with an input: where (field path), the value found, and what is wrong."""

    field: str
    message: str
    value: str = ""


class ScenarioError(ValueError):
    """An input file or mapping that is not a valid scenario."""

    def __init__(self, source: str, problems: list[FieldError]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {len(problems)} problem(s)"]
        for p in problems:
            where = p.field or "(scenario)"
            value = f" (got {p.value})" if p.value else ""
            lines.append(f"  {where}: {p.message}{value}")
        super().__init__("\n".join(lines))


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in ("tagged-union", "json-or-python"):
            continue
        else:
            out += ("." if out else "") + part
    return out


def _short(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an integer too long to print
        return "a number too large"
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from(exc: ValidationError) -> list[FieldError]:
    """Flatten a pydantic error into rows; cross-reference problems become one row each."""
    rows: list[FieldError] = []
    for err in exc.errors(include_url=False):
        where = _location(err["loc"])
        original = (err.get("ctx") or {}).get("error")
        if isinstance(original, ReferenceProblems):
            for text in original.problems:
                m = _PATH_RE.match(text)
                if m:
                    rows.append(FieldError(m.group(1), m.group(2)))
                else:
                    rows.append(FieldError(where, text))
            continue
        message = err["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        value = "" if err["type"] == "missing" else _short(err.get("input"))
        rows.append(FieldError(where, message, value))
    return rows


def scenario_from_dict(data: Any, source: str = "scenario") -> Scenario:
    """Validate a mapping; raise :class:`ScenarioError` listing every problem."""
    if not isinstance(data, dict):
        raise ScenarioError(source, [FieldError("", "the file must hold a mapping (key: value)")])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(source, problems_from(exc)) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. dates out of range
        raise ScenarioError(source, [FieldError("", str(exc))]) from None


class _Loader(yaml.SafeLoader):
    """YAML 1.2 booleans: only true/false, so that ``OFF``, ``on``, ``no`` stay text.

    Dates stay text too: the scenario model parses them, so that an impossible date
    is reported at its field (``horizon.start``) like any other bad value.
    """


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers
          if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_TOO_LONG = 10**100  # stands for any integer written with more than 100 digits


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """Integers as YAML reads them, but a huge one becomes a large number the model then
    rejects at its field (instead of Python refusing to convert it at all)."""
    if len(str(node.value)) > 100:
        return _TOO_LONG
    return int(yaml.SafeLoader.construct_yaml_int(loader, node))


def _json_int(text: str) -> int:
    return _TOO_LONG if len(text) > 100 else int(text)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def parse_text(text: str, source: str, fmt: str | None = None) -> Any:
    """YAML or JSON text to plain data (JSON is YAML, but JSON errors read better)."""
    fmt = fmt or ("json" if source.lower().endswith(".json") else "yaml")
    try:
        if fmt == "json":
            return json.loads(text, parse_int=_json_int)
        return yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise ScenarioError(source, [FieldError(f"line {exc.lineno} column {exc.colno}",
                                             f"not valid JSON: {exc.msg}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(source, [FieldError(where, f"not valid YAML: {what}")]) from None
    except RecursionError:
        raise ScenarioError(source, [FieldError("", "nested too deeply")]) from None
    except (ValueError, OverflowError, TypeError) as exc:
        # e.g. an impossible unquoted date (2026-02-30), a bad !!int, a huge number
        raise ScenarioError(source, [FieldError("", f"cannot read a value: {exc}")]) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a ``.yaml``/``.yml`` or ``.json`` file."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(source, [FieldError("", "file not found")]) from None
    except OSError as exc:
        raise ScenarioError(
            source, [FieldError("", f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(source, [FieldError("", "the file is not UTF-8 text")]) from None
    scenario = scenario_from_dict(parse_text(text, source), source)
    scenario.with_base_dir(path.resolve().parent)
    check_demand_files(scenario, source)
    return scenario


def check_demand_files(scenario: Scenario, source: str = "scenario") -> None:
    """Read every chat-history file of ``scenario.demand`` once, so that a missing or
    damaged file is reported at load time (field ``demand[i].history``)."""
    problems = []
    for i, demand in enumerate(scenario.demand):
        if demand.history is None:
            continue
        path = Path(demand.history)
        if not path.is_absolute() and scenario.base_dir is not None:
            path = scenario.base_dir / path
        try:
            load_history(path, demand.interval_minutes, skill=demand.skill)
        except (DemandDataError, OSError, ValueError) as exc:
            problems.append(FieldError(f"demand[{i}].history", str(exc), demand.history))
    if problems:
        raise ScenarioError(source, problems)


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json")


def dump_scenario(scenario: Scenario, fmt: str = "yaml") -> str:
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write YAML or JSON (by suffix) atomically."""
    path = Path(path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    atomic_write_bytes(path, dump_scenario(scenario, fmt).encode("utf-8"))
    return path


def iso(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()
