"""Benchmark: the default run as a user starts it, whole process, on one core.

Usage: python benchmarks/bench_run.py [--repeats 3] [--steps 520] [--cpus 0]

Each repeat runs ``cartelsim run baseline --seed K --out TMP`` in a fresh process
pinned to ``--cpus`` (``taskset``): interpreter start, imports, building the world, 520
weekly steps, the output tables, summary.png and history.png. Prints each run's wall
time and the median, with the peak resident memory of the largest run. Also times the
steps alone in this process (build + steps, no output), the import costs in fresh
processes and the time to draw the two figures, so the whole run can be accounted for. Target
(issue #12): whole process <= 3 s median of 3 on an idle machine, < 1 GB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def whole_process(seed: int, steps: int, cpus: str) -> float:
    """Wall seconds of one ``cartelsim run`` in a fresh process."""
    out = tempfile.mkdtemp(prefix="bench_run_")
    command = [sys.executable, "-m", "model.ui.cli", "run", "baseline", "--seed", str(seed),
               "--steps", str(steps), "--out", out, "--quiet"]  # fmt: skip
    if cpus and shutil.which("taskset"):
        command = ["taskset", "-c", cpus, *command]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return wall


def steps_only(seed: int, steps: int) -> float:
    """Seconds to build the default model and run its steps in this process."""
    from model import CartelModel, load_scenario

    scenario = load_scenario("baseline")
    start = time.perf_counter()
    CartelModel(scenario, rng=seed).run(steps)
    return time.perf_counter() - start


def process_seconds(code: str, cpus: str, repeats: int = 3) -> float:
    """Median wall seconds of ``python -c code`` in a fresh process (imports, mostly)."""
    command = [sys.executable, "-c", code]
    if cpus and shutil.which("taskset"):
        command = ["taskset", "-c", cpus, *command]
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def figures_seconds(steps: int) -> float:
    """Seconds to draw and save summary.png and history.png of one run (matplotlib loaded)."""
    from model import load_scenario
    from model.experiments.history import history, write_history
    from model.experiments.plotting import summary_figure
    from model.experiments.run import simulate

    results = simulate(load_scenario("baseline"), 1, steps)
    summary_figure(results)  # load matplotlib and its fonts first
    out = tempfile.mkdtemp(prefix="bench_fig_")
    start = time.perf_counter()
    summary_figure(results).savefig(f"{out}/summary.png", dpi=110)
    write_history(history([results.timeseries], results.scenario.params.world.start_year), out)
    seconds = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return seconds


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=520)
    parser.add_argument("--cpus", default="0", help="taskset CPU list ('' for none)")
    args = parser.parse_args()
    from model.experiments.parallel import one_blas_thread

    one_blas_thread()
    walls = [whole_process(seed, args.steps, args.cpus) for seed in range(1, args.repeats + 1)]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    inner = [steps_only(seed, args.steps) for seed in range(1, args.repeats + 1)]
    each = ", ".join(f"{w:.2f}" for w in walls)
    print(f"whole process (cartelsim run baseline, {args.steps} weeks, one core): {each} s; "
          f"median {statistics.median(walls):.2f} s; peak memory {peak_mb:.0f} MB")  # fmt: skip
    print(f"build + steps alone: median {statistics.median(inner):.2f} s "
          f"({1000 * statistics.median(inner) / args.steps:.2f} ms a step)")  # fmt: skip
    python = process_seconds("pass", args.cpus)
    mesa = process_seconds("import mesa", args.cpus) - python
    cli = process_seconds("import model.ui.cli, model.experiments.replicates", args.cpus) - python
    mpl = process_seconds("import numpy, pandas; from matplotlib.figure import Figure; "
                          "import matplotlib.backends.backend_agg", args.cpus) - process_seconds(
        "import numpy, pandas", args.cpus)  # fmt: skip
    print(f"imports (fresh process, median of 3): mesa {mesa:.2f} s; the run command's modules "
          f"{cli:.2f} s (mesa included); matplotlib {mpl:.2f} s")  # fmt: skip
    print(f"the two figures (summary.png and history.png, matplotlib loaded): "
          f"{figures_seconds(args.steps):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
