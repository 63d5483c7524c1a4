"""New groups are born: local gangs form where a plaza is valuable and incumbents weak.

Each week a gang forms in a place with probability ``gang_formation_rate / 52 x (the
place's share of the national plaza value) x (1 - grip)``, where the incumbents' grip is
``members / (members + capture_half_members)`` (the share of the plaza they capture, as
in the economy). The rate is national, so a finer map (municipalities) spreads the same
births over more places. A gang takes ``gang_size`` at-risk youths of the place, starts
with no relations (PC2023's baseline conflict with everyone it meets), with the
members-weighted mean armament per member and six months of wages, and is a root of the
family tree (no parent). 0 in the docking configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.agents import Cartel
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def formation_probability(model: CartelModel) -> np.ndarray:
    """Weekly chance that a local gang forms in each place."""
    p, roster = model.params.births, model.roster
    held = roster.members[roster.slots()].sum(axis=0)
    grip = held / (held + model.params.economy.capture_half_members)
    share = model.plaza_value / max(model.plaza_value.sum(), 1e-12)  # of national value
    return np.clip(p.gang_formation_rate / WEEKS_PER_YEAR * share * (1.0 - grip), 0.0, 1.0)


def step(model: CartelModel) -> None:
    """Local gangs form in valuable, weakly held plazas."""
    p, roster, rng, world = model.params.births, model.roster, model.rng, model.world
    if p.gang_formation_rate <= 0:
        return
    places = np.flatnonzero(rng.random(world.n) < formation_probability(model))
    for place in places:
        size = int(min(p.gang_size, model.population.youths[place]))
        if size < max(model.params.organization.min_members, 1):
            continue
        slots = roster.slots()
        arms = float(np.average(roster.arms[slots], weights=roster.members[slots].sum(axis=1)))
        model.gangs_formed += 1
        number = model.gangs_formed
        code = world.codes[place]
        cartel = Cartel(model, f"{world.names[place]} gang {number}", f"{code}-g{number}", place)
        presence = np.zeros(world.n, dtype=np.int64)
        presence[place] = size
        model.population.youths[place] -= size
        model.found(cartel, presence, None)
        cartel.arms = arms
        model.week.births += 1
        model.log("born", cartel, place, f"a local gang of {size} formed in {world.names[place]}")
