"""The ``scheduler`` console script, run for real in a subprocess on files in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INFEASIBLE = ROOT / "scenarios" / "infeasible_small.yaml"

BOM = b"\xef\xbb\xbf"
LONG_COLUMNS = [
    "employee_id", "employee_name", "date", "weekday", "day_type", "shift_id", "shift_name",
    "family", "segments", "paid_hours", "is_holiday",
]
START = dt.date(2026, 9, 28)  # a Monday: one whole calendar week
NUM_DAYS = 7
DATES = [START + dt.timedelta(days=i) for i in range(NUM_DAYS)]
HOLIDAYS = {dt.date(2026, 10, 1), dt.date(2026, 10, 2)}
LEAVE_DAYS = {dt.date(2026, 9, 29), dt.date(2026, 9, 30)}  # E3
EMPLOYEES = {"E1": "=HYPERLINK(1)", "E2": "+cmd", "E3": "张三", "E4": "-2+3"}
SHIFTS = {  # id: (name, family, segments, paid hours)
    "day": ("白班", "day", "09:00-13:00;14:00-18:00", 8.0),
    "eve": ("晚班", "evening", "14:00-18:00;19:00-23:00", 8.0),
}

# Formula-looking employee names, holidays, leave, two split shifts; optimal in ~0.2 s.
TINY_YAML = """\
name: CLI test team
horizon: {start: 2026-09-28, num_days: 7}
calendar:
  country: null
  holidays: [2026-10-01, 2026-10-02]
shifts:
  - {id: day, name: 白班, family: day, segments: ["09:00-13:00", "14:00-18:00"]}
  - {id: eve, name: 晚班, family: evening, segments: ["14:00-18:00", "19:00-23:00"]}
employees:
  - {id: E1, name: "=HYPERLINK(1)"}
  - {id: E2, name: "+cmd"}
  - {id: E3, name: 张三}
  - {id: E4, name: "-2+3"}
coverage:
  - {shift: day, min: 1, target: 2}
  - {shift: eve, min: 1}
leave:
  - {employee: E3, start: 2026-09-29, end: 2026-09-30}
rules:
  max_consecutive_work_days: 6
  min_days_off_per_week: 1
  min_rest_hours: 11
"""


def run(*args: object, cwd: Path | None = None,
        umask: int = -1) -> subprocess.CompletedProcess[str]:
    """``python -m scheduler.cli ARGS`` on the code beside these tests, from any ``cwd``.

    ``umask`` -1 leaves the umask alone.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "scheduler.cli", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", timeout=120, cwd=cwd, env=env,
        check=False, umask=umask,
    )


def solve(scenario: Path, out: Path, *extra: object) -> subprocess.CompletedProcess[str]:
    return run("solve", scenario, "--out", out, "--time-limit", 5, *extra)


def assert_clean_exit(proc: subprocess.CompletedProcess[str], code: int) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout


