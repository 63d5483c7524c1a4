"""Recruitment: at-risk youths weigh a cartel's offer against legal opportunity.

Each member contacts ``contact_rate`` at-risk youths a week (PC2023: recruitment grows
with size). A contacted youth joins with probability

    P = offer^b / (offer^b + legal^b)

where ``offer`` is the wage the group actually pays (cut when it is broke), raised by
local support bought with handouts, and ``legal`` is the legal weekly income, raised
by youth investment where it is spent. Members quit at a base rate, more when unpaid,
and through PC2023's saturation term (omega * C_i per member). Quitters return to the
at-risk pool. With ``proportional = true`` recruitment is PC2023's rho * C_i exactly.
The ``recruitment_prevention`` lever stops that share of attempts (PC2023's policy arms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model import sampling
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def legal_income(model: CartelModel) -> np.ndarray:
    """Legal weekly income of an at-risk youth in each state (US$/week)."""
    p, levers = model.params.recruitment, model.levers
    extra = np.full(model.world.n, levers.youth_investment / WEEKS_PER_YEAR)
    if levers.youth_investment_states:
        mask = np.zeros(model.world.n, dtype=bool)
        mask[[model.world.index[c] for c in levers.youth_investment_states]] = True
        extra[~mask] = 0.0
    return p.legal_wage + extra


def acceptance(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Probability that a contacted youth joins (groups x states)."""
    p, roster = model.params.recruitment, model.roster
    if p.proportional:
        return np.ones((slots.size, model.world.n))
    offer = model.params.economy.wage * roster.pay_fraction[slots][:, None]
    offer = offer * (1.0 + p.legitimacy_pull * roster.legitimacy[slots])
    legal = model.legal_income[None, :]
    b = p.choice_elasticity
    pull = offer**b  # computed once: a power over groups x places is the costly part
    return pull / (pull + legal**b)


def step(model: CartelModel) -> None:
    """Youths join groups; members quit."""
    p, roster, pop, rng = model.params.recruitment, model.roster, model.population, model.rng
    model.legal_income = legal_income(model)  # this week's state property
    slots = roster.slots()
    members = roster.members[slots]
    if p.proportional:  # PC2023: recruitment does not depend on the pool's depletion
        availability = np.ones(model.world.n)
    else:
        availability = np.divide(
            pop.youths, pop.base_youths, out=np.zeros(model.world.n), where=pop.base_youths > 0
        ).clip(0.0, 1.0)
    reach = 1.0 - model.levers.recruitment_prevention  # attempts prevention does not stop
    expected = p.contact_rate * members * acceptance(model, slots) * availability * reach
    recruits = sampling.poisson(rng, expected)
    demand = recruits.sum(axis=0)
    short = demand > pop.youths
    if short.any():  # not enough youths in a state: thin the recruits to fit
        keep = np.where(short, pop.youths / np.maximum(demand, 1), 1.0)
        recruits = sampling.binomial(rng, recruits, keep)
    size = members.sum(axis=1, keepdims=True)
    unpaid = 1.0 - roster.pay_fraction[slots][:, None]
    quit_p = np.clip(p.quit_rate + p.unpaid_quit_rate * unpaid + p.saturation * size, 0.0, 1.0)
    quits = sampling.binomial(rng, members, quit_p)
    roster.members[slots] += recruits - quits
    pop.youths += quits.sum(axis=0) - recruits.sum(axis=0)
    model.week.recruits = recruits.sum(axis=0)
    model.week.quits = quits.sum(axis=0)
    model.week.recruits_by_group = recruits.sum(axis=1)
