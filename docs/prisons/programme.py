"""The youth programme against the old thin spread, at JCF's 2020 budget.

    python docs/prisons/programme.py > docs/prisons/programme.csv

Baseline world, 10 years from 2020, 5 seeds (1-5) per arm: no programme; JCF's 2020
budget (US$1.19 billion a year) as a programme of MXN 3,748 a month for 18-29 year-olds
with places at random among the eligible, or most at risk first; the same budget spread
over every at-risk youth (``youth_investment``, US$215 a year each, the design before
issue #14); and the programme with a stipend five times larger (fewer places). Prints the
medians over seeds of year 10 (the last 52 weeks): homicides, recruits and members at
the end, and the chance a contacted youth joins in the first week (mean over groups and
states).
"""

from __future__ import annotations

import numpy as np

from model import CartelModel, load_scenario, with_overrides
from model.experiments.parallel import run_all
from model.metrics import timeseries_frame
from model.params import Levers
from model.processes import recruitment
from model.studies.costs import at_risk_youths, budget_usd

BUDGET = round(budget_usd())
ARMS = {
    "no programme": {},
    "programme, random places": {"programme_budget": BUDGET, "programme_targeting": "random"},
    "programme, most at risk first": {
        "programme_budget": BUDGET, "programme_targeting": "most_at_risk",
    },
    "spread over every at-risk youth": {
        "youth_investment": round(BUDGET / at_risk_youths(), 2),
    },
    "programme, 5x stipend, random places": {
        "programme_budget": BUDGET, "programme_stipend": 5 * Levers().programme_stipend,
        "programme_targeting": "random",
    },
}  # fmt: skip
SEEDS = range(1, 6)


def _one(arm: str, seed: int) -> dict:
    model = CartelModel(with_overrides(load_scenario("baseline"), levers=ARMS[arm]), rng=seed)
    model.step()
    joins = float(recruitment.acceptance(model, model.roster.slots()).mean())
    ts = timeseries_frame(model.run(519)).iloc[-52:]
    return {
        "homicides": ts["homicides"].sum(),
        "recruits": ts["recruits"].sum(),
        "members": ts["members"].iloc[-1],
        "joins": joins,
    }


def main() -> None:
    """Print one CSV row per arm."""
    jobs = [(arm, seed) for arm in ARMS for seed in SEEDS]
    results = run_all(_one, jobs, 2)
    print("arm,homicides,recruits,members,p_join_week1")
    for i in range(0, len(jobs), len(SEEDS)):
        rows = results[i : i + len(SEEDS)]
        med = {k: float(np.median([r[k] for r in rows])) for k in rows[0]}
        print(
            f'"{jobs[i][0]}",{med["homicides"]:.0f},{med["recruits"]:.0f},'
            f"{med['members']:.0f},{med['joins']:.4f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
