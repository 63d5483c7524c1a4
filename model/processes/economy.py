"""Economy: plaza revenue, laundering and seizure, spending (all money in US$/week).

Each place's plaza has a weekly value (``plaza_value``): its share of the national revenue,
from what the groups fight over there (US crossings, container ports, drug crops,
population, the non-oil economy; sourced in model/data/plaza_covariates.md) or, in the
model before issue #13, from population and three route flags. Groups present in a state share
what they capture in proportion to their members there. Revenue is partly laundered
through the financial system, where anti-money-laundering (AML) seizes a share and
launderers charge fees; what remains pays, in order of plan, wages, bribes, handouts
and weapons. A group that cannot pay its plan pays every item in the same proportion
(``pay_fraction``), which the recruitment, corruption, legitimacy and conflict
processes feel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def _share(values: np.ndarray) -> np.ndarray:
    total = values.sum()
    return values / total if total > 0 else np.zeros_like(values)


def plaza_value(model: CartelModel) -> np.ndarray:
    """Weekly value of each place's plaza (US$): its share of national revenue.

    From covariates (default): a weighted sum of the place's shares of US crossings,
    container traffic, drug crops, population and the non-oil economy. From routes (the
    model before issue #13): population times the route weights.
    """
    world, p = model.world, model.params.economy
    if p.plaza_value_from == "routes":
        route = (
            1.0
            + p.route_weight_us_border * world.us_border
            + p.route_weight_port * world.port
            + p.route_weight_southern_border * world.southern_border
        )
        weight = _share(world.population * route)
    else:
        c = world.covariates
        crossings = (_share(c["us_crossings_trucks"]) + _share(c["us_crossings_vehicles"])) / 2
        crops = (_share(c["poppy_hectares"]) + _share(c["marijuana_hectares"])) / 2
        weight = _share(
            p.value_weight_us_crossings * crossings
            + p.value_weight_ports * _share(c["port_containers"])
            + p.value_weight_drug_crops * crops
            + p.value_weight_population * _share(world.population)
            + p.value_weight_economy * _share(c["economy"])
        )
    return p.national_revenue / WEEKS_PER_YEAR * weight


def captured_revenue(model: CartelModel, members: np.ndarray) -> np.ndarray:
    """Revenue of each group in each state (US$/week) given members (groups x states)."""
    total = members.sum(axis=0)
    half = model.params.economy.capture_half_members
    captured = model.plaza_value * total / (total + half)
    share = np.divide(members, total, out=np.zeros_like(members), where=total > 0)
    return captured * share


def step(model: CartelModel) -> None:
    """Earn, launder, lose to seizure, and spend."""
    p, levers, roster = model.params.economy, model.levers, model.roster
    slots = roster.slots()
    members = roster.members[slots].astype(float)
    revenue_by_state = captured_revenue(model, members)
    revenue = revenue_by_state.sum(axis=1)
    laundered = p.laundered_share * revenue
    seized = levers.aml_seizure * laundered
    fees = levers.laundering_cost * laundered
    available = revenue * (1.0 - p.operating_cost_share) - seized - fees
    headcount = members.sum(axis=1)
    shares = p.bribe_share + p.handout_share + p.arms_share
    plan = roster.wage[slots] * headcount + shares * revenue  # wages: model.processes.labour
    budget = roster.treasury[slots] + available
    paid = np.clip(np.divide(budget, plan, out=np.ones_like(plan), where=plan > 0), 0.0, 1.0)
    roster.treasury[slots] = np.maximum(budget - paid * plan, 0.0) * (1.0 - p.consumption_rate)
    roster.pay_fraction[slots] = paid
    roster.revenue[slots] = revenue
    arms_bought = paid * p.arms_share * revenue
    per_member = np.divide(
        arms_bought, headcount, out=np.zeros_like(arms_bought), where=headcount > 0
    )
    roster.arms[slots] = roster.arms[slots] * (1.0 - p.arms_depreciation) + per_member

    week = model.week
    week.slots = slots
    week.bribes = paid[:, None] * p.bribe_share * revenue_by_state  # groups x states
    week.handouts = paid[:, None] * p.handout_share * revenue_by_state
    week.revenue = float(revenue.sum())
    week.seized = float(seized.sum())
    week.laundered = float(laundered.sum())
