"""Clock times ``HH:MM`` as minutes after midnight (shared by scenarios and chat demand)."""

from __future__ import annotations

import re

MINUTES_PER_DAY = 24 * 60
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_clock(text: str) -> int:
    """Minutes after midnight of ``HH:MM`` (``24:00`` allowed)."""
    m = _TIME_RE.match(text.strip())
    if not m:
        raise ValueError(f"time {text!r} is not HH:MM")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"time {text!r} is not a clock time between 00:00 and 24:00")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """``HH:MM`` of minutes after midnight (wrapping past midnight)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
