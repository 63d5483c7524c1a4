"""Benchmark: how a weekly step grows with places and with groups.

Usage: python benchmarks/bench_scale.py [--steps 26] [--warmup 26] [--out benchmarks/scale.md]

Two synthetic directions, each configuration in a fresh process (so peak memory is its
own), on one BLAS thread:

- places: Mexico's 32 states split into k places each (``World.subdivided``: 32, 128, 512,
  2,464 places; about as many neighbours per place as a municipality), the 150 groups of
  the 2020 network;
- groups: the 2020 network copied k times (``initial.copied``: 150, 600, 2,400 groups,
  relations only within a copy, members scaled with it) over the 32 states.

Reports ms per step (median of ``--steps`` steps after ``--warmup`` steps), peak
resident memory, and the exponent b of a least-squares fit ms = a * n^b in each
direction. Targets (issue #12): 2,464 places x 150 groups <= 100 ms and <= 600 MB;
2,400 groups x 32 states <= 150 ms and <= 1 GB; b <= 1.3 both ways.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PLACES = (1, 4, 16, 77)  # parts per state: 32 ... 2,464 places
COPIES = (1, 4, 16)  # network copies: 150 ... 2,400 groups


def build(direction: str, k: int):
    """The model of one configuration, and the seconds its construction took.

    ``places``: every state cut into ``k`` places (``World.subdivided``); ``groups``:
    the 2020 network copied ``k`` times with ``k`` times the members (same group sizes).
    """
    from model import CartelModel, Scenario, initial
    from model.world import World

    scenario, world, model_class = Scenario(), None, CartelModel
    if direction == "places":
        world = World.subdivided(k, random=random.Random(1))
    else:
        scenario.params.world.initial_members *= k  # same group sizes in every copy

        class Copied(CartelModel):
            def network(self):
                return initial.copied(initial.network_2020(), k)

        model_class = Copied
    start = time.perf_counter()
    model = model_class(scenario, rng=1, world=world)
    return model, time.perf_counter() - start


def one(direction: str, k: int, steps: int, warmup: int) -> dict:
    """Build one configuration, step it, and measure (runs in its own process)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    model, build_s = build(direction, k)
    model.run(warmup)
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        model.step()
        times.append(time.perf_counter() - start)
    return {
        "direction": direction,
        "k": k,
        "places": model.world.n,
        "groups": len(model.cartels),
        "members": model.current["members"],
        "build_s": round(build_s, 2),
        "ms_per_step": round(1000 * statistics.median(times), 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def exponent(rows: list[dict], size: str) -> float:
    """Least-squares slope of log(ms per step) on log(size)."""
    import numpy as np

    x = np.log([r[size] for r in rows])
    y = np.log([r["ms_per_step"] for r in rows])
    return float(np.polyfit(x, y, 1)[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=26)
    parser.add_argument("--warmup", type=int, default=26)
    parser.add_argument("--out", type=Path, default=None, help="also write a Markdown table")
    parser.add_argument("--one", nargs=2, metavar=("DIRECTION", "K"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], int(args.one[1]), args.steps, args.warmup)))
        return
    rows = []
    for direction, ks in (("places", PLACES), ("groups", COPIES)):
        for k in ks:
            command = [sys.executable, __file__, "--one", direction, str(k),
                       "--steps", str(args.steps), "--warmup", str(args.warmup)]  # fmt: skip
            out = subprocess.run(command, capture_output=True, text=True, check=True)
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(rows[-1], flush=True)
    lines = [
        "| direction | places | groups | members | ms per step | peak MB | build s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['direction']} | {r['places']:,} | {r['groups']:,} | {r['members']:,} "
            f"| {r['ms_per_step']} | {r['peak_mb']} | {r['build_s']} |"
        )
    places = [r for r in rows if r["direction"] == "places"]
    groups = [r for r in rows if r["direction"] == "groups"]
    lines.append("")
    lines.append(
        f"Fitted exponent of ms per step: {exponent(places, 'places'):.2f} in places, "
        f"{exponent(groups, 'groups'):.2f} in groups."
    )
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
