"""The Compare panel's numbers: what each arm costs, and per homicide averted.

Costs come from :mod:`model.studies.costs`: youth investment costs its US$ per at-risk
youth a year, over the at-risk youths of the states it goes to (all states when the list
is empty); the youth programme costs its budget; each arrest a week beyond the
reference's costs its prison-years (``costs.cost_per_arrest_usd``). Leader strikes,
vetting, force units and anti-laundering have no price there, so an arm that differs
from the reference only in those is *unpriced*. Lever values follow the scenario's
``[[schedule]]`` week by week, so a campaign that stops after six years is charged for
six years.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from model.scenario import Scenario
from model.studies import costs
from model.units import WEEKS_PER_YEAR
from model.world import state_codes, state_populations

PRICED = ("youth_investment", "youth_investment_states", "programme_budget", "arrests_per_week")


def weekly_levers(scenario: Scenario, steps: int) -> list[dict[str, Any]]:
    """The levers in force each week ``0 .. steps-1`` (initial levers, then the schedule)."""
    levers = dict(vars(scenario.params.levers))
    schedule = sorted(scenario.schedule, key=lambda entry: entry[0])
    out, k = [], 0
    for week in range(steps):
        while k < len(schedule) and schedule[k][0] < week:  # as the model applies them
            levers.update(schedule[k][1])
            k += 1
        out.append(dict(levers))
    return out


def youth_cost_usd(levers: dict[str, Any], scenario: Scenario) -> float:
    """US$ a year youth investment and the youth programme cost under ``levers``."""
    amount = float(levers["youth_investment"])
    programme = float(levers.get("programme_budget", 0.0))
    if amount <= 0:
        return programme
    youths = costs.at_risk_youths(scenario.params)
    chosen = levers["youth_investment_states"]
    if chosen:
        population = state_populations()
        share = population[[state_codes().index(c) for c in chosen]].sum() / population.sum()
        youths *= float(share)
    return amount * youths + programme


def annual_cost_usd(arm: Scenario, reference: Scenario, years: int) -> float:
    """Mean extra US$ a year ``arm`` spends over ``reference`` in ``years`` years."""
    steps = years * WEEKS_PER_YEAR
    price = costs.cost_per_arrest_usd(arm.params)
    total = 0.0
    for mine, theirs in zip(weekly_levers(arm, steps), weekly_levers(reference, steps)):
        youth = youth_cost_usd(mine, arm) - youth_cost_usd(theirs, reference)
        arrests = (float(mine["arrests_per_week"]) - float(theirs["arrests_per_week"])) * price
        total += youth / WEEKS_PER_YEAR + arrests
    return total / years


def changed_levers(arm: Scenario, reference: Scenario, years: int) -> set[str]:
    """Levers whose value differs between the arms in some week of ``years`` years."""
    steps = years * WEEKS_PER_YEAR
    changed: set[str] = set()
    for mine, theirs in zip(weekly_levers(arm, steps), weekly_levers(reference, steps)):
        changed |= {key for key in mine if mine[key] != theirs[key]}
    return changed


@dataclass
class ArmCost:
    """One arm against the reference: cost, homicides averted, cost per homicide averted."""

    cost_per_year: float  # US$, extra over the reference (negative: it spends less)
    averted: dict[str, float]  # median, p10, p90 of homicides averted over all years
    per_averted: float | None  # US$ per homicide averted; None if none are averted
    priced: bool  # False: it differs from the reference only in levers with no price


def arm_cost(
    arm: Scenario, reference: Scenario, averted_by_replicate: np.ndarray, years: int
) -> ArmCost:
    """Cost of ``arm`` per homicide it averts against ``reference`` over ``years`` years.

    ``averted_by_replicate``: homicides averted over all years, one per paired replicate.
    The cost per homicide averted is the extra cost over the years divided by the median
    homicides averted (None when the median is not positive).
    """
    cost = annual_cost_usd(arm, reference, years)
    values = np.asarray(averted_by_replicate, dtype=float)
    averted = {
        "median": float(np.median(values)),
        "p10": float(np.percentile(values, 10)),
        "p90": float(np.percentile(values, 90)),
    }
    changed = changed_levers(arm, reference, years)
    priced = bool(changed & set(PRICED)) or not changed
    per = cost * years / averted["median"] if averted["median"] > 0 else None
    return ArmCost(cost, averted, per, priced)
