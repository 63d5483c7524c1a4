"""Sweep performance: wall time of the six scenarios x 30 replicates x 520 weeks, the
overhead of the sweep machinery over plain runs, and memory.

    python benchmarks/bench_sweep.py [--replicates 30] [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from model.experiments.run import simulate
from model.experiments.sweep import load_spec, run_sweep

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicates", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--overhead-runs", type=int, default=6)
    args = parser.parse_args()
    spec = load_spec(ROOT / "sweeps" / "levers.toml")

    # machinery overhead, one core: plain simulate() loop vs run_sweep(workers=1)
    small = load_spec(ROOT / "sweeps" / "levers.toml")
    small.arms, small.replicates = small.arms[:1], args.overhead_runs
    start = time.perf_counter()
    for seed in small.seeds():
        simulate(small.arms[0].scenario, seed)
    plain = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_sweep(small, Path(tmp) / "o", workers=1)
        swept = time.perf_counter() - start
    print(f"overhead, {args.overhead_runs} runs on one core: plain {plain:.1f} s, sweep "
          f"{swept:.1f} s ({100 * (swept / plain - 1):+.1f}%)")  # fmt: skip

    spec.replicates = args.replicates
    runs = len(spec.runs())
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = run_sweep(spec, Path(tmp) / "levers", workers=args.workers)
        wall = time.perf_counter() - start
        size = sum(p.stat().st_size for p in (Path(tmp) / "levers" / "runs").iterdir())
        parts = len(list((Path(tmp) / "levers" / "runs").iterdir()))
        assert len(store.done()) == runs
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(spec.arms)} scenarios x {args.replicates} replicates x 520 weeks = {runs} runs "
          f"on {args.workers} workers: {wall:.0f} s ({wall / 60:.1f} min); {parts} Parquet parts, "
          f"{size / 1e6:.1f} MB; peak memory: parent {parent:.0f} MB, largest worker "
          f"{child:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
