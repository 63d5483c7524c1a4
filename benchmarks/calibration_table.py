"""Orders of magnitude of the default scenario against DESIGN.md's calibration targets.

Usage: python benchmarks/calibration_table.py [--seeds 10]

Runs scenarios/baseline.toml for 10 years with seeds 1..N and prints a Markdown table:
for the first simulated year (2020) and the tenth (2029), the median and the 10-90%
range across seeds of homicides a year, members, recruits a week, active groups.
"""

from __future__ import annotations

import argparse

import numpy as np

from model import load_scenario
from model.experiments.run import simulate

TARGETS = {
    "homicides a year": "roughly 30,000",
    "homicides per 100k a year": "~25-29 (2019-2021)",
    "members": "low hundreds of thousands (PC2023: ~175,000 in 2022)",
    "recruits a week": "hundreds (PC2023: 350-370 to avoid decline)",
    "member deaths a week": "~120 (PC2023 average 2012-2022)",
    "active groups": "at least 35",
}


def yearly(ts, year_index: int) -> dict[str, float]:
    """Key figures of one simulated year (0 = first)."""
    rows = ts.iloc[1 + 52 * year_index : 1 + 52 * (year_index + 1)]
    return {
        "homicides a year": rows["homicides"].sum(),
        "homicides per 100k a year": rows["homicides_per_100k_year"].mean(),
        "members": rows["members"].iloc[-1],
        "recruits a week": rows["recruits"].mean(),
        "member deaths a week": rows["member_deaths"].mean(),
        "active groups": rows["active_cartels"].iloc[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    scenario = load_scenario("scenarios/baseline.toml")
    first, last = [], []
    for seed in range(1, args.seeds + 1):
        ts = simulate(scenario, seed=seed).timeseries
        first.append(yearly(ts, 0))
        last.append(yearly(ts, 9))

    def cell(values: list[float]) -> str:
        lo, med, hi = np.percentile(values, [10, 50, 90])
        return f"{med:,.0f} ({lo:,.0f}-{hi:,.0f})"

    print(f"| quantity | target | 2020 (year 1) | 2029 (year 10) |  ({args.seeds} seeds)")
    print("|---|---|---|---|")
    for key, target in TARGETS.items():
        print(
            f"| {key} | {target} | {cell([r[key] for r in first])} | "
            f"{cell([r[key] for r in last])} |"
        )


if __name__ == "__main__":
    main()
