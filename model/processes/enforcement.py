"""State action: deployment, arrests, leader strikes, and leaks.

Force units are deployed by the lever's rule (by population, by recent violence, or
uniformly). Arrest capacity (a lever, arrests per week nationally; PC2023's eta = 110)
is spread over states with the units; a state's arrests saturate with the members
present (capacity x M / (M + ``arrest_half_members``): they get harder as members thin
out) and are shared by the groups there in proportion to their members. Operations
against a group leak where force units are on its payroll (corruption times the group's
share of bribes paid in that state), and local support bought with handouts hides a
share of its operations. Some operations kill.

Leader strikes arrive at the lever's yearly rate; the target is chosen by the lever's
rule among groups that have a leader. A strike happens where the target is strongest; it
leaks with the same leak probability, and otherwise succeeds with a probability that
grows with the units deployed there (intelligence). A removed leader is killed or
captured; what follows is decided in the succession process.

Operations also provoke clashes among the groups where they happen (:func:`provocation`,
read by the conflict process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model import sampling
from model.processes import prisons
from model.processes.leadership import lose_leader
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.agents import Cartel
    from model.model import CartelModel


def deploy(model: CartelModel) -> np.ndarray:
    """Deploy units to states by the lever's rule; return units by state."""
    levers, world = model.levers, model.world
    if levers.deployment_rule == "population":
        weight = world.population.copy()
    elif levers.deployment_rule == "violence":
        weight = model.recent_homicides + 0.01 * model.recent_homicides.sum() / world.n + 1e-9
    else:
        weight = np.ones(world.n)
    model.force_units[:] = levers.deployment_units * weight / weight.sum()
    return model.force_units


def leak_probability(model: CartelModel) -> np.ndarray:
    """P(an operation against group i in state s leaks), for the week's groups x states."""
    corruption = model.force_corruption
    bribes = model.week.bribes
    paid_here = bribes.sum(axis=0)
    share = np.divide(bribes, paid_here, out=np.zeros_like(bribes), where=paid_here > 0)
    return corruption[None, :] * share


def exposure(model: CartelModel, slots: np.ndarray) -> np.ndarray:
    """Share of a group's operations in a state that forces can act on."""
    shield = model.params.enforcement.legitimacy_shield * model.roster.legitimacy[slots]
    return (1.0 - leak_probability(model)) * (1.0 - shield)


def provocation(model: CartelModel) -> np.ndarray:
    """Multiplier of the hazard among groups in each place from recent operations there.

    ``(1 + provocation x x_s) / (1 + provocation / 2)`` with ``x_s = o_s / (o_s + o_ref)``:
    ``o_s`` is the recent rate of arrests and killings by the state per member in place
    s (``model.operations``) and ``o_ref`` the status-quo flow (the arrests lever's
    default, PC2023's 110 a week) per member at the start, so the multiplier is 1 where
    operations run at that rate and saturates where they are intense (Osorio 2015; Dell
    2015: operations are followed by more fighting between groups).
    """
    p = model.params.enforcement.provocation
    ops = model.operations
    if p <= 0:
        return np.ones(ops.shape)
    x = np.divide(ops, ops + model.operations_ref, out=np.zeros(ops.shape), where=ops > 0)
    return (1.0 + p * x) / (1.0 + p / 2.0)


def place_arrest_rate(model: CartelModel, units: np.ndarray, here: np.ndarray) -> np.ndarray:
    """Each place's weekly arrests per member before the cap.

    Capacity (arrests a week, spread over places with the units) saturates with the
    members present: capacity x M / (M + ``arrest_half_members``) arrests, so a rate of
    capacity / (M + half) per member; 0 where nobody is.
    """
    capacity = model.levers.arrests_per_week * units / max(units.sum(), 1e-12)
    half = model.params.enforcement.arrest_half_members
    return np.divide(capacity, here + half, out=np.zeros(here.shape, float), where=here > 0)


