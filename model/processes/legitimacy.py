"""Legitimacy: social handouts buy local support, which shields a group and draws youths.

Support of group i in state s moves towards ``h / (h + handout_half)``, where ``h`` is
its handouts there in US$ per resident per year, at rate ``decay`` per week. Support
raises the worth of its offer to youths (recruitment) and hides a share of its
operations from forces (enforcement).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def step(model: CartelModel) -> None:
    """Move local support towards what this week's handouts buy."""
    p, roster = model.params.legitimacy, model.roster
    slots = model.week.slots  # the groups that earned (and gave) this week
    per_resident = model.week.handouts * WEEKS_PER_YEAR / model.world.population[None, :]
    target = per_resident / (per_resident + p.handout_half)
    current = roster.legitimacy[slots]
    roster.legitimacy[slots] = current + p.decay * (target - current)
    roster.legitimacy[~roster.alive] = 0.0
