"""Conflict: violence emerges where groups meet, by strength, aggression and relations.

PC2023's pairwise kernel: a member of group i dies at the weekly hazard

    h_i = theta * sum_j K_ij * a_j * C_j,    K_ij = (R_ij + 1) / (A_i + 1)

(Prieto-Curiel, Campedelli & Hope 2023, Science 381:1312), where ``a_j`` is group j's
lethality: its aggression times its armament relative to the start,
``(arms_j / arms_ref) ** arms_elasticity`` (1 for every group in the docking
configuration). With ``mixing = "national"`` every pair meets nationally, as in
PC2023. With ``mixing = "state"`` groups meet only where both have members: the sum runs
over members in the same state, scaled by the number of states S so that evenly
spread groups meet as often as under national mixing.

Each member killed comes with ``victims_per_member_death`` other victims (PC2023's
assumption that members are ~10% of all victims); victims are recorded as homicides
or missing persons in the national proportion. Deaths between factions of one lineage
are counted as cause ``split_war``; others as ``rivalry``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from model.model import CartelModel


def lethality(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Lethality multiplier a_j of each group: aggression times relative armament."""
    roster, p = model.roster, model.params.economy
    arms = np.maximum(roster.arms[slots], 0.0) / model.arms_ref
    return roster.aggression[slots] * arms**p.arms_elasticity


def _force(model: CartelModel, slots: np.ndarray) -> tuple[float, np.ndarray]:
    """Lethality constant and each group's force (a_j * members) where it can strike.

    Under national mixing every group's whole force reaches every state.
    """
    p = model.params.conflict
    members = model.roster.members[slots].astype(float)
    force = lethality(model, slots)[:, None] * members
    if p.mixing == "national":
        return p.lethality, np.broadcast_to(force.sum(axis=1, keepdims=True), members.shape)
    return p.lethality * p.state_mixing_boost * model.world.n, force


def hazards(
    model: CartelModel, slots: np.ndarray, kernel: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weekly death hazard per member (groups x states), and its same-lineage part."""
    roots = np.array([model.cartel_at[s].root for s in slots])
    same_lineage = kernel * (roots[:, None] == roots[None, :])
    theta, force = _force(model, slots)
    return theta * (kernel @ force), theta * (same_lineage @ force)


def step(model: CartelModel) -> None:
    """Members die in clashes; victims are recorded by state and cause."""
    p, roster, rng, week = model.params.conflict, model.roster, model.rng, model.week
    slots = roster.slots()
    kernel = roster.conflict_kernel(slots)
    hazard, split_part = hazards(model, slots, kernel)
    members = roster.members[slots]
    deaths = rng.binomial(members, -np.expm1(-hazard))
    split_share = np.divide(split_part, hazard, out=np.zeros_like(hazard), where=hazard > 0)
    split_deaths = rng.binomial(deaths, split_share)
    roster.members[slots] -= deaths
    by_state = deaths.sum(axis=0)
    model.population.dead += by_state
    split_by_state = split_deaths.sum(axis=0)
    for cause, killed in (("rivalry", by_state - split_by_state), ("split_war", split_by_state)):
        victims = killed + rng.poisson(p.victims_per_member_death * killed)
        homicides = rng.binomial(victims, p.homicide_share)
        week.homicides[cause] = homicides
        week.missing += victims - homicides
    week.member_deaths += by_state
    # who did the killing: group j's expected share of each death it contributed to
    theta, force = _force(model, slots)
    scale = np.divide(deaths, hazard, out=np.zeros_like(hazard), where=hazard > 0)
    inflicted = theta * ((kernel.T @ scale) * force).sum(axis=1)
    memory = model.params.organization.pressure_memory
    victims_inflicted = inflicted * (1.0 + p.victims_per_member_death)
    roster.violence[slots] += memory * (victims_inflicted - roster.violence[slots])
    week.deaths_by_group = deaths.sum(axis=1)
