"""The one module that owns the app's session state.

Every ``st.session_state`` key the app uses is named here, and only the functions
below read or write them. Pages ask for the scenario, hand back an edited one, start
and stop the solve, and name their widgets with :func:`widget_key`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from scheduler import FieldError, Scenario, ScenarioError, load_scenario
from scheduler.report import template_scenario
from ui.jobs import Solved, SolveJob

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIO_DIR / "tmall_flagship.yaml"

# ------------------------------------------------------------------ the keys
LANG = "lang"  # "zh" or "en"
LANG_CHOICE = "lang_choice"  # the sidebar's language switch (copied into LANG on change)
SCENARIO = "scenario"  # the Scenario being edited (always valid)
SCENARIO_KEY = "scenario_key"  # digest of its JSON: the cache key of derived tables
SOURCE = "scenario_source"  # where it came from (file name, upload, template)
DIRTY = "scenario_dirty"  # edited since opened or downloaded
GENERATION = "generation"  # bumped when the scenario is replaced: widgets start afresh
SECTION_GENERATIONS = "section_generations"  # section -> bumped when changed elsewhere
DRAFTS = "drafts"  # section -> (stamp, table started from, as last shown, signature)
ERRORS = "errors"  # section -> list of FieldError of the last rejected edit
LOAD_ERRORS = "load_errors"  # (source, [FieldError]) of the last file that failed to open
JOB = "solve_job"  # the running or last SolveJob
COLLECTED = "collected_solve"  # token of the finished solve last moved into place
SOLVED = "solved"  # the current Solved roster
PREVIOUS = "previous_solved"  # the one before it, for comparison
NOTICE = "notice"  # a one-off message for the next page run
EXPLANATION = "explanation"  # (scenario key, Explanation) of why no roster exists
REPAIR = "repair"  # (solved token, RepairResult) of the last sick-call repair
SWAP = "swap_check"  # (solved token, cells, SwapCheck) of the last swap checked
WHY_NOT = "why_not"  # (solved token, penalty position) -> WhyNot of the wishes asked about
KEPT = "kept_values"  # widget key -> last value of a setting that outlives its page
WIDGET_PREFIX = "w_"  # widgets: w_<name>_<generation>

ALL_KEYS = (LANG, LANG_CHOICE, SCENARIO, SCENARIO_KEY, SOURCE, DIRTY, GENERATION,
            SECTION_GENERATIONS, DRAFTS, ERRORS,
            LOAD_ERRORS, JOB, COLLECTED, SOLVED, PREVIOUS, NOTICE, EXPLANATION, REPAIR, SWAP,
            WHY_NOT, KEPT)


def _ss() -> Any:
    return st.session_state


def init() -> None:
    """Fill in what is missing; the default scenario is opened on first use."""
    ss = _ss()
    ss.setdefault(LANG, "zh")
    ss.setdefault(GENERATION, 0)
    ss.setdefault(DRAFTS, {})
    ss.setdefault(SECTION_GENERATIONS, {})
    ss.setdefault(ERRORS, {})
    ss.setdefault(LOAD_ERRORS, None)
    ss.setdefault(JOB, None)
    ss.setdefault(SOLVED, None)
    ss.setdefault(PREVIOUS, None)
    ss.setdefault(NOTICE, None)
    ss.setdefault(DIRTY, False)
    if SCENARIO not in ss:
        try:
            scenario = load_scenario(DEFAULT_SCENARIO)
            source = DEFAULT_SCENARIO.name
        except ScenarioError as exc:
            ss[LOAD_ERRORS] = (exc.source, exc.problems)
            scenario, source = template_scenario(dt.date.today()), "template"
        _store(scenario, source)
        ss[DIRTY] = False


# ------------------------------------------------------------------ language
def language() -> str:
    value = _ss().get(LANG, "zh")
    return value if value in ("zh", "en") else "zh"


def set_language(lang: str) -> None:
    _ss()[LANG] = lang


def language_chosen() -> None:
    """The sidebar's switch changed."""
    set_language(_ss().get(LANG_CHOICE, "zh"))


def setup() -> None:
    """What every run needs first: defaults in place, a finished solve collected.

    The router calls it, and each page again (cheap), so that a page run on its own
    (as the page tests do) finds the same state."""
    init()
    collect_job()


# ------------------------------------------------------------------ scenario
def scenario() -> Scenario:
    return _ss()[SCENARIO]


def scenario_key() -> str:
    return _ss()[SCENARIO_KEY]


def source() -> str:
    return _ss().get(SOURCE, "")


def dirty() -> bool:
    return bool(_ss().get(DIRTY))


def mark_saved() -> None:
    _ss()[DIRTY] = False


