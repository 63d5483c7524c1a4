"""New groups are born: local gangs form where a plaza is valuable and incumbents weak.

Each week a gang forms in a place with probability ``gang_formation_rate / 52 x (the
place's share of the national plaza value) x (1 - grip)``, where the incumbents' grip is
``members / (members + capture_half_members)`` (the share of the plaza they capture, as
in the economy). The rate is national, so a finer map (municipalities) spreads the same
births over more places. A gang takes ``gang_size`` at-risk youths of the place, starts
with no relations (PC2023's baseline conflict with everyone it meets), with the
members-weighted mean armament per member and six months of wages, and is a root of the
family tree (no parent). 0 in the docking configuration.

Cells of a group also break away as independent organizations (``breakaway_rate``):
each week a group loses a cell with probability ``rate / 52 x (1 - cohesion) x (share
of its members outside its home place) x (2 - pay fraction)`` (loose, spread-out and
broke groups); the cell is a place other than home drawn in proportion to the members
there, and all of the group's members there leave with their share of its money. The
new group has the old one as parent in the family tree, its own leader, cohesion and
aggression, no alliances, and the old group as a rival (at ``split_rivalry``, as
factions of a split). 0 in the docking configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.agents import Cartel
from model.processes import predation
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def formation_probability(model: CartelModel) -> np.ndarray:
    """Weekly chance that a local gang forms in each place."""
    p, roster = model.params.births, model.roster
    held = predation.held(model, roster.slots())  # weakened incumbents count for less
    grip = held / (held + model.params.economy.capture_half_members)
    share = model.plaza_value / max(model.plaza_value.sum(), 1e-12)  # of national value
    return np.clip(p.gang_formation_rate / WEEKS_PER_YEAR * share * (1.0 - grip), 0.0, 1.0)


def breakaway_hazard(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Weekly chance that each group ``slots`` loses a cell to a breakaway."""
    p, roster = model.params.organization, model.roster
    members = roster.members[slots]
    size = members.sum(axis=1)
    homes = np.array([model.cartel_at[int(s)].home for s in slots], dtype=np.int64)
    away = size - members[np.arange(slots.size), homes]
    spread = np.divide(away, size, out=np.zeros(size.shape), where=size > 0)
    strain = (1.0 - roster.cohesion[slots]) * spread * (2.0 - roster.pay_fraction[slots])
    return np.clip(p.breakaway_rate / WEEKS_PER_YEAR * strain, 0.0, 1.0)


def breakaways(model: CartelModel) -> None:
    """Cells of loose, spread-out groups break away as independent organizations."""
    p, roster, rng, world = model.params.organization, model.roster, model.rng, model.world
    if p.breakaway_rate <= 0:
        return
    slots = roster.slots()
    hits = slots[rng.random(slots.size) < breakaway_hazard(model, slots)]
    for parent in [model.cartel_at[int(s)] for s in hits]:
        if parent.contest > 0:  # fighting over its succession: it will split instead
            continue
        away = parent.presence.astype(float)
        away[parent.home] = 0.0
        place = int(rng.choice(world.n, p=away / away.sum()))
        size = int(parent.presence[place])
        if size < max(p.min_members, 1):
            continue
        model.breakaways += 1
        number = model.breakaways
        code = world.codes[place]
        total = parent.members
        cell = Cartel(model, f"{world.names[place]} breakaway {number}", f"{code}-b{number}",
                      place, parent=parent)  # fmt: skip
        presence = np.zeros(world.n, dtype=np.int64)
        presence[place] = size
        roster.members[parent.slot, place] = 0
        model.found(cell, presence, None)
        model.week.record("breakaway", parent.slot, cell.slot, place, size)
        cell.treasury = parent.treasury * size / total
        parent.treasury = parent.treasury - cell.treasury
        cell.arms = parent.arms
        roster.legitimacy[cell.slot, place] = roster.legitimacy[parent.slot, place]
        roster.rivalry[parent.slot, cell.slot] = model.params.conflict.split_rivalry
        model.week.breakaways += 1
        where = world.names[place]
        model.log("breakaway", cell, place, f"{parent.short_name} cell of {size} in {where} left")


def gangs(model: CartelModel) -> None:
    """Local gangs form in valuable, weakly held plazas."""
    p, roster, rng, world = model.params.births, model.roster, model.rng, model.world
    if p.gang_formation_rate <= 0:
        return
    places = np.flatnonzero(rng.random(world.n) < formation_probability(model))
    if not places.size:
        return
    # the members-weighted mean armament; a new gang gets exactly it, so it stays the same
    slots = roster.slots()
    arms = float(np.average(roster.arms[slots], weights=roster.members[slots].sum(axis=1)))
    for place in places:
        size = int(min(p.gang_size, model.population.youths[place]))
        if size < max(model.params.organization.min_members, 1):
            continue
        model.gangs_formed += 1
        number = model.gangs_formed
        code = world.codes[place]
        cartel = Cartel(model, f"{world.names[place]} gang {number}", f"{code}-g{number}", place)
        presence = np.zeros(world.n, dtype=np.int64)
        presence[place] = size
        model.population.youths[place] -= size
        model.found(cartel, presence, None)
        model.week.record("gang", cartel.slot, int(place), size)
        cartel.arms = arms
        model.week.births += 1
        model.log("born", cartel, place, f"a local gang of {size} formed in {world.names[place]}")


def step(model: CartelModel) -> None:
    """New groups: local gangs form, cells break away."""
    gangs(model)
    breakaways(model)
