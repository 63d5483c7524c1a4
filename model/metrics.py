"""Metrics: fragmentation and violence, per step and per state, in real units.

Fragmentation: ``effective_cartels`` is 1/HHI of member shares (the Laakso-Taagepera
effective number: 1 when one group has everyone, n when n groups are equal);
``effective_cartels_territory`` is the same over shares of states dominated.
Violence: ``homicides`` this week (all causes) and ``homicides_per_100k_year``
annualized (x 52) over the 2020 census population.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from model.outcomes import COLUMNS
from model.units import PER_100K, WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel

TIMESERIES = COLUMNS  # step, year, then every outcome of model/outcomes.py


def effective_number(shares: np.ndarray) -> float:
    """1 / sum(share^2) of non-negative weights (0 when all are zero)."""
    total = shares.sum()
    if total <= 0:
        return 0.0
    p = shares / total
    return float(1.0 / np.square(p).sum())


def reporter(name: str):
    """A DataCollector model reporter reading one column of the current row."""
    return lambda model: model.current[name]


def dominant_slots(model: CartelModel) -> np.ndarray:
    """Slot of the group with most members in each state (-1 where nobody is)."""
    members = model.roster.members[: model.roster.size]
    if members.shape[0] == 0:
        return np.full(model.world.n, -1)
    top = members.argmax(axis=0)
    return np.where(members.max(axis=0) > 0, top, -1)


def timeseries_row(model: CartelModel, dominant: np.ndarray) -> dict[str, Any]:
    """The national metrics of the step just completed (``dominant``: see dominant_slots)."""
    week, roster, pop, world = model.week, model.roster, model.population, model.world
    sizes = roster.members[roster.slots()].sum(axis=1)
    total = int(sizes.sum())
    held = np.bincount(dominant[dominant >= 0], minlength=roster.size).astype(float)
    homicides = int(week.total_homicides().sum())
    alliance_pairs = roster.alliance.count()
    return {
        "step": int(model.time),
        "year": model.year,
        "active_cartels": len(model.cartels),
        "effective_cartels": effective_number(sizes.astype(float)),
        "effective_cartels_territory": effective_number(held),
        "largest_share": float(sizes.max() / total) if total else 0.0,
        "cumulative_cartels": len(model.cartel_at),
        "homicides": homicides,
        "homicides_per_100k_year": homicides * WEEKS_PER_YEAR / world.population.sum() * PER_100K,
        "homicides_rivalry": int(week.homicides["rivalry"].sum()),
        "homicides_split_war": int(week.homicides["split_war"].sum()),
        "homicides_state_action": int(week.homicides["state_action"].sum()),
        "missing": int(week.missing.sum()),
        "member_deaths": int(week.member_deaths.sum()),
        "members": total,
        "recruits": int(week.recruits.sum()),
        "quits": int(week.quits.sum()),
        "arrests": int(week.arrests.sum()),
        "released": int(week.released),
        "prisoners": int(pop.prisoners.sum()),
        "returned": int(week.returned.sum()),
        "former_members_outside": int(pop.outside.sum()),
        "youths_at_risk": int(pop.youths.sum()),
        "revenue": week.revenue,
        "laundered": week.laundered,
        "seized": week.seized,
        "treasury": float(roster.treasury[roster.slots()].sum()),
        "corruption": float(model.force_corruption.mean()),
        "arrests_lost_to_leaks": week.arrests_lost_to_leaks,
        "strikes": week.strikes,
        "strikes_leaked": week.leaks,
        "leaders_removed": week.leaders_removed,
        "leaders_lost": week.leaders_lost,
        "splits": week.splits,
        "alliances": week.alliances,
        "mergers": week.mergers,
        "extinctions": week.extinctions,
        "births": week.births,
        "breakaways": week.breakaways,
        "succession_wars": week.succession_wars,
        "alliance_pairs": alliance_pairs,
        "rivalries_ended": week.rivalries_ended,
        "rival_pairs": roster.rivalry.count(),
        "moved": week.moved,
    }


def state_arrays(model: CartelModel, dominant: np.ndarray) -> dict[str, np.ndarray]:
    """Per-state values of the step just completed (one array per column)."""
    week, roster = model.week, model.roster
    members = roster.members[: roster.size]
    return {
        "homicides": week.total_homicides(),
        "member_deaths": week.member_deaths.copy(),
        "members": members.sum(axis=0),
        "dominant_slot": dominant,
        "n_cartels_present": (members > 0).sum(axis=0),
        "recruits": week.recruits.copy(),
        "arrests": week.arrests.copy(),
        "youths_at_risk": model.population.youths.copy(),
        "units": model.force_units.copy(),
        "corruption": model.force_corruption.copy(),
        "legal_income": model.legal_income.copy(),
        "plaza_value": model.plaza_value,
    }


def timeseries_frame(model: CartelModel) -> pd.DataFrame:
    """One row per step (step 0 is the initial state)."""
    return model.datacollector.get_model_vars_dataframe().reset_index(drop=True)


def states_frame(model: CartelModel) -> pd.DataFrame:
    """One row per step and state."""
    n = model.world.n
    steps = len(model.state_rows)
    cols = {k: np.concatenate([row[k] for row in model.state_rows]) for k in model.state_rows[0]}
    names = {slot: c.short_name for slot, c in model.cartel_at.items()}
    dominant = [names.get(int(s), "") for s in cols.pop("dominant_slot")]
    pop = np.tile(model.world.population, steps)
    frame = pd.DataFrame(
        {
            "step": np.repeat(np.arange(steps), n),
            "state": np.tile(model.world.codes, steps),
            "homicides": cols["homicides"],
            "homicides_per_100k_year": cols["homicides"] * WEEKS_PER_YEAR / pop * PER_100K,
            "dominant_cartel": dominant,
            **{k: v for k, v in cols.items() if k != "homicides"},
        }
    )
    return frame


def events_frame(model: CartelModel) -> pd.DataFrame:
    """The event log, one row per event."""
    columns = ["step", "year", "kind", "cartel", "cartel_id", "state", "details"]
    return pd.DataFrame(model.events, columns=columns)


def cartels_frame(model: CartelModel) -> pd.DataFrame:
    """Every cartel that ever existed, with its lineage (the family tree)."""
    rows = []
    for c in model.all_cartels:
        rows.append(
            {
                "cartel_id": c.unique_id,
                "name": c.name,
                "short_name": c.short_name,
                "parent_id": -1 if c.parent is None else c.parent,
                "root_id": c.root,
                "generation": c.generation,
                "home_state": model.world.codes[c.home],
                "born_step": c.born,
                "died_step": -1 if c.died is None else c.died,
                "members": c.members,
                "active": c.active,
            }
        )
    return pd.DataFrame(rows)


def band(values: Any, axis: int | None = None) -> dict[str, Any]:
    """Median and 10-90% band of ``values`` (NaNs ignored) over ``axis`` (all if None).

    The one summary across replicates the reports, figures and tables use. Where nothing
    but NaN is left, the three are NaN.
    """
    import warnings

    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return {"median": np.nan, "p10": np.nan, "p90": np.nan}
    with warnings.catch_warnings():  # an all-NaN slice is NaN, which is the answer
        warnings.simplefilter("ignore", RuntimeWarning)
        median, p10, p90 = np.nanquantile(values, [0.5, 0.1, 0.9], axis=axis)
    if axis is None:
        median, p10, p90 = float(median), float(p10), float(p90)
    return {"median": median, "p10": p10, "p90": p90}