def read_long(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def write_long(path: Path, rows: list[dict[str, str]]) -> None:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def total_penalty(stdout: str) -> int:
    m = re.search(r"^total penalty: (\d+)$", stdout, re.M)
    assert m, stdout
    return int(m.group(1))


@dataclass(frozen=True)
class Solved:
    scenario: Path
    roster: Path
    stdout: str


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Solved:
    """One real solve of the tiny scenario, shared (read-only) by the check tests."""
    folder = tmp_path_factory.mktemp("solved")
    scenario = folder / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    roster = folder / "roster.csv"
    proc = solve(scenario, roster)
    assert_clean_exit(proc, 0)
    return Solved(scenario, roster, proc.stdout)


@pytest.fixture
def work(tmp_path: Path, solved: Solved) -> Solved:
    """A private copy of the scenario and the solved roster in this test's tmp_path."""
    scenario = tmp_path / "team.yaml"
    roster = tmp_path / "roster.csv"
    shutil.copyfile(solved.scenario, scenario)
    shutil.copyfile(solved.roster, roster)
    return Solved(scenario, roster, solved.stdout)


# ------------------------------------------------------------------ solve
def test_infeasible_exits_3(tmp_path: Path) -> None:
    out = tmp_path / "roster.csv"
    proc = solve(INFEASIBLE, out)
    assert_clean_exit(proc, 3)
    assert "infeasible" in proc.stdout
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_solve_writes_long_csv(solved: Solved) -> None:
    out = solved.stdout
    assert re.search(r"^status: optimal$", out, re.M), out
    m = re.search(r"^objective: (\d+)  bound: (\S+)  gap: 0\.00%$", out, re.M)
    assert m, out
    assert float(m.group(2)) == int(m.group(1))
    assert f"roster written to {solved.roster}" in out

    raw = solved.roster.read_bytes()
    assert raw.startswith(BOM)
    assert raw[len(BOM):].startswith(b"employee_id,")
    rows = read_long(solved.roster)
    assert list(rows[0]) == LONG_COLUMNS
    assert len(rows) == len(EMPLOYEES) * NUM_DAYS
    assert {(r["employee_id"], r["date"]) for r in rows} == {
        (e, d.isoformat()) for e in EMPLOYEES for d in DATES}

    weekdays = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    worked = 0
    for r in rows:
        date = dt.date.fromisoformat(r["date"])
        assert r["weekday"] == weekdays[date.weekday()]
        assert r["is_holiday"] == str(date in HOLIDAYS)
        on_leave = r["employee_id"] == "E3" and date in LEAVE_DAYS
        if on_leave:
            assert (r["shift_id"], r["shift_name"], r["family"], r["segments"]) == (
                "LEAVE", "LEAVE", "", "")
            assert float(r["paid_hours"]) == 0
        elif r["shift_id"] == "OFF":
            assert (r["shift_name"], r["family"], r["segments"]) == ("OFF", "", "")
            assert float(r["paid_hours"]) == 0
        else:
            name, family, segments, hours = SHIFTS[r["shift_id"]]
            assert (r["shift_name"], r["family"], r["segments"]) == (name, family, segments)
            assert float(r["paid_hours"]) == hours
            worked += 1
    assert "LEAVE" not in {r["shift_id"] for r in rows if r["employee_id"] != "E3"}
    assert any(r["shift_id"] == "OFF" for r in rows)
    # coverage min 1 on two shifts every day: at least 2 people at work per day
    assert worked >= 2 * NUM_DAYS


def test_solver_objective_matches_checker(solved: Solved) -> None:
    objective = int(re.search(r"^objective: (\d+)", solved.stdout, re.M).group(1))  # type: ignore[union-attr]
    proc = run("check", solved.scenario, solved.roster)
    assert_clean_exit(proc, 0)
    assert "no hard rule is broken" in proc.stdout
    assert total_penalty(proc.stdout) == objective


def test_wide_layout(tmp_path: Path, work: Solved) -> None:
    out = tmp_path / "wide.csv"
    proc = solve(work.scenario, out, "--layout", "wide")
    assert_clean_exit(proc, 0)
    raw = out.read_bytes()
    assert raw.startswith(BOM)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert header == ["employee_id", "employee_name"] + [d.isoformat() for d in DATES]
    assert [r[0] for r in body] == list(EMPLOYEES)
    assert [r[1] for r in body] == ["'=HYPERLINK(1)", "'+cmd", "张三", "'-2+3"]
    names = {"白班", "晚班", "OFF", "LEAVE"}
    for r in body:
        assert len(r) == len(header)
        assert set(r[2:]) <= names
        leave = {DATES[j] for j, cell in enumerate(r[2:]) if cell == "LEAVE"}
        assert leave == (LEAVE_DAYS if r[0] == "E3" else set())


@pytest.mark.parametrize("how", ["suffix", "format"])
def test_xlsx_output(tmp_path: Path, work: Solved, how: str) -> None:
    from openpyxl import load_workbook

    if how == "suffix":
        out = tmp_path / "roster.xlsx"
        proc = solve(work.scenario, out)
    else:
        out = tmp_path / "roster.out"
        proc = solve(work.scenario, out, "--format", "xlsx")
    assert_clean_exit(proc, 0)
    assert out.read_bytes()[:2] == b"PK"
    with out.open("rb") as fh:
        wb = load_workbook(fh)
    assert wb.sheetnames == ["roster", "long"]
    grid = wb["roster"]
    header = [c.value for c in grid[1]]
    assert header[:2] == ["employee_id", "employee_name"]
    assert len(header) == 2 + NUM_DAYS
    assert header[2].startswith("2026-09-28")
    data = list(grid.iter_rows(min_row=2))
    assert [r[0].value for r in data] == list(EMPLOYEES)
    # formula-looking names are text, not formulas
    assert data[0][1].value == "'=HYPERLINK(1)"
    assert data[0][1].data_type == "s"
    filled = 0
    for r in data:
        for cell in r[2:]:
            assert cell.value in {"白班", "晚班", "OFF", "LEAVE"}
            rgb = str(cell.fill.fgColor.rgb)[-6:].upper()
            if cell.value == "白班":
                assert cell.fill.fill_type == "solid" and rgb == "FFE699"
            elif cell.value == "晚班":
                assert cell.fill.fill_type == "solid" and rgb == "9DC3E6"
            elif cell.value == "LEAVE":
                assert cell.fill.fill_type == "solid" and rgb == "D9D9D9"
            else:
                assert cell.fill.fill_type is None
            filled += cell.fill.fill_type == "solid"
    assert filled >= 2 * NUM_DAYS
    long_rows = list(wb["long"].iter_rows(values_only=True))
    assert list(long_rows[0]) == LONG_COLUMNS
    assert len(long_rows) == 1 + len(EMPLOYEES) * NUM_DAYS

    if out.suffix != ".xlsx":  # check tells the formats apart by the suffix
        out = Path(shutil.copyfile(out, out.with_suffix(".xlsx")))
    proc = run("check", work.scenario, out)
    assert_clean_exit(proc, 0)
    assert "no hard rule is broken" in proc.stdout


def test_formula_injection_escaped_and_read_back(work: Solved) -> None:
    raw = work.roster.read_bytes().decode("utf-8-sig")
    assert "\n" + "E1,'=HYPERLINK(1),2026-09-28," in raw
    assert "\n" + "E2,'+cmd,2026-09-28," in raw
    assert "\n" + "E4,'-2+3,2026-09-28," in raw
    assert ",=HYPERLINK" not in raw and ",+cmd" not in raw
    names = {r["employee_id"]: r["employee_name"] for r in read_long(work.roster)}
    assert names == {"E1": "'=HYPERLINK(1)", "E2": "'+cmd", "E3": "张三", "E4": "'-2+3"}
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 0)
    assert "no hard rule is broken" in proc.stdout


