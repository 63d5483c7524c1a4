"""Rivalries end: in truces, or when one side has lost (a decisive outcome).

Every rivalry (a weight in the sparse rivalry relations) ends in a week with probability
``truce_rate / 52`` (a truce or pact), or at once when, in the places the two groups
share, the weaker side's armed force (lethality x members) is below ``decisive_ratio``
of the stronger's: the weaker withdraws or submits. An ended rivalry leaves the
baseline conflict of PC2023's kernel (every pair clashes where it meets), so a won war
quietens and a new split or invasion can start another. Both rates are 0 in the docking
configuration, where rivalries last for ever as in PC2023.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.processes.conflict import lethality
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def decided(model: CartelModel, pairs: np.ndarray) -> np.ndarray:
    """The weaker side's share of the stronger's force, for rival pairs of slots (E x 2).

    Counted in the places both hold; NaN where they share none.
    """
    roster = model.roster
    ends = pairs.ravel()
    members = roster.members[ends].astype(float)
    force = (lethality(model, ends)[:, None] * members).reshape(len(pairs), 2, -1)
    shared = (force > 0).all(axis=1)  # places where both are present
    a = (force[:, 0] * shared).sum(axis=1)
    b = (force[:, 1] * shared).sum(axis=1)
    strong = np.maximum(a, b)
    return np.divide(np.minimum(a, b), strong, out=np.full(a.shape, np.nan), where=strong > 0)


def step(model: CartelModel) -> None:
    """End the rivalries that reach a truce or a decisive outcome this week."""
    p, roster, rng = model.params.conflict, model.roster, model.rng
    if p.truce_rate <= 0 and p.decisive_ratio <= 0:
        return
    pairs = np.array(roster.rivalry.keys(), dtype=np.int64).reshape(-1, 2)
    if len(pairs) == 0:
        return
    truce = rng.random(len(pairs)) < p.truce_rate / WEEKS_PER_YEAR
    ratio = decided(model, pairs)
    won = ~truce & (ratio < p.decisive_ratio)  # NaN (never met) compares False
    for (a, b), by_truce in zip(pairs[truce | won], truce[truce | won]):
        first, second = model.cartel_at[int(a)], model.cartel_at[int(b)]
        roster.rivalry[a, b] = 0.0
        model.week.rivalries_ended += 1
        if by_truce:
            model.log("truce", first, first.home, f"{first.short_name} / {second.short_name}")
        else:
            winner, loser = (first, second) if first.members >= second.members else (second, first)
            model.log("war_decided", winner, winner.home,
                      f"{winner.short_name} prevailed over {loser.short_name}")  # fmt: skip
