"""Benchmark: what the person layer (model/people.py) costs a week, and a Recruit agent.

Usage: python benchmarks/bench_people.py [--repeats 5] [--steps 520] [--scale]

Each repeat runs the default scenario (seed 1, 520 weeks) twice in this process, with
and without the layer, alternating which goes first, and times every call of
``people.step`` (the week's replay, bosses and leaders). Prints medians over the
repeats of: the layer's ms a week, the same per 100,000 persons in the table and per
1,000 persons moved (the week's flows), the whole run with and without it, building the
table at the start, ``People.frame`` (recruits.parquet's table), and making a
``Recruit`` agent (µs each, for 20,000 agents; times the run's joiners = what making one
per joiner would cost). With ``--scale`` also the finer map (2,464 places) and the
copied network (2,400 groups) of benchmarks/bench_scale.py, each in a fresh process:
the layer's ms a week against the whole step's (26 weeks after 26 of warm-up).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _timed_layer():
    """Wrap ``model.processes.people.step`` to time each call; return the list of times."""
    from model.processes import people

    times: list[float] = []
    original = people.step

    def step(model) -> None:
        start = time.perf_counter()
        original(model)
        times.append(time.perf_counter() - start)

    people.step = step
    return times


def default_run(steps: int, first: bool) -> dict:
    """One repeat: the default run with and without the layer (``first``: with first)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    from model import CartelModel
    from model.agents import Recruit

    times = _timed_layer()
    out: dict = {}
    for people in (True, False) if first else (False, True):
        del times[:]  # the layer's calls of this run only
        start = time.perf_counter()
        model = CartelModel(rng=1, people=people)
        build = time.perf_counter() - start
        model.run(steps)
        out["run_with" if people else "run_without"] = time.perf_counter() - start
        if not people:
            continue
        layer = list(times)
        out["layer_ms_week"] = 1000 * sum(layer) / steps
        out["build_s"] = build
        out["persons"] = len(model.people)
        out["members_mean"] = float(statistics.mean(model.datacollector.model_vars["members"]))
        vars_ = model.datacollector.model_vars
        moved = [
            sum(vars_[k][w] for k in ("recruits", "quits", "member_deaths", "arrests",
                                      "released", "returned", "moved"))
            for w in range(1, len(vars_["members"]))
        ]  # fmt: skip
        out["flows_week"] = statistics.mean(moved)
        start = time.perf_counter()
        model.people.frame(model)
        out["frame_s"] = time.perf_counter() - start
        n = min(20_000, len(model.people))
        start = time.perf_counter()
        for person in range(n):
            model.recruit(person)
        out["agent_us"] = 1e6 * (time.perf_counter() - start) / n
        assert len(model.agents_by_type[Recruit]) == n
        out["joiners"] = int((model.people.column("joined") >= 0).sum())
    return out


def scale_run(direction: str, k: int, steps: int, warmup: int) -> dict:
    """The layer's and the step's ms a week on bench_scale's larger worlds."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_scale import build as build_world  # the same worlds as bench_scale.py

    times = _timed_layer()
    model, build = build_world(direction, k)
    model.run(warmup)
    del times[:]
    steps_ms = []
    for _ in range(steps):
        start = time.perf_counter()
        model.step()
        steps_ms.append(1000 * (time.perf_counter() - start))
    return {
        "direction": direction,
        "places": model.world.n,
        "groups": len(model.cartels),
        "persons": len(model.people),
        "build_s": round(build, 2),
        "step_ms": round(statistics.median(steps_ms), 1),
        "layer_ms": round(1000 * statistics.median(times), 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _subprocess(*args: str) -> dict:
    command = [sys.executable, __file__, *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run the repeats and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--steps", type=int, default=520)
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        if args.one[0] == "default":
            print(json.dumps(default_run(args.steps, args.one[1] == "1")))
        else:
            print(json.dumps(scale_run(args.one[0], int(args.one[1]), 26, 26)))
        return
    rows = [
        _subprocess("--one", "default", str(r % 2), "--steps", str(args.steps))
        for r in range(args.repeats)
    ]

    def med(key: str) -> float:
        return statistics.median(r[key] for r in rows)

    def each(key: str, scale: float = 1.0, digits: int = 2) -> str:
        return ", ".join(f"{scale * r[key]:.{digits}f}" for r in rows)

    per_100k = [r["layer_ms_week"] / (r["persons"] / 1e5) for r in rows]
    per_1000_moved = [r["layer_ms_week"] / (r["flows_week"] / 1e3) for r in rows]
    print(
        f"default run (seed 1, {args.steps} weeks, one core), {args.repeats} repeats, "
        "each in a fresh process, with and without the layer:"
    )
    print(f"  person layer: {med('layer_ms_week'):.2f} ms a week (median; {each('layer_ms_week')})")
    print(
        f"  persons in the table at the end: {med('persons'):,.0f} (members on average "
        f"{med('members_mean'):,.0f}); per 100,000 persons: {statistics.median(per_100k):.2f} "
        f"ms a week; persons moved a week (recruits, quits, deaths, arrests, releases, "
        f"returns, moves): {med('flows_week'):,.0f}, {statistics.median(per_1000_moved):.2f} "
        "ms a week per 1,000 moved"
    )
    print(
        f"  whole run in process: {med('run_with'):.2f} s with the layer, "
        f"{med('run_without'):.2f} s without (median; with: {each('run_with')}; "
        f"without: {each('run_without')}); difference of medians "
        f"{med('run_with') - med('run_without'):.2f} s"
    )
    print(
        f"  building the table at the start: {1000 * med('build_s'):.0f} ms (the whole model); "
        f"People.frame (recruits.parquet): {1000 * med('frame_s'):.0f} ms"
    )
    print(
        f"  a Recruit agent: {med('agent_us'):.1f} µs each (20,000 made; {each('agent_us', 1, 1)});"
        f" one per joiner ({med('joiners'):,.0f} joiners) would cost "
        f"{med('agent_us') * med('joiners') / 1e6:.2f} s a run"
    )
    if args.scale:
        for direction, k in (("places", "77"), ("groups", "16")):
            r = _subprocess("--one", direction, k)
            print(
                f"  {direction}: {r['places']:,} places, {r['groups']:,} groups, "
                f"{r['persons']:,} persons: layer {r['layer_ms']} ms a week of a "
                f"{r['step_ms']} ms step (medians of 26 weeks after 26), build "
                f"{r['build_s']} s, peak {r['peak_mb']} MB"
            )


if __name__ == "__main__":
    main()
