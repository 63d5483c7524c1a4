"""Benchmark: the default run as a user starts it, whole process, on one core.

Usage: python benchmarks/bench_run.py [--repeats 3] [--steps 520] [--cpus 0]

Each repeat runs ``cartelsim run baseline --seed K --out TMP`` (``python -m
model.ui.cli``, no other option: the progress bar is drawn as a user sees it) in a fresh
process pinned to ``--cpus`` (``taskset``): interpreter start, imports, building the
world, 520 weekly steps, the output tables, summary.png and history.png, and the exit.
A first run, not counted, writes the bytecode cache as a user's first run (or pip's
install) does, even where ``PYTHONDONTWRITEBYTECODE`` is set. Prints each run's wall
time and the median, with the peak resident memory of the largest run, and the
share of the processors that other jobs used meanwhile (a shared machine is slower).
Then the same calls as the command, timed phase by phase inside fresh processes (imports,
world and steps, tables, matplotlib, figures, and the rest: interpreter start and exit),
so the whole run can be accounted for; Mesa's import alone; and the exit with the
command's modules loaded with and without the command's ``gc.freeze()`` before it.
A yardstick (a fixed loop, before and after) tells a slow hour of the processor from a
slow command.
Target (issue #12): whole process <= 3 s median of 3 on an idle machine, < 1 GB.
"""

from __future__ import annotations

import argparse
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
               "--steps", str(steps), "--out", out]  # fmt: skip
    start = time.perf_counter()
    subprocess.run(_pinned(command, cpus), check=True, capture_output=True, env=env)
    wall = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return wall


PHASES = """\
import gc, sys, time
marks = [time.perf_counter()]
import model.ui.cli, model.experiments.replicates
marks.append(time.perf_counter())
from model.experiments.history import write_history
from model.experiments.parallel import one_blas_thread
from model.experiments.plotting import summary_figure
from model.experiments.replicates import run_replicates
from model.experiments.run import atomic_write, staged_folder, write_tables
from model.scenario import load_scenario

one_blas_thread()
run = run_replicates(load_scenario("baseline"), 1, int(sys.argv[1]))
marks.append(time.perf_counter())
with staged_folder(sys.argv[2], overwrite=True) as folder:
    write_tables(run.results, folder, csv=False, figure=False)
    marks.append(time.perf_counter())
    from matplotlib.figure import Figure
    import matplotlib.backends.backend_agg
    marks.append(time.perf_counter())
    fig = summary_figure(run.results)
    atomic_write(folder / "summary.png", lambda p: fig.savefig(p, dpi=110, format="png"))
    write_history(run.history, folder, None, "baseline: 1 replicate(s)")
    marks.append(time.perf_counter())
print(*(b - a for a, b in zip(marks, marks[1:])))
gc.freeze()
"""
PARTS = (
    "importing the command's modules",
    "building the world and the steps, tables in memory",
    "writing the tables",
    "importing matplotlib",
    "drawing and saving the two figures",
)


def phases(steps: int, cpus: str, repeats: int = 3) -> tuple[list[float], float]:
    """The command's path timed phase by phase inside fresh processes (cold, as a user's run).

    The same calls as ``cartelsim run`` (cmd_run, write_run), each phase timed inside the
    process; returns the median seconds of each of :data:`PARTS` and the median of the
    rest of the process's wall time: interpreter start and exit (after ``gc.freeze()``,
    as the command's).
    """
    each, rest = [], []
    for _ in range(repeats):
        out = tempfile.mkdtemp(prefix="bench_phases_")
        command = [sys.executable, "-c", PHASES, str(steps), out]
        start = time.perf_counter()
        done = subprocess.run(_pinned(command, cpus), check=True, capture_output=True, text=True)
        wall = time.perf_counter() - start
        shutil.rmtree(out, ignore_errors=True)
        seconds = [float(x) for x in done.stdout.split()]
        each.append(seconds)
        rest.append(wall - sum(seconds))
    return [statistics.median(s) for s in zip(*each)], statistics.median(rest)


def yardstick() -> float:
    """Seconds of a fixed pure-Python loop in this process (pinned): the processor's speed.

    On a virtual machine the same command can run 10-20% slower at one hour than at
    another with nothing else running inside it; this says which hour it was.
    """
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i % 7
    return time.perf_counter() - start


def _busy_seconds() -> float | None:
    """CPU seconds every processor has been busy since boot (Linux), or None."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def _own_seconds() -> float:
    """CPU seconds of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=520)
    parser.add_argument("--cpus", default="0", help="taskset CPU list ('' for none)")
    args = parser.parse_args()
    from model.experiments.parallel import one_blas_thread

    one_blas_thread()
    cores = os.cpu_count()
    if args.cpus and hasattr(os, "sched_setaffinity"):  # the parts timed here: one core too
        os.sched_setaffinity(0, _cpu_list(args.cpus))
    busy, own, began = _busy_seconds(), _own_seconds(), time.perf_counter()
    speed = [yardstick()]
    caching = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    whole_process(0, args.steps, args.cpus, env=caching)  # not counted: writes the bytecode
    walls = [whole_process(seed, args.steps, args.cpus) for seed in range(1, args.repeats + 1)]
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    parts, start_exit = phases(args.steps, args.cpus)
    (mesa,), _ = timed_imports(["import mesa"], args.cpus)
    _, frozen = timed_imports([COMMAND_MODULES, MATPLOTLIB], args.cpus)
    _, unfrozen = timed_imports([COMMAND_MODULES, MATPLOTLIB], args.cpus, freeze=False)
    speed.append(yardstick())
    whole = statistics.median(walls)
    each = ", ".join(f"{w:.2f}" for w in walls)
    print(f"whole process (cartelsim run baseline, {args.steps} weeks, one core): {each} s; "
          f"median {whole:.2f} s; peak memory {peak_mb:.0f} MB")  # fmt: skip
    print("its parts, the same calls timed phase by phase inside a fresh process (median of 3):")
    for name, seconds in zip(PARTS, parts):
        print(f"  {name}: {seconds:.2f} s", end="")
        if name.startswith("importing the command"):
            print(f" (Mesa alone {mesa:.2f} s)", end="")
        if name.startswith("building"):
            print(f" ({1000 * seconds / args.steps:.2f} ms a week)", end="")
        print()
    print(f"  interpreter start and exit: {start_exit:.2f} s (with the same modules loaded, "
          f"{frozen:.2f} s with the command's gc.freeze() before the exit, {unfrozen:.2f} s "
          f"without)")  # fmt: skip
    print(f"  sum of the parts: {sum(parts) + start_exit:.2f} s")
    if busy is not None:
        elapsed = time.perf_counter() - began
        others = max(0.0, _busy_seconds() - busy - (_own_seconds() - own)) / elapsed
        shared = "shared with other jobs" if others >= 0.2 else "idle but for this benchmark"
        print(f"machine: {cores} cores; other processes kept {others:.2f} of them busy on "
              f"average during the benchmark ({shared})")  # fmt: skip
    print(f"yardstick (a fixed pure-Python loop, before and after the runs): "
          f"{speed[0]:.3f} s, {speed[1]:.3f} s")  # fmt: skip


if __name__ == "__main__":
    main()
