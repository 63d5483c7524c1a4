"""Why a run started from the recorded 2020 network is quieter in its first year.

    python docs/calibration/fresh_start.py > docs/calibration/fresh_start.csv

Compares, on the same seeds, the calibration run (``mexico_2012``) when it reaches
January 2020 with the default scenario started in January 2020 from the recorded
network (``baseline``): groups, rival pairs, states per group, the share of the armed
force present that is hostile to a member (member-weighted), mean lethality, and the
homicides of the following year.
"""

from __future__ import annotations

import numpy as np

from model import load_scenario
from model.model import CartelModel
from model.processes import conflict
from model.units import WEEKS_PER_YEAR

SEEDS = (1, 2, 3)


def describe(model: CartelModel) -> dict[str, float]:
    """Structural state of a model now (the quantities the first year's violence needs)."""
    roster = model.roster
    slots = roster.slots()
    members = roster.members[slots].astype(float)
    lethality = conflict.lethality(model, slots)
    force = lethality[:, None] * members
    present = force.sum(axis=0)
    share = np.divide(force, present, out=np.zeros_like(force), where=present > 0)
    weights = members.sum(axis=0) / members.sum()
    return {
        "groups": float(slots.size),
        "members": float(members.sum()),
        "rival_pairs": float(roster.rivalry.matrix(slots).nnz // 2),
        "states_per_group": float((members > 0).sum(axis=1).mean()),
        "hostile_share": float(((1.0 - (share**2).sum(axis=0)) * weights).sum()),
        "mean_lethality": float(np.average(lethality, weights=members.sum(axis=1))),
    }


def next_year_homicides(model: CartelModel) -> float:
    """Run 52 weeks; homicides over them."""
    model.run(WEEKS_PER_YEAR)
    frame = model.datacollector.get_model_vars_dataframe()
    return float(frame["homicides"].iloc[-WEEKS_PER_YEAR:].sum())


if __name__ == "__main__":
    rows = []
    for seed in SEEDS:
        warm = CartelModel(load_scenario("mexico_2012"), rng=seed)
        warm.run(8 * WEEKS_PER_YEAR)  # January 2012 -> January 2020
        fresh = CartelModel(load_scenario("baseline"), rng=seed)
        for name, model in (("2012 run in January 2020", warm), ("2020 start", fresh)):
            row = {"run": name, "seed": seed, **describe(model)}
            row["homicides_next_year"] = next_year_homicides(model)
            rows.append(row)
    keys = list(rows[0])
    print(",".join(keys))
    for row in rows:
        print(
            ",".join(
                str(row[k]) if isinstance(row[k], str) or k == "seed" else f"{row[k]:.3f}"
                for k in keys
            )
        )
