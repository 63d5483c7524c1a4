"""Dashboard: Step click-to-repaint in Chromium, and the Play rate, at the default scale.

Serves `cartelsim dashboard` as a user starts it, opens it in headless Debian Chromium at
1280x720 (Playwright), plays the baseline scenario to week 260 (five years of history),
pauses, then clicks Step repeatedly and times each click in the browser, from the click
to the map repainted with the next week (``Plotly.react`` done, week text changed, next
animation frame). Then plays for ten seconds and counts the weeks. Also times a click
in-process (``solara.render``: the step and the server-side redraw, without the browser).
Prints medians and 90th percentiles.

    python benchmarks/bench_dashboard.py [--clicks 40]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def p90(times: list[float]) -> float:
    """The 90th percentile."""
    times = sorted(times)
    return times[int(0.9 * (len(times) - 1))]


def in_process(clicks: int) -> list[float]:
    """Seconds per Step click through the real component tree, without a browser."""
    warnings.simplefilter("ignore")
    import ipyvuetify as v
    import solara

    from model.ui.dashboard import Page

    _, rc = solara.render(Page(), handle_error=False)
    step = rc.find(v.Btn, children=["Step"]).widget
    for _ in range(260):
        step.click()
    times = []
    for _ in range(clicks):
        start = time.perf_counter()
        step.click()
        times.append(time.perf_counter() - start)
    return times


def in_browser(clicks: int) -> tuple[list[float], float]:
    """Milliseconds per Step click in Chromium, and weeks a second while playing."""
    from playwright.sync_api import sync_playwright

    from tests.test_dashboard_browser import CHROMIUM, FLAGS, STEP_TIMER, start_server, stop_server

    folder = Path(tempfile.mkdtemp())
    (folder / "home").mkdir()
    process, url = start_server(folder / "home", folder / "server.log")
    week = "() => Number(document.querySelector('.cartelsim-week').innerText.match(/\\d+/)[0])"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="en-US")
            page.goto(url)
            page.locator(".cartelsim-map .main-svg").first.wait_for(timeout=90_000)
            page.get_by_role("button", name="Play").click()
            page.wait_for_function(f"() => ({week})() >= 250", timeout=300_000)
            page.get_by_role("button", name="Pause").click()
            page.get_by_role("button", name="Step").wait_for(timeout=30_000)
            page.wait_for_timeout(1000)
            times = [page.evaluate(STEP_TIMER) for _ in range(clicks + 5)][5:]
            page.get_by_role("button", name="Play").click()
            page.wait_for_timeout(1000)
            start, t0 = page.evaluate(week), time.monotonic()
            page.wait_for_timeout(10_000)
            rate = (page.evaluate(week) - start) / (time.monotonic() - t0)
            page.get_by_role("button", name="Pause").click()
            browser.close()
    finally:
        stop_server(process)
    return times, rate


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=40)
    args = parser.parse_args()
    times, rate = in_browser(args.clicks)
    print(
        f"Step click-to-repaint in Chromium (baseline, 1280x720, week 250+, {args.clicks} "
        f"clicks): median {statistics.median(times):.0f} ms, p90 {p90(times):.0f} ms"
    )
    print(f"Play in Chromium (baseline, from week ~260): {rate:.1f} weeks a second")
    server = in_process(args.clicks)
    print(
        f"step + server-side redraw in-process (week 260+, {args.clicks} clicks): "
        f"median {1000 * statistics.median(server):.0f} ms, p90 {1000 * p90(server):.0f} ms"
    )


if __name__ == "__main__":
    main()
