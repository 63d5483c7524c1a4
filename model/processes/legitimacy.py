"""Legitimacy: social handouts buy local support, which shields a group and draws youths.

Support of group i in state s moves towards ``h / (h + handout_half)``, where ``h`` is
its handouts there in US$ per resident per year, at rate ``decay`` per week. Support
raises the worth of its offer to youths (recruitment) and hides a share of its
operations from forces (enforcement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def handouts_per_resident(model: CartelModel) -> np.ndarray:
    """The week's handouts of each group in each place, US$ per resident a year."""
    return model.week.handouts * WEEKS_PER_YEAR / model.world.population[None, :]


def support_target(model: CartelModel) -> np.ndarray:
    """The support this week's handouts buy each group in each place: h / (h + half)."""
    per_resident = handouts_per_resident(model)
    return per_resident / (per_resident + model.params.legitimacy.handout_half)


def step(model: CartelModel) -> None:
    """Move local support towards what this week's handouts buy."""
    p, roster = model.params.legitimacy, model.roster
    slots = model.week.slots  # the groups that earned (and gave) this week
    target = support_target(model)
    current = roster.legitimacy[slots]
    roster.legitimacy[slots] = current + p.decay * (target - current)
    roster.legitimacy[~roster.alive] = 0.0
