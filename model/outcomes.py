"""Every outcome of a run, declared once: name, label, unit and how a horizon reads it.

The weekly time series (``timeseries.parquet``; :func:`model.metrics.timeseries_row`) has
one column per outcome below, after the two index columns ``step`` and ``year``. Sweeps,
sensitivity, comparisons, reports, histories, the dashboard and ``docs/output.md`` read
names, labels, units and reductions from here, so a new outcome is one entry here plus
its line in ``timeseries_row``.

``reduce`` says what one number "at a horizon" means for the outcome:

- ``"year"``: a weekly flow, summed over the 52 weeks that end at the horizon
  (homicides in the year);
- ``"last"``: a level or a running count, read at the horizon (members, active groups).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from model.units import WEEKS_PER_YEAR

Reduce = Literal["year", "last"]


@dataclass(frozen=True)
class Outcome:
    """One column of the weekly time series."""

    name: str
    label: str  # plain words for tables and figure axes
    unit: str
    reduce: Reduce  # "year": sum of the 52 weeks to a horizon; "last": value at it

    def at_horizon(self, weekly: np.ndarray, step: int) -> np.ndarray:
        """The outcome at ``step`` from weekly values (replicates x steps, step 0 first)."""
        weekly = np.asarray(weekly, dtype=float)
        if self.reduce == "year":
            return weekly[..., max(step - WEEKS_PER_YEAR + 1, 1) : step + 1].sum(axis=-1)
        return weekly[..., step]

    @property
    def reading(self) -> str:
        """How :meth:`at_horizon` reads the outcome, in words (for tables and reports)."""
        if self.reduce == "year":
            return f"sum over the {WEEKS_PER_YEAR} weeks to the horizon"
        return "value at the horizon"

    @property
    def horizon_label(self) -> str:
        """Label of the outcome read at a horizon ("homicides in the year")."""
        return f"{self.label} in the year" if self.reduce == "year" else self.label


INDEX = ("step", "year")  # the columns before the outcomes: week number, calendar year

_DECLARED = (
    Outcome("active_cartels", "active groups", "groups", "last"),
    Outcome("effective_cartels", "effective number of groups", "groups (1/HHI of members)", "last"),
    Outcome(
        "effective_cartels_territory",
        "effective number of groups by territory",
        "groups (1/HHI of states dominated)",
        "last",
    ),
    Outcome("largest_share", "largest group's share of members", "fraction", "last"),
    Outcome("cumulative_cartels", "groups ever formed", "groups", "last"),
    Outcome("homicides", "homicides", "persons a week", "year"),
    Outcome(
        "homicides_per_100k_year",
        "homicides per 100k a year",
        "persons per 100,000 residents a year (the week x 52)",
        "last",
    ),
    Outcome("homicides_rivalry", "homicides between rivals", "persons a week", "year"),
    Outcome(
        "homicides_split_war", "homicides between factions of a lineage", "persons a week", "year"
    ),
    Outcome("homicides_state_action", "killed in state operations", "persons a week", "year"),
    Outcome("missing", "missing persons", "persons a week", "year"),
    Outcome("member_deaths", "members killed", "persons a week", "year"),
    Outcome("members", "members", "persons", "last"),
    Outcome("recruits", "recruits", "persons a week", "year"),
    Outcome("quits", "members who quit", "persons a week", "year"),
    Outcome("arrests", "arrests", "persons a week", "year"),
    Outcome("released", "prisoners released", "persons a week", "year"),
    Outcome("prisoners", "prisoners", "persons", "last"),
    Outcome("returned", "former members back in a group", "persons a week", "year"),
    Outcome("former_members_outside", "released, not back in a group", "persons", "last"),
    Outcome("youths_at_risk", "at-risk youths", "persons", "last"),
    Outcome("revenue", "revenue", "US$ a week", "year"),
    Outcome("laundered", "money laundered", "US$ a week", "year"),
    Outcome("seized", "money seized", "US$ a week", "year"),
    Outcome("treasury", "groups' treasuries", "US$", "last"),
    Outcome("corruption", "corruption of forces", "mean share of units on a payroll", "last"),
    Outcome("arrests_lost_to_leaks", "arrests lost to leaks", "persons a week (expected)", "year"),
    Outcome("strikes", "leader strikes", "strikes a week", "year"),
    Outcome("strikes_leaked", "leader strikes leaked", "strikes a week", "year"),
    Outcome("leaders_removed", "leaders removed", "leaders a week", "year"),
    Outcome("leaders_lost", "leaders lost without a strike", "leaders a week", "year"),
    Outcome("splits", "splits", "splits a week", "year"),
    Outcome("alliances", "alliances formed", "alliances a week", "year"),
    Outcome("mergers", "mergers", "mergers a week", "year"),
    Outcome("extinctions", "groups extinct", "groups a week", "year"),
    Outcome("births", "local gangs formed", "groups a week", "year"),
    Outcome("breakaways", "cells broken away", "groups a week", "year"),
    Outcome("succession_wars", "contested successions begun", "groups a week", "year"),
    Outcome("alliance_pairs", "allied pairs", "pairs", "last"),
    Outcome("rivalries_ended", "rivalries ended", "pairs a week", "year"),
    Outcome("rival_pairs", "rival pairs", "pairs", "last"),
    Outcome("moved", "members moved to another state", "persons a week", "year"),
)

OUTCOMES: dict[str, Outcome] = {o.name: o for o in _DECLARED}


@dataclass(frozen=True)
class Summary:
    """One number of a run's ``summary.json`` (the person layer's careers)."""

    name: str
    label: str
    unit: str


# the run's summary (summary.json, model/people.py's careers()): one number each
SUMMARY = (
    Summary("recruits", "persons who joined a group during the run", "persons"),
    Summary(
        "careers_ended", "recruits who left membership at least once during the run", "persons"
    ),
    Summary(
        "median_career_years",
        "median time from joining to first leaving membership, among recruits who left "
        "(careers under way at the end are left out)",
        "years",
    ),
    Summary(
        "median_career_years_km",
        "the same median by Kaplan-Meier, careers under way at the end counted as censored "
        "(null in `summary.json`, n/a when printed, while more than half are under way)",
        "years",
    ),
)

# recruits.parquet, one row per person who ever joined (model/people.py's frame()):
# column -> meaning
RECRUITS = {
    "id": "person id (the row of the person table; stable for life, also after prison)",
    "week_joined": "week joined (-1: a member or prisoner at the start)",
    "year_joined": "calendar year joined (fractional; empty for those there at the start)",
    "age_at_joining": "age in whole years when joining (uniform over 15-29, an assumption)",
    "state": "state code where the person joined",
    "group": "name of the group joined (empty for prisoners at the start)",
    "highest_rank": "foot soldier, lieutenant (plaza boss) or leader: the highest ever held",
    "status": "at the end: member, prison, released (outside, may return), dead or left",
    "cause": "how the person last left a group: killed, killed by the state, arrested, "
    "quit, group dissolved, left crime (after release); empty if never",
    "fate_week": "week of the last change of status (-1: none)",
    "first_exit_week": "week the person first left membership (-1: never)",
    "times_arrested": "arrests (a prisoner at the start counts one)",
    "times_imprisoned": "prison admissions (the arrested past capacity are let go at once)",
    "times_rejoined": "returns to a group after prison",
    "rank": "rank at the end, for members (empty otherwise)",
    "group_now": "group at the end, for members (empty otherwise)",
    "place_now": "state code where the person is at the end (group, prison or outside)",
}
# the outcomes reports and sensitivity analyses summarize unless told otherwise:
# violence, size and fragmentation
HEADLINE = ("homicides", "members", "active_cartels", "effective_cartels")
COLUMNS = (*INDEX, *OUTCOMES)  # every column of the weekly time series, in order