@pytest.mark.parametrize("spelling", ["same", "dotdot", "relative", "symlink"])
def test_out_equal_to_scenario_refused(tmp_path: Path, spelling: str) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    before = scenario.read_bytes()
    mtime = scenario.stat().st_mtime_ns
    spellings: dict[str, Path | str] = {
        "same": scenario,
        "dotdot": tmp_path / "sub" / ".." / "team.yaml",
        "relative": "team.yaml",  # run from tmp_path
        "symlink": tmp_path / "link.yaml",
    }
    out = spellings[spelling]
    if spelling == "symlink":
        (tmp_path / "link.yaml").symlink_to(scenario)
    proc = run("solve", scenario, "--out", out, "--time-limit", 5, cwd=tmp_path)
    assert_clean_exit(proc, 2)
    assert "refusing" in proc.stderr
    assert scenario.read_bytes() == before
    assert scenario.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["team.yaml", "sub"] + (["link.yaml"] if spelling == "symlink" else []))


# ------------------------------------------------------------------ invalid input
def _unknown_shift(text: str) -> str:
    return text.replace('{id: E2, name: "+cmd"}', '{id: E2, name: "+cmd", shifts: [nosuch]}')


def _bad_num_days(text: str) -> str:
    return text.replace("num_days: 7", "num_days: many")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, ["file not found"]),
        ("name: [unclosed\nhorizon: {start: 2026-09-28\n", ["not valid YAML", "line "]),
        (_unknown_shift(TINY_YAML), ["employees[1].shifts[0]", "unknown shift 'nosuch'"]),
        (_bad_num_days(TINY_YAML), ["horizon.num_days", "'many'"]),
        ("- just\n- a list\n", ["mapping"]),
        (b"\xff\xfe\x00garbage", ["not UTF-8"]),
    ],
    ids=["missing-file", "broken-yaml", "unknown-shift", "wrong-type", "list", "not-utf8"],
)
def test_invalid_scenario_exits_2(tmp_path: Path, content: str | bytes | None,
                                  expected: list[str]) -> None:
    scenario = tmp_path / "team.yaml"
    if isinstance(content, str):
        scenario.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        scenario.write_bytes(content)
    out = tmp_path / "roster.csv"
    proc = solve(scenario, out)
    assert_clean_exit(proc, 2)
    assert str(scenario) in proc.stderr
    for text in expected:
        assert text in proc.stderr
    assert not out.exists()


