"""Do arrests still eradicate the groups? Arrest campaigns with and without issue #14.

    python docs/prisons/arrest_campaigns.py > docs/prisons/arrest_campaigns.csv

Baseline world, 10 years from 2020, 5 seeds (1-5) per arm: the status quo's 110 arrests
a week, the equal-cost card's arrest arm (2,243 a week) and 5,000 a week; each with
issue #14's prisons, saturating arrests and labour market ("issue 14"), without the
labour market's replacement of the killed and the arrested ("no replacement": groups
search only as they grow), and with all three switched off ("before": arrests at
capacity however few members are left, nobody returns from prison, no replacement).
The calibrated parameters are those of the full model in every version. Prints the
medians over seeds of year 10 (the last 52 weeks): homicides,
members and arrests made, and at the end active groups, prisoners and former members
outside; plus arrests made per arrest of capacity bought in year 10.
"""

from __future__ import annotations

import numpy as np

from model import CartelModel, load_scenario, with_overrides
from model.experiments.parallel import run_all
from model.metrics import timeseries_frame

ARRESTS = (110.0, 2243.0, 5000.0)
NO_REPLACEMENT = {"vacancy_contacts": 0.0}
VERSIONS = {
    "issue 14": {},
    "no replacement": {"recruitment": NO_REPLACEMENT},
    "before": {
        "enforcement": {"arrest_half_members": 0.0},
        "prisons": {"recidivism": 0.0},
        "recruitment": NO_REPLACEMENT,
    },
}
SEEDS = range(1, 6)


def _one(version: str, arrests: float, seed: int) -> dict:
    scenario = with_overrides(
        load_scenario("baseline"), levers={"arrests_per_week": arrests}, **VERSIONS[version]
    )
    ts = timeseries_frame(CartelModel(scenario, rng=seed).run(520))
    last = ts.iloc[-52:]
    return {
        "homicides": last["homicides"].sum(),
        "members": last["members"].iloc[-1],
        "arrests_made": last["arrests"].sum(),
        "active_groups": last["active_cartels"].iloc[-1],
        "prisoners": last["prisoners"].iloc[-1],
        "outside": last["former_members_outside"].iloc[-1],
    }


def main() -> None:
    """Print one CSV row per (version, arrests a week)."""
    jobs = [(v, a, s) for v in VERSIONS for a in ARRESTS for s in SEEDS]
    results = run_all(_one, jobs, 2)
    print("version,arrests_per_week,homicides,members,arrests_made,made_per_capacity,"
          "active_groups,prisoners,outside")  # fmt: skip
    for i in range(0, len(jobs), len(SEEDS)):
        version, arrests, _ = jobs[i]
        rows = results[i : i + len(SEEDS)]
        med = {k: float(np.median([r[k] for r in rows])) for k in rows[0]}
        print(
            f'"{version}",{arrests:.0f},{med["homicides"]:.0f},{med["members"]:.0f},'
            f"{med['arrests_made']:.0f},{med['arrests_made'] / (arrests * 52):.3f},"
            f"{med['active_groups']:.0f},{med['prisoners']:.0f},{med['outside']:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
