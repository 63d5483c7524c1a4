"""The served dashboard in a real headless browser (Debian Chromium driven by Playwright).

Starts `cartelsim dashboard` on a free port as a user would, opens the page at 1280x720
(English) and at 768x1024 (Spanish, from the browser's language) and checks: no request
leaves the local server; nothing sticks out of its container and no text is under 14 px;
Step repaints the map (click-to-repaint timed in the browser); a refused lever value is
explained in view and the field shows the value in use; the language switch changes every
visible string; Play runs. Screenshots go to $CARTELSIM_SCREENSHOTS if set (docs/img).
Skipped without /usr/bin/chromium unless CARTELSIM_REQUIRE_BROWSER=1 (set by CI).
"""

import os
import re
import socket
import statistics
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

# time from a click on Step to the map repainted with the next week, in the browser:
# Plotly.react has finished (the figure's render counter moved), the week text changed,
# and the next animation frame is due
STEP_TIMER = """async () => {
  const holder = document.querySelector('.cartelsim-map .cartelsim-plot');
  const week = document.querySelector('.cartelsim-week');
  const button = [...document.querySelectorAll('.cartelsim-scenario button')]
    .find((b) => /^(step|paso)$/i.test(b.innerText.trim()));
  const renders = Number(holder.dataset.renders), text = week.innerText;
  const t0 = performance.now();
  button.click();
  return await new Promise((resolve) => {
    const poll = () => {
      if (Number(holder.dataset.renders) > renders && week.innerText !== text) {
        requestAnimationFrame(() => resolve(performance.now() - t0));
      } else { requestAnimationFrame(poll); }
    };
    requestAnimationFrame(poll);
  });
}"""

