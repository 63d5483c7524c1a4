"""Predators smell weakness: rivals push into the plazas of weakened groups.

A group's weakness ``w`` (0-1) is the largest of: 1 while its leader's post is vacant
(a succession under way or contested); ``weakened``, set to 1 when its leader falls or
it splits and decaying exponentially with mean ``weakness_months``; and the share of its
wages it could not pay last week (``1 - pay_fraction``). Rivals exploit it twice:

- the hazard its members suffer from other groups is multiplied by
  ``1 + predation x w`` (:func:`exposure`, read by the conflict process), in every place
  it holds, so a fallen leader's organization is attacked where it operates, also in
  neighbouring states (Calderon, Robles, Diaz-Cayeros & Magaloni 2015; Lindo &
  Padilla-Romo 2018 find homicides rising where the organization is present);
- neighbours judging where to expand, and gangs judging an incumbent's grip, count its
  members as ``1 / (1 + predation x w)`` (:func:`held`, read by territory and births),
  so members move into its plazas and bring their fights with them.

``predation = 0`` (the docking configuration) turns both off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def weakness(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Weakness (0-1) of the groups ``slots``: vacant post, recent fall or split, unpaid wages."""
    roster = model.roster
    vacant = (roster.leader[slots] == 0).astype(float)
    unpaid = np.clip(1.0 - roster.pay_fraction[slots], 0.0, 1.0)
    return np.maximum.reduce([vacant, roster.weakened[slots], unpaid])


def exposure(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Multiplier ``1 + predation x weakness`` of the hazard each group suffers from others."""
    predation = model.params.conflict.predation
    if predation <= 0:
        return np.ones(slots.size)
    return 1.0 + predation * weakness(model, slots)


def held(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Members by place as rivals see them: a weakened group's count for less."""
    members = model.roster.members[slots]
    held = members.sum(axis=0).astype(float)
    if model.params.conflict.predation <= 0:
        return held
    multiplier = exposure(model, slots)
    weak = np.flatnonzero(multiplier != 1.0)  # only the few weakened groups change it
    if weak.size:
        held -= (members[weak] * (1.0 - 1.0 / multiplier[weak])[:, None]).sum(axis=0)
    return held


def step(model: CartelModel) -> None:
    """Weakness fades; a vacant post marks its group as freshly weakened."""
    roster, p = model.roster, model.params.conflict
    if p.predation <= 0:
        return
    slots = roster.slots()
    weeks = p.weakness_months * WEEKS_PER_YEAR / 12.0
    roster.weakened[slots] *= np.exp(-1.0 / weeks)
    roster.weakened[slots[roster.leader[slots] == 0]] = 1.0
