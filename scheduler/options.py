"""Checks of the search options the commands share (time limit, workers, seed)."""

from __future__ import annotations

import math


def search_options_problem(time_limit: float, workers: int, seed: int) -> str | None:
    """What is wrong with the options, or None when they are usable."""
    if (not math.isfinite(time_limit) or time_limit <= 0 or not 1 <= workers <= 256
            or not 0 <= seed < 2**31):
        return ("--time-limit must be positive, --workers between 1 and 256 and --seed"
                " between 0 and 2147483647")
    return None
