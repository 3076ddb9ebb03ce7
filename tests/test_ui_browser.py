"""The supervisor app in a real browser: `streamlit run` on a free localhost port, headless
Chromium through Playwright. Opens the default scenario, solves it, waits for the roster
grid and checks that every person and every date is on it; visits every page in both
languages and saves a screenshot of each under ``screenshots/`` (gitignored)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from scheduler import load_scenario

SHOTS = ROOT / "screenshots"
PAGES = {  # sidebar link text per language, in the order of the sidebar
    "zh": ["方案", "团队", "班次与规则", "日历与需求", "请假与意愿", "生成排班", "排班表", "导出"],
    "en": ["Scenario", "Team", "Shifts & rules", "Calendar & demand", "Requests", "Solve",
           "Roster", "Export"],
}
SLUGS = ["scenario", "team", "shifts_rules", "calendar_demand", "requests", "solve", "roster",
         "export"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    SHOTS.mkdir(exist_ok=True)
    log = open(SHOTS / "streamlit.log", "w")  # noqa: SIM115 - closed after the process
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "ui/app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "localhost"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://localhost:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, "streamlit exited before answering"
            assert time.monotonic() < deadline, "streamlit did not answer within 90 s"
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_solve_and_see_every_person_and_date(app_url: str) -> None:
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    SHOTS.mkdir(exist_ok=True)
    scenario = load_scenario(SCENARIOS / "tmall_flagship.yaml")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1400})
            page.set_default_timeout(30_000)
            page.goto(app_url)
            page.get_by_role("heading", name="方案").first.wait_for()
            sidebar = page.get_by_test_id("stSidebar")
            sidebar.get_by_text(scenario.name).wait_for()

            def visit(title: str) -> None:
                sidebar.get_by_role("link", name=title, exact=True).click()
                page.get_by_role("heading", name=title).first.wait_for()
                page.wait_for_timeout(800)
                assert page.get_by_test_id("stException").count() == 0, title

            # solve the default scenario with a short time limit
            visit("生成排班")
            limit = page.get_by_label("时间限制（秒）")
            limit.fill("3")
            limit.press("Enter")
            page.wait_for_timeout(500)
            page.get_by_role("button", name="开始排班").click()
            page.get_by_text("正在求解").first.wait_for()
            page.screenshot(path=str(SHOTS / "zh_solve_running.png"))
            page.get_by_role("button", name="查看排班表").click(timeout=90_000)
            grid = page.locator("#roster-grid")
            grid.wait_for()
            for emp in scenario.employees:
                row = grid.locator(f'tr[data-employee="{emp.id}"]')
                assert row.count() == 1, emp.id
                assert emp.name in row.inner_text()
                assert row.locator("td").count() == scenario.horizon.num_days
            for date in scenario.horizon.dates():
                assert grid.locator(f'th[data-date="{date.isoformat()}"]').count() == 1, date
            page.screenshot(path=str(SHOTS / "zh_roster.png"))

            # a sick call (the first person, on the first day) mends the roster in place;
            # the changes are listed and the swap check answers in its own tab
            page.get_by_role("button", name="调整排班").click()
            page.get_by_text("已调整").first.wait_for(timeout=60_000)
            changes = page.get_by_text("改动", exact=True).first
            changes.scroll_into_view_if_needed()
            assert page.get_by_test_id("stException").count() == 0
            page.screenshot(path=str(SHOTS / "zh_roster_sick_call.png"))
            page.get_by_role("tab", name="检查换班").click()
            page.get_by_role("button", name="检查互换").click()
            page.get_by_text(re.compile("互换后|无需互换")).first.wait_for()
            page.wait_for_timeout(800)
            assert page.get_by_test_id("stException").count() == 0
            page.screenshot(path=str(SHOTS / "zh_roster_swap.png"))

            # every page in both languages (the roster stays in the session)
            for lang in ("zh", "en"):
                if lang == "en":
                    sidebar.get_by_text("English", exact=True).click()
                    page.get_by_role("heading", name="Export").first.wait_for()
                for slug, title in zip(SLUGS, PAGES[lang], strict=True):
                    visit(title)
                    page.screenshot(path=str(SHOTS / f"{lang}_{slug}.png"))

            # an invalid upload: rows of (where, value, problem), never a traceback
            visit("Scenario")
            bad = SHOTS / "bad_scenario.yaml"
            bad.write_text("horizon: {start: 2026-02-30, num_days: 7}\nshifts: []\n"
                           "employees: [{id: A, skills: pre_sales}]\n", encoding="utf-8")
            page.locator('input[type="file"]').set_input_files(str(bad))
            page.get_by_role("button", name="Use the uploaded file").click()
            page.get_by_text("bad_scenario.yaml could not be opened").wait_for()
            assert page.get_by_test_id("stException").count() == 0
            page.screenshot(path=str(SHOTS / "en_scenario_upload_errors.png"))
            assert page.get_by_test_id("stSidebar").get_by_text(scenario.name).count() == 1
        finally:
            browser.close()


def test_every_page_opens_by_its_own_address(app_url: str) -> None:
    """A bookmarked page (``/requests``) opens inside the app: its navigation and wide
    layout, not Streamlit's list of script files."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install playwright)")
    titles = {"team": "团队", "requests": "请假与意愿", "solve": "生成排班", "export": "导出",
              "shifts_rules": "班次与规则", "calendar_demand": "日历与需求"}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for slug, title in titles.items():
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                page.set_default_timeout(30_000)
                page.goto(f"{app_url}/{slug}")
                page.get_by_role("heading", name=title).first.wait_for()
                sidebar = page.get_by_test_id("stSidebar")
                sidebar.get_by_role("link", name="方案", exact=True).wait_for()
                assert sidebar.get_by_role("link", name="app", exact=True).count() == 0, slug
                assert page.get_by_test_id("stException").count() == 0, slug
                page.close()
        finally:
            browser.close()
