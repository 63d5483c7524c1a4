"""Figures docs/prisons.md quotes that no single committed output prints.

    python docs/prisons/derived.py > docs/prisons/derived.json

Reads arrest_campaigns.csv and programme.csv (no run) and the defaults: the mean time
served under the default prison parameters; what JCF's 2020 budget buys as a programme
(places, the share of at-risk youths they reach, the stipend a week) and spread over
every at-risk youth; the prison places of the baseline world at the start (median over
the campaigns' seeds 1-5; building a world runs no week); and the changes the page
quotes between rows of the two tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from model import CartelModel, load_scenario
from model.params import Params
from model.processes.prisons import mean_years_served
from model.processes.recruitment import programme_places, weekly_stipend
from model.studies.costs import at_risk_youths, budget_usd

HERE = Path(__file__).resolve().parent
SEEDS = range(1, 6)  # the seeds of arrest_campaigns.py


def prison_places() -> float:
    """Prison places of the baseline world at the start (median over the seeds)."""
    scenario = load_scenario("baseline")
    places = []
    for seed in SEEDS:
        model = CartelModel(scenario, rng=seed, people=False)
        places.append(model.params.prisons.capacity_ratio * model.prison_places_base)
    return float(np.median(places))


def main() -> None:
    """Print the derived figures as one JSON object."""
    params = Params()
    levers = params.levers
    budget, youths = budget_usd(), at_risk_youths(params)
    places = programme_places(budget, levers.programme_stipend)
    camp = pd.read_csv(HERE / "arrest_campaigns.csv").set_index(["version", "arrests_per_week"])
    prog = pd.read_csv(HERE / "programme.csv").set_index("arm")
    full, lean = camp.loc["issue 14"], camp.loc["no replacement"]
    prison_places_start = prison_places()
    out = {
        "mean_years_served": mean_years_served(params.prisons),
        "programme": {
            "budget_usd": budget,
            "places": places,
            "at_risk_youths": youths,
            "share_of_at_risk_youths": places / youths,
            "stipend_usd_a_week": weekly_stipend(levers.programme_stipend),
            "spread_usd_a_year_each": budget / youths,
        },
        "prison_places_start": prison_places_start,
        "campaign_2243": {
            "homicides_change": full.loc[2243, "homicides"] / full.loc[110, "homicides"] - 1,
            "members_change": full.loc[2243, "members"] / full.loc[110, "members"] - 1,
            "prisoners_over_places": full.loc[2243, "prisoners"] / prison_places_start,
        },
        "status_quo_members_without_replacement": lean.loc[110, "members"]
        / full.loc[110, "members"]
        - 1,
        "random_places_homicides_change": prog.loc["programme, random places", "homicides"]
        / prog.loc["no programme", "homicides"]
        - 1,
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
