"""The model's agents: cartels (organizations), state forces (units in a state), recruits.

Young people who have not joined are counts by state (``model.population``). Everyone
who is or becomes a member is a row of the person table (:mod:`model.people`), and a
:class:`Recruit` agent is a view onto one row, made on demand (``model.recruit(id)``).
Members are also counted by group and state in ``Roster.members``, so the weekly
arithmetic stays vectorized over ~5 million youths and ~200,000 members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from mesa import Agent
from mesa.discrete_space import CellAgent

from model.people import CAUSES, RANKS, STATUSES
from model.relations import Relations
from model.roster import SCALARS

if TYPE_CHECKING:
    from model.model import CartelModel


class _SlotScalar:
    """Descriptor exposing one roster array entry as an agent attribute."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, cartel: Cartel | None, owner: type | None = None):
        if cartel is None:
            return self
        return float(getattr(cartel.model.roster, self.name)[cartel.slot])

    def __set__(self, cartel: Cartel, value: float) -> None:
        getattr(cartel.model.roster, self.name)[cartel.slot] = value


def _roster_scalars(cls: type) -> type:
    """Give the class one attribute per roster scalar (``roster.SCALARS``, declared there)."""
    for name in SCALARS:
        setattr(cls, name, _SlotScalar(name))
    return cls


@_roster_scalars
class Cartel(Agent):
    """A drug-trafficking organization.

    State lives partly here (identity, leader, lineage) and partly in the model's
    :class:`~model.roster.Roster` (numbers the weekly processes vectorize over:
    members by state, treasury, aggression, cohesion, relations), exposed as
    ordinary attributes (one per name in ``roster.SCALARS``: treasury, aggression, arms,
    cohesion, base_cohesion, pressure, violence, pay_fraction, revenue).

    Attributes:
        name: display name (from the 2020 data, or "<parent> faction N").
        short_name: short label for plots.
        slot: row in the roster arrays.
        home: index of the home state.
        leader: id of the current leader, or None while the post is vacant.
        parent: unique_id of the cartel it split from (None for founders).
        generation: 0 for founders, parent's + 1 for factions.
        root: unique_id of the founder of its lineage.
        born, died: step of birth and of extinction (None while active).
        wings: internal factions (name, share by state) that leave first on a split.
    """

    model: CartelModel

    def __init__(
        self,
        model: CartelModel,
        name: str,
        short_name: str,
        home: int,
        parent: Cartel | None = None,
    ) -> None:
        """Create a cartel with a fresh roster slot and a first leader."""
        super().__init__(model)
        self.slot = model.roster.new_slot()
        model.cartel_at[self.slot] = self
        self.name = name
        self.short_name = short_name
        self.home = home
        self.parent = parent.unique_id if parent is not None else None
        self.generation = parent.generation + 1 if parent is not None else 0
        self.root = parent.root if parent is not None else self.unique_id
        model.roster.root[self.slot] = self.root
        self.born = int(model.time)
        self.died: int | None = None
        self.leader = model.new_leader_id()
        self.pay_fraction = 1.0
        self.removed_how: str | None = None
        self.factions = 0  # factions that split from it so far
        # internal factions that leave first when it splits: (name, share of its members
        # in each state that belong to the wing); see model/data/landscape_mexico_2006.toml
        self.wings: list[tuple[str, np.ndarray]] = []

    @property
    def leader(self) -> int | None:
        """Id of the current leader, or None while the post is vacant (``roster.leader``)."""
        leader = int(self.model.roster.leader[self.slot])
        return leader if leader else None

    @leader.setter
    def leader(self, value: int | None) -> None:
        self.model.roster.leader[self.slot] = 0 if value is None else value

    @property
    def presence(self) -> np.ndarray:
        """Members in each state (persons), a view into the roster."""
        return self.model.roster.members[self.slot]

    @property
    def members(self) -> int:
        """Total members (persons)."""
        return int(self.presence.sum())

    @property
    def active(self) -> bool:
        """True until the cartel is dissolved, destroyed or absorbed."""
        return self.died is None

    @property
    def states(self) -> list[str]:
        """Codes of the states where it has members."""
        codes = self.model.world.codes
        return [codes[s] for s in np.flatnonzero(self.presence)]

    def _related(self, relations: Relations) -> list[Cartel]:
        return [self.model.cartel_at[s] for s in sorted(relations.of(self.slot))]

    @property
    def allies(self) -> list[Cartel]:
        """Cartels it is currently allied with."""
        return self._related(self.model.roster.alliance)

    @property
    def rivals(self) -> list[Cartel]:
        """Cartels it is currently a rival of."""
        return self._related(self.model.roster.rivalry)

    def dissolve(self, reason: str) -> None:
        """End the cartel: log extinction, free its slot, leave the model."""
        model = self.model
        model.log("extinct", self, state=self.home, details=reason)
        model.roster.clear(self.slot)
        self.died = int(model.time)
        self.leader = None
        model.graveyard.append(self)
        self.remove()

    def __repr__(self) -> str:
        """Short description for logs and notebooks."""
        return f"Cartel({self.unique_id}, {self.short_name!r}, members={self.members})"


