"""The labour market: posts left open by the dead and the arrested, and what groups pay.

Posts. A member killed or arrested leaves their post open (``vacancies``, persons, per
group); members who quit take theirs with them (voluntary exit is part of a group's
size equilibrium, PC2023's saturation). Each week a group seeks ``vacancy_contacts``
at-risk youths per open post, on top of the contacts its members make as it grows
(:mod:`model.processes.recruitment`); every recruit fills an open post first. Open posts
lapse after ``vacancy_months`` on average, and a group keeps open only the posts its
revenue could pay (revenue after operating costs and its other spending, at its wage).

Wage. A group pays ``economy.wage x (1 + risk_premium x risk) x (1 + scarcity_premium x
v)``: risk is a member's annual chance of being killed or arrested in the group (from
its recent losses per member, ``pressure``), v the share of its posts that are open.
The wage is both the offer youths weigh against their legal income and the group's wage
bill (:mod:`model.processes.economy`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def affordable_posts(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Posts each group's last revenue could pay at its wage (persons)."""
    e, roster = model.params.economy, model.roster
    spare = 1.0 - e.operating_cost_share - e.bribe_share - e.handout_share - e.arms_share
    wage = np.maximum(roster.wage[slots], 1e-9)
    return np.maximum(spare, 0.0) * roster.revenue[slots] / wage


def step(model: CartelModel) -> None:
    """Open posts lapse or are dropped when unaffordable; wages follow risk and scarcity."""
    p, roster = model.params.recruitment, model.roster
    slots = roster.slots()
    members = roster.members[slots].sum(axis=1).astype(float)
    open_posts = roster.vacancies[slots] * (1.0 - 1.0 / (p.vacancy_months * WEEKS_PER_YEAR / 12))
    if model.time > 0:  # revenue is known from the first week on
        open_posts = np.minimum(open_posts, np.maximum(affordable_posts(model, slots) - members, 0))
    roster.vacancies[slots] = np.maximum(open_posts, 0.0)
    risk = 1.0 - (1.0 - np.clip(roster.pressure[slots], 0.0, 1.0)) ** WEEKS_PER_YEAR
    posts = members + roster.vacancies[slots]
    vacant = np.divide(roster.vacancies[slots], posts, out=np.zeros(posts.shape), where=posts > 0)
    premiums = (1.0 + p.risk_premium * risk) * (1.0 + p.scarcity_premium * vacant)
    roster.wage[slots] = model.params.economy.wage * premiums


def vacate(model: CartelModel) -> None:
    """The week's dead and arrested members leave their posts open.

    The counts are per living group as conflict and enforcement saw them
    (``roster.slots()``, as :func:`model.processes.organization.update_pressure` reads
    them): a mismatch fails loudly rather than crediting posts to other groups.
    """
    week, roster = model.week, model.roster
    roster.vacancies[roster.slots()] += week.deaths_by_group + week.losses_by_group
