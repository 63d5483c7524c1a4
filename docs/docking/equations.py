"""Figures docs/docking.md quotes beside the docking table, which the table does not print.

    python docs/docking/equations.py > docs/docking/equations.json

From the published equations (scipy, ``model.studies.docking.equations``, the docking
configuration): the members removed a week in the quarter before January 2022 by
killing, arrest and drop-out (the table's "recruits a week needed to avoid decline" is
their sum), the Poisson noise of one week's deaths at that level, the change in weekly
victims 2027 vs 2022 under doubled incarceration at an instant (one week against one
week) beside the table's quarterly average, and the smallest group at the start (1/rank
sizes). From the committed docking.json: the largest gap, in percentage points, between
the agent model's median and the equations over the table's percentage rows. From the
agent model: the active groups in January 2022 of each of the docking's 20 replicates
(seeds 0-19, the same runs as ``cartelsim dock`` up to its branch point; ~20 s on 2
cores).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from model import CartelModel, load_scenario
from model.experiments.parallel import run_all
from model.studies import docking

HERE = Path(__file__).resolve().parent
SEEDS = range(20)


def quarter(series, step: int) -> float:
    """Mean weekly value over the docking's window (13 weeks) ending at ``step``."""
    return float(series[step - docking.WINDOW + 1 : step + 1].mean())


def active_in_2022(seed: int) -> int:
    """Active groups of one docking replicate in January 2022 (its branch point)."""
    scenario = load_scenario("science2023")
    branch, _ = docking.branch_steps(scenario)
    return int(CartelModel(scenario, rng=seed, people=False).run(branch).roster.slots().size)


def largest_gap(table: list[dict], skip: tuple[str, ...] = ()) -> float:
    """Largest |agent median - equations| in points over the percentage rows."""
    return max(
        100 * abs(row["median"] - row["equations"])
        for row in table
        if row["percent"] and row["quantity"] not in skip
    )


def main() -> None:
    """Print the figures as one JSON object."""
    scenario = load_scenario("science2023")
    branch, horizon = docking.branch_steps(scenario)
    runs = docking.equations(scenario)
    sq, doubled = runs["status_quo"], runs["double_incarceration"]
    deaths = quarter(sq["member_deaths"], branch)
    victims = doubled["member_deaths"]
    table = json.loads((HERE / "docking.json").read_text())["table"]
    sizes, _ = docking._network(scenario)
    active = run_all(active_in_2022, [(seed,) for seed in SEEDS], 2)
    out = {
        "equations_removed_a_week_2022": {
            "killed": deaths,
            "arrested": quarter(sq["arrests"], branch),
            "dropped_out": quarter(sq["quits"], branch),
        },
        "equations_weekly_deaths_poisson_noise": 1 / math.sqrt(deaths),
        "equations_victims_change_2027_doubled_incarceration": {
            "instant": victims[horizon] / victims[branch] - 1,
            "quarterly": quarter(victims, horizon) / quarter(victims, branch) - 1,
        },
        "smallest_group_at_start": float(sizes.min()),
        "largest_gap_points": largest_gap(table),
        "largest_gap_points_but_the_deaths_rise": largest_gap(
            table, ("member_deaths_rise_2012_2022",)
        ),
        "agent_active_groups_2022": {"min": min(active), "max": max(active)},
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
