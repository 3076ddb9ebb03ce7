"""The rule catalogue, the model, the checker and the tests list the same rules."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import test_rules

from scheduler.checker import CHECKS
from scheduler.cpsat.model import RosterModel
from scheduler.rules import HARD_RULES, RULES, SOFT_RULES

PACKAGE = Path(__file__).resolve().parent.parent / "scheduler"


def test_ids_are_unique_snake_case() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert all(i.isidentifier() and i == i.lower() for i in ids)
    assert set(HARD_RULES) | set(SOFT_RULES) == set(ids)


def test_every_rule_has_a_checker_function_in_catalogue_order() -> None:
    assert list(CHECKS) == [r.id for r in RULES]


def test_every_rule_has_a_model_method_with_a_docstring() -> None:
    for rule in RULES:
        method = getattr(RosterModel, f"add_{rule.id}", None)
        assert method is not None, rule.id
        assert inspect.getdoc(method), rule.id


def test_model_build_posts_every_rule_in_catalogue_order() -> None:
    source = (inspect.getsource(RosterModel.add_hard_rules)
              + inspect.getsource(RosterModel.add_soft_rules))
    calls = [line.strip().split("(")[0].removeprefix("self.add_")
             for line in source.splitlines() if line.strip().startswith("self.add_")]
    ids = {r.id for r in RULES}
    assert [c for c in calls if c in ids] == [r.id for r in RULES]


def test_every_rule_has_its_own_checker_and_model_tests() -> None:
    names = [n for n in dir(test_rules) if n.startswith("test_")]
    for rule in RULES:
        assert any(n.startswith(f"test_{rule.id}__checker") for n in names), rule.id
        assert any(n.startswith(f"test_{rule.id}__model") for n in names), rule.id


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_solver_imports_ortools_and_nothing_imports_streamlit() -> None:
    for path in PACKAGE.rglob("*.py"):
        mods = _imports(path)
        assert "streamlit" not in mods, path
        if "ortools" in mods:
            assert path.parent.name == "cpsat", f"{path} imports ortools"
