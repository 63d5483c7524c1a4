"""Organizations: succession and splits, alliances and mergers under pressure, extinction.

Succession (Jones 2013, Trends Organ. Crime 16:156: a clear successor brings no war,
a contested one splits the group): a group that lost its leader has a contested
succession with probability

    P(split) = (1 - cohesion) * C / (C + split_half_size)   [x kill_split_factor if killed]

(Dickenson 2014, J. Quant. Criminol. 30:651: killing disrupts more than capturing),
otherwise the next in line takes over at a cost in cohesion. A contested succession is
fought inside the group for months (``succession_war_months``; its members fight each
other in the conflict process) and ends in a split. Factions inherit members
state by state, money in proportion, and a share of the parent's alliances and
rivalries in proportion to their members (``share_relations``; whole copies when it is
off), and start as rivals of each other. The largest faction keeps the parent's
identity; the others are new groups whose lineage (parent, generation, root) traces back
to it.

Alliances: two groups that meet in some state and are both under pressure (arrests and
killings per member, averaged over recent weeks) ally with a weekly probability that
grows with both pressures and shrinks with their rivalry; allied rivals drop the
rivalry (the reported Sinaloa-CJNG pact). Alliances break at a small rate. A much
smaller ally that is broke and under pressure is absorbed (merger).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.agents import Cartel
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.model import CartelModel


def update_pressure(model: CartelModel) -> None:
    """Exponential average of weekly losses per member (arrests and killings)."""
    roster, week = model.roster, model.week
    slots = roster.slots()
    size = roster.members[slots].sum(axis=1)
    losses = week.deaths_by_group + week.losses_by_group
    now = np.divide(losses, size + losses, out=np.zeros(size.shape), where=size + losses > 0)
    memory = model.params.organization.pressure_memory
    roster.pressure[slots] += memory * (now - roster.pressure[slots])


def split_probability(model: CartelModel, cartel: Cartel) -> float:
    """P(a cartel that just lost its leader splits)."""
    p = model.params.organization
    size = cartel.members
    prob = (1.0 - cartel.cohesion) * size / (size + p.split_half_size)
    if cartel.removed_how == "killed":
        prob *= p.kill_split_factor
    return min(1.0, prob)


def _partition(model: CartelModel, parent: Cartel) -> tuple[np.ndarray, list[str] | None]:
    """Members by state of the parent (row 0) and each faction; the wing's name if any.

    A group with a wing splits along it: the wing takes its share of the members in
    each state and the fault line leaves with it (the parent's cohesion returns to the
    usual mean). Otherwise each state splits around random national shares.
    """
    p, rng = model.params.organization, model.rng
    presence = parent.presence.copy()
    if parent.wings:
        name, shares = parent.wings.pop(0)
        wing = rng.binomial(presence, shares)
        parent.base_cohesion = p.cohesion_mean
        return np.stack([presence - wing, wing]), [name]
    n_new = 1 + rng.binomial(p.max_factions - 2, 1.0 - parent.cohesion)
    shares = np.sort(rng.dirichlet(np.full(n_new + 1, 2.0)))[::-1]
    parts = np.zeros((n_new + 1, presence.size), dtype=np.int64)
    for s in np.flatnonzero(presence):  # each state splits around the national shares
        parts[:, s] = rng.multinomial(presence[s], rng.dirichlet(10.0 * shares + 1e-9))
    return parts, None


def split(model: CartelModel, parent: Cartel) -> list[Cartel]:
    """Split ``parent`` into factions; return the new groups (parent keeps the largest)."""
    p, rng, roster = model.params.organization, model.rng, model.roster
    parts, wing_names = _partition(model, parent)
    n_new = parts.shape[0] - 1
    total = max(parts.sum(), 1)
    children = []
    for k in range(1, n_new + 1):
        home = int(np.argmax(parts[k])) if parts[k].any() else parent.home
        parent.factions += 1  # numbers stay unique across successive splits
        number = parent.factions
        name = wing_names[k - 1] if wing_names else f"{parent.name} faction {number}"
        short = wing_names[k - 1] if wing_names else f"{parent.short_name}-f{number}"
        child = Cartel(model, name, short, home, parent=parent)
        roster.members[child.slot] = parts[k]
        child.treasury = parent.treasury * parts[k].sum() / total
        child.aggression = parent.aggression * float(np.exp(rng.normal(0.0, 0.2)))
        child.arms = parent.arms
        child.cohesion = child.base_cohesion = (
            p.cohesion_mean if wing_names else parent.base_cohesion
        )
        child.pay_fraction = parent.pay_fraction
        child.pressure = parent.pressure
        roster.legitimacy[child.slot] = roster.legitimacy[parent.slot]
        children.append(child)
    parent.treasury = parent.treasury * parts[0].sum() / total
    roster.members[parent.slot] = parts[0]
    model.week.record("split", parent.slot, [c.slot for c in children], parts)
    family = [parent, *children]
    shares = {c.slot: float(parts[k].sum() / total) for k, c in enumerate(family)}
    if model.params.organization.share_relations:  # factions share the parent's relations
        roster.rivalry.share_relations(parent.slot, shares)
        roster.alliance.share_relations(parent.slot, shares)
    else:  # each faction inherits them whole (before issue #13)
        for child in children:
            roster.rivalry.copy_relations(parent.slot, child.slot)
            roster.alliance.copy_relations(parent.slot, child.slot)
    rivalry = model.params.conflict.split_rivalry
    for member in family:  # every faction starts weak (predators smell it)
        member.weakened = 1.0
    for a in family:
        for b in family:
            if a is not b:
                roster.rivalry[a.slot, b.slot] = rivalry
                roster.alliance[a.slot, b.slot] = 0.0
    return children


def split_and_log(model: CartelModel, cartel: Cartel, why: str = "") -> list[Cartel]:
    """Split ``cartel``, count the split and log it (``why`` is added to the details)."""
    children = split(model, cartel)
    names = ", ".join(c.short_name for c in [cartel, *children])
    model.week.splits += 1
    details = f"{cartel.short_name} -> {names}" + (f" ({why})" if why else "")
    model.log("split", cartel, cartel.home, details)
    return children


def contest_weeks(model: CartelModel) -> int:
    """Weeks a contested succession is fought inside the group (0: it splits at once)."""
    months = model.params.organization.succession_war_months
    if months <= 0:
        return 0
    return max(1, round(model.rng.exponential(months * WEEKS_PER_YEAR / 12.0)))


def succession(model: CartelModel) -> None:
    """Every group whose leader was removed gets a successor, or a contested succession.

    A contested succession (probability :func:`split_probability`) is fought inside the
    group for :func:`contest_weeks` (its members fight each other where it operates, in
    the conflict process) and ends in a split; the post stays vacant meanwhile.
    """
    p, rng = model.params.organization, model.rng
    slots = model.roster.slots()  # the vacant posts, in creation order
    for cartel in [model.cartel_at[int(s)] for s in slots[model.roster.leader[slots] == 0]]:
        if cartel.contest > 0:  # a contested succession under way
            cartel.contest -= 1
            if cartel.contest > 0:
                continue
            split_and_log(model, cartel, "after a contested succession")
        elif rng.random() < split_probability(model, cartel):
            weeks = contest_weeks(model)
            if weeks:
                cartel.contest = weeks
                model.week.succession_wars += 1
                fight = f"contested succession: fighting inside the group for {weeks} weeks"
                model.log("succession_war", cartel, cartel.home, fight)
                continue
            split_and_log(model, cartel)
        else:
            loss = p.succession_cohesion_loss
            if cartel.removed_how == "killed":
                loss *= p.kill_split_factor
            cartel.cohesion = max(0.0, cartel.cohesion - loss)
            model.log("succession", cartel, cartel.home, "next in line took over")
        cartel.leader = model.new_leader_id()
        cartel.removed_how = None
    roster = model.roster
    slots = roster.slots()
    roster.cohesion[slots] += p.cohesion_recovery * (
        roster.base_cohesion[slots] - roster.cohesion[slots]
    )


def pressure_pairs(weights: np.ndarray, rate: float, rng: np.random.Generator) -> np.ndarray:
    """Pairs (i, j), i < j, each drawn independently with probability min(rate w_i w_j, 1).

    Miller & Hagberg's (2011, "Efficient generation of networks with given expected
    degrees", LNCS 6732) skipping algorithm, vectorized over rows: with the weights in
    decreasing order, a row jumps over the pairs it does not draw (a geometric number
    of them) and thins each proposal by the ratio of the true to the bounding
    probability. Work grows with the groups and the pairs drawn, not with all pairs.
    """
    order = np.argsort(-weights, kind="stable")
    w = weights[order]
    n = w.size
    rows = np.flatnonzero(w[:-1] > 0) if n > 1 else np.zeros(0, dtype=np.int64)
    col = rows + 1
    bound = np.minimum(rate * w[rows] * w[col], 1.0)
    found: list[np.ndarray] = []
    while rows.size:
        skip = np.zeros(rows.size, dtype=np.int64)
        partial = bound < 1.0
        u = 1.0 - rng.random(rows.size)  # in (0, 1]
        with np.errstate(divide="ignore"):
            jump = np.floor(np.log(u[partial]) / np.log1p(-bound[partial]))
        skip[partial] = np.minimum(jump, n).astype(np.int64)
        col = col + skip
        inside = col < n
        rows, col, bound = rows[inside], col[inside], bound[inside]
        exact = np.minimum(rate * w[rows] * w[col], 1.0)
        take = rng.random(rows.size) < exact / bound
        found.append(np.column_stack([rows[take], col[take]]))
        bound, col = exact, col + 1
        alive = (col < n) & (bound > 0)
        rows, col, bound = rows[alive], col[alive], bound[alive]
    pairs = np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(order[pairs], axis=1) if pairs.size else pairs.reshape(0, 2)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if pairs.size else pairs


def alliances(model: CartelModel) -> None:
    """Pressure pushes groups that meet into alliances; alliances break; mergers.

    A pair of groups that meet in some place and are not allied allies this week with
    probability ``alliance_rate * P_i * P_j / (1 + R_ij)`` (P: pressure over the
    reference; R: rivalry). Pairs are drawn from the pressure bound
    (:func:`pressure_pairs`) and kept if they meet, are not allied and pass the rivalry
    thinning, so no groups x groups array is ever built.
    """
    p, roster, rng = model.params.organization, model.roster, model.rng
    slots = roster.slots()
    if slots.size < 2:
        return
    existing = roster.alliance.keys()
    pressure = roster.pressure[slots] / p.reference_pressure
    pairs = pressure_pairs(pressure, p.alliance_rate, rng)
    formed = []
    if len(pairs):
        i, j = pairs[:, 0], pairs[:, 1]
        present = roster.members[slots] > 0
        meet = (present[i] & present[j]).any(axis=1)
        rivalry = np.array([roster.rivalry[slots[a], slots[b]] for a, b in pairs])
        allied = np.array([roster.alliance[slots[a], slots[b]] > 0 for a, b in pairs])
        bound = np.minimum(p.alliance_rate * pressure[i] * pressure[j], 1.0)
        exact = np.minimum(p.alliance_rate * pressure[i] * pressure[j] / (1.0 + rivalry), 1.0)
        keep = meet & ~allied & (rng.random(len(pairs)) < exact / bound)
        formed = [(int(slots[a]), int(slots[b])) for a, b in pairs[keep]]
    broken = [
        pair for pair, u in zip(existing, rng.random(len(existing))) if u < p.alliance_break_rate
    ]
    for a_slot, b_slot in formed:
        a, b = model.cartel_at[a_slot], model.cartel_at[b_slot]
        roster.alliance[a.slot, b.slot] = 1.0
        was_rival = roster.rivalry[a.slot, b.slot] > 0
        roster.rivalry[a.slot, b.slot] = 0.0
        model.week.alliances += 1
        detail = "former rivals under pressure" if was_rival else "under pressure"
        model.log("alliance", a, a.home, f"{a.short_name} + {b.short_name} ({detail})")
    for a_slot, b_slot in broken:
        a, b = model.cartel_at[a_slot], model.cartel_at[b_slot]
        roster.alliance[a.slot, b.slot] = 0.0
        model.log("alliance_broken", a, a.home, f"{a.short_name} / {b.short_name}")
    mergers(model)


def mergers(model: CartelModel) -> None:
    """A small, broke ally under pressure is absorbed by a much larger ally."""
    p, roster = model.params.organization, model.roster
    slots = roster.slots()
    broke = (roster.pay_fraction[slots] < 1.0) & (roster.pressure[slots] >= p.reference_pressure)
    allied = roster.alliance.strength(slots) > 0
    for slot in slots[broke & allied]:
        small = model.cartel_at[int(slot)]
        if not small.active:
            continue
        size = small.members
        partners = [c for c in small.allies if c.active and size < p.merger_size_ratio * c.members]
        if not partners:
            continue
        big = max(partners, key=lambda c: c.members)
        roster.members[big.slot] += roster.members[small.slot]
        big.treasury = big.treasury + small.treasury
        roster.members[small.slot] = 0
        model.week.record("merge", small.slot, big.slot)
        model.week.mergers += 1
        model.log("merger", big, big.home, f"{small.short_name} absorbed by {big.short_name}")
        small.dissolve(f"merged into {big.short_name}")


def dissolve_weak(model: CartelModel) -> None:
    """Groups below the minimum size dissolve; their members go back to the youth pool."""
    roster, pop = model.roster, model.population
    minimum = max(model.params.organization.min_members, 1)
    slots = roster.slots()
    weak = slots[roster.members[slots].sum(axis=1) < minimum]
    for cartel in [model.cartel_at[int(s)] for s in weak]:
        pop.youths += roster.members[cartel.slot]
        roster.members[cartel.slot] = 0
        model.week.record("dissolve", cartel.slot)
        states = ", ".join(cartel.states) or model.world.codes[cartel.home]
        model.week.extinctions += 1
        cartel.dissolve(f"too few members left; territory open in {states}")