def arrests(model: CartelModel, units: np.ndarray) -> None:
    """Arrest and kill members; the arrested go to prison (``prisons.admit``)."""
    p, levers, roster, rng, week = (
        model.params.enforcement,
        model.levers,
        model.roster,
        model.rng,
        model.week,
    )
    pop = model.population
    slots = roster.slots()
    members = roster.members[slots]
    if p.national_arrests:  # PC2023: a national flow shared in proportion to size
        total = members.sum()
        rate = np.full(members.shape, levers.arrests_per_week / total if total else 0.0)
        exposed = np.ones(members.shape)
    else:
        rate = np.broadcast_to(place_arrest_rate(model, units, members.sum(axis=0)), members.shape)
        exposed = exposure(model, slots)
    attempt = np.minimum(rate, p.arrest_cap)
    arrested = sampling.binomial(rng, members, attempt * exposed)
    killed = sampling.binomial(
        rng, members - arrested, np.minimum(1.0, p.killed_per_arrest * attempt * exposed)
    )
    present = members.sum(axis=0)
    removed = (arrested + killed).sum(axis=0)
    now = np.divide(removed, present, out=np.zeros(present.shape), where=present > 0)
    model.operations += model.params.organization.pressure_memory * (now - model.operations)
    roster.members[slots] -= arrested + killed
    week.record("arrest", slots, arrested)
    week.record("kill", slots, killed)
    prisons.admit(model, arrested.sum(axis=0))
    pop.dead += killed.sum(axis=0)
    week.arrests = arrested.sum(axis=0)
    week.homicides["state_action"] = killed.sum(axis=0)
    week.member_deaths += killed.sum(axis=0)
    week.arrests_lost_to_leaks = float((members * attempt * (1.0 - exposed)).sum())
    week.losses_by_group = arrested.sum(axis=1) + killed.sum(axis=1)


def choose_target(model: CartelModel, rule: str) -> Cartel | None:
    """The group a leader strike goes after, by the targeting rule."""
    candidates = model.cartels.select(lambda c: c.leader is not None and c.members > 0)
    if len(candidates) == 0:
        return None
    if rule == "random":
        return model.random.choice(list(candidates))
    if rule == "proportional":  # most-wanted lists spread over groups by their size
        return model.random.choices(list(candidates), weights=candidates.get("members"))[0]
    key = "members" if rule == "largest" else "violence"
    scores = candidates.get(key)
    best = max(scores)
    return next(c for c, s in zip(candidates, scores) if s == best)


def leader_strikes(model: CartelModel, units: np.ndarray) -> None:
    """Attempt the week's leader strikes."""
    p, levers, rng = model.params.enforcement, model.levers, model.rng
    attempts = rng.poisson(levers.kingpin_strikes_per_year / WEEKS_PER_YEAR)
    for _ in range(attempts):
        target = choose_target(model, levers.kingpin_targeting)
        if target is None:
            return
        where = int(np.argmax(target.presence))
        row = int(np.searchsorted(model.week.slots, target.slot))
        leak = leak_probability(model)[row, where]
        model.week.strikes += 1
        if rng.random() < leak:
            model.week.leaks += 1
            model.log("strike_leaked", target, where, "a corrupted unit warned the target")
            continue
        intelligence = 1.0 - np.exp(-units[where] / max(units.mean(), 1e-12))
        shield = p.legitimacy_shield * model.roster.legitimacy[target.slot, where]
        if rng.random() < p.strike_success * intelligence * (1.0 - shield):
            how = "killed" if rng.random() < p.kill_share else "captured"
            if model.vetoed(target):  # the event study's counterfactual: not this one
                continue
            lose_leader(model, target, how, "state_action")
            model.week.leaders_removed += 1
            model.log("leader_removed", target, where, f"leader {how} ({levers.kingpin_targeting})")
        else:
            model.log("strike_failed", target, where, "the target escaped")


def scheduled_removals(model: CartelModel) -> None:
    """Leader removals the scenario dates (``[[strikes]]``): the record says they happened.

    The target is the active group of that name, else the largest active group of its
    lineage; a group whose post is vacant this week, or a lineage that has died out,
    is logged and left alone.
    """
    now = int(model.time)
    while model.strike_queue and model.strike_queue[0][0] < now:
        _, name, how = model.strike_queue.popleft()
        target = lineage_target(model, name)
        if target is None or target.leader is None:
            model.log("strike_no_target", target, None, f"no leader of {name} to remove")
            continue
        if model.vetoed(target):
            continue
        where = int(np.argmax(target.presence))
        model.week.strikes += 1
        model.week.leaders_removed += 1
        lose_leader(model, target, how, "state_action")
        model.log("leader_removed", target, where, f"leader {how} (dated in the scenario)")


def lineage_target(model: CartelModel, name: str) -> Cartel | None:
    """The active group called ``name``, else the largest active one of its lineage."""
    active = list(model.cartels)
    named = [c for c in active if c.name == name]
    if named:
        return named[0]
    roots = {c.unique_id for c in model.all_cartels if c.name == name and c.parent is None}
    family = [c for c in active if c.root in roots]
    return max(family, key=lambda c: c.members, default=None)


def step(model: CartelModel) -> None:
    """Deploy, arrest, release, strike."""
    units = deploy(model)
    arrests(model, units)
    leader_strikes(model, units)
    scheduled_removals(model)