def key_of(sc: Scenario) -> str:
    return hashlib.sha1(sc.model_dump_json().encode("utf-8")).hexdigest()


def _store(sc: Scenario, source: str | None) -> None:
    ss = _ss()
    ss[SCENARIO] = sc
    ss[SCENARIO_KEY] = key_of(sc)
    if source is not None:
        ss[SOURCE] = source


def open_scenario(sc: Scenario, source: str) -> bool:
    """Replace the scenario (a file opened, an upload, a template): editors start afresh,
    and the roster of the scenario before (and a solve still running for it) is closed,
    so that it is never shown, compared or exported as this one's. True when a roster
    or a running solve was closed."""
    ss = _ss()
    running = job()
    stopped = running is not None and not running.done
    if running is not None and stopped:
        running.stop()
    closed = stopped or ss.get(SOLVED) is not None
    for key in (JOB, SOLVED, PREVIOUS, EXPLANATION, REPAIR, SWAP, WHY_NOT):
        ss.pop(key, None)
    _store(sc, source)
    ss[DIRTY] = False
    ss[GENERATION] = ss.get(GENERATION, 0) + 1
    ss[DRAFTS] = {}
    ss[SECTION_GENERATIONS] = {}
    ss[ERRORS] = {}
    ss[LOAD_ERRORS] = None
    return closed


def update_scenario(sc: Scenario, *, reset: tuple[str, ...] = ()) -> None:
    """Keep an edited scenario; the editors of ``reset`` sections (changed from another
    page) start again from it, every other editor keeps its edits."""
    if sc == scenario():
        return
    _store(sc, None)
    ss = _ss()
    ss[DIRTY] = True
    if reset:
        generations = dict(ss.get(SECTION_GENERATIONS, {}))
        for section in reset:
            generations[section] = generations.get(section, 0) + 1
        ss[SECTION_GENERATIONS] = generations


def load_errors() -> tuple[str, list[FieldError]] | None:
    return _ss().get(LOAD_ERRORS)


def set_load_errors(source: str, problems: list[FieldError]) -> None:
    _ss()[LOAD_ERRORS] = (source, problems)


# ------------------------------------------------------------------ editors
def generation() -> int:
    return int(_ss().get(GENERATION, 0))


def widget_key(name: str) -> str:
    """The key of a widget; changes when the scenario is replaced, so it starts afresh."""
    return widget_key_for(name, generation())


def widget_key_for(name: str, generation: int) -> str:
    return f"{WIDGET_PREFIX}{name}_{generation}"


def widget_value(name: str, default: Any = None) -> Any:
    return _ss().get(widget_key(name), default)


def set_widget_value(name: str, value: Any) -> None:
    _ss()[widget_key(name)] = value


def kept(name: str, default: Any, valid: Callable[[Any], bool] | None = None) -> Any:
    """The last value given to the setting widget ``name`` (see :func:`keep`), or
    ``default`` when there is none or it is no longer ``valid``.

    Streamlit forgets a widget's value when a run does not draw it (another page was
    shown) and when its key changes (pickers keyed by language); a setting drawn with
    ``value=kept(...)`` and ``on_change=keep`` comes back as it was left."""
    found = _ss().get(KEPT, {})
    key = widget_key(name)
    if key not in found:
        return default
    value = found[key]
    return value if valid is None or valid(value) else default


def keep(name: str, widget: str | None = None) -> None:
    """``on_change`` of a setting widget: remember the value of widget ``widget`` (its
    name, ``name`` when not given) as the setting ``name``."""
    values = dict(_ss().get(KEPT, {}))
    values[widget_key(name)] = _ss().get(widget_key(widget or name))
    _ss()[KEPT] = values


def editor_key(section: str) -> str:
    """The key of the table editor of ``section``."""
    gen = _ss().get(SECTION_GENERATIONS, {}).get(section, 0)
    return widget_key(f"editor_{section}_{gen}")


def draft(section: str, build: Callable[[], pd.DataFrame], signature: str = ""
          ) -> pd.DataFrame:
    """The table an editor of ``section`` starts from (built once per generation).

    Streamlit forgets an editor's edits when a run does not draw it (another page was
    shown) and when its settings change (``signature``: the column headings of another
    language, the options of a shift column): the editor then starts from the table as
    it was last shown (:func:`keep_table`), invalid edits included, so that nothing
    typed is lost."""
    ss = _ss()
    drafts = ss[DRAFTS]
    key = editor_key(section)
    stamp = (key, section)
    entry = drafts.get(section)
    if entry is None or entry[0] != stamp:
        entry = (stamp, build(), None, signature)
    elif (key not in ss or entry[3] != signature) and entry[2] is not None:
        entry = (stamp, entry[2], None, signature)
    elif entry[3] != signature:
        entry = (stamp, entry[1], entry[2], signature)
    else:
        return entry[1]
    ss[DRAFTS] = {**drafts, section: entry}
    return entry[1]