def test_impossible_unquoted_date_exits_2(tmp_path: Path) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML.replace("start: 2026-09-28,", "start: 2026-02-30,"),
                        encoding="utf-8")
    proc = solve(scenario, tmp_path / "roster.csv")
    assert_clean_exit(proc, 2)
    assert str(scenario) in proc.stderr
    assert "horizon.start" in proc.stderr or "line 2" in proc.stderr


@pytest.mark.parametrize("limit", ["-1", "0", "-0.5"])
def test_nonpositive_time_limit_exits_2(tmp_path: Path, limit: str) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    out = tmp_path / "roster.csv"
    proc = run("solve", scenario, "--out", out, f"--time-limit={limit}")
    assert_clean_exit(proc, 2)
    assert "--time-limit" in proc.stderr
    assert not out.exists()


def test_nan_time_limit_exits_2(tmp_path: Path) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    proc = run("solve", scenario, "--out", tmp_path / "roster.csv", "--time-limit", "nan")
    assert_clean_exit(proc, 2)
    assert "--time-limit" in proc.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["solve", "{scenario}", "--out", "{out}", "--bogus"], "--bogus"),
        (["solve", "{scenario}", "--out", "{out}", "--layout", "diagonal"], "diagonal"),
        (["solve", "{scenario}", "--out", "{out}", "--time-limit", "soon"], "soon"),
        (["solve", "{scenario}"], "--out"),
        (["frobnicate"], "frobnicate"),
    ],
    ids=["unknown-option", "bad-choice", "not-a-number", "missing-out", "unknown-command"],
)
def test_bad_command_line_exits_2(tmp_path: Path, args: list[str], expected: str) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    out = tmp_path / "roster.csv"
    proc = run(*(a.format(scenario=scenario, out=out) for a in args))
    assert_clean_exit(proc, 2)
    assert "usage:" in proc.stderr
    assert expected in proc.stderr
    assert not out.exists()


# ------------------------------------------------------------------ check
def test_check_leave_violation_exits_1(work: Solved) -> None:
    rows = read_long(work.roster)
    for r in rows:
        if r["employee_id"] == "E3" and r["date"] == "2026-09-29":
            assert r["shift_id"] == "LEAVE"
            r.update(shift_id="day", shift_name="白班", family="day")
    write_long(work.roster, rows)
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 1)
    assert re.search(r"^\d+ hard rule violation\(s\):$", proc.stdout, re.M)
    assert re.search(r"^  leave +E3 +2026-09-29 ", proc.stdout, re.M), proc.stdout


def test_check_consecutive_days_violation_exits_1(work: Solved) -> None:
    rows = read_long(work.roster)
    for r in rows:
        if r["employee_id"] == "E4":
            r.update(shift_id="day", shift_name="白班", family="day")
    write_long(work.roster, rows)
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 1)
    # 7 days in a row with a limit of 6: day 7 is reported
    found = re.findall(r"^  max_consecutive_work_days +E4 +(\S+) ", proc.stdout, re.M)
    assert found == [d.isoformat() for d in DATES[6:]], proc.stdout
    assert re.search(r"^  weekly_day_off +E4 ", proc.stdout, re.M)


def test_check_unknown_employee_exits_2(work: Solved) -> None:
    rows = read_long(work.roster)
    rows[4]["employee_id"] = "ZZ9"  # file row 6 (header is row 1)
    write_long(work.roster, rows)
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 2)
    assert f"{work.roster} row 6" in proc.stderr
    assert "ZZ9" in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize("bad", ["2026-10-32", "yesterday", ""])
def test_check_bad_date_exits_2(work: Solved, bad: str) -> None:
    rows = read_long(work.roster)
    rows[9]["date"] = bad  # file row 11
    write_long(work.roster, rows)
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 2)
    assert "row 11" in proc.stderr
    assert f"date {bad!r}" in proc.stderr
    assert "row 10:" not in proc.stderr and "row 12:" not in proc.stderr


def test_check_date_outside_horizon_exits_2(work: Solved) -> None:
    rows = read_long(work.roster)
    rows[0]["date"] = "2027-01-01"
    write_long(work.roster, rows)
    proc = run("check", work.scenario, work.roster)
    assert_clean_exit(proc, 2)
    assert "row 2" in proc.stderr
    assert "outside the horizon" in proc.stderr


