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

Crowding (``crowding`` = c, 0 in the docking configuration): each place's hazards are
scaled by ``(F_ref / F_s) ** c``, where ``F_s`` is the armed force present there and
``F_ref`` the mean force per place at the start. With c = 1 a member's risk depends on
the hostile *share* of the force present (a ratio-form contest success function,
Hirshleifer 1989), so a plaza held by one group is quiet and a contested one violent,
and violence grows with members rather than with pairs of members.

Three multipliers change who is hit (each 0 in the docking configuration): operations
provoke clashes among groups in the places where forces act (``provocation``,
:func:`model.processes.enforcement.provocation`); rivals attack a weakened group harder
(``predation``, :mod:`model.processes.predation`); and a group whose succession is
contested fights itself for months before it splits (``succession_war_months``).

Each member killed comes with ``victims_per_member_death`` other victims (PC2023's
assumption that members are ~10% of all victims); victims are recorded as homicides
or missing persons in the national proportion. Deaths between factions of one lineage
and inside a contested group are counted as cause ``split_war``; others as ``rivalry``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from scipy import sparse

from model import sampling
from model.processes import predation
from model.processes.enforcement import provocation

if TYPE_CHECKING:
    from model.model import CartelModel


def lethality(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Lethality multiplier a_j of each group: aggression times relative armament."""
    roster, p = model.roster, model.params.economy
    arms = np.maximum(roster.arms[slots], 0.0)
    if model.arms_ref <= 0:  # no money for arms at the start (e.g. national_revenue = 0)
        return roster.aggression[slots].copy()
    return roster.aggression[slots] * (arms / model.arms_ref) ** p.arms_elasticity


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


class Kernel:
    """PC2023's kernel K_ij = (R_ij + 1) / (A_i + 1), K_ii = 0, applied without building it.

    K is dense (every pair has a baseline conflict of 1) but it is a sparse matrix (the
    rivalries R) plus a rank-one term, so ``K @ X`` costs the rivalries plus groups x
    places, never groups squared:

        (K @ X)_i = (sum_j R_ij X_j + sum_j X_j - X_i) / (A_i + 1)

    ``lineage=True`` keeps only pairs of one lineage (same root): the split-war part.
    """

    def __init__(self, model: CartelModel, slots: np.ndarray) -> None:
        """The kernel among the living groups ``slots``."""
        roster = model.roster
        self.rivalry = roster.rivalry.matrix(slots)
        self.damping = 1.0 / (roster.alliance.strength(slots) + 1.0)
        self.alliance_version = roster.alliance.version
        roots = np.unique(roster.root[slots], return_inverse=True)[1]
        self.one_lineage_each = roots.max(initial=-1) + 1 == slots.size  # no splits yet
        # lineage membership (groups x lineages, one-hot) and rivalries within a lineage
        self.lineage = sparse.csr_array(
            (np.ones(slots.size), (np.arange(slots.size), roots)),
            shape=(slots.size, roots.max(initial=-1) + 1),
        )
        coo = self.rivalry.tocoo()
        same = roots[coo.row] == roots[coo.col]
        self.rivalry_in_lineage = sparse.csr_array(
            (coo.data[same], (coo.row[same], coo.col[same])), shape=self.rivalry.shape
        )

    @classmethod
    def of(cls, model: CartelModel, slots: np.ndarray) -> Kernel:
        """The kernel for this week.

        Its rivalry structure is rebuilt only when groups or rivalries changed, its
        alliance damping only when alliances changed.
        """
        roster = model.roster
        key = (roster.rivalry.version, slots.tobytes())
        cached = roster.cache.get("conflict_kernel")
        if cached is None or cached[0] != key:
            cached = roster.cache["conflict_kernel"] = (key, cls(model, slots))
        kernel = cached[1]
        if kernel.alliance_version != roster.alliance.version:  # alliances changed
            kernel.damping = 1.0 / (roster.alliance.strength(slots) + 1.0)
            kernel.alliance_version = roster.alliance.version
        return kernel

    def apply(self, x: np.ndarray, lineage: bool = False) -> np.ndarray:
        """``K @ x`` (or its same-lineage part) for ``x`` of shape (groups, places)."""
        if lineage:
            if self.one_lineage_each:  # every group alone in its lineage: nothing
                return np.zeros_like(x)
            in_lineage = self.lineage @ (self.lineage.T @ x)  # the lineage's total
            others = self.rivalry_in_lineage @ x + in_lineage - x
        else:
            others = self.rivalry @ x + x.sum(axis=0, keepdims=True) - x
        return np.maximum(self.damping[:, None] * others, 0.0)

    def apply_transposed(self, x: np.ndarray) -> np.ndarray:
        """``K.T @ x``: what each group j receives from every other group's rows of ``x``."""
        damped = self.damping[:, None] * x
        return np.maximum(self.rivalry @ damped + damped.sum(axis=0, keepdims=True) - damped, 0.0)


def place_force(force: np.ndarray) -> np.ndarray:
    """Armed force present in each place (the column sums of groups x places force)."""
    return force.sum(axis=0)


def reference_force(model: CartelModel) -> float:
    """The crowding reference F_ref: mean armed force per place of the reference army.

    The reference army is ``economy.arms_reference_members`` members (PC2023's January
    2012, the calibration's start) spread over groups and places as this run's members
    are at the start, each at reference arms (lethality = aggression). Every start year
    thus shares one reference: a run started in 2020 with more, thinner-armed members
    crowds its places more than a 2012 start, instead of redefining "crowded" as its
    own starting density (which gave a 2020 start another calibration; docs/prisons.md).
    """
    p, roster = model.params, model.roster
    slots = roster.slots()
    members = roster.members[slots].astype(float)
    total = members.sum()
    if total <= 0:
        return 0.0
    scale = p.economy.arms_reference_members / total
    force = roster.aggression[slots][:, None] * members * scale
    if p.conflict.mixing == "national":
        force = np.broadcast_to(force.sum(axis=1, keepdims=True), members.shape)
    return float(place_force(force).mean())


def crowding(model: CartelModel, force: np.ndarray) -> np.ndarray:
    """Each place's hazard multiplier ``(F_ref / F_s) ** crowding`` (1 where nobody is)."""
    c = model.params.conflict.crowding
    present = place_force(force)
    if c == 0:
        return np.ones(present.shape)
    ratio = np.divide(model.force_ref, present, out=np.ones(present.shape), where=present > 0)
    return ratio**c


class Fighting(NamedTuple):
    """The week's fighting: who meets whom, how hard, and with what force."""

    kernel: Kernel
    place: np.ndarray  # lethality between groups by place (crowding, provocation)
    exposure: np.ndarray  # each group's multiplier of what it suffers (predation), groups
    inside: np.ndarray | None  # hazard inside groups in a contested succession, groups x places
    force: np.ndarray  # armed force, groups x places

    def among(self, x: np.ndarray) -> np.ndarray:
        """``x`` (groups x places) scaled in place by the lethality between groups.

        Only the few weakened groups' rows are multiplied by their exposure, so the
        week costs one pass over groups x places, not two.
        """
        x *= self.place[None, :]
        weak = np.flatnonzero(self.exposure != 1.0)
        if weak.size:
            x[weak] *= self.exposure[weak, None]
        return x


def _fighting(model: CartelModel, slots: np.ndarray) -> Fighting:
    """The kernel, the lethality between groups and inside contested ones, the armed force.

    A group whose succession is contested (``contest`` > 0) fights itself where it
    operates: each member faces the other half of the group's force as the factions of
    a split do, at rivalry ``split_rivalry`` (ODD 7.10).
    """
    kernel = Kernel.of(model, slots)
    theta, force = _force(model, slots)
    place = theta * crowding(model, force)
    exposure = predation.exposure(model, slots)
    contested = model.roster.contest[slots] > 0
    inside = None
    if contested.any():
        weight = 0.5 * (model.params.conflict.split_rivalry + 1.0) * kernel.damping * contested
        inside = place[None, :] * weight[:, None] * force
    return Fighting(kernel, place * provocation(model), exposure, inside, force)


def hazards(model: CartelModel, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weekly death hazard per member (groups x places), and its same-lineage part.

    The same-lineage part (cause ``split_war``) includes the fighting inside groups in a
    contested succession.
    """
    f = _fighting(model, slots)
    hazard = f.among(f.kernel.apply(f.force))
    lineage = f.among(f.kernel.apply(f.force, lineage=True))
    if f.inside is not None:
        hazard, lineage = hazard + f.inside, lineage + f.inside
    return hazard, lineage


def step(model: CartelModel) -> None:
    """Members die in clashes; victims are recorded by state and cause."""
    p, roster, rng, week = model.params.conflict, model.roster, model.rng, model.week
    slots = roster.slots()
    f = _fighting(model, slots)
    hazard = f.among(f.kernel.apply(f.force))
    if f.inside is not None:
        hazard += f.inside
    members = roster.members[slots]
    deaths = sampling.binomial(rng, members, -np.expm1(-hazard))
    # deaths are sparse: the shares below are needed only where someone died (the draws
    # are the same as over the whole array, which draws nothing where deaths are 0)
    died = np.nonzero(deaths)
    split_deaths = np.zeros_like(deaths)
    if not (f.kernel.one_lineage_each and f.inside is None):  # some split war somewhere
        split_part = f.among(f.kernel.apply(f.force, lineage=True))
        if f.inside is not None:
            split_part += f.inside
        share = np.minimum(split_part[died] / hazard[died], 1.0)  # hazard > 0 where died
        split_deaths[died] = sampling.binomial(rng, deaths[died], share)
    roster.members[slots] -= deaths
    model.week.record("die", slots, deaths)  # the person layer (model/people.py)
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
    scale = np.zeros(hazard.shape)
    scale[died] = deaths[died] / hazard[died]
    own = (scale * f.inside).sum(axis=1) if f.inside is not None else 0.0
    inflicted = (f.kernel.apply_transposed(f.among(scale)) * f.force).sum(axis=1)
    inflicted += own  # a contested group's deaths are its own doing
    memory = model.params.organization.pressure_memory
    victims_inflicted = inflicted * (1.0 + p.victims_per_member_death)
    roster.violence[slots] += memory * (victims_inflicted - roster.violence[slots])
    week.deaths_by_group = deaths.sum(axis=1)
