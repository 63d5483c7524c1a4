"""Recruitment: at-risk youths weigh a cartel's offer against legal opportunity.

Each member contacts ``contact_rate`` at-risk youths a week (PC2023: recruitment grows
with size). A contacted youth joins with probability

    P = offer^b / (offer^b + legal^b)

where ``offer`` is the wage the group actually pays (cut when it is broke), raised by
local support bought with handouts, and ``legal`` is the legal weekly income, raised by
youth investment where it is spent: youths' reservation incomes are log-logistic around
it. The youth programme pays a stipend to a number of eligible youths set by its budget,
most at risk first or at random (:func:`acceptance`). Members quit at a base rate, more
when unpaid, and through PC2023's saturation term (omega * C_i per member). Quitters
return to the at-risk pool. With ``proportional = true`` recruitment is PC2023's rho *
C_i exactly. The ``recruitment_prevention`` lever stops that share of attempts (PC2023's
policy arms).
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


def programme_places(budget: float, stipend: float) -> float:
    """Participants a year's ``budget`` (US$) keeps at any time at ``stipend`` (US$ a month)."""
    return budget / (stipend * 12.0)


def weekly_stipend(stipend: float) -> float:
    """A monthly stipend (US$) as US$ a week."""
    return stipend * 12.0 / WEEKS_PER_YEAR


def programme_share(model: CartelModel) -> np.ndarray:
    """Share of each place's at-risk youths enrolled in the youth programme now.

    Places = budget / (stipend x 12) participants at any time (the budget pays a year of
    stipends for that many), spread over the eligible youths of the programme's states
    (ages ``programme_min_age``-``programme_max_age`` of the 15-29 pool, ages taken as
    evenly spread), at most all of them.
    """
    levers, pop, world = model.levers, model.population, model.world
    if levers.programme_budget <= 0:
        return np.zeros(world.n)
    places = programme_places(levers.programme_budget, levers.programme_stipend)
    ages = max(0, levers.programme_max_age - levers.programme_min_age + 1)
    eligible = pop.youths * min(1.0, ages / 15.0)
    if levers.programme_states:
        chosen = np.zeros(world.n, dtype=bool)
        chosen[[world.index[c] for c in levers.programme_states]] = True
        eligible = np.where(chosen, eligible, 0.0)
    total = eligible.sum()
    if total <= 0:
        return np.zeros(world.n)
    enrolled = np.minimum(eligible, places * eligible / total)
    return np.divide(enrolled, pop.youths, out=np.zeros(world.n), where=pop.youths > 0)


def _joins(offer: np.ndarray, legal: np.ndarray, b: float) -> np.ndarray:
    """P(a youth's reservation income is below ``offer``): log-logistic, median ``legal``."""
    pull = np.maximum(offer, 0.0) ** b  # computed once: the costly power over groups x places
    return pull / (pull + legal**b)


def acceptance(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Probability that a contacted youth joins (groups x states).

    A youth joins when the offer beats their reservation income, log-logistic across
    youths with median the legal income and shape ``choice_elasticity`` (so P = offer^b
    / (offer^b + legal^b)). Programme participants (a share f of the place's youths) have
    the stipend added to their income: enrolled most-at-risk-first they are the youths
    with the lowest reservation incomes (quantiles below f), so P = min(f, P(offer -
    stipend)) + max(0, P(offer) - f); enrolled at random, P = (1 - f) P(offer) + f
    P(offer - stipend).
    """
    p, roster, levers = model.params.recruitment, model.roster, model.levers
    if p.proportional:
        return np.ones((slots.size, model.world.n))
    offer = (roster.wage[slots] * roster.pay_fraction[slots])[:, None]  # labour market
    offer = offer * (1.0 + p.legitimacy_pull * roster.legitimacy[slots])
    legal = model.legal_income[None, :]
    b = p.choice_elasticity
    joins = _joins(offer, legal, b)
    f = programme_share(model)[None, :]
    if not f.any():
        return joins
    stipend = weekly_stipend(levers.programme_stipend)
    enrolled = _joins(offer - stipend, legal, b)
    if levers.programme_targeting == "random":
        return (1.0 - f) * joins + f * enrolled
    return np.minimum(f, enrolled) + np.maximum(0.0, joins - f)


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
    # contacts: members' as the group grows, plus the search for replacements of its
    # open posts where it operates (model.processes.labour), cut when wages go unpaid
    size = members.sum(axis=1, keepdims=True)
    where = np.divide(members, size, out=np.zeros(members.shape), where=size > 0)
    search = p.vacancy_contacts * (roster.vacancies[slots] * roster.pay_fraction[slots])[:, None]
    contacts = p.contact_rate * members + search * where
    expected = contacts * acceptance(model, slots) * availability * reach
    recruits = sampling.poisson(rng, expected)
    demand = recruits.sum(axis=0)
    short = demand > pop.youths
    if short.any():  # not enough youths in a state: thin the recruits to fit
        keep = np.where(short, pop.youths / np.maximum(demand, 1), 1.0)
        recruits = sampling.binomial(rng, recruits, keep)
    unpaid = 1.0 - roster.pay_fraction[slots][:, None]
    quit_p = np.clip(p.quit_rate + p.unpaid_quit_rate * unpaid + p.saturation * size, 0.0, 1.0)
    quits = sampling.binomial(rng, members, quit_p)
    roster.members[slots] += recruits - quits
    roster.vacancies[slots] = np.maximum(roster.vacancies[slots] - recruits.sum(axis=1), 0.0)
    model.week.record("quit", slots, quits)  # the person layer (model/people.py)
    model.week.record("recruit", slots, recruits)
    pop.youths += quits.sum(axis=0) - recruits.sum(axis=0)
    model.week.recruits = recruits.sum(axis=0)
    model.week.quits = quits.sum(axis=0)
    model.week.recruits_by_group = recruits.sum(axis=1)
