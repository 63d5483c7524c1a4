"""Territory: members move towards neighbouring plazas that pay more per member.

A plaza's pull is its weekly value per member present, ``value / (members + half)``.
Each week a share of a group's members in a place (``expansion_rate`` times the group's
aggression times the relative gain) move to land neighbours with a higher pull, in
proportion to the gain. A destroyed group leaves a plaza with value and no members: a
vacuum that draws its neighbours' groups in, and with them violence. Members of a
weakened group (leaderless, split, broke) count for less in a plaza's pull
(:func:`model.processes.predation.held`): predators push into its plazas.

The work runs over land borders (the map's sparse adjacency) and over the groups and
places members actually leave, so it grows with borders and movers, not with places
squared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.processes import predation

if TYPE_CHECKING:
    from model.model import CartelModel
    from model.world import World


def border_gains(world: World, pull: np.ndarray) -> np.ndarray:
    """Relative gain of moving along each directed border (the adjacency's CSR entries).

    Border ``e`` leaves ``world.border_source[e]`` for ``world.adjacency.indices[e]``; its
    gain is ``max(0, pull_to - pull_from) / (pull_to + pull_from)``.
    """
    here, there = pull[world.border_source], pull[world.adjacency.indices]
    both = there + here
    return np.divide(np.maximum(0.0, there - here), both, out=np.zeros(both.shape), where=both > 0)


def step(model: CartelModel) -> None:
    """Move members along land borders towards richer, weaker-held plazas."""
    rate, roster, rng = model.params.territory.expansion_rate, model.roster, model.rng
    if rate <= 0:
        return
    world = model.world
    slots = roster.slots()
    members = roster.members[slots]
    held = predation.held(model, slots)  # a weakened group's members count for less
    pull = model.plaza_value / (held + model.params.economy.capture_half_members)
    gain = border_gains(world, pull)
    total_gain = np.bincount(world.border_source, weights=gain, minlength=world.n)
    if not total_gain.any():
        return
    # who leaves: groups present where some neighbour pays more
    rows, places = np.nonzero((members > 0) & (total_gain > 0)[None, :])
    out_rate = rate * roster.aggression[slots][rows] * total_gain[places]
    leaving = rng.binomial(members[rows, places], np.clip(out_rate, 0.0, 0.5))
    movers = leaving > 0
    rows, places, left = rows[movers], places[movers], leaving[movers]
    # where each mover goes: a border of its place drawn in proportion to its gain (one
    # uniform per mover placed on the place's stretch of the cumulative gains)
    group = np.repeat(slots[rows], left)
    source = np.repeat(places, left)
    cumulative = np.cumsum(gain)
    first, last = world.adjacency.indptr[source], world.adjacency.indptr[source + 1] - 1
    base = np.where(first > 0, cumulative[first - 1], 0.0)
    position = base + rng.random(source.size) * (cumulative[last] - base)
    border = np.clip(np.searchsorted(cumulative, position, side="right"), first, last)
    roster.members[slots[rows], places] -= left
    np.add.at(roster.members, (group, world.adjacency.indices[border]), 1)
    model.week.record("move", slots[rows], places, left, world.adjacency.indices[border])
    model.week.moved = int(left.sum())
