"""The README stays true and the code stays lint- and type-clean."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
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


def test_readme_main_command_starts_the_app(tmp_path: Path) -> None:
    line = next(ln for ln in README.splitlines()
                if ln.startswith("python3 -m pip install -e . && "))
    command = line.split(" && ", 1)[1].split()
    assert command[:4] == ["python3", "-m", "streamlit", "run"]
    assert command[command.index("--server.address") + 1] == "localhost"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, STREAMLIT_SERVER_PORT=str(port), STREAMLIT_SERVER_HEADLESS="true",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, *command[1:]], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while True:
                assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
                try:
                    with urllib.request.urlopen(
                            f"http://localhost:{port}/_stcore/health", timeout=2) as answer:
                        assert answer.status == 200
                        assert answer.read().strip() == b"ok"
                        break
                except OSError:
                    assert time.monotonic() < deadline, "the app did not answer within 90 s"
                    time.sleep(0.3)
        finally:
            proc.kill()
            proc.wait(15)
