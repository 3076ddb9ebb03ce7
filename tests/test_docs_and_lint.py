"""The README stays true and the code stays lint- and type-clean."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from scheduler import scenario_from_dict
from scheduler.io import parse_text

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_scenario_example_is_valid() -> None:
    block = re.search(r"## Scenario format.*?```yaml\n(.*?)```", README, re.S)
    assert block is not None
    scenario = scenario_from_dict(parse_text(block.group(1), "README.md"), "README.md")
    assert [e.id for e in scenario.employees] == ["T01", "T07"]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = [line for line in ci.splitlines() if line and not line.startswith("#")][-1]
    assert command in README


def test_every_bundled_scenario_is_in_the_readme() -> None:
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert f"`{path.name}`" in README


@pytest.mark.parametrize("tool", [["ruff", "check", "."], ["mypy"]], ids=["ruff", "mypy"])
def test_lint(tool: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-m", *tool], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_main_command_builds_the_roster(tmp_path: Path) -> None:
    line = next(ln for ln in README.splitlines()
                if ln.startswith("python3 -m pip install -e . && "))
    command = line.split(" && ", 1)[1].split()
    assert command[:4] == ["python3", "-m", "scheduler", "solve"]
    out = tmp_path / "roster.csv"
    command[command.index("--out") + 1] = str(out)
    proc = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
