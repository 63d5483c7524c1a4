"""Figures of the default world that argue parameter values in model/params.py.

    python docs/parameters/anchors.py > docs/parameters/anchors.txt

Where no source measures a parameter, its declaration argues the default and the
plausible span by what they imply; the implied figures are printed here from the data
and from runs of the default scenario, so the argument can be checked and rerun:

- group sizes at the 2020 start (``world.spread_members``, ``economy.capture_half_members``,
  ``organization.split_half_size``);
- the 2020 network's rivalry weights (``conflict.split_rivalry``) and the 2012-2021 ratio
  of homicides to homicides plus missing persons (``conflict.homicide_share``);
- the first year's bribes, their pull on forces and the corruption they buy
  (``economy.bribe_share``, ``corruption.*``, ``levers.deployment_units``), handouts and the
  support they buy (``economy.handout_share``, ``legitimacy.handout_half``), and the
  largest weekly arrest rate in a place against ``enforcement.arrest_cap``;
- groups that start wholly in their home state (``world.home_share``,
  ``world.spread_members``); groups' pressure after a year, and alliances and mergers over
  ten years (``organization.reference_pressure``, ``organization.alliance_rate``);
- the calibration trials whose loss is within twice the best, the spans of the four
  calibrated parameters (docs/calibration/trials.csv);
- year-10 homicides with the status-quo anti-laundering seizure (0.005) and with the
  share that matches Pol (2020) (0.0014), on the same seeds (``levers.aml_seizure``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from model import load_scenario
from model.experiments.run import simulate
from model.model import CartelModel
from model.processes import corruption, enforcement, legitimacy
from model.scenario import with_overrides
from model.units import WEEKS_PER_YEAR

DATA = "model/data/cartel_network_2020"
SEED = 1
SEEDS = (1, 2, 3, 4, 5)


def network() -> None:
    """Rivalry weights and the homicide share of victims, from the shipped data."""
    rivals = pd.read_csv(f"{DATA}/BACRIM2020_Rivals.csv", encoding="utf-8-sig")
    q = rivals["weight"].quantile([0.1, 0.25, 0.5, 0.75, 0.9])
    print(f"rivalry weights, 2020 network ({len(rivals)} rows):")
    print("  percentiles 10/25/50/75/90: " + " / ".join(f"{v:g}" for v in q))
    trends = pd.read_csv(f"{DATA}/Trends2012_2021.csv", encoding="utf-8-sig")
    share = trends["homicide"] / (trends["homicide"] + trends["missings"])
    low, high = share.idxmin(), share.idxmax()
    print(
        "homicides / (homicides + missing), 2012-2021: "
        f"lowest {share[low]:.3f} ({trends['YEAR'][low]}), "
        f"highest {share[high]:.3f} ({trends['YEAR'][high]}), "
        f"2020 {share[trends['YEAR'] == 2020].iloc[0]:.3f}"
    )


def first_year() -> None:
    """Group sizes at the start and the first year's money, corruption and arrests."""
    model = CartelModel(rng=SEED)
    roster = model.roster
    sizes = roster.members[roster.slots()].sum(axis=1)
    p10, p50, p90 = np.percentile(sizes, [10, 50, 90])
    print(
        f"group sizes at the 2020 start ({sizes.size} groups): 10th percentile {p10:,.0f}, "
        f"median {p50:,.0f}, 90th {p90:,.0f}, mean {sizes.mean():,.0f}"
    )
    states = (roster.members[roster.slots()] > 0).sum(axis=1)
    print(f"  groups wholly in their home state at the start: {np.mean(states == 1):.1%}")
    bribes, pulls, targets, handouts, rates = [], [], [], [], []
    for _ in range(WEEKS_PER_YEAR):
        model.step()
        bribes.append(model.week.bribes.sum())
        pulls.append(corruption.pull(model))
        handouts.append(legitimacy.handouts_per_resident(model).sum(axis=0))
        target = legitimacy.support_target(model)
        targets.append(target[target > 0])  # the (group, place) cells with handouts
        here = roster.members[roster.slots()].sum(axis=0)
        rates.append(enforcement.place_arrest_rate(model, model.force_units, here).max())
    pull = np.mean(pulls, axis=0)
    target = np.concatenate(targets)
    print(f"first year, seed {SEED}:")
    print(f"  bribes paid: US${np.mean(bribes) * WEEKS_PER_YEAR / 1e9:.2f} billion a year")
    print(
        f"  bribes' pull on a state's forces: median {np.median(pull):.2f}, mean {pull.mean():.2f}"
    )
    print(
        f"  corruption of forces: {model.params.corruption.initial:.2f} at the start, "
        f"{model.force_corruption.mean():.2f} after a year (mean of states)"
    )
    print(
        "  handouts, all groups: median US$"
        f"{np.median(np.mean(handouts, axis=0)):.2f} per resident a year (states)"
    )
    print(
        f"  support a group's handouts buy in a place: median {np.median(target):.4f}, "
        f"90th percentile {np.percentile(target, 90):.4f}"
    )
    print(
        f"  largest weekly arrest rate in a place: {max(rates):.4f} of members "
        f"(arrest_cap {model.params.enforcement.arrest_cap})"
    )
    pressure = roster.pressure[roster.slots()]
    reference = model.params.organization.reference_pressure
    print(
        f"  groups' pressure after a year: median {np.median(pressure):.5f}, 90th percentile "
        f"{np.percentile(pressure, 90):.5f} (reference_pressure {reference}); at or above "
        f"the reference: {np.mean(pressure >= reference):.1%}"
    )


def alliances_and_mergers() -> None:
    """Alliances formed and mergers over the default ten years (seed 1)."""
    series = simulate(load_scenario("baseline"), SEED, people=False).timeseries
    print(
        f"ten years, seed {SEED}: {int(series['alliances'].sum())} alliances formed, "
        f"{int(series['mergers'].sum())} mergers"
    )


def calibration_spans() -> None:
    """The calibrated parameters' range over the trials within twice the best loss."""
    trials = pd.read_csv("docs/calibration/trials.csv")
    near = trials[trials["loss"] <= 2 * trials["loss"].min()]
    print(f"calibration trials within twice the best loss: {len(near)} of {len(trials)}")
    for name in [c for c in trials.columns if "." in c]:
        print(f"  {name}: {near[name].min():.4g} to {near[name].max():.4g}")


def anti_laundering() -> None:
    """Year-10 homicides at the status-quo seizure share and at Pol's, same seeds."""
    base = load_scenario("baseline")
    rows = []
    for share in (0.005, 0.0014):
        scenario = with_overrides(base, levers={"aml_seizure": share})
        for seed in SEEDS:
            series = simulate(scenario, seed, people=False).timeseries["homicides"]
            rows.append({"aml_seizure": share, "seed": seed, "year10": series.iloc[-52:].sum()})
    table = pd.DataFrame(rows).pivot(index="seed", columns="aml_seizure", values="year10")
    diff = table[0.0014] - table[0.005]
    print(f"year-10 homicides by anti-laundering seizure share ({len(SEEDS)} seeds, same seeds):")
    print(table.round(0).astype(int).to_string())
    print(
        f"  paired difference 0.0014 - 0.005: mean {diff.mean():+,.0f}, "
        f"seed-to-seed sd of year-10 homicides {table[0.005].std():,.0f}"
    )


if __name__ == "__main__":
    network()
    first_year()
    alliances_and_mergers()
    calibration_spans()
    anti_laundering()