class StateForce(CellAgent):
    """The state's forces deployed in one state (army, national guard, police units).

    Its numbers live in the model's per-state arrays (``model.force_units``,
    ``model.force_corruption``) so that weekly arithmetic over states is vectorized;
    the attributes below read and write them.

    Attributes:
        state: index of the state (also the coordinate of its cell).
        units: battalion-equivalents deployed there this week.
        corruption: share of the units on a cartel payroll (0-1); a corrupted
            operation leaks to the cartel that pays for it.
    """

    def __init__(self, model: CartelModel, cell) -> None:
        """Deploy a force in ``cell``."""
        super().__init__(model)
        self.cell = cell
        self.state: int = cell.coordinate

    @property
    def units(self) -> float:
        """Units deployed in this state."""
        return float(self.model.force_units[self.state])

    @property
    def corruption(self) -> float:
        """Share of this state's units on a cartel payroll."""
        return float(self.model.force_corruption[self.state])

    @corruption.setter
    def corruption(self, value: float) -> None:
        self.model.force_corruption[self.state] = value


class Recruit(Agent):
    """One person who is or was a group member: a view onto a row of the person table.

    Every attribute reads :class:`~model.people.People`'s columns, so the agent is always
    current and costs nothing to keep. Agents are made on demand by
    ``model.recruit(person)`` (cached, registered in ``agents_by_type[Recruit]``), not one
    per joiner (docs/recruits.md gives the measured cost). A recruit agent does not
    take a number from the model's agent counter: its ``unique_id`` is ``-1 - person``,
    so cartels created later get the same ids as in a run where nobody looked.

    Attributes:
        person: the row (person id).
    """

    model: CartelModel

    def __init__(self, model: CartelModel, person: int) -> None:
        """The agent of person ``person`` (use ``model.recruit``: it caches)."""
        super().__init__(model)
        model.agent_id_counter -= 1  # give the number back: cartel ids stay as without us
        self.unique_id = -1 - person
        self.person = person

    def _col(self, name: str) -> int:
        return int(self.model.people.cols[name][self.person])

    @property
    def week_joined(self) -> int:
        """Week the person joined (-1: a member or prisoner at the start)."""
        return self._col("joined")

    @property
    def age_at_joining(self) -> int:
        """Age in whole years when joining (15-29)."""
        return self._col("age")

    @property
    def age(self) -> float:
        """Age now, in years (from the age at joining; the start counts as week 0)."""
        weeks = int(self.model.time) - max(self.week_joined, 0)
        return self.age_at_joining + weeks / 52.0

    @property
    def state(self) -> str:
        """Code of the state where the person joined."""
        return self.model.world.codes[self._col("state0")]

    @property
    def place(self) -> str:
        """Code of the state where the person is now (group, prison or outside)."""
        return self.model.world.codes[self._col("place")]

    @property
    def group_at_joining(self) -> Cartel | None:
        """The group joined first (None for prisoners at the start)."""
        slot = self._col("slot0")
        return self.model.cartel_at[slot] if slot >= 0 else None

    @property
    def group(self) -> Cartel | None:
        """The group the person belongs to now (None unless a member)."""
        slot = self._col("slot")
        return self.model.cartel_at[slot] if slot >= 0 else None

    @property
    def rank(self) -> str:
        """Rank: foot soldier, lieutenant (plaza boss) or leader (the last held if not a member)."""
        return RANKS[self._col("rank")]

    @property
    def highest_rank(self) -> str:
        """The highest rank ever held."""
        return RANKS[self._col("highest")]

    @property
    def status(self) -> str:
        """Status: member, prison, released (outside, may return), dead or left."""
        return STATUSES[self._col("status")]

    @property
    def cause(self) -> str:
        """How the person last left a group ("" if never): killed, arrested, quit..."""
        return CAUSES[self._col("cause")]

    @property
    def fate_week(self) -> int:
        """Week of the last change of status (-1: none yet)."""
        return self._col("fate")

    @property
    def release_week(self) -> int | None:
        """Week the person is due out of prison (None unless in prison)."""
        people = self.model.people
        if self.status != "prison":
            return None
        return int(self.model.time) + self._col("release") - people.releases + 1

    @property
    def times_imprisoned(self) -> int:
        """Prison admissions so far (a prisoner at the start counts one)."""
        return self._col("imprisoned")

    @property
    def times_rejoined(self) -> int:
        """Returns to a group after prison."""
        return self._col("rejoined")

    def __repr__(self) -> str:
        """Short description."""
        return f"Recruit({self.person}, {self.status}, {self.rank}, joined {self.week_joined})"


__all__ = ["Cartel", "Recruit", "StateForce", "SCALARS"]