def keep_table(section: str, table: pd.DataFrame) -> None:
    """The table the editor of ``section`` shows now, with every edit (see :func:`draft`)."""
    drafts = _ss()[DRAFTS]
    entry = drafts.get(section)
    if entry is not None:
        _ss()[DRAFTS] = {**drafts, section: (entry[0], entry[1], table.copy(), entry[3])}


def errors(section: str) -> list[FieldError]:
    return list(_ss()[ERRORS].get(section, []))


def set_errors(section: str, problems: list[FieldError]) -> None:
    current = dict(_ss()[ERRORS])
    if problems:
        current[section] = list(problems)
    else:
        current.pop(section, None)
    _ss()[ERRORS] = current


# ------------------------------------------------------------------ solving
def job() -> SolveJob | None:
    return _ss().get(JOB)


def start_job(*, time_limit: float, workers: int, seed: int,
              hint: pd.DataFrame | None = None) -> SolveJob:
    """Start solving the current scenario in the background (one solve at a time)."""
    running = job()
    if running is not None and not running.done:
        return running
    new = SolveJob(scenario(), scenario_key(), time_limit=time_limit, workers=workers,
                   seed=seed, hint=hint).start()
    _ss()[JOB] = new
    return new


def collect_job() -> bool:
    """Move a finished solve's roster into place; True when one arrived just now."""
    running = job()
    if running is None or not running.done or running.solved is None:
        return False
    ss = _ss()
    if ss.get(COLLECTED) == running.solved.token:
        return False  # collected once: a roster put in place since (a repair) stays
    ss[COLLECTED] = running.solved.token
    current: Solved | None = ss.get(SOLVED)
    if current is running.solved:
        return False
    if running.solved.result.has_roster:
        ss[PREVIOUS] = current
        ss[SOLVED] = running.solved
        return True
    return False


def solved() -> Solved | None:
    return _ss().get(SOLVED)


def previous() -> Solved | None:
    return _ss().get(PREVIOUS)


def set_solved(current: Solved | None, before: Solved | None = None) -> None:
    """Put a finished solve in place (used when a roster is opened or seeded)."""
    _ss()[SOLVED] = current
    _ss()[PREVIOUS] = before


def explanation() -> Any:
    """The explanation of why the current scenario has no roster, if one was asked for."""
    found = _ss().get(EXPLANATION)
    return found[1] if found is not None and found[0] == scenario_key() else None


def set_explanation(value: Any) -> None:
    _ss()[EXPLANATION] = (scenario_key(), value)


def use_repaired(sc: Scenario, mended: Solved, outcome: Any) -> None:
    """A repaired roster becomes the current one (the one before it kept for the
    comparison); ``sc`` is the scenario with the absences as leave."""
    ss = _ss()
    update_scenario(sc, reset=("leave",))
    ss[PREVIOUS] = ss.get(SOLVED)
    ss[SOLVED] = mended
    ss[REPAIR] = (mended.token, outcome)


def repair_outcome() -> Any:
    """The last repair, while its roster is the current one."""
    found = _ss().get(REPAIR)
    current = solved()
    return found[1] if found is not None and current is not None and \
        found[0] == current.token else None


def swap_outcome() -> Any:
    """(cells, SwapCheck) of the last swap checked on the current roster."""
    found = _ss().get(SWAP)
    current = solved()
    return found[1:] if found is not None and current is not None and \
        found[0] == current.token else None


def set_swap_outcome(cells: Any, outcome: Any) -> None:
    current = solved()
    _ss()[SWAP] = (current.token if current is not None else "", cells, outcome)


def why_not_outcome(position: int) -> Any:
    """The answer to "why was this wish not met" for a penalty of the current roster."""
    current = solved()
    if current is None:
        return None
    return _ss().get(WHY_NOT, {}).get((current.token, position))


def set_why_not_outcome(position: int, outcome: Any) -> None:
    current = solved()
    if current is None:
        return
    found = {k: v for k, v in _ss().get(WHY_NOT, {}).items() if k[0] == current.token}
    found[(current.token, position)] = outcome
    _ss()[WHY_NOT] = found


# ------------------------------------------------------------------ one-off messages
@dataclass(frozen=True)
class Notice:
    kind: str  # "success", "info", "warning"
    text: str


def notify(kind: str, text: str) -> None:
    _ss()[NOTICE] = Notice(kind, text)


def take_notice() -> Notice | None:
    notice = _ss().get(NOTICE)
    _ss()[NOTICE] = None
    return notice
