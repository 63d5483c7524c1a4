"""Territory: members move towards neighbouring plazas that pay more per member.

A plaza's pull is its weekly value per member present, ``value / (members + half)``.
Each week a share of a group's members in a place (``expansion_rate`` times the group's
aggression times the relative gain) move to land neighbours with a higher pull, in
proportion to the gain. A destroyed group leaves a plaza with value and no members: a
vacuum that draws its neighbours' groups in, and with them violence.

The work runs over land borders (the map's sparse adjacency) and over the groups and
places members actually leave, so it grows with borders and movers, not with places
squared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import CartelModel
    from model.world import World


def border_gains(world: World, pull: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative gain of moving along each directed border, and each gain's suffix sum.

    Borders are the adjacency's CSR entries (from place ``s`` to ``indices[e]``). The
    suffix sum of border ``e`` is its gain plus the gains of the borders after it from
    the same place, so ``gain / suffix`` are the conditional shares of a multinomial
    drawn border by border (1 exactly at the last border with any gain).
    """
    adjacency = world.adjacency
    here, there = pull[world.border_source], pull[adjacency.indices]
    gain = np.maximum(0.0, there - here) / (there + here)
    suffix = gain.copy()
    degree = np.diff(adjacency.indptr)
    for offset in range(int(degree.max(initial=0)) - 2, -1, -1):  # right to left, row by row
        rows = np.flatnonzero(degree > offset + 1)
        edge = adjacency.indptr[rows] + offset
        suffix[edge] += suffix[edge + 1]
    return gain, suffix


def step(model: CartelModel) -> None:
    """Move members along land borders towards richer, weaker-held plazas."""
    rate, roster, rng = model.params.territory.expansion_rate, model.roster, model.rng
    if rate <= 0:
        return
    world = model.world
    slots = roster.slots()
    members = roster.members[slots]
    held = members.sum(axis=0)
    pull = model.plaza_value / (held + model.params.economy.capture_half_members)
    gain, suffix = border_gains(world, pull)
    adjacency = world.adjacency
    total_gain = np.bincount(world.border_source, weights=gain, minlength=world.n)
    if not total_gain.any():
        return
    # who may leave: groups present where some neighbour pays more
    rows, places = np.nonzero((members > 0) & (total_gain > 0)[None, :])
    out_rate = rate * roster.aggression[slots][rows] * total_gain[places]
    leaving = rng.binomial(members[rows, places], np.clip(out_rate, 0.0, 0.5))
    movers = leaving > 0
    rows, places, left = rows[movers], places[movers], leaving[movers]
    roster.members[slots[rows], places] -= left
    # each mover's destination: a multinomial over the place's borders, drawn border by
    # border as conditional binomials (vectorized over every group and place that moves)
    start, degree = adjacency.indptr[places], np.diff(adjacency.indptr)[places]
    remaining = left.copy()
    for offset in range(int(degree.max(initial=0))):
        active = np.flatnonzero((offset < degree) & (remaining > 0))
        if active.size == 0:
            break
        edge = start[active] + offset
        share = np.divide(gain[edge], suffix[edge], out=np.zeros(edge.size), where=suffix[edge] > 0)
        moved = rng.binomial(remaining[active], np.minimum(share, 1.0))
        np.add.at(roster.members, (slots[rows[active]], adjacency.indices[edge]), moved)
        remaining[active] -= moved
    model.week.moved = int(left.sum())
