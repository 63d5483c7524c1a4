"""Benchmark: the default run as a user starts it, whole process, on one core.

Usage: python benchmarks/bench_run.py [--repeats 3] [--steps 520] [--cpus 0]

Each repeat runs ``cartelsim run baseline --seed K --out TMP`` (``python -m
model.ui.cli``, no other option: the progress bar is drawn as a user sees it) in a fresh
process pinned to ``--cpus`` (``taskset``): interpreter start, imports, building the
world, 520 weekly steps, the output tables, summary.png and history.png, and the exit.
A first run, not counted, writes the bytecode cache as a user's first run (or pip's
install) does, even where ``PYTHONDONTWRITEBYTECODE`` is set. Prints each run's wall
time and the median, with the peak resident memory of the largest run, and the machine's
load average (a shared machine is slower). Also times the parts, so the whole run can be
accounted for: the steps alone (build + steps, no output) in this process; the imports
timed inside fresh processes, and those processes' start and exit; the two figures.
Target (issue #12): whole process <= 3 s median of 3 on an idle machine, < 1 GB.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

COMMAND_MODULES = "import model.ui.cli, model.experiments.replicates"
MATPLOTLIB = "from matplotlib.figure import Figure; import matplotlib.backends.backend_agg"


def _pinned(command: list[str], cpus: str) -> list[str]:
    return ["taskset", "-c", cpus, *command] if cpus and shutil.which("taskset") else command


def _cpu_list(cpus: str) -> set[int]:
    """``taskset``'s list ("0", "0,1", "0-3") as a set of CPU numbers."""
    out: set[int] = set()
    for part in cpus.split(","):
        low, _, high = part.partition("-")
        out.update(range(int(low), int(high or low) + 1))
    return out


def whole_process(seed: int, steps: int, cpus: str, env: dict[str, str] | None = None) -> float:
    """Wall seconds of one ``cartelsim run`` in a fresh process."""
    out = tempfile.mkdtemp(prefix="bench_run_")
    command = [sys.executable, "-m", "model.ui.cli", "run", "baseline", "--seed", str(seed),
               "--steps", str(steps), "--out", out, "--overwrite"]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(_pinned(command, cpus), check=True, capture_output=True, env=env)
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


def timed_imports(
    groups: list[str], cpus: str, repeats: int = 3, freeze: bool = True
) -> tuple[list[float], float]:
    """Import ``groups`` one after the other in fresh processes, each timed inside the process.

    Returns the median seconds of each group and the median of the rest of the process's
    wall time: interpreter start and exit (the exit after ``gc.freeze()``, as the command's,
    unless ``freeze`` is false).
    """
    code = ["import gc, time", "seconds = []"]
    for group in groups:
        code += ["t = time.perf_counter()", group, "seconds.append(time.perf_counter() - t)"]
    code += ["print(*seconds)", "gc.freeze()" if freeze else ""]
    each, rest = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        done = subprocess.run(_pinned([sys.executable, "-c", "\n".join(code)], cpus),
                              check=True, capture_output=True, text=True)  # fmt: skip
        wall = time.perf_counter() - start
        seconds = [float(s) for s in done.stdout.split()]
        each.append(seconds)
        rest.append(wall - sum(seconds))
    return [statistics.median(s) for s in zip(*each)], statistics.median(rest)


def figures_seconds(steps: int, repeats: int = 3) -> float:
    """Median seconds to draw and save summary.png and history.png of one run.

    matplotlib and its fonts are loaded first, and the garbage of the runs before is
    collected (the command has none of it: its collections would scan more than the
    command's).
    """
    from model import load_scenario
    from model.experiments.history import history, write_history
    from model.experiments.plotting import summary_figure
    from model.experiments.run import simulate

    results = simulate(load_scenario("baseline"), 1, steps)
    table = history([results.timeseries], results.scenario.params.world.start_year)
    summary_figure(results)  # load matplotlib and its fonts first
    out = tempfile.mkdtemp(prefix="bench_fig_")
    seconds = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        summary_figure(results).savefig(f"{out}/summary.png", dpi=110)
        write_history(table, out)
        seconds.append(time.perf_counter() - start)
    shutil.rmtree(out, ignore_errors=True)
    return statistics.median(seconds)


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=520)
    parser.add_argument("--cpus", default="0", help="taskset CPU list ('' for none)")
    args = parser.parse_args()
    from model.experiments.parallel import one_blas_thread

    one_blas_thread()
    load = os.getloadavg()[0]  # the minute before this benchmark's own runs
    cores = os.cpu_count()
    if args.cpus and hasattr(os, "sched_setaffinity"):  # the parts timed here: one core too
        os.sched_setaffinity(0, _cpu_list(args.cpus))
    caching = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    whole_process(0, args.steps, args.cpus, env=caching)  # not counted: writes the bytecode
    walls = [whole_process(seed, args.steps, args.cpus) for seed in range(1, args.repeats + 1)]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    inner = statistics.median(steps_only(seed, args.steps) for seed in range(1, args.repeats + 1))
    (mesa,), _ = timed_imports(["import mesa"], args.cpus)
    (modules, mpl), start_exit = timed_imports([COMMAND_MODULES, MATPLOTLIB], args.cpus)
    _, unfrozen = timed_imports([COMMAND_MODULES, MATPLOTLIB], args.cpus, freeze=False)
    _, bare = timed_imports([], args.cpus)
    figures = figures_seconds(args.steps)
    whole = statistics.median(walls)
    each = ", ".join(f"{w:.2f}" for w in walls)
    print(f"whole process (cartelsim run baseline, {args.steps} weeks, one core): {each} s; "
          f"median {whole:.2f} s; peak memory {peak_mb:.0f} MB")  # fmt: skip
    print(f"build + steps alone: median {inner:.2f} s ({1000 * inner / args.steps:.2f} ms a step)")
    print(f"imports (timed inside fresh processes, median of 3): mesa {mesa:.2f} s; the run "
          f"command's modules {modules:.2f} s (mesa included); matplotlib after them "
          f"{mpl:.2f} s")  # fmt: skip
    print(f"interpreter start and exit with those modules loaded: {start_exit:.2f} s "
          f"({unfrozen:.2f} s without the command's gc.freeze() before its exit; an empty "
          f"python: {bare:.2f} s)")  # fmt: skip
    print(f"the two figures (summary.png and history.png, matplotlib loaded, median of 3): "
          f"{figures:.2f} s")  # fmt: skip
    rest = whole - (inner + modules + mpl + start_exit + figures)
    print(f"the rest (tables, scenario.toml, metadata.json, history.csv: the whole minus the "
          f"parts above): {rest:.2f} s")  # fmt: skip
    shared = "shared: other jobs were running" if load >= 0.5 else "idle"
    print(f"machine: {cores} cores, load average {load:.2f} over the minute before the "
          f"runs ({shared})")  # fmt: skip


if __name__ == "__main__":
    main()
