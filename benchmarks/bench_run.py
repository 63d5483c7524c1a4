"""Benchmark: the default scenario for 10 years (520 weekly steps) on one core.

Usage: python benchmarks/bench_run.py [--repeats 3] [--steps 520]

Prints wall time per run (model build + 520 steps + building the output tables) and
the peak resident memory of the process. Target (issue #2): <= 5 s, < 1 GB.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from model import load_scenario  # noqa: E402
from model.experiments.run import simulate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=520)
    parser.add_argument("--scenario", default="scenarios/baseline.toml")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    times = []
    for seed in range(1, args.repeats + 1):
        start = time.perf_counter()
        simulate(scenario, seed=seed, steps=args.steps)
        times.append(time.perf_counter() - start)
        print(f"seed {seed}: {times[-1]:.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{scenario.name}, {args.steps} steps: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}); peak memory {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
