"""The served dashboard in a real headless browser (Debian Chromium driven by Playwright).

Starts `cartelsim dashboard` on a free port, opens the page, steps the model, checks the
map and plots change and that every request stays on the local server (offline), and
saves a screenshot (to $CARTELSIM_SCREENSHOT if set, e.g. docs/img/dashboard.png).
Skipped without /usr/bin/chromium unless CARTELSIM_REQUIRE_BROWSER=1 (set by CI).
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CARTELSIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    port = _free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    # as a user starts it: not under pytest's environment (Solara skips its checks when
    # PYTEST_CURRENT_TEST is set) and with a fresh home directory (no ~/.solara markers)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["HOME"] = str(tmp_path_factory.mktemp("home"))
    process = subprocess.Popen(
        [sys.executable, "-m", "model.ui.cli", "dashboard", "--port", str(port)],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            tail = log.read_text()[-2000:]
            pytest.fail(f"the dashboard server did not start; its log ends:\n{tail}")
        time.sleep(0.5)
    yield url
    process.terminate()  # the server itself (cartelsim dashboard execs solara)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def test_dashboard_in_headless_chromium(server, tmp_path):
    from playwright.sync_api import sync_playwright

    shot = Path(os.environ.get("CARTELSIM_SCREENSHOT", tmp_path / "dashboard.png"))
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1050})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(server)
        page.get_by_text("Week 0 (2020.00)").wait_for(timeout=90_000)
        map_image = page.locator(".cartelsim-map img")
        trends_image = page.locator(".cartelsim-trends img")
        map_image.wait_for(timeout=30_000)
        before = (map_image.get_attribute("src"), trends_image.get_attribute("src"))
        for n in range(1, 9):
            page.get_by_role("button", name="Step").click()
            page.get_by_text(f"Week {n} (").wait_for(timeout=30_000)
        page.wait_for_function(
            "([m, t]) => document.querySelector('.cartelsim-map img').src !== m"
            " && document.querySelector('.cartelsim-trends img').src !== t",
            arg=list(before),
            timeout=30_000,
        )
        headline = page.locator("text=active groups").first
        assert headline.is_visible()
        page.get_by_role("button", name="Play").click()  # Play runs on until paused
        page.wait_for_function(
            "() => { const m = document.body.innerText.match(/Week (\\d+) \\(/);"
            " return m && Number(m[1]) >= 60; }",
            timeout=120_000,
        )
        page.get_by_role("button", name="Pause").click()
        page.get_by_role("button", name="Step").wait_for(timeout=30_000)
        page.screenshot(path=str(shot), full_page=True)
        browser.close()
    assert shot.stat().st_size > 10_000
    offsite = [
        u for u in requests
        if urlparse(u).scheme not in ("data", "blob")
        and urlparse(u).hostname not in ("127.0.0.1", "localhost")
    ]  # fmt: skip
    assert not offsite, f"requests left the local server: {offsite[:5]}"