def test_check_roster_without_its_columns_names_the_file(work: Solved) -> None:
    other = work.roster.with_name("not_a_roster.csv")
    other.write_text("name,shop\nA,tmall\n", encoding="utf-8")
    proc = run("check", work.scenario, other)
    assert_clean_exit(proc, 2)
    assert f"{other}: missing column(s) employee_id, date, shift_id" in proc.stderr
    assert other.read_text(encoding="utf-8") == "name,shop\nA,tmall\n"


def test_check_missing_roster_exits_2(work: Solved) -> None:
    missing = work.roster.with_name("nope.csv")
    proc = run("check", work.scenario, missing)
    assert_clean_exit(proc, 2)
    assert str(missing) in proc.stderr
    assert "not found" in proc.stderr


def test_excel_round_trip(work: Solved) -> None:
    before = run("check", work.scenario, work.roster)
    assert_clean_exit(before, 0)

    rows = read_long(work.roster)
    for r in rows:
        d = dt.date.fromisoformat(r["date"])
        r["date"] = f"{d.year}/{d.month}/{d.day}"
        r["paid_hours"] = f"{float(r['paid_hours']):g}"
        r["is_holiday"] = r["is_holiday"].upper()
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=LONG_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    excel = work.roster.with_name("excel.csv")
    excel.write_bytes(buf.getvalue().encode("gb18030"))

    raw = excel.read_bytes()
    assert not raw.startswith(BOM)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the reader really has to fall back to GB18030
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("gb18030")
    assert "2026/10/1," in text and "2026-10-01" not in text
    assert ",8,FALSE" in text and "8.0" not in text

    after = run("check", work.scenario, excel)
    assert_clean_exit(after, 0)
    assert "no hard rule is broken" in after.stdout
    assert total_penalty(after.stdout) == total_penalty(before.stdout)
    # the per-rule totals agree too
    assert after.stdout.split("total penalty:")[1].split("largest")[0] == (
        before.stdout.split("total penalty:")[1].split("largest")[0])


# ------------------------------------------------------------------ atomic output
@pytest.mark.parametrize("name", ["roster.csv", "roster.xlsx"])
def test_no_temporary_files_left(tmp_path: Path, name: str) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    outdir = tmp_path / "out"
    out = outdir / name
    out.parent.mkdir()
    out.write_bytes(b"old content")  # replaced as a whole
    proc = solve(scenario, out)
    assert_clean_exit(proc, 0)
    assert out.read_bytes() != b"old content"
    assert sorted(p.name for p in outdir.iterdir()) == [name]
    assert list(outdir.glob(f".{name}.*")) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "team.yaml"]


def test_output_into_new_folder(tmp_path: Path) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    out = tmp_path / "a" / "b" / "roster.csv"
    proc = solve(scenario, out)
    assert_clean_exit(proc, 0)
    assert [p.name for p in out.parent.iterdir()] == ["roster.csv"]
    assert len(read_long(out)) == len(EMPLOYEES) * NUM_DAYS


def test_output_respects_umask(tmp_path: Path) -> None:
    scenario = tmp_path / "team.yaml"
    scenario.write_text(TINY_YAML, encoding="utf-8")
    out = tmp_path / "roster.csv"
    proc = run("solve", scenario, "--out", out, "--time-limit", 5, umask=0o022)
    assert_clean_exit(proc, 0)
    assert os.stat(out).st_mode & 0o777 == 0o644


NRP = ROOT.parent / "shared" / "benchmarks" / "nrp" / "Instance1.txt"


@pytest.mark.skipif(not NRP.exists(), reason="the public benchmark data is beside the repo")
def test_solve_and_check_a_benchmark_instance_by_content(tmp_path: Path) -> None:
    out = tmp_path / "instance1.csv"
    cmd = [sys.executable, "-m", "scheduler"]
    solved = subprocess.run([*cmd, "solve", str(NRP), "--out", str(out), "--time-limit", "20",
                             "--workers", "2"], capture_output=True, text=True, timeout=120)
    assert solved.returncode == 0, solved.stderr
    assert "objective: 607" in solved.stdout  # the proven optimum (best known 607)
    checked = subprocess.run([*cmd, "check", str(NRP), str(out)], capture_output=True,
                             text=True, timeout=120)
    assert checked.returncode == 0 and "total penalty: 607" in checked.stdout
    # a YAML scenario read as a benchmark instance: a clear error, not a traceback
    bad = subprocess.run([*cmd, "solve", str(INFEASIBLE), "--out", str(out),
                          "--input-format", "nrp"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert str(INFEASIBLE) in bad.stderr
