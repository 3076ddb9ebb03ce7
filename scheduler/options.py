"""Checks the commands share: search options (time limit, workers, seed) and an output
path that must not be one of the inputs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def overwrite_problem(out: Path, inputs: Mapping[Path, str]) -> str | None:
    """A refusal when ``out`` is one of ``inputs`` (path -> what it is), else None."""
    for path, what in inputs.items():
        if same_file(path, out):
            return f"--out {out} is {what}; refusing to overwrite it"
    return None


def search_options_problem(time_limit: float, workers: int, seed: int) -> str | None:
    """What is wrong with the options, or None when they are usable."""
    if (not math.isfinite(time_limit) or time_limit <= 0 or not 1 <= workers <= 256
            or not 0 <= seed < 2**31):
        return ("--time-limit must be positive, --workers between 1 and 256 and --seed"
                " between 0 and 2147483647")
    return None
