"""Dashboard: time of one step with its drawing, at the default scale.

Renders the real page in-process (``solara.render``), runs the baseline scenario to
week 260, then clicks Step repeatedly: each click steps the model and redraws the
headline numbers, the map and the trends (the visible tab) exactly as in the browser,
up to the PNG bytes sent to it. Prints the median and 90th percentile.

    python benchmarks/bench_dashboard.py [--clicks 40]
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=40)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import ipyvuetify as v
    import solara

    from model.ui.dashboard import Page

    _, rc = solara.render(Page(), handle_error=False)
    step = rc.find(v.Btn, children=["Step"]).widget
    for _ in range(260):  # warm up to mid-run: five years of history on the plots
        step.click()
    times = []
    for _ in range(args.clicks):
        start = time.perf_counter()
        step.click()
        times.append(time.perf_counter() - start)
    times.sort()
    p90 = times[int(0.9 * (len(times) - 1))]
    print(
        f"step + drawing (baseline, week 260+, {args.clicks} clicks): "
        f"median {1000 * statistics.median(times):.0f} ms, p90 {1000 * p90:.0f} ms"
    )


if __name__ == "__main__":
    main()