# elements sticking out of their container (sideways, or below a box that clips), text
# under 14 px, and a page wider than the window
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase()
    + (el.className && el.className.baseVal === undefined
      ? '.' + String(el.className).trim().split(/\\s+/).slice(0, 2).join('.') : '');
  for (const el of document.querySelectorAll('.cartelsim-app *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(style.fontSize) < 14) {
      const text = el.textContent.trim().slice(0, 40);
      problems.push(`text under 14 px (${style.fontSize}): ${name(el)} "${text}"`);
    }
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;  // inside a chart
    if (['absolute', 'fixed'].includes(style.position)) continue;  // menus, tooltips
    const parent = el.parentElement;
    const ps = getComputedStyle(parent);
    if (['auto', 'scroll'].includes(ps.overflowX)) continue;
    const p = parent.getBoundingClientRect();
    if (r.left < p.left - 1 || r.right > p.right + 1) {
      const span = (b) => `${Math.round(b.left)}-${Math.round(b.right)}`;
      const where = `${name(el)} in ${name(parent)}`;
      problems.push(`sticks out sideways: ${where} (${span(r)} vs ${span(p)})`);
    }
    if (['hidden', 'clip'].includes(ps.overflowY) && r.bottom > p.bottom + 1 && own) {
      problems.push(`cut off below: ${name(el)} in ${name(parent)}`);
    }
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page is wider than the window: ${document.documentElement.scrollWidth}`);
  }
  return problems;
}"""

# every string a person can see: text of elements and of the charts' SVG text
VISIBLE_TEXT = """() => {
  const out = [];
  const root = document.querySelector('.cartelsim-app');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el) continue;
    const style = getComputedStyle(el), r = el.getBoundingClientRect();
    if (style.visibility === 'hidden' || style.display === 'none' || r.width === 0) continue;
    if (el.closest('.v-menu__content, .modebar-container, style, script')) continue;
    out.push(text);
  }
  return out;
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(home: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`cartelsim dashboard` as a user starts it: not under pytest's environment (Solara
    skips its checks when PYTEST_CURRENT_TEST is set), with a fresh home directory."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["HOME"] = str(home)
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
                    return process, url
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"the dashboard server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.5)


def stop_server(process: subprocess.Popen) -> None:
    """Stop the server (cartelsim dashboard execs solara, so this is the server itself)."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CARTELSIM_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    try:
        process, url = start_server(
            tmp_path_factory.mktemp("home"), tmp_path_factory.mktemp("server") / "server.log"
        )
    except RuntimeError as err:
        pytest.fail(str(err))
    yield url
    stop_server(process)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, url, width, height, locale):
    context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.locator(".cartelsim-week").wait_for(timeout=90_000)
    page.locator(".cartelsim-map .main-svg").first.wait_for(timeout=30_000)
    return page, requests


def offsite(requests):
    return [
        u for u in requests
        if urlparse(u).scheme not in ("data", "blob")
        and urlparse(u).hostname not in ("127.0.0.1", "localhost")
    ]  # fmt: skip


def week_number(page) -> int:
    return int(re.search(r"\d+", page.locator(".cartelsim-week").inner_text()).group())


def check_refusal_in_view(page, field_label, in_use):
    field = page.get_by_label(field_label, exact=True)
    field.scroll_into_view_if_needed()
    field.fill("7")
    field.press("Enter")
    refused = page.locator(".cartelsim-refused").first
    refused.wait_for(timeout=10_000)
    box, view = refused.bounding_box(), page.viewport_size
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= view["height"], box
    assert 0 <= box["x"] and box["x"] + box["width"] <= view["width"], box
    page.wait_for_function(  # the field now shows the value in use, not the refused one
        "([label, v]) => [...document.querySelectorAll('.cartelsim-lever-vetting input')]"
        ".some((i) => i.value === v)",
        arg=[field_label, in_use],
        timeout=10_000,
    )
    return refused.inner_text()


def save(page, name):
    folder = os.environ.get("CARTELSIM_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name))


def test_1280x720_english_offline_step_timing_refusal_and_language_switch(browser, server):
    page, requests = open_page(browser, server, 1280, 720, "en-US")
    assert page.locator(".cartelsim-week").inner_text() == "Week 0 · Jan 1, 2020"
    times = [page.evaluate(STEP_TIMER) for _ in range(12)]
    median = statistics.median(times[2:])  # the first clicks warm the page up
    print(f"\nStep click-to-repaint in Chromium at 1280x720: median {median:.0f} ms")
    assert median <= 400, times  # the benchmark measures the target (<= 150 ms) unloaded
    assert week_number(page) == 12
    map_box = page.locator(".cartelsim-map").bounding_box()
    assert map_box["width"] >= 0.6 * (1280 - 360) and map_box["height"] >= 400
    problems = page.evaluate(LAYOUT_PROBLEMS)
    assert not problems, problems
    refused = check_refusal_in_view(page, "Vetting of forces", "0")
    assert refused.startswith("Refused 7: allowed is a number from 0 to 1")
    # follow a recruit: a recent joiner's life in words; "another recruit" picks again
    page.get_by_role("tab", name="Follow a recruit").click()
    page.get_by_text(re.compile(r"^Person no\. \d+")).wait_for(timeout=30_000)
    first = page.locator(".cartelsim-recruit").inner_text()
    page.get_by_role("button", name="Another recruit").click()
    page.wait_for_function(
        "(t) => document.querySelector('.cartelsim-recruit').innerText !== t", arg=first,
        timeout=30_000,
    )  # fmt: skip
    assert " joined " in page.locator(".cartelsim-recruit").inner_text()
    problems = page.evaluate(LAYOUT_PROBLEMS)
    assert not problems, problems
    page.get_by_role("tab", name="Map").click()
    # Play runs on until paused
    page.get_by_role("button", name="Play").click()
    start, t0 = week_number(page), time.monotonic()
    page.wait_for_function(
        "() => Number(document.querySelector('.cartelsim-week').innerText.match(/\\d+/)[0]) >= 60",
        timeout=60_000,
    )
    rate = (week_number(page) - start) / (time.monotonic() - t0)
    page.get_by_role("button", name="Pause").click()
    print(f"Play: {rate:.1f} weeks a second")
    page.get_by_role("button", name="Step").wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    save(page, "dashboard_en.png")
    # the language switch changes every visible string (names, numbers and dates aside)
    english = set(page.evaluate(VISIBLE_TEXT))
    names = set(
        page.locator(".cartelsim-map .legendtext").evaluate_all(
            "(texts) => texts.map((t) => t.textContent.trim())"
        )
    )  # the groups' names
    page.get_by_role("button", name="Español").click()
    page.get_by_text(re.compile(r"^Semana \d+")).wait_for(timeout=10_000)
    page.wait_for_timeout(800)
    spanish = set(page.evaluate(VISIBLE_TEXT))
    from model.ui.dashboard import scenario_names

    kept = {
        s for s in english & spanish
        if re.search(r"[^\W\d_]{2}", s)  # words, not numbers
        and s not in names | set(scenario_names()) | {"cartelsim", "Español", "English"}
    }  # fmt: skip
    assert not kept, f"still in English after the switch: {sorted(kept)[:20]}"
    assert "Paso" in spanish and "Step" not in spanish
    page.close()
    assert not offsite(requests), f"requests left the local server: {offsite(requests)[:5]}"


def test_768x1024_spanish_from_the_browser_every_control_reachable(browser, server):
    page, requests = open_page(browser, server, 768, 1024, "es-MX")
    assert page.locator(".cartelsim-week").inner_text() == "Semana 0 · 1 ene 2020"
    step = page.get_by_role("button", name="Paso")
    for n in range(1, 4):
        step.click()  # Playwright clicks only what is visible and not covered
        page.get_by_text(f"Semana {n} ·").wait_for(timeout=30_000)
    controls = page.locator(".cartelsim-app button, .cartelsim-app input:not([readonly])")
    for control in controls.all():  # each visible, in the page and not covered
        if control.is_visible():
            control.click(trial=True, timeout=5_000)  # checks without clicking
    problems = page.evaluate(LAYOUT_PROBLEMS)
    assert not problems, problems
    refused = check_refusal_in_view(page, "Depuración de las fuerzas", "0")
    assert refused.startswith("Rechazado 7: se admite un número de 0 a 1")
    page.get_by_role("tab", name="Tendencias").click()
    page.locator(".cartelsim-trends .main-svg").first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Mapa").click()
    page.locator(".cartelsim-map .main-svg").first.wait_for(timeout=30_000)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(800)
    save(page, "dashboard_es.png")
    page.close()
    assert not offsite(requests), f"requests left the local server: {offsite(requests)[:5]}"
