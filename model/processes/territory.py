"""Territory: members move towards neighbouring plazas that pay more per member.

A plaza's pull is its weekly value per member present, ``value / (members + half)``.
Each week a share of a group's members in a state (``expansion_rate`` times the group's
aggression times the relative gain) move to land neighbours with a higher pull, in
proportion to the gain. A destroyed group leaves a plaza with value and no members: a
vacuum that draws its neighbours' groups in, and with them violence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import CartelModel


def step(model: CartelModel) -> None:
    """Move members along land borders towards richer, weaker-held plazas."""
    rate, roster, rng = model.params.territory.expansion_rate, model.roster, model.rng
    if rate <= 0:
        return
    slots = roster.slots()
    members = roster.members[slots]
    held = members.sum(axis=0)
    pull = model.plaza_value / (held + model.params.economy.capture_half_members)
    gain = np.maximum(0.0, pull[None, :] - pull[:, None]) / (pull[None, :] + pull[:, None])
    gain *= model.world.adjacency  # gain[s, t] of moving from s to t
    total_gain = gain.sum(axis=1)
    if not total_gain.any():
        return
    out_rate = np.clip(rate * roster.aggression[slots][:, None] * total_gain[None, :], 0.0, 0.5)
    leaving = rng.binomial(members, out_rate)
    where = np.divide(
        gain, total_gain[:, None], out=np.zeros_like(gain), where=total_gain[:, None] > 0
    )
    where[total_gain == 0, :] = np.eye(model.world.n)[total_gain == 0]
    moves = rng.multinomial(leaving, where)  # groups x from x to
    roster.members[slots] += moves.sum(axis=1) - leaving
    model.week.moved = int(leaving.sum())
