"""Leaders come and go without the state, and groups split when they outgrow themselves.

Every week each leader falls with probability ``leader_hazard / 52`` (natural death,
killing by rivals or by their own, routine arrest, overthrow); a share
``leader_loss_violent_share`` of those losses is violent, which makes the succession
more likely to split the group, as a killing by the state does (Dickenson 2014). The
vacancy then goes through the same succession as a strike's (``organization.succession``).

A group also splits with no vacancy when it outgrows its cohesion (fission): weekly
hazard ``fission_rate / 52 x (1 - cohesion) x size / (size + split_half_size) x (1 +
share of wages unpaid)`` — large, loose and broke groups break up. Both are 0 in the
docking configuration.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from model.processes import prisons
from model.processes.organization import split_and_log
from model.units import WEEKS_PER_YEAR

if TYPE_CHECKING:
    from model.agents import Cartel
    from model.model import CartelModel


def lose_leader(model: CartelModel, cartel: Cartel, how: str, cause: str) -> int:
    """Remove ``cartel``'s leader, a person: killed (a homicide of ``cause``) or captured.

    The leader lives where the group has most members; that place loses one member, who
    joins the dead or, captured, goes to prison like any arrested member. The post is
    left vacant for ``organization.succession``. Returns the place.
    """
    where = int(np.argmax(cartel.presence))
    cartel.leader = None
    cartel.removed_how = how
    week, one = model.week, np.zeros(model.world.n, dtype=np.int64)
    if model.roster.members[cartel.slot, where] > 0:
        model.roster.members[cartel.slot, where] -= 1
        one[where] = 1
        week.record("leader_exit", cartel.slot, where, how, cause)  # before admit: in order
        if how == "killed":
            model.population.dead += one
            week.homicides[cause] = week.homicides[cause] + one
            week.member_deaths = week.member_deaths + one
        else:
            admitted = prisons.admit(model, one)
            week.arrests = week.arrests + admitted
        week.leader_exits.append((cartel.slot, where, how))
    return where


def leader_losses(model: CartelModel) -> None:
    """Leaders who fall this week without a strike (the post is left vacant)."""
    p, rng = model.params.organization, model.rng
    if p.leader_hazard <= 0:
        return
    slots = model.roster.slots()
    led = slots[model.roster.leader[slots] > 0]  # groups with a leader, in creation order
    falls = led[rng.random(led.size) < p.leader_hazard / WEEKS_PER_YEAR]
    for cartel in [model.cartel_at[int(s)] for s in falls]:
        violent = rng.random() < p.leader_loss_violent_share
        lose_leader(model, cartel, "killed" if violent else "captured", "rivalry")
        model.week.leaders_lost += 1
        how = "killed by rivals or overthrown" if violent else "arrested or died"
        model.log("leader_lost", cartel, cartel.home, f"leader {how} (not a state strike)")


def fission(model: CartelModel) -> None:
    """Groups that outgrow their cohesion split, with no leader removed."""
    p, roster, rng = model.params.organization, model.roster, model.rng
    if p.fission_rate <= 0:
        return
    slots = roster.slots()
    size = roster.members[slots].sum(axis=1)
    strain = (1.0 - roster.cohesion[slots]) * size / (size + p.split_half_size)
    hazard = p.fission_rate / WEEKS_PER_YEAR * strain * (2.0 - roster.pay_fraction[slots])
    for slot in slots[rng.random(slots.size) < np.clip(hazard, 0.0, 1.0)]:
        cartel = model.cartel_at[int(slot)]
        if cartel.leader is None or cartel.members < 2:  # a vacancy splits in succession
            continue
        split_and_log(model, cartel, "outgrew itself")


def step(model: CartelModel) -> None:
    """Leaders fall and groups split without the state."""
    leader_losses(model)
    fission(model)
